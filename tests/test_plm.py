"arginator-embed with a protein language model: a tiny random ESM-2 saved with save_pretrained stands in for the hub weights."
import os, subprocess, sys
from pathlib import Path
import h5py, numpy as np, pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD = {'bla1': 'MSIQHFRVALIPFFAAFCLPVFAHPETLVKVKDAEDQLGARVGYIELDLNSGKILESFRPEERFPMMSTFKVLLCGAVLSRIDAG',
        'short': 'MKTAYIAKQRQISFVKSHFSRQ', 'rare': 'MKUZOBXLLA'}

def embed_cli(*args, cwd):
    env = {**os.environ, 'PYTHONPATH': f'{ROOT}{os.pathsep}{os.environ.get("PYTHONPATH", "")}', 'HF_HUB_OFFLINE': '1'}
    return subprocess.run(['arginator-embed', *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)

@pytest.fixture(scope='module')
def tiny_esm(tmp_path_factory):
    from arginator.plm import random_plm
    d = tmp_path_factory.mktemp('tiny_esm2')
    random_plm('esm2_t6_8M', d, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64)
    return d

def test_embed_cli_esm2(tiny_esm, tmp_path):
    fasta = tmp_path/'q.fasta'
    fasta.write_text('>bla1\n{bla1}\n>bad not a protein\nMKT1JJ\n>short\n{short}\n>rare\n{rare}\n'.format(**GOOD))
    out = tmp_path/'q.esm2.h5'
    args = (fasta, '--model', 'esm2_t6_8M', '--source', tiny_esm, '--device', 'cpu', '--batch-residues', 100, '-o', out)
    r = embed_cli(*args, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "skipped record 2 (bad): invalid characters" in r.stderr
    assert f'3 proteins in {out} (3 newly embedded' in r.stdout and '1 rejected' in r.stdout
    with h5py.File(out) as f:
        assert (f.attrs['name'], int(f.attrs['dim']), int(f.attrs['committed'])) == ('esm2_t6_8M', 32, 3)
        assert f.attrs['version'].startswith('1-')
        stored = dict(zip(f['hashes'][:].astype(str), f['vectors'][:]))
    from arginator.embed import get_embedder
    from arginator.fasta import seq_hash
    emb = get_embedder('esm2_t6_8M', source=tiny_esm, device='cpu')
    X = emb.embed(list(GOOD.values()))
    np.testing.assert_allclose(np.stack([stored[seq_hash(s)] for s in GOOD.values()]), X, atol=1e-5)
    r = embed_cli(*args, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert '(0 newly embedded' in r.stdout

def test_embed_cli_missing_weights(tmp_path):
    fasta = tmp_path/'q.fasta'; fasta.write_text('>short\n{short}\n'.format(**GOOD))
    r = embed_cli(fasta, '--model', 'esm2_t6_8M', '--source', tmp_path/'no_such_folder', cwd=tmp_path)
    assert r.returncode != 0 and 'WeightsUnavailable' in r.stderr and 'save_pretrained' in r.stderr
