//===- Hardware.cpp - Element types and engine timing ---------------------===//

#include "npu/CostModel/Hardware.h"

#include "Search.h"

#include "absl/strings/str_cat.h"

#include <algorithm>
#include <cmath>

namespace npu::cost {

namespace {
uint64_t ceilDiv(uint64_t a, uint64_t b) { return a / b + (a % b != 0); }
} // namespace

unsigned dtypeBits(DType t) {
  switch (t) {
  case DType::F32:
  case DType::Int32:
    return 32;
  case DType::BF16:
    return 16;
  case DType::Int8:
    return 8;
  case DType::Int4:
    return 4;
  }
  return 0;
}

const char *dtypeName(DType t) {
  switch (t) {
  case DType::F32:
    return "fp32";
  case DType::BF16:
    return "bf16";
  case DType::Int8:
    return "int8";
  case DType::Int32:
    return "int32";
  case DType::Int4:
    return "int4";
  }
  return "?";
}

uint64_t rowBytes(DType t, uint64_t cols) {
  return ceilDiv(cols * dtypeBits(t), 8);
}

bool hasMemoryOperand(const VpuOp &op) {
  return op.operand == VpuOperand::Row || op.operand == VpuOperand::Col ||
         op.operand == VpuOperand::Full;
}

uint64_t vpuOperandBytes(const VpuOp &op, uint64_t rows, uint64_t cols) {
  switch (op.operand) {
  case VpuOperand::Row:
    return rowBytes(op.operandType, cols);
  case VpuOperand::Col:
    return rows * rowBytes(op.operandType, 1);
  case VpuOperand::Full:
    return tileBytes(op.operandType, rows, cols);
  default:
    return 0;
  }
}

const char *matmulModeName(MatmulMode mode) {
  switch (mode) {
  case MatmulMode::Bf16:
    return "bf16";
  case MatmulMode::Int8:
    return "int8";
  case MatmulMode::W8:
    return "w8";
  case MatmulMode::W4:
    return "w4";
  }
  return "?";
}

DType matmulAType(MatmulMode mode) {
  return mode == MatmulMode::Int8 ? DType::Int8 : DType::BF16;
}

DType matmulBType(MatmulMode mode) {
  switch (mode) {
  case MatmulMode::Bf16:
    return DType::BF16;
  case MatmulMode::Int8:
  case MatmulMode::W8:
    return DType::Int8;
  case MatmulMode::W4:
    return DType::Int4;
  }
  return DType::BF16;
}

DType matmulAccType(MatmulMode mode) {
  return mode == MatmulMode::Int8 ? DType::Int32 : DType::F32;
}

absl::Status checkMatmulMode(const Target &target, MatmulMode mode) {
  bool ok = true;
  if (mode == MatmulMode::Int8 || mode == MatmulMode::W8)
    ok = target.arch.supportsInt8;
  else if (mode == MatmulMode::W4)
    ok = target.arch.supportsInt4;
  if (!ok)
    return absl::InvalidArgumentError(absl::StrCat(
        "target '", target.name, "' has no MXU mode ", matmulModeName(mode)));
  return absl::OkStatus();
}

uint64_t mxuKPerPass(const Target &target, MatmulMode mode) {
  uint64_t k = target.arch.mxuRows;
  if (mode == MatmulMode::Int8)
    k *= target.timing.mxuInt8Speedup;
  return k;
}

double peakFlopsPerCycle(const Target &target, MatmulMode mode) {
  return mode == MatmulMode::Int8 ? target.peakFlopsPerCycleInt8()
                                  : target.peakFlopsPerCycleBf16();
}

bool isTranscendentalVpuOp(std::string_view mnemonic) {
  if (mnemonic.substr(0, 4) == "vpu.")
    mnemonic.remove_prefix(4);
  // The list of Simulator.cpp's isTranscendental.
  for (std::string_view t :
       {"exp", "tanh", "erf", "gelu", "gelu_tanh", "sigmoid", "silu", "rsqrt",
        "recip", "sqrt", "log", "pow"})
    if (mnemonic == t)
      return true;
  return false;
}

VpuOp VpuOp::unary(std::string name) {
  VpuOp op;
  op.transcendental = isTranscendentalVpuOp(name);
  op.name = std::move(name);
  return op;
}

VpuOp VpuOp::binary(std::string name, VpuOperand operand, DType operandType) {
  VpuOp op;
  op.transcendental = isTranscendentalVpuOp(name);
  op.name = std::move(name);
  op.operand = operand;
  op.operandType = operandType;
  return op;
}

absl::Status checkTargetForCostModel(const Target &target) {
  const ArchParams &A = target.arch;
  const TimingParams &T = target.timing;
  const char *bad = nullptr;
  if (A.mxuRows == 0 || A.mxuCols == 0)
    bad = "the MXU shape is 0";
  else if (A.vpuLanes == 0)
    bad = "arch.vpu_lanes is 0";
  else if (A.dmaChannels == 0)
    bad = "arch.dma_channels is 0";
  else if (A.sramBytes == 0 || A.sramAlign == 0)
    bad = "the SRAM size or alignment is 0";
  else if (!(T.hbmBytesPerCycle > 0) || !(T.dmaChannelBytesPerCycle > 0))
    bad = "an HBM or DMA bandwidth is not positive";
  else if (T.mxuInt8Speedup == 0 || T.vpuTranscendentalCost == 0)
    bad = "timing.mxu_int8_speedup or vpu_transcendental_cost_cycles is 0";
  if (bad)
    return absl::InvalidArgumentError(
        absl::StrCat("cost model: target '", target.name, "': ", bad));
  return absl::OkStatus();
}

uint64_t mxuMatmulCycles(const Target &target, MatmulMode mode, uint64_t m,
                         uint64_t k, uint64_t n) {
  uint64_t passes =
      ceilDiv(k, mxuKPerPass(target, mode)) * ceilDiv(n, target.arch.mxuCols);
  return target.timing.mxuFillLatency + passes * m;
}

uint64_t vpuOpCycles(const Target &target, uint64_t rows, uint64_t cols,
                     bool transcendental) {
  uint64_t cost = transcendental ? target.timing.vpuTranscendentalCost : 1;
  return target.timing.vpuLatency +
         ceilDiv(rows * cols, target.arch.vpuLanes) * cost;
}

double achievableHbmBytesPerCycle(const Target &target) {
  return std::min(target.timing.hbmBytesPerCycle,
                  target.arch.dmaChannels *
                      target.timing.dmaChannelBytesPerCycle);
}

uint64_t hbmDmaCycles(const Target &target, uint64_t bytes, unsigned channels) {
  channels = std::max(1u, std::min(channels, target.arch.dmaChannels));
  double rate = std::min(target.timing.hbmBytesPerCycle,
                         channels * target.timing.dmaChannelBytesPerCycle);
  // Each of the `channels` copies moves bytes / channels at rate / channels:
  // they all finish together.
  return target.timing.hbmLatency +
         static_cast<uint64_t>(std::ceil(double(bytes) / rate - 1e-9));
}

std::vector<unsigned> dmaSplits(const Target &target) {
  std::vector<unsigned> out;
  unsigned c = std::max(1u, target.arch.dmaChannels);
  for (unsigned k = 1; k < c; k *= 2)
    out.push_back(k);
  out.push_back(c);
  return out;
}

unsigned dmaChunks(const Target &target, double bytes, unsigned split) {
  return detail::DmaModel(target).chunks(bytes, split);
}

double dmaGroupCycles(const Target &target, const double *bytes, size_t count,
                      unsigned split) {
  return detail::DmaModel(target).group(bytes, count, split);
}

double dmaOccupancyCycles(const Target &target, double dmas, double bytes,
                          double concurrent) {
  return detail::DmaModel(target).occupancy(dmas, bytes, concurrent);
}

uint64_t alignSram(const Target &target, uint64_t bytes) {
  uint64_t a = std::max<uint64_t>(1, target.arch.sramAlign);
  return ceilDiv(bytes, a) * a;
}

} // namespace npu::cost
