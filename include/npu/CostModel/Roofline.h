//===- Roofline.h - Roofline bounds for NPU operations ---------*- C++ -*-===//
//
// The roofline of an operation: the larger of its compute time at peak
// throughput and the time to move its compulsory HBM bytes (each input read
// once, each output written once) at the full HBM bandwidth. No schedule can
// beat it on the simulator; docs/CostModel.md has the formulas.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_COSTMODEL_ROOFLINE_H
#define NPU_COSTMODEL_ROOFLINE_H

#include "npu/CostModel/Hardware.h"

#include <vector>

namespace npu::cost {

struct Roofline {
  /// FLOPs (OPs in int8) on the MXU: 2 per multiply-accumulate.
  double flops = 0;
  /// VPU element operations (elements x instructions applied to them).
  double vpuElementOps = 0;
  /// Compulsory HBM bytes: inputs read once, outputs written once.
  double hbmBytes = 0;
  double mxuCycles = 0;    // flops / peak FLOP per cycle of the mode
  double vpuCycles = 0;    // sum of elements / vpu_lanes * cost
  double memoryCycles = 0; // hbmBytes / hbm_bytes_per_cycle
  double cycles = 0;       // max of the three

  bool memoryBound() const {
    return memoryCycles >= mxuCycles && memoryCycles >= vpuCycles;
  }
  /// FLOP per compulsory HBM byte (0 without bytes).
  double intensity() const { return hbmBytes > 0 ? flops / hbmBytes : 0; }
};

/// The generic bound: max(flops / peakFlopsPerCycle, hbmBytes /
/// hbm_bytes_per_cycle, vpuCycles).
Roofline roofline(const Target &target, double flops, double peakFlopsPerCycle,
                  double hbmBytes, double vpuCycles = 0);

/// C[M,N] = A[M,K] x B[K,N] in `mode`, C written to HBM as `outType`; in w8
/// and w4 modes the bf16 scales [ceil(K / group), N] are read too (group 0
/// means K: one scale row). `epilogue` are VPU ops fused on C (their Row,
/// Col and Full operands are read once; a conversion to `outType` is
/// counted when the epilogue is empty and outType is not the accumulator
/// type).
Roofline matmulRoofline(const Target &target, uint64_t m, uint64_t k,
                        uint64_t n, MatmulMode mode = MatmulMode::Bf16,
                        DType outType = DType::F32, uint64_t group = 0,
                        const std::vector<VpuOp> &epilogue = {});

/// A chain of VPU ops over a [rows, cols] tensor read as `inType` and
/// written as `outType` (VPU-bound: elements / vpu_lanes * cost per op).
Roofline elementwiseRoofline(const Target &target, uint64_t rows, uint64_t cols,
                             DType inType, DType outType,
                             const std::vector<VpuOp> &ops);

/// A row reduction (vpu.rsum / vpu.rmax) [rows, cols] -> [rows, 1].
Roofline reductionRoofline(const Target &target, uint64_t rows, uint64_t cols,
                           DType inType, DType outType);

} // namespace npu::cost

#endif
