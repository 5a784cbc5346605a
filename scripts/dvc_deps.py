#!/usr/bin/env python
"""The arginator/*.py modules (and arginator/tables/) each DVC stage uses, from its notebook's (or command line's) imports, followed through the library.

`python scripts/dvc_deps.py`          prints each stage's modules
`python scripts/dvc_deps.py --check`  exits 1 listing every stage whose dvc.yaml deps differ (tests/test_dvc.py runs it)
`python scripts/dvc_deps.py --write`  rewrites the arginator/*.py deps of dvc.yaml in place (comments and order kept)
"""
import ast, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT/'arginator'
CLI_MODULES = {'arginator-drift': 'drift', 'arginator-predict': 'predict', 'arginator-embed': 'embed', 'arginator-app': 'app'}

def imported_modules(source:str, registry:bool=True # also count modules named in strings ('arginator.plm'), which lazy registries import
                    )->set:
    "arginator modules a piece of Python imports anywhere (module level or inside functions), and lazy registry targets"
    mods = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level == 1: mods.add(node.module.split('.')[0])
            elif node.module.startswith('arginator.'): mods.add(node.module.split('.')[1])
            elif node.module == 'arginator': mods.update(a.name for a in node.names if (LIB/f'{a.name}.py').exists())
        elif isinstance(node, ast.Import):
            mods.update(a.name.split('.')[1] for a in node.names if a.name.startswith('arginator.'))
    if registry: mods.update(re.findall(r"'arginator\.(\w+)'", source))   # importlib.import_module('arginator.plm') and the like
    return {m for m in mods if (LIB/f'{m}.py').exists()}

def closure(mods:set)->set:
    "`mods` and every library module they import, transitively"
    seen, todo = set(), list(mods)
    while todo:
        m = todo.pop()
        if m in seen: continue
        seen.add(m); todo += imported_modules((LIB/f'{m}.py').read_text()) - seen
    return seen

def notebook_source(path)->str:
    nb = json.loads(Path(path).read_text())
    return '\n'.join(''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'code' and not ''.join(c['source']).lstrip().startswith('%'))

def stage_modules(stage:dict)->set:
    "Library modules a dvc.yaml stage uses"
    cmd = stage['cmd']
    nbs = re.findall(r'(nbs/pipeline/\w+\.ipynb)', cmd)
    mods = set().union(*(imported_modules(notebook_source(ROOT/n)) for n in nbs)) if nbs else set()
    mods |= {m for c, m in CLI_MODULES.items() if cmd.split('&&')[-1].strip().startswith(c)}
    return closure(mods) | ({'__init__'} if mods else set())

def stages(dvc:dict)->dict:
    return {name: (s['do'] if 'do' in s else s) for name, s in dvc['stages'].items()}

def module_deps(stage:dict)->set:
    return {d for d in stage.get('deps', []) if isinstance(d, str) and d.startswith('arginator/')}

TABLE_READERS = {'data', 'annotate'}   # modules that read the curated tables of arginator/tables/ (families, phenotypes, rules)

def expected(stage:dict)->set:
    "The arginator/ deps a stage should list: its modules, and the tables folder where one of them reads it"
    mods = stage_modules(stage)
    return {f'arginator/{m}.py' for m in mods} | ({'arginator/tables'} if mods & TABLE_READERS else set())

def main(argv):
    from ruamel.yaml import YAML
    yaml = YAML(); yaml.preserve_quotes = True; yaml.width = 200; yaml.indent(mapping=2, sequence=4, offset=2)
    path = ROOT/'dvc.yaml'; dvc = yaml.load(path.read_text())
    bad = []
    for name, st in stages(dvc).items():
        want, have = expected(st), module_deps(st)
        if '--write' in argv and want != have:
            deps = [d for d in st['deps'] if d not in have]
            first = 1 if deps and str(deps[0]).startswith('nbs/') else 0
            st['deps'] = deps[:first] + sorted(want) + deps[first:]
        elif want != have: bad.append(f'{name}: missing {sorted(want - have)}, not used {sorted(have - want)}')
        if '--check' not in argv and '--write' not in argv: print(f'{name}: {", ".join(sorted(m[10:].removesuffix(".py") for m in want))}')
    if '--write' in argv:
        with open(path, 'w') as f: yaml.dump(dvc, f)
    if bad: print('dvc.yaml deps differ from what the stages import:\n  ' + '\n  '.join(bad)); return 1
    return 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
