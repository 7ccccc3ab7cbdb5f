#!/usr/bin/env python3
"""Writes the small ONNX models of the test/onnx lit tests (Debian's
python3-onnx and python3-numpy; run with /usr/bin/python3).

  make-onnx.py NAME OUT.onnx [--data DIR]

NAME is one of the functions below (`mlp`, `block`, ...). Weights are
deterministic (a fixed seed). With --data, the models that have a NumPy
reference (mlp, block, embed) also write DIR/<input>.npy and DIR/<output>.npy:
an input and the output NumPy computes for it in float64, for the tests to
compare with.
"""
import argparse
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


def rng():
    return np.random.default_rng(1234)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def save(graph, out, opset=OPSET, external=None):
    """Writes the model; with `external`, every initializer's data goes to
    that file next to it (ONNX external data, as for models over 2 GB)."""
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)],
        producer_name="make-onnx.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    if external:
        onnx.save(model, out, save_as_external_data=True,
                  all_tensors_to_one_file=True, location=external,
                  size_threshold=0)
    else:
        onnx.save(model, out)


def erf(x):
    return np.vectorize(math.erf)(x)


def save_data(data, **arrays):
    if data:
        os.makedirs(data, exist_ok=True)
        for name, a in arrays.items():
            np.save(os.path.join(data, name + ".npy"), a)


def mlp(out, data=None, external=None):
    """MatMul + Add + Relu, then Gemm (transB) + Sigmoid: x [2, 8] -> [2, 4]."""
    r = rng()
    w1 = r.standard_normal((8, 32)).astype(np.float32)
    b1 = r.standard_normal((32,)).astype(np.float32)
    w2 = r.standard_normal((4, 32)).astype(np.float32)
    b2 = r.standard_normal((4,)).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["x", "w1"], ["h0"], name="fc1"),
        helper.make_node("Add", ["h0", "b1"], ["h1"], name="bias1"),
        helper.make_node("Relu", ["h1"], ["h2"], name="relu"),
        helper.make_node("Gemm", ["h2", "w2", "b2"], ["h3"], name="fc2",
                         transB=1, alpha=0.5),
        helper.make_node("Sigmoid", ["h3"], ["y"], name="sigmoid"),
    ]
    graph = helper.make_graph(
        nodes, "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])],
        [init("w1", w1), init("b1", b1), init("w2", w2), init("b2", b2)])
    save(graph, out, external=external)
    x = rng().standard_normal((2, 8)).astype(np.float32)
    h = np.maximum(x.astype(np.float64) @ w1 + b1, 0)
    y = 1 / (1 + np.exp(-(0.5 * (h @ w2.T) + b2)))
    save_data(data, x=x, y=y.astype(np.float32))


def shared_weight(out, data=None):
    """One weight read by a run-time MatMul and then by a folded Add (the
    importer hands its raw bytes to a resource blob, then reads them back
    to fold): y = (x @ w) @ (w + w), x [2, 8] -> [2, 8]."""
    r = rng()
    w = r.standard_normal((8, 8)).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["x", "w"], ["t"], name="first"),
        helper.make_node("Add", ["w", "w"], ["w2"], name="fold"),
        helper.make_node("MatMul", ["t", "w2"], ["y"], name="second"),
    ]
    graph = helper.make_graph(
        nodes, "shared_weight",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 8])],
        [init("w", w)])
    save(graph, out)
    x = rng().standard_normal((2, 8)).astype(np.float32)
    y = (x.astype(np.float64) @ w) @ (2.0 * w)
    save_data(data, x=x, y=y.astype(np.float32))


def half_weight(out, data=None):
    """A float16 model (imported as f32): y = x @ h, x [2, 8] -> [2, 8]."""
    h = rng().standard_normal((8, 8)).astype(np.float16)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "h"], ["y"], name="half")],
        "half_weight",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT16, [2, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT16, [2, 8])],
        [init("h", h)])
    save(graph, out)
    x = rng().standard_normal((2, 8)).astype(np.float16).astype(np.float32)
    y = x.astype(np.float64) @ h.astype(np.float64)
    save_data(data, x=x, y=y.astype(np.float32))


def bf16_weight(out, data=None):
    """A bfloat16 model: y = x @ b with b [8, 4] = 0, 0.25, 0.5, ... stored
    as raw bfloat16 bits."""
    values = np.arange(32, dtype=np.float32).reshape(8, 4) / 4
    bits = (values.view(np.uint32) >> 16).astype(np.uint16)
    b = helper.make_tensor("b", TensorProto.BFLOAT16, [8, 4], bits.tobytes(),
                           raw=True)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "b"], ["y"], name="brain")],
        "bf16_weight",
        [helper.make_tensor_value_info("x", TensorProto.BFLOAT16, [2, 8])],
        [helper.make_tensor_value_info("y", TensorProto.BFLOAT16, [2, 4])],
        [b])
    save(graph, out)


