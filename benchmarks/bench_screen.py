#!/usr/bin/env python
"""ARGinator against ResFinder on whole genomes: the whole command of each, run in turn (A B A B ...), wall time, CPU
time and peak memory, and the ratio of each pair.

    python benchmarks/bench_screen.py [--runs 5] [--models models] [--out benchmarks/bench_screen.json]

Genomes: the E. coli draft genome that ships with `arg_ranker` (6.5 Mbp, 190 contigs) and a single-contig chromosome,
Corynebacterium diphtheriae NCTC11397 (2.46 Mbp), from the test data of `pyrodigal`. ResFinder 4.3 is Debian's
(`apt-get install resfinder resfinder-db kma`), run with Debian's own `python3` (it has ResFinder's `cgelib`), in BLAST
mode (`-ifa`) on its beta-lactam database alone, `-acq -t 0.8 -l 0.6`. ARGinator is `arginator-predict GENOME -o CSV`
with the model in `--models`. Both read the same plain FASTA file.

Each run is a fresh process; its CPU time (user + system) and peak memory come from the operating system's accounting
of the finished process and its children (`wait4`): peak memory is that of the largest single process (for ARGinator
usually MMseqs2's, for ResFinder BLAST's or its Python's). One warm-up run of each command is not counted.
"""
import argparse, gzip, json, os, shutil, statistics, subprocess, sys, tempfile, time
from importlib.resources import files
from pathlib import Path
from _results import report   # benchmarks/_results.py: print the figures as JSON, write them with --out

RESFINDER = ['/usr/bin/python3', '/usr/bin/run_resfinder.py']
RESFINDER_DB = Path('/usr/share/resfinder/db')

def genomes(tmp:Path)->dict:
    "Name -> plain FASTA path of the benchmark genomes"
    ecoli = Path(str(files('arg_ranker')))/'example'/'EsCo_genome.fasta'
    chrom = tmp/'NCTC11397.fna'
    with gzip.open(Path(str(files('pyrodigal')))/'tests'/'data'/'GCF_001457455.1_NCTC11397_genomic.fna.gz', 'rb') as f: chrom.write_bytes(f.read())
    return {'E. coli draft genome (6.5 Mbp, 190 contigs)': ecoli, 'C. diphtheriae chromosome (2.46 Mbp, 1 contig)': chrom}

def beta_lactam_db(tmp:Path)->Path:
    "A ResFinder database folder holding the beta-lactam database alone (links to Debian's files)"
    db = tmp/'resfinder_bl'; db.mkdir()
    for f in RESFINDER_DB.iterdir():
        if f.name.startswith('beta-lactam') or f.name in ('phenotypes.txt', 'phenotype_panels.txt', 'antibiotic_classes.txt', 'notes.txt'):
            (db/f.name).symlink_to(f)
    (db/'config').write_text(''.join(l for l in (RESFINDER_DB/'config').read_text().splitlines(True) if l.startswith(('#', 'beta-lactam'))))
    return db

def run(cmd:list, cwd)->dict:
    "Wall seconds, CPU seconds (user + system, children included) and peak memory (MiB, largest process) of one run"
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0); wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors='replace'); p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode: sys.exit(f'{cmd} failed ({p.returncode}):\n{err[-2000:]}')
    return dict(wall_s=wall, cpu_s=ru.ru_utime + ru.ru_stime, peak_mib=ru.ru_maxrss / 1024)

def paired(a:list, b:list, cwd, runs:int)->dict:
    "Both commands in turn, after one warm-up each: the median of each figure and of the ratios A/B pair by pair"
    run(a, cwd); run(b, cwd)
    ra, rb = [], []
    for _ in range(runs): ra.append(run(a, cwd)); rb.append(run(b, cwd))
    med = lambda rs, k: round(statistics.median(r[k] for r in rs), 2)
    out = {'arginator': {k: med(ra, k) for k in ra[0]}, 'resfinder': {k: med(rb, k) for k in rb[0]}}
    out['ratio'] = {k: round(statistics.median(x[k] / y[k] for x, y in zip(ra, rb)), 2) for k in ra[0]}
    out['arginator_range'] = {k: [round(min(r[k] for r in ra), 2), round(max(r[k] for r in ra), 2)] for k in ra[0]}
    out['resfinder_range'] = {k: [round(min(r[k] for r in rb), 2), round(max(r[k] for r in rb), 2)] for k in rb[0]}
    return out

def main(runs:int=5, models:str='models', out:str=None):
    from arginator.core import machine, MODEL_NAME
    model = Path(models).resolve()/MODEL_NAME
    if not (model/'meta.json').exists(): sys.exit(f'{model}: no model; run `dvc repro` first')
    if not Path(RESFINDER[1]).exists(): sys.exit('ResFinder is not installed: apt-get install resfinder resfinder-db kma')
    tmp = Path(tempfile.mkdtemp(prefix='bench-screen-'))
    try:
        db, res = beta_lactam_db(tmp), dict(machine=machine(), date=time.strftime('%Y-%m-%d'), runs=runs, model=str(model), genomes={})
        for name, g in genomes(tmp).items():
            a = ['arginator-predict', str(g), '-o', str(tmp/'calls.csv'), '--model-dir', str(model)]
            b = RESFINDER + ['-ifa', str(g), '-o', str(tmp/'resfinder'), '-acq', '-t', '0.8', '-l', '0.6', '-db_res', str(db)]
            res['genomes'][name] = paired(a, b, tmp, runs)
            r = res['genomes'][name]
            print(f"{name}: ARGinator {r['arginator']['wall_s']} s / {r['arginator']['peak_mib']:.0f} MiB, ResFinder {r['resfinder']['wall_s']} s / "
                  f"{r['resfinder']['peak_mib']:.0f} MiB; ratio {r['ratio']['wall_s']}x time, {r['ratio']['peak_mib']}x memory", file=sys.stderr)
    finally: shutil.rmtree(tmp, ignore_errors=True)
    report(res, out)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--runs', type=int, default=5, help='counted runs of each command per genome')
    ap.add_argument('--models', default='models', help='the models folder (its arginator/ model)')
    ap.add_argument('--out', default=None, help='also write the JSON here')
    a = ap.parse_args(); main(a.runs, a.models, a.out)
