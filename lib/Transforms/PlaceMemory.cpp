//===- PlaceMemory.cpp - npu-place-memory ---------------------------------===//
//
// SRAM offsets for npu_tile.alloc and HBM scratch offsets for memref.alloc by
// liveness and interval colouring. See include/npu/Transforms/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "npu/Transforms/Passes.h"

#include "TargetUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

namespace npu {
#define GEN_PASS_DEF_NPUPLACEMEMORY
#include "npu/Transforms/Passes.h.inc"
} // namespace npu

using namespace mlir;
namespace t = npu::tile;

namespace {

/// Pre-order numbering of the ops of a function: an op is numbered before
/// the ops nested in it, and `last` is the highest number inside it.
struct Numbering {
  llvm::DenseMap<Operation *, int64_t> first, last;
  int64_t count = 0;

  void number(Operation *op) {
    first[op] = count++;
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (Operation &nested : block)
          number(&nested);
    last[op] = count - 1;
  }
};

struct Buffer {
  Operation *op; // the allocation
  int64_t size;  // bytes
  int64_t start; // first point of the live range
  int64_t end;   // last point (inclusive)
  int64_t offset = -1;
};

int64_t getByteSize(MemRefType type) {
  unsigned bits = t::getElementBits(type.getElementType());
  if (bits == 0)
    bits = type.getElementTypeBitWidth();
  return (type.getNumElements() * bits + 7) / 8;
}

/// The ancestor of `op` in `block`, or null.
Operation *ancestorIn(Block *block, Operation *op) {
  return block->findAncestorOpInBlock(*op);
}

/// Computes [start, end] of the buffer allocated by `alloc`.
void computeLiveRange(Operation *alloc, const Numbering &numbering,
                      int64_t functionEnd, Buffer &buffer) {
  Block *block = alloc->getBlock();
  buffer.start = numbering.first.lookup(alloc);
  buffer.end = buffer.start;
  auto extendTo = [&](Operation *user) {
    Operation *anc = ancestorIn(block, user);
    if (!anc) {
      // Used outside the alloc's block (e.g. returned): be conservative.
      buffer.end = functionEnd;
      return;
    }
    buffer.end = std::max(buffer.end, numbering.last.lookup(anc));
  };

  // Follows a DMA token to its waits.
  auto followToken = [&](Value token) {
    SmallVector<Value> work{token};
    llvm::DenseSet<Value> seen;
    bool waited = false;
    while (!work.empty()) {
      Value value = work.pop_back_val();
      if (!seen.insert(value).second)
        continue;
      for (OpOperand &use : value.getUses()) {
        Operation *user = use.getOwner();
        if (isa<t::WaitOp>(user)) {
          waited = true;
          extendTo(user);
          // A wait in a later iteration of a loop the buffer is fresh in:
          // keep the whole body.
          if (!ancestorIn(block, user) ||
              numbering.first.lookup(ancestorIn(block, user)) < buffer.start) {
            buffer.start = numbering.first.lookup(&block->front());
            buffer.end =
                std::max(buffer.end, numbering.last.lookup(&block->back()));
          }
          continue;
        }
        if (auto forOp = dyn_cast<scf::ForOp>(user)) {
          unsigned idx = use.getOperandNumber() - forOp.getNumControlOperands();
          work.push_back(forOp.getRegionIterArgs()[idx]);
          work.push_back(forOp.getResult(idx));
          extendTo(user);
          continue;
        }
        if (isa<scf::YieldOp>(user)) {
          Operation *parent = user->getParentOp();
          if (parent->getNumResults() > use.getOperandNumber())
            work.push_back(parent->getResult(use.getOperandNumber()));
          if (auto forOp = dyn_cast<scf::ForOp>(parent))
            work.push_back(forOp.getRegionIterArgs()[use.getOperandNumber()]);
          extendTo(user);
          continue;
        }
        // Anything else that takes the token: conservatively a use.
        extendTo(user);
        for (Value result : user->getResults())
          work.push_back(result);
      }
    }
    if (!waited)
      buffer.end = functionEnd;
  };

  SmallVector<Value> aliases{alloc->getResult(0)};
  llvm::DenseSet<Value> seen;
  while (!aliases.empty()) {
    Value value = aliases.pop_back_val();
    if (!seen.insert(value).second)
      continue;
    for (Operation *user : value.getUsers()) {
      extendTo(user);
      if (auto dma = dyn_cast<t::DmaOp>(user)) {
        followToken(dma.getToken());
        continue;
      }
      // Views and any other op deriving a memref from the buffer alias it.
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()))
          aliases.push_back(result);
    }
  }
}

