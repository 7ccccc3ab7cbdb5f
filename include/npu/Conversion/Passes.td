//===- Passes.td - Conversion passes of the npu compiler ---*- tablegen -*-===//
//
// Passes that convert between the npu dialects (docs/Compiler.md, "Passes").
//
//===----------------------------------------------------------------------===//

#ifndef NPU_CONVERSION_PASSES_TD
#define NPU_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def NpuDecomposeAttention
    : Pass<"npu-decompose-attention", "::mlir::ModuleOp"> {
  let summary = "Rewrite npu_graph.attention into matmul, scale, softmax, "
                "matmul";
  let description = [{
Replaces every `npu_graph.attention` (q `[b, hq, sq, d]`, k `[b, hkv, skv,
d]`, v `[b, hkv, skv, dv]`) by the graph ops whose device numerics are the
op's documented ones (docs/dialects/npu_graph.md), with `G = hq / hkv`:

```
q' = reshape q to [b, hkv, G*sq, d]           (consecutive heads of a group)
s  = matmul q', k transpose_b -> f32          [b, hkv, G*sq, skv]
s  = mul s, fp32(scale)                       (omitted when scale is 1)
s  = add (reshape s to [b, hq, sq, skv]), mask (with a mask; cast to f32)
p  = softmax (reshape s to [b, hkv, G, sq, skv]) axis = -1 [causal offset]
p' = cast (reshape p to [b, hkv, G*sq, skv]) to the element type (bf16 only)
o  = matmul p', v                             [b, hkv, G*sq, dv]
result = reshape o to [b, hq, sq, dv]
```

The reshapes move no data (npu-tile-graph lowers them to views), each
(batch, key/value head) pair is one batched matmul over the `G*sq` query
rows of its group, and `k` is read in place through `transpose_b`. The
causal mask applies to the query position within its head (the reshape to
rank 5 makes `sq` the row dimension of the softmax). The additive mask is
broadcast by `npu_graph.add` to the scores viewed per query head. For `f32` attention
the cast is left out: the f32 matmul rounds its operands to bf16 itself.

`npu-tile-graph` lowers attention itself with a fused kernel (scores kept
in SRAM) and applies this same rewrite to the attentions that kernel does
not take (docs/Compiler.md, "Data movement and attention"); npu-compile
runs this pass only with `--precision fp32`, first in its tile stage, so
that `npu-split-precision` also splits the attention's matmuls. The new
ops keep the attention's location, so the report attributes their cost to
it.
  }];
  let dependentDialects = ["::npu::graph::NpuGraphDialect"];
}

