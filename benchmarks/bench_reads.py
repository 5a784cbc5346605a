"""Read mode throughput and memory: 1 million simulated read pairs (E. coli genome at ~60x plus a TEM gene at 2 copies
per cell, 150 bp pairs, 1% substitutions, gzipped FASTQ), counted with every threshold on; then the first 100,000 and
300,000 pairs of the same sample, to show that peak memory does not grow with the input.

    PYTHONPATH=. python benchmarks/bench_reads.py [--pairs 1000000] [--threads 2] [--repeat 5] [--out bench_reads.json]

Each count runs in a fresh process; the 1 million-pair count runs `--repeat` times and its `seconds` is the median
(`seconds_each` lists them all). `seconds` is `count_reads` alone (imports and start-up aside);
`cpu_s` is the user + system time of the Python process, `mmseqs_cpu_s` that of its MMseqs2 children, and `load` the
machine's 1-minute load average before the count (above 0 when other jobs shared the cores). Peak RSS is the process's
high-water mark (VmHWM) and, separately, its largest child's (MMseqs2; ru_maxrss, which on Linux also counts what a child
inherited at fork, so an upper bound)."""
import argparse, gzip, json, os, platform, resource, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

def make_sample(model, r1, r2, n_pairs:int, seed:int=0):
    "Write about `n_pairs` read pairs: the E. coli genome (one copy per cell) and a TEM gene at 2 copies per cell"
    from arginator.reads import ecoli_genome, load_read_reference
    from arginator.simulate import back_translate, simulate_pairs, write_fastq
    rng = np.random.default_rng(seed); g = ecoli_genome(); t = load_read_reference(model).table
    depth = n_pairs * 300 / (len(g) + 2 * 870)
    first = True
    for i in range(0, len(g), 250_000):   # window by window: the generator's memory stays small too
        write_fastq(simulate_pairs(g[i:i + 250_000], depth, rng), r1, r2, prefix=f'w{i}', append=not first); first = False
    tem = back_translate(t.seq[t.family == 'TEM'].iloc[0], rng)
    write_fastq(simulate_pairs(tem, 2 * depth, rng), r1, r2, prefix='tem', append=True)

def head_pairs(src, dst, n:int):
    with gzip.open(src, 'rt') as f, gzip.open(dst, 'wt', compresslevel=1) as o:
        for i, line in enumerate(f):
            if i >= 4 * n: break
            o.write(line)

def run_count(model, r1, r2, threads:int)->dict:
    "Count one sample in a fresh process; its pairs/s, CPU time and peak memory"
    code = f"""
import json, resource, time
from arginator.reads import count_reads
t0 = time.time(); tab, info = count_reads({str(r1)!r}, {str(r2)!r}, {str(model)!r}, threads={threads})
dt = time.time() - t0; me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps(dict(pairs=info['pairs'], seconds=round(dt, 1), pairs_per_s=round(info['pairs'] / dt), prefiltered=info['prefiltered'],
                      cpu_s=round(me.ru_utime + me.ru_stime, 1), mmseqs_cpu_s=round(kids.ru_utime + kids.ru_stime, 1),
                      peak_rss_mb=round(int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024),
                      mmseqs_peak_rss_mb=round(kids.ru_maxrss / 1024),
                      cell_depth=info['cell_depth'], detected=tab[tab.detected.astype(bool)][['family', 'copies_per_cell']].to_dict('records'))))
"""
    load = round(os.getloadavg()[0], 2)
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                       env={**os.environ, 'PYTHONPATH': str(Path(__file__).resolve().parents[1])})
    if r.returncode: sys.exit(r.stderr)
    return dict(json.loads(r.stdout.strip().splitlines()[-1]), load=load)

def machine()->str:
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor() or platform.machine())
    return f'{platform.node()}: {os.cpu_count()} cores (shared with other jobs), {cpu}, Python {platform.python_version()}'

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--pairs', type=int, default=1_000_000)
    ap.add_argument('--small', type=int, nargs='+', default=[100_000, 300_000]); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--repeat', type=int, default=5); ap.add_argument('--out', default='bench_reads.json'); a = ap.parse_args()
    from arginator.build import demo_models
    from arginator.reads import add_read_reference
    with tempfile.TemporaryDirectory() as d:
        d = Path(d); model = d/'model'; shutil.copytree(demo_models()/'arginator', model)
        t0 = time.time(); ref = add_read_reference(model, threads=a.threads); ref_s = time.time() - t0
        t0 = time.time(); make_sample(model, d/'big_R1.fq.gz', d/'big_R2.fq.gz', a.pairs); sim_s = time.time() - t0
        for n in a.small: head_pairs(d/'big_R1.fq.gz', d/f'{n}_R1.fq.gz', n); head_pairs(d/'big_R2.fq.gz', d/f'{n}_R2.fq.gz', n)
        small = {n: [run_count(model, d/f'{n}_R1.fq.gz', d/f'{n}_R2.fq.gz', a.threads)] for n in a.small}   # memory
        bigs = [run_count(model, d/'big_R1.fq.gz', d/'big_R2.fq.gz', a.threads) for _ in range(a.repeat)]   # speed
    def median_run(runs:list)->dict:
        "The run of median seconds, with every run's seconds and load"
        mid = sorted(runs, key=lambda r: r['seconds'])[len(runs) // 2]
        return dict(mid, seconds_each=[r['seconds'] for r in runs], load_each=[r['load'] for r in runs])
    res = dict(date=time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()), machine=machine(), threads=a.threads, repeat=a.repeat,
               add_read_reference_s=round(ref_s, 1), simulate_s=round(sim_s, 1),
               thresholds={k: v for k, v in ref.items() if k not in ('targets', 'chosen_by')},
               runs=[*map(median_run, small.values()), median_run(bigs)])
    Path(a.out).write_text(json.dumps(res, indent=1)); print(json.dumps(res, indent=1))
