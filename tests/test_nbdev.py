"The notebooks are the source: they must be clean, and arginator/ must be exactly what nbdev-export makes of them."
import hashlib, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def snapshot(root, sub):
    return {p.relative_to(root).as_posix(): hashlib.md5(p.read_bytes()).hexdigest() for p in sorted((root/sub).rglob('*'))
            if p.is_file() and '__pycache__' not in p.parts and '.ipynb_checkpoints' not in p.parts}

def test_notebooks_clean_and_library_in_sync(tmp_path):
    for sub in ('nbs', 'arginator'): shutil.copytree(ROOT/sub, tmp_path/sub, ignore=shutil.ignore_patterns('__pycache__'))
    shutil.copy2(ROOT/'pyproject.toml', tmp_path)
    before = {**snapshot(tmp_path, 'nbs'), **snapshot(tmp_path, 'arginator')}
    for cmd in ('nbdev-clean', 'nbdev-export'): subprocess.run([cmd], cwd=tmp_path, check=True, capture_output=True)
    after = {**snapshot(tmp_path, 'nbs'), **snapshot(tmp_path, 'arginator')}
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f'run nbdev-clean and nbdev-export and commit: these differ: {changed}'

def test_readme_commands_match_ci():
    "The README's test command is what .ci/run runs"
    ci = (ROOT/'.ci'/'run').read_text().strip().splitlines()[-1]
    assert f'```sh\n{ci}\n```' in (ROOT/'README.md').read_text()

def test_readme_and_home_page_current():
    "README.md and the home page's stored tables are what nbs/index.ipynb computes from metrics/*.json now (run scripts/make_readme.py)"
    r = subprocess.run([sys.executable, ROOT/'scripts'/'make_readme.py', '--check'], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
