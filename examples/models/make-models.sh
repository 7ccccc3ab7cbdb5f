#!/bin/sh
# Builds the example models with PyTorch (Debian's python3-torch, through
# /usr/bin/python3) and exports them to ONNX with an input and PyTorch's
# output for it, into examples/models/{gpt2,llama,bert}/ (committed; rerun
# after changing a builder):
#   gpt2/gpt.onnx ids.npy logits.npy      GPT-2 style: LayerNorm, causal
#                                         attention, GELU MLP
#   llama/llama.onnx ids.npy logits.npy   Llama style: RMSNorm, RoPE,
#                                         grouped-query attention, SwiGLU
#   bert/bert.onnx ids.npy mask.npy pooled.npy
#                                         BERT style: padding mask, post-LN
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for model in gpt2 llama bert; do
  /usr/bin/python3 "$here/$model.py" "$here/$model"
done
ls -l "$here"/gpt2 "$here"/llama "$here"/bert
