"`arginator-reads` on damaged and wrong inputs: a clear message naming the file, a nonzero exit, no traceback, and nothing already counted lost."
import gzip, json, os, shutil, subprocess, sys
from pathlib import Path
import pandas as pd, pytest
from arginator.build import demo_models
from arginator.reads import add_read_reference, simulate_sample
from arginator.simulate import write_fastq

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture(scope='module')
def model(tmp_path_factory):
    d = tmp_path_factory.mktemp('model')/'model'
    shutil.copytree(demo_models()/'arginator', d)   # `build_model` wrote its read reference
    assert (d/'reads').is_dir() and 'min_identity' in json.dumps(json.loads((d/'meta.json').read_text())['reads'])
    return d

@pytest.fixture(scope='module')
def good(model, tmp_path_factory):
    "A small paired sample with one family"
    d = tmp_path_factory.mktemp('good')
    return write_fastq(simulate_sample(model, {'TEM': 2}, cell_depth=4, background_bp=20_000, seed=3), d/'good_R1.fq.gz', d/'good_R2.fq.gz')

def reads(*args, cwd):
    env = {**os.environ, 'PYTHONPATH': f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.run([sys.executable, '-m', 'arginator.reads', *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env)

def failed(r, name):
    assert r.returncode != 0, r.stderr
    assert 'Traceback' not in r.stderr, r.stderr
    assert name in r.stderr, r.stderr

def test_good_sample(model, good, tmp_path):
    r = reads('--reads', *good, '--model-dir', model, '-o', tmp_path/'out', '--threads', '2', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    fams = pd.read_csv(tmp_path/'out'/'families.csv', index_col=0)
    assert list(fams.columns) == ['TEM'] and fams.loc['good', 'TEM'] > 0
    assert pd.read_csv(tmp_path/'out'/'inputs.csv').status.tolist() == ['ok', 'ok']

def test_predict_takes_reads(model, good, tmp_path):
    "arginator-predict detects FASTQ input and counts it as raw reads, as arginator-reads does"
    r = subprocess.run(['arginator-predict', *map(str, good), '--model-dir', str(model), '-o', str(tmp_path/'out'), '--threads', '2'], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert pd.read_csv(tmp_path/'out'/'families.csv', index_col=0).loc['good', 'TEM'] > 0

def test_truncated_fastq_keeps_what_was_counted(model, good, tmp_path):
    runs = tmp_path/'runs'; runs.mkdir()
    for f in good: shutil.copy(f, runs/f.name)
    data = gzip.decompress(good[0].read_bytes())
    (runs/'bad_R1.fq.gz').write_bytes(gzip.compress(data)[:-200])                       # cut short inside the gzip stream
    (runs/'bad_R2.fq.gz').write_bytes(gzip.compress(gzip.decompress(good[1].read_bytes())))
    r = reads(runs, '--model-dir', model, '-o', tmp_path/'out', '--threads', '2', cwd=tmp_path)
    failed(r, 'bad_R1.fq.gz')
    assert 'truncated or damaged' in r.stderr
    fams = pd.read_csv(tmp_path/'out'/'families.csv', index_col=0)
    assert fams.loc['good', 'TEM'] > 0                                                   # the good sample is kept
    inputs = pd.read_csv(tmp_path/'out'/'inputs.csv', keep_default_na=False).set_index('file')
    assert inputs.loc[str(runs/'bad_R1.fq.gz'), 'status'] == 'error' and inputs.loc[str(runs/'bad_R1.fq.gz'), 'pairs_read'] > 0

def test_fastq_cut_inside_a_record(model, tmp_path):
    (tmp_path/'cut.fq').write_text('@r1\nACGTACGTAC\n+\nIIIIIIIIII\n@r2\nACGTACGTAC\n+\nIII')
    failed(reads(tmp_path/'cut.fq', '--model-dir', model, '-o', tmp_path/'out', cwd=tmp_path), 'cut.fq')

def test_mismatched_pair_files(model, good, tmp_path):
    lines = gzip.decompress(good[1].read_bytes()).decode().splitlines(True)
    short = tmp_path/'short_R2.fq'; short.write_text(''.join(lines[:40]))
    r = reads('--reads', good[0], short, '--model-dir', model, '-o', tmp_path/'out', cwd=tmp_path)
    failed(r, 'short_R2.fq'); assert 'mismatched pair files' in r.stderr
    assert (tmp_path/'out'/'inputs.csv').exists()

def test_protein_fasta_as_reads(model, tmp_path):
    (tmp_path/'proteins.fasta').write_text('>p1\nMSIQHFRVALIPFFAAFCLPVFAHPETLVKVKDAEDQLGARVGYIELDLNSGKILESFRPEERFPMMSTFK\n')
    r = reads(tmp_path/'proteins.fasta', '--model-dir', model, '-o', tmp_path/'out', cwd=tmp_path)
    failed(r, 'proteins.fasta'); assert 'protein FASTA' in r.stderr

def test_empty_file(model, tmp_path):
    (tmp_path/'empty.fastq').write_text('')
    r = reads(tmp_path/'empty.fastq', '--model-dir', model, '-o', tmp_path/'out', cwd=tmp_path)
    failed(r, 'empty.fastq'); assert 'empty' in r.stderr

def test_model_without_read_reference(model, tmp_path):
    (tmp_path/'x.fq').write_text('@r1\nACGT\n+\nIIII\n')
    bare = tmp_path/'bare'; bare.mkdir()
    meta = json.loads((model/'meta.json').read_text()); meta.pop('reads')
    (bare/'meta.json').write_text(json.dumps(meta))
    r = reads(tmp_path/'x.fq', '--model-dir', bare, '-o', tmp_path/'out', cwd=tmp_path)
    failed(r, 'add_read_reference')

def test_single_end_fasta_reads_and_dask(model, good, tmp_path):
    "Single-end reads, reads as plain FASTA, and samples counted as Dask tasks give the same family"
    from arginator.reads import count_reads, count_samples, iter_reads
    fa = tmp_path/'single.fasta'; fa.write_text(''.join(f'>{n}\n{s}\n' for n, s in iter_reads(good[0])))
    tab, info = count_reads(fa, None, model, threads=2)
    assert info['format'] == 'fasta single' and info['error'] == '' and tab.family[tab.detected].tolist() == ['TEM']
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c, Client(c) as client:
        fams, classes, infos = count_samples({'good': good}, model, tmp_path/'out', threads=1, dask=client)
    assert fams.loc['good', 'TEM'] > 0 and classes.loc['good', 'A'] == fams.loc['good', 'TEM']

KEYS = ['pairs', 'prefiltered', 'beta_lactamase_pairs', 'marker_pairs', 'cell_depth', 'detected', 'error']

def test_chunks_and_searches_do_not_change_counts(model, good):
    "Reading in small chunks and searching in many small MMseqs2 batches counts the same as the defaults"
    from arginator.reads import count_reads
    a, ia = count_reads(*good, model, threads=2)
    b, ib = count_reads(*good, model, threads=2, chunk=37, search_batch=50)
    pd.testing.assert_frame_equal(a, b)
    assert {k: ia[k] for k in KEYS} == {k: ib[k] for k in KEYS}

def test_wrapped_fastq_counts_the_same(model, good, tmp_path):
    "FASTQ with sequences and qualities wrapped over lines (read by Biopython's parser) counts as the same reads on 4 lines"
    from arginator.reads import count_reads, iter_reads
    wrapped = []
    for f in good:
        out = tmp_path/f.name.replace('.fq.gz', '.fq'); wrapped.append(out)
        out.write_text(''.join(f'@{t}\n{s[:70]}\n{s[70:]}\n+\n{"I" * 70}\n{"I" * (len(s) - 70)}\n' for t, s in iter_reads(f)))
    a, ia = count_reads(*good, model, threads=2)
    b, ib = count_reads(*wrapped, model, threads=2)
    pd.testing.assert_frame_equal(a, b)
    assert {k: ia[k] for k in KEYS} == {k: ib[k] for k in KEYS}

# issue #28: nothing lost, nothing misleading

def test_unwritable_output_is_said_before_reading(model, good, tmp_path):
    "An output folder that cannot be made (read-only place) ends in a message naming it, before any read is counted"
    r = reads('--reads', *good, '--model-dir', model, '-o', '/sys/arginator-out', cwd=tmp_path)
    failed(r, '/sys/arginator-out'); assert 'cannot write' in r.stderr and 'read pair' not in r.stderr

def test_write_failure_after_the_work_keeps_what_was_written(model, good, tmp_path):
    "A table that cannot be written after the counting (a folder in its way) is named; the tables before it stay"
    from arginator.reads import reads_cli
    out = tmp_path/'out'; (out/'families.csv').mkdir(parents=True)
    with pytest.raises(SystemExit) as e: reads_cli(reads=[str(f) for f in good], model_dir=str(model), Out=str(out), threads=2)
    msg = str(e.value.code)
    assert msg.startswith('arginator-reads: ') and 'families.csv' in msg and 'cannot write the family table' in msg, msg
    assert pd.read_csv(out/'abundance.csv').family.tolist() == ['TEM']

@pytest.fixture(scope='module')
def tem_only(model, tmp_path_factory):
    "A small paired sample of TEM reads alone: no marker reads, so no cell depth"
    import numpy as np
    from arginator.reads import load_read_reference
    from arginator.simulate import back_translate, simulate_pairs
    t, rng = load_read_reference(model).table, np.random.default_rng(5)
    pairs = simulate_pairs(back_translate(t.seq[t.family == 'TEM'].iloc[0], rng), 10, rng)
    d = tmp_path_factory.mktemp('tem')
    return write_fastq(pairs, d/'tem_R1.fq.gz', d/'tem_R2.fq.gz')

def test_no_marker_reads_means_unknown_copies_not_zero(model, tem_only, tmp_path):
    "A family detected without marker reads has NA copies per cell in every table (not 0), the reason in inputs.csv and the summary"
    r = reads('--reads', *tem_only, '--model-dir', model, '-o', tmp_path/'out', '--threads', '2', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'no marker reads: copies per cell unknown' in r.stderr and '1 family detected' in r.stderr, r.stderr
    out = tmp_path/'out'
    ab = pd.read_csv(out/'abundance.csv')
    assert ab.family.tolist() == ['TEM'] and ab.detected.all() and ab.copies_per_cell.isna().all() and (ab.depth > 0).all()
    fams, classes = pd.read_csv(out/'families.csv', index_col=0), pd.read_csv(out/'classes.csv', index_col=0)
    assert list(fams.columns) == ['TEM'] and pd.isna(fams.loc['tem', 'TEM'])       # shown, as unknown
    assert pd.isna(classes.loc['tem', 'A']) and classes.loc['tem', ['B', 'C', 'D']].eq(0).all()
    assert pd.read_csv(out/'phenotypes.csv', index_col=0).loc['tem'].isna().all()
    notes = pd.read_csv(out/'inputs.csv', keep_default_na=False).note
    assert notes.str.startswith('no marker reads: copies per cell unknown').all()

def test_heatmap_leaves_unknown_copies_blank():
    "A cell whose copies per cell are unknown is blank in the heatmap, a 0 is written"
    import numpy as np
    from arginator.reads import reads_heatmap
    fams = pd.DataFrame({'TEM': [np.nan, 1.5], 'KPC': [0.0, 0.0]}, index=pd.Index(['a', 'b'], name='sample'))
    classes = pd.DataFrame({'A': [np.nan, 1.5], 'B': [0.0, 0.0], 'C': [0.0, 0.0], 'D': [0.0, 0.0]}, index=fams.index)
    texts = [list(np.asarray(tr.text).ravel()) for tr in reads_heatmap(classes, fams).data]
    assert texts[0][0] == '' and all(t != '' for t in texts[0][1:])

def test_counts_are_said_in_the_right_number(model, good, tmp_path):
    r = reads('--reads', *good, '--model-dir', model, '-o', tmp_path/'out', '--threads', '2', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert '1 family detected' in r.stderr and '1 sample ->' in r.stderr, r.stderr
    assert 'families detected' not in r.stderr and '1 samples' not in r.stderr

def test_tables_of_a_sample_with_nothing_counted_raise_no_future_warning(model, good, tmp_path):
    "An empty abundance table beside a full one (a clean sample) writes the tables without pandas' FutureWarning"
    import warnings
    from arginator.reads import ABUNDANCE_COLS, count_reads, write_read_outputs
    tab, info = count_reads(*good, model, threads=2)
    empty = dict(info, sample='clean', detected=0, beta_lactamase_pairs=0)
    with warnings.catch_warnings():
        warnings.simplefilter('error', FutureWarning)
        fams, classes = write_read_outputs([(pd.DataFrame(columns=ABUNDANCE_COLS), empty), (tab, info)], tmp_path/'out')
    assert fams.loc['clean', 'TEM'] == 0 and fams.loc['good', 'TEM'] > 0

def test_pick_without_a_qualifying_threshold():
    "No grid point with few enough false reads: the fewest, with a warning, not a bare 'empty max()'; an empty grid is said"
    import numpy as np
    from arginator.reads import _pick
    grid = [(0.5, 30), (0.9, 30)]
    pos, neg = np.array([[True, True], [True, False]]), np.array([[True, True], [True, False]])
    with pytest.warns(UserWarning, match='no read thresholds'): point, tp, fp = _pick(pos, neg, grid, max_fp=0.0)
    assert point == (0.9, 30) and fp == 0.5
    with pytest.raises(ValueError, match='grid is empty'): _pick(np.zeros((1, 0), bool), np.zeros((1, 0), bool), [], 0.0)
