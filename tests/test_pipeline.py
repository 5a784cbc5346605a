"End-to-end: the DVC pipeline on a small parameter override, its caching, a DVC push/pull round trip, and the CLI."
import json, os, shutil, subprocess, hashlib
from pathlib import Path
import pandas as pd, pytest, yaml

ROOT = Path(__file__).resolve().parents[1]

def sh(*args, cwd, timeout=1200, check=True):
    r = subprocess.run(list(map(str, args)), cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check and r.returncode: raise AssertionError(f'{args} failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}')
    return r

def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.md5(p.read_bytes()).hexdigest() for p in sorted(Path(folder).rglob('*')) if p.is_file() and p.name != '.gitignore'}

@pytest.fixture(scope='module')
def repo(tmp_path_factory):
    "A fresh git clone-like copy of the project whose pipeline has run once on a small override"
    dst = tmp_path_factory.mktemp('arginator')/'repo'
    files = sh('git', 'ls-files', '-co', '--exclude-standard', cwd=ROOT).stdout.split()
    for f in files:
        src = ROOT/f
        if src.is_file() and not f.startswith(('metrics/', 'plots/')) and f != 'dvc.lock':
            (dst/f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(src, dst/f)
    params = yaml.safe_load((dst/'params.yaml').read_text())
    params['data']['max_proteins'] = 600; params['train'].update(epochs=5, batch_size=32)
    (dst/'params.yaml').write_text(yaml.safe_dump(params, sort_keys=False))
    for c in (['git', 'init', '-q'], ['git', 'add', '-A'], ['git', '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init']): sh(*c, cwd=dst)
    sh('dvc', 'repro', cwd=dst)
    return dst

def test_outputs_and_metrics(repo):
    for f in ['data/proteins.fasta', 'data/decoys.fasta', 'data/labels.csv', 'data/splits.csv', 'data/embeddings/kmer.h5', 'models/arginator/model.safetensors',
              'models/arginator/meta.json', 'plots/model/roc.csv', 'plots/model/confusion.csv', 'reports/train.ipynb',
              'models/arginator/drift_pca.safetensors', 'models/arginator/umap.joblib', 'models/arginator/profiles.h3m', 'models/arginator/targets',
              'models/arginator/reference.safetensors', 'data/hits.csv', 'data/hmm_hits.csv', 'data/cv.csv', 'plots/model/reliability.csv',
              'reports/openworld.csv', 'reports/drift.html', 'metrics/drift.json', 'metrics/model.json', 'metrics/examples.json']:
        assert (repo/f).is_file(), f
    assert sorted(p.name for p in (repo/'models').iterdir() if p.is_dir()) == ['arginator']   # one model
    assert [s for s in yaml.safe_load((repo/'dvc.yaml').read_text())['stages']] == ['prepare', 'homology', 'crossval', 'train']
    data = json.loads((repo/'metrics/data.json').read_text())
    assert 500 < data['n_proteins'] < 700 and set(data['per_class']) >= {'A', 'B', 'C', 'D', 'none'}
    from arginator.report import load_metrics
    for view, m in load_metrics(repo/'metrics').items():   # the class metrics and the binary view, from one model
        for kind in ('cluster', 'random'):
            for meth in ('shipped', 'ours', 'best_hit', 'kmer_logreg'):
                h = m['headline'][kind][meth]
                assert h['accuracy']['folds'] == 3 and 0 <= h['accuracy']['mean'] <= 1 and -1 <= h['mcc']['mean'] <= 1, (kind, meth, h)
                assert 0 <= h['ece']['mean'] <= 1
                assert (0 <= h['decoy_call_rate']['mean'] <= 1) if kind == 'cluster' else 'decoy_call_rate' not in h   # decoys: the cluster folds' job
        assert m['headline']['random']['ours']['accuracy']['mean'] > 0.5
        assert len(m['folds']['cluster']) == 3 and {'ece_before', 'ece_after', 'temperature'} <= set(m['folds']['cluster'][0])
        ow = m['openworld']
        assert set(ow) == {'shipped', 'ours', 'best_hit', 'kmer_logreg'} and ow['shipped']['genome_proteins'] > 5000
        assert ow['shipped']['known_bl'] == 1 and ow['shipped']['decoys'] > 50, ow['shipped']   # the genome's AmpC
        assert set(m['rule']['thresholds']) >= {'min_identity', 'min_hmm_bits', 'max_novelty'} and len(m['nested_thresholds']) == 3
        assert {'leave_one_allele_out', 'motifs', 'phenotype_unknown'} <= set(m['phenotype']) and 0 <= m['phenotype']['leave_one_allele_out']['agreement'] <= 1
        scr = m['screen']   # what the prediction path's screen changed among the fold calls: at most 1% on this weak 5-epoch model (0 of 72,484 on the bundled one, below)
        assert 0 < scr['screened'] < scr['rows'] and scr['calls_changed'] == len(scr['changed_ids']) <= scr['screened'] // 100, scr
    m = load_metrics(repo/'metrics')
    for kind in ('cluster', 'random'):
        for meth in ('shipped', 'ours'):
            assert m['binary']['headline'][kind][meth]['mcc'] == m['multiclass']['headline'][kind][meth]['bl_mcc']
    meta = json.loads((repo/'models/arginator/meta.json').read_text())
    assert meta['embedder'] == dict(name='kmer', version='1', dim=764) and meta['classes'] == ['A', 'B', 'C', 'D', 'none'] and meta['format'] == 2
    assert meta['params']['train']['epochs'] == 5 and len(meta['data_hash']) == 32
    assert meta['rule']['calibration'] and 'decoy_limit_met' in meta['rule']['chosen_by']   # chosen on the folds, not the defaults
    assert meta['evidence']['profiles']['n'] > 5 and len(meta['evidence']['targets']['checksum']) == 64

def test_bundled_screen_changes_no_call():
    "On the bundled model's folds the screen (no searches where no profile hits and the model does not call) changes no call"
    scr = json.loads((ROOT/'metrics'/'model.json').read_text())['screen']
    assert scr['calls_changed'] == 0 and scr['changed_ids'] == [] and scr['rows'] > 50_000 and scr['screened'] > scr['rows'] // 2, scr

def test_second_repro_does_nothing(repo):
    before = digest(repo/'models')
    r = sh('dvc', 'repro', cwd=repo)
    assert 'Data and pipelines are up to date' in r.stdout + r.stderr, r.stdout
    assert 'Running stage' not in r.stdout
    assert digest(repo/'models') == before

def test_param_change_reruns_only_downstream(repo):
    r = sh('dvc', 'status', cwd=repo)
    assert 'up to date' in r.stdout
    params = yaml.safe_load((repo/'params.yaml').read_text())
    params['train']['epochs'] = 2
    (repo/'params.yaml').write_text(yaml.safe_dump(params, sort_keys=False))
    r = sh('dvc', 'repro', cwd=repo)
    assert "Running stage 'crossval'" in r.stdout and "Running stage 'train'" in r.stdout
    assert "Running stage 'prepare'" not in r.stdout and "Running stage 'homology'" not in r.stdout
    assert json.loads((repo/'models/arginator/meta.json').read_text())['params']['train']['epochs'] == 2

def test_dvc_push_pull_roundtrip(repo, tmp_path):
    remote = tmp_path/'remote'
    sh('dvc', 'remote', 'add', '--local', '-f', '-d', 'testlocal', remote, cwd=repo)
    sh('dvc', 'push', cwd=repo)
    assert any(remote.rglob('*')), 'nothing pushed'
    before = digest(repo/'models')
    shutil.rmtree(repo/'models'); shutil.rmtree(repo/'.dvc'/'cache'); (repo/'data'/'labels.csv').unlink()
    sh('dvc', 'pull', cwd=repo)
    assert digest(repo/'models') == before and (repo/'data'/'labels.csv').is_file()
    assert 'up to date' in sh('dvc', 'status', cwd=repo).stdout

def test_predict_cli_every_record(repo, tmp_path):
    out = tmp_path/'calls.csv'
    example = ROOT/'examples'/'example.fasta'
    r = sh('arginator-predict', example, '-o', out, '--models', repo/'models', cwd=tmp_path)
    calls = pd.read_csv(out, keep_default_na=False)
    ids = [l[1:].split()[0] for l in example.read_text().splitlines() if l.startswith('>')]
    assert calls.id.tolist() == ids
    assert (calls.status == 'ok').sum() == len(ids) - 1 and calls.status.iloc[-1].startswith('not scored: looks like a nucleotide')
    assert set(calls.ambler_class) <= {'', 'A', 'B', 'C', 'D'}
    assert set(calls.call_source[calls.status == 'ok']) <= {'alignment', 'hmm', 'model', 'screen'} and (calls.call_source == 'alignment').any()
    for col in ('confidence', 'call_source', 'nearest_ref_id', 'nearest_ref_family', 'nearest_ref_class', 'identity', 'coverage', 'ref_coverage',
                'hmm_class', 'hmm_bits', 'hmm_evalue', 'embedding_similarity', 'novelty', 'model_p_beta_lactamase'):
        assert col in calls, col
    assert set(calls.confidence[calls.status == 'ok']) <= {'high', 'low', 'novel', 'candidate'}
    r = sh('arginator-predict', example, '-o', tmp_path/'b.csv', '--task', 'binary', '--models', repo/'models', cwd=tmp_path)
    b = pd.read_csv(tmp_path/'b.csv', keep_default_na=False)
    assert b.id.tolist() == ids and set(b.ambler_class) == {''} and 'p_beta_lactamase' in b and 'p_A' not in b
    assert b.is_beta_lactamase.tolist() == calls.is_beta_lactamase.tolist()   # the binary view of the same model: the same call on every record
    r = sh('arginator-predict', example, '--task', 'ambler', '--models', repo/'models', cwd=tmp_path, check=False)
    assert r.returncode == 1 and "--task picks the view, one of multiclass, binary" in r.stderr

def test_monitor_and_drift_cli(repo, tmp_path):
    summary = json.loads((repo/'metrics/drift.json').read_text())
    assert summary['n_features'] == 24 and summary['n_current'] > 50 and isinstance(summary['dataset_drift'], bool)
    import random
    seqs = [l for l in (repo/'data/heldout.fasta').read_text().splitlines() if not l.startswith('>')]
    rnd = random.Random(0)
    # four shuffles of each held-out protein: enough proteins for the test to have power on a 600-protein override
    (tmp_path/'shuffled.fasta').write_text(''.join(f'>s{i}_{j}\n{"".join(rnd.sample(s, len(s)))}\n' for i, s in enumerate(seqs) for j in range(4)))
    r = sh('arginator-drift', tmp_path/'shuffled.fasta', '--model', repo/'models/arginator', '-o', tmp_path/'d.html', '--summary', tmp_path/'d.json', cwd=tmp_path)
    assert json.loads((tmp_path/'d.json').read_text())['dataset_drift'] and 'DRIFT' in r.stderr
    (tmp_path/'few.fasta').write_text(''.join(f'>f{i}\n{s}\n' for i, s in enumerate(seqs[:5])))
    r = sh('arginator-drift', tmp_path/'few.fasta', '--model', repo/'models/arginator', cwd=tmp_path, check=False)
    assert r.returncode == 1 and 'arginator-drift: 5 proteins is too few for a drift test' in r.stderr

def test_predict_umap(repo, tmp_path):
    html = tmp_path/'umap.html'
    sh('arginator-predict', ROOT/'examples'/'example.fasta', '-o', tmp_path/'c.csv', '--models', repo/'models', '--umap', html, cwd=tmp_path)
    text = html.read_text()
    assert html.stat().st_size > 1_000_000 and 'TEM-231' in text and 'your proteins' in text

def test_drift_cli_on_hdf5_store(repo, tmp_path):
    "A batch given as an HDF5 store of vectors: the whole embedded data set (proteins and decoys), checked against the model's embedder"
    r = sh('arginator-drift', repo/'data/embeddings/kmer.h5', '--model', repo/'models/arginator', '-o', tmp_path/'h.html', cwd=tmp_path)
    s = json.loads(r.stdout)
    n_decoys = (repo/'data/decoys.fasta').read_text().count('>')   # the store holds the decoys too, for the open-world check
    assert n_decoys > 0 and s['n_current'] == json.loads((repo/'metrics/data.json').read_text())['n_proteins'] + n_decoys
    assert (tmp_path/'h.html').is_file()

def test_evidence_exact_and_shuffled(repo, tmp_path):
    "An exact training sequence gets identity 100 and low novelty; the same residues shuffled get no reference, high novelty and no call (>= 90th percentile on this small 600-protein model; >= 99 on the bundled models, see 12_evidence)"
    import random
    ref = pd.read_csv(repo/'models/arginator/reference.csv', keep_default_na=False)
    bl = ref[ref.label.isin(['A', 'B', 'C', 'D'])].iloc[0]
    shuffled = ''.join(random.Random(0).sample(bl.seq, len(bl.seq)))
    (tmp_path/'q.fasta').write_text(f'>exact\n{bl.seq}\n>shuffled\n{shuffled}\n')
    sh('arginator-predict', tmp_path/'q.fasta', '-o', tmp_path/'q.csv', '--models', repo/'models', cwd=tmp_path)
    calls = pd.read_csv(tmp_path/'q.csv', keep_default_na=False).set_index('id')
    num = lambda k, c: float(calls.at[k, c])  # columns with empty cells are read as text
    assert num('exact', 'identity') == 100 and calls.at['exact', 'nearest_ref_class'] == bl.label == calls.at['exact', 'ambler_class']
    assert num('exact', 'novelty') < 50 and num('exact', 'embedding_similarity') > 0.999
    # the shuffle hits no profile and the model does not call it: the screen spares it the searches, so it has no evidence at all
    assert calls.at['shuffled', 'call_source'] == 'screen' and calls.at['shuffled', 'nearest_ref_id'] == calls.at['shuffled', 'novelty'] == ''
    assert num('shuffled', 'is_beta_lactamase') == 0 and calls.at['exact', 'call_source'] == 'alignment'
    from arginator.fasta import read_fasta
    from arginator.predict import predict_proteins
    full = predict_proteins(read_fasta(tmp_path/'q.fasta'), repo/'models/arginator', screen=False).set_index('id')   # unscreened: searched anyway
    assert pd.isna(full.at['shuffled', 'identity']) and full.at['shuffled', 'nearest_ref_id'] == '' and full.at['shuffled', 'novelty'] >= 90
    assert full.at['shuffled', 'confidence'] in ('candidate', 'low', 'novel') and full.at['shuffled', 'call_source'] == 'model' and full.at['shuffled', 'is_beta_lactamase'] == 0
    assert full.at['exact', 'identity'] == 100 and full.at['exact', 'call_source'] == 'alignment'

def test_old_model_folder_is_refused(repo, tmp_path):
    "A models folder of the old layout (one folder per task, meta.json without a format) gets a clear message, not a misread"
    old = tmp_path/'models'; shutil.copytree(repo/'models/arginator', old/'multiclass')
    meta = json.loads((old/'multiclass/meta.json').read_text()); del meta['format']; (old/'multiclass/meta.json').write_text(json.dumps(meta))
    r = sh('arginator-predict', ROOT/'examples'/'example.fasta', '--models', old, cwd=tmp_path, check=False)
    assert r.returncode == 1 and 'old layout' in r.stderr and 'Traceback' not in r.stderr, r.stderr
    r = sh('arginator-predict', ROOT/'examples'/'example.fasta', '--model-dir', old/'multiclass', cwd=tmp_path, check=False)
    assert r.returncode == 1 and 'a model folder of format 1' in r.stderr and 'Traceback' not in r.stderr, r.stderr

def test_module_change_marks_its_stages(repo):
    "Editing any library module makes `dvc status` report exactly the stages that import it (dvc.yaml's deps are complete)"
    import sys; sys.path.insert(0, str(ROOT/'scripts'))
    from dvc_deps import stages, expected
    st = stages(yaml.safe_load((repo/'dvc.yaml').read_text()))
    assert json.loads(sh('dvc', 'status', '--json', cwd=repo).stdout or '{}') == {}
    for mod in sorted((repo/'arginator').glob('*.py')):
        if mod.name == '_modidx.py': continue
        rel = f'arginator/{mod.name}'; users = {n for n, s in st.items() if rel in expected(s)}
        text = mod.read_text(); mod.write_text(text + '\n# touched by a test\n')
        try: changed = {k.split('@')[0] for k in json.loads(sh('dvc', 'status', '--json', cwd=repo).stdout or '{}')}
        finally: mod.write_text(text)
        assert changed == users, (rel, changed, users)
