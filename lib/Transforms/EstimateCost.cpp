//===- EstimateCost.cpp - npu-estimate-cost -------------------------------===//
//
// Per-source-op cost estimates of the tile-level program for
// `npu-compile --report`. See include/npu/Transforms/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "npu/Transforms/Passes.h"

#include "TargetUtils.h"

#include "npu/CostModel/Hardware.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/MapVector.h"

#include <algorithm>
#include <cmath>

namespace npu {
#define GEN_PASS_DEF_NPUESTIMATECOST
#include "npu/Transforms/Passes.h.inc"
} // namespace npu

using namespace mlir;
namespace t = npu::tile;

namespace {

/// The work of one source op: busy cycles per engine and HBM traffic.
struct Work {
  Operation *carrier = nullptr; // first op (in walk order) with the location
  double mxuCycles = 0, vpuCycles = 0, sramDmaBytes = 0, hbmBytes = 0;
  int64_t sramBytes = 0;
  int64_t hbmLoads = 0, hbmStores = 0;
  bool exact = true; // false when a trip count was not a constant
};

int64_t byteSize(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.hasStaticShape())
    return 0;
  unsigned bits = t::getElementBits(memref.getElementType());
  if (bits == 0)
    bits = memref.getElementTypeBitWidth();
  return (memref.getNumElements() * bits + 7) / 8;
}

/// Rows and columns of a 2-D (or 1-D, as one row) memref.
std::pair<uint64_t, uint64_t> tileShape(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.hasStaticShape() || memref.getRank() == 0)
    return {1, 1};
  ArrayRef<int64_t> shape = memref.getShape();
  uint64_t cols = shape.back(), rows = 1;
  for (int64_t dim : shape.drop_back())
    rows *= dim;
  return {rows, cols};
}

/// Product of the trip counts of the scf.for loops around `op`; nullopt
/// when one is not a constant.
std::optional<double> tripCount(Operation *op) {
  double trips = 1;
  for (auto loop = op->getParentOfType<scf::ForOp>(); loop;
       loop = loop->getParentOfType<scf::ForOp>()) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound());
    std::optional<int64_t> step = getConstantIntValue(loop.getStep());
    if (!lb || !ub || !step || *step <= 0)
      return std::nullopt;
    trips *= *ub > *lb ? double((*ub - *lb + *step - 1) / *step) : 0.0;
  }
  return trips;
}

npu::cost::MatmulMode toCostModel(t::MatmulMode mode) {
  switch (mode) {
  case t::MatmulMode::Int8:
    return npu::cost::MatmulMode::Int8;
  case t::MatmulMode::W8:
    return npu::cost::MatmulMode::W8;
  case t::MatmulMode::W4:
    return npu::cost::MatmulMode::W4;
  default:
    return npu::cost::MatmulMode::Bf16;
  }
}

