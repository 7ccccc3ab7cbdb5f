#!/usr/bin/env python3
"""Exports a tiny BERT-style encoder with PyTorch (Debian's python3-torch):
word, position and token-type embeddings, LayerNorm, one post-LayerNorm
encoder layer (nn.TransformerEncoderLayer's weights) whose attention adds
the padding mask as Hugging Face does, (1 - mask) * finfo.min from the int64
attention_mask input, an erf-GELU MLP, and a tanh pooler on the first token.

  bert.py OUT_DIR

writes OUT_DIR/bert.onnx (opset 17), OUT_DIR/ids.npy and OUT_DIR/mask.npy
(int64 [1, 8], the last two positions padding) and OUT_DIR/pooled.npy
(PyTorch's output for them).
"""
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn

warnings.filterwarnings("ignore")
torch.manual_seed(0)
out = sys.argv[1]
class Bert(nn.Module):
    def __init__(s, V=64, d=32, h=2, ff=64, ctx=16):
        super().__init__()
        s.we = nn.Embedding(V, d); s.pe = nn.Embedding(ctx, d); s.te = nn.Embedding(2, d)
        s.ln0 = nn.LayerNorm(d)
        s.layer = nn.TransformerEncoderLayer(d, h, ff, dropout=0.0, activation="gelu", batch_first=True)
        s.pool = nn.Linear(d, d)
    def forward(s, ids, mask):
        T = ids.shape[1]
        pos = torch.arange(T).unsqueeze(0)
        x = s.ln0(s.we(ids) + s.pe(pos) + s.te(torch.zeros_like(ids)))
        ext = (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        # manual attention with additive mask
        B, T, C = x.shape
        l = s.layer
        qkv = nn.functional.linear(x, l.self_attn.in_proj_weight, l.self_attn.in_proj_bias)
        q, k, v = qkv.split(C, -1)
        sh = lambda t: t.view(B, T, 2, C // 2).transpose(1, 2)
        q, k, v = sh(q), sh(k), sh(v)
        a = torch.softmax(q @ k.transpose(-1, -2) / (C // 2) ** 0.5 + ext, -1) @ v
        a = l.self_attn.out_proj(a.transpose(1, 2).reshape(B, T, C))
        x = l.norm1(x + a)
        x = l.norm2(x + l.linear2(nn.functional.gelu(l.linear1(x))))
        return torch.tanh(s.pool(x[:, 0]))
m = Bert().eval()
ids = torch.randint(0, 64, (1, 8)); mask = torch.ones(1, 8, dtype=torch.long); mask[0, 6:] = 0
os.makedirs(out, exist_ok=True)
torch.onnx.export(m, (ids, mask), os.path.join(out, "bert.onnx"), opset_version=17,
                  input_names=["input_ids", "attention_mask"],
                  output_names=["pooled"])
np.save(os.path.join(out, "ids.npy"), ids.numpy())
np.save(os.path.join(out, "mask.npy"), mask.numpy())
np.save(os.path.join(out, "pooled.npy"), m(ids, mask).detach().numpy())
