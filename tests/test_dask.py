"Many samples on a Dask cluster: the same calls as the serial run, row for row, even when a worker dies in the middle of the run."
import gzip, os, signal, threading, time
from importlib.resources import files
from pathlib import Path
import pytest
from distributed import Client, LocalCluster
from arginator.build import demo_models
from arginator.data import bundled_proteins
from arginator.fasta import write_records
from arginator.predict import predict_samples

@pytest.fixture(scope='module')
def models(): return demo_models()/'arginator'

@pytest.fixture(scope='module')
def samples(tmp_path_factory):
    "Five protein samples of 600 bundled proteins, and the E. coli draft genome as gzipped contigs"
    d = tmp_path_factory.mktemp('samples'); b = bundled_proteins(); b = b[b.dropped == '']
    for i in range(5):
        s = b.sample(600, random_state=i); write_records(zip(s.id, s.seq), d/f'sample{i}.faa')
    (d/'EsCo.fna.gz').write_bytes(gzip.compress((Path(str(files('arg_ranker')))/'example'/'EsCo_genome.fasta').read_bytes()))
    return d

def outputs(folder):
    "Every calls file and sidecar (the HTML heatmap holds random element ids, so it is left out)"
    return {f.name: f.read_text() for f in sorted(Path(folder).iterdir()) if f.suffix in ('.csv', '.json')}

@pytest.fixture(scope='module')
def serial(samples, models, tmp_path_factory):
    out = tmp_path_factory.mktemp('serial')
    predict_samples([samples], models, out, chunk=400)
    return outputs(out)

def test_local_cluster_same_as_serial(samples, models, serial, tmp_path):
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        predict_samples([samples], models, tmp_path, chunk=400, dask=client)
    got = outputs(tmp_path)
    assert set(got) == set(serial) and len(got) == 2 * 6 + 2
    for name in serial: assert got[name] == serial[name], name

def test_killed_worker_loses_nothing(samples, models, serial, tmp_path):
    "SIGKILL one of two workers while chunks are running: Dask reruns its tasks elsewhere, and every row is written once"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        run = threading.Thread(target=predict_samples, args=([samples], models, tmp_path), kwargs=dict(chunk=400, dask=client))
        run.start()
        deadline = time.time() + 120
        while time.time() < deadline and not any(client.processing().values()): time.sleep(0.2)
        time.sleep(3)   # a chunk is being scored now
        assert run.is_alive(), 'the run ended before a worker could be killed'
        os.kill(pids[0], signal.SIGKILL)
        run.join(timeout=600)
        assert not run.is_alive()
    got = outputs(tmp_path)
    for name in serial: assert got[name] == serial[name], name