/// First-fit placement of `buffers` in the order given by `order`; returns
/// the high-water mark.
int64_t placeFirstFit(MutableArrayRef<Buffer> buffers, ArrayRef<unsigned> order,
                      int64_t align) {
  SmallVector<unsigned> placed;
  int64_t peak = 0;
  for (unsigned idx : order) {
    Buffer &buffer = buffers[idx];
    SmallVector<std::pair<int64_t, int64_t>> busy;
    for (unsigned other : placed) {
      const Buffer &o = buffers[other];
      if (o.start <= buffer.end && buffer.start <= o.end && o.size > 0)
        busy.push_back({o.offset, o.offset + o.size});
    }
    llvm::sort(busy);
    int64_t offset = 0;
    for (auto [lo, hi] : busy) {
      if (buffer.size > 0 && offset + buffer.size <= lo)
        break;
      if (hi > offset)
        offset = llvm::alignTo(hi, align);
    }
    buffer.offset = offset;
    peak = std::max(peak, offset + buffer.size);
    placed.push_back(idx);
  }
  return peak;
}

/// Places `buffers` trying several orders; keeps the lowest high-water mark.
int64_t place(MutableArrayRef<Buffer> buffers, int64_t align) {
  SmallVector<unsigned> bySize(buffers.size()), byStart(buffers.size());
  for (unsigned i = 0; i < buffers.size(); ++i)
    bySize[i] = byStart[i] = i;
  llvm::stable_sort(bySize, [&](unsigned a, unsigned b) {
    if (buffers[a].size != buffers[b].size)
      return buffers[a].size > buffers[b].size;
    return buffers[a].start < buffers[b].start;
  });
  llvm::stable_sort(byStart, [&](unsigned a, unsigned b) {
    if (buffers[a].start != buffers[b].start)
      return buffers[a].start < buffers[b].start;
    return buffers[a].size > buffers[b].size;
  });
  int64_t best = placeFirstFit(buffers, bySize, align);
  SmallVector<int64_t> bestOffsets;
  for (const Buffer &b : buffers)
    bestOffsets.push_back(b.offset);
  int64_t other = placeFirstFit(buffers, byStart, align);
  if (other < best) {
    best = other;
  } else {
    for (auto [b, offset] : llvm::zip(buffers, bestOffsets))
      b.offset = offset;
  }
  return best;
}

/// The point of highest total live size and the buffers live there.
std::pair<int64_t, SmallVector<unsigned>>
findPressurePeak(ArrayRef<Buffer> buffers) {
  int64_t bestSum = -1;
  SmallVector<unsigned> bestLive;
  for (const Buffer &probe : buffers) {
    int64_t point = probe.start;
    int64_t sum = 0;
    SmallVector<unsigned> live;
    for (auto [i, b] : llvm::enumerate(buffers))
      if (b.start <= point && point <= b.end) {
        sum += b.size;
        live.push_back(i);
      }
    if (sum > bestSum) {
      bestSum = sum;
      bestLive = live;
    }
  }
  return {bestSum, bestLive};
}

} // namespace