def ffn(out, data=None):
    """A feed-forward block of only the ops npu-tile-graph lowers today:
    MatMul, bias Add, erf-GELU (Div, Erf, Add, Mul, Mul), MatMul, residual
    Add; x [20, 24] -> [20, 24]. Weights are multiples of 1/64 in [-1, 1),
    exact in bf16, so the device's bf16 matrix operands change only x."""
    r = rng()
    w1 = (r.integers(-64, 64, (24, 40)) / 64).astype(np.float32)
    b1 = (r.integers(-64, 64, (40,)) / 64).astype(np.float32)
    w2 = (r.integers(-64, 64, (40, 24)) / 64).astype(np.float32)
    n = helper.make_node
    nodes = [
        n("MatMul", ["x", "w1"], ["h0"], name="fc1"),
        n("Add", ["h0", "b1"], ["h1"], name="bias1"),
        n("Div", ["h1", "sqrt2"], ["g0"], name="gelu_div"),
        n("Erf", ["g0"], ["g1"], name="gelu_erf"),
        n("Add", ["g1", "onef"], ["g2"], name="gelu_add"),
        n("Mul", ["h1", "g2"], ["g3"], name="gelu_mul"),
        n("Mul", ["g3", "half"], ["g4"], name="gelu_half"),
        n("MatMul", ["g4", "w2"], ["f2"], name="fc2"),
        n("Add", ["x", "f2"], ["y"], name="residual"),
    ]
    graph = helper.make_graph(
        nodes, "ffn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [20, 24])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [20, 24])],
        [init("w1", w1), init("b1", b1), init("w2", w2),
         init("sqrt2", np.array(np.sqrt(2.0), np.float32)),
         init("onef", np.array(1.0, np.float32)),
         init("half", np.array(0.5, np.float32))])
    save(graph, out)
    x = (rng().integers(-32, 32, (20, 24)) / 32).astype(np.float32)
    h = x.astype(np.float64) @ w1 + b1
    g = h * (erf(h / np.sqrt(2)) + 1) * 0.5
    save_data(data, x=x, y=(x + g @ w2).astype(np.float32))


