#!/usr/bin/env python3
"""Exports a tiny GPT-2-style model with PyTorch (Debian's python3-torch):
token and position embeddings, one pre-LayerNorm block with causal
self-attention (a registered tril buffer and masked_fill(-inf), as nanoGPT
writes it) and an erf-GELU MLP, a final LayerNorm and an LM head.

  gpt2.py OUT_DIR

writes OUT_DIR/gpt.onnx (opset 17, sequence length dynamic), OUT_DIR/ids.npy
(int64 [1, 8]) and OUT_DIR/logits.npy (PyTorch's output for them).
"""
import math
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn

warnings.filterwarnings("ignore")


class Block(nn.Module):
    def __init__(s, d=32, h=2, ctx=16):
        super().__init__()
        s.ln1 = nn.LayerNorm(d); s.ln2 = nn.LayerNorm(d)
        s.qkv = nn.Linear(d, 3*d); s.proj = nn.Linear(d, d)
        s.fc = nn.Linear(d, 4*d); s.out = nn.Linear(4*d, d)
        s.h = h
        s.register_buffer("mask", torch.tril(torch.ones(ctx, ctx)).view(1,1,ctx,ctx))
    def forward(s, x):
        B,T,C = x.shape
        q,k,v = s.qkv(s.ln1(x)).split(C, dim=2)
        q = q.view(B,T,s.h,C//s.h).transpose(1,2)
        k = k.view(B,T,s.h,C//s.h).transpose(1,2)
        v = v.view(B,T,s.h,C//s.h).transpose(1,2)
        att = (q @ k.transpose(-2,-1)) * (1.0/math.sqrt(k.size(-1)))
        att = att.masked_fill(s.mask[:,:,:T,:T]==0, float('-inf'))
        att = torch.softmax(att, dim=-1)
        y = (att @ v).transpose(1,2).contiguous().view(B,T,C)
        x = x + s.proj(y)
        x = x + s.out(nn.functional.gelu(s.fc(s.ln2(x))))
        return x
class GPT(nn.Module):
    def __init__(s, V=64, d=32, ctx=16):
        super().__init__()
        s.wte = nn.Embedding(V, d); s.wpe = nn.Embedding(ctx, d)
        s.b = Block(d); s.lnf = nn.LayerNorm(d); s.head = nn.Linear(d, V, bias=False)
    def forward(s, ids):
        T = ids.shape[1]
        pos = torch.arange(0, T, dtype=torch.long).unsqueeze(0)
        x = s.wte(ids) + s.wpe(pos)
        return s.head(s.lnf(s.b(x)))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    m = GPT().eval()
    ids = torch.randint(0, 64, (1, 8))
    torch.onnx.export(m, (ids,), os.path.join(out, "gpt.onnx"),
                      opset_version=17, input_names=["input_ids"],
                      output_names=["logits"],
                      dynamic_axes={"input_ids": {1: "seq"}})
    np.save(os.path.join(out, "ids.npy"), ids.numpy())
    np.save(os.path.join(out, "logits.npy"), m(ids).detach().numpy())


# The block is also the one of bench/make-gpt-model.py (imported).
if __name__ == "__main__":
    main()
