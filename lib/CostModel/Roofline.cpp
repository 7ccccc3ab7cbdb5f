//===- Roofline.cpp - Roofline bounds -------------------------------------===//

#include "npu/CostModel/Roofline.h"

#include <algorithm>

namespace npu::cost {

namespace {

uint64_t scaleRows(MatmulMode mode, uint64_t k, uint64_t group) {
  if (mode != MatmulMode::W8 && mode != MatmulMode::W4)
    return 0;
  if (group == 0 || group > k)
    group = k;
  return group == 0 ? 0 : (k + group - 1) / group;
}

/// Elements / lanes * cost over the ops (a vpu.mov when there is none and
/// `convert` is set).
double vpuBound(const Target &target, double elements,
                const std::vector<VpuOp> &ops, bool convert,
                double *elementOps) {
  double cycles = 0, count = 0;
  for (const VpuOp &op : ops) {
    cycles += elements / target.arch.vpuLanes *
              (op.transcendental ? target.timing.vpuTranscendentalCost : 1);
    count += elements;
  }
  if (ops.empty() && convert) {
    cycles += elements / target.arch.vpuLanes;
    count += elements;
  }
  if (elementOps)
    *elementOps = count;
  return cycles;
}

/// HBM bytes of the Row / Col / Full operands of `ops` on [rows, cols].
double operandBytes(uint64_t rows, uint64_t cols,
                    const std::vector<VpuOp> &ops) {
  double bytes = 0;
  for (const VpuOp &op : ops) {
    if (op.operand == VpuOperand::Row)
      bytes += rowBytes(op.operandType, cols);
    else if (op.operand == VpuOperand::Col)
      bytes += double(rows) * rowBytes(op.operandType, 1);
    else if (op.operand == VpuOperand::Full)
      bytes += double(tileBytes(op.operandType, rows, cols));
  }
  return bytes;
}

} // namespace

Roofline roofline(const Target &target, double flops, double peak,
                  double hbmBytes, double vpuCycles) {
  Roofline r;
  r.flops = flops;
  r.hbmBytes = hbmBytes;
  r.mxuCycles = peak > 0 ? flops / peak : 0;
  r.memoryCycles = target.timing.hbmBytesPerCycle > 0
                       ? hbmBytes / target.timing.hbmBytesPerCycle
                       : 0;
  r.vpuCycles = vpuCycles;
  r.cycles = std::max({r.mxuCycles, r.memoryCycles, r.vpuCycles});
  return r;
}

Roofline matmulRoofline(const Target &target, uint64_t m, uint64_t k,
                        uint64_t n, MatmulMode mode, DType outType,
                        uint64_t group, const std::vector<VpuOp> &epilogue) {
  double flops = 2.0 * double(m) * double(k) * double(n);
  double bytes = double(tileBytes(matmulAType(mode), m, k)) +
                 double(tileBytes(matmulBType(mode), k, n)) +
                 double(tileBytes(DType::BF16, scaleRows(mode, k, group), n)) +
                 operandBytes(m, n, epilogue) +
                 double(tileBytes(outType, m, n));
  double elementOps = 0;
  double vpu = vpuBound(target, double(m) * double(n), epilogue,
                        outType != matmulAccType(mode), &elementOps);
  Roofline r =
      roofline(target, flops, peakFlopsPerCycle(target, mode), bytes, vpu);
  r.vpuElementOps = elementOps;
  return r;
}

Roofline elementwiseRoofline(const Target &target, uint64_t rows, uint64_t cols,
                             DType inType, DType outType,
                             const std::vector<VpuOp> &ops) {
  double bytes = double(tileBytes(inType, rows, cols)) +
                 operandBytes(rows, cols, ops) +
                 double(tileBytes(outType, rows, cols));
  double elementOps = 0;
  double vpu = vpuBound(target, double(rows) * double(cols), ops,
                        inType != outType, &elementOps);
  Roofline r = roofline(target, 0, 0, bytes, vpu);
  r.vpuElementOps = elementOps;
  return r;
}

Roofline reductionRoofline(const Target &target, uint64_t rows, uint64_t cols,
                           DType inType, DType outType) {
  double bytes = double(tileBytes(inType, rows, cols)) +
                 double(tileBytes(outType, rows, 1));
  double elements = double(rows) * double(cols);
  Roofline r = roofline(target, 0, 0, bytes, elements / target.arch.vpuLanes);
  r.vpuElementOps = elements;
  return r;
}

} // namespace npu::cost