def block(out, data=None, seq=5):
    """A PyTorch-style attention block with a dynamic sequence length:
    LayerNormalization, Q/K/V projections, head split through a shape
    sub-graph (Shape, Gather, Unsqueeze, Concat, Reshape), Transpose, scaled
    scores, Softmax, the head merge, an erf-GELU MLP and residual adds.
    Input x [1, seq, 16] ('seq' dynamic), 2 heads of 8."""
    r = rng()
    d, heads, hd, ff = 16, 2, 8, 32
    inits = [
        init("ln_g", r.standard_normal(d).astype(np.float32)),
        init("ln_b", r.standard_normal(d).astype(np.float32)),
        init("wq", (r.standard_normal((d, d)) / 4).astype(np.float32)),
        init("wk", (r.standard_normal((d, d)) / 4).astype(np.float32)),
        init("wv", (r.standard_normal((d, d)) / 4).astype(np.float32)),
        init("wo", (r.standard_normal((d, d)) / 4).astype(np.float32)),
        init("w1", (r.standard_normal((d, ff)) / 4).astype(np.float32)),
        init("w2", (r.standard_normal((ff, d)) / 4).astype(np.float32)),
        init("heads", np.array([heads], np.int64)),
        init("hd", np.array([hd], np.int64)),
        init("dmodel", np.array([d], np.int64)),
        init("zero", np.array(0, np.int64)),
        init("one", np.array(1, np.int64)),
        init("scale", np.array(np.sqrt(hd), np.float32)),
        init("sqrt2", np.array(np.sqrt(2.0), np.float32)),
        init("half", np.array(0.5, np.float32)),
        init("onef", np.array(1.0, np.float32)),
        init("axes0", np.array([0], np.int64)),
    ]
    n = helper.make_node
    nodes = [
        n("LayerNormalization", ["x", "ln_g", "ln_b"], ["ln"], name="ln",
          axis=-1, epsilon=1e-5),
        n("MatMul", ["ln", "wq"], ["q"], name="q_proj"),
        n("MatMul", ["ln", "wk"], ["k"], name="k_proj"),
        n("MatMul", ["ln", "wv"], ["v"], name="v_proj"),
        # [b, s, heads, hd] from the runtime shape of q.
        n("Shape", ["q"], ["qs"], name="shape"),
        n("Gather", ["qs", "zero"], ["b"], name="batch"),
        n("Gather", ["qs", "one"], ["s"], name="seq"),
        n("Unsqueeze", ["b", "axes0"], ["b1"], name="b_unsq"),
        n("Unsqueeze", ["s", "axes0"], ["s1"], name="s_unsq"),
        n("Concat", ["b1", "s1", "heads", "hd"], ["hshape"], name="hshape",
          axis=0),
        n("Concat", ["b1", "s1", "dmodel"], ["mshape"], name="mshape", axis=0),
        n("Reshape", ["q", "hshape"], ["q4"], name="q_split"),
        n("Reshape", ["k", "hshape"], ["k4"], name="k_split"),
        n("Reshape", ["v", "hshape"], ["v4"], name="v_split"),
        n("Transpose", ["q4"], ["qt"], name="q_t", perm=[0, 2, 1, 3]),
        n("Transpose", ["k4"], ["kt"], name="k_t", perm=[0, 2, 3, 1]),
        n("Transpose", ["v4"], ["vt"], name="v_t", perm=[0, 2, 1, 3]),
        n("MatMul", ["qt", "kt"], ["scores0"], name="scores"),
        n("Div", ["scores0", "scale"], ["scores"], name="scale"),
        n("Softmax", ["scores"], ["probs"], name="softmax", axis=-1),
        n("MatMul", ["probs", "vt"], ["ctx"], name="context"),
        n("Transpose", ["ctx"], ["ctx_t"], name="ctx_t", perm=[0, 2, 1, 3]),
        n("Reshape", ["ctx_t", "mshape"], ["merged"], name="merge"),
        n("MatMul", ["merged", "wo"], ["attn"], name="o_proj"),
        n("Add", ["x", "attn"], ["h"], name="residual1"),
        n("MatMul", ["h", "w1"], ["f1"], name="fc1"),
        n("Div", ["f1", "sqrt2"], ["g0"], name="gelu_div"),
        n("Erf", ["g0"], ["g1"], name="gelu_erf"),
        n("Add", ["g1", "onef"], ["g2"], name="gelu_add"),
        n("Mul", ["f1", "g2"], ["g3"], name="gelu_mul"),
        n("Mul", ["g3", "half"], ["g4"], name="gelu_half"),
        n("MatMul", ["g4", "w2"], ["f2"], name="fc2"),
        n("Add", ["h", "f2"], ["y"], name="residual2"),
    ]
    graph = helper.make_graph(
        nodes, "block",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, "seq", d])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, "seq", d])],
        inits)
    save(graph, out)
    w = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in inits}
    x = rng().standard_normal((1, seq, d)).astype(np.float32)
    x64 = x.astype(np.float64)
    mu = x64.mean(-1, keepdims=True)
    var = ((x64 - mu) ** 2).mean(-1, keepdims=True)
    ln = (x64 - mu) / np.sqrt(var + 1e-5) * w["ln_g"] + w["ln_b"]
    split = lambda t: t.reshape(1, seq, heads, hd).transpose(0, 2, 1, 3)
    q, k, v = (split(ln @ w[n]) for n in ("wq", "wk", "wv"))
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd)
    p = np.exp(scores - scores.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    ctx = (p @ v).transpose(0, 2, 1, 3).reshape(1, seq, d)
    h = x64 + ctx @ w["wo"]
    f1 = h @ w["w1"]
    g = f1 * (erf(f1 / np.sqrt(2)) + 1) * 0.5
    y = h + g @ w["w2"]
    save_data(data, x=x, y=y.astype(np.float32))


def embed(out, data=None):
    """Token embedding (Gather on int64 ids) plus a position table sliced
    to the sequence length, then Tanh: ids [1, 6] -> [1, 6, 8]."""
    r = rng()
    wte = r.standard_normal((50, 8)).astype(np.float32)
    wpe = r.standard_normal((16, 8)).astype(np.float32)
    n = helper.make_node
    nodes = [
        n("Gather", ["wte", "ids"], ["tok"], name="wte", axis=0),
        n("Shape", ["ids"], ["ids_shape"], name="ids_shape"),
        n("Slice", ["ids_shape", "one", "two"], ["len"], name="len"),
        n("Squeeze", ["len"], ["len0"], name="len0"),
        n("Range", ["zero", "len0", "one0"], ["pos"], name="positions"),
        n("Unsqueeze", ["pos", "axes0"], ["pos2"], name="pos2"),
        n("Gather", ["wpe", "pos2"], ["pe"], name="wpe", axis=0),
        n("Add", ["tok", "pe"], ["e"], name="add"),
        n("Tanh", ["e"], ["y"], name="tanh"),
    ]
    graph = helper.make_graph(
        nodes, "embed",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, [1, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 6, 8])],
        [init("wte", wte), init("wpe", wpe),
         init("one", np.array([1], np.int64)),
         init("two", np.array([2], np.int64)),
         init("zero", np.array(0, np.int64)),
         init("one0", np.array(1, np.int64)),
         init("axes0", np.array([0], np.int64))])
    save(graph, out)
    ids = np.array([[3, 49, 0, 7, 7, 21]], np.int64)
    y = np.tanh(wte.astype(np.float64)[ids] + wpe[:6])
    save_data(data, ids=ids, y=y.astype(np.float32))


