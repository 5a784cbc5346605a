"""Load test of the Gradio app: N concurrent `gradio_client` clients on loopback, each screening a few proteins.

Run from the project root: `python benchmarks/load_app.py` (options: `--clients 20 --proteins 3 --timeout 600 --models DIR`);
`--latency 20 --proteins 10` measures the latency of one client's requests instead (p50, p95).
Starts `arginator-app` as a separate process (the demo models unless `--models` is given), sends all clients at once,
and prints how many requests completed and the p50/p95 latency (submission to result, queueing included).
Nothing may be dropped: the exit status is 1 unless every client completes within the global timeout.
`tests/test_app.py` and `tests/test_app_browser.py` start the app with `start_app` from here.
"""
import argparse, os, platform, shutil, socket, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parents[1]

from arginator.core import machine

def free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def app_command()->str:
    "The `arginator-app` script of this Python (installed by `pip install -e .`)"
    exe = shutil.which('arginator-app', path=str(Path(sys.executable).parent)) or shutil.which('arginator-app')
    if not exe: raise FileNotFoundError('arginator-app is not installed: run `pip install -e .` in the project root')
    return exe

class App:
    "`arginator-app` running in a subprocess on loopback"
    def __init__(self, proc, url, log): self.proc, self.url, self.log = proc, url, log
    def stop(self):
        self.proc.terminate()
        try: self.proc.wait(20)
        except subprocess.TimeoutExpired: self.proc.kill(); self.proc.wait()
    def log_tail(self, n=3000): return Path(self.log).read_text(errors='replace')[-n:]

def start_app(models=None, # models folder (default: `build.demo_models()`, trained once and cached)
              env:dict=None, # extra environment variables, e.g. limits
              timeout:float=300)->App:
    "Start the app on a free loopback port and wait until it answers"
    if models is None:
        from arginator.build import demo_models
        models = demo_models()
    port = free_port(); url = f'http://127.0.0.1:{port}/'
    log = tempfile.NamedTemporaryFile('w', prefix='arginator-app-', suffix='.log', delete=False)
    cmd = [app_command(), '--models', str(models), '--host', '127.0.0.1', '--port', str(port)]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, 'GRADIO_ANALYTICS_ENABLED': 'False', **(env or {})})
    app, t0 = App(proc, url, log.name), time.time()
    import httpx
    while time.time() - t0 < timeout:
        if proc.poll() is not None: raise RuntimeError(f'the app exited ({proc.returncode}):\n{app.log_tail()}')
        try:
            if httpx.get(url + 'config', timeout=5).status_code == 200: return app
        except httpx.HTTPError: pass
        time.sleep(1)
    app.stop(); raise TimeoutError(f'the app did not answer within {timeout}s:\n{app.log_tail()}')

def client_fasta(i:int, n:int)->str:
    "FASTA of `n` example proteins for client `i`, ids made unique"
    from arginator.app import EXAMPLES
    prots = [k for k in EXAMPLES if k != 'orf_dna']
    return ''.join(f'>c{i}_{k}\n{EXAMPLES[k][1]}\n' for k in (prots[(i + j) % len(prots)] for j in range(n)))

def run_load(url:str, clients:int=20, proteins:int=3, timeout:float=600, task:str='multiclass')->dict:
    "Send `clients` concurrent requests of `proteins` proteins each; completed count and latencies within `timeout`"
    from gradio_client import Client
    start, lat, errors, lock = threading.Barrier(clients), [], [], threading.Lock()
    def one(i):
        try:
            c = Client(url, verbose=False, download_files=tempfile.mkdtemp(prefix='arginator-load-'))
            start.wait(timeout)
            t0 = time.perf_counter(); msg, table, *_ = c.predict(client_fasta(i, proteins), None, task, api_name='/screen')
            assert len(table['data']) == proteins, msg
            with lock: lat.append(time.perf_counter() - t0)
        except Exception as e:
            with lock: errors.append(f'client {i}: {type(e).__name__}: {e}')
    t0 = time.perf_counter()
    pool = ThreadPoolExecutor(clients)
    done, pending = wait([pool.submit(one, i) for i in range(clients)], timeout=timeout)
    pool.shutdown(wait=False, cancel_futures=True)
    wall = time.perf_counter() - t0
    with lock: lat_s, errs = sorted(lat), list(errors)
    return dict(clients=clients, proteins_per_client=proteins, completed=len(lat_s), failed=len(errs), timed_out=len(pending),
                p50_s=round(float(np.percentile(lat_s, 50)), 2) if lat_s else None,
                p95_s=round(float(np.percentile(lat_s, 95)), 2) if lat_s else None,
                max_s=round(max(lat_s), 2) if lat_s else None, wall_s=round(wall, 1), errors=errs[:5])

def latency(url:str, rounds:int=20, proteins:int=10, task:str='multiclass')->dict:
    "p50 and p95 latency of one client's requests of `proteins` proteins, one after another (no queueing)"
    from gradio_client import Client
    c = Client(url, verbose=False, download_files=tempfile.mkdtemp(prefix='arginator-load-')); lat = []
    for i in range(rounds):
        t0 = time.perf_counter(); c.predict(client_fasta(i, proteins), None, task, api_name='/screen'); lat.append(time.perf_counter() - t0)
    return dict(rounds=rounds, proteins=proteins, p50_s=round(float(np.percentile(lat, 50)), 2), p95_s=round(float(np.percentile(lat, 95)), 2))

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--clients', type=int, default=20); p.add_argument('--proteins', type=int, default=3)
    p.add_argument('--latency', type=int, default=0, help='instead of the load: this many requests, one after another (with --proteins)')
    p.add_argument('--timeout', type=float, default=600, help='global timeout of the load, seconds')
    p.add_argument('--models', default=None, help='models folder (default: the demo models)')
    p.add_argument('--task', default='multiclass')
    a = p.parse_args()
    t0 = time.time(); app = start_app(a.models); startup = time.time() - t0
    if a.latency:
        try: r = latency(app.url, a.latency, a.proteins, a.task)
        finally: app.stop()
        print(f'machine: {machine()}; models: {a.models or "demo models"}; app start-up {startup:.0f}s')
        print(f"{r['rounds']} requests of {r['proteins']} proteins, one after another: latency p50 {r['p50_s']}s, p95 {r['p95_s']}s"); return
    try: r = run_load(app.url, a.clients, a.proteins, a.timeout, a.task)
    finally: app.stop()
    load = os.getloadavg()
    print(f'machine: {machine()}; load average before stopping: {load[0]:.1f}')
    print(f'models: {a.models or "demo models"}; app start-up {startup:.0f}s; queue concurrency {os.environ.get("ARGINATOR_CONCURRENCY", 2)}')
    print(f"{r['clients']} clients x {r['proteins_per_client']} proteins ({a.task}): {r['completed']} completed, {r['failed']} failed, "
          f"{r['timed_out']} timed out; latency p50 {r['p50_s']}s, p95 {r['p95_s']}s, max {r['max_s']}s; wall {r['wall_s']}s")
    for e in r['errors']: print('  ', e)
    sys.exit(0 if r['completed'] == r['clients'] else 1)

if __name__ == '__main__': main()
