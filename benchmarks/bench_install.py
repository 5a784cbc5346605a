#!/usr/bin/env python
"""The two installs, each in a fresh virtual environment: the screening install (`pip install .`: predict, reads and
the app on a built model) and the training install (`pip install ".[train]"`: the DVC pipeline too). For each: the
time `pip install` takes, the size of the environment, its largest packages, whether torch is in it, and whether
`arginator-predict` screens the example proteins with a given model.

    python benchmarks/bench_install.py [--extras base train] [--model models/arginator] [--out benchmarks/bench_install.json]

The project is installed from a `git clone` of the committed HEAD (not editable), so the environment holds exactly
what a user's `pip install` would. Packages come from the package index pip is configured with (here: PyPI and the
machine's local wheel caches).
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path
from _results import report   # benchmarks/_results.py: print the figures as JSON, write them with --out

ROOT = Path(__file__).resolve().parents[1]

def size_mb(path)->float: return round(sum(p.stat().st_size for p in Path(path).rglob('*') if p.is_file() and not p.is_symlink()) / 2**20, 1)

def biggest(site:Path, n:int=8)->dict:
    "The `n` largest top-level entries of a site-packages folder, in MB"
    sizes = {p.name: size_mb(p) if p.is_dir() else round(p.stat().st_size / 2**20, 1) for p in site.iterdir()}
    return dict(sorted(sizes.items(), key=lambda kv: -kv[1])[:n])

def install(extra:str, repo:Path, tmp:Path, model:Path=None)->dict:
    "Install the project with `extra` ('base' for none) into a new venv; what it took and what it holds"
    venv = tmp/f'venv-{extra}'; subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True)
    pip, spec = venv/'bin'/'pip', str(repo) if extra == 'base' else f'{repo}[{extra}]'
    t0 = time.perf_counter()
    r = subprocess.run([str(pip), 'install', '-q', spec], capture_output=True, text=True)
    secs = round(time.perf_counter() - t0, 1)
    if r.returncode: sys.exit(f'pip install {spec} failed:\n{r.stderr[-3000:]}')
    site = next((venv/'lib').glob('python*/site-packages'))
    out = dict(extra=extra, install_s=secs, venv_mb=size_mb(venv), largest_mb=biggest(site), torch=(site/'torch').exists(),
               packages=len(list(site.glob('*.dist-info'))))
    if model:
        t0 = time.perf_counter()
        p = subprocess.run([str(venv/'bin'/'arginator-predict'), str(ROOT/'examples'/'example.fasta'), '-o', str(tmp/f'{extra}.csv'), '--model-dir', str(model)],
                           capture_output=True, text=True)
        out.update(predict_ok=p.returncode == 0, predict_s=round(time.perf_counter() - t0, 1), predict_stderr=p.stderr.strip().splitlines()[-1:])
        q = subprocess.run([str(venv/'bin'/'python'), '-c', 'import arginator.app, arginator.reads'], capture_output=True, text=True)
        out.update(app_and_reads_import=q.returncode == 0)
    shutil.rmtree(venv, ignore_errors=True)
    return out

def main(extras:list, model:str=None, out:str=None):
    tmp = Path(tempfile.mkdtemp(prefix='bench-install-')); repo = tmp/'repo'
    try:
        subprocess.run(['git', 'clone', '-q', str(ROOT), str(repo)], check=True)
        from arginator.core import machine
        res = dict(machine=machine(), date=time.strftime('%Y-%m-%d'), commit=subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=repo,
                   capture_output=True, text=True).stdout.strip(), installs=[])
        for e in extras:
            res['installs'].append(install(e, repo, tmp, Path(model).resolve() if model else None)); print(res['installs'][-1], file=sys.stderr)
    finally: shutil.rmtree(tmp, ignore_errors=True)
    report(res, out)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--extras', nargs='+', default=['base', 'train'], help="installs to measure: base (no extra), train, dev, ...")
    ap.add_argument('--model', default=None, help='a model folder to screen the example proteins with, in each install')
    ap.add_argument('--out', default=None, help='also write the JSON here')
    a = ap.parse_args(); main(a.extras, a.model, a.out)
