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
#include "llvm/ADT/SmallPtrSet.h"
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
      // A copy or a gather keeps its buffers until its token is waited.
      if (isa<t::DmaOp, t::GatherOp>(user)) {
        followToken(user->getResult(0));
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

/// The point of highest total live size, that size and the buffers live
/// there.
struct PressurePeak {
  int64_t point = -1;
  int64_t bytes = -1;
  SmallVector<unsigned> live;
};

PressurePeak findPressurePeak(ArrayRef<Buffer> buffers) {
  PressurePeak best;
  for (const Buffer &probe : buffers) {
    int64_t point = probe.start;
    int64_t sum = 0;
    SmallVector<unsigned> live;
    for (auto [i, b] : llvm::enumerate(buffers))
      if (b.start <= point && point <= b.end) {
        sum += b.size;
        live.push_back(i);
      }
    if (sum > best.bytes)
      best = {point, sum, live};
  }
  return best;
}

//===----------------------------------------------------------------------===//
// Spilling
//===----------------------------------------------------------------------===//

/// Where a buffer's memory is touched by one direct use of its allocation:
/// the ops (as ancestors in the allocation's block) of that use, of the
/// uses of every memref derived from it, and of the waits of the copies
/// that read or write it. Fails when a touch is outside the block or a
/// copy's token leaves through a loop or a non-wait op (the copy is then
/// in flight at an unknown point).
LogicalResult collectTouches(OpOperand &use, Block *block,
                             llvm::SmallPtrSetImpl<Operation *> &touches) {
  SmallVector<Operation *> users{use.getOwner()};
  llvm::DenseSet<Operation *> seen;
  while (!users.empty()) {
    Operation *user = users.pop_back_val();
    if (!seen.insert(user).second)
      continue;
    Operation *anc = ancestorIn(block, user);
    if (!anc)
      return failure();
    touches.insert(anc);
    if (isa<t::DmaOp, t::GatherOp>(user)) {
      for (Operation *tokenUser : user->getResult(0).getUsers()) {
        if (!isa<t::WaitOp>(tokenUser))
          return failure();
        Operation *waitAnc = ancestorIn(block, tokenUser);
        if (!waitAnc)
          return failure();
        touches.insert(waitAnc);
      }
      continue;
    }
    for (Value result : user->getResults())
      if (isa<BaseMemRefType>(result.getType()))
        for (Operation *aliasUser : result.getUsers())
          users.push_back(aliasUser);
  }
  return success();
}

/// A buffer that can leave SRAM around the op at the pressure peak: it is
/// live there but untouched by that op.
struct SpillCandidate {
  t::AllocOp alloc;
  int64_t size = 0;
  Operation *lastBefore = nullptr;    // last touch before the peak op, if any
  Operation *firstAfter = nullptr;    // first touch after it
  SmallVector<OpOperand *> afterUses; // direct uses that touch only after
};

std::optional<SpillCandidate> analyzeSpill(t::AllocOp alloc, int64_t size,
                                           int64_t point,
                                           const Numbering &numbering) {
  Block *block = alloc->getBlock();
  // The op of the allocation's block that holds the peak point.
  Operation *peakOp = nullptr;
  for (Operation &op : *block)
    if (numbering.first.lookup(&op) <= point &&
        point <= numbering.last.lookup(&op)) {
      peakOp = &op;
      break;
    }
  if (!peakOp || peakOp == alloc.getOperation())
    return std::nullopt;
  int64_t peakFirst = numbering.first.lookup(peakOp);
  SpillCandidate candidate{alloc, size};
  for (OpOperand &use : alloc->getUses()) {
    llvm::SmallPtrSet<Operation *, 8> touches;
    if (failed(collectTouches(use, block, touches)))
      return std::nullopt;
    bool before = false, after = false;
    for (Operation *touch : touches) {
      if (touch == peakOp)
        return std::nullopt;
      int64_t first = numbering.first.lookup(touch);
      if (first < peakFirst) {
        before = true;
        if (!candidate.lastBefore ||
            first > numbering.first.lookup(candidate.lastBefore))
          candidate.lastBefore = touch;
      } else {
        after = true;
        if (!candidate.firstAfter ||
            first < numbering.first.lookup(candidate.firstAfter))
          candidate.firstAfter = touch;
      }
    }
    // A view made before the peak and used after it would need cloning.
    if (before && after)
      return std::nullopt;
    if (after)
      candidate.afterUses.push_back(&use);
  }
  if (!candidate.firstAfter)
    return std::nullopt; // not live past the peak: nothing to gain
  return candidate;
}

/// Splits the candidate's buffer in two around the peak: when it was
/// touched before, its contents go to a new HBM scratch buffer after the
/// last touch and come back, into a new SRAM allocation, before the first
/// touch after the peak; when it was not, the allocation just moves to the
/// first touch. Returns the bytes copied out.
int64_t spill(const SpillCandidate &candidate) {
  t::AllocOp alloc = candidate.alloc;
  MemRefType type = alloc.getType();
  Location loc = alloc.getLoc();
  OpBuilder b(alloc.getContext());
  b.setInsertionPoint(candidate.firstAfter);
  auto reload = t::AllocOp::create(b, loc, type);
  if (!candidate.lastBefore) {
    for (OpOperand *use : candidate.afterUses)
      use->set(reload);
    alloc.erase();
    return 0;
  }
  Attribute hbm = t::MemorySpaceAttr::get(b.getContext(), t::MemorySpace::HBM);
  auto scratchType =
      MemRefType::get(type.getShape(), type.getElementType(), nullptr, hbm);
  b.setInsertionPointAfter(candidate.lastBefore);
  Value scratch = memref::AllocOp::create(b, loc, scratchType);
  auto out = t::DmaOp::create(b, loc, alloc.getResult(), scratch);
  out->setAttr("npu.spill", b.getUnitAttr());
  t::WaitOp::create(b, loc, out.getToken());
  b.setInsertionPoint(candidate.firstAfter);
  auto in = t::DmaOp::create(b, loc, scratch, reload.getResult());
  in->setAttr("npu.spill", b.getUnitAttr());
  t::WaitOp::create(b, loc, in.getToken());
  for (OpOperand *use : candidate.afterUses)
    use->set(reload);
  return getByteSize(type);
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

  /// The SRAM buffers of `func` with their live ranges under `numbering`.
  static SmallVector<Buffer> collectSram(func::FuncOp func,
                                         const Numbering &numbering) {
    SmallVector<Buffer> sram;
    func.walk([&](t::AllocOp alloc) {
      Buffer buffer{alloc, getByteSize(alloc.getType()), 0, 0};
      computeLiveRange(alloc, numbering, numbering.count, buffer);
      sram.push_back(buffer);
    });
    return sram;
  }

  LogicalResult placeFunction(func::FuncOp func, const npu::Target &target) {
    Builder builder(func.getContext());
    int64_t align = std::max<int64_t>(1, target.arch.sramAlign);
    auto sramBytes = static_cast<int64_t>(target.arch.sramBytes);

    // Place; while the placement overflows, spill the largest buffer that is
    // live at the point of highest pressure but not used there, and retry.
    // Every spill lowers the pressure at that point, so this ends.
    SmallVector<Buffer> sram;
    int64_t peak = 0, spilledBytes = 0;
    unsigned spills = 0, rewrites = 0;
    for (;;) {
      Numbering numbering;
      numbering.number(func);
      sram = collectSram(func, numbering);
      if (freshMemory) {
        // Every buffer at its own address when they all fit: a buffer that
        // reuses the memory of a dead one must wait until the last engine
        // instruction reading the dead one has completed (a false
        // dependence the lowering turns into a semaphore wait), which
        // serialises e.g. the prefetch of the next operation's tiles behind
        // the current one.
        int64_t end = 0;
        for (Buffer &buffer : sram) {
          buffer.offset = llvm::alignTo(end, align);
          end = buffer.offset + buffer.size;
        }
        if (end <= sramBytes) {
          peak = end;
          break;
        }
      }
      peak = place(sram, align);
      if (peak <= sramBytes)
        break;
      PressurePeak pressure = findPressurePeak(sram);
      // The live set stays the same from the peak's point to the first
      // death of a used buffer live there: that point is an op that uses
      // memory (not an allocation), the one a spill must go around.
      int64_t usePoint = pressure.point;
      for (unsigned idx : pressure.live)
        if (sram[idx].end > sram[idx].start &&
            (usePoint == pressure.point || sram[idx].end < usePoint))
          usePoint = sram[idx].end;
      std::optional<SpillCandidate> best;
      for (unsigned idx : pressure.live) {
        std::optional<SpillCandidate> candidate =
            analyzeSpill(cast<t::AllocOp>(sram[idx].op), sram[idx].size,
                         usePoint, numbering);
        if (candidate && (!best || candidate->size > best->size))
          best = std::move(candidate);
      }
      // Each rewrite lowers the pressure at one point; the bound only
      // guards against a rewrite that fails to.
      if (best && ++rewrites > 4 * sram.size() + 16)
        best.reset();
      if (!best) {
        InFlightDiagnostic diag =
            func.emitError()
            << "SRAM working set does not fit: "
               "placement needs "
            << peak << " bytes, target '" << target.name << "' has "
            << sramBytes << " bytes; " << pressure.live.size()
            << " buffers live at the peak (" << pressure.bytes << " bytes):";
        for (auto [i, idx] : llvm::enumerate(pressure.live))
          diag << (i ? ", " : " ") << sram[idx].op->getResult(0).getType()
               << " (" << sram[idx].size << " bytes)";
        diag << "; none can be spilled (each is used by the op there or by a "
                "copy in flight across it)";
        if (spills)
          diag << " after spilling " << spills << " buffers (" << spilledBytes
               << " bytes)";
        for (unsigned idx : pressure.live)
          diag.attachNote(sram[idx].op->getLoc())
              << "live at the peak: " << sram[idx].size << " bytes";
        return failure();
      }
      bool copies = best->lastBefore != nullptr;
      spilledBytes += spill(*best);
      if (copies) {
        ++spills;
        ++numSpills;
      }
    }
    if (spills) {
      func->setAttr("npu.spills", builder.getI64IntegerAttr(spills));
      func->setAttr("npu.spill_bytes", builder.getI64IntegerAttr(spilledBytes));
    }

    Numbering numbering;
    numbering.number(func);
    SmallVector<Buffer> hbm;
    func.walk([&](memref::AllocOp alloc) {
      if (!t::isInSpace(alloc.getType(), t::MemorySpace::HBM))
        return;
      Buffer buffer{alloc, getByteSize(alloc.getType()), 0, 0};
      computeLiveRange(alloc, numbering, numbering.count, buffer);
      hbm.push_back(buffer);
    });

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
