//===- RowOpTiling.h - Row tiles for softmax and normalisations -*- C++ -*-===//
//
// Tiles a [rows, cols] tensor in HBM into [tr, cols] tiles for an operation
// that reduces every row (softmax, layer_norm, rms_norm): a whole row stays
// in SRAM, in the kernel's buffers, while VPU reductions and broadcasts run
// over it. docs/CostModel.md has the model.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_COSTMODEL_ROWOPTILING_H
#define NPU_COSTMODEL_ROWOPTILING_H

#include "absl/status/statusor.h"
#include "npu/CostModel/Hardware.h"

#include <string>
#include <vector>

namespace npu::cost {

struct RowOpProblem {
  uint64_t rows = 0, cols = 0;
  DType inType = DType::BF16;
  DType outType = DType::BF16;
  /// The kernel's SRAM buffers of a [tr, cols] tile, by element type (the
  /// input tile included), and of its [tr, 1] per-row values.
  std::vector<DType> rowBuffers;
  std::vector<DType> columnBuffers;
  /// [tr, cols] tiles loaded from HBM with every input tile (e.g. a mask),
  /// by element type.
  std::vector<DType> extraLoads;
  /// SRAM bytes loaded once for the whole operation (e.g. gamma and beta).
  uint64_t onceSramBytes = 0;
  /// VPU instructions per tile on the [tr, cols] tile and on the [tr, 1]
  /// per-row values.
  std::vector<VpuOp> rowOps;
  std::vector<VpuOp> columnOps;
};

struct RowOpPlan {
  RowOpProblem problem;
  uint64_t tileRows = 0, tiles = 0;
  unsigned buffers = 0;   // copies of each [tr, cols] buffer
  uint64_t sramBytes = 0; // all buffers, aligned
  uint64_t sramBudget = 0;
  uint64_t hbmBytesRead = 0, hbmBytesWritten = 0;
  uint64_t hbmBytes() const { return hbmBytesRead + hbmBytesWritten; }
  uint64_t vpuInstructions = 0;
  uint64_t vpuCycles = 0;
  double estimatedCycles = 0;
  std::string summary() const;
};

struct RowOpTilingOptions {
  uint64_t sramBudget = 0; // 0: the target's arch.sram_bytes
  /// Copies of the tile buffers when there is more than one tile, so that
  /// DMA scheduling can overlap the next load with the current tile.
  unsigned buffers = 2;
  double cycleTolerance = 0.01;
};

/// SRAM of the buffers for `tileRows` rows with `buffers` copies.
uint64_t rowOpSramBytes(const Target &target, const RowOpProblem &problem,
                        uint64_t tileRows, unsigned buffers);

/// The tile height with the lowest estimate among those that fit the
/// budget (the smallest SRAM among near-equal estimates). RESOURCE_EXHAUSTED
/// when a single row does not fit: the row is too long for this kernel.
absl::StatusOr<RowOpPlan> planRowOp(const Target &target,
                                    const RowOpProblem &problem,
                                    const RowOpTilingOptions &options = {});

} // namespace npu::cost

#endif
