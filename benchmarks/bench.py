"""Benchmarks: wall time of the default `dvc repro`, and proteins/s of `arginator-predict` with every piece of evidence,
with and without the profile HMM search, on two sets of 10,000-ish proteins.

Run from the project root: `python benchmarks/bench.py` (add `--skip-repro` to time prediction only; `--models` to use
another models folder). Prints the numbers; the figures in the docs (nbs/benchmarks.ipynb) come from this script.

- bundled: 10,000 proteins sampled from the bundled data (about 15% beta-lactamases, nearly all of them near-identical
  to a training protein, so the alignment settles them and their profile search is skipped);
- genome: the 5,908 proteins (>= 50 residues) of arg_ranker's E. coli draft genome, the open-world check.
"""
import argparse, shutil, subprocess, tempfile, time
from pathlib import Path
from arginator.core import machine

ROOT = Path(__file__).resolve().parents[1]

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

def protein_sets(tmp, n=10_000, seed=0)->dict:
    "FASTA files of the two sets, with their number of proteins"
    from arginator.data import bundled_proteins
    from arginator.evaluate import genome_proteins
    from arginator.fasta import write_records
    b = bundled_proteins(); b = b[b.dropped == ''].sample(n, random_state=seed)
    g = genome_proteins()
    return {'bundled': (write_records(zip([f'p{i}' for i in range(n)], b.seq), tmp/'bundled.fasta'), n),
            'genome': (write_records(zip(g.id, g.seq), tmp/'genome.fasta'), len(g))}

def timed_predict(fasta, model, **kw):
    from arginator.predict import predict_fasta
    t0 = time.perf_counter(); calls = predict_fasta(fasta, model, **kw); return time.perf_counter() - t0, calls

def bench_predict(models, tmp):
    from arginator.evidence import load_reference
    model = Path(models)/'multiclass'
    sets = protein_sets(tmp)
    timed_predict(sets['genome'][0], model)   # builds the MMseqs2 index in the cache folder once, and loads the reference
    rows = []
    for name, (fasta, n) in sets.items():
        t_all, calls = timed_predict(fasta, model)
        ref = load_reference(model); profiles, ref.profiles = ref.profiles, None
        try: t_nohmm, _ = timed_predict(fasta, model)
        finally: ref.profiles = profiles
        t_fast, _ = timed_predict(fasta, model, evidence=False)
        rows.append((name, n, int(calls.hmm_bits.notna().sum()), t_all, t_nohmm, t_fast))
    t_cli = run(['arginator-predict', sets['bundled'][0], '-o', tmp/'calls.csv', '--models', models], tmp)
    return rows, t_cli

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--skip-repro', action='store_true'); ap.add_argument('--models', default=str(ROOT/'models'))
    args = ap.parse_args()
    print(f'machine: {machine()}')
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d); models = args.models
        if not args.skip_repro:
            repo, t_full, t_noop = bench_repro(tmp)
            models = repo/'models'
            print(f'dvc repro --force (default params, all stages): {t_full:.0f} s')
            print(f'dvc repro with nothing changed: {t_noop:.1f} s')
        rows, t_cli = bench_predict(models, tmp)
        print('| proteins | n | rows with a profile hit | all evidence | without the HMM search | HMM share | no evidence (novelty only) |')
        print('|---|---|---|---|---|---|---|')
        for name, n, n_hmm, t_all, t_nohmm, t_fast in rows:
            print(f'| {name} | {n:,} | {n_hmm:,} | {t_all:.1f} s ({n/t_all:,.0f}/s) | {t_nohmm:.1f} s ({n/t_nohmm:,.0f}/s) | '
                  f'+{100*(t_all-t_nohmm)/t_nohmm:.0f}% | {t_fast:.1f} s ({n/t_fast:,.0f}/s) |')
        print(f'arginator-predict (command line, interpreter start-up included), bundled set, all evidence: {t_cli:.1f} s = {10_000/t_cli:,.0f} proteins/s')
