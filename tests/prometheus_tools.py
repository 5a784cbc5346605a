"Prometheus for the tests: Debian's `prometheus` package (`apt-get install prometheus`), found on PATH or in $ARGINATOR_PROMETHEUS_BIN."
import os, shutil, socket, subprocess, time
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
MONITORING = ROOT/'monitoring'

def binary(name:str)->str|None:
    "Path of `prometheus` or `promtool`, or None"
    folder = os.environ.get('ARGINATOR_PROMETHEUS_BIN')
    return shutil.which(name, path=folder) if folder else shutil.which(name)

def require(name:str)->str:
    "Path of `name`; skips the test when it is missing, unless ARGINATOR_REQUIRE_PROMETHEUS=1 (as in CI), when it fails"
    path = binary(name)
    if path: return path
    why = f'{name} is not installed (Debian: apt-get install prometheus) and ARGINATOR_PROMETHEUS_BIN is not set'
    if os.environ.get('ARGINATOR_REQUIRE_PROMETHEUS') == '1': pytest.fail(f'ARGINATOR_REQUIRE_PROMETHEUS=1, but {why}', pytrace=False)
    pytest.skip(why)

def promtool(*args, cwd=MONITORING)->subprocess.CompletedProcess:
    return subprocess.run([require('promtool'), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120)

def free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

class Prometheus:
    "A Prometheus server on a loopback port, with its own config and storage in `folder`"
    def __init__(self, folder:Path, config:str, timeout:float=60):
        import httpx
        self.port, self.folder = free_port(), Path(folder)
        self.url = f'http://127.0.0.1:{self.port}'
        (self.folder/'prometheus.yml').write_text(config)
        self.log = open(self.folder/'prometheus.log', 'w')
        self.proc = subprocess.Popen([require('prometheus'), f'--config.file={self.folder/"prometheus.yml"}',
                                      f'--storage.tsdb.path={self.folder/"data"}', f'--web.listen-address=127.0.0.1:{self.port}'],
                                     stdout=self.log, stderr=subprocess.STDOUT, cwd=self.folder)
        t0 = time.time()
        while time.time() - t0 < timeout:
            if self.proc.poll() is not None: raise RuntimeError(f'prometheus exited ({self.proc.returncode}):\n{self.log_tail()}')
            try:
                if httpx.get(self.url + '/-/ready', timeout=2).status_code == 200: return
            except httpx.HTTPError: pass
            time.sleep(0.5)
        self.stop(); raise TimeoutError(f'prometheus was not ready within {timeout}s:\n{self.log_tail()}')

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try: self.proc.wait(20)
            except subprocess.TimeoutExpired: self.proc.kill(); self.proc.wait()
        self.log.close()

    def log_tail(self, n=3000)->str: return (self.folder/'prometheus.log').read_text(errors='replace')[-n:]

    def api(self, path:str, **params)->dict:
        import httpx
        r = httpx.get(f'{self.url}/api/v1/{path}', params=params, timeout=10).json()
        assert r['status'] == 'success', r
        return r['data']

    def query(self, expr:str)->dict:
        "Instant query: {frozenset of label items (the metric name left out): value}"
        return {frozenset((k, v) for k, v in r['metric'].items() if k != '__name__'): float(r['value'][1]) for r in self.api('query', query=expr)['result']}

    def wait_for(self, what, check, timeout:float=60, every:float=0.5):
        "The first truthy `check()` within `timeout` seconds, or a `TimeoutError` naming `what`"
        t0, last = time.time(), None
        while time.time() - t0 < timeout:
            last = check()
            if last: return last
            time.sleep(every)
        raise TimeoutError(f'{what}: not seen within {timeout}s (last: {last})\n{self.log_tail()}')
