"""Benchmarks: wall time of the default `dvc repro`, and predictions/s of `arginator-predict` on 10,000 proteins.

Run from the project root: `python benchmarks/bench.py` (add `--skip-repro` to time prediction only).
Prints the numbers; the figures in the docs (nbs/benchmarks.ipynb) come from this script.
"""
import argparse, os, platform, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from _machine import machine

def run(cmd, cwd):
    t0 = time.perf_counter(); subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True)
    return time.perf_counter() - t0

def copy_repo(dst):
    files = subprocess.run(['git', 'ls-files', '-co', '--exclude-standard'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for f in files:
        if (ROOT/f).is_file(): (dst/f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(ROOT/f, dst/f)
    for c in (['git', 'init', '-q'], ['git', 'add', '-A'], ['git', '-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qm', 'bench']):
        subprocess.run(c, cwd=dst, check=True, capture_output=True)

def bench_repro(tmp):
    repo = tmp/'repo'; copy_repo(repo)
    t_full = run(['dvc', 'repro', '--force'], repo)
    t_noop = run(['dvc', 'repro'], repo)
    return repo, t_full, t_noop

def proteins_fasta(path, n=10_000, seed=0):
    from arginator.data import bundled_proteins
    b = bundled_proteins(); b = b[b.dropped == ''].sample(n, random_state=seed)
    path.write_text(''.join(f'>p{i}\n{s}\n' for i, s in enumerate(b.seq)))
    return int(b.length.sum())

def bench_predict(models, tmp, n=10_000):
    fasta = tmp/'proteins.fasta'; residues = proteins_fasta(fasta, n)
    t_cli = run(['arginator-predict', fasta, '-o', tmp/'calls.csv', '--models', models], tmp)
    t_fast = run(['arginator-predict', fasta, '-o', tmp/'calls.csv', '--models', models, '--no-evidence'], tmp)
    from arginator.predict import predict_fasta
    from arginator.learner import Classifier
    clf = Classifier.load(Path(models)/'multiclass')
    t0 = time.perf_counter(); calls = predict_fasta(fasta, clf, evidence=False); t_fn = time.perf_counter() - t0
    assert len(calls) == n
    return residues, t_cli, t_fast, t_fn

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--skip-repro', action='store_true'); args = ap.parse_args()
    print(f'machine: {machine()}')
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d); models = ROOT/'models'
        if not args.skip_repro:
            repo, t_full, t_noop = bench_repro(tmp)
            models = repo/'models'
            print(f'dvc repro --force (default params, all stages): {t_full:.0f} s')
            print(f'dvc repro with nothing changed: {t_noop:.1f} s')
        residues, t_cli, t_fast, t_fn = bench_predict(models, tmp)
        print(f'arginator-predict, 10,000 proteins ({residues:,} residues), k-mer multiclass, with evidence (MMseqs2, novelty): {t_cli:.1f} s = {10_000/t_cli:,.0f} proteins/s')
        print(f'arginator-predict --no-evidence, same proteins: {t_fast:.1f} s = {10_000/t_fast:,.0f} proteins/s')
        print(f'predict_fasta in-process, no evidence (no interpreter start-up): {t_fn:.1f} s = {10_000/t_fn:,.0f} proteins/s')
