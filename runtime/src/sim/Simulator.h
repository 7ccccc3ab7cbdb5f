//===- Simulator.h - Event-driven NPU simulator ----------------*- C++ -*-===//
//
// The scalar unit issues one bundle every issueCycles; DMA, MXU and VPU
// instructions go to per-engine in-order queues (DMA: one per channel) and
// run when their wait semaphore allows. Timing follows the target's timing
// section; see docs/Simulator.md.
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_SIM_SIMULATOR_H
#define NPURT_SIM_SIMULATOR_H

#include "isa/ISA.h"
#include "sim/Exec.h"
#include "sim/Memory.h"
#include "target/Target.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace npu::sim {

struct EngineStats {
  std::string name; // "scalar", "dma0".."dmaN", "mxu", "vpu"
  uint64_t instructions = 0;
  uint64_t busyCycles = 0;
  /// Cycles the engine had work it could not start, by reason:
  /// "semaphore", "queue_full", "hbm_bandwidth", "fence".
  std::map<std::string, uint64_t> stallCycles;
};

struct SimStats {
  uint64_t cycles = 0;
  uint64_t bundles = 0;
  uint64_t hbmBytesRead = 0;
  uint64_t hbmBytesWritten = 0;
  uint64_t sramPeakBytes = 0;
  uint64_t macs = 0;
  std::vector<EngineStats> engines;
};

struct SimOptions {
  bool timingOnly = false;
  /// Chrome Trace Event JSON (one track per engine); empty: no trace.
  std::string tracePath;
  /// Stop with an error after this many cycles (0: no limit).
  uint64_t maxCycles = 0;
};

/// Runs `program` to completion. Errors: bad encoding, out-of-bounds or
/// misaligned access, loop/branch misuse, deadlock (the message lists each
/// engine's state and the semaphore values), cycle limit.
absl::StatusOr<SimStats> simulate(const Target &target,
                                  const std::vector<isa::Bundle> &program,
                                  const std::vector<uint64_t> &launchArgs,
                                  DeviceMemory &memory,
                                  const SimOptions &options);

} // namespace npu::sim

#endif
