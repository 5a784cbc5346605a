"""Speed of the protein language model embedders: the seed's method against `arginator.plm`, on the same proteins and weights.

Each architecture (ProtT5-XL-U50 encoder, ESM-2 8M/35M/150M/650M) is built from its config with RANDOM weights (seeded;
nothing is downloaded), and a sample of bundled proteins is embedded twice in the same process with the same model:

- seed: the usual ProtT5 recipe: sort by length, batches of at most 4,000 residues and 100 sequences, proteins over
  1,000 residues alone, fp16 on GPU; the mean over each protein's residues is sliced, averaged and copied to the host
  one protein at a time;
- ours: `arginator.plm` (padding-aware residue budget, default 16,000 tokens on GPU and 4,000 on CPU, at most 256
  sequences; masked mean for the whole batch on the device, one copy to the host per batch).

Prints a markdown table: residues/s, peak memory (CUDA: torch.cuda.max_memory_allocated; CPU: peak resident set size of the
process, sampled every 5 ms, and its rise during the run) and the lowest cosine between the two methods' vectors.

    python benchmarks/bench_plm.py --device cpu --models esm2_t6_8M prott5 --n-seqs 24 --max-residues 5000
    python benchmarks/bench_plm.py --device cuda --dtype fp16 --n-seqs 2000 --batch-residues 32000
"""
import argparse, datetime, os, platform, sys, tempfile, threading, time

from arginator.core import machine as _machine
from pathlib import Path
import numpy as np, psutil, torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from arginator.plm import EMBEDDERS, random_plm, make_pieces, plan_batches

MODELS = ['esm2_t6_8M', 'esm2_t12_35M', 'esm2_t30_150M', 'esm2_t33_650M', 'prott5']

def machine(device):
    gpu = f', {torch.cuda.get_device_name()}' if device.startswith('cuda') and torch.cuda.is_available() else ''
    return _machine(f'{gpu}; torch {torch.__version__}')

def sample_proteins(n, max_len, max_residues, seed=0):
    "Up to `n` bundled proteins of at most `max_len` residues, at most `max_residues` in all"
    from arginator.data import bundled_proteins
    b = bundled_proteins(); b = b[(b.dropped == '') & (b.length <= max_len)].sample(frac=1, random_state=seed)
    seqs, total = [], 0
    for s in b.seq:
        if len(seqs) == n or total + len(s) > max_residues: break
        seqs.append(s); total += len(s)
    return seqs

def seed_batches(seqs, max_residues=4000, max_seq_len=1000, max_batch=100):
    "The seed's batches: longest first, closed at `max_batch` sequences, `max_residues` residues, or after a protein over `max_seq_len`"
    order = sorted(range(len(seqs)), key=lambda i: -len(seqs[i]))
    batches, batch = [], []
    for k, i in enumerate(order, 1):
        batch.append(i)
        n_res = sum(len(seqs[j]) for j in batch) + len(seqs[i])   # as in the seed, the newest sequence counts twice
        if len(batch) >= max_batch or n_res >= max_residues or k == len(order) or len(seqs[i]) > max_seq_len:
            batches.append(batch); batch = []
    return batches

def seed_embed(emb, seqs):
    "The seed's method, with `emb`'s model and tokenizer: length-sorted batches, pooled and copied one protein at a time"
    front = 1 if emb.n_special == 2 else 0   # ESM-2's <cls>
    out = [None] * len(seqs)
    for batch in seed_batches(seqs):
        enc = emb.tokenizer([emb.prepare(seqs[j]) for j in batch], add_special_tokens=True, padding='longest', return_tensors='pt')
        with torch.no_grad():
            h = emb.model(input_ids=enc['input_ids'].to(emb.device), attention_mask=enc['attention_mask'].to(emb.device)).last_hidden_state
        for b, j in enumerate(batch): out[j] = h[b, front:front + len(seqs[j])].mean(dim=0).detach().cpu().numpy().squeeze()
    return np.stack(out).astype(np.float32)

def padded_tokens(seqs, n_special, budget, max_batch):
    "(batches, tokens computed incl. padding) of the seed's method and of ours, for `seqs`"
    seed = seed_batches(seqs)
    pieces = make_pieces(seqs, 10**9)
    ours = plan_batches([len(p.seq) + n_special for p in pieces], budget, max_batch)
    cost = lambda bs: sum(len(b) * (max(len(seqs[i]) for i in b) + n_special) for b in bs)
    return (len(seed), cost(seed)), (len(ours), cost(ours))

class PeakRSS:
    "Peak resident set size of this process while in the block, sampled every 5 ms"
    def __enter__(self):
        self.proc, self.stop = psutil.Process(), threading.Event()
        self.start = self.peak = self.proc.memory_info().rss
        def watch():
            while not self.stop.wait(0.005): self.peak = max(self.peak, self.proc.memory_info().rss)
        self.t = threading.Thread(target=watch, daemon=True); self.t.start(); return self
    def __exit__(self, *a): self.stop.set(); self.t.join(); self.peak = max(self.peak, self.proc.memory_info().rss)

