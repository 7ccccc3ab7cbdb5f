//===- Memory.h - Device memory of the simulator ---------------*- C++ -*-===//
//
// HBM is a set of allocations at device addresses; an access outside any
// allocation is an error (as on hardware with an MMU), which catches
// compiler bugs that a flat array would hide. SRAM is one array of the
// target's size starting at address 0.
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_SIM_MEMORY_H
#define NPURT_SIM_MEMORY_H

#include "absl/status/statusor.h"

#include <cstdint>
#include <map>
#include <vector>

namespace npu::sim {

enum class Space : uint8_t { HBM = 0, SRAM = 1 };
const char *spaceName(Space s);

class DeviceMemory {
public:
  /// First HBM address handed out; address 0 is never valid.
  static constexpr uint64_t kHbmBase = 0x1000'0000;
  static constexpr uint64_t kHbmAlign = 4096;

  DeviceMemory(uint64_t hbmCapacity, uint64_t sramBytes);

  /// Allocates zeroed HBM. Fails when capacity is exhausted.
  absl::StatusOr<uint64_t> allocate(uint64_t bytes);
  absl::Status free(uint64_t address);

  /// Bounds-checked pointer to [addr, addr + bytes) in one region. `bytes`
  /// may be 0. The error names the space and the address range.
  absl::StatusOr<uint8_t *> span(Space space, uint64_t addr, uint64_t bytes);

  uint64_t sramBytes() const { return sram_.size(); }
  /// Gives the SRAM `bytes` of zeroed storage and resets the high-water
  /// mark: SRAM is scratch, sized by the target of each launch.
  void resetSram(uint64_t bytes);
  /// Highest SRAM end address written so far (the SRAM peak).
  uint64_t sramHighWater() const { return sramHighWater_; }
  void noteSramWrite(uint64_t addr, uint64_t bytes);
  void resetSramHighWater() { sramHighWater_ = 0; }

private:
  uint64_t hbmCapacity_;
  uint64_t hbmUsed_ = 0;
  uint64_t nextAddress_ = kHbmBase;
  std::map<uint64_t, std::vector<uint8_t>> hbm_; // base -> bytes
  std::vector<uint8_t> sram_;
  uint64_t sramHighWater_ = 0;
};

} // namespace npu::sim

#endif