def masked(out, data=None, causal=True, fill=float("-inf")):
    """masked_fill as PyTorch exports it: a constant tril buffer sliced to
    the sequence, Equal 0, Where(mask, fill, scores), Softmax. Scores
    [1, 2, 4, 6]: 4 queries after 2 cached positions (causal offset 2).
    Without `causal` the mask hides the last two keys (padding)."""
    n = helper.make_node
    if causal:
        buf = np.tril(np.ones((8, 8), np.float32), k=2).reshape(1, 1, 8, 8)
    else:
        buf = np.ones((1, 1, 8, 8), np.float32)
        buf[..., 4:] = 0
    nodes = [
        n("Slice", ["buf", "starts", "ends", "axes"], ["m"], name="slice"),
        n("Equal", ["m", "zero"], ["hide"], name="equal"),
        n("Where", ["hide", "fill", "x"], ["s"], name="masked_fill"),
        n("Softmax", ["s"], ["y"], name="softmax", axis=-1),
    ]
    graph = helper.make_graph(
        nodes, "masked",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 4, 6])],
        [init("buf", buf), init("starts", np.array([0, 0], np.int64)),
         init("ends", np.array([4, 6], np.int64)),
         init("axes", np.array([2, 3], np.int64)),
         init("zero", np.array(0, np.float32)),
         init("fill", np.array(fill, np.float32))])
    save(graph, out)
    x = rng().standard_normal((1, 2, 4, 6)).astype(np.float32)
    s = np.where(buf[:, :, :4, :6] == 0, -np.inf, x.astype(np.float64))
    p = np.exp(s - s.max(-1, keepdims=True))
    save_data(data, x=x, y=(p / p.sum(-1, keepdims=True)).astype(np.float32))


def padding_mask(out, data=None):
    """masked() with a non-causal mask: stays an additive mask."""
    masked(out, data, causal=False)


def small_fill(out, data=None):
    """masked() with a fill of -5, which is not a mask value."""
    masked(out, data, fill=-5.0)


def swiglu(out, data=None):
    """Llama's MLP: down(silu(gate(x)) * up(x)), with SiLU exported as
    x * Sigmoid(x); x [4, 16] -> [4, 16]."""
    r = rng()
    wg, wu = (r.standard_normal((2, 16, 24)) / 4).astype(np.float32)
    wd = (r.standard_normal((24, 16)) / 4).astype(np.float32)
    n = helper.make_node
    nodes = [
        n("MatMul", ["x", "wg"], ["g"], name="gate"),
        n("Sigmoid", ["g"], ["sg"], name="sigmoid"),
        n("Mul", ["g", "sg"], ["silu"], name="silu"),
        n("MatMul", ["x", "wu"], ["u"], name="up"),
        n("Mul", ["silu", "u"], ["h"], name="gated"),
        n("MatMul", ["h", "wd"], ["y"], name="down"),
    ]
    graph = helper.make_graph(
        nodes, "swiglu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 16])],
        [init("wg", wg), init("wu", wu), init("wd", wd)])
    save(graph, out)
    x = rng().standard_normal((4, 16)).astype(np.float32)
    g = x.astype(np.float64) @ wg
    y = (g / (1 + np.exp(-g)) * (x @ wu)) @ wd
    save_data(data, x=x, y=y.astype(np.float32))


def norms(out, data=None):
    """A decomposed LayerNorm (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt,
    Div, Mul, Add), as exporters before opset 17 write nn.LayerNorm, then
    Hugging Face Llama's RMSNorm (Pow, ReduceMean, Add, Sqrt, 1 / ..., Mul,
    weight * ...): x [4, 16] -> [4, 16]."""
    r = rng()
    g1, b1, g2 = r.standard_normal((3, 16)).astype(np.float32)
    n = helper.make_node
    nodes = [
        n("ReduceMean", ["x"], ["mu"], name="ln_mean", axes=[-1]),
        n("Sub", ["x", "mu"], ["d"], name="ln_sub"),
        n("Pow", ["d", "two"], ["d2"], name="ln_pow"),
        n("ReduceMean", ["d2"], ["var"], name="ln_var", axes=[-1]),
        n("Add", ["var", "eps1"], ["ve"], name="ln_eps"),
        n("Sqrt", ["ve"], ["sd"], name="ln_sqrt"),
        n("Div", ["d", "sd"], ["nd"], name="ln_div"),
        n("Mul", ["nd", "g1"], ["ng"], name="ln_gamma"),
        n("Add", ["ng", "b1"], ["h"], name="ln_beta"),
        n("Pow", ["h", "two"], ["h2"], name="rms_pow"),
        n("ReduceMean", ["h2"], ["ms"], name="rms_mean", axes=[-1]),
        n("Add", ["ms", "eps2"], ["mse"], name="rms_eps"),
        n("Sqrt", ["mse"], ["rms"], name="rms_sqrt"),
        n("Div", ["one", "rms"], ["inv"], name="rms_inv"),
        n("Mul", ["h", "inv"], ["hn"], name="rms_mul"),
        n("Mul", ["g2", "hn"], ["y"], name="rms_weight"),
    ]
    graph = helper.make_graph(
        nodes, "norms",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 16])],
        [init("g1", g1), init("b1", b1), init("g2", g2),
         init("two", np.array(2.0, np.float32)),
         init("one", np.array(1.0, np.float32)),
         init("eps1", np.array(1e-5, np.float32)),
         init("eps2", np.array(1e-6, np.float32))])
    save(graph, out)
    x = rng().standard_normal((4, 16)).astype(np.float32)
    x64 = x.astype(np.float64)
    d = x64 - x64.mean(-1, keepdims=True)
    h = d / np.sqrt((d * d).mean(-1, keepdims=True) + 1e-5) * g1 + b1
    y = g2 * (h / np.sqrt((h * h).mean(-1, keepdims=True) + 1e-6))
    save_data(data, x=x, y=y.astype(np.float32))