int64_t npu::computeSramPeak(func::FuncOp func, int64_t align) {
  Numbering numbering;
  numbering.number(func);
  SmallVector<Buffer> sram;
  func.walk([&](t::AllocOp alloc) {
    Buffer buffer{alloc, getByteSize(alloc.getType()), 0, 0};
    computeLiveRange(alloc, numbering, numbering.count, buffer);
    sram.push_back(buffer);
  });
  return place(sram, std::max<int64_t>(1, align));
}

namespace {

struct PlaceMemoryPass : public npu::impl::NpuPlaceMemoryBase<PlaceMemoryPass> {
  using NpuPlaceMemoryBase::NpuPlaceMemoryBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::optional<npu::Target> arch = npu::loadModuleTarget(module, target);
    if (!arch)
      return signalPassFailure();
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal() && failed(placeFunction(func, *arch)))
        return signalPassFailure();
  }

  LogicalResult placeFunction(func::FuncOp func, const npu::Target &target) {
    Numbering numbering;
    numbering.number(func);
    int64_t functionEnd = numbering.count;
    SmallVector<Buffer> sram, hbm;
    func.walk([&](Operation *op) {
      if (auto alloc = dyn_cast<t::AllocOp>(op)) {
        Buffer buffer{op, getByteSize(alloc.getType()), 0, 0};
        computeLiveRange(op, numbering, functionEnd, buffer);
        sram.push_back(buffer);
      } else if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        if (!t::isInSpace(alloc.getType(), t::MemorySpace::HBM))
          return;
        Buffer buffer{op, getByteSize(alloc.getType()), 0, 0};
        computeLiveRange(op, numbering, functionEnd, buffer);
        hbm.push_back(buffer);
      }
    });

    Builder builder(func.getContext());
    int64_t align = std::max<int64_t>(1, target.arch.sramAlign);
    auto sramBytes = static_cast<int64_t>(target.arch.sramBytes);
    int64_t peak = -1;
    if (freshMemory) {
      // Every buffer at its own address when they all fit: a buffer that
      // reuses the memory of a dead one must wait until the last engine
      // instruction reading the dead one has completed (a false dependence
      // the lowering turns into a semaphore wait), which serialises e.g.
      // the prefetch of the next operation's tiles behind the current one.
      int64_t end = 0;
      for (Buffer &buffer : sram) {
        buffer.offset = llvm::alignTo(end, align);
        end = buffer.offset + buffer.size;
      }
      if (end <= sramBytes)
        peak = end;
    }
    if (peak < 0)
      peak = place(sram, align);
    if (peak > sramBytes) {
      auto [pressure, live] = findPressurePeak(sram);
      InFlightDiagnostic diag = func.emitError()
                                << "SRAM working set does not fit: placement "
                                   "needs "
                                << peak << " bytes, target '" << target.name
                                << "' has " << sramBytes << " bytes; "
                                << live.size() << " buffers live at the peak ("
                                << pressure << " bytes):";
      for (auto [i, idx] : llvm::enumerate(live))
        diag << (i ? ", " : " ") << sram[idx].op->getResult(0).getType() << " ("
             << sram[idx].size << " bytes)";
      for (unsigned idx : live)
        diag.attachNote(sram[idx].op->getLoc())
            << "live at the peak: " << sram[idx].size << " bytes";
      return failure();
    }
    for (const Buffer &buffer : sram) {
      auto alloc = cast<t::AllocOp>(buffer.op);
      alloc.setOffsetAttr(builder.getI64IntegerAttr(buffer.offset));
      alloc.setAlignmentAttr(builder.getI64IntegerAttr(align));
    }
    func->setAttr("npu.sram_peak", builder.getI64IntegerAttr(peak));

    int64_t scratch = place(hbm, 64);
    for (const Buffer &buffer : hbm)
      buffer.op->setAttr("npu.scratch_offset",
                         builder.getI64IntegerAttr(buffer.offset));
    func->setAttr("npu.scratch_bytes", builder.getI64IntegerAttr(scratch));
    return success();
  }
};

} // namespace
