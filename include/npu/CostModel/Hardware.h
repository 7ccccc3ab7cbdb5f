//===- Hardware.h - Element types and engine timing for the cost model ----===//
//
// The cost model's view of the machine: element types, MXU modes, VPU
// operations, and the duration of one DMA/MXU/VPU instruction computed with
// the simulator's formulas (docs/Simulator.md, "Timing formulas"). Plain
// C++: no MLIR or LLVM, only the runtime's target description.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_COSTMODEL_HARDWARE_H
#define NPU_COSTMODEL_HARDWARE_H

#include "absl/status/status.h"
#include "target/Target.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace npu::cost {

/// Element types of the ISA (docs/ISA.md, "Element types and storage").
enum class DType { F32, BF16, Int8, Int32, Int4 };

unsigned dtypeBits(DType t);
const char *dtypeName(DType t);
/// Bytes of one row of `cols` elements: rows start at a byte boundary, so an
/// int4 row takes ceil(cols / 2) bytes.
uint64_t rowBytes(DType t, uint64_t cols);
/// Bytes of a dense [rows, cols] tile (row stride = rowBytes).
inline uint64_t tileBytes(DType t, uint64_t rows, uint64_t cols) {
  return rows * rowBytes(t, cols);
}

/// MXU modes (docs/ISA.md, "MXU"): operand and accumulator types.
enum class MatmulMode { Bf16, Int8, W8, W4 };

const char *matmulModeName(MatmulMode mode);
DType matmulAType(MatmulMode mode);   // bf16, or int8 in int8 mode
DType matmulBType(MatmulMode mode);   // bf16, int8 (int8, w8) or int4 (w4)
DType matmulAccType(MatmulMode mode); // fp32, or int32 in int8 mode
/// OK when `target` has the MXU mode (int8/w8 need supports_int8, w4
/// supports_int4).
absl::Status checkMatmulMode(const Target &target, MatmulMode mode);
/// K rows processed per MXU pass: mxu_rows, times mxu_int8_speedup in int8.
uint64_t mxuKPerPass(const Target &target, MatmulMode mode);
/// Peak MXU throughput in FLOP (OP) per cycle for `mode`: bf16, w8 and w4
/// run at the bf16 peak, int8 at the int8 peak (Target's derived figures).
double peakFlopsPerCycle(const Target &target, MatmulMode mode);

/// Whether a VPU instruction (mnemonic with or without "vpu.") pays
/// vpu_transcendental_cost_cycles per lane group in the simulator.
bool isTranscendentalVpuOp(std::string_view mnemonic);

/// Where the second operand of a VPU operation comes from (the `bcast`
/// modes of docs/ISA.md). Row, Col and Full operands live in HBM and are
/// loaded per tile; None and Imm need no memory.
enum class VpuOperand { None, Imm, Row, Col, Full };

/// One VPU instruction of an elementwise chain or a fused epilogue, applied
/// to a whole tile in place.
struct VpuOp {
  std::string name; // mnemonic without "vpu.", e.g. "add", "gelu"
  bool transcendental = false;
  VpuOperand operand = VpuOperand::None;
  /// Element type of a Row/Col/Full operand in HBM (and in SRAM).
  DType operandType = DType::BF16;

  /// A unary op (relu, exp, gelu, mov...); transcendental per the simulator.
  static VpuOp unary(std::string name);
  /// A binary op with its second operand from `operand`.
  static VpuOp binary(std::string name, VpuOperand operand,
                      DType operandType = DType::BF16);
};

/// Whether `op` reads a Row, Col or Full operand from memory.
bool hasMemoryOperand(const VpuOp &op);
/// Bytes of `op`'s memory operand for a [rows, cols] tile (0 when it has
/// none): one row, one column or the whole tile.
uint64_t vpuOperandBytes(const VpuOp &op, uint64_t rows, uint64_t cols);

/// The target parameters the formulas divide by are positive (a
/// default-constructed Target is not).
absl::Status checkTargetForCostModel(const Target &target);

//===----------------------------------------------------------------------===//
// One instruction, with the simulator's formulas.
//===----------------------------------------------------------------------===//

/// mxu_fill_latency + ceil(k / kPerPass) * ceil(n / mxu_cols) * m.
uint64_t mxuMatmulCycles(const Target &target, MatmulMode mode, uint64_t m,
                         uint64_t k, uint64_t n);
/// vpu_latency + ceil(rows * cols / vpu_lanes) * cost, cost =
/// vpu_transcendental_cost for transcendental ops and 1 otherwise.
uint64_t vpuOpCycles(const Target &target, uint64_t rows, uint64_t cols,
                     bool transcendental);
/// One HBM DMA of `bytes` split evenly over `channels` channels on an idle
/// machine: hbm_latency + ceil(bytes / min(channels * channel cap, HBM)).
uint64_t hbmDmaCycles(const Target &target, uint64_t bytes, unsigned channels);
/// The HBM bandwidth a kernel can reach with every channel busy:
/// min(hbm_bytes_per_cycle, dma_channels * dma_channel_bytes_per_cycle).
double achievableHbmBytesPerCycle(const Target &target);
/// DMA split factors worth trying on `target`: 1, 2, 4, ... up to
/// dma_channels (and dma_channels itself). A transfer split k ways is k
/// DMAs of equal size on k different channels (a tile is split by rows, or
/// by column ranges when it has fewer rows than k).
std::vector<unsigned> dmaSplits(const Target &target);
/// DMAs a transfer of `bytes` is split into for split factor `split`: no
/// more than there are latencies' worth of data, ceil(bytes /
/// (hbm_latency x channel cap)), since every DMA holds its channel for the
/// latency; between 1 and `split`.
unsigned dmaChunks(const Target &target, double bytes, unsigned split);
/// Cycles until the last of a group of HBM transfers issued together
/// completes, each split into dmaChunks DMAs on idle channels: hbm_latency
/// plus the slowest data phase, a transfer moving at min(HBM, chunks x
/// channel cap) and the whole group sharing HBM; the latency is paid once
/// more for every further round of dma_channels DMAs. (The simulator's
/// fluid sharing gives exactly this when the group has the channels to
/// itself.)
double dmaGroupCycles(const Target &target, const double *bytes, size_t count,
                      unsigned split);
/// The time the DMA channels are busy with `dmas` DMAs moving `bytes` in
/// total, when about `concurrent` of them are in their data phase at once:
/// every DMA holds its channel for hbm_latency plus its data phase, at
/// min(channel cap, HBM / concurrent) bytes per cycle, so the channels need
/// (dmas x latency + bytes / that rate) / dma_channels; and never less than
/// bytes / achievable bandwidth.
double dmaOccupancyCycles(const Target &target, double dmas, double bytes,
                          double concurrent);

/// `bytes` rounded up to a multiple of arch.sram_align_bytes (the base
/// alignment of MXU/VPU tiles).
uint64_t alignSram(const Target &target, uint64_t bytes);

} // namespace npu::cost

#endif
