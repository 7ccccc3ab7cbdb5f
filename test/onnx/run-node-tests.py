#!/usr/bin/env python3
"""Runs the ONNX backend node tests (Debian's libonnx-testdata) through the
npu toolchain and compares with their expected outputs (docs/Onnx.md).

  run-node-tests.py --tools BUILD/bin [--mode interp|device] [--target T]
                    [--precision fp32|device]
                    [--filter REGEX] [--rtol X] [--atol X] [--verbose]

For every test directory (model.onnx + test_data_set_*/{input,output}_*.pb):
- skipped, with the reason, when the model uses an op the importer does not
  support, an opset outside 13..17, an element type npu_graph has no
  run-time form of (double, float16, strings, ...), a non-tensor input;
- otherwise written as an exporter would: inputs the importer needs at
  compile time (a Reshape's shape, an Unsqueeze's axes, a reduction's
  axes, ...) become initializers holding the test's values, the outputs with no
  npu_graph form (LayerNormalization's Mean and InvStdDev, Dropout's mask)
  are removed from the graph outputs and not compared, and every other
  input gets its test shape (--input-shape); imported with npu-import, then
  run
  - `--mode interp` (default): by the fp32 reference interpreter
    (npu-interp), which checks the importer: the ONNX semantics of every op;
  - `--mode device`: compiled with `npu-compile --precision fp32` (matmuls
    faithful to fp32 on the bf16 MXU) and run on the simulator with npu-run,
    with the same tolerance; any op that the compiler does not lower yet is
    a failure. `--precision device` compiles with the device's bf16 matmul
    operands instead and then defaults to rtol = atol = 2^-5;
  and every output compared with numpy.allclose(rtol, atol).
Prints one line per test and then `N passed, N failed, N skipped`; the exit
status is 1 when a test failed.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

DATA = "/usr/include/onnx/backend/test/data/node"

# Ops the importer supports (lib/Import/Onnx, docs/Onnx.md). Range and
# ConstantOfShape need their inputs at compile time (CONSTANT_INPUTS).
REDUCE = {"ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp",
          "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSum",
          "ReduceSumSquare"}
SUPPORTED = {
    "Abs", "Add", "And", "Cast", "CastLike", "Clip", "Concat", "Constant",
    "ConstantOfShape", "Div", "Dropout", "Equal", "Erf", "Exp", "Expand",
    "Flatten", "Gather", "Gemm", "Greater", "GreaterOrEqual", "Identity",
    "LayerNormalization", "Less", "LessOrEqual", "Log", "LogSoftmax",
    "MatMul", "Max", "Min", "Mul", "Neg", "Not", "Or", "Pow", "Range",
    "Reciprocal", "Relu", "Reshape", "Shape", "Sigmoid", "Size", "Slice",
    "Softmax", "Split", "Sqrt", "Squeeze", "Sub", "Tanh", "Transpose",
    "Trilu", "Unsqueeze", "Where", "Xor",
} | REDUCE
ARITHMETIC = {"Add", "Sub", "Mul", "Div", "Max", "Min", "Pow", "Neg", "Relu",
              "Sqrt", "Reciprocal", "Exp", "Erf", "Tanh", "Sigmoid", "Abs",
              "Log", "LogSoftmax", "Clip"} | REDUCE
RUNTIME_DTYPES = {np.dtype(np.float32), np.dtype(np.int64),
                  np.dtype(np.int32), np.dtype(np.int8), np.dtype(np.bool_)}


def load_tensor(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return t.name, numpy_helper.to_array(t)


def skip_reason(model):
    opset = None
    for o in model.opset_import:
        if o.domain in ("", "ai.onnx"):
            opset = o.version
    if opset is None or not 13 <= opset <= 17:
        return "opset %s (supported: 13 to 17)" % opset
    for node in model.graph.node:
        if node.domain not in ("", "ai.onnx"):
            return "op %s of domain %s" % (node.op_type, node.domain)
        if node.op_type not in SUPPORTED:
            return "op %s not supported" % node.op_type
    return None


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return p.returncode, (p.stderr or p.stdout).strip()


def first_line(text):
    for line in text.splitlines():
        if "error" in line:
            return line.split("error: ", 1)[-1][:200]
    return text.splitlines()[0][:200] if text else "(no message)"


# Inputs the importer needs at compile time (the shape of a Reshape, the
# axes of an Unsqueeze, ...). Node tests feed them as graph inputs; in an
# exported model they are constants, so the runner turns them into
# initializers holding the test's values.
CONSTANT_INPUTS = {
    "Reshape": {1}, "Slice": {1, 2, 3, 4}, "Unsqueeze": {1}, "Squeeze": {1},
    "Split": {1}, "Expand": {1}, "Clip": {1, 2}, "Trilu": {1},
    # The result's shape depends on these values: compile time in any
    # static-shape compiler.
    "Range": {0, 1, 2}, "ConstantOfShape": {0},
}
CONSTANT_INPUTS.update({op: {1} for op in REDUCE})


def model_skip_reason(model):
    for i in model.graph.input:
        if not i.type.HasField("tensor_type"):
            return "input %s is not a tensor" % i.name
    return None


def drop_extra_outputs(model):
    """The indices of the graph outputs to compare: LayerNormalization's
    Mean and InvStdDev and Dropout's mask have no npu_graph form, so they
    are removed from the graph outputs and only the main result is
    compared."""
    extra = set()
    for node in model.graph.node:
        if node.op_type in ("LayerNormalization", "Dropout"):
            extra.update(o for o in node.output[1:] if o)
    keep = [k for k, o in enumerate(model.graph.output) if o.name not in extra]
    outputs = [model.graph.output[k] for k in keep]
    del model.graph.output[:]
    model.graph.output.extend(outputs)
    return keep


def run_test(test_dir, a, work):
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    reason = skip_reason(model) or model_skip_reason(model)
    if reason:
        return "skip", reason
    sets = sorted(glob.glob(os.path.join(test_dir, "test_data_set_*")))
    if not sets:
        return "skip", "no test data"
    kept_outputs = drop_extra_outputs(model)
    init_names = {i.name for i in model.graph.initializer}
    in_names = [i.name for i in model.graph.input if i.name not in init_names]
    out_names = [o.name for o in model.graph.output]
    constant_names = set()
    for node in model.graph.node:
        for k in CONSTANT_INPUTS.get(node.op_type, ()):
            if k < len(node.input) and node.input[k] in in_names:
                constant_names.add(node.input[k])
    numbered = lambda d, kind: sorted(
        glob.glob(os.path.join(d, kind + "_*.pb")),
        key=lambda p: int(re.findall(r"\d+", p)[-1]))
    for data_set in sets:
        inputs = [load_tensor(p)[1] for p in numbered(data_set, "input")]
        expected = [load_tensor(p)[1] for p in numbered(data_set, "output")]
        expected = [expected[k] for k in kept_outputs]
        runtime_inputs = [x for n, x in zip(in_names, inputs)
                          if n not in constant_names]
        for x in expected + runtime_inputs:
            if x.dtype not in RUNTIME_DTYPES:
                return "skip", "element type %s has no run-time form in " \
                               "npu_graph" % x.dtype
            if x.size == 0:
                return "skip", "an empty tensor (npu_graph tensors are " \
                               "not empty)"
        # Forms of supported ops that npu_graph does not express (stated,
        # not hidden; docs/Onnx.md "Operators").
        for node in model.graph.node:
            if node.op_type == "Dropout" and len(node.input) > 2 and \
                    node.input[2]:
                return "skip", "Dropout in training mode (random; only " \
                               "inference is imported)"
        # An integer exponent of a float Pow is converted by the importer.
        exponents = {n.input[1] for n in model.graph.node
                     if n.op_type == "Pow" and len(n.input) > 1}
        if any(node.op_type in ARITHMETIC for node in model.graph.node) and \
                any(x.dtype.kind == "i" and name not in exponents
                    for name, x in zip(in_names, inputs)
                    if name not in constant_names) and \
                not any(node.op_type == "Gather" for node in model.graph.node):
            return "skip", "integer arithmetic at run time (npu_graph's " \
                           "elementwise ops are float)"
        # The model as an exporter would write it, with static shapes.
        m = onnx.ModelProto()
        m.CopyFrom(model)
        runtime = []
        for name, x in zip(in_names, inputs):
            if name in constant_names:
                m.graph.initializer.append(numpy_helper.from_array(x, name))
            else:
                runtime.append((name, x))
        keep = [i for i in m.graph.input if i.name not in constant_names]
        del m.graph.input[:]
        m.graph.input.extend(keep)
        onnx_path = os.path.join(work, "model.onnx")
        onnx.save(m, onnx_path)
        mlir = os.path.join(work, "model.mlir")
        cmd = [os.path.join(a.tools, "npu-import"), onnx_path, "-o", mlir]
        for name, x in runtime:
            cmd += ["--input-shape", "%s=%s" % (
                name, "x".join(map(str, x.shape)) if x.shape else "scalar")]
        rc, err = run(cmd)
        if rc:
            return "fail", "import: " + first_line(err)
        if a.mode == "device":
            npub = os.path.join(work, "model.npub")
            rc, err = run([os.path.join(a.tools, "npu-compile"), mlir, "-o",
                           npub, "--target", a.target, "--precision",
                           a.precision])
            if rc:
                return "fail", "compile: " + first_line(err)
            cmd = [os.path.join(a.tools, "npu-run"), npub]
        else:
            cmd = [os.path.join(a.tools, "npu-interp"), mlir]
        for k, (name, x) in enumerate(runtime):
            path = os.path.join(work, "in_%d.npy" % k)
            np.save(path, x)
            cmd += ["--input", path]
        outs = []
        for k, _ in enumerate(out_names):
            path = os.path.join(work, "out_%d.npy" % k)
            outs.append(path)
            cmd += ["--output", path]
        rc, err = run(cmd)
        if rc:
            return "fail", "run: " + first_line(err)
        for name, path, want in zip(out_names, outs, expected):
            got = np.load(path)
            if got.shape != want.shape:
                return "fail", "output %s has shape %s, expected %s" % (
                    name, got.shape, want.shape)
            if not np.allclose(got.astype(np.float64),
                               want.astype(np.float64), rtol=a.rtol,
                               atol=a.atol, equal_nan=True):
                diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
                return "fail", "output %s differs: max abs error %.3g" % (
                    name, float(np.nanmax(diff)))
    return "pass", ""


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tools", required=True, help="directory of npu-import "
                   "and the other npu tools")
    p.add_argument("--data", default=DATA)
    p.add_argument("--mode", choices=["interp", "device"], default="interp")
    p.add_argument("--target", default="npu-tiny")
    p.add_argument("--filter", default="", help="regex on the test name")
    p.add_argument("--precision", choices=["fp32", "device"], default="fp32",
                   help="npu-compile --precision in device mode")
    p.add_argument("--rtol", type=float)
    p.add_argument("--atol", type=float)
    p.add_argument("--verbose", action="store_true",
                   help="also list the passed tests")
    a = p.parse_args()
    loose = a.mode == "device" and a.precision == "device"
    if a.rtol is None:
        a.rtol = 2 ** -5 if loose else 1e-3
    if a.atol is None:
        a.atol = 2 ** -5 if loose else 1e-5
    print("mode %s, rtol %g, atol %g%s" % (
        a.mode, a.rtol, a.atol,
        ", target %s, precision %s" % (a.target, a.precision)
        if a.mode == "device" else ""))
    counts = {"pass": 0, "fail": 0, "skip": 0}
    tests = sorted(d for d in os.listdir(a.data)
                   if re.search(a.filter, d)
                   and os.path.isfile(os.path.join(a.data, d, "model.onnx")))
    for name in tests:
        with tempfile.TemporaryDirectory() as work:
            try:
                status, reason = run_test(os.path.join(a.data, name), a, work)
            except Exception as e:  # a broken test file is a failure too
                status, reason = "fail", "runner: %s" % e
        counts[status] += 1
        if status != "pass" or a.verbose:
            print("%s %s%s" % (status.upper(), name,
                               ": " + reason if reason else ""))
    print("%d passed, %d failed, %d skipped" % (
        counts["pass"], counts["fail"], counts["skip"]))
    return 1 if counts["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
