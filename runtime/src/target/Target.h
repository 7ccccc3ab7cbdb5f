//===- Target.h - Hardware description from targets/*.json -----*- C++ -*-===//
//
// A target file has two parts. `arch` changes the code the compiler emits
// (memory sizes, MXU shape, engine counts); its hash is recorded in every
// .npub. `timing` only changes how long things take; a binary may be re-timed
// with another timing section without recompiling. The schema is in
// docs/Targets.md. Hardware numbers live only in the target files.
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_TARGET_TARGET_H
#define NPURT_TARGET_TARGET_H

#include "absl/status/statusor.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace npu {

/// The target used when none is named.
constexpr std::string_view kDefaultTargetName = "npu-v1";
/// The `schema_version` this build reads and writes.
constexpr uint32_t kTargetSchemaVersion = 1;

struct ArchParams {
  uint64_t hbmBytes = 0;      // device HBM capacity
  uint64_t sramBytes = 0;     // on-chip scratchpad capacity
  uint32_t sramBanks = 0;     // banks; bank = (addr / sramBankWidth) % banks
  uint32_t sramBankWidth = 0; // bytes per bank row
  uint32_t sramAlign = 0;     // required alignment of MXU/VPU tile bases
  uint32_t mxuRows = 0;       // K depth of one MXU pass
  uint32_t mxuCols = 0;       // N width of one MXU pass
  uint32_t vpuLanes = 0;      // elements per VPU cycle
  uint32_t dmaChannels = 0;
  uint32_t semaphores = 0;
  uint32_t loopDepth = 0;   // nesting limit of hardware loops
  bool supportsInt8 = true; // mxu modes int8 and w8
  bool supportsInt4 = true; // mxu mode w4
};

struct TimingParams {
  double clockGHz = 0;
  double hbmBytesPerCycle = 0;        // total HBM bandwidth, shared by channels
  uint32_t hbmLatency = 0;            // cycles from DMA start to first byte
  double dmaChannelBytesPerCycle = 0; // cap of one channel
  double sramBytesPerCycle = 0;       // SRAM->SRAM DMA bandwidth per channel
  uint32_t sramLatency = 0;           // cycles, SRAM->SRAM DMA
  uint32_t dmaQueueDepth = 0;         // per channel
  uint32_t mxuQueueDepth = 0;
  uint32_t vpuQueueDepth = 0;
  uint32_t mxuFillLatency = 0; // pipeline fill/drain per matmul instruction
  uint32_t mxuInt8Speedup = 1; // int8 passes process this many K rows per row
  uint32_t vpuLatency = 0;     // per VPU instruction
  uint32_t vpuTranscendentalCost = 1; // cycles per lane group for exp, tanh...
  uint32_t issueCycles = 1;           // cycles to issue one bundle
};

struct Target {
  std::string name;
  std::string description;
  std::string source; // file the target was read from, for diagnostics
  ArchParams arch;
  TimingParams timing;
  std::string archJson; // canonical text of the arch object (hashed)

  /// FNV-1a 64 of archJson: what a .npub records.
  uint64_t archHash() const;

  // Derived figures.
  double peakFlopsPerCycleBf16() const; // 2 * rows * cols
  double peakFlopsPerCycleInt8() const;
  double peakFlopsPerSecondBf16() const;
  double peakFlopsPerSecondInt8() const;
  double hbmBytesPerSecond() const;
  double ridgePointBf16() const; // FLOP per HBM byte
};

/// Parses a target file. Errors name the file and the offending field.
absl::StatusOr<Target> parseTarget(std::string_view json,
                                   std::string_view sourceName);
/// `nameOrPath` is a file path, or a target name looked up as NAME.json in
/// $NPU_TARGET_PATH and then the installed targets directory.
absl::StatusOr<Target> loadTarget(std::string_view nameOrPath);
/// Replaces `base`'s timing with the timing section of `other`.
Target withTimingOf(const Target &base, const Target &other);

/// The target as a target file: every field in schema order, `indent`
/// spaces per level (negative: one line). parseTarget reads it back.
std::string formatTarget(const Target &target, int indent = 2);
/// Directories searched for target names: the entries of $NPU_TARGET_PATH
/// (colon separated), then the installed targets directory.
std::vector<std::string> targetSearchDirs();
/// Names of the NAME.json files in targetSearchDirs(), sorted, unique.
std::vector<std::string> knownTargetNames();

} // namespace npu

#endif
