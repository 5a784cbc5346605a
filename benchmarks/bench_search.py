#!/usr/bin/env python
"""Which search aligns the proteins the screen lets through: MMseqs2 (a subprocess, with the model folder's k-mer
index) against the in-process searches of `pyswrd` (SWORD's k-mer prefilter, then Smith-Waterman with `pyopal`) and
`pyopal` alone (Smith-Waterman against every training protein), on a genome's proteins that a profile hits or the
model calls -- the queries `evidence.needs_alignment` sends on.

    python benchmarks/bench_search.py [--model models/arginator] [--genome EsCo_genome.fasta] [--out benchmarks/bench_search.json]

For each search: the time for all those queries (pyopal alone: for the first `--pyopal-queries`, scaled up), the peak
memory (of the MMseqs2 process; of this process for the others), and how its answers compare with MMseqs2's, which the
call rule's thresholds were chosen on: queries with a hit, the same nearest training protein, and the same decision of
the alignment tier (identity >= 90%, coverage >= 0.8 of the query and >= 0.5 of the training protein).
"""
import argparse, json, resource, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np, pandas as pd

def peak_mib()->float: return int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024

def gated_queries(model:Path, genome:Path)->list:
    "The genome's proteins the screen sends on to the alignment (see `evidence.needs_alignment`)"
    from arginator.genes import iter_genes
    from arginator.fasta import _merge
    from arginator.predict import predict_proteins
    res = _merge(iter_genes(genome)[1]); calls = predict_proteins(res, model)
    keep = set(calls.id[calls.call_source != 'screen'])
    return [p.seq for p in res.proteins if p.id in keep]

def run_mmseqs(queries:list, model:Path)->tuple:
    "MMseqs2 as the prediction path runs it, in a child process: its hits, seconds and peak memory"
    code = f"""
import json, resource, sys, time
from arginator.evidence import load_reference
from arginator.homology import search_db, SEARCH
from _results import report   # benchmarks/_results.py: print the figures as JSON, write them with --out
ref = load_reference({str(model)!r}); qs = json.load(open(sys.argv[1]))
search_db([0], qs[:1], ref.db, list(range(len(ref.table))), threads=2, **{{k: ref.search[k] for k in SEARCH}})   # the index, built once
t0 = time.perf_counter(); h = search_db(list(range(len(qs))), qs, ref.db, list(range(len(ref.table))), threads=2, **{{k: ref.search[k] for k in SEARCH}})
print(json.dumps(dict(s=time.perf_counter() - t0, hits=h.to_dict('list'), peak=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)))
"""
    with tempfile.NamedTemporaryFile('w', suffix='.json') as f:
        json.dump(queries, f); f.flush()
        r = subprocess.run([sys.executable, '-c', code, f.name], capture_output=True, text=True, check=True)
    o = json.loads(r.stdout.strip().splitlines()[-1])
    return pd.DataFrame(o['hits']), o['s'], o['peak']

def best(hits:pd.DataFrame)->pd.DataFrame: return hits.sort_values('bits', ascending=False).drop_duplicates('query').set_index('query')

def close(b:pd.DataFrame)->set: return set(b.index[(b.identity >= 90) & (b.qcov >= 0.8) & (b.tcov >= 0.5)])

def pyswrd_hits(queries:list, targets:list, kw:dict)->tuple:
    "pyswrd's hits (as MMseqs2's columns), seconds and this process's peak memory (run in a child process)"
    import pyswrd
    t0 = time.perf_counter()
    rows = [(h.query_index, h.target_index, 100 * h.result.identity(), h.result.coverage('query'), h.result.coverage('target'), h.evalue, h.score)
            for h in pyswrd.search(queries, pyswrd.Sequences(targets), gap_open=11, gap_extend=1, max_evalue=1e-3, threads=2, **kw)]
    return pd.DataFrame(rows, columns=['query', 'target', 'identity', 'qcov', 'tcov', 'evalue', 'bits']), time.perf_counter() - t0, peak_mib()

def pyopal_seconds(queries:list, targets:list)->tuple:
    "Seconds pyopal takes to score `queries` against every target, and this process's peak memory (run in a child process)"
    import pyopal
    db = pyopal.Database(targets); t0 = time.perf_counter()
    for q in queries: list(pyopal.align(q, db, gap_open=11, gap_extend=1, mode='score', threads=2))
    return time.perf_counter() - t0, peak_mib()

def in_child(fn, *args):
    "`fn(*args)` in a fresh process, so that its memory is its own"
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(1, mp_context=mp.get_context('spawn')) as ex: return ex.submit(fn, *args).result()

def main(model='models/arginator', genome=None, out=None, pyopal_queries:int=10):
    from importlib.resources import files
    from arginator.core import machine
    model = Path(model); genome = Path(genome or Path(str(files('arg_ranker')))/'example'/'EsCo_genome.fasta')
    queries = gated_queries(model, genome); targets = pd.read_csv(model/'reference.csv', keep_default_na=False, dtype={'id': str}).seq.tolist()
    mm, mm_s, mm_peak = run_mmseqs(queries, model); bm = best(mm)
    res = dict(machine=machine(), date=time.strftime('%Y-%m-%d'), genome=genome.name, queries=len(queries), targets=len(targets),
               mmseqs2=dict(seconds=round(mm_s, 2), peak_mib=round(mm_peak), queries_with_hit=len(bm), close=len(close(bm))))
    for name, kw in (('pyswrd (defaults)', {}), ('pyswrd (max_candidates=200)', dict(max_candidates=200))):
        h, s, peak = in_child(pyswrd_hits, queries, targets, kw); b = best(h)
        same = [q for q in bm.index if q in b.index and b.target[q] == bm.target[q]]
        res[name] = dict(seconds=round(s, 2), peak_mib=round(peak), queries_with_hit=len(b), same_nearest=len(same),
                         close=len(close(b)), same_close_decisions=bool(close(b) == close(bm)))
    n = min(pyopal_queries, len(queries)); s, peak = in_child(pyopal_seconds, queries[:n], targets)
    res['pyopal (exhaustive)'] = dict(queries_timed=n, seconds=round(s, 2), peak_mib=round(peak), estimated_seconds_all=round(s * len(queries) / max(n, 1), 1))
    report(res, out)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', default='models/arginator'); ap.add_argument('--genome', default=None)
    ap.add_argument('--pyopal-queries', type=int, default=10); ap.add_argument('--out', default=None)
    a = ap.parse_args(); main(a.model, a.genome, a.out, a.pyopal_queries)
