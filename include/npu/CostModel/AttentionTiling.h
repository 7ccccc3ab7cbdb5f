//===- AttentionTiling.h - Query tiles for fused attention ------*- C++ -*-===//
//
// Plans the fused attention kernel of npu-tile-graph: per (batch, key/value
// head) the whole K and V stay in SRAM, and per [tr, d] tile of query rows
// the scores S = Q K^T ([tr, skv], f32), their softmax, the bf16
// probabilities and O = P V are computed in SRAM without an HBM round trip.
// docs/CostModel.md has the model.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_COSTMODEL_ATTENTIONTILING_H
#define NPU_COSTMODEL_ATTENTIONTILING_H

#include "absl/status/statusor.h"
#include "npu/CostModel/Hardware.h"

#include <string>

namespace npu::cost {

struct AttentionProblem {
  /// Query rows per head, key/value positions, head dims of q/k and of v.
  uint64_t sq = 0, skv = 0, d = 0, dv = 0;
  /// (batch, key/value head) pairs, and query heads per key/value head.
  uint64_t kvGroups = 1, group = 1;
  /// A causal mask that masks something: a [tr, skv] bf16 mask tile is
  /// loaded per query tile.
  bool masked = false;
  /// An additive mask operand ([b|1, hq|1, sq|1, skv] bf16): loaded per
  /// query tile as [rows, skv] with rows = (maskPerRow ? tr : 1) *
  /// (maskPerHead ? heads per tile : 1), once per batch when it has
  /// neither, and added to the scores.
  bool addMask = false, maskPerHead = false, maskPerRow = false;
  /// Batches (for the HBM traffic of a mask loaded once per batch).
  uint64_t batch = 1;
  /// The element type of q, k, v, the result and the additive mask: BF16,
  /// or F32, whose q, k and v tiles are loaded as f32 and rounded to bf16
  /// in SRAM for the MXU (the rounding the MXU applies to f32 operands)
  /// and whose f32 output tile is stored as it is.
  DType elementType = DType::BF16;
};

struct AttentionPlan {
  AttentionProblem problem;
  uint64_t tileRows = 0, tiles = 0; // query rows per head, tiles per head
  /// Query heads per tile: all G heads of a group (whole heads, stacked
  /// into one [G * sq, d] tile: one MXU matmul and one VPU pass for the
  /// group) when they fit, else 1.
  uint64_t headsPerTile = 1;
  unsigned buffers = 0;   // copies of the loaded/stored tiles
  uint64_t sramBytes = 0; // all buffers, aligned
  uint64_t sramBudget = 0;
  uint64_t hbmBytesRead = 0, hbmBytesWritten = 0;
  uint64_t hbmBytes() const { return hbmBytesRead + hbmBytesWritten; }
  double flops = 0; // both matmuls
  std::string summary() const;
};

struct AttentionTilingOptions {
  uint64_t sramBudget = 0; // 0: the target's arch.sram_bytes
  /// Copies of the tiles that DMAs fill or drain (K, V, the query tile, the
  /// mask tile, the bf16 output tile), so that npu-schedule-dma can overlap
  /// the next load with the current tile.
  unsigned buffers = 2;
};

/// SRAM of the fused kernel's buffers for `tileRows` query rows: K [skv, d]
/// and V [skv, dv] bf16 (`buffers` times when there is more than one
/// group, else once), Q [tr, d] bf16 and the bf16 output [tr, dv], each
/// `buffers` times, the optional mask [tr, skv] bf16 (`buffers` times when
/// a head has more than one query tile, else once); the f32 scores
/// [tr, skv], bf16 probabilities [tr, skv], f32 row values [tr, 1] and f32
/// output [tr, dv] once.
/// With `headsPerTile` > 1 every tile buffer holds that many heads' rows.
uint64_t attentionSramBytes(const Target &target,
                            const AttentionProblem &problem, uint64_t tileRows,
                            unsigned buffers, uint64_t headsPerTile = 1);

/// The SRAM bytes of the buffers a query tile's scores take (f32 scores,
/// bf16 probabilities, f32 row values and, for bf16 attention, the f32
/// output before its rounding), aligned: part of attentionSramBytes, and
/// what a second set costs (the pipelined kernel alternates two).
uint64_t attentionScoreBytes(const Target &target,
                             const AttentionProblem &problem, uint64_t tileRows,
                             uint64_t headsPerTile = 1);

/// All the heads of a group in one tile if they fit, else the largest
/// query tile of one head (fewest tiles, largest MXU matmuls) whose buffers
/// fit the budget; double-buffered if possible. RESOURCE_EXHAUSTED when not
/// even one query row fits with the whole K and V: the caller falls back
/// to a kernel that does not keep K and V in SRAM.
absl::StatusOr<AttentionPlan>
planAttention(const Target &target, const AttentionProblem &problem,
              const AttentionTilingOptions &options = {});

} // namespace npu::cost

#endif
