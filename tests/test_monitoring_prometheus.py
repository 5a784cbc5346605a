"""A real scrape, end to end: `arginator-app` (demo models) and a real Prometheus (Debian's package), both on loopback
ports of their own; requests sent with `gradio_client` as a user would, good and bad; the request counter and the latency
histogram read back through Prometheus's HTTP API; and, with a test copy of the alert rules whose traffic threshold is 3
requests instead of 50, the traffic alert seen firing. Bounded in time; stops the app and Prometheus it started.

Skips when Prometheus is missing, unless ARGINATOR_REQUIRE_PROMETHEUS=1 (as in CI), when it fails instead.
"""
import math, sys
import httpx, pytest, yaml
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from prometheus_tools import MONITORING, ROOT, Prometheus, require
from arginator.app import example_fasta
from arginator.monitoring import samples

sys.path.insert(0, str(ROOT/'benchmarks'))
from load_app import start_app

TRAFFIC = 'sum(increase(arginator_requests_total[10m])) > 50'

@pytest.fixture(scope='module')
def app():
    require('prometheus')   # skip (or fail) before starting anything
    app = start_app()
    yield app
    app.stop()

def write_test_rules(folder):
    "The alert rules with the traffic threshold at 3 requests, as the test's copy"
    text = (MONITORING/'alerts.yml').read_text()
    assert TRAFFIC in text
    (folder/'alerts.yml').write_text(text.replace(TRAFFIC, TRAFFIC.replace('> 50', '> 3')))

def scrape_config(app_url:str)->str:
    "Prometheus config: scrape the app every second as job `arginator`, evaluate the rules every second"
    return yaml.safe_dump({'global': dict(scrape_interval='1s', evaluation_interval='1s', scrape_timeout='1s'), 'rule_files': ['alerts.yml'],
        'scrape_configs': [dict(job_name='arginator', metrics_path='/metrics', static_configs=[dict(targets=[app_url.removeprefix('http://').rstrip('/')])])]})

@pytest.fixture(scope='module')
def prometheus(app, tmp_path_factory):
    folder = tmp_path_factory.mktemp('prometheus')
    write_test_rules(folder)
    prom = Prometheus(folder, scrape_config(app.url))
    yield prom
    prom.stop()

def ok_outcomes(prom):
    return prom.query('sum by (outcome) (arginator_requests_total{job="arginator"})')

def test_prometheus_reads_the_app_counts_and_fires_the_traffic_alert(app, prometheus, tmp_path):
    prom = prometheus
    prom.wait_for('the app scraped (up == 1)', lambda: prom.query('up{job="arginator"}').get(frozenset({('job', 'arginator'), ('instance', app.url[7:-1])})) == 1)
    before = prom.wait_for('the request counter at zero', lambda: ok_outcomes(prom) or None)
    assert set(before.values()) == {0.0}, before   # every series starts at zero, so increase() sees the first request
    assert prom.query('ALERTS{alertname="ARGinatorHighTraffic"}') == {}

    client = Client(app.url, verbose=False, download_files=str(tmp_path))
    for i, ids in enumerate([('TEM-231',), ('NDM-23', 'OXA-505'), ('CMY-136',), ('housekeeping_1',)]):
        msg, table, *_ = client.predict(example_fasta(*ids), None, 'multiclass', api_name='/screen')
        assert len(table['data']) == len(ids), msg
    (tmp_path/'blob.fasta').write_bytes(bytes(range(256)) * 8)
    bad = {'empty': dict(text=''), 'binary': dict(file=handle_file(tmp_path/'blob.fasta')),
           'too_many_proteins': dict(text=''.join(f'>p{i}\nMKVLAAGIVAL\n' for i in range(201)))}
    for reason, kw in bad.items():
        with pytest.raises(AppError): client.predict(kw.get('text'), kw.get('file'), 'multiclass', api_name='/screen')
    assert httpx.get(app.url + 'metrics', timeout=10).status_code == 200   # bad requests never break the endpoint

    want = {frozenset({('outcome', 'ok')}): 4.0, frozenset({('outcome', 'rejected')}): 3.0, frozenset({('outcome', 'error')}): 0.0}
    prom.wait_for('the requests counted in Prometheus', lambda: ok_outcomes(prom) == want, timeout=30)
    reasons = prom.query('arginator_rejected_requests_total{job="arginator"} > 0')
    assert {dict(k)['reason']: v for k, v in reasons.items()} == {r: 1.0 for r in bad}, reasons

    count = prom.query('sum(arginator_request_duration_seconds_count{job="arginator", task="multiclass", outcome="ok"})')
    assert list(count.values()) == [4.0], count
    buckets = prom.query('sum by (le) (arginator_request_duration_seconds_bucket{job="arginator", task="multiclass", outcome="ok"})')
    by_le = {dict(k)['le']: v for k, v in buckets.items()}
    assert by_le['+Inf'] == 4.0 and sorted(by_le.values()) == [by_le[le] for le in sorted(by_le, key=float)], by_le   # cumulative
    p50 = prom.query('histogram_quantile(0.5, sum by (le) (arginator_request_duration_seconds_bucket{job="arginator", outcome="ok"}))')
    assert 0 < list(p50.values())[0] < 60 and not math.isnan(list(p50.values())[0]), p50
    assert list(prom.query('sum(arginator_proteins_scored_total{job="arginator"})').values()) == [5.0]
    classes = prom.query('sum by (ambler_class) (arginator_calls_total{job="arginator"})')
    assert {dict(k)['ambler_class']: v for k, v in classes.items()} == {'A': 1.0, 'B': 1.0, 'C': 1.0, 'D': 1.0, 'none': 1.0}, classes
    info = prom.query('arginator_model_info{job="arginator"}')
    assert {dict(k)['model'] for k in info} == {'arginator'} and all('+data.' in dict(k)['version'] for k in info), info

    alert = prom.wait_for('the traffic alert firing', lambda: [a for a in prom.api('alerts')['alerts']
                          if a['labels']['alertname'] == 'ARGinatorHighTraffic' and a['state'] == 'firing'], timeout=30)
    assert alert[0]['annotations']['summary'].startswith('ARGinator: ') and 'requests in the last 10 minutes' in alert[0]['annotations']['summary']
    firing = {a['labels']['alertname'] for a in prom.api('alerts')['alerts'] if a['state'] == 'firing'}
    assert firing == {'ARGinatorHighTraffic'}, firing   # not down, no errors, no drift

def test_metrics_text_is_valid_after_bad_requests(app, prometheus):
    "The endpoint parses as Prometheus text, and Prometheus itself reports the scrape healthy"
    s = samples(httpx.get(app.url + 'metrics', timeout=10).text)
    assert s[('arginator_requests_in_flight', ())] == 0
    target = prometheus.api('targets')['activeTargets'][0]
    assert target['health'] == 'up' and target['lastError'] == '', target
