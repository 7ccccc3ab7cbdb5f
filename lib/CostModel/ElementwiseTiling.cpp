//===- ElementwiseTiling.cpp - Tiles for chains of VPU ops ----------------===//

#include "npu/CostModel/ElementwiseTiling.h"

#include "Search.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include <algorithm>
#include <limits>

namespace npu::cost {

using detail::ceilDiv;
using detail::DimSplit;

uint64_t vpuChainCycles(const Target &target, uint64_t rows, uint64_t cols,
                        const std::vector<VpuOp> &ops, bool convert) {
  uint64_t cycles = 0;
  for (const VpuOp &op : ops)
    cycles += vpuOpCycles(target, rows, cols, op.transcendental);
  if (ops.empty() && convert)
    cycles += vpuOpCycles(target, rows, cols, false);
  return cycles;
}

namespace {

enum class Fetch { Once, PerTile, PerRowTile };

struct Score {
  double cycles = 0;
  uint64_t hbmBytes = 0;
  uint64_t sram = 0;
};

/// How often an extra operand is fetched when row tiles are outer.
Fetch operandFetch(VpuOperand o, const DimSplit &R, const DimSplit &C) {
  switch (o) {
  case VpuOperand::Row: // [1, cols]: changes with the column tile
    return C.tiles > 1 ? Fetch::PerTile : Fetch::Once;
  case VpuOperand::Col: // [rows, 1]: changes with the row tile
    if (R.tiles == 1)
      return Fetch::Once;
    return C.tiles > 1 ? Fetch::PerRowTile : Fetch::PerTile;
  default:
    return R.tiles * C.tiles > 1 ? Fetch::PerTile : Fetch::Once;
  }
}

bool evaluateCore(const Target &T, const ElementwiseProblem &P, uint64_t tr,
                  uint64_t tc, unsigned buffers, uint64_t budget, Score &score,
                  ElementwisePlan *plan) {
  DimSplit R(P.rows, tr), C(P.cols, tc);
  uint64_t tiles = R.tiles * C.tiles;
  unsigned nbuf = tiles == 1 ? 1 : std::max(1u, buffers);
  auto workRow = [&](uint64_t cols) {
    uint64_t b = std::max(rowBytes(P.inType, cols), rowBytes(P.outType, cols));
    if (!P.ops.empty())
      b = std::max(b, rowBytes(P.computeType, cols));
    return b;
  };
  uint64_t work = alignSram(T, R.tile * workRow(C.tile));
  uint64_t operandSram = 0;
  for (const VpuOp &op : P.ops)
    if (hasMemoryOperand(op))
      operandSram += alignSram(T, vpuOperandBytes(op, R.tile, C.tile)) *
                     (operandFetch(op.operand, R, C) == Fetch::Once ? 1 : nbuf);
  uint64_t sram = work * nbuf + operandSram;
  if (sram > budget)
    return false;

  const detail::DmaModel dma(T);
  const double L = dma.latency;
  const double channels = dma.channels;
  const bool convert = P.inType != P.outType;
  // Per tile class: the transfers that gate its VPU work, the amortised
  // ones, and the store.
  struct Class {
    double count = 0, vpu = 0, store = 0;
    std::vector<double> gate;
    double amortised = 0, amortisedTransfers = 0, once = 0;
  };
  std::vector<Class> classes;
  double vpuTotal = 0;
  for (unsigned cr = 0; cr < R.numClasses; ++cr) {
    for (unsigned cc = 0; cc < C.numClasses; ++cc) {
      uint64_t r = R.size[cr], c = C.size[cc];
      Class K;
      K.count = double(R.count[cr]) * double(C.count[cc]);
      K.gate.push_back(double(tileBytes(P.inType, r, c)));
      for (const VpuOp &op : P.ops) {
        if (!hasMemoryOperand(op))
          continue;
        double b = double(vpuOperandBytes(op, r, c));
        switch (operandFetch(op.operand, R, C)) {
        case Fetch::PerTile:
          K.gate.push_back(b);
          break;
        case Fetch::PerRowTile:
          K.amortised += b / double(C.tiles);
          K.amortisedTransfers += 1 / double(C.tiles);
          break;
        case Fetch::Once:
          K.once += double(vpuOperandBytes(op, P.rows, P.cols));
          break;
        }
      }
      K.store = double(tileBytes(P.outType, r, c));
      K.vpu = double(vpuChainCycles(T, r, c, P.ops, convert));
      vpuTotal += K.count * K.vpu;
      classes.push_back(std::move(K));
    }
  }
  double estimate = std::numeric_limits<double>::infinity();
  unsigned bestSplit = 1;
  double bestDmas = 0;
  for (unsigned split : dmaSplits(T)) {
    double total = 0, fill = 0, firstPeriod = 0, dmasTotal = 0;
    for (size_t i = 0; i < classes.size(); ++i) {
      const Class &K = classes[i];
      double loads = K.amortised, loadDmas = 0;
      for (double b : K.gate) {
        loads += b;
        loadDmas += dma.chunks(b, split);
      }
      double load = dma.group(K.gate.data(), K.gate.size(), split);
      unsigned storeChunks = dma.chunks(K.store, split);
      double store = L + K.store / std::min(dma.hbm, storeChunks * dma.cap);
      double dmas = loadDmas + storeChunks +
                    K.amortisedTransfers * dma.chunks(K.amortised, split);
      // Each buffer cycles through load, compute and store; the channels
      // serve every DMA with its latency.
      double period =
          std::max({K.vpu, (load + K.vpu + store) / nbuf,
                    dma.occupancy(dmas, loads + K.store,
                                  (loadDmas + storeChunks) * nbuf)});
      // Loads on more than half of the channels queue behind each other.
      if (2 * loadDmas > channels)
        period = std::max(period, load);
      total += K.count * period;
      dmasTotal += K.count * dmas;
      if (i == 0) {
        // One tile alone through the pipeline: the fill and drain.
        double first = load + K.once / dma.achievable;
        fill = first + K.vpu + store;
        firstPeriod = period;
      }
    }
    double e = total - firstPeriod + fill;
    if (e < estimate) {
      estimate = e;
      bestSplit = split;
      bestDmas = dmasTotal;
    }
  }

  uint64_t read = tileBytes(P.inType, P.rows, P.cols);
  for (const VpuOp &op : P.ops) {
    if (!hasMemoryOperand(op))
      continue;
    uint64_t all = vpuOperandBytes(op, P.rows, P.cols);
    // A Row operand is re-read per row tile when there are column tiles.
    if (op.operand == VpuOperand::Row && C.tiles > 1)
      all *= R.tiles;
    read += all;
  }
  uint64_t written = tileBytes(P.outType, P.rows, P.cols);

  score.cycles = estimate;
  score.hbmBytes = read + written;
  score.sram = sram;
  if (!plan)
    return true;
  plan->problem = P;
  plan->tileRows = R.tile;
  plan->tileCols = C.tile;
  plan->tilesR = R.tiles;
  plan->tilesC = C.tiles;
  plan->buffers = nbuf;
  plan->workBufferBytes = work;
  plan->operandSramBytes = operandSram;
  plan->sramBytes = sram;
  plan->sramBudget = budget;
  plan->hbmBytesRead = read;
  plan->hbmBytesWritten = written;
  size_t opsPerTile = P.ops.empty() ? (convert ? 1 : 0) : P.ops.size();
  plan->vpuInstructions = tiles * opsPerTile;
  plan->vpuCycles = uint64_t(vpuTotal + 0.5);
  plan->dmaCycles = double(read + written) / dma.achievable;
  plan->dmaSplit = bestSplit;
  plan->dmas = uint64_t(bestDmas + 0.5);
  plan->estimatedCycles = estimate;
  plan->roofline =
      elementwiseRoofline(T, P.rows, P.cols, P.inType, P.outType, P.ops);
  return true;
}

absl::Status checkProblem(const Target &target, const ElementwiseProblem &p) {
  if (absl::Status s = checkTargetForCostModel(target); !s.ok())
    return s;
  if (p.rows == 0 || p.cols == 0)
    return absl::InvalidArgumentError(absl::StrCat(
        "elementwise ", p.rows, "x", p.cols, ": dimensions must be positive"));
  constexpr uint64_t kMaxDim = uint64_t(1) << 31;
  if (p.rows > kMaxDim || p.cols > kMaxDim)
    return absl::InvalidArgumentError(absl::StrCat(
        "elementwise ", p.rows, "x", p.cols, ": a dimension is above 2^31"));
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> resolveBudget(const Target &target, uint64_t budget) {
  if (budget == 0)
    return target.arch.sramBytes;
  if (budget > target.arch.sramBytes)
    return absl::InvalidArgumentError(absl::StrCat(
        "SRAM budget of ", budget, " bytes is larger than the ",
        target.arch.sramBytes, " bytes of SRAM of target '", target.name, "'"));
  return budget;
}

} // namespace

std::string ElementwisePlan::summary() const {
  return absl::StrFormat(
      "tile=%dx%d tiles=%dx%d buffers=%d sram=%d/%d hbm=%d (read %d, "
      "written %d) cycles=%.0f roofline=%.0f (%s-bound) efficiency=%.1f%%",
      tileRows, tileCols, tilesR, tilesC, buffers, sramBytes, sramBudget,
      hbmBytes(), hbmBytesRead, hbmBytesWritten, estimatedCycles,
      roofline.cycles, roofline.memoryBound() ? "memory" : "vpu",
      100.0 * efficiency());
}

absl::StatusOr<ElementwisePlan>
evaluateElementwise(const Target &target, const ElementwiseProblem &problem,
                    uint64_t tileRows, uint64_t tileCols, unsigned buffers,
                    uint64_t sramBudget) {
  if (absl::Status s = checkProblem(target, problem); !s.ok())
    return s;
  absl::StatusOr<uint64_t> budget = resolveBudget(target, sramBudget);
  if (!budget.ok())
    return budget.status();
  if (tileRows == 0 || tileCols == 0)
    return absl::InvalidArgumentError("tile sizes must be positive");
  if (std::min(tileRows, problem.rows) > detail::kMaxTileDim ||
      std::min(tileCols, problem.cols) > detail::kMaxTileDim)
    return absl::InvalidArgumentError(
        absl::StrCat("tile sizes are limited to ", detail::kMaxTileDim,
                     " (16-bit instruction fields)"));
  if (buffers < 1 || buffers > 8)
    return absl::InvalidArgumentError("buffers must be in 1..8");
  ElementwisePlan plan;
  Score score;
  if (!evaluateCore(target, problem, tileRows, tileCols, buffers, *budget,
                    score, &plan)) {
    evaluateCore(target, problem, tileRows, tileCols, buffers,
                 std::numeric_limits<uint64_t>::max(), score, nullptr);
    return absl::ResourceExhaustedError(
        absl::StrCat("elementwise ", problem.rows, "x", problem.cols, ": tile ",
                     tileRows, "x", tileCols, " needs ", score.sram,
                     " bytes of SRAM; the budget is ", *budget));
  }
  return plan;
}

absl::StatusOr<ElementwisePlan>
planElementwise(const Target &target, const ElementwiseProblem &problem,
                const ElementwiseTilingOptions &options) {
  if (absl::Status s = checkProblem(target, problem); !s.ok())
    return s;
  absl::StatusOr<uint64_t> budget = resolveBudget(target, options.sramBudget);
  if (!budget.ok())
    return budget.status();
  if (options.minBuffers < 1 || options.minBuffers > options.maxBuffers ||
      options.maxBuffers > 8)
    return absl::InvalidArgumentError(
        "buffer counts must satisfy 1 <= minBuffers <= maxBuffers <= 8");

  struct Kept {
    Score score;
    uint64_t tr, tc;
    unsigned buffers;
  };
  std::vector<Kept> kept;
  double best = std::numeric_limits<double>::infinity();
  uint64_t qc = target.arch.vpuLanes;
  uint64_t qr = 8;
  auto search = [&](bool small) {
    std::vector<uint64_t> rs = detail::tileCandidates(problem.rows, qr, false);
    std::vector<uint64_t> cs = detail::tileCandidates(problem.cols, qc, false);
    if (small) {
      std::vector<uint64_t> r2 = detail::tileCandidates(problem.rows, qr, true);
      std::vector<uint64_t> c2 = detail::tileCandidates(problem.cols, qc, true);
      rs.insert(rs.end(), r2.begin(), r2.end());
      cs.insert(cs.end(), c2.begin(), c2.end());
    }
    for (uint64_t tr : rs)
      for (uint64_t tc : cs)
        for (unsigned nb = options.minBuffers; nb <= options.maxBuffers; ++nb) {
          Score s;
          if (!evaluateCore(target, problem, tr, tc, nb, *budget, s, nullptr))
            continue;
          if (s.cycles > best * (1 + options.cycleTolerance))
            continue;
          best = std::min(best, s.cycles);
          kept.push_back({s, tr, tc, nb});
        }
  };
  search(false);
  if (kept.empty())
    search(true);
  if (kept.empty()) {
    Score s;
    evaluateCore(target, problem, 1, 1, options.minBuffers,
                 std::numeric_limits<uint64_t>::max(), s, nullptr);
    return absl::ResourceExhaustedError(
        absl::StrCat("elementwise ", problem.rows, "x", problem.cols, " on '",
                     target.name, "': no tiling fits the SRAM budget of ",
                     *budget, " bytes; a 1x1 tile needs ", s.sram, " bytes"));
  }
  const Kept *pick =
      detail::pickNearFastest(kept, best, options.cycleTolerance);
  ElementwisePlan plan;
  Score s;
  evaluateCore(target, problem, pick->tr, pick->tc, pick->buffers, *budget, s,
               &plan);
  return plan;
}

} // namespace npu::cost
