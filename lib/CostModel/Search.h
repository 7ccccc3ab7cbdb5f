//===- Search.h - Shared helpers of the tiling searches --------*- C++ -*-===//
//
// Internal to lib/CostModel: splitting a dimension into tiles, candidate
// tile sizes, and the pick among near-equal estimates.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_COSTMODEL_SEARCH_H
#define NPU_LIB_COSTMODEL_SEARCH_H

#include "target/Target.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace npu::cost::detail {

/// Largest tile along any dimension: the ISA's m/k/n, rows/cols and DMA
/// count fields are 16 bits.
constexpr uint64_t kMaxTileDim = 65535;

inline uint64_t ceilDiv(uint64_t a, uint64_t b) { return a / b + (a % b != 0); }

/// A dimension of `dim` elements cut into tiles of `tile` (clamped to dim):
/// `tiles` tiles, the last one `last` elements. Its size classes are the
/// full tiles (count tiles - 1) and the last tile (count 1), merged when
/// they are the same size.
struct DimSplit {
  uint64_t dim = 0, tile = 0, tiles = 0, last = 0;
  unsigned numClasses = 0;
  uint64_t size[2] = {0, 0};
  uint64_t count[2] = {0, 0};

  DimSplit() = default;
  DimSplit(uint64_t dim, uint64_t t) : dim(dim) {
    tile = t < dim ? t : dim;
    tiles = ceilDiv(dim, tile);
    last = dim - (tiles - 1) * tile;
    if (last == tile) {
      numClasses = 1;
      size[0] = tile;
      count[0] = tiles;
    } else {
      numClasses = 2;
      size[0] = tile;
      count[0] = tiles - 1;
      size[1] = last;
      count[1] = 1;
    }
  }
};

/// The DMA formulas of Hardware.h with the target's numbers cached, inline
/// for the searches' inner loops (the public functions call these).
struct DmaModel {
  double latency = 0, hbm = 0, cap = 0, channels = 1, achievable = 0;
  double perLatency = 0; // bytes one channel moves during one latency

  explicit DmaModel(const Target &t)
      : latency(t.timing.hbmLatency), hbm(t.timing.hbmBytesPerCycle),
        cap(t.timing.dmaChannelBytesPerCycle),
        channels(std::max(1u, t.arch.dmaChannels)),
        achievable(std::min(hbm, channels * cap)), perLatency(latency * cap) {}

  unsigned chunks(double bytes, unsigned split) const {
    split = std::max(1u, split);
    if (!(perLatency > 0) || bytes >= split * perLatency)
      return split;
    double c = std::ceil(bytes / perLatency);
    return c >= split ? split : unsigned(std::max(1.0, c));
  }

  double group(const double *bytes, size_t count, unsigned split) const {
    double total = 0, slowest = 0, dmas = 0;
    for (size_t i = 0; i < count; ++i) {
      if (bytes[i] <= 0)
        continue;
      total += bytes[i];
      unsigned c = chunks(bytes[i], split);
      dmas += c;
      slowest = std::max(slowest, bytes[i] / std::min(hbm, c * cap));
    }
    if (total <= 0)
      return 0;
    // More DMAs than channels: the extra ones queue and pay the latency
    // again.
    double rounds = std::ceil(dmas / channels);
    return rounds * latency + std::max(total / hbm, slowest);
  }

  double occupancy(double dmas, double bytes, double concurrent) const {
    concurrent = std::min(channels, std::max(1.0, concurrent));
    double rate = std::min(cap, hbm / concurrent);
    return std::max(bytes / achievable,
                    (dmas * latency + bytes / rate) / channels);
  }
};

/// Candidate tile sizes for a dimension, largest first. Regular candidates
/// are multiples of `quantum` up to `dim` (and `dim` itself): every balanced
/// split quantum * ceil(ceil(dim / quantum) / j) and every quantum * 2^i.
/// A dimension not larger than `quantum` has the one candidate `dim`.
/// `small` candidates are those below min(quantum, dim) that are multiples
/// of `step` (powers of two times step), for budgets too small for the
/// regular ones. Every candidate is at most kMaxTileDim.
std::vector<uint64_t> tileCandidates(uint64_t dim, uint64_t quantum, bool small,
                                     uint64_t step = 1);

/// The pick among the candidates a search kept (each with a `score` of
/// `cycles`, `hbmBytes` and `sram`): the fewest HBM bytes among those within
/// `tolerance` (relative) of the fastest, `best` cycles; then the least
/// SRAM; then the fastest. Null when none is within the limit.
template <typename Kept>
const Kept *pickNearFastest(const std::vector<Kept> &kept, double best,
                            double tolerance) {
  double limit = best * (1 + tolerance);
  const Kept *pick = nullptr;
  for (const Kept &k : kept) {
    if (k.score.cycles > limit)
      continue;
    if (!pick || k.score.hbmBytes < pick->score.hbmBytes ||
        (k.score.hbmBytes == pick->score.hbmBytes &&
         (k.score.sram < pick->score.sram ||
          (k.score.sram == pick->score.sram &&
           k.score.cycles < pick->score.cycles))))
      pick = &k;
  }
  return pick;
}

} // namespace npu::cost::detail

#endif
