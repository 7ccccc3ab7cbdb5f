//===- Exec.h - Functional semantics of engine instructions ----*- C++ -*-===//
//
// Bit-exact execution of DMA, MXU and VPU instructions (docs/ISA.md,
// "Numerics"). Register operands are read from the register snapshot taken
// when the instruction was issued. In timing-only mode the arithmetic is
// skipped but every address is still bounds-checked.
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_SIM_EXEC_H
#define NPURT_SIM_EXEC_H

#include "isa/ISA.h"
#include "sim/Memory.h"
#include "target/Target.h"

#include <cstdint>

namespace npu::sim {

using RegFile = uint64_t[isa::kNumRegs];

/// Work done by one engine instruction, for the timing model and stats.
struct ExecInfo {
  uint64_t hbmBytesRead = 0;
  uint64_t hbmBytesWritten = 0;
  uint64_t sramBytesRead = 0;
  uint64_t sramBytesWritten = 0;
  uint64_t bytes = 0;    // DMA: bytes copied
  uint64_t elements = 0; // VPU: elements produced; MXU: m*n
  uint64_t macs = 0;     // MXU: m*k*n
};

struct ExecContext {
  DeviceMemory &memory;
  const ArchParams &arch;
  bool timingOnly = false;
};

/// Executes one DMA/MXU/VPU instruction. Errors (out of bounds, misaligned
/// tile, unsupported mode, bad enum value) name the instruction and operand.
absl::StatusOr<ExecInfo> execute(const isa::Inst &inst, const RegFile &regs,
                                 ExecContext &ctx);

} // namespace npu::sim

#endif
