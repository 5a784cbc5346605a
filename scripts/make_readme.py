#!/usr/bin/env python
"""README.md and the docs home page from nbs/index.ipynb.

The home page's code cells print markdown tables computed from metrics/*.json. This script runs them (from nbs/, as
the docs do), stores their output in the notebook -- the docs show stored outputs -- and writes README.md from the
markdown cells and those outputs, with links made relative to the repository root. `--check` changes nothing and
exits 1 if either file is stale (tests/test_nbdev.py runs it), so no quoted number can outlive a rerun of the pipeline.
"""
import os, re, sys
from pathlib import Path
try: from fastcore.nbio import read_nb, write_nb    # execnb >= 0.3.4 moved its notebook I/O into fastcore
except ImportError: from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

ROOT = Path(__file__).resolve().parents[1]
INDEX = ROOT/'nbs'/'index.ipynb'

def run_index():
    "The index notebook with its code cells run, and the markdown of the README"
    nb, parts = read_nb(INDEX), []
    cwd = os.getcwd(); os.chdir(ROOT/'nbs')
    try:
        shell = CaptureShell()
        for cell in nb.cells:
            if cell.cell_type == 'markdown': parts.append(cell.source.strip()); continue
            outs = shell.run(cell.source)
            if shell.exc: raise RuntimeError(f'index.ipynb cell failed: {shell.exc}')
            text = ''.join(''.join(o.get('text', '')) for o in outs if o.get('output_type') == 'stream' and o.get('name') == 'stdout')
            cell.outputs = [dict(name='stdout', output_type='stream', text=text)] if text else []
            cell.execution_count = None
            if text.strip(): parts.append(text.strip())
    finally: os.chdir(cwd)
    md = '\n\n'.join(parts)
    md = re.sub(r'\]\((?!https?:|#|/)([^)\s]+)\)', r'](nbs/\1)', md)   # links are relative to nbs/ in the docs, to the root here
    return nb, md + '\n'

def main(check=False):
    nb, md = run_index()
    readme = ROOT/'README.md'
    tmp = ROOT/'nbs'/'.index.tmp.ipynb'
    write_nb(nb, tmp)
    stale = [p.name for p, new in ((readme, md), (INDEX, tmp.read_text())) if p.read_text() != new]
    if check: tmp.unlink(); print('stale: ' + ', '.join(stale) if stale else 'up to date'); return 1 if stale else 0
    readme.write_text(md); tmp.replace(INDEX)
    return 0

if __name__ == '__main__': sys.exit(main('--check' in sys.argv[1:]))
