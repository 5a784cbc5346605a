#!/usr/bin/env python
"README.md from nbs/index.ipynb's markdown cells (Quarto, which nbdev uses for this, cannot run everywhere)."
import re
from pathlib import Path
import nbformat
root = Path(__file__).resolve().parents[1]
nb = nbformat.read(root/'nbs'/'index.ipynb', as_version=4)
md = '\n\n'.join(c.source.strip() for c in nb.cells if c.cell_type == 'markdown')
md = re.sub(r'\]\((?!https?:|#|/)([^)\s]+)\)', r'](nbs/\1)', md)   # links are relative to nbs/ in the docs, to the root here
(root/'README.md').write_text(md + '\n')
