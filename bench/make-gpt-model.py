#!/usr/bin/env python3
"""Exports a GPT-2-style model of a chosen size with PyTorch, for the memory
benchmark (bench/import-memory.sh): the block of examples/models/gpt2.py
(pre-LayerNorm, causal self-attention, erf-GELU MLP) repeated, with large
embeddings and LM head so that the weights dominate the file.

  make-gpt-model.py OUT.onnx [--vocab V] [--dim D] [--heads H] [--layers L]
                    [--external]

--external stores the weights as ONNX external data (OUT.onnx.data), as
models over 2 GB must be. Weights are random; only their size matters.
"""
import argparse
import math
import os
import warnings

import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "examples", "models"))
from gpt2 import Block  # noqa: E402  (the example model's block)

warnings.filterwarnings("ignore")
p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--vocab", type=int, default=8192)
p.add_argument("--dim", type=int, default=768)
p.add_argument("--heads", type=int, default=12)
p.add_argument("--layers", type=int, default=4)
p.add_argument("--ctx", type=int, default=64)
p.add_argument("--external", action="store_true")
args = p.parse_args()
torch.manual_seed(0)


class GPT(nn.Module):
    def __init__(s, V, d, h, L, ctx):
        super().__init__()
        s.wte = nn.Embedding(V, d); s.wpe = nn.Embedding(ctx, d)
        s.blocks = nn.ModuleList(Block(d, h, ctx) for _ in range(L))
        s.lnf = nn.LayerNorm(d); s.head = nn.Linear(d, V, bias=False)

    def forward(s, ids):
        T = ids.shape[1]
        pos = torch.arange(0, T, dtype=torch.long).unsqueeze(0)
        x = s.wte(ids) + s.wpe(pos)
        for b in s.blocks:
            x = b(x)
        return s.head(s.lnf(x))


m = GPT(args.vocab, args.dim, args.heads, args.layers, args.ctx).eval()
ids = torch.zeros((1, 8), dtype=torch.long)
torch.onnx.export(m, (ids,), args.out, opset_version=17,
                  input_names=["input_ids"], output_names=["logits"],
                  dynamic_axes={"input_ids": {1: "seq"}})
if args.external:
    import onnx
    model = onnx.load(args.out)
    data = os.path.basename(args.out) + ".data"
    onnx.save_model(model, args.out, save_as_external_data=True,
                    all_tensors_to_one_file=True, location=data,
                    size_threshold=1024)