def timed(f, device):
    "(result, seconds, peak GiB, rise GiB) of `f()`"
    cuda = device.startswith('cuda')
    if cuda: torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(); base = torch.cuda.memory_allocated()
    with PeakRSS() as m:
        t0 = time.perf_counter(); res = f()
        if cuda: torch.cuda.synchronize()
        dt = time.perf_counter() - t0
    if cuda: peak, rise = torch.cuda.max_memory_allocated(), torch.cuda.max_memory_allocated() - base
    else: peak, rise = m.peak, m.peak - m.start
    return res, dt, peak / 2**30, rise / 2**30

def bench_model(name, seqs, args):
    t0 = time.perf_counter()
    model, tok = random_plm(name, seed=0)
    if args.attn: model.set_attn_implementation(args.attn)
    emb = EMBEDDERS[name](model=model, tokenizer=tok, device=args.device, dtype=args.dtype, batch_residues=args.batch_residues,
                          max_batch=args.max_batch, progress=False)
    built = time.perf_counter() - t0
    seed_embed(emb, seqs[:4]); emb.embed(seqs[:4])   # warm-up
    n_res, rows, results = sum(map(len, seqs)), [], {}
    for rep in range(args.repeats):
        for method, f in (('seed', lambda: seed_embed(emb, seqs)), ('ours', lambda: emb.embed(seqs))):
            X, dt, peak, rise = timed(f, args.device)
            best = results.get(method)
            if best is None or dt < best[1]: results[method] = (X, dt, peak, rise)
    cos = (results['seed'][0] * results['ours'][0]).sum(1) / np.linalg.norm(results['seed'][0], axis=1) / np.linalg.norm(results['ours'][0], axis=1)
    budgets = dict(seed='4,000 res, 100 seqs', ours=f'{emb.batch_residues:,} tok, {emb.max_batch} seqs')
    for method, (X, dt, peak, rise) in results.items():
        rows.append(f'| {name} | {method} | {str(emb.dtype).replace("torch.", "")} | {budgets[method]} | {len(seqs)} | {n_res:,} | {dt:.1f} | '
                    f'{n_res/dt:,.0f} | {peak:.2f} | {rise:.2f} | {cos.min():.6f} |')
    rows.append(f'|  | ours / seed | | | | | | **{results["seed"][1]/results["ours"][1]:.2f}×** | | | |')
    print(f'# {name}: built in {built:.0f} s; dim {emb.dim}', file=sys.stderr, flush=True)
    del emb, model; return rows

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--device', default='auto', help='auto, cuda, mps or cpu')
    ap.add_argument('--models', nargs='+', default=MODELS, choices=MODELS)
    ap.add_argument('--n-seqs', type=int, default=48, help='most proteins to embed')
    ap.add_argument('--max-residues', type=int, default=10_000, help='most residues in all (bounds the time)')
    ap.add_argument('--max-len', type=int, default=1000, help='longest protein sampled (the seed cannot window ESM-2 beyond 1,022)')
    ap.add_argument('--dtype', default='auto', help='auto (fp16 on CUDA, fp32 elsewhere), fp32, fp16 or bf16; both methods use it')
    ap.add_argument('--batch-residues', type=int, default=None, help="ours: tokens per batch incl. padding (default 16,000 on GPU, 4,000 on CPU)")
    ap.add_argument('--max-batch', type=int, default=256, help='ours: most sequences per batch')
    ap.add_argument('--attn', default=None, help='attention implementation for both methods (eager, sdpa); default: transformers default')
    ap.add_argument('--repeats', type=int, default=1, help='runs of each method; the fastest counts')
    ap.add_argument('--threads', type=int, default=None, help='torch CPU threads')
    ap.add_argument('--plan-only', action='store_true', help='only count the batches and the tokens (padding included) each method computes')
    args = ap.parse_args()
    if args.threads: torch.set_num_threads(args.threads)
    from arginator.plm import pick_device
    args.device = str(pick_device(args.device))
    seqs = sample_proteins(args.n_seqs, args.max_len, args.max_residues)
    print(f'machine: {machine(args.device)}; device {args.device}; {datetime.date.today()}')
    print(f'{len(seqs)} bundled proteins, {sum(map(len, seqs)):,} residues ({min(map(len, seqs))}-{max(map(len, seqs))} each); random weights, seed 0\n')
    if args.plan_only:
        budget = args.batch_residues or (16_000 if args.device.startswith('cuda') else 4_000)
        print(f'| tokenizer | seed: batches | seed: tokens computed | ours ({budget:,} tok, {args.max_batch} seqs): batches | ours: tokens computed |')
        print('|---|---|---|---|---|')
        for label, n_special in (('ESM-2 (2 special tokens)', 2), ('ProtT5 (1 special token)', 1)):
            (sb, st), (ob, ot) = padded_tokens(seqs, n_special, budget, args.max_batch)
            print(f'| {label} | {sb} | {st:,} | {ob} | {ot:,} |')
        sys.exit(0)
    print('| model | method | dtype | batch limit | proteins | residues | time (s) | residues/s | peak mem (GiB) | rise (GiB) | min cosine |')
    print('|---|---|---|---|---|---|---|---|---|---|---|')
    for name in args.models:
        for r in bench_model(name, seqs, args): print(r, flush=True)
