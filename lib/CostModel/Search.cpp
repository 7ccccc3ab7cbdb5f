//===- Search.cpp - Candidate tile sizes ----------------------------------===//

#include "Search.h"

#include <algorithm>
#include <functional>

namespace npu::cost::detail {

std::vector<uint64_t> tileCandidates(uint64_t dim, uint64_t quantum, bool small,
                                     uint64_t step) {
  std::vector<uint64_t> out;
  if (dim == 0)
    return out;
  quantum = std::max<uint64_t>(1, quantum);
  step = std::max<uint64_t>(1, step);
  auto add = [&](uint64_t v) {
    v = std::min(v, dim);
    if (v > kMaxTileDim)
      v = std::max<uint64_t>(quantum, kMaxTileDim / quantum * quantum);
    if (v > 0 && v <= kMaxTileDim)
      out.push_back(v);
  };
  if (!small) {
    if (dim <= quantum) {
      add(dim);
    } else {
      uint64_t units = ceilDiv(dim, quantum);
      // Distinct values of ceil(units / j): j jumps to the next j that
      // changes the value, so this is O(sqrt(units)).
      for (uint64_t j = 1; j <= units;) {
        uint64_t v = ceilDiv(units, j);
        add(quantum * v);
        if (v == 1)
          break;
        // Smallest j' with ceil(units / j') < v.
        j = ceilDiv(units, v - 1);
        if (ceilDiv(units, j) == v)
          ++j;
      }
      for (uint64_t p = quantum; p < dim; p *= 2)
        add(p);
    }
    // A quantum beyond the field width still leaves one candidate.
    if (out.empty())
      out.push_back(std::min(dim, kMaxTileDim));
  } else {
    for (uint64_t p = step; p < std::min(quantum, dim); p *= 2)
      add(p);
  }
  std::sort(out.begin(), out.end(), std::greater<uint64_t>());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

} // namespace npu::cost::detail
