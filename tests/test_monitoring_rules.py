"""The alert rules in monitoring/: `promtool check rules` and `promtool test rules` pass, every alert is tested firing
and silent, and the tests catch a rule that is off by a little (a test that cannot fail tests nothing)."""
import json, re, shutil
import pytest, yaml
from prometheus_tools import MONITORING, promtool

RULES = yaml.safe_load((MONITORING/'alerts.yml').read_text())
ALERTS = [r['alert'] for g in RULES['groups'] for r in g['rules']]

def test_check_rules():
    r = promtool('check', 'rules', 'alerts.yml')
    assert r.returncode == 0 and f'SUCCESS: {len(ALERTS)} rules found' in r.stdout, r.stdout + r.stderr

def test_rule_unit_tests():
    r = promtool('test', 'rules', 'alerts_test.yml')
    assert r.returncode == 0 and 'SUCCESS' in r.stdout, r.stdout + r.stderr

def test_every_alert_has_a_summary_and_fires_and_stays_silent_in_a_test():
    assert set(ALERTS) == {'ARGinatorHighTraffic', 'ARGinatorErrors', 'ARGinatorSlowRequests', 'ARGinatorDown', 'ARGinatorDriftFlagged'}
    for g in RULES['groups']:
        for r in g['rules']: assert r['annotations']['summary'] and r['annotations']['description'] and r['labels']['severity'], r['alert']
    cases = [c for t in yaml.safe_load((MONITORING/'alerts_test.yml').read_text())['tests'] for c in t['alert_rule_test']]
    for a in ALERTS:
        assert any(c['alertname'] == a and c['exp_alerts'] for c in cases), f'{a}: no test where it fires'
        assert any(c['alertname'] == a and not c['exp_alerts'] for c in cases), f'{a}: no test where it stays silent'

MUTATIONS = [   # a rule a little off: the unit tests must fail on it
    ('sum(increase(arginator_requests_total[10m])) > 50', 'sum(increase(arginator_requests_total[10m])) > 49', 'ARGinatorHighTraffic'),
    ('/ sum(increase(arginator_requests_total[10m])) > 0.05', '/ sum(increase(arginator_requests_total[10m])) > 0.04', 'ARGinatorErrors'),
    ('{outcome="ok"}[10m]))) > 30', '[10m]))) > 30', 'ARGinatorSlowRequests'),
    ('for: 2m', 'for: 0m', 'ARGinatorDown'),
    ('[1h])) > 0', '[2h])) > 0', 'ARGinatorDriftFlagged'),
]

@pytest.mark.parametrize('old,new,alert', MUTATIONS, ids=[m[2] for m in MUTATIONS])
def test_unit_tests_catch_a_rule_a_little_off(tmp_path, old, new, alert):
    text = (MONITORING/'alerts.yml').read_text()
    assert text.count(old) == 1, old
    (tmp_path/'alerts.yml').write_text(text.replace(old, new))
    shutil.copy(MONITORING/'alerts_test.yml', tmp_path)
    r = promtool('test', 'rules', 'alerts_test.yml', cwd=tmp_path)
    assert r.returncode != 0 and f'alertname: {alert}' in r.stdout + r.stderr, r.stdout + r.stderr

def test_example_config_is_valid():
    r = promtool('check', 'config', 'prometheus.yml')
    assert r.returncode == 0 and 'is valid prometheus config file syntax' in r.stdout + r.stderr, r.stdout + r.stderr

def test_rules_and_dashboard_read_metrics_the_app_serves():
    "A rule or panel that names a metric the app does not serve would stay silent or empty forever"
    from arginator.monitoring import AppMetrics
    suffixes = dict(counter=['', '_total'], gauge=[''], histogram=['_bucket', '_count', '_sum'])
    served = {n + s for n, kind in re.findall(r'^# TYPE (\w+) (\w+)$', AppMetrics().text(), re.M) for s in suffixes.get(kind, [''])}
    dashboard = json.loads((MONITORING/'grafana-dashboard.json').read_text())
    exprs = [t['expr'] for p in dashboard['panels'] for t in p['targets']]
    used = set(re.findall(r'\barginator_[a-z_]+', (MONITORING/'alerts.yml').read_text() + '\n'.join(exprs)))
    assert len(used) >= 10 and used <= served, used - served
