//===- MatmulTiling.cpp - Tile sizes and loop order for a matmul ----------===//
//
// The estimate is closed-form: the m and n tile loops visit C tiles
// ("sweeps"); each sweep runs tilesK matmuls. Tiles fall into at most two
// size classes per dimension (full and last), so every quantity is a sum
// over at most 2 x 2 sweep classes x 2 k classes, whatever the problem
// size. docs/CostModel.md derives the formulas.
//
//===----------------------------------------------------------------------===//

#include "npu/CostModel/MatmulTiling.h"

#include "Search.h"
#include "npu/CostModel/ElementwiseTiling.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace npu::cost {

using detail::ceilDiv;
using detail::DimSplit;

const char *loopOrderName(LoopOrder order) {
  return order == LoopOrder::MNK ? "m,n,k" : "n,m,k";
}

const char *fetchKindName(FetchKind kind) {
  switch (kind) {
  case FetchKind::Once:
    return "once";
  case FetchKind::PerStep:
    return "per-step";
  case FetchKind::PerSweep:
    return "per-C-tile";
  case FetchKind::PerOuter:
    return "per-outer";
  }
  return "?";
}

namespace {

/// What the evaluation needs that does not depend on the tiling.
struct Context {
  explicit Context(const Target &t) : target(&t), dma(t) {}

