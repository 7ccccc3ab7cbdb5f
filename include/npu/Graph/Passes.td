//===- Passes.td - Graph-level transforms of the npu compiler -*- tablegen -*-===//
//
// Passes that rewrite npu_graph IR into npu_graph IR (docs/Compiler.md,
// "Passes").
//
//===----------------------------------------------------------------------===//

#ifndef NPU_GRAPH_PASSES_TD
#define NPU_GRAPH_PASSES_TD

include "mlir/Pass/PassBase.td"

def NpuSplitPrecision : Pass<"npu-split-precision", "::mlir::ModuleOp"> {
  let summary = "Make f32 matmuls faithful to fp32 on the bf16 MXU";
  let description = [{
The MXU multiplies bf16 operands (with fp32 accumulation), so an
`npu_graph.matmul` of `f32` operands normally loses the low 16 bits of every
operand. This pass rewrites each matmul whose operands are `f32` into a sum
of matmuls of bf16 parts, as TPU compilers do for full precision.

Every f32 operand `x` is split into `parts` bf16 tensors (the options are 2
and 3, default 3):

```
x1 = bf16(x)    r1 = x - f32(x1)
x2 = bf16(r1)   r2 = r1 - f32(x2)
x3 = bf16(r2)
```

Each subtraction is exact in fp32 and `x1 + x2 + x3` carries 24 significant
bits, all of an fp32 value's (2 parts carry 16). The product is the sum of
the partial products `xi @ yj` with `i + j <= parts + 1` (3 products for 2
parts, 6 for 3; the dropped ones are below fp32 rounding for 3 parts), each
an MXU matmul with bf16 operands and an f32 result, added in fp32 from the
smallest terms to the largest:

```
parts = 3:  ((((x3@y1 + x2@y2) + x1@y3) + x2@y1) + x1@y2) + x1@y1
```

An operand that is an f32 constant with its data in the IR (inline or a
resource blob: a model's weight) is split now, with the device's own
f32-to-bf16 conversion, into `parts` bf16 constants, and the f32 constant
is erased when nothing else reads it; the run-time split would produce the
same bits.

Cost: `parts * (parts + 1) / 2` matmuls instead of one, each reading its
bf16 parts from HBM, plus the VPU work of the splits (about 6x the MXU time
with 3 parts). Matmuls of bf16 or i8 operands are left alone. Only the
result element type `f32` is rewritten (an f32 x f32 matmul always has
one). `npu-compile --precision fp32` runs this pass first.
  }];
  let options = [
    Option<"parts", "parts", "unsigned", /*default=*/"3",
           "bf16 parts per f32 operand: 2 or 3">
  ];
  let statistics = [
    Statistic<"numSplit", "matmuls-split", "f32 matmuls split into bf16 parts">
  ];
  let dependentDialects = ["::npu::graph::NpuGraphDialect"];
}

def NpuDecomposeRope : Pass<"npu-decompose-rope", "::mlir::ModuleOp"> {
  let summary = "Rewrite npu_graph.rope into slices, concat and arithmetic";
  let description = [{
Rewrites every `npu_graph.rope` into the graph ops its device numerics name,
which `npu-tile-graph` lowers (slices and concat as copies, the rest on the
VPU):

```
xf  = f32(x)                          (a cast only when x is bf16)
rot = concat(-xf[..., d/2:], xf[..., :d/2])
y   = (xf * cos) + (rot * sin)        (fp32, cos and sin [s, d] f32,
                                       broadcast over the leading dims)
result = y in the result type         (a cast only when x is bf16)
```

which is `y = fp32(x * cos) + fp32(rotate_half(x) * sin)`, each step rounded
to fp32, as `npu_graph.rope` documents. Tables given as bf16 are cast to
f32. With `theta` (and `offset`) the tables are computed here, as the op
defines them (angles in double, rounded once to fp32), and become
`npu_graph.constant`s (resource blobs above 16 elements, so that they are
not printed). `npu-compile` runs this pass before `npu-tile-graph`.
  }];
  let statistics = [
    Statistic<"numRopes", "ropes", "npu_graph.rope ops decomposed">
  ];
  let dependentDialects = ["::npu::graph::NpuGraphDialect"];
}

#endif // NPU_GRAPH_PASSES_TD
