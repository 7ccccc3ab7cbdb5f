//===- AttentionTiling.cpp - Query tiles for fused attention --------------===//

#include "npu/CostModel/AttentionTiling.h"

#include "Search.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include <algorithm>

namespace npu::cost {

uint64_t attentionSramBytes(const Target &target,
                            const AttentionProblem &problem, uint64_t tileRows,
                            unsigned buffers, uint64_t headsPerTile) {
  const AttentionProblem &P = problem;
  uint64_t tr = std::max<uint64_t>(1, headsPerTile) * tileRows;
  auto aligned = [&](DType t, uint64_t rows, uint64_t cols) {
    return alignSram(target, tileBytes(t, rows, cols));
  };
  buffers = std::max(1u, buffers);
  // K and V are loaded in the loop over the groups: one copy when there is
  // a single group.
  // f32 attention: K, V and the query tile are loaded as f32 (these
  // buffers are double buffered) and rounded into single bf16 ones; the
  // output tile is the MXU's f32 result itself.
  bool f32 = P.elementType == DType::F32;
  DType io = f32 ? DType::F32 : DType::BF16;
  uint64_t kv = aligned(io, P.skv, P.d) + aligned(io, P.skv, P.dv);
  kv *= P.kvGroups > 1 ? buffers : 1;
  uint64_t loaded = aligned(io, tr, P.d) + aligned(io, tr, P.dv);
  uint64_t rounded = f32 ? aligned(DType::BF16, P.skv, P.d) +
                               aligned(DType::BF16, P.skv, P.dv) +
                               aligned(DType::BF16, tr, P.d)
                         : 0;
  // The mask is loaded once when every head is a single query tile.
  uint64_t mask = 0;
  if (P.masked)
    mask = aligned(DType::BF16, tr, P.skv) * (tileRows >= P.sq ? 1 : buffers);
  // The additive mask tile: every row of every head of the tile, or one row
  // broadcast over rows or heads.
  if (P.addMask)
    mask +=
        aligned(io,
                (P.maskPerRow ? tileRows : 1) *
                    (P.maskPerHead ? std::max<uint64_t>(1, headsPerTile) : 1),
                P.skv) *
        buffers;
  return kv + loaded * buffers + rounded + mask +
         attentionScoreBytes(target, P, tileRows, headsPerTile);
}

uint64_t attentionScoreBytes(const Target &target,
                             const AttentionProblem &problem, uint64_t tileRows,
                             uint64_t headsPerTile) {
  const AttentionProblem &P = problem;
  uint64_t tr = std::max<uint64_t>(1, headsPerTile) * tileRows;
  auto aligned = [&](DType t, uint64_t rows, uint64_t cols) {
    return alignSram(target, tileBytes(t, rows, cols));
  };
  return aligned(DType::F32, tr, P.skv) + aligned(DType::BF16, tr, P.skv) +
         aligned(DType::F32, tr, 1) +
         (P.elementType == DType::F32 ? 0 : aligned(DType::F32, tr, P.dv));
}

std::string AttentionPlan::summary() const {
  return absl::StrFormat(
      "query tile=%dx%d heads/tile=%d tiles=%d buffers=%d sram=%d/%d hbm=%d "
      "(read %d, written %d)",
      tileRows, problem.skv, headsPerTile, tiles, buffers, sramBytes,
      sramBudget, hbmBytes(), hbmBytesRead, hbmBytesWritten);
}

absl::StatusOr<AttentionPlan>
planAttention(const Target &target, const AttentionProblem &problem,
              const AttentionTilingOptions &options) {
  if (absl::Status s = checkTargetForCostModel(target); !s.ok())
    return s;
  const AttentionProblem &P = problem;
  if (P.sq == 0 || P.skv == 0 || P.d == 0 || P.dv == 0 || P.kvGroups == 0 ||
      P.group == 0)
    return absl::InvalidArgumentError(
        absl::StrCat("attention with sq=", P.sq, " skv=", P.skv, " d=", P.d,
                     " dv=", P.dv, ": dimensions must be positive"));
  if (std::max({P.skv, P.d, P.dv}) > detail::kMaxTileDim)
    return absl::InvalidArgumentError(absl::StrCat(
        "attention dimensions above ", detail::kMaxTileDim,
        " (the 16-bit tile fields) are not supported by the fused kernel"));
  uint64_t budget =
      options.sramBudget ? options.sramBudget : target.arch.sramBytes;
  if (budget > target.arch.sramBytes)
    return absl::InvalidArgumentError(absl::StrCat(
        "SRAM budget of ", budget, " bytes is larger than the ",
        target.arch.sramBytes, " bytes of SRAM of target '", target.name, "'"));

  std::vector<uint64_t> candidates = detail::tileCandidates(P.sq, 8, false);
  std::vector<uint64_t> small = detail::tileCandidates(P.sq, 8, true);
  candidates.insert(candidates.end(), small.begin(), small.end());
  std::sort(candidates.begin(), candidates.end(), std::greater<uint64_t>());
  uint64_t heads = P.kvGroups * P.group;
  auto makePlan = [&](uint64_t tr, uint64_t hg, unsigned copies,
                      uint64_t sram) {
    detail::DimSplit R(P.sq, tr);
    AttentionPlan plan;
    plan.problem = P;
    plan.tileRows = R.tile;
    plan.tiles = R.tiles;
    plan.headsPerTile = hg;
    plan.buffers = copies;
    plan.sramBytes = sram;
    plan.sramBudget = budget;
    // K and V once per group, Q and the output once; the mask once when
    // every head is one query tile, else once per query tile and head.
    DType io = P.elementType == DType::F32 ? DType::F32 : DType::BF16;
    plan.hbmBytesRead = P.kvGroups * tileBytes(io, P.skv, P.d + P.dv) +
                        heads * tileBytes(io, P.sq, P.d);
    if (P.masked)
      plan.hbmBytesRead += R.tiles == 1
                               ? tileBytes(DType::BF16, hg * P.sq, P.skv)
                               : heads * tileBytes(DType::BF16, P.sq, P.skv);
    // The additive mask: one row per batch when it broadcasts over heads
    // and rows; else, per tile of hg heads, its rows (all of them, or one
    // per tile) of each head (or of one head, broadcast over the others).
    if (P.addMask)
      plan.hbmBytesRead +=
          !P.maskPerHead && !P.maskPerRow
              ? P.batch * tileBytes(io, 1, P.skv)
              : heads / hg * (P.maskPerHead ? hg : 1) *
                    tileBytes(io, P.maskPerRow ? P.sq : R.tiles, P.skv);
    plan.hbmBytesWritten = heads * tileBytes(io, P.sq, P.dv);
    plan.flops =
        2.0 * double(heads) * double(P.sq) * double(P.skv) * double(P.d + P.dv);
    return plan;
  };
  for (unsigned nbuf : {std::max(1u, options.buffers), 1u}) {
    // All the heads of a group in one tile: one tile per group.
    if (P.group > 1 && P.group * P.sq <= detail::kMaxTileDim) {
      unsigned copies = P.kvGroups == 1 ? 1 : nbuf;
      uint64_t sram = attentionSramBytes(target, P, P.sq, copies, P.group);
      if (sram <= budget)
        return makePlan(P.sq, P.group, copies, sram);
    }
    for (uint64_t tr : candidates) {
      detail::DimSplit R(P.sq, tr);
      // A single tile of a single head is loaded once: nothing to overlap.
      unsigned copies = R.tiles * heads == 1 ? 1 : nbuf;
      uint64_t sram = attentionSramBytes(target, P, R.tile, copies);
      if (sram <= budget)
        return makePlan(R.tile, 1, copies, sram);
    }
  }
  return absl::ResourceExhaustedError(absl::StrCat(
      "keys and values of ", P.skv, " positions (d=", P.d, ", dv=", P.dv,
      ") with one query row need ", attentionSramBytes(target, P, 1, 1),
      " bytes of SRAM in the fused attention kernel; the budget on '",
      target.name, "' is ", budget, " bytes"));
}

} // namespace npu::cost
