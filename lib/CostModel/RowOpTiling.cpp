//===- RowOpTiling.cpp - Row tiles for softmax and normalisations ---------===//

#include "npu/CostModel/RowOpTiling.h"

#include "Search.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include <algorithm>
#include <limits>

namespace npu::cost {

using detail::DimSplit;

uint64_t rowOpSramBytes(const Target &target, const RowOpProblem &problem,
                        uint64_t tileRows, unsigned buffers) {
  uint64_t perCopy = 0;
  for (DType t : problem.rowBuffers)
    perCopy += alignSram(target, tileBytes(t, tileRows, problem.cols));
  for (DType t : problem.extraLoads)
    perCopy += alignSram(target, tileBytes(t, tileRows, problem.cols));
  for (DType t : problem.columnBuffers)
    perCopy += alignSram(target, tileBytes(t, tileRows, 1));
  return perCopy * buffers + alignSram(target, problem.onceSramBytes);
}

namespace {

struct Score {
  double cycles = 0;
  uint64_t sram = 0;
};

/// Scores `tr` rows per tile; false when it does not fit `budget`.
bool evaluate(const Target &T, const RowOpProblem &P, uint64_t tr,
              unsigned buffers, uint64_t budget, Score &score,
              RowOpPlan *plan) {
  DimSplit R(P.rows, tr);
  unsigned nbuf = R.tiles == 1 ? 1 : std::max(1u, buffers);
  uint64_t sram = rowOpSramBytes(T, P, R.tile, nbuf);
  if (sram > budget)
    return false;
  const detail::DmaModel dma(T);
  double total = 0, first = 0, firstPeriod = 0, vpuTotal = 0;
  for (unsigned c = 0; c < R.numClasses; ++c) {
    uint64_t r = R.size[c];
    std::vector<double> loads = {double(tileBytes(P.inType, r, P.cols))};
    for (DType t : P.extraLoads)
      loads.push_back(double(tileBytes(t, r, P.cols)));
    double loadBytes = 0;
    for (double b : loads)
      loadBytes += b;
    double storeBytes = double(tileBytes(P.outType, r, P.cols));
    double load = dma.group(loads.data(), loads.size(), 1);
    double store = dma.latency + storeBytes / std::min(dma.hbm, dma.cap);
    double vpu = 0;
    for (const VpuOp &op : P.rowOps)
      vpu += double(vpuOpCycles(T, r, P.cols, op.transcendental));
    for (const VpuOp &op : P.columnOps)
      vpu += double(vpuOpCycles(T, r, 1, op.transcendental));
    // One buffer: load, compute and store in turn. More: the next tile's
    // load and the previous one's store overlap the compute.
    double alone = load + vpu + store;
    double period = nbuf == 1
                        ? alone
                        : std::max({vpu, alone / nbuf,
                                    (loadBytes + storeBytes) / dma.achievable});
    total += double(R.count[c]) * period;
    vpuTotal += double(R.count[c]) * vpu;
    if (c == 0) {
      first = alone;
      firstPeriod = period;
    }
  }
  score.cycles = total - firstPeriod + first;
  score.sram = sram;
  if (!plan)
    return true;
  plan->problem = P;
  plan->tileRows = R.tile;
  plan->tiles = R.tiles;
  plan->buffers = nbuf;
  plan->sramBytes = sram;
  plan->sramBudget = budget;
  plan->hbmBytesRead = tileBytes(P.inType, P.rows, P.cols);
  for (DType t : P.extraLoads)
    plan->hbmBytesRead += tileBytes(t, P.rows, P.cols);
  plan->hbmBytesRead += P.onceSramBytes;
  plan->hbmBytesWritten = tileBytes(P.outType, P.rows, P.cols);
  plan->vpuInstructions = R.tiles * (P.rowOps.size() + P.columnOps.size());
  plan->vpuCycles = uint64_t(vpuTotal + 0.5);
  plan->estimatedCycles = score.cycles;
  return true;
}

} // namespace

std::string RowOpPlan::summary() const {
  return absl::StrFormat(
      "tile=%dx%d tiles=%d buffers=%d sram=%d/%d hbm=%d (read %d, written "
      "%d) vpu=%d cycles=%.0f",
      tileRows, problem.cols, tiles, buffers, sramBytes, sramBudget, hbmBytes(),
      hbmBytesRead, hbmBytesWritten, vpuCycles, estimatedCycles);
}

absl::StatusOr<RowOpPlan> planRowOp(const Target &target,
                                    const RowOpProblem &problem,
                                    const RowOpTilingOptions &options) {
  if (absl::Status s = checkTargetForCostModel(target); !s.ok())
    return s;
  if (problem.rows == 0 || problem.cols == 0)
    return absl::InvalidArgumentError(
        absl::StrCat("row operation on ", problem.rows, "x", problem.cols,
                     ": dimensions must be positive"));
  if (problem.cols > detail::kMaxTileDim)
    return absl::InvalidArgumentError(absl::StrCat(
        "rows of ", problem.cols, " elements are longer than ",
        detail::kMaxTileDim, " (the 16-bit cols field of the VPU)"));
  uint64_t budget =
      options.sramBudget ? options.sramBudget : target.arch.sramBytes;
  if (budget > target.arch.sramBytes)
    return absl::InvalidArgumentError(absl::StrCat(
        "SRAM budget of ", budget, " bytes is larger than the ",
        target.arch.sramBytes, " bytes of SRAM of target '", target.name, "'"));

  std::vector<uint64_t> candidates =
      detail::tileCandidates(problem.rows, 8, false);
  std::vector<uint64_t> small = detail::tileCandidates(problem.rows, 8, true);
  candidates.insert(candidates.end(), small.begin(), small.end());
  struct Kept {
    Score score;
    uint64_t tr;
  };
  std::vector<Kept> kept;
  double best = std::numeric_limits<double>::infinity();
  for (uint64_t tr : candidates) {
    Score s;
    if (!evaluate(target, problem, tr, options.buffers, budget, s, nullptr))
      continue;
    best = std::min(best, s.cycles);
    kept.push_back({s, tr});
  }
  if (kept.empty()) {
    uint64_t one = rowOpSramBytes(target, problem, 1, 1);
    return absl::ResourceExhaustedError(
        absl::StrCat("a row of ", problem.cols, " elements needs ", one,
                     " bytes of SRAM in this kernel; the budget on '",
                     target.name, "' is ", budget, " bytes"));
  }
  double limit = best * (1 + options.cycleTolerance);
  const Kept *pick = nullptr;
  for (const Kept &k : kept)
    if (k.score.cycles <= limit && (!pick || k.score.sram < pick->score.sram ||
                                    (k.score.sram == pick->score.sram &&
                                     k.score.cycles < pick->score.cycles)))
      pick = &k;
  RowOpPlan plan;
  Score s;
  evaluate(target, problem, pick->tr, options.buffers, budget, s, &plan);
  return plan;
}

} // namespace npu::cost
