#!/usr/bin/env bash
# Hyper-parameter sweep with DVC experiments: one factor at a time around params.yaml, each scored by the
# cross-validated evaluation of the train stage (cluster folds). Compare with:
#   dvc exp show --only-changed --md --drop '.*' --keep 'Experiment|train\.|headline\.cluster\.ours\.(f1|mcc|bl_mcc)\.mean'
set -euo pipefail
cd "$(dirname "$0")/.."
dvc exp run --queue -n lr-1e-3      -S train.lr=0.001
dvc exp run --queue -n dropout-0.4  -S train.dropout=0.4
dvc exp run --queue -n hidden-512   -S 'train.hidden=[512,256]'
dvc exp run --queue -n epochs-24    -S train.epochs=24
dvc queue start -j 1
dvc queue status