  const Target *target;
  const MatmulProblem *problem = nullptr;
  DType aType = DType::BF16, bType = DType::BF16, accType = DType::F32,
        outType = DType::F32;
  bool hasScales = false;
  uint64_t group = 0; // effective scale group (w8/w4)
  uint64_t kPerPass = 0;
  bool convert = false;         // a vpu.mov when the epilogue is empty
  double latency = 0;           // hbm_latency_cycles
  std::vector<unsigned> splits; // DMA split factors to try
  detail::DmaModel dma;
  uint64_t budget = 0;
};

/// The dependence of an operand on the m, k and n tile indices.
struct Deps {
  bool m, k, n;
};

FetchKind fetchKind(Deps d, LoopOrder order, const DimSplit &M,
                    const DimSplit &K, const DimSplit &N) {
  if (d.k && K.tiles > 1)
    return FetchKind::PerStep;
  bool innerIsN = order == LoopOrder::MNK;
  bool depInner = innerIsN ? d.n : d.m;
  bool depOuter = innerIsN ? d.m : d.n;
  uint64_t innerTiles = innerIsN ? N.tiles : M.tiles;
  uint64_t outerTiles = innerIsN ? M.tiles : N.tiles;
  if (depInner && innerTiles > 1)
    return FetchKind::PerSweep;
  // With a single inner tile every outer iteration is one C tile.
  if (depOuter && outerTiles > 1)
    return innerTiles == 1 ? FetchKind::PerSweep : FetchKind::PerOuter;
  return FetchKind::Once;
}

Deps operandDeps(VpuOperand o) {
  switch (o) {
  case VpuOperand::Row:
    return {false, false, true};
  case VpuOperand::Col:
    return {true, false, false};
  default:
    return {true, false, true};
  }
}

/// The re-read factor of an operand (total fetched bytes / its size).
uint64_t rereads(FetchKind kind, Deps d, const DimSplit &M, const DimSplit &N) {
  if (kind != FetchKind::PerStep && kind != FetchKind::PerSweep)
    return 1;
  // Re-read once per tile of the dimension it does not depend on.
  uint64_t r = 1;
  if (!d.m)
    r *= M.tiles;
  if (!d.n)
    r *= N.tiles;
  return r;
}

struct Score {
  double cycles = 0;
  uint64_t hbmBytes = 0;
  uint64_t sram = 0;
};

/// Everything about a (tm, tk, tn, order) that does not depend on the
/// buffer counts or the DMA split, so that the search scores those
/// variants cheaply.
struct Prepared {
  DimSplit M, K, N;
  FetchKind fA = FetchKind::Once, fB = FetchKind::Once;
  bool aStep = false, bStep = false; // A/B loads that gate each matmul
  // SRAM of one buffer; epilogue operands split by fetch kind.
  uint64_t aBuf = 0, bBuf = 0, sBuf = 0, cBuf = 0;
  uint64_t epiOnce = 0, epiMulti = 0;
  struct KClass {
    double count = 0, mxu = 0;
    unsigned numGated = 0;
    double gated[3] = {0, 0, 0}; // bytes of the gating loads: A, B, scales
  };
  /// One class of C tiles (m size class x n size class).
  struct SweepClass {
    double count = 0, mxu = 0;
    double loads = 0; // bytes loaded per C tile (amortised)
    /// Transfers that gate no matmul: (bytes, transfers per C tile).
    std::vector<std::pair<double, double>> other;
    double store = 0, vpu = 0;
    unsigned numK = 0;
    KClass k[2];
  };
  unsigned numSweepClasses = 0;
  SweepClass sweep[4];
  std::vector<double> first; // transfers before the first matmul
  uint64_t sweeps = 0;
  uint64_t read = 0, written = 0;
};

/// Tiles, fetch kinds, buffer sizes and HBM traffic of a tiling: what the
/// search's pruning needs.
void prepareCore(const Context &C, uint64_t tm, uint64_t tk, uint64_t tn,
                 LoopOrder order, Prepared &R) {
  const Target &T = *C.target;
  const MatmulProblem &P = *C.problem;
  R.M = DimSplit(P.m, tm);
  R.K = DimSplit(P.k, tk);
  R.N = DimSplit(P.n, tn);
  const DimSplit &M = R.M, &K = R.K, &N = R.N;
  const Deps depA{true, true, false}, depB{false, true, true};
  R.fA = fetchKind(depA, order, M, K, N);
  R.fB = fetchKind(depB, order, M, K, N);
  R.aStep = R.fA == FetchKind::PerStep ||
            (K.tiles == 1 && R.fA == FetchKind::PerSweep);
  R.bStep = R.fB == FetchKind::PerStep ||
            (K.tiles == 1 && R.fB == FetchKind::PerSweep);
  R.sweeps = M.tiles * N.tiles;

  R.aBuf = alignSram(T, tileBytes(C.aType, M.tile, K.tile));
  R.bBuf = alignSram(T, tileBytes(C.bType, K.tile, N.tile));
  R.sBuf = C.hasScales
               ? alignSram(T, tileBytes(DType::BF16, ceilDiv(K.tile, C.group),
                                        N.tile))
               : 0;
  R.cBuf = alignSram(T, tileBytes(C.accType, M.tile, N.tile));
  R.epiOnce = R.epiMulti = 0;
  for (const VpuOp &op : P.epilogue) {
    if (!hasMemoryOperand(op))
      continue;
    uint64_t b = alignSram(T, vpuOperandBytes(op, M.tile, N.tile));
    if (fetchKind(operandDeps(op.operand), order, M, K, N) == FetchKind::Once)
      R.epiOnce += b;
    else
      R.epiMulti += b;
  }

  // Exact HBM traffic.
  uint64_t readA = tileBytes(C.aType, P.m, P.k) * rereads(R.fA, depA, M, N);
  uint64_t bAll = tileBytes(C.bType, P.k, P.n);
  if (C.hasScales) {
    // Scale rows per pass over K: one per group, or one per k tile when
    // the tiles are smaller than a group.
    uint64_t scaleRows = 0;
    for (unsigned c = 0; c < K.numClasses; ++c)
      scaleRows += K.count[c] * ceilDiv(K.size[c], C.group);
    bAll += tileBytes(DType::BF16, scaleRows, P.n);
  }
  uint64_t readB = bAll * rereads(R.fB, depB, M, N);
  uint64_t readEpi = 0;
  for (const VpuOp &op : P.epilogue) {
    if (!hasMemoryOperand(op))
      continue;
    Deps d = operandDeps(op.operand);
    FetchKind f = fetchKind(d, order, M, K, N);
    readEpi += vpuOperandBytes(op, P.m, P.n) * rereads(f, d, M, N);
  }
  R.read = readA + readB + readEpi;
  R.written = tileBytes(C.outType, P.m, P.n);
}

/// The per-class data of a prepared tiling (after prepareCore).
void prepareClasses(const Context &C, LoopOrder order, Prepared &R) {
  const Target &T = *C.target;
  const MatmulProblem &P = *C.problem;
  const DimSplit &M = R.M, &K = R.K, &N = R.N;
  auto aBytes = [&](uint64_t m, uint64_t k) {
    return double(tileBytes(C.aType, m, k));
  };
  auto bBytes = [&](uint64_t k, uint64_t n) {
    return double(tileBytes(C.bType, k, n));
  };
  auto sBytes = [&](uint64_t k, uint64_t n) {
    return C.hasScales ? double(tileBytes(DType::BF16, ceilDiv(k, C.group), n))
                       : 0.0;
  };
  const double innerTiles = double(order == LoopOrder::MNK ? N.tiles : M.tiles);
  R.numSweepClasses = 0;
  for (unsigned cm = 0; cm < M.numClasses; ++cm) {
    for (unsigned cn = 0; cn < N.numClasses; ++cn) {
      Prepared::SweepClass &S = R.sweep[R.numSweepClasses++];
      uint64_t m = M.size[cm], n = N.size[cn];
      S.count = double(M.count[cm]) * double(N.count[cn]);
      S.mxu = S.loads = 0;
      S.other.clear();
      S.numK = K.numClasses;
      for (unsigned ck = 0; ck < K.numClasses; ++ck) {
        uint64_t k = K.size[ck];
        Prepared::KClass &KC = S.k[ck];
        KC.count = double(K.count[ck]);
        KC.mxu = double(mxuMatmulCycles(T, P.mode, m, k, n));
        KC.numGated = 0;
        if (R.aStep)
          KC.gated[KC.numGated++] = aBytes(m, k);
        if (R.bStep) {
          KC.gated[KC.numGated++] = bBytes(k, n);
          if (C.hasScales)
            KC.gated[KC.numGated++] = sBytes(k, n);
        }
        S.mxu += KC.count * KC.mxu;
        for (unsigned g = 0; g < KC.numGated; ++g)
          S.loads += KC.count * KC.gated[g];
      }
      // Fetches at C-tile granularity or coarser that gate no matmul.
      auto other = [&](double bytes, double perTile) {
        if (bytes <= 0)
          return;
        S.loads += bytes * perTile;
        S.other.push_back({bytes, perTile});
      };
      if (R.fA == FetchKind::PerOuter)
        other(aBytes(m, P.k), 1 / innerTiles);
      if (R.fB == FetchKind::PerOuter) {
        other(bBytes(P.k, n), 1 / innerTiles);
        other(sBytes(P.k, n), 1 / innerTiles);
      }
      for (const VpuOp &op : P.epilogue) {
        if (!hasMemoryOperand(op))
          continue;
        FetchKind f = fetchKind(operandDeps(op.operand), order, M, K, N);
        double b = double(vpuOperandBytes(op, m, n));
        if (f == FetchKind::PerSweep)
          other(b, 1);
        else if (f == FetchKind::PerOuter)
          other(b, 1 / innerTiles);
      }
      S.store = double(tileBytes(C.outType, m, n));
      S.vpu = double(vpuChainCycles(T, m, n, P.epilogue, C.convert));
    }
  }

  // Before the first matmul: its A and B tiles and every operand fetched
  // once.
  R.first.clear();
  R.first.push_back(aBytes(M.tile, K.tile));
  R.first.push_back(bBytes(K.tile, N.tile));
  if (C.hasScales)
    R.first.push_back(sBytes(K.tile, N.tile));
  for (const VpuOp &op : P.epilogue)
    if (hasMemoryOperand(op) &&
        fetchKind(operandDeps(op.operand), order, M, K, N) == FetchKind::Once)
      R.first.push_back(double(vpuOperandBytes(op, P.m, P.n)));
}

void prepare(const Context &C, uint64_t tm, uint64_t tk, uint64_t tn,
             LoopOrder order, Prepared &R) {
  prepareCore(C, tm, tk, tn, order, R);
  prepareClasses(C, order, R);
}

/// SRAM of a prepared tiling with `buffers` / `cBuffers`.
uint64_t sramOf(const Prepared &R, unsigned buffers, unsigned cBuffers) {
  unsigned nA = R.fA == FetchKind::Once ? 1 : buffers;
  unsigned nB = R.fB == FetchKind::Once ? 1 : buffers;
  unsigned nC = R.sweeps == 1 ? 1 : cBuffers;
  return R.aBuf * nA + (R.bBuf + R.sBuf) * nB + R.cBuf * nC + R.epiOnce +
         R.epiMulti * buffers;
}

struct Timing {
  double estimate = 0, prologue = 0, tail = 0, mxu = 0, vpu = 0, dmas = 0;
};

/// The parts of the estimate that depend on the DMA split but not on the
/// buffer counts.
struct SplitData {
  unsigned split = 1;
  struct KPart {
    double nd = 0;     // DMAs of the gating loads of one step
    double bubble = 0; // issue cycles between a matmul and the next
    double group = 0;  // dmaGroupCycles of those loads
  };
  struct SweepPart {
    KPart k[2];
    double dmas = 0; // DMAs per C tile (loads and store)
    double groupDmas = 0, group = 0;
    double storeChunks = 1, store = 0, storeDelay = 0;
  };
  SweepPart sweep[4];
  double firstBytes = 0, firstDmas = 0, prologue = 0;
};

void splitData(const Context &C, const Prepared &R, unsigned split,
               SplitData &D) {
  const Target &T = *C.target;
  const double L = C.latency;
  const double H = T.timing.hbmBytesPerCycle;
  const double r = T.timing.dmaChannelBytesPerCycle;
  const double issue = T.timing.issueCycles;
  D.split = split;
  for (unsigned s = 0; s < R.numSweepClasses; ++s) {
    const Prepared::SweepClass &S = R.sweep[s];
    SplitData::SweepPart &P = D.sweep[s];
    P.dmas = P.groupDmas = P.group = 0;
    for (unsigned k = 0; k < S.numK; ++k) {
      const Prepared::KClass &KC = S.k[k];
      SplitData::KPart &K = P.k[k];
      K.nd = 0;
      for (unsigned g = 0; g < KC.numGated; ++g)
        K.nd += C.dma.chunks(KC.gated[g], split);
      // The scalar unit issues the next loads and waits for this step's
      // before it issues the matmul: one bundle each.
      K.bubble = KC.numGated ? (K.nd + 1 + KC.numGated) * issue : 0;
      K.group = C.dma.group(KC.gated, KC.numGated, split);
      P.dmas += KC.count * K.nd;
      P.groupDmas = std::max(P.groupDmas, K.nd);
      P.group = std::max(P.group, K.group);
    }
    for (const auto &[bytes, perTile] : S.other)
      P.dmas += perTile * C.dma.chunks(bytes, split);
    P.storeChunks = C.dma.chunks(S.store, split);
    P.dmas += P.storeChunks;
    P.store = L + S.store / std::min(H, P.storeChunks * r);
    P.storeDelay = L + S.store / P.storeChunks / r;
  }
  D.firstBytes = D.firstDmas = 0;
  for (double b : R.first) {
    D.firstBytes += b;
    D.firstDmas += C.dma.chunks(b, split);
  }
  D.prologue = C.dma.group(R.first.data(), R.first.size(), split);
}

/// The estimate of a prepared tiling (docs/CostModel.md, "Matmul").
Timing timeOf(const Context &C, const Prepared &R, const SplitData &D,
              unsigned buffers, unsigned cBuffers) {
  const Target &T = *C.target;
  const double channels = T.arch.dmaChannels;
  const unsigned nbuf = std::max(1u, buffers);
  const unsigned nC = R.sweeps == 1 ? 1 : cBuffers;

  // One C tile of class s. `first`: the prologue already loaded its first
  // step's tiles. `last`: nothing is prefetched during its last step.
  auto sweepTime = [&](unsigned s, bool first, bool last) {
    const Prepared::SweepClass &S = R.sweep[s];
    const SplitData::SweepPart &P = D.sweep[s];
    double steps = 0, chain = 0;
    for (unsigned k = 0; k < S.numK; ++k) {
      const Prepared::KClass &KC = S.k[k];
      const SplitData::KPart &K = P.k[k];
      if (!KC.numGated) {
        steps += KC.count * KC.mxu;
        continue;
      }
      // A buffer is busy from its load's start to its matmul's end, and
      // nbuf buffers take turns.
      double cycle = (KC.mxu + K.bubble + K.group) / nbuf;
      double step = std::max(KC.mxu + K.bubble, cycle);
      // A group on more than half of the channels leaves no free channel
      // for the next one, which queues behind it (DMA channels are in
      // order and a DMA holds its channel during its latency).
      if (2 * K.nd > channels)
        step = std::max(step, K.group);
      steps += KC.count * step;
      chain += KC.count * cycle;
      // The last step of the nest prefetches nothing.
      if (last && k + 1 == S.numK)
        steps -= step - KC.mxu;
    }
    double loads = S.loads, dmas = P.dmas;
    if (first) {
      loads = std::max(0.0, loads - D.firstBytes);
      dmas = std::max(0.0, dmas - D.firstDmas);
    }
    // When the loads are the bottleneck every buffer has its group in
    // flight, and the store shares the channels with them.
    double concurrent = P.groupDmas * nbuf + P.storeChunks;
    // A store that finds no free channel delays the load group queued
    // behind it, once per C tile.
    if (P.groupDmas > 0 && concurrent > channels)
      steps = std::max(steps, chain + P.storeDelay / nbuf);
    // With one C buffer the store is waited for; when the load groups in
    // flight hold every channel it also queues behind one of them.
    double exposedStore = P.store;
    if (nC == 1 && P.groupDmas * nbuf >= channels)
      exposedStore += P.group / nbuf;
    return std::max({steps, S.vpu,
                     C.dma.occupancy(dmas, loads + S.store, concurrent),
                     (steps + S.vpu + exposedStore) / nC});
  };

  Timing out;
  double total = 0;
  const unsigned lastClass = R.numSweepClasses - 1;
  double regular[4] = {0, 0, 0, 0};
  for (unsigned s = 0; s < R.numSweepClasses; ++s) {
    const Prepared::SweepClass &S = R.sweep[s];
    regular[s] = sweepTime(s, false, false);
    total += S.count * regular[s];
    out.dmas += S.count * D.sweep[s].dmas;
    out.mxu += S.count * S.mxu;
    out.vpu += S.count * S.vpu;
  }
  // The first and the last C tile, in place of a regular one of their
  // class (the same tile when there is one).
  if (R.sweeps == 1) {
    total += sweepTime(lastClass, true, true) - regular[lastClass];
  } else {
    total += sweepTime(0, true, false) - regular[0];
    total += sweepTime(lastClass, false, true) - regular[lastClass];
  }
  out.prologue = D.prologue;
  out.dmas += D.firstDmas;
  // With one C buffer every C tile already pays its epilogue and store.
  out.tail = nC > 1 ? R.sweep[lastClass].vpu + D.sweep[lastClass].store : 0;
  out.estimate = out.prologue + total + out.tail;
  return out;
}

/// The best DMA split for a prepared tiling (`split` 0) or the given one.
std::pair<Timing, unsigned> bestTime(const Context &C, const Prepared &R,
                                     unsigned buffers, unsigned cBuffers,
                                     unsigned split) {
  SplitData D;
  if (split != 0) {
    splitData(C, R, split, D);
    return {timeOf(C, R, D, buffers, cBuffers), split};
  }
  std::pair<Timing, unsigned> best;
  best.first.estimate = std::numeric_limits<double>::infinity();
  for (unsigned k : C.splits) {
    splitData(C, R, k, D);
    Timing t = timeOf(C, R, D, buffers, cBuffers);
    if (t.estimate < best.first.estimate)
      best = {t, k};
  }
  return best;
}

void fillPlan(const Context &C, const Prepared &R, const MatmulTiling &t,
              MatmulPlan &plan) {
  const MatmulProblem &P = *C.problem;
  auto [tm, split] = bestTime(C, R, t.buffers, t.cBuffers, t.dmaSplit);
  plan.problem = P;
  plan.tiling = t;
  plan.tiling.tm = R.M.tile;
  plan.tiling.tk = R.K.tile;
  plan.tiling.tn = R.N.tile;
  plan.tiling.dmaSplit = split;
  plan.tilesM = R.M.tiles;
  plan.tilesK = R.K.tiles;
  plan.tilesN = R.N.tiles;
  plan.lastM = R.M.last;
  plan.lastK = R.K.last;
  plan.lastN = R.N.last;
  plan.fetchA = R.fA;
  plan.fetchB = R.fB;
  plan.buffersA = R.fA == FetchKind::Once ? 1 : t.buffers;
  plan.buffersB = R.fB == FetchKind::Once ? 1 : t.buffers;
  plan.buffersC = R.sweeps == 1 ? 1 : t.cBuffers;
  plan.tiling.cBuffers = plan.buffersC;
  plan.aBufferBytes = R.aBuf;
  plan.bBufferBytes = R.bBuf;
  plan.scaleBufferBytes = R.sBuf;
  plan.cBufferBytes = R.cBuf;
  plan.epilogueSramBytes = R.epiOnce + R.epiMulti * t.buffers;
  plan.sramBytes = sramOf(R, t.buffers, t.cBuffers);
  plan.sramBudget = C.budget;
  plan.hbmBytesRead = R.read;
  plan.hbmBytesWritten = R.written;
  plan.matmuls = R.M.tiles * R.N.tiles * R.K.tiles;
  plan.dmas = uint64_t(std::llround(tm.dmas));
  plan.mxuCycles = uint64_t(std::llround(tm.mxu));
  plan.vpuCycles = uint64_t(std::llround(tm.vpu));
  plan.dmaCycles =
      double(R.read + R.written) / achievableHbmBytesPerCycle(*C.target);
  plan.prologueCycles = tm.prologue;
  plan.tailCycles = tm.tail;
  plan.estimatedCycles = tm.estimate;
  plan.roofline = matmulRoofline(*C.target, P.m, P.k, P.n, P.mode, P.outType,
                                 P.group, P.epilogue);
}

/// The plans found so far that no other beats on both cycles and HBM
/// bytes, by increasing cycles (so decreasing bytes).
class Frontier {
public:
  /// Whether a plan of at least `cycles` cycles moving `bytes` bytes loses
  /// to a known one: that one is as fast and moves fewer bytes.
  bool dominates(double cycles, uint64_t bytes) const {
    auto it =
        std::upper_bound(points_.begin(), points_.end(), cycles,
                         [](double c, const std::pair<double, uint64_t> &p) {
                           return c < p.first;
                         });
    return it != points_.begin() && std::prev(it)->second < bytes;
  }
  void insert(double cycles, uint64_t bytes) {
    auto it =
        std::upper_bound(points_.begin(), points_.end(), cycles,
                         [](double c, const std::pair<double, uint64_t> &p) {
                           return c < p.first;
                         });
    if (it != points_.begin() && std::prev(it)->second <= bytes)
      return;
    it = points_.insert(it, {cycles, bytes});
    auto end = std::next(it);
    while (end != points_.end() && end->second >= bytes)
      ++end;
    points_.erase(std::next(it), end);
  }

private:
  std::vector<std::pair<double, uint64_t>> points_;
};

absl::Status checkProblem(const Target &target, const MatmulProblem &p) {
  if (absl::Status s = checkTargetForCostModel(target); !s.ok())
    return s;
  if (p.m == 0 || p.k == 0 || p.n == 0)
    return absl::InvalidArgumentError(absl::StrCat(
        "matmul ", p.m, "x", p.k, "x", p.n, ": dimensions must be positive"));
  // Far beyond any device, and keeps byte counts within 64 bits.
  constexpr uint64_t kMaxDim = uint64_t(1) << 31;
  if (p.m > kMaxDim || p.k > kMaxDim || p.n > kMaxDim)
    return absl::InvalidArgumentError(absl::StrCat(
        "matmul ", p.m, "x", p.k, "x", p.n, ": a dimension is above 2^31"));
  return checkMatmulMode(target, p.mode);
}

Context makeContext(const Target &target, const MatmulProblem &p,
                    uint64_t budget) {
  Context C(target);
  C.problem = &p;
  C.aType = matmulAType(p.mode);
  C.bType = matmulBType(p.mode);
  C.accType = matmulAccType(p.mode);
  C.outType = p.outType;
  C.hasScales = p.mode == MatmulMode::W8 || p.mode == MatmulMode::W4;
  C.group = (p.group == 0 || p.group > p.k) ? p.k : p.group;
  C.kPerPass = mxuKPerPass(target, p.mode);
  C.convert = p.outType != C.accType;
  C.splits = dmaSplits(target);
  C.latency = target.timing.hbmLatency;
  C.budget = budget;
  return C;
}

/// In w8/w4 a k tile must hold whole scale groups or lie inside one: the
/// MXU indexes the scales from the tile's first row.
bool validTk(const Context &C, uint64_t tk) {
  return !C.hasScales || tk >= C.problem->k || tk % C.group == 0 ||
         C.group % tk == 0;
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

std::string problemName(const MatmulProblem &p) {
  return absl::StrCat("matmul ", p.m, "x", p.k, "x", p.n, " (",
                      matmulModeName(p.mode), ", out ", dtypeName(p.outType),
                      ")");
}

} // namespace

std::string MatmulPlan::summary() const {
  return absl::StrFormat(
      "tm=%d tk=%d tn=%d order=%s tiles=%dx%dx%d buffers A%d B%d C%d "
      "sram=%d/%d hbm=%d (read %d, written %d) cycles=%.0f roofline=%.0f "
      "(%s-bound) efficiency=%.1f%%",
      tiling.tm, tiling.tk, tiling.tn, loopOrderName(tiling.order), tilesM,
      tilesK, tilesN, buffersA, buffersB, buffersC, sramBytes, sramBudget,
      hbmBytes(), hbmBytesRead, hbmBytesWritten, estimatedCycles,
      roofline.cycles, roofline.memoryBound() ? "memory" : "compute",
      100.0 * efficiency());
}

absl::StatusOr<MatmulPlan> evaluateMatmul(const Target &target,
                                          const MatmulProblem &problem,
                                          const MatmulTiling &tiling,
                                          uint64_t sramBudget) {
  if (absl::Status s = checkProblem(target, problem); !s.ok())
    return s;
  absl::StatusOr<uint64_t> budget = resolveBudget(target, sramBudget);
  if (!budget.ok())
    return budget.status();
  const MatmulTiling &t = tiling;
  if (t.tm == 0 || t.tk == 0 || t.tn == 0)
    return absl::InvalidArgumentError("tile sizes must be positive");
  if (std::min(t.tm, problem.m) > detail::kMaxTileDim ||
      std::min(t.tk, problem.k) > detail::kMaxTileDim ||
      std::min(t.tn, problem.n) > detail::kMaxTileDim)
    return absl::InvalidArgumentError(
        absl::StrCat("tile sizes are limited to ", detail::kMaxTileDim,
                     " (16-bit instruction fields)"));
  if (t.buffers < 1 || t.buffers > 8 || t.cBuffers < 1 || t.cBuffers > 4)
    return absl::InvalidArgumentError(
        "buffers must be in 1..8 and cBuffers in 1..4");
  if (t.dmaSplit > target.arch.dmaChannels)
    return absl::InvalidArgumentError(
        absl::StrCat("dmaSplit=", t.dmaSplit, " exceeds the ",
                     target.arch.dmaChannels, " DMA channels"));
  Context C = makeContext(target, problem, *budget);
  if (!validTk(C, t.tk))
    return absl::InvalidArgumentError(absl::StrCat(
        "tk=", t.tk, " must be a multiple or a divisor of the scale group ",
        C.group, " (or cover K)"));
  if (C.bType == DType::Int4 && t.tn < problem.n && t.tn % 2 != 0)
    return absl::InvalidArgumentError(
        absl::StrCat("tn=", t.tn, " must be even for int4 weights"));
  Prepared R;
  prepare(C, t.tm, t.tk, t.tn, t.order, R);
  uint64_t sram = sramOf(R, t.buffers, t.cBuffers);
  if (sram > C.budget)
    return absl::ResourceExhaustedError(absl::StrCat(
        problemName(problem), ": tiling tm=", t.tm, " tk=", t.tk, " tn=", t.tn,
        " needs ", sram, " bytes of SRAM; the budget is ", C.budget));
  MatmulPlan plan;
  fillPlan(C, R, t, plan);
  return plan;
}

absl::StatusOr<MatmulPlan> planMatmul(const Target &target,
                                      const MatmulProblem &problem,
                                      const MatmulTilingOptions &options) {
  if (absl::Status s = checkProblem(target, problem); !s.ok())
    return s;
  absl::StatusOr<uint64_t> budget = resolveBudget(target, options.sramBudget);
  if (!budget.ok())
    return budget.status();
  if (options.orders.empty())
    return absl::InvalidArgumentError("no loop order to consider");
  if (options.minBuffers < 1 || options.minBuffers > options.maxBuffers ||
      options.maxBuffers > 8)
    return absl::InvalidArgumentError(
        "buffer counts must satisfy 1 <= minBuffers <= maxBuffers <= 8");
  Context C = makeContext(target, problem, *budget);

  uint64_t qm = target.arch.mxuCols;
  uint64_t qk = C.kPerPass;
  const uint64_t kStep = 1;
  if (C.hasScales && C.group < problem.k)
    qk = std::lcm(qk, C.group);
  uint64_t qn = target.arch.mxuCols;
  uint64_t nStep = 1;
  if (C.bType == DType::Int4) {
    qn = std::lcm<uint64_t>(qn, 2);
    nStep = 2;
  }

  struct Kept {
    Score score;
    MatmulTiling tiling;
  };
  double best = std::numeric_limits<double>::infinity();
  std::vector<Kept> kept;
  Frontier frontier;
  bool hasMNK = std::find(options.orders.begin(), options.orders.end(),
                          LoopOrder::MNK) != options.orders.end();
  const DType aType = C.aType, bType = C.bType, accType = C.accType;

  auto search = [&](bool small) {
    std::vector<uint64_t> ms = detail::tileCandidates(problem.m, qm, false);
    std::vector<uint64_t> ks = detail::tileCandidates(problem.k, qk, false);
    std::vector<uint64_t> ns = detail::tileCandidates(problem.n, qn, false);
    if (small) {
      // Everything below the regular sizes, for budgets that need it.
      auto append = [](std::vector<uint64_t> &v, std::vector<uint64_t> w) {
        v.insert(v.end(), w.begin(), w.end());
      };
      append(ms, detail::tileCandidates(problem.m, qm, true));
      append(ks, detail::tileCandidates(problem.k, qk, true, kStep));
      append(ns, detail::tileCandidates(problem.n, qn, true, nStep));
    }
    // Largest first, so that good plans are found early and the MXU lower
    // bound below prunes the small tiles.
    auto desc = [](std::vector<uint64_t> &v) {
      std::sort(v.begin(), v.end(), std::greater<uint64_t>());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    desc(ms);
    desc(ks);
    desc(ns);
    ks.erase(std::remove_if(ks.begin(), ks.end(),
                            [&](uint64_t tk) { return !validTk(C, tk); }),
             ks.end());
    // Sums over the tiles of a dimension of ceil(tile / q) (passes).
    auto passSum = [](uint64_t dim, uint64_t tile, uint64_t q) {
      DimSplit d(dim, tile);
      uint64_t sum = 0;
      for (unsigned c = 0; c < d.numClasses; ++c)
        sum += d.count[c] * ceilDiv(d.size[c], q);
      return double(sum);
    };
    const double fill = target.timing.mxuFillLatency;
    const double L = C.latency;
    const double bw = achievableHbmBytesPerCycle(target);
    Prepared R;
    SplitData D;
    for (LoopOrder order : options.orders) {
      for (uint64_t tm : ms) {
        uint64_t tilesM = ceilDiv(problem.m, tm);
        for (uint64_t tn : ns) {
          uint64_t cMin = alignSram(target, tileBytes(accType, tm, tn));
          if (cMin > C.budget)
            continue;
          uint64_t tilesN = ceilDiv(problem.n, tn);
          // With one m or n tile the two orders are the same nest.
          if (order == LoopOrder::NMK && (tilesM == 1 || tilesN == 1) && hasMNK)
            continue;
          bool oneSweep = tilesM * tilesN == 1;
          double nPasses = passSum(problem.n, tn, target.arch.mxuCols);
          for (uint64_t tk : ks) {
            uint64_t minSram = cMin +
                               alignSram(target, tileBytes(aType, tm, tk)) +
                               alignSram(target, tileBytes(bType, tk, tn));
            if (minSram > C.budget)
              continue;
            // The estimate is at least the prologue's latency plus the
            // total MXU time.
            uint64_t tilesK = ceilDiv(problem.k, tk);
            double mxu = double(tilesM * tilesN * tilesK) * fill +
                         passSum(problem.k, tk, C.kPerPass) * nPasses *
                             double(problem.m);
            if (L + mxu > best * (1 + options.cycleTolerance))
              continue;
            prepareCore(C, tm, tk, tn, order, R);
            // Every estimate is at least the latency plus the MXU time and
            // the time to move its bytes at the achievable bandwidth.
            uint64_t bytes = R.read + R.written;
            double lower = L + std::max(mxu, double(bytes) / bw);
            if (lower > best * (1 + options.cycleTolerance))
              continue;
            // A plan at least as fast that moves fewer bytes is preferred
            // to this one whatever the other plans are.
            if (frontier.dominates(lower, bytes))
              continue;
            prepareClasses(C, order, R);
            for (unsigned split : C.splits) {
              splitData(C, R, split, D);
              for (unsigned nb = options.minBuffers; nb <= options.maxBuffers;
                   ++nb) {
                for (unsigned nc = 1; nc <= (oneSweep ? 1u : 2u); ++nc) {
                  uint64_t sram = sramOf(R, nb, nc);
                  if (sram > C.budget)
                    continue;
                  double cycles = timeOf(C, R, D, nb, nc).estimate;
                  if (cycles > best * (1 + options.cycleTolerance))
                    continue;
                  best = std::min(best, cycles);
                  frontier.insert(cycles, R.read + R.written);
                  kept.push_back(
                      {Score{cycles, R.read + R.written, sram},
                       MatmulTiling{tm, tk, tn, order, nb, nc, split}});
                }
              }
            }
          }
        }
      }
    }
  };
  search(false);
  if (kept.empty())
    search(true);
  if (kept.empty()) {
    // Report what the smallest candidate tiles with the fewest buffers
    // would need.
    auto smallest = [&](uint64_t dim, uint64_t quantum, uint64_t step,
                        bool isK) {
      std::vector<uint64_t> v =
          detail::tileCandidates(dim, quantum, true, step);
      std::vector<uint64_t> w = detail::tileCandidates(dim, quantum, false);
      v.insert(v.end(), w.begin(), w.end());
      uint64_t best = dim;
      for (uint64_t x : v)
        if (!isK || validTk(C, x))
          best = std::min(best, x);
      return best;
    };
    MatmulTiling t{smallest(problem.m, qm, 1, false),
                   smallest(problem.k, qk, kStep, true),
                   smallest(problem.n, qn, nStep, false),
                   options.orders.front(),
                   options.minBuffers,
                   1};
    Prepared R;
    prepare(C, t.tm, t.tk, t.tn, t.order, R);
    return absl::ResourceExhaustedError(
        absl::StrCat(problemName(problem), " on '", target.name,
                     "': no tiling fits the SRAM budget of ", C.budget,
                     " bytes; the smallest tiles (tm=", R.M.tile,
                     " tk=", R.K.tile, " tn=", R.N.tile, ", ", t.buffers,
                     " buffers) need ", sramOf(R, t.buffers, 1), " bytes"));
  }
  const Kept *pick =
      detail::pickNearFastest(kept, best, options.cycleTolerance);
  Prepared R;
  const MatmulTiling &t = pick->tiling;
  prepare(C, t.tm, t.tk, t.tn, t.order, R);
  MatmulPlan plan;
  fillPlan(C, R, t, plan);
  return plan;
}

} // namespace npu::cost
