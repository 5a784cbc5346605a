"The call rule reads a protein's architecture: a beta-lactamase domain in a longer protein (a BlaR1/MecR1-like sensor) is not called; the domain alone and a gene cut by a contig end are."
import random
import pandas as pd, pytest
from arginator.build import demo_models
from arginator.data import bundled_proteins, dedupe, select
from arginator.fasta import parse_fasta
from arginator.genes import contig_proteins
from arginator.predict import predict_proteins

CODONS = dict(A='GCG', R='CGT', N='AAC', D='GAT', C='TGC', Q='CAG', E='GAA', G='GGC', H='CAT', I='ATT', L='CTG', K='AAA', M='ATG', F='TTT', P='CCG',
              S='AGC', T='ACC', W='TGG', Y='TAT', V='GTG')

@pytest.fixture(scope='module')
def model(): return demo_models()/'arginator'

@pytest.fixture(scope='module')
def oxa():
    "A class D enzyme of the bundled data (an OXA-48-like carbapenemase where there is one)"
    b = select(dedupe(bundled_proteins())); d = b[(b.ambler_class == 'D') & b.gene_type.str.contains('OXA')]
    return d.sort_values('id').seq.iloc[0]

def membrane_region(n:int=520, seed:int=0)->str:
    "A sensor-like N-terminal region: a signal anchor and transmembrane helices, then a soluble stretch, with no beta-lactamase in it"
    rng = random.Random(seed); tm = lambda: ''.join(rng.choice('LIVFAGLLIVAM') for _ in range(21))
    loop = lambda k: ''.join(rng.choice('STNQGDEKRPHYAL') for _ in range(k))
    s = 'MK' + loop(8) + ''.join(tm() + loop(25) for _ in range(4))
    return s + loop(n - len(s))

def calls_of(records:dict, model)->pd.DataFrame:
    return predict_proteins(parse_fasta(''.join(f'>{k}\n{v}\n' for k, v in records.items()), 'test'), model).set_index('id')

def test_sensor_like_fusion_is_not_a_beta_lactamase(model, oxa):
    c = calls_of({'sensor': membrane_region() + oxa, 'oxa': oxa}, model)
    assert c.at['oxa', 'is_beta_lactamase'] == 1 and c.at['oxa', 'ambler_class'] == 'D'
    assert c.at['sensor', 'is_beta_lactamase'] == 0 and c.at['sensor', 'confidence'] != 'candidate', c.loc['sensor'].to_dict()
    assert 'domain in a longer protein' in c.at['sensor', 'note'] and c.at['oxa', 'note'] == ''

def test_gene_cut_by_a_contig_end_is_still_called(model, oxa):
    rng = random.Random(1); gc = lambda k: ''.join(rng.choice('ACGGCT') for _ in range(k))
    gene = 'ATG' + ''.join(CODONS[a] for a in oxa[1:])
    cut = gene[:int(0.4 * len(gene)) // 3 * 3]   # the contig ends inside the gene: its first 40%
    res, mode = contig_proteins(parse_fasta(f'>contig_end\n{gc(600)}AGGAGGTTTAAC{cut}\n', 'test', kind='nucleotide'))
    c = predict_proteins(res, model)
    hit = c[c.length.between(0.35 * len(oxa), 0.45 * len(oxa))]
    assert len(hit) == 1 and hit.partial.iloc[0] == '01', c[['id', 'length', 'partial']]
    assert hit.is_beta_lactamase.iloc[0] == 1 and hit.ambler_class.iloc[0] == 'D' and hit.note.iloc[0] == '', hit.iloc[0].to_dict()
