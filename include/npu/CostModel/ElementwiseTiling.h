//===- ElementwiseTiling.h - Tiles for chains of VPU ops -------*- C++ -*-===//
//
// Tiles a [rows, cols] tensor in HBM into tr x tc tiles for a chain of VPU
// instructions applied in place (e.g. bias add + activation + cast), with
// the chain's extra operands (Row / Col / Full) loaded per tile. Tiles are
// visited row-major (row tiles outer). docs/CostModel.md has the model.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_COSTMODEL_ELEMENTWISETILING_H
#define NPU_COSTMODEL_ELEMENTWISETILING_H

#include "absl/status/statusor.h"
#include "npu/CostModel/Hardware.h"
#include "npu/CostModel/Roofline.h"

#include <string>
#include <vector>

namespace npu::cost {

struct ElementwiseProblem {
  uint64_t rows = 0, cols = 0;
  DType inType = DType::BF16;
  DType outType = DType::BF16;
  /// Applied in order, in place on the tile. With no op and different
  /// types, a vpu.mov converts; with no op and equal types nothing runs on
  /// the VPU (a plain copy).
  std::vector<VpuOp> ops;
  /// Type of the intermediates of a chain: the working tile holds
  /// max(inType, outType, computeType) per element when there are ops.
  DType computeType = DType::F32;
};

/// The total VPU time of `ops` on one [rows, cols] tile (simulator
/// formula per instruction), plus a vpu.mov when `ops` is empty and
/// `convert` is set. Used for fused matmul epilogues too.
uint64_t vpuChainCycles(const Target &target, uint64_t rows, uint64_t cols,
                        const std::vector<VpuOp> &ops, bool convert);

struct ElementwisePlan {
  ElementwiseProblem problem;
  uint64_t tileRows = 0, tileCols = 0;
  uint64_t tilesR = 0, tilesC = 0;
  unsigned buffers = 0;          // working-tile buffers (load/compute/store)
  uint64_t workBufferBytes = 0;  // one working tile, aligned
  uint64_t operandSramBytes = 0; // extra operands, all buffers
  uint64_t sramBytes = 0;
  uint64_t sramBudget = 0;
  uint64_t hbmBytesRead = 0, hbmBytesWritten = 0;
  uint64_t hbmBytes() const { return hbmBytesRead + hbmBytesWritten; }
  unsigned dmaSplit = 1; // DMAs per tile transfer (see dmaSplits)
  uint64_t dmas = 0;     // dma.copy instructions
  uint64_t vpuInstructions = 0;
  uint64_t vpuCycles = 0; // total duration of the VPU instructions
  double dmaCycles = 0;   // HBM bytes / achievable bandwidth
  double estimatedCycles = 0;
  Roofline roofline;

  double efficiency() const {
    return estimatedCycles > 0 ? roofline.cycles / estimatedCycles : 0;
  }
  std::string summary() const;
};

struct ElementwiseTilingOptions {
  uint64_t sramBudget = 0; // 0: the target's arch.sram_bytes
  unsigned minBuffers = 2, maxBuffers = 3;
  double cycleTolerance = 0.01;
};

/// Scores one tiling (tileRows x tileCols, `buffers` working tiles).
absl::StatusOr<ElementwisePlan>
evaluateElementwise(const Target &target, const ElementwiseProblem &problem,
                    uint64_t tileRows, uint64_t tileCols, unsigned buffers,
                    uint64_t sramBudget = 0);

/// The tiling with the lowest estimate. RESOURCE_EXHAUSTED when not even a
/// 1 x 1 tile fits the budget.
absl::StatusOr<ElementwisePlan>
planElementwise(const Target &target, const ElementwiseProblem &problem,
                const ElementwiseTilingOptions &options = {});

} // namespace npu::cost

#endif
