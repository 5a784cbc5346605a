"The Gradio app over HTTP: `arginator-app` on a free loopback port (demo models), called with `gradio_client` as a user would"
import sys
from pathlib import Path
import pandas as pd, pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from arginator.app import EXAMPLES, example_fasta

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'benchmarks'))
from load_app import start_app, run_load

@pytest.fixture(scope='module')
def app():
    app = start_app()   # the demo models (`build.demo_models()`, cached after the first run), default limits
    yield app
    app.stop()

@pytest.fixture(scope='module')
def client(app, tmp_path_factory): return Client(app.url, verbose=False, download_files=str(tmp_path_factory.mktemp('downloads')))

def screen(client, text=None, file=None, task='multiclass'):
    msg, table, plot, drift, csv = client.predict(text, file, task, api_name='/screen')
    return msg, pd.DataFrame(table['data'], columns=table['headers']).set_index('id'), plot, drift, csv

BAD = '>bad_letters some junk\nMKV1234JJ\n>TEM-231 a duplicate id\nMSIQHFRVALIPFFAAF\n>empty\n\n'

def test_upload_good_and_bad_records(client, tmp_path):
    (tmp_path/'mixed.fasta').write_text(example_fasta() + BAD)
    msg, calls, plot, drift, csv = screen(client, file=handle_file(tmp_path/'mixed.fasta'))
    assert list(calls.index) == list(EXAMPLES) + ['bad_letters', 'TEM-231', 'empty']   # every record, in input order
    ok = calls[calls.status == 'ok']
    assert ok.ambler_class.to_dict() == {'TEM-231': 'A', 'KPC-25': 'A', 'NDM-23': 'B', 'CMY-136': 'C', 'OXA-505': 'D', 'mecA': '', 'housekeeping_1': ''}
    bad = calls.status[calls.status != 'ok'].tolist()
    assert bad[0].startswith('not scored: looks like a nucleotide sequence'), bad
    assert bad[1].startswith('not scored: invalid characters') and bad[2].startswith('not scored: duplicate id') and bad[3] == 'not scored: empty sequence'
    assert {'p_A', 'p_B', 'p_C', 'p_D', 'p_none', 'confidence', 'call_source', 'nearest_ref_id', 'identity', 'novelty'} <= set(calls.columns)
    assert '11 records from mixed.fasta: 7 scored, 4 not scored; 5 beta-lactamases (A: 2, B: 1, C: 1, D: 1)' in msg and '**bad_letters** not scored' in msg
    assert drift.startswith('No drift test: 7 proteins is too few'), drift
    assert pd.read_csv(csv, keep_default_na=False).id.tolist() == list(calls.index)   # the CSV download has every row
    assert plot is not None

def test_binary_view_pasted(client):
    msg, calls, *_ = screen(client, text=example_fasta('NDM-23', 'OXA-505', 'housekeeping_1'), task='binary')
    assert calls.is_beta_lactamase.astype(int).tolist() == [1, 1, 0] and set(calls.ambler_class) == {''}
    assert 'p_A' not in calls.columns and msg.startswith('3 records from pasted text: 3 scored, 0 not scored; 2 beta-lactamases')

def test_drift_summary_for_a_large_batch(client):
    text = ''.join(f'>p{i}_{k}\n{v[1]}\n' for i in range(5) for k, v in EXAMPLES.items() if k != 'orf_dna')   # 35 proteins
    msg, calls, plot, drift, csv = screen(client, text=text)
    assert len(calls) == 35 and drift.startswith(('**Drift**', '**No drift**')), drift

@pytest.mark.parametrize('text,message', [
    (''.join(f'>p{i}\nMKVLAAGIVAL\n' for i in range(201)), '201 sequences is too many: the limit is 200 sequences per request'),
    ('>huge\n' + 'MKVLAAGIVALLLSAQAHA' * 5300 + '\n', '100,700 residues is too many: the limit is 100,000 residues per request'),
    ('>big\n' + 'M' * 1_100_000 + '\n', 'the pasted text is 1.10 MB; the limit is 1 MB'),
    ('hello, not a FASTA file', 'not FASTA'),
    ('', 'nothing to screen'),
])
def test_limits_and_bad_input_give_a_clear_message(client, text, message):
    with pytest.raises(AppError) as e: client.predict(text, None, 'multiclass', api_name='/screen')
    assert message in str(e.value) and 'Traceback' not in str(e.value), str(e.value)

def test_app_still_serves_after_errors(client):
    assert screen(client, text=example_fasta('NDM-23'))[1].ambler_class.tolist() == ['B']

def test_twenty_concurrent_clients_none_dropped(app):
    r = run_load(app.url, clients=20, proteins=1, timeout=400)
    assert (r['completed'], r['failed'], r['timed_out']) == (20, 0, 0), r
