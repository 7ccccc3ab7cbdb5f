#!/usr/bin/env python3
"""Exports a tiny Llama-style model with PyTorch (Debian's python3-torch):
embedding, RMSNorm (Hugging Face's: pow, mean, rsqrt), grouped-query
attention (4 query heads, 2 key/value heads repeated with
repeat_interleave) with RoPE (rotate_half on cos/sin tables) and an
additive causal mask (triu of -inf), a SwiGLU MLP (silu(gate) * up), a final
RMSNorm and an LM head.

  llama.py OUT_DIR

writes OUT_DIR/llama.onnx (opset 17, static shapes), OUT_DIR/ids.npy
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
torch.manual_seed(0)
out = sys.argv[1]
class RMSNorm(nn.Module):
    def __init__(s, d, eps=1e-6):
        super().__init__(); s.weight = nn.Parameter(torch.randn(d)); s.eps = eps
    def forward(s, x):
        var = x.pow(2).mean(-1, keepdim=True)
        return s.weight * (x * torch.rsqrt(var + s.eps))
def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]; x2 = x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim=-1)
class Llama(nn.Module):
    def __init__(s, V=64, d=32, h=4, hkv=2, ff=48, ctx=16):
        super().__init__()
        s.emb = nn.Embedding(V, d); s.n1 = RMSNorm(d); s.n2 = RMSNorm(d); s.nf = RMSNorm(d)
        s.q = nn.Linear(d, d, bias=False); s.k = nn.Linear(d, d//h*hkv, bias=False); s.v = nn.Linear(d, d//h*hkv, bias=False); s.o = nn.Linear(d, d, bias=False)
        s.g = nn.Linear(d, ff, bias=False); s.u = nn.Linear(d, ff, bias=False); s.dn = nn.Linear(ff, d, bias=False)
        s.head = nn.Linear(d, V, bias=False); s.h = h; s.hkv = hkv; s.hd = d // h
        inv = 1.0 / (10000 ** (torch.arange(0, s.hd, 2).float() / s.hd))
        t = torch.arange(ctx).float(); f = torch.outer(t, inv); e = torch.cat((f, f), -1)
        s.register_buffer("cos", e.cos()); s.register_buffer("sin", e.sin())
    def forward(s, ids):
        B, T = ids.shape
        x = s.emb(ids)
        y = s.n1(x)
        q = s.q(y).view(B, T, s.h, s.hd).transpose(1, 2)
        k = s.k(y).view(B, T, s.hkv, s.hd).transpose(1, 2)
        v = s.v(y).view(B, T, s.hkv, s.hd).transpose(1, 2)
        cos = s.cos[:T]; sin = s.sin[:T]
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(s.h // s.hkv, dim=1); v = v.repeat_interleave(s.h // s.hkv, dim=1)
        att = q @ k.transpose(2, 3) / math.sqrt(s.hd)
        mask = torch.full((T, T), float("-inf")).triu(1)
        att = torch.softmax(att + mask, dim=-1)
        a = (att @ v).transpose(1, 2).reshape(B, T, -1)
        x = x + s.o(a)
        y = s.n2(x)
        x = x + s.dn(nn.functional.silu(s.g(y)) * s.u(y))
        return s.head(s.nf(x))
m = Llama().eval()
ids = torch.randint(0, 64, (1, 8))
os.makedirs(out, exist_ok=True)
torch.onnx.export(m, (ids,), os.path.join(out, "llama.onnx"), opset_version=17,
                  input_names=["input_ids"], output_names=["logits"])
np.save(os.path.join(out, "ids.npy"), ids.numpy())
np.save(os.path.join(out, "logits.npy"), m(ids).detach().numpy())
