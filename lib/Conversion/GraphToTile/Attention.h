//===- Attention.h - npu-tile-graph: fused attention ------------*- C++ -*-===//
//
// Internal to lib/Conversion/GraphToTile: the fused attention kernel of
// npu-tile-graph (scores, softmax and probabilities kept in SRAM) and the
// decomposition into graph ops used when the kernel does not fit
// (npu-decompose-attention, and npu-tile-graph's fallback).
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_CONVERSION_GRAPHTOTILE_ATTENTION_H
#define NPU_LIB_CONVERSION_GRAPHTOTILE_ATTENTION_H

#include "RowOps.h"

#include "npu/CostModel/AttentionTiling.h"
#include "npu_graph/NpuGraph.h"

#include "absl/status/statusor.h"
#include "mlir/Support/LLVM.h"

namespace npu::graph_to_tile {

/// Rewrites `op` into the graph ops of its device numerics (matmul with
/// transpose_b, mul by the scale, softmax, cast, matmul; see the
/// npu-decompose-attention description) and erases it.
void decomposeAttention(npu::graph::AttentionOp op);

/// The plan of the fused kernel for `op`, or why the kernel cannot take it
/// (f32 operands, or K and V of a group too large for `sramBudget`).
absl::StatusOr<npu::cost::AttentionPlan>
planFusedAttention(npu::graph::AttentionOp op, const npu::Target &target,
                   uint64_t sramBudget);

/// Lowers `op` with the fused kernel of `plan`: per (batch, key/value head)
/// K and V are loaded once; per query tile (the G heads of the group
/// stacked, or [tr, d] tiles of one head, as the plan says),
/// S = Q K^T (MXU, transpose_b) into an f32 SRAM tile, S *= scale,
/// S += the mask operand's rows (if any), the causal mask and the softmax
/// (emitSoftmaxTile) into bf16 probabilities, O = P V (MXU), rounded to bf16
/// and stored. Returns the HBM memref of the result.
/// With `pipeline`, groups that are one query tile each are
/// software-pipelined (see the pass option pipeline-attention).
mlir::Value lowerFusedAttention(npu::graph::AttentionOp op,
                                const npu::cost::AttentionPlan &plan,
                                RowOpEnv &env, bool pipeline);

} // namespace npu::graph_to_tile

#endif
