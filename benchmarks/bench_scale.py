"""Scale benchmarks of `arginator-predict`: peak memory when a large file is streamed, and many samples on Dask.

Run from the project root (models in models/, or --models DIR):

    python benchmarks/bench_scale.py stream --proteins 1000000 [--evidence]   # peak memory of the whole process tree, proteins/s
    python benchmarks/bench_scale.py dask --genomes 20                        # 20 genomes: serial against a LocalCluster of 2 workers

`stream` writes a gzipped FASTA of bundled proteins (sampled with replacement, ids made unique) and runs the command
line on it, sampling the resident memory of the process and its children (MMseqs2) every 0.2 s. `dask` cuts arg_ranker's
E. coli draft genome into `--genomes` different sets of contigs, screens them one machine then on a LocalCluster, and
checks that the outputs are identical.
"""
import argparse, gzip, shutil, subprocess, sys, tempfile, threading, time
from pathlib import Path
import numpy as np, psutil
from arginator.core import machine

ROOT = Path(__file__).resolve().parents[1]

def peak_rss(cmd, cwd)->tuple:
    "Run `cmd`; its wall time and the peak of the summed resident memory of it and its children (GiB)"
    p = subprocess.Popen(list(map(str, cmd)), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, t0 = 0, time.perf_counter()
    proc = psutil.Process(p.pid)
    while p.poll() is None:
        try: rss = sum(q.memory_info().rss for q in [proc] + proc.children(recursive=True))
        except psutil.Error: rss = 0
        peak = max(peak, rss); time.sleep(0.2)
    if p.returncode: raise RuntimeError(p.stderr.read()[-2000:])
    return time.perf_counter() - t0, peak / 2**30

def stream(n:int, models:Path, evidence:bool, tmp:Path):   # models: the folder with binary/ and multiclass/
    from arginator.data import bundled_proteins
    b = bundled_proteins(); seqs = b[b.dropped == ''].seq.values
    rng = np.random.default_rng(0); fasta = tmp/'big.faa.gz'
    with gzip.open(fasta, 'wt', compresslevel=1) as f:
        for i, j in enumerate(rng.integers(0, len(seqs), n)): f.write(f'>p{i}\n{seqs[j]}\n')
    cmd = ['arginator-predict', fasta, '-o', tmp/'calls.tsv', '--format', 'tsv', '--models', models] + ([] if evidence else ['--no-evidence'])
    secs, gib = peak_rss(cmd, tmp)
    print(f'{n:,} proteins streamed ({"all evidence" if evidence else "--no-evidence: novelty only"}): {secs:.0f} s = {n/secs:,.0f} proteins/s; '
          f'peak resident memory of the process and its children {gib:.2f} GiB')

def genomes(k:int, tmp:Path)->Path:
    "`k` different sets of contigs of the E. coli draft genome, one file each"
    from importlib.resources import files
    from Bio import SeqIO
    from arginator.fasta import write_records
    recs = list(SeqIO.parse(Path(str(files('arg_ranker')))/'example'/'EsCo_genome.fasta', 'fasta')); rng = np.random.default_rng(1)
    d = tmp/'genomes'; d.mkdir()
    for i in range(k):
        pick = rng.choice(len(recs), len(recs) // 4, replace=False)
        write_records([(recs[j].id, str(recs[j].seq)) for j in sorted(pick)], d/f'genome{i:02d}.fna')
    return d

def dask(k:int, models:Path, tmp:Path):
    from distributed import LocalCluster, Client
    from arginator.predict import predict_samples
    d = genomes(k, tmp)
    t0 = time.perf_counter(); predict_samples([d], models/'arginator', tmp/'serial'); serial = time.perf_counter() - t0
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(lambda: None)
        t0 = time.perf_counter(); predict_samples([d], models/'arginator', tmp/'dask', dask=client); on_dask = time.perf_counter() - t0
    same = all((tmp/'serial'/f.name).read_text() == f.read_text() for f in (tmp/'dask').glob('*.csv'))
    print(f'{k} genomes (a quarter of the E. coli contigs each): serial {serial:.0f} s; LocalCluster, 2 workers x 1 thread: {on_dask:.0f} s; '
          f'outputs identical: {same}')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('what', choices=['stream', 'dask'])
    ap.add_argument('--proteins', type=int, default=1_000_000); ap.add_argument('--evidence', action='store_true')
    ap.add_argument('--genomes', type=int, default=20); ap.add_argument('--models', default=str(ROOT/'models'))
    a = ap.parse_args(); print(f'machine: {machine()}')
    with tempfile.TemporaryDirectory() as d:
        if a.what == 'stream': stream(a.proteins, Path(a.models), a.evidence, Path(d))
        else: dask(a.genomes, Path(a.models), Path(d))
