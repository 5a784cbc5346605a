"""What the Prometheus metrics cost the app: p50 latency of requests of 10 proteins with metrics on and off.

Run from the project root: `python benchmarks/bench_app_metrics.py` (options: `--rounds 60 --proteins 10 --models DIR`).
Starts two `arginator-app` processes on loopback (the demo models unless `--models` is given), one with its metrics
(the default) and one with `ARGINATOR_METRICS=0`, and sends one `gradio_client` client's requests to them in turn,
alternating which goes first, so that both see the same machine load. Prints the p50 and p95 latency of each, the
difference of the p50s, and the metrics' own work per request (`AppMetrics.request` and `AppMetrics.record` on a
10-protein calls table, in process, no server), which no noise of the machine hides.
The exit status is 1 when the median of the round-by-round differences (with minus without; the two requests of a round
run back to back, so a change in the machine's load hits both) is more than `--max-overhead` percent (default 5) of the p50.
"""
import argparse, os, sys, tempfile, time
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_app import start_app, client_fasta
from arginator.core import machine

def timed(client, fasta:str)->float:
    t0 = time.perf_counter(); msg, table, *_ = client.predict(fasta, None, 'multiclass', api_name='/screen')
    assert table['data'], msg
    return time.perf_counter() - t0

def served_latency(models=None, rounds:int=40, proteins:int=10, warm:int=3)->dict:
    "Latencies (s) of `rounds` requests of `proteins` proteins to the app with and without metrics, taking turns"
    import httpx
    from gradio_client import Client
    apps = dict(on=start_app(models), off=start_app(models, env={'ARGINATOR_METRICS': '0'}))
    try:
        assert httpx.get(apps['on'].url + 'metrics').status_code == 200 and httpx.get(apps['off'].url + 'metrics').status_code == 404
        clients = {k: Client(a.url, verbose=False, download_files=tempfile.mkdtemp(prefix='arginator-bench-')) for k, a in apps.items()}
        for i in range(warm):
            for c in clients.values(): timed(c, client_fasta(i, proteins))
        lat = dict(on=[], off=[])
        for i in range(rounds):
            for k in (('on', 'off') if i % 2 == 0 else ('off', 'on')): lat[k].append(timed(clients[k], client_fasta(i, proteins)))
        return lat
    finally:
        for a in apps.values(): a.stop()

def metrics_work(models=None, proteins:int=10, n:int=2000)->float:
    "Median seconds of the metrics' own work on one request of `proteins` proteins"
    from arginator.app import screen, example_fasta
    from arginator.build import demo_models
    from arginator.monitoring import AppMetrics
    calls = screen(client_fasta(0, proteins), models=models or demo_models())[0]
    m, times = AppMetrics(), []
    for _ in range(n):
        t0 = time.perf_counter()
        with m.request('multiclass'): m.record(calls, 'multiclass', 'No drift test: 10 proteins is too few')
        times.append(time.perf_counter() - t0)
    return float(np.median(times))

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--rounds', type=int, default=60); p.add_argument('--proteins', type=int, default=10)
    p.add_argument('--models', default=None, help='models folder (default: the demo models)')
    p.add_argument('--max-overhead', type=float, default=5.0, help='percent of the p50 the metrics may add')
    a = p.parse_args()
    lat = served_latency(a.models, a.rounds, a.proteins)
    q = {k: (np.percentile(v, 50), np.percentile(v, 95)) for k, v in lat.items()}
    overhead = 100 * (q['on'][0] / q['off'][0] - 1)
    paired = 100 * float(np.median(np.array(lat['on']) - np.array(lat['off']))) / q['off'][0]   # round by round: less noise from the machine's load
    work = metrics_work(a.models, a.proteins)
    print(f'machine: {machine()}; load average at the end: {os.getloadavg()[0]:.1f}; models: {a.models or "demo models"}')
    print(f"{a.rounds} requests of {a.proteins} proteins to each app, taking turns (multiclass):")
    for k in ('off', 'on'): print(f"  metrics {k:3}: latency p50 {q[k][0]:.3f}s, p95 {q[k][1]:.3f}s")
    print(f"  p50 with metrics {overhead:+.1f}%; median of the round-by-round differences {paired:+.1f}% of the p50 (limit +{a.max_overhead:g}%)")
    print(f"  the metrics' own work per request, in process: {work*1e3:.2f} ms ({100 * work / q['off'][0]:.2f}% of the p50)")
    sys.exit(0 if paired <= a.max_overhead else 1)

if __name__ == '__main__': main()
