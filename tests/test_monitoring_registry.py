"""The model registry: dvc.yaml declares the deployed models as DVC artifacts, and `dvc artifacts get` downloads a
registered version of one from a clone of the project, out of the DVC remote.

The download runs against a throwaway git + DVC repository built in a temporary folder (the real `artifacts:` section of
dvc.yaml, two versions of a small model folder, a local folder as DVC remote); the project's own remote is never touched.
"""
import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest, yaml

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = yaml.safe_load((ROOT/'dvc.yaml').read_text())['artifacts']
ENV = {**os.environ, 'DVC_NO_ANALYTICS': '1', 'GIT_AUTHOR_NAME': 'test', 'GIT_AUTHOR_EMAIL': 'test@example.org',
       'GIT_COMMITTER_NAME': 'test', 'GIT_COMMITTER_EMAIL': 'test@example.org'}

def run(*cmd, cwd):
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f'{cmd}: {r.stdout}\n{r.stderr}'
    return r.stdout

def dvc(*args, cwd): return run(sys.executable, '-m', 'dvc', *args, cwd=cwd)
def gto(*args, cwd): return run(shutil.which('gto', path=str(Path(sys.executable).parent)) or 'gto', *args, cwd=cwd)   # DVC's registry tool, a DVC dependency

def test_dvc_yaml_declares_the_deployed_models():
    "The one model the app serves is an artifact of type model, with a description and labels, at the path its train stage writes"
    train_outs = yaml.safe_load((ROOT/'dvc.yaml').read_text())['stages']['train']['outs']
    assert list(ARTIFACTS) == ['arginator'] and ARTIFACTS['arginator']['path'] == train_outs[0] == 'models/arginator'
    for name, a in ARTIFACTS.items():
        assert a['type'] == 'model' and len(a['desc']) > 40 and 'beta-lactamase' in a['labels'], name

def fake_model(path:Path, semver:str):
    "A model folder as `build.build_model` writes one, with the files that matter here"
    path.mkdir(parents=True, exist_ok=True)
    (path/'meta.json').write_text(json.dumps(dict(task=path.name, version=dict(semver=semver, release=semver.split('+')[0]))))
    (path/'model.safetensors').write_bytes(os.urandom(2048))

@pytest.fixture(scope='module')
def registry(tmp_path_factory):
    "A git + DVC project with the real artifacts section, two registered versions of each model, pushed to a local remote"
    tmp = tmp_path_factory.mktemp('registry'); repo, remote = tmp/'project', tmp/'remote'
    repo.mkdir(); remote.mkdir()
    run('git', 'init', '-q', '-b', 'main', cwd=repo); dvc('init', '-q', cwd=repo)
    dvc('remote', 'add', '-d', 'storage', remote, cwd=repo)
    (repo/'dvc.yaml').write_text(yaml.safe_dump(dict(artifacts=ARTIFACTS), sort_keys=False))
    (repo/'.gitignore').write_text('/models/arginator\n')
    for release in ('0.1.0', '0.2.0'):
        for name, a in ARTIFACTS.items(): fake_model(repo/a['path'], f'{release}+data.abcdef12.git.{release.replace(".", "")}')
        dvc('add', '-q', *[a['path'] for a in ARTIFACTS.values()], cwd=repo)
        dvc('push', '-q', cwd=repo)
        run('git', 'add', '-A', cwd=repo); run('git', 'commit', '-q', '-m', f'models {release}', cwd=repo)
        for name in ARTIFACTS: gto('register', name, '--version', f'v{release}', cwd=repo)
    shutil.rmtree(repo/'.dvc'/'cache')   # what a download gets comes from the remote, not from this checkout
    clone = tmp/'clone'
    run('git', 'clone', '-q', repo, clone, cwd=tmp)
    return clone

def semver_of(folder:Path)->str: return json.loads((folder/'meta.json').read_text())['version']['semver']

@pytest.mark.parametrize('name', list(ARTIFACTS))
def test_artifacts_get_a_registered_version(registry, tmp_path, name):
    dvc('artifacts', 'get', registry, name, '--rev', 'v0.1.0', '-o', tmp_path/'v1', cwd=tmp_path)
    assert semver_of(tmp_path/'v1') == '0.1.0+data.abcdef12.git.010'
    assert (tmp_path/'v1'/'model.safetensors').stat().st_size == 2048

def test_artifacts_get_the_latest_version(registry, tmp_path):
    dvc('artifacts', 'get', registry, 'arginator', '-o', tmp_path/'latest', cwd=tmp_path)
    assert semver_of(tmp_path/'latest') == '0.2.0+data.abcdef12.git.020'
    assert 'arginator@v0.2.0' in run('git', 'tag', cwd=registry)

def test_artifacts_get_an_unknown_version_fails(registry, tmp_path):
    r = subprocess.run([sys.executable, '-m', 'dvc', 'artifacts', 'get', str(registry), 'arginator', '--rev', 'v9.9.9',
                        '-o', str(tmp_path/'none')], cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300)
    assert r.returncode != 0 and not (tmp_path/'none').exists()
