#!/usr/bin/env python
"""Time the README's first command from a fresh clone: `pip install -e ".[train]"` (with --install, into a new virtual
environment: time and size), `dvc repro` (wall clock and each stage's papermill duration) and the first prediction.

    python benchmarks/bench_pipeline.py             # dvc repro + predict in a fresh clone, with this environment's packages
    python benchmarks/bench_pipeline.py --install   # the whole first command, install included, in a new venv

The clone is of the committed HEAD (git clone of this repository), so nothing of this checkout's data/, models/ or
DVC cache is reused: every stage runs. Prints one JSON object; the docs (nbs/benchmarks.ipynb) quote its figures.
"""
import argparse, json, os, platform, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def timed(cmd:str, cwd, env)->float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env, shell=True, capture_output=True, text=True)
    if r.returncode: sys.exit(f'{cmd} failed ({r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}')
    return round(time.perf_counter() - t0, 1)

def size_mb(path)->float: return round(sum(p.stat().st_size for p in Path(path).rglob('*') if p.is_file() and not p.is_symlink()) / 2**20, 1)

def stage_times(repo:Path)->dict:
    "Each stage's papermill duration (kernel start excluded), from the executed notebooks in reports/"
    return {p.stem: round(json.loads(p.read_text())['metadata']['papermill']['duration'], 1) for p in sorted((repo/'reports').glob('*.ipynb'))}

def main(install:bool=False, keep:bool=False):
    tmp = Path(tempfile.mkdtemp(prefix='arginator-bench-')); repo = tmp/'repo'
    subprocess.run(['git', 'clone', '-q', str(ROOT), str(repo)], check=True)
    env = {**os.environ, 'DVC_NO_ANALYTICS': '1'}
    out = dict(machine=f'{platform.node()}, {os.cpu_count()} cores', date=time.strftime('%Y-%m-%d'), commit=subprocess.run(
        ['git', 'rev-parse', '--short', 'HEAD'], cwd=repo, capture_output=True, text=True).stdout.strip())
    if install:
        venv = tmp/'venv'; subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True)
        env['PATH'] = f"{venv/'bin'}{os.pathsep}{env['PATH']}"; env.pop('PYTHONPATH', None)
        out['install_s'] = timed('pip install -q -e ".[train]"', repo, env); out['venv_mb'] = size_mb(venv)
        sp = next((venv/'lib').glob('python*/site-packages'))
        out['venv_nvidia_triton_mb'] = round(sum(size_mb(p) for p in sp.glob('nvidia*')) + sum(size_mb(p) for p in sp.glob('triton*')), 1)
    else: env['PYTHONPATH'] = str(repo)   # the clone's package, not this checkout's editable install
    out['dvc_repro_s'] = timed('dvc repro', repo, env)
    out['stages_s'] = stage_times(repo)
    out['predict_s'] = timed('arginator-predict examples/example.fasta -o predictions.csv', repo, env)
    out['first_command_s'] = round(out.get('install_s', 0) + out['dvc_repro_s'] + out['predict_s'], 1)
    out['models_mb'] = size_mb(repo/'models')
    print(json.dumps(out, indent=1))
    if not keep: subprocess.run(['rm', '-rf', str(tmp)])

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--install', action='store_true', help='also time `pip install -e ".[train]"` into a new virtual environment')
    ap.add_argument('--keep', action='store_true', help='keep the temporary clone')
    a = ap.parse_args(); main(a.install, a.keep)
