"The prediction path's screen -- profiles first, then the alignment and the novelty only for the proteins a profile hits or the model calls -- changes no call: on a genome and on bundled proteins, screened and not."
from importlib.resources import files
from pathlib import Path
import pandas as pd, pytest
from arginator.build import demo_models
from arginator.fasta import read_fasta, parse_fasta, fasta_text, _merge
from arginator.genes import iter_genes
from arginator.predict import predict_proteins

DATA = Path(str(files('arg_ranker')))
CALL = ['id', 'is_beta_lactamase', 'ambler_class', 'subclass', 'family', 'allele', 'phenotype', 'candidate_reason', 'note', 'status']

@pytest.fixture(scope='module')
def model(): return demo_models()/'arginator'

def check_same_calls(res, model)->pd.DataFrame:
    screened, full = predict_proteins(res, model), predict_proteins(res, model, screen=False)
    pd.testing.assert_frame_equal(screened[CALL], full[CALL])
    assert ((screened.confidence == 'candidate') == (full.confidence == 'candidate')).all()
    kept = (screened.call_source != 'screen').values   # what the screen lets through is scored exactly as without it
    pd.testing.assert_frame_equal(screened[kept].reset_index(drop=True), full[kept].reset_index(drop=True))
    assert (full.call_source != 'screen').all()
    return screened

def test_genome(model):
    calls = check_same_calls(_merge(iter_genes(DATA/'example'/'EsCo_genome.fasta')[1]), model)
    assert (calls.call_source == 'screen').mean() > 0.8, calls.call_source.value_counts()   # most of a genome hits no profile

def test_bundled_proteins(model):
    sarg, ko = read_fasta(DATA/'data'/'SARG.db.fasta').proteins, read_fasta(DATA/'data'/'all_KO30.pro.fasta').proteins
    res = parse_fasta(fasta_text((p.id, p.seq) for p in sarg[::4] + ko[::25]))
    calls = check_same_calls(res, model)
    assert calls.is_beta_lactamase.sum() > 500 and (calls.call_source == 'screen').sum() > 500, calls.call_source.value_counts()