def gelu_tanh(out, data=None):
    """GPT-2's NewGELU as PyTorch exports it: 0.5 * x * (1 + tanh(sqrt(2 /
    pi) * (x + 0.044715 * pow(x, 3)))); x [4, 16]."""
    n = helper.make_node
    nodes = [
        n("Mul", ["x", "half"], ["hx"], name="half_x"),
        n("Pow", ["x", "three"], ["x3"], name="cube"),
        n("Mul", ["k", "x3"], ["kx3"], name="k_x3"),
        n("Add", ["x", "kx3"], ["inner"], name="inner"),
        n("Mul", ["c", "inner"], ["scaled"], name="scaled"),
        n("Tanh", ["scaled"], ["t"], name="tanh"),
        n("Add", ["one", "t"], ["t1"], name="one_plus"),
        n("Mul", ["hx", "t1"], ["y"], name="gelu"),
    ]
    graph = helper.make_graph(
        nodes, "gelu_tanh",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 16])],
        [init("half", np.array(0.5, np.float32)),
         init("three", np.array(3.0, np.float32)),
         init("k", np.array(0.044715, np.float32)),
         init("c", np.array(math.sqrt(2 / math.pi), np.float32)),
         init("one", np.array(1.0, np.float32))])
    save(graph, out)
    x = (rng().standard_normal((4, 16)) * 2).astype(np.float32)
    x64 = x.astype(np.float64)
    y = 0.5 * x64 * (1 + np.tanh(math.sqrt(2 / math.pi) *
                                 (x64 + 0.044715 * x64 ** 3)))
    save_data(data, x=x, y=y.astype(np.float32))


def mlp_external(out, data=None):
    """mlp() with its weights in OUT.data (ONNX external data)."""
    mlp(out, data, external=os.path.basename(out) + ".data")


def gqa(out, data=None):
    """Grouped-query attention as Hugging Face's repeat_kv exports it
    (Unsqueeze, Expand, Reshape of the 2 key/value heads to the 4 query
    heads), softmax(q @ k^T * 0.125) @ v; q [1, 4, 6, 8], k and v
    [1, 2, 6, 8]."""
    n = helper.make_node
    nodes = []
    for t in ("k", "v"):
        nodes += [
            n("Unsqueeze", [t, "axes2"], [t + "5"], name=t + "_unsqueeze"),
            n("Expand", [t + "5", "rep_shape"], [t + "e"], name=t + "_expand"),
            n("Reshape", [t + "e", "heads4"], [t + "r"], name=t + "_repeat"),
        ]
    nodes += [
        n("Transpose", ["kr"], ["kt"], name="k_t", perm=[0, 1, 3, 2]),
        n("MatMul", ["q", "kt"], ["s0"], name="scores"),
        n("Mul", ["s0", "scale"], ["s"], name="scale"),
        n("Softmax", ["s"], ["p"], name="softmax", axis=-1),
        n("MatMul", ["p", "vr"], ["y"], name="context"),
    ]
    graph = helper.make_graph(
        nodes, "gqa",
        [helper.make_tensor_value_info("q", TensorProto.FLOAT, [1, 4, 6, 8]),
         helper.make_tensor_value_info("k", TensorProto.FLOAT, [1, 2, 6, 8]),
         helper.make_tensor_value_info("v", TensorProto.FLOAT, [1, 2, 6, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 6, 8])],
        [init("axes2", np.array([2], np.int64)),
         init("rep_shape", np.array([1, 2, 2, 6, 8], np.int64)),
         init("heads4", np.array([1, 4, 6, 8], np.int64)),
         init("scale", np.array(0.125, np.float32))])
    save(graph, out)
    r = rng()
    q, k, v = (r.standard_normal(s).astype(np.float32)
               for s in ((1, 4, 6, 8), (1, 2, 6, 8), (1, 2, 6, 8)))
    kr, vr = (np.repeat(t.astype(np.float64), 2, axis=1) for t in (k, v))
    sc = q @ kr.transpose(0, 1, 3, 2) * 0.125
    p = np.exp(sc - sc.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    save_data(data, q=q, k=k, v=v, y=(p @ vr).astype(np.float32))


def rope(out, data=None):
    """Hugging Face's rotary embedding: x * cos + rotate_half(x) * sin,
    rotate_half(x) = concat(-x[..., 4:], x[..., :4]); x [1, 2, 4, 8],
    tables [1, 1, 4, 8]."""
    inv = 1.0 / (10000 ** (np.arange(0, 8, 2) / 8))
    f = np.outer(np.arange(4), inv)
    e = np.concatenate([f, f], -1).reshape(1, 1, 4, 8)
    cos, sin = np.cos(e).astype(np.float32), np.sin(e).astype(np.float32)
    n = helper.make_node
    nodes = [
        n("Slice", ["x", "zero", "half", "last"], ["x1"], name="first_half"),
        n("Slice", ["x", "half", "end", "last"], ["x2"], name="second_half"),
        n("Neg", ["x2"], ["nx2"], name="neg"),
        n("Concat", ["nx2", "x1"], ["rot"], name="rotate_half", axis=-1),
        n("Mul", ["x", "cos"], ["xc"], name="x_cos"),
        n("Mul", ["rot", "sin"], ["rs"], name="rot_sin"),
        n("Add", ["xc", "rs"], ["y"], name="rope"),
    ]
    graph = helper.make_graph(
        nodes, "rope",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 4, 8])],
        [init("cos", cos), init("sin", sin),
         init("zero", np.array([0], np.int64)),
         init("half", np.array([4], np.int64)),
         init("end", np.array([2 ** 62], np.int64)),
         init("last", np.array([-1], np.int64))])
    save(graph, out)
    x = rng().standard_normal((1, 2, 4, 8)).astype(np.float32)
    x64 = x.astype(np.float64)
    rot = np.concatenate([-x64[..., 4:], x64[..., :4]], -1)
    save_data(data, x=x, y=(x64 * cos + rot * sin).astype(np.float32))


