"The documentation site: every page in the sidebar exists and every notebook is in it; notebooks are numbered in import order; the worked examples keep their outputs, so the rendered docs show them."
import ast, json, re
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'

def sidebar_entries(node)->list:
    "Every page the sidebar names, however deep its sections"
    if isinstance(node, str): return [node]
    if isinstance(node, list): return [e for n in node for e in sidebar_entries(n)]
    if isinstance(node, dict): return [e for v in node.values() for e in sidebar_entries(v)]
    return []

def notebooks()->list:
    "The documented notebooks: everything under nbs/ but scratch (`_*`) notebooks and checkpoints"
    return sorted(p.relative_to(NBS).as_posix() for p in NBS.rglob('*.ipynb')
                  if not any(part.startswith(('_', '.')) for part in p.relative_to(NBS).parts))

def test_sidebar_lists_every_notebook_and_nothing_else():
    listed = [e for e in sidebar_entries(yaml.safe_load((NBS/'sidebar.yml').read_text())) if e.endswith('.ipynb')]
    missing = [e for e in listed if not (NBS/e).exists()]
    assert not missing, f'the sidebar lists pages that do not exist: {missing}'
    unlisted = sorted(set(notebooks()) - set(listed))
    assert not unlisted, f'notebooks missing from nbs/sidebar.yml: {unlisted}'

def library_notebooks()->dict:
    "module -> (number, notebook) of the library notebooks, from their `default_exp`"
    out = {}
    for p in sorted(NBS.glob('[0-9]*.ipynb')):
        cells = json.loads(p.read_text())['cells']
        m = next((re.search(r'#\|\s*default_exp\s+(\w+)', ''.join(c['source'])) for c in cells if 'default_exp' in ''.join(c['source'])), None)
        if m: out[m.group(1)] = (p.name.split('_', 1)[0], p.name)
    return out

def test_notebooks_numbered_in_import_order():
    "A library notebook's module imports (anywhere in its exported code) only modules of lower-numbered notebooks; examples may use any (the shared demo model comes from `build`)"
    mods, bad = library_notebooks(), []
    for mod, (num, name) in mods.items():
        code = '\n'.join(''.join(c['source']) for c in json.loads((NBS/name).read_text())['cells']
                         if c['cell_type'] == 'code' and re.match(r'\s*#\|\s*export', ''.join(c['source'])))
        code = '\n'.join(l for l in code.splitlines() if not l.lstrip().startswith(('%', '!')))
        used = {n.module.split('.')[1] for n in ast.walk(ast.parse(code)) if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith('arginator.')}
        used |= {a.name.split('.')[1] for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Import) for a in n.names if a.name.startswith('arginator.')}
        bad += [f'{name} imports {u} ({mods[u][1]})' for u in sorted(used) if u in mods and u != mod and mods[u][0] > num]
    assert not bad, 'notebooks importing a higher-numbered one:\n' + '\n'.join(bad)

def example_cells(path:Path)->list:
    "Code cells that are neither exported nor hidden: the worked examples the docs show"
    out = []
    for c in json.loads(path.read_text())['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] != 'code' or not src.strip(): continue
        flags = set(re.findall(r'^#\|\s*([\w-]+)', src, re.M))
        if not flags & {'export', 'exports', 'exporti', 'hide', 'default_exp'}: out.append(c)
    return out

def test_examples_keep_their_outputs():
    "At least half of the library notebooks' example cells, and the tutorials', hold a saved output (the docs show stored outputs)"
    lib = [c for p in NBS.glob('[0-9]*.ipynb') for c in example_cells(p)]
    share = sum(bool(c.get('outputs')) for c in lib) / max(len(lib), 1)
    assert share >= 0.5, f'{share:.0%} of {len(lib)} example cells keep an output; run the notebooks and keep their outputs (README: "Examples with their results")'
    for p in sorted((NBS/'tutorials').glob('*.ipynb')):
        cells = example_cells(p)
        assert sum(bool(c.get('outputs')) for c in cells) >= len(cells) / 2, f'{p.name}: run it and keep its outputs'
