//===- MatmulTiling.h - Tile sizes and loop order for a matmul -*- C++ -*-===//
//
// Chooses how to tile C[M,N] = A[M,K] x B[K,N] (plus a fused VPU epilogue on
// each C tile) for a target: tile sizes tm x tk x tn, the order of the m and
// n tile loops (k is always innermost: each C tile stays in SRAM while its
// K sum is accumulated), and how many SRAM buffers each operand gets. The
// estimate follows the simulator's timing model; docs/CostModel.md has the
// formulas and their limits.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_COSTMODEL_MATMULTILING_H
#define NPU_COSTMODEL_MATMULTILING_H

#include "absl/status/statusor.h"
#include "npu/CostModel/Hardware.h"
#include "npu/CostModel/Roofline.h"

#include <string>
#include <vector>

namespace npu::cost {

struct MatmulProblem {
  uint64_t m = 0, k = 0, n = 0;
  MatmulMode mode = MatmulMode::Bf16;
  /// Type of C in HBM. The accumulator is fp32 (int32 in int8 mode); the
  /// last epilogue op (or a vpu.mov when there is none) converts in place.
  DType outType = DType::F32;
  /// w8/w4: rows of B sharing a scale row; 0 means K (per-column scales).
  uint64_t group = 0;
  /// VPU ops applied in place to each finished C tile, in order (bias add
  /// with a Row operand, activation, residual add with a Full operand...).
  std::vector<VpuOp> epilogue;
};

/// Loop nest over tiles, outermost first; k is innermost in both orders.
///  - MNK: for m-tile { for n-tile { for k-tile } }: B is re-read for every
///    m-tile; A once when the k loop has one tile, else once per n-tile.
///  - NMK: for n-tile { for m-tile { for k-tile } }: A is re-read for every
///    n-tile; B once when the k loop has one tile, else once per m-tile.
enum class LoopOrder { MNK, NMK };
const char *loopOrderName(LoopOrder order); // "m,n,k" / "n,m,k"

/// A candidate tiling: what planMatmul chooses and evaluateMatmul scores.
/// Tiles are at most 65535 along each dimension (16-bit instruction
/// fields); in w8/w4, tk holds whole scale groups or divides the group; in
/// w4, tn is even unless it covers N.
struct MatmulTiling {
  uint64_t tm = 0, tk = 0, tn = 0; // clamped to the problem's dims
  LoopOrder order = LoopOrder::MNK;
  /// SRAM buffers of each operand that is fetched more than once (A, B and
  /// its scales, Row/Col/Full epilogue operands): 2 = double buffering, 3
  /// hides more DMA latency. An operand fetched once gets one buffer.
  unsigned buffers = 2;
  /// C accumulator buffers: 1 (the next C tile waits for this one's
  /// epilogue and store) or 2 (they overlap the next tile's matmuls).
  unsigned cBuffers = 2;
  /// DMAs each tile transfer is split into, on different channels (see
  /// dmaSplits). 0: the best one (evaluateMatmul and planMatmul).
  unsigned dmaSplit = 0;
};

/// How often an operand tile is fetched from HBM under a tiling.
enum class FetchKind {
  Once,     // its tile index never changes: one fetch, one buffer
  PerStep,  // every matmul (k-step)
  PerSweep, // every C tile (the inner of the m/n loops)
  PerOuter, // every iteration of the outer m/n loop
};
const char *fetchKindName(FetchKind kind);

struct MatmulPlan {
  MatmulProblem problem;
  MatmulTiling tiling;
  uint64_t tilesM = 0, tilesK = 0, tilesN = 0; // ceil(dim / tile)
  /// Sizes of the last tile of each dimension (== tile when it divides).
  uint64_t lastM = 0, lastK = 0, lastN = 0;
  FetchKind fetchA = FetchKind::Once, fetchB = FetchKind::Once;
  unsigned buffersA = 0, buffersB = 0, buffersC = 0;

  /// SRAM: one buffer of each kind (aligned to sram_align_bytes), and the
  /// total over all buffers. scale: w8/w4 scales; epilogue: the Row, Col
  /// and Full operands of the epilogue, all buffers included.
  uint64_t aBufferBytes = 0, bBufferBytes = 0, scaleBufferBytes = 0,
           cBufferBytes = 0, epilogueSramBytes = 0;
  uint64_t sramBytes = 0;
  uint64_t sramBudget = 0;

  /// HBM traffic of the whole nest, re-reads included.
  uint64_t hbmBytesRead = 0, hbmBytesWritten = 0;
  uint64_t hbmBytes() const { return hbmBytesRead + hbmBytesWritten; }

  uint64_t matmuls = 0;      // mxu.matmul instructions (tilesM*tilesN*tilesK)
  uint64_t dmas = 0;         // dma.copy instructions (transfers x chunks)
  uint64_t mxuCycles = 0;    // their total duration (simulator formula)
  uint64_t vpuCycles = 0;    // total duration of the epilogue instructions
  double dmaCycles = 0;      // HBM bytes / achievable bandwidth
  double prologueCycles = 0; // first loads before the first matmul
  double tailCycles = 0;     // last epilogue and store after the last one
  double estimatedCycles = 0;
  Roofline roofline;

  /// roofline.cycles / estimatedCycles, in (0, 1].
  double efficiency() const {
    return estimatedCycles > 0 ? roofline.cycles / estimatedCycles : 0;
  }
  /// One line: tiles, order, buffers, SRAM, HBM bytes, cycles vs roofline.
  std::string summary() const;
};

struct MatmulTilingOptions {
  /// SRAM bytes the plan may use; 0 means the target's arch.sram_bytes.
  uint64_t sramBudget = 0;
  /// Loop orders to consider.
  std::vector<LoopOrder> orders = {LoopOrder::MNK, LoopOrder::NMK};
  /// Buffer counts to consider for operands fetched more than once
  /// (1 <= minBuffers <= maxBuffers <= 8).
  unsigned minBuffers = 2, maxBuffers = 3;
  /// Among plans within this fraction of the fastest estimate, the one
  /// moving the fewest HBM bytes wins (then the least SRAM).
  double cycleTolerance = 0.01;
};

/// Scores one tiling. Errors: invalid problem or tiling, tiling that does
/// not fit `sramBudget` (0: the whole SRAM), unsupported mode.
absl::StatusOr<MatmulPlan> evaluateMatmul(const Target &target,
                                          const MatmulProblem &problem,
                                          const MatmulTiling &tiling,
                                          uint64_t sramBudget = 0);

/// Searches tile sizes (multiples of the MXU shape up to the dims: balanced
/// splits and powers of two; smaller tiles only when nothing else fits),
/// both loop orders, buffer counts and DMA splits, and returns the plan
/// with the lowest estimate (among those within cycleTolerance of it, the
/// one moving the fewest HBM bytes). Errors: invalid problem, unsupported
/// mode, or RESOURCE_EXHAUSTED when not even the smallest tile fits the
/// budget.
absl::StatusOr<MatmulPlan> planMatmul(const Target &target,
                                      const MatmulProblem &problem,
                                      const MatmulTilingOptions &options = {});

} // namespace npu::cost

#endif