def unsupported(out):
    """A Relu, then a Conv, which the importer does not support."""
    w = np.ones((2, 3, 1, 1), np.float32)
    n = helper.make_node
    graph = helper.make_graph(
        [n("Relu", ["x"], ["r"], name="act"),
         n("Conv", ["r", "w"], ["y"], name="conv_1")],
        "unsupported",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 4, 4])],
        [init("w", w)])
    save(graph, out)


def reductions(out, data=None):
    """ReduceMean over the last axis (kept), ReduceSum over axis 0 (axes as
    a constant input, not kept) of its square, ReduceMax over all axes
    (no axes: all of them), then sums of the three."""
    n = helper.make_node
    graph = helper.make_graph(
        [n("ReduceMean", ["x"], ["m"], name="mean", axes=[-1]),
         n("Mul", ["x", "x"], ["sq"], name="square"),
         n("ReduceSum", ["sq", "axes0"], ["s"], name="sum", keepdims=0),
         n("ReduceMax", ["x"], ["mx"], name="max"),
         n("Add", ["m", "s"], ["ms"], name="add_ms"),
         n("Add", ["ms", "mx"], ["y"], name="add_max")],
        "reductions",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 8])],
        [init("axes0", np.array([0], np.int64))])
    save(graph, out)
    x = rng().standard_normal((3, 8)).astype(np.float32)
    y = (x.astype(np.float64).mean(-1, keepdims=True)
         + (x.astype(np.float64) ** 2).sum(0)
         + x.astype(np.float64).max(keepdims=True))
    save_data(data, x=x, y=y.astype(np.float32))


def math_ops(out, data=None):
    """The math ops without a transformer pattern, each feeding one output:
    Pow with a run-time per-element exponent (negative bases with integral
    exponents), Log of Abs, LogSoftmax over axis 0, Clip with a constant
    min and no max, ReduceMin, ReduceProd, ReduceL1, ReduceL2,
    ReduceSumSquare, ReduceLogSum and ReduceLogSumExp (axes as attributes,
    opset 17), CastLike to the input's type, and Size folded into a Mul by
    a constant (of the input's 32 elements)."""
    n = helper.make_node
    f = TensorProto.FLOAT
    graph = helper.make_graph(
        [n("Pow", ["x", "p"], ["pow"], name="pow"),
         n("Abs", ["x"], ["abs"], name="abs"),
         n("Log", ["abs"], ["log"], name="log"),
         n("LogSoftmax", ["x"], ["logsoftmax"], name="logsoftmax", axis=0),
         n("Clip", ["x", "lo", ""], ["clip"], name="clip"),
         n("ReduceMin", ["x"], ["min"], name="rmin", axes=[1]),
         n("ReduceProd", ["x"], ["prod"], name="rprod", axes=[-1],
           keepdims=0),
         n("ReduceL1", ["x"], ["l1"], name="l1", axes=[0]),
         n("ReduceL2", ["x"], ["l2"], name="l2", axes=[1]),
         n("ReduceSumSquare", ["x"], ["ssq"], name="ssq", axes=[0, 1]),
         n("ReduceLogSum", ["abs"], ["logsum"], name="logsum", axes=[1]),
         n("ReduceLogSumExp", ["x"], ["lse"], name="lse", axes=[1],
           keepdims=0),
         n("CastLike", ["x", "p"], ["castlike"], name="castlike"),
         n("Size", ["x"], ["size"], name="size"),
         n("Cast", ["size"], ["sizef"], name="size_float", to=f),
         n("Mul", ["castlike", "sizef"], ["scaled"], name="scale")],
        "math_ops",
        [helper.make_tensor_value_info("x", f, [4, 8]),
         helper.make_tensor_value_info("p", f, [4, 8])],
        [helper.make_tensor_value_info(o, f, shape) for o, shape in
         (("pow", [4, 8]), ("log", [4, 8]), ("logsoftmax", [4, 8]),
          ("clip", [4, 8]), ("min", [4, 1]), ("prod", [4]), ("l1", [1, 8]),
          ("l2", [4, 1]), ("ssq", [1, 1]), ("logsum", [4, 1]), ("lse", [4]),
          ("scaled", [4, 8]))],
        [init("lo", np.array(-0.5, np.float32))])
    save(graph, out)
    r = rng()
    x = r.standard_normal((4, 8)).astype(np.float32)
    # Integral exponents where the base is negative, any where it is not.
    p = np.where(x < 0, r.integers(-3, 4, (4, 8)),
                 r.uniform(-2, 2, (4, 8))).astype(np.float32)
    d = x.astype(np.float64)
    e = np.exp(d - d.max(0, keepdims=True))
    save_data(data, x=x, p=p,
              pow=np.power(d, p.astype(np.float64)),
              log=np.log(np.abs(d)),
              logsoftmax=d - d.max(0, keepdims=True)
              - np.log(e.sum(0, keepdims=True)),
              clip=np.maximum(d, -0.5),
              min=d.min(1, keepdims=True),
              prod=d.prod(-1),
              l1=np.abs(d).sum(0, keepdims=True),
              l2=np.sqrt((d * d).sum(1, keepdims=True)),
              ssq=(d * d).sum(keepdims=True),
              logsum=np.log(np.abs(d).sum(1, keepdims=True)),
              lse=np.log(np.exp(d).sum(1)),
              scaled=d * 32)