def NpuTileGraph : Pass<"npu-tile-graph", "::mlir::ModuleOp"> {
  let summary = "Tile npu_graph functions into npu_tile loops, DMAs and compute";
  let description = [{
Converts every `func.func` whose body is made of `npu_graph` operations on
tensors into the tile level, following the conventions of
docs/Compiler.md ("Conventions between the passes"):

- The signature becomes HBM memrefs: the inputs, then the graph results as
  trailing output arguments (destination passing); each argument gets
  `npu.io = "input"|"output"` and `npu.name` (from an existing `npu.name`
  argument/result attribute, else `arg<i>` / `out<j>`). The function
  returns nothing.
- `npu_graph.constant` becomes a private constant `memref.global` in HBM
  (64-byte aligned) read with `memref.get_global`: `dense` and
  `dense_resource` values become its `initial_value`;
  `#npu_graph.external<...>` values become an `npu.external` attribute on a
  global without initial value.
- Results that are not fused and not function outputs are HBM
  `memref.alloc`s (placed later by `npu-place-memory`).
- `npu_graph.matmul` (`bf16 x bf16 -> f32|bf16`, or `f32 x f32 -> f32`
  whose tiles are loaded as f32 and rounded to bf16 with `vpu.unary mov`;
  batch dims, broadcast like NumPy, are looped over with `scf.for` and
  addressed with rank-reducing subviews) is tiled with the plan of `npu::cost::planMatmul`
  for the target, using the whole SRAM minus a reserve (`sram-reserve`,
  default 1/16): `scf.for` loops over the (m, n) tiles in the plan's order
  and an innermost k loop, `npu_tile.alloc` for the A, B and C tiles,
  synchronous loads (`npu_tile.dma` immediately followed by
  `npu_tile.wait`; `npu-schedule-dma` adds prefetching), `npu_tile.matmul`
  (with `accumulate` after the first k tile), then the epilogue and the
  store. With a single k tile, an operand tile that only depends on the
  outer loop is loaded there (once, as the plan counts it). Sizes that are
  not multiples of the tiles get peeled edge code with the edge sizes
  (views of the full-size SRAM buffers), so every loop has constant
  bounds. DMAs copy between views with their unit dims dropped on both
  sides (e.g. a bias row is a 1-D copy into the `[1, n]` tile).
- Fusion: the chain of elementwise ops that only uses the matmul result
  (each intermediate has a single use, same shape as the matmul result) is
  applied to the C tile before the store: `add`/`sub`/`mul`/`max`/`min`/
  `div` with a row vector (`[n]` or `[1, n]`: `vpu.binary row`), a column,
  a same-shape tensor (its tile is loaded), or a splat constant
  (immediate); the unary ops below; and `cast`. Every op rounds to its
  result type as the graph does (intermediate `bf16` results go through a
  `bf16` tile).
- Standalone elementwise ops (and chains of them) are tiled with
  `npu::cost::planElementwise` over the last two dims `[rows, cols]`, the
  leading dims looped over: binary `add`, `sub`, `mul`, `div` (reciprocal
  then multiply), `max`, `min` where, in the last two dims, the second
  operand is the full tile, a row (`[1, c]` or `[c]`, broadcast over
  rows), a column (`[r, 1]`) or a splat constant (an immediate), its
  leading dims being equal or 1, and the first operand (either one for
  commutative ops) is the full tile; unary `exp`, `rsqrt`, `sqrt`,
  `reciprocal`, `tanh`, `erf`, `gelu` (both approximations), `sigmoid`,
  `silu`, `relu`, `neg` (multiply by -1) and `cast` between `f32` and
  `bf16`.
- `npu_graph.matmul` with `transpose_b` (B is `[.., n, k]`) loads its B
  tiles as they are stored (`[ns, ks]` boxes of the `[n, k]` matrix) and
  multiplies with `npu_tile.matmul ... transpose_b` (the MXU's `tb` mode):
  nothing is transposed. A `npu_graph.transpose` that swaps the last two
  dims and whose only users read it as a matmul's B is not lowered at all:
  those matmuls read its input with `transpose_b` flipped.
- Row operations, `npu_graph.softmax` (along the last dimension, with or
  without `causal`/`offset`), `npu_graph.layer_norm` and
  `npu_graph.rms_norm`, are tiled over `[tr, cols]` row tiles (whole rows
  in SRAM; tr from `npu::cost::planRowOp`, the batch dims looped over):
  each tile is loaded, computed with `vpu.reduce` and `vpu.binary`/
  `vpu.unary` (column and row broadcasts, immediates) in the op's
  documented device steps, and stored; gamma and beta are loaded once. The
  causal mask is a bf16 constant `memref.global` (`+inf` where visible,
  `-inf` where masked) applied with `vpu.binary min` before the row max: a
  `[tr, cols + last]` strip holding the masks of all row tiles (the tile
  at row `r` takes the columns from `last - r`), loaded once per row tile
  (row tiles are then the outer loop). A row that does not fit in SRAM is a
  located error.
- `npu_graph.reshape` is a view of its input (`memref.collapse_shape` /
  `memref.expand_shape`): HBM tensors are contiguous, so no data moves.
- `npu_graph.transpose` that keeps the last dim and is only read by
  matmuls (directly or through reshapes that only insert or drop unit
  dims, lowered as `memref.collapse_shape`/`expand_shape` of the strided
  view) is a `memref.transpose` view of its input: the matmuls load their
  tiles from it. Any other is one HBM-to-HBM `npu_tile.dma` from that
  view (the strides permuted) to the result, looped over leading result dims when more than the DMA's run
  and 3 strided dims remain. A permutation that keeps the last dim copies
  whole rows; one that moves it copies element by element (correct, slow).
  A dimension above 65535 (a DMA count) is reported as not supported.
- The function gets `npu.flops` (MXU FLOPs of its matmuls, from the cost
  model's roofline) and `npu.compulsory_hbm_bytes` (inputs, constants and
  outputs each moved once).

- `npu_graph.attention` (bf16) whose K and V of a (batch, key/value head)
  group fit in SRAM with a query tile's scores (`npu::cost::planAttention`)
  is one fused kernel: per group K and V are loaded once; per query tile
  (the group's `G` heads stacked when they fit, else tiles of one head's
  rows), `S = Q K^T` (MXU, `transpose_b`) into an f32 SRAM tile,
  `S * fp32(scale)`, the causal mask strip and the softmax on the VPU into
  bf16 probabilities, `O = P V` (MXU), rounded to bf16 and stored: the
  op's device numerics, without HBM round trips. A result only read by a
  transpose that keeps the last dim (heads back next to each other) is
  stored through that transpose's destination, which is then no copy. Any
  other attention is
  first rewritten as `npu-decompose-attention` does, and its ops are
  lowered as above.

Any other operation is reported with a located error
(`npu-tile-graph: 'npu_graph.gather' is not supported yet`) and the pass
fails.

The target comes from the `target` option, else the module's `npu.target`
attribute, else `npu-v1`; it is read with `npu::loadTarget`.
  }];
  let dependentDialects = ["::npu::tile::NpuTileDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect"];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target name or file; overrides the module's npu.target">,
    Option<"sramReserve", "sram-reserve", "uint64_t", /*default=*/"0",
           "SRAM bytes kept out of the tiling budget (0: 1/16 of the SRAM)">,
    Option<"pipelineAttention", "pipeline-attention", "bool",
           /*default=*/"true",
           "Software-pipeline the fused attention kernel over its head groups "
           "when each is one query tile and there are at most 16 (false: one "
           "group after another, in a loop)">
  ];
}

#endif // NPU_CONVERSION_PASSES_TD
