"`arginator-predict` on what users have: nucleotide genomes, gzipped or not, damaged files, mixed files, standard formats, many samples."
import gzip, json, subprocess
from importlib.resources import files
from pathlib import Path
import pandas as pd, pytest
from arginator.build import demo_models

GENOME = Path(str(files('arg_ranker')))/'example'/'EsCo_genome.fasta'

@pytest.fixture(scope='module')
def models(): return demo_models()

def predict(*args, cwd):
    return subprocess.run(['arginator-predict', *map(str, args)], capture_output=True, text=True, cwd=cwd)

def read(path): return pd.read_csv(path, keep_default_na=False, dtype={'partial': str})

@pytest.fixture(scope='module')
def genome_calls(models, tmp_path_factory):
    d = tmp_path_factory.mktemp('genome')
    r = predict(GENOME, '-o', d/'plain.csv', '--models', models, cwd=d)
    assert r.returncode == 0, r.stderr
    return d, read(d/'plain.csv'), r.stderr

def test_genome_end_to_end(genome_calls):
    d, calls, err = genome_calls
    assert 'genes called in single mode' in err and len(calls) > 5500
    assert list(calls.columns[:6]) == ['id', 'contig', 'start', 'end', 'strand', 'partial']
    ok = calls[calls.status == 'ok']
    assert (ok.start.astype(int) < ok.end.astype(int)).all() and set(ok.strand.astype(int)) == {1, -1}
    assert ok.id.iloc[0] == f'{ok.contig.iloc[0]}_1'

def test_gzip_gives_the_same_output(genome_calls, models):
    d, calls, _ = genome_calls
    (d/'genome.fna.gz').write_bytes(gzip.compress(GENOME.read_bytes()))
    r = predict(d/'genome.fna.gz', '-o', d/'gz.csv', '--models', models, cwd=d)
    assert r.returncode == 0, r.stderr
    assert (d/'gz.csv').read_text() == (d/'plain.csv').read_text()

def test_damaged_and_odd_inputs(models, tmp_path):
    big = gzip.compress(GENOME.read_bytes()); (tmp_path/'cut.fna.gz').write_bytes(big[:len(big) // 2])
    r = predict(tmp_path/'cut.fna.gz', '-o', tmp_path/'cut.csv', '--models', models, cwd=tmp_path)
    assert r.returncode == 1 and 'the file is truncated or damaged' in r.stderr and 'Traceback' not in r.stderr, r.stderr
    assert len(read(tmp_path/'cut.csv')) > 100   # the calls before the damage are kept
    (tmp_path/'bin.fa').write_bytes(bytes(range(256)) * 64)
    (tmp_path/'empty.fa').write_text('')
    for name, message in (('bin.fa', 'not FASTA'), ('empty.fa', 'the input is empty'), ('missing.fa', 'no such file')):
        r = predict(tmp_path/name, '-o', tmp_path/'x.csv', '--models', models, cwd=tmp_path)
        assert r.returncode == 1 and message in r.stderr and 'Traceback' not in r.stderr, (name, r.stderr)

def test_mixed_records_get_reasons(models, tmp_path):
    contig = ''.join(GENOME.read_text().split('>')[1].splitlines()[1:])[:200_000]
    (tmp_path/'mixed.fa').write_text(f'>contig\n{contig}\n>a_protein\nMKTAYIAKQRQISFVKSHFSRQLEERLGLIEVQ\n>short\nACGT\n')
    r = predict(tmp_path/'mixed.fa', '-o', tmp_path/'m.csv', '--models', models, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    calls = read(tmp_path/'m.csv'); bad = calls.set_index('id').status
    assert bad['a_protein'].startswith('not scored: looks like a protein sequence') and bad['short'].startswith('not scored: no genes found')
    assert (calls.contig == 'contig').sum() > 100

def test_standard_formats(genome_calls, models):
    import gffutils
    d, calls, _ = genome_calls
    for fmt, name in (('hamronization', 'h.tsv'), ('gff3', 'g.gff3')):
        r = predict(GENOME, '-o', d/name, '--format', fmt, '--models', models, cwd=d)
        assert r.returncode == 0, r.stderr
    r = subprocess.run(['hamronize', 'summarize', '-t', 'tsv', '-o', d/'summary.tsv', d/'h.tsv'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    n_bl = int((calls.is_beta_lactamase.astype(str) == '1').sum())
    assert len(pd.read_csv(d/'summary.tsv', sep='\t')) == n_bl > 0
    feats = list(gffutils.create_db(str(d/'g.gff3'), ':memory:').all_features())
    assert len(feats) == n_bl and all(f.featuretype == 'CDS' for f in feats)
    side = json.loads((d/'g.gff3.json').read_text())
    assert side['model']['task'] == 'multiclass' and side['database']['version'] == 'arg_ranker 3.7.2' and side['arginator_version']

def test_many_samples(models, tmp_path):
    (tmp_path/'in').mkdir()
    (tmp_path/'in'/'ex1.fasta').write_text(Path('examples/example.fasta').read_text() if Path('examples/example.fasta').exists()
                                             else (Path(__file__).parents[1]/'examples'/'example.fasta').read_text())
    (tmp_path/'in'/'ex2.faa.gz').write_bytes(gzip.compress((tmp_path/'in'/'ex1.fasta').read_bytes()))
    r = predict(tmp_path/'in', '-o', tmp_path/'out', '--models', models, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = sorted(p.name for p in (tmp_path/'out').iterdir())
    assert {'ex1.csv', 'ex2.csv', 'summary_classes.csv', 'summary_families.csv', 'summary.html'} <= set(out)
    s = pd.read_csv(tmp_path/'out'/'summary_classes.csv', index_col='sample', keep_default_na=False)
    assert s.loc['ex1'].tolist() == s.loc['ex2'].tolist() and s.loc['ex1', 'beta_lactamases'] >= 4

def test_meta_mode_translates_with_the_gene_models_table():
    "Metagenome mode on the E. coli genome: only translation-table-11 models, so no gene comes out with an internal stop codon"
    from arginator.genes import iter_genes
    mode, chunks = iter_genes(GENOME, meta=True)
    rows = [r for c in chunks for r in c.proteins + c.rejected]
    assert mode == 'meta' and len(rows) > 5000
    assert not [r.id for r in rows if 'stop codon' in getattr(r, 'reason', '')]

def test_translation_table_option(models, tmp_path):
    r = predict(GENOME, '-o', tmp_path/'x.csv', '--models', models, '--meta', '--translation-table', '2', cwd=tmp_path)
    assert r.returncode == 1 and 'translation table 2' in r.stderr and 'Traceback' not in r.stderr, r.stderr