def pow_int_base(out):
    """Pow of a run-time int32 base: integer arithmetic at run time."""
    graph = helper.make_graph(
        [helper.make_node("Pow", ["x", "p"], ["y"], name="pow_int")],
        "pow_int_base",
        [helper.make_tensor_value_info("x", TensorProto.INT32, [4]),
         helper.make_tensor_value_info("p", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [4])])
    save(graph, out)


def logsoftmax_axis(out):
    """LogSoftmax with an axis beyond the rank (the checker lets it pass)."""
    graph = helper.make_graph(
        [helper.make_node("LogSoftmax", ["x"], ["y"], name="lsm", axis=2)],
        "logsoftmax_axis",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])])
    save(graph, out)


def runtime_axes(out):
    """ReduceSum with its axes a run-time graph input."""
    graph = helper.make_graph(
        [helper.make_node("ReduceSum", ["x", "axes"], ["y"], name="sum")],
        "runtime_axes",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 8]),
         helper.make_tensor_value_info("axes", TensorProto.INT64, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [8])])
    save(graph, out)


def old_opset(out):
    """Relu at opset 11, below the supported range."""
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"], name="relu")], "old",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])])
    save(graph, out, opset=11)


def booleans(out, data=None):
    """Run-time booleans as a Llama-style export builds its masks: a bool
    padding mask input unsqueezed and negated, comparisons of a run-time
    tensor (Greater, LessOrEqual, Equal), Xor/And/Or, Where on run-time
    conditions (a masked_fill with a constant fill, and a choice between two
    run-time tensors), Trilu of a run-time tensor, and a bool output."""
    n = helper.make_node
    graph = helper.make_graph(
        [n("Unsqueeze", ["mask", "axes1"], ["m1"], name="unsqueeze"),
         n("Not", ["m1"], ["pad"], name="not"),
         n("Greater", ["x", "zero"], ["pos"], name="positive"),
         n("LessOrEqual", ["x", "thr"], ["le"], name="le"),
         n("Xor", ["le", "pad"], ["xr"], name="xor"),
         n("And", ["xr", "pos"], ["a"], name="and"),
         n("Equal", ["x", "x"], ["eq"], name="eq"),
         n("Or", ["a", "eq"], ["o"], name="or"),
         n("Where", ["pad", "fill", "x"], ["y1"], name="masked_fill"),
         n("Where", ["a", "x", "y1"], ["y2"], name="choose"),
         n("Trilu", ["x"], ["t"], name="tril", upper=0),
         n("Add", ["y2", "t"], ["y"], name="add")],
        "booleans",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 4, 6]),
         helper.make_tensor_value_info("mask", TensorProto.BOOL, [2, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4, 6]),
         helper.make_tensor_value_info("o", TensorProto.BOOL, [2, 4, 6])],
        [init("axes1", np.array([1], np.int64)),
         init("zero", np.array(0, np.float32)),
         init("thr", np.array([0.5], np.float32)),
         init("fill", np.array(-10000.0, np.float32))])
    save(graph, out)
    x = rng().standard_normal((2, 4, 6)).astype(np.float32)
    x[0, 0, 5] = np.nan  # masked: tests the comparisons, not in y
    mask = np.array([[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1]], bool)
    pad = ~mask[:, None, :]
    a = ((x <= 0.5) ^ pad) & (x > 0)
    o = a | (x == x)
    y1 = np.where(pad, np.float32(-10000.0), x)
    y = np.where(a, x, y1) + np.tril(x)
    save_data(data, x=x, mask=mask, y=y.astype(np.float32), o=o)


