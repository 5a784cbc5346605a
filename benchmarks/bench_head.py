#!/usr/bin/env python
"""The classifier head at prediction time, three ways: numpy in float64 (what `arginator-predict` runs), the model
folder's ONNX file with onnxruntime (float32), and that ONNX file quantised to int8 (onnxruntime's dynamic
quantisation). For each: the time to load it and to score the bundled proteins' k-mer vectors (median of repeats, one
thread each, in this process), the largest difference of its probabilities from the torch head's, and how many calls
of the head alone change (its top class, and whether its beta-lactamase probability reaches the call rule's
`min_model_p`).

    python benchmarks/bench_head.py [--model models/arginator] [--repeats 5] [--out benchmarks/bench_head.json]
"""
import argparse, json, statistics, sys, tempfile, time
from pathlib import Path
import numpy as np
from _results import report   # benchmarks/_results.py: print the figures as JSON, write them with --out

def timed(fn, repeats:int)->tuple:
    "The result of `fn()` and the median of `repeats` timings (seconds)"
    ts = []
    for _ in range(repeats): t0 = time.perf_counter(); r = fn(); ts.append(time.perf_counter() - t0)
    return r, statistics.median(ts)

def torch_probs(model_dir:Path, X:np.ndarray)->np.ndarray:
    "The torch head's probabilities (float64, as the head ran before it was taken off the prediction path)"
    import torch
    from safetensors.torch import load_file
    from arginator.learner import ARGHead
    from arginator.core import load_json
    meta = load_json(model_dir/'meta.json')
    head = ARGHead(meta['n_in'], len(meta['classes']), tuple(meta['hidden']), meta['dropout']); head.load_state_dict(load_file(model_dir/'model.safetensors'))
    with torch.no_grad(): return torch.softmax(head.double().eval()(torch.as_tensor(X, dtype=torch.float64)) / meta.get('temperature', 1.0), 1).numpy()

def main(model:str='models/arginator', repeats:int=5, out:str=None, n:int=0):
    import onnxruntime
    from onnxruntime.quantization import quantize_dynamic, QuantType
    from arginator.core import machine
    from arginator.data import bundled_proteins, dedupe, select
    from arginator.embed import embed_cached
    from arginator.head import Classifier, OnnxClassifier
    model = Path(model); clf = Classifier.load(model); emb = clf.meta['embedder']
    rule = (clf.meta.get('rule') or {}).get('thresholds') or {}; min_p = rule.get('min_model_p', 0.999); none = clf.classes.index('none')
    df = select(dedupe(bundled_proteins()), max_proteins=n); X, _ = embed_cached(df.seq.tolist(), emb['name'])
    ref = torch_probs(model, X)
    calls = lambda P: (P.argmax(1), (1 - P[:, none]) >= min_p)
    res = dict(machine=machine(), date=time.strftime('%Y-%m-%d'), model=str(model), proteins=len(X), min_model_p=min_p, runtimes={})
    with tempfile.TemporaryDirectory() as d:
        q = Path(d)/'model.int8.onnx'; quantize_dynamic(model/'model.onnx', q, weight_type=QuantType.QInt8)
        opts = onnxruntime.SessionOptions(); opts.intra_op_num_threads = 1
        int8 = onnxruntime.InferenceSession(str(q), opts, providers=['CPUExecutionProvider'])
        ways = {'numpy float64': (lambda: Classifier.load(model), lambda c: c.predict_proba(X, emb)),
                'onnxruntime float32': (lambda: OnnxClassifier.load(model), lambda c: c.predict_proba(X, emb)),
                'onnxruntime int8': (lambda: int8, lambda s: s.run(['probabilities'], {'vectors': X.astype(np.float32)})[0].astype(np.float64))}
        for name, (load, score) in ways.items():
            obj, load_s = timed(load, repeats); P, score_s = timed(lambda: score(obj), repeats)
            (top, bl), (top0, bl0) = calls(P), calls(ref)
            res['runtimes'][name] = dict(load_s=round(load_s, 4), score_s=round(score_s, 4), proteins_per_s=round(len(X) / score_s),
                                         max_abs_diff_vs_torch=float(np.abs(P - ref).max()), top_class_changes=int((top != top0).sum()),
                                         model_call_changes=int((bl != bl0).sum()))
            print(name, res['runtimes'][name], file=sys.stderr)
        res['int8_file_kb'] = round(q.stat().st_size / 1024); res['float32_file_kb'] = round((model/'model.onnx').stat().st_size / 1024)
    report(res, out)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', default='models/arginator'); ap.add_argument('--repeats', type=int, default=5)
    ap.add_argument('--n', type=int, default=0, help='bundled proteins to score (0: all)'); ap.add_argument('--out', default=None)
    a = ap.parse_args(); main(a.model, a.repeats, a.out, a.n)