struct EstimateCostPass
    : public npu::impl::NpuEstimateCostBase<EstimateCostPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::optional<npu::Target> hw = npu::loadModuleTarget(module, target);
    if (!hw) {
      signalPassFailure();
      return;
    }
    if (absl::Status status = npu::cost::checkTargetForCostModel(*hw);
        !status.ok()) {
      module.emitError() << "npu-estimate-cost: "
                         << std::string(status.message());
      signalPassFailure();
      return;
    }
    double hbmRate = npu::cost::achievableHbmBytesPerCycle(*hw);
    // SRAM-to-SRAM copies: every channel at its SRAM rate.
    double sramRate =
        double(hw->arch.dmaChannels) * hw->timing.sramBytesPerCycle;

    static constexpr llvm::StringLiteral kAnnotations[] = {
        "npu.est_cycles", "npu.hbm_bytes", "npu.sram_bytes", "npu.est_inexact"};
    module.walk([&](Operation *op) {
      for (llvm::StringLiteral name : kAnnotations)
        op->removeAttr(name);
    });

    // Keyed by the op's location: the passes give every op they create for
    // a source op that op's location.
    llvm::MapVector<Location, Work> works;
    module.walk([&](Operation *op) {
      bool isCompute = isa<t::DmaOp, t::GatherOp, t::MatmulOp, t::VpuBinaryOp,
                           t::VpuUnaryOp, t::VpuSelectOp, t::VpuReduceOp,
                           t::VpuBcastOp, t::VpuQuantOp, t::VpuDequantOp>(op);
      bool isAlloc = isa<t::AllocOp>(op);
      if (!isCompute && !isAlloc)
        return;
      Work &work = works[op->getLoc()];
      if (!work.carrier)
        work.carrier = op;
      if (isAlloc) {
        work.sramBytes += byteSize(op->getResult(0).getType());
        return;
      }
      std::optional<double> trips = tripCount(op);
      if (!trips) {
        work.exact = false;
        trips = 1;
      }
      if (auto dma = dyn_cast<t::DmaOp>(op)) {
        double bytes = double(byteSize(dma.getDst().getType()));
        bool load = t::isInSpace(dma.getSrc().getType(), t::MemorySpace::HBM);
        bool store = t::isInSpace(dma.getDst().getType(), t::MemorySpace::HBM);
        work.hbmLoads += load;
        work.hbmStores += store;
        if (load || store)
          work.hbmBytes += bytes * *trips;
        else
          work.sramDmaBytes += bytes * *trips;
      } else if (auto gather = dyn_cast<t::GatherOp>(op)) {
        // The gathered rows and the indices, as one copy would move them.
        double bytes = double(byteSize(gather.getDst().getType()) +
                              byteSize(gather.getIndices().getType()));
        bool load =
            t::isInSpace(gather.getTable().getType(), t::MemorySpace::HBM);
        bool store =
            t::isInSpace(gather.getDst().getType(), t::MemorySpace::HBM);
        work.hbmLoads += load;
        work.hbmStores += store;
        if (load || store)
          work.hbmBytes += bytes * *trips;
        else
          work.sramDmaBytes += bytes * *trips;
      } else if (auto mm = dyn_cast<t::MatmulOp>(op)) {
        auto [m, k] = tileShape(mm.getA().getType());
        // transpose_b: B is [n, k].
        auto [bRows, bCols] = tileShape(mm.getB().getType());
        uint64_t n = mm.getTransposeB() ? bRows : bCols;
        work.mxuCycles += double(npu::cost::mxuMatmulCycles(
                              *hw, toCostModel(mm.getMode()), m, k, n)) *
                          *trips;
      } else {
        bool transcendental = false;
        if (auto unary = dyn_cast<t::VpuUnaryOp>(op))
          transcendental = npu::cost::isTranscendentalVpuOp(
              t::stringifyVpuUnaryKind(unary.getKind()).str());
        else if (auto binary = dyn_cast<t::VpuBinaryOp>(op))
          transcendental = npu::cost::isTranscendentalVpuOp(
              t::stringifyVpuBinaryKind(binary.getKind()).str());
        auto [rows, cols] = tileShape(op->getOperand(0).getType());
        work.vpuCycles +=
            double(npu::cost::vpuOpCycles(*hw, rows, cols, transcendental)) *
            *trips;
      }
    });

    Builder builder(module.getContext());
    for (auto &[loc, work] : works) {
      double dmaCycles = work.hbmBytes / hbmRate + work.sramDmaBytes / sramRate;
      double cycles = std::max({work.mxuCycles, work.vpuCycles, dmaCycles});
      // Nothing overlaps the latency of the first load (compute waits for
      // it) nor that of the last store (it ends the work).
      if (work.hbmLoads > 0)
        cycles += hw->timing.hbmLatency;
      if (work.hbmStores > 0)
        cycles += hw->timing.hbmLatency;
      Operation *carrier = work.carrier;
      carrier->setAttr("npu.est_cycles",
                       builder.getI64IntegerAttr(int64_t(std::ceil(cycles))));
      carrier->setAttr("npu.hbm_bytes", builder.getI64IntegerAttr(
                                            int64_t(std::ceil(work.hbmBytes))));
      carrier->setAttr("npu.sram_bytes",
                       builder.getI64IntegerAttr(work.sramBytes));
      if (!work.exact)
        carrier->setAttr("npu.est_inexact", builder.getUnitAttr());
    }
  }
};

} // namespace