def runtime_trilu_k(out):
    """Trilu with its k a run-time graph input."""
    graph = helper.make_graph(
        [helper.make_node("Trilu", ["x", "k"], ["y"], name="triu")],
        "trilu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 4]),
         helper.make_tensor_value_info("k", TensorProto.INT64, [])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 4])])
    save(graph, out)


def training_dropout(out):
    """Dropout with a run-time training_mode (training is random)."""
    graph = helper.make_graph(
        [helper.make_node("Dropout", ["x", "ratio", "train"], ["y"],
                          name="dropout")],
        "dropout",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4]),
         helper.make_tensor_value_info("train", TensorProto.BOOL, [])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])],
        [init("ratio", np.array(0.5, np.float32))])
    save(graph, out)


def bert_attention(out, data=None, causal=False):
    """Attention with a run-time padding mask as a BERT export has it: the
    int64 attention_mask [2, 7] unsqueezed to [2, 1, 1, 7], cast to float,
    (1 - m) * finfo(float32).min, added to q @ k^T / sqrt(8) before the
    Softmax; q [2, 2, 5, 8], k and v [2, 2, 7, 8]. With `causal`, the
    scores are first masked_fill'ed with a constant triangular mask (offset
    2, GPT-2's order: causal mask, then the padding mask)."""
    n = helper.make_node
    nodes = [
        n("Unsqueeze", ["attention_mask", "axes12"], ["m4"], name="unsqueeze"),
        n("Cast", ["m4"], ["mf"], name="cast", to=TensorProto.FLOAT),
        n("Sub", ["one", "mf"], ["inv"], name="invert"),
        n("Mul", ["inv", "fmin"], ["add_mask"], name="scale_mask"),
        n("Transpose", ["k"], ["kt"], name="k_t", perm=[0, 1, 3, 2]),
        n("MatMul", ["q", "kt"], ["s0"], name="scores"),
        n("Div", ["s0", "sqrt_d"], ["s1"], name="scale"),
    ]
    inits = [init("axes12", np.array([1, 2], np.int64)),
             init("one", np.array(1, np.float32)),
             init("fmin", np.array(np.finfo(np.float32).min, np.float32)),
             init("sqrt_d", np.array(math.sqrt(8), np.float32))]
    scores = "s1"
    tril = np.tril(np.ones((5, 7), np.float32), k=2).reshape(1, 1, 5, 7)
    if causal:
        nodes += [
            n("Equal", ["tril", "zero"], ["hide"], name="equal"),
            n("Where", ["hide", "ninf", "s1"], ["s2"], name="masked_fill"),
        ]
        inits += [init("tril", tril), init("zero", np.array(0, np.float32)),
                  init("ninf", np.array(-np.inf, np.float32))]
        scores = "s2"
    nodes += [
        n("Add", [scores, "add_mask"], ["s"], name="add_mask"),
        n("Softmax", ["s"], ["p"], name="softmax", axis=-1),
        n("MatMul", ["p", "v"], ["y"], name="context"),
    ]
    graph = helper.make_graph(
        nodes, "bert_attention",
        [helper.make_tensor_value_info("q", TensorProto.FLOAT, [2, 2, 5, 8]),
         helper.make_tensor_value_info("k", TensorProto.FLOAT, [2, 2, 7, 8]),
         helper.make_tensor_value_info("v", TensorProto.FLOAT, [2, 2, 7, 8]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64,
                                       [2, 7])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 2, 5, 8])],
        inits)
    save(graph, out)
    r = rng()
    q, k, v = (r.standard_normal(s).astype(np.float32)
               for s in ((2, 2, 5, 8), (2, 2, 7, 8), (2, 2, 7, 8)))
    mask = np.ones((2, 7), np.int64)
    mask[0, 5:] = 0
    mask[1, 3:] = 0
    sc = q.astype(np.float64) @ k.astype(np.float64).transpose(0, 1, 3, 2)
    sc = sc / math.sqrt(8)
    if causal:
        sc = np.where(tril == 0, -np.inf, sc)
    sc = sc + ((1 - mask) * np.finfo(np.float32).min).reshape(2, 1, 1, 7)
    p = np.exp(sc - sc.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    save_data(data, q=q, k=k, v=v, attention_mask=mask,
              y=(p @ v.astype(np.float64)).astype(np.float32))


def bert_attention_causal(out, data=None):
    """bert_attention() with a causal mask before the padding mask."""
    bert_attention(out, data, causal=True)


MODELS = {f.__name__.replace("_", "-"): f for f in
          [mlp, mlp_external, shared_weight, half_weight, bf16_weight, ffn, gqa, rope, swiglu, norms, gelu_tanh, block, embed, masked, padding_mask, small_fill, unsupported, reductions, math_ops, pow_int_base, logsoftmax_axis,
           runtime_axes, old_opset,
           bert_attention, bert_attention_causal, booleans, runtime_trilu_k, training_dropout]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("name", choices=sorted(MODELS))
    p.add_argument("out")
    p.add_argument("--data", help="write an input and the NumPy output here")
    a = p.parse_args()
    if a.data:
        MODELS[a.name](a.out, a.data)
    else:
        MODELS[a.name](a.out)


if __name__ == "__main__":
    main()
