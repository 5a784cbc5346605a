#!/usr/bin/env python
"Markdown tables of the evaluate stage's metrics (metrics/<task>.json), as shown on the docs home page."
import json
from pathlib import Path
import pandas as pd
root = Path(__file__).resolve().parents[1]
NAMES = {'ours': 'ARGinator head (k-mer)', 'hybrid': 'hybrid (homology, then head) — what `arginator-predict` calls',
         'best_hit': 'best-hit homology transfer (MMseqs2)', 'kmer_logreg': 'k-mer logistic regression'}
BINS = ['<40%', '40-70%', '70-95%', '>=95%']

def tables(task:str)->str:
    m = json.loads((root/'metrics'/f'{task}.json').read_text()); t = pd.DataFrame(m['table'])
    key, label = ('mcc', 'MCC') if task == 'binary' else ('f1', 'macro-F1 (A/B/C/D/none)')
    bin_key = 'mcc' if task == 'binary' else 'accuracy'
    cell = lambda s, meth, b, k: t[(t.split == s) & (t.method == meth) & (t.bin == b) & (t.metric == k)]
    fmt = lambda r: f"{r['mean'].iloc[0]:.3f} ± {r['sd'].iloc[0]:.3f}" if len(r) else '–'
    out = [f"**{task}** ({label}; hard-negative false-positive rate), mean ± sd over {m['n_folds']} folds:", '',
           f'| method | cluster folds {label} | random folds {label} | cluster folds hard-negative FPR |', '|---|---|---|---|']
    for meth, name in NAMES.items():
        out.append(f"| {name} | {fmt(cell('cluster', meth, 'all', key))} | {fmt(cell('random', meth, 'all', key))} | {fmt(cell('cluster', meth, 'hard negatives', 'fpr'))} |")
    n = {b: int(cell('cluster', 'ours', b, bin_key)['n'].iloc[0]) for b in BINS}
    out += ['', f"{task}, cluster folds, {'MCC' if bin_key == 'mcc' else 'accuracy'} by the test protein's best identity to its training proteins (proteins per bin, summed over folds):", '',
            '| method | ' + ' | '.join(f'{b} (n={n[b]:,})' for b in BINS) + ' |', '|---|' + '---|' * len(BINS)]
    for meth, name in NAMES.items():
        out.append(f'| {name} | ' + ' | '.join(f"{cell('cluster', meth, b, bin_key)['mean'].iloc[0]:.3f}" for b in BINS) + ' |')
    c = m['calibration']; nov = m.get('novelty_fold0')
    out += ['', f"{task}: expected calibration error over cluster folds {c['ece_before']['mean']:.3f} ± {c['ece_before']['sd']:.3f} before and "
            f"{c['ece_after']['mean']:.3f} ± {c['ece_after']['sd']:.3f} after temperature scaling."]
    return '\n'.join(out)

if __name__ == '__main__':
    for task in ('binary', 'multiclass'): print(tables(task), end='\n\n')
    print(json.dumps(json.loads((root/'metrics'/'multiclass.json').read_text()).get('novelty_fold0')))
