//===- ScheduleDma.cpp - npu-schedule-dma ---------------------------------===//
//
// Double buffering of DMA loads in scf.for loops, asynchronous stores and
// DMA channel assignment. See include/npu/Transforms/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "npu/Transforms/Passes.h"

#include "TargetUtils.h"

#include "npu/CostModel/Hardware.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <atomic>

namespace npu {
#define GEN_PASS_DEF_NPUSCHEDULEDMA
#include "npu/Transforms/Passes.h.inc"
} // namespace npu

using namespace mlir;
namespace t = npu::tile;

namespace {

/// Marks, during the pass, loops whose double buffering would not fit SRAM.
constexpr llvm::StringLiteral kNoFit = "npu.schedule_dma.no_fit";
/// Marks, during the pass, the loops it created (never pipelined again).
constexpr llvm::StringLiteral kPipelined = "npu.schedule_dma.pipelined";

/// True if `a` and `b` name the same underlying buffer (the same value, or
/// `memref.get_global`s of the same global).
bool sameRoot(Value a, Value b) {
  if (a == b)
    return true;
  auto ga = a.getDefiningOp<memref::GetGlobalOp>();
  auto gb = b.getDefiningOp<memref::GetGlobalOp>();
  return ga && gb && ga.getName() == gb.getName();
}

/// Calls `fn(root, isWrite)` for every memref `op` (not its nested ops)
/// accesses. Returns false if `op` has effects that cannot be attributed
/// to a value (unknown ops, value-less writes); npu_tile.wait touches no
/// buffer.
bool forEachAccess(Operation *op, llvm::function_ref<void(Value, bool)> fn) {
  if (isa<t::WaitOp>(op))
    return true;
  auto iface = dyn_cast<MemoryEffectOpInterface>(op);
  if (!iface)
    return op->hasTrait<OpTrait::HasRecursiveMemoryEffects>();
  SmallVector<MemoryEffects::EffectInstance> effects;
  iface.getEffects(effects);
  for (const MemoryEffects::EffectInstance &effect : effects) {
    Value value = effect.getValue();
    if (!value) {
      if (isa<MemoryEffects::Write, MemoryEffects::Free>(effect.getEffect()))
        return false;
      continue;
    }
    if (isa<MemoryEffects::Allocate>(effect.getEffect()))
      continue;
    fn(npu::getRootBuffer(value),
       isa<MemoryEffects::Write, MemoryEffects::Free>(effect.getEffect()));
  }
  return true;
}

/// True if `op` or an op nested in it may write `root` (writeOnly) or
/// access it at all (!writeOnly).
bool mayAccess(Operation *op, Value root, bool writeOnly) {
  bool found = false;
  op->walk([&](Operation *nested) {
    if (!forEachAccess(nested, [&](Value r, bool isWrite) {
          if ((isWrite || !writeOnly) && sameRoot(r, root))
            found = true;
        }))
      found = true;
    return found ? WalkResult::interrupt() : WalkResult::advance();
  });
  return found;
}

/// Bytes moved by a copy.
int64_t getCopyBytes(t::DmaOp dma) {
  auto type = cast<MemRefType>(dma.getSrc().getType());
  unsigned bits = t::getElementBits(type.getElementType());
  return (type.getNumElements() * bits + 7) / 8;
}

/// A load to double buffer.
struct Load {
  t::AllocOp alloc;
  t::DmaOp dma;
  t::WaitOp wait;
  /// The reshape of `alloc` the copy writes through (e.g. heads stacked in
  /// a [heads * rows, cols] buffer, written as [heads, rows, cols]), or
  /// null when it writes `alloc` itself.
  Operation *dstView = nullptr;
  SmallVector<Operation *> slice; // ops of the body computing the source
  Value slots[2];                 // the two buffers hoisted before the loop
  bool outside = false;           // alloc outside the loop (else in body)
  int64_t pieces = 1;             // copies it is issued as (getPieces)
  int64_t firstPieces = 1;        // the same for the very first load
};

/// Collects into `slice` the ops of `loop`'s body that compute `value`
/// from the induction variable and values defined outside the loop.
bool collectSlice(Value value, scf::ForOp loop,
                  llvm::SetVector<Operation *> &slice) {
  if (value == loop.getInductionVar())
    return true;
  if (!loop->isAncestor(value.getParentRegion()->getParentOp()))
    return true; // defined outside the loop
  Operation *def = value.getDefiningOp();
  if (!def || def->getBlock() != loop.getBody() || def->getNumRegions() ||
      !isMemoryEffectFree(def))
    return false;
  if (slice.contains(def))
    return true;
  for (Value operand : def->getOperands())
    if (!collectSlice(operand, loop, slice))
      return false;
  slice.insert(def);
  return true;
}

/// True if every token of the dma `op` is only waited in `body`.
bool tokenWaitedIn(t::DmaOp dma, Block *body) {
  for (Operation *user : dma.getToken().getUsers())
    if (!isa<t::WaitOp>(user) || user->getBlock() != body)
      return false;
  return !dma.getToken().use_empty();
}

std::optional<Load> matchLoad(t::DmaOp dma, scf::ForOp loop) {
  Block *body = loop.getBody();
  if (dma->getBlock() != body)
    return std::nullopt;
  if (!t::isInSpace(dma.getSrc().getType(), t::MemorySpace::HBM))
    return std::nullopt;
  // The buffer is allocated in the body (fresh in every iteration) or
  // outside the loop and used only inside it.
  // The copy writes the buffer or a reshape of all of it that only it
  // uses.
  Operation *dstView = nullptr;
  if (isa_and_nonnull<memref::ExpandShapeOp, memref::CollapseShapeOp>(
          dma.getDst().getDefiningOp())) {
    dstView = dma.getDst().getDefiningOp();
    if (!dma.getDst().hasOneUse() || dstView->getBlock() != body)
      return std::nullopt;
  }
  auto alloc = (dstView ? dstView->getOperand(0) : dma.getDst())
                   .getDefiningOp<t::AllocOp>();
  if (!alloc || (alloc->getBlock() != body && loop->isAncestor(alloc)))
    return std::nullopt;
  bool outside = alloc->getBlock() != body;
  if (!dma.getToken().hasOneUse())
    return std::nullopt;
  auto wait = dyn_cast<t::WaitOp>(*dma.getToken().getUsers().begin());
  if (!wait || wait->getBlock() != body)
    return std::nullopt;
  // Every other use of the buffer is an npu_tile op after the wait; copies
  // from it are waited within the iteration.
  for (Operation *user : alloc->getUsers()) {
    if (user == dma || user == dstView)
      continue;
    if (isa<t::DeallocOp>(user)) {
      if (outside != loop->isAncestor(user))
        continue; // dropped
      return std::nullopt;
    }
    // A buffer allocated outside may be used before the loop (e.g. by a
    // peeled first iteration): those uses keep the original buffer.
    if (outside && !loop->isAncestor(user)) {
      Operation *before = loop->getBlock()->findAncestorOpInBlock(*user);
      if (before && before->isBeforeInBlock(loop))
        continue;
      return std::nullopt;
    }
    if (!isa<t::NpuTileDialect>(user->getDialect()))
      return std::nullopt;
    Operation *anc = body->findAncestorOpInBlock(*user);
    if (!anc || !wait->isBeforeInBlock(anc))
      return std::nullopt;
    if (auto other = dyn_cast<t::DmaOp>(user))
      if (!tokenWaitedIn(other, body))
        return std::nullopt;
  }
  // The source is computed from the induction variable only.
  llvm::SetVector<Operation *> slice;
  if (!collectSlice(dma.getSrc(), loop, slice))
    return std::nullopt;
  // Nothing in the loop may write what the load reads.
  Value root = npu::getRootBuffer(dma.getSrc());
  if (!isa<BlockArgument>(root) && !root.getDefiningOp<memref::GetGlobalOp>() &&
      !root.getDefiningOp<memref::AllocOp>())
    return std::nullopt;
  if (mayAccess(loop, root, /*writeOnly=*/true))
    return std::nullopt;
  Load load{alloc, dma, wait, dstView, {}, {}, outside};
  load.slice.assign(slice.begin(), slice.end());
  llvm::sort(load.slice,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return load;
}

/// An output buffer to double buffer: allocated outside the loop, fully
/// written in every iteration before any other access and copied to HBM
/// in the iteration, so consecutive iterations may use different buffers.
struct Output {
  t::AllocOp alloc;
  Value slots[2]; // the original buffer and a second one
};

/// True if `op` writes all of `buffer` without reading it.
bool overwrites(Operation *op, Value buffer) {
  if (auto matmul = dyn_cast<t::MatmulOp>(op)) {
    if (matmul.getAccumulate() || matmul.getC() != buffer)
      return false;
    for (OpOperand &operand : op->getOpOperands())
      if (operand.get() != matmul.getC() &&
          isa<MemRefType>(operand.get().getType()) &&
          sameRoot(npu::getRootBuffer(operand.get()), buffer))
        return false;
    return true;
  }
  auto iface = dyn_cast<MemoryEffectOpInterface>(op);
  if (!iface || op->getNumRegions())
    return false;
  SmallVector<MemoryEffects::EffectInstance> effects;
  iface.getEffects(effects);
  bool written = false;
  for (const MemoryEffects::EffectInstance &effect : effects) {
    Value value = effect.getValue();
    if (!value)
      continue;
    if (!sameRoot(npu::getRootBuffer(value), buffer))
      continue;
    if (!isa<MemoryEffects::Write>(effect.getEffect()) || value != buffer)
      return false;
    written = true;
  }
  return written;
}

std::optional<Output> matchOutput(t::AllocOp alloc, scf::ForOp loop) {
  Block *body = loop.getBody();
  if (loop->isAncestor(alloc) || alloc->getNumOperands())
    return std::nullopt;
  Value buffer = alloc.getResult();
  // Used only by ops directly in the body, deallocs outside the loop and
  // at least one copy to HBM whose token is waited in the body.
  bool stored = false;
  for (Operation *user : alloc->getUsers()) {
    if (isa<t::DeallocOp>(user) && user->getBlock() == loop->getBlock() &&
        loop->isBeforeInBlock(user))
      continue;
    if (user->getBlock() != body)
      return std::nullopt;
    if (auto dma = dyn_cast<t::DmaOp>(user)) {
      if (dma.getSrc() != buffer || !tokenWaitedIn(dma, body) ||
          !t::isInSpace(dma.getDst().getType(), t::MemorySpace::HBM))
        return std::nullopt;
      stored = true;
    }
  }
  if (!stored)
    return std::nullopt;
  // The first op of the body accessing the buffer overwrites it.
  for (Operation &op : body->without_terminator()) {
    if (!mayAccess(&op, buffer, /*writeOnly=*/false))
      continue;
    if (!overwrites(&op, buffer))
      return std::nullopt;
    return Output{alloc, {}};
  }
  return std::nullopt;
}

/// Trip count of the constant-bound scf.for loops around `op`.
int64_t getTrips(Operation *op) {
  int64_t trips = 1;
  for (auto loop = op->getParentOfType<scf::ForOp>(); loop;
       loop = loop->getParentOfType<scf::ForOp>()) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound());
    std::optional<int64_t> step = getConstantIntValue(loop.getStep());
    if (lb && ub && step && *step > 0)
      trips *= std::max<int64_t>(0, (*ub - *lb + *step - 1) / *step);
  }
  return trips;
}

/// Trip count of `loop` (1 when its bounds are not constant).
int64_t getTripCount(scf::ForOp loop) {
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!lb || !ub || !step || *step <= 0)
    return 1;
  return std::max<int64_t>(0, (*ub - *lb + *step - 1) / *step);
}

/// How copies are split over channels (see splitCopy).
struct SplitPolicy {
  int64_t pieces = 1;   // at most this many pieces per copy
  int64_t minBytes = 0; // copies smaller than this stay whole
};

/// Number of pieces a copy of `type` (the shape of both sides) moving
/// `bytes` is split into under `policy` (1: not split).
int64_t getPieces(MemRefType type, int64_t bytes, const SplitPolicy &policy) {
  if (!type.hasStaticShape() || type.getRank() == 0 ||
      t::getElementBits(type.getElementType()) < 8 || bytes < policy.minBytes)
    return 1;
  return std::max<int64_t>(1, std::min(policy.pieces, type.getDimSize(0)));
}

/// Issues the copy `src` -> `dst` as `pieces` copies of consecutive ranges
/// of the outermost dimension (subviews of both sides, with the same
/// shape); returns them in order. Each carries the attribute `pieceAttr`
/// when given (so that channel assignment spreads them).
SmallVector<t::DmaOp> emitPieces(OpBuilder &b, Location loc, Value src,
                                 Value dst, int64_t pieces,
                                 NamedAttribute *pieceAttr = nullptr) {
  auto type = cast<MemRefType>(src.getType());
  if (pieces < 2) {
    auto dma = t::DmaOp::create(b, loc, src, dst);
    if (pieceAttr)
      dma->setAttr(pieceAttr->getName(), pieceAttr->getValue());
    return {dma};
  }
  int64_t rank = type.getRank();
  int64_t rows = type.getDimSize(0);
  SmallVector<t::DmaOp> dmas;
  for (int64_t p = 0, row = 0; p < pieces; ++p) {
    int64_t count = rows / pieces + (p < rows % pieces ? 1 : 0);
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes, strides(rank, b.getIndexAttr(1));
    offsets[0] = b.getIndexAttr(row);
    sizes.push_back(b.getIndexAttr(count));
    for (int64_t d = 1; d < rank; ++d)
      sizes.push_back(b.getIndexAttr(type.getDimSize(d)));
    Value srcPiece =
        memref::SubViewOp::create(b, loc, src, offsets, sizes, strides);
    Value dstPiece =
        memref::SubViewOp::create(b, loc, dst, offsets, sizes, strides);
    auto dma = t::DmaOp::create(b, loc, srcPiece, dstPiece);
    if (pieceAttr)
      dma->setAttr(pieceAttr->getName(), pieceAttr->getValue());
    dmas.push_back(dma);
    row += count;
  }
  return dmas;
}

/// Estimated cycles of the MXU and VPU work of one iteration of `loop`
/// (nested loops count once per trip), with the simulator's formulas.
uint64_t estimateComputeCycles(scf::ForOp loop, const npu::Target &target) {
  uint64_t cycles = 0;
  // Trips of the loops around `loop` and of `loop` itself.
  int64_t outer = getTrips(loop) * getTripCount(loop);
  loop.getBody()->walk([&](Operation *op) {
    uint64_t one = 0;
    if (auto mm = dyn_cast<t::MatmulOp>(op)) {
      auto a = cast<MemRefType>(mm.getA().getType());
      auto b = cast<MemRefType>(mm.getB().getType());
      if (a.getRank() != 2 || b.getRank() != 2 || !a.hasStaticShape() ||
          !b.hasStaticShape())
        return;
      npu::cost::MatmulMode mode = npu::cost::MatmulMode::Bf16;
      switch (mm.getMode()) {
      case t::MatmulMode::BF16:
        break;
      case t::MatmulMode::Int8:
        mode = npu::cost::MatmulMode::Int8;
        break;
      case t::MatmulMode::W8:
        mode = npu::cost::MatmulMode::W8;
        break;
      case t::MatmulMode::W4:
        mode = npu::cost::MatmulMode::W4;
        break;
      }
      one = npu::cost::mxuMatmulCycles(target, mode, a.getDimSize(0),
                                       a.getDimSize(1), b.getDimSize(1));
    } else if (isa<t::VpuBinaryOp, t::VpuUnaryOp, t::VpuSelectOp>(op)) {
      auto dst = cast<MemRefType>(op->getOperands().back().getType());
      if (dst.getRank() == 0 || !dst.hasStaticShape())
        return;
      int64_t cols = dst.getShape().back();
      one = npu::cost::vpuOpCycles(target, dst.getNumElements() / cols, cols,
                                   /*transcendental=*/false);
    } else {
      return;
    }
    // Trips of the loops between `op` and `loop`.
    cycles += one * uint64_t(getTrips(op) / std::max<int64_t>(1, outer));
  });
  return cycles;
}

/// Marks, during the pass, the pieces of one split copy (same value: one
/// copy), which go to different channels.
constexpr llvm::StringLiteral kPiece = "npu.schedule_dma.piece";
/// Distinct values of kPiece (only adjacent groups need to differ).
std::atomic<int64_t> nextPieceGroup{0};

/// Rewrites a loop of `trips` iterations (iteration k at lb + k * step) as
///
///   load(0) -> slot 0
///   for each pair (k, k + 1) with k + 2 < trips (a loop of step 2 * step):
///     load(k + 1) -> slot 1; wait slot 0; body(k) on slot 0
///     load(k + 2) -> slot 0; wait slot 1; body(k + 1) on slot 1
///   the one or two remaining iterations, peeled (no load past the end)
///
/// so that slots are static (every address stays affine in the induction
/// variables) and each load overlaps the previous iteration's compute.
class LoopPipeliner {
public:
  LoopPipeliner(scf::ForOp loop, int64_t lb, int64_t step, int64_t trips,
                SmallVector<Load> loads, SmallVector<Output> outputs,
                bool carryTokens, SplitPolicy split, int64_t straightPairs,
                const npu::Target &target, bool hoist)
      : loop(loop), lb(lb), step(step), trips(trips), loads(std::move(loads)),
        outputs(std::move(outputs)), carryTokens(carryTokens), split(split),
        straightPairs(straightPairs), hoist(hoist) {
    // A load overlaps one iteration's compute: use the fewest pieces (each
    // on its own channel) that move it within that time.
    uint64_t compute = estimateComputeCycles(loop, target);
    for (Load &load : this->loads) {
      int64_t most = getPieces(cast<MemRefType>(load.dma.getDst().getType()),
                               getCopyBytes(load.dma), split);
      // The first load overlaps nothing: as many pieces as worth it.
      load.firstPieces = most;
      load.pieces = 1;
      while (load.pieces < most &&
             npu::cost::hbmDmaCycles(target, getCopyBytes(load.dma),
                                     load.pieces) > compute)
        ++load.pieces;
    }
  }

  void run() {
    Location loc = loop.getLoc();
    OpBuilder b(loop);
    // The slots and the first loads go to the hoist point (see
    // findHoistPoint), the rest where the loop was.
    OpBuilder hb(carryTokens && hoist ? findHoistPoint() : loop.getOperation());
    for (Load &load : loads)
      for (Value &slot : load.slots)
        slot =
            t::AllocOp::create(hb, load.alloc.getLoc(), load.alloc.getType());
    // Output buffers: the original one in slot 0, a copy of its alloc (and
    // of its deallocs) in slot 1.
    for (Output &output : outputs) {
      output.slots[0] = output.alloc.getResult();
      OpBuilder ab(output.alloc->getContext());
      ab.setInsertionPointAfter(output.alloc);
      output.slots[1] =
          t::AllocOp::create(ab, output.alloc.getLoc(), output.alloc.getType());
      for (Operation *user : output.alloc->getUsers())
        if (isa<t::DeallocOp>(user)) {
          ab.setInsertionPointAfter(user);
          IRMapping mapping;
          mapping.map(output.slots[0], output.slots[1]);
          ab.clone(*user, mapping);
        }
    }
    if (!carryTokens)
      return runWithoutCarriedTokens();
    unsigned numOrig = loop.getNumRegionIterArgs();
    SmallVector<Value> current(loop.getInitArgs());
    int64_t pairs = (trips - 1) / 2;
    bool straight = pairs <= std::max<int64_t>(1, straightPairs);
    SmallVector<Value> tokens = emitLoads(hb, getIv(hb, 0), 0, straight);
    bool first = straight;

    if (straight) {
      // Few pairs are emitted straight, not as a loop of few trips, so
      // that waits (e.g. of the last store of a pair) can move past the
      // pair and nothing is drained at loop boundaries.
      for (int64_t k = 0; k < 2 * pairs; k += 2) {
        SmallVector<Value> second = emitLoads(b, getIv(b, k + 1), 1);
        current = emitIteration(b, getIv(b, k), current, tokens, 0, first);
        first = false;
        SmallVector<Value> next = emitLoads(b, getIv(b, k + 2), 0);
        current = emitIteration(b, getIv(b, k + 1), current, second, 1);
        tokens = next;
      }
    } else {
      Value lbV = arith::ConstantIndexOp::create(b, loc, lb);
      Value ubV = arith::ConstantIndexOp::create(b, loc, lb + 2 * pairs * step);
      Value stepV = arith::ConstantIndexOp::create(b, loc, 2 * step);
      Value oneStep = arith::ConstantIndexOp::create(b, loc, step);
      SmallVector<Value> inits = current;
      llvm::append_range(inits, tokens);
      auto newLoop = scf::ForOp::create(
          b, loc, lbV, ubV, stepV, inits,
          [&](OpBuilder &nb, Location l, Value iv, ValueRange args) {
            Value iv1 = arith::AddIOp::create(nb, l, iv, oneStep);
            SmallVector<Value> second = emitLoads(nb, iv1, 1);
            SmallVector<Value> values = emitIteration(
                nb, iv, args.take_front(numOrig), args.drop_front(numOrig), 0);
            Value iv2 = arith::AddIOp::create(nb, l, iv1, oneStep);
            SmallVector<Value> next = emitLoads(nb, iv2, 0);
            values = emitIteration(nb, iv1, values, second, 1);
            llvm::append_range(values, next);
            scf::YieldOp::create(nb, l, values);
          });
      newLoop->setDiscardableAttrs(loop->getDiscardableAttrDictionary());
      newLoop->setAttr(kPipelined, UnitAttr::get(loop.getContext()));
      b.setInsertionPointAfter(newLoop);
      current.assign(newLoop.getResults().begin(),
                     newLoop.getResults().begin() + numOrig);
      tokens.assign(newLoop.getResults().begin() + numOrig,
                    newLoop.getResults().end());
    }
    // The remaining one or two iterations.
    int64_t k = 2 * pairs;
    if (trips - k == 2) {
      SmallVector<Value> second = emitLoads(b, getIv(b, k + 1), 1);
      current = emitIteration(b, getIv(b, k), current, tokens, 0, first);
      current = emitIteration(b, getIv(b, k + 1), current, second, 1);
    } else {
      current = emitIteration(b, getIv(b, k), current, tokens, 0, first);
    }
    finish(current);
  }

  /// Without tokens carried across iterations: each pair (k, k + 1) loads
  /// both slots, then computes k while the load of k + 1 completes.
  void runWithoutCarriedTokens() {
    Location loc = loop.getLoc();
    OpBuilder b(loop);
    unsigned numOrig = loop.getNumRegionIterArgs();
    SmallVector<Value> current(loop.getInitArgs());
    int64_t pairs = trips / 2;
    if (pairs > 1) {
      Value lbV = arith::ConstantIndexOp::create(b, loc, lb);
      Value ubV = arith::ConstantIndexOp::create(b, loc, lb + 2 * pairs * step);
      Value stepV = arith::ConstantIndexOp::create(b, loc, 2 * step);
      Value oneStep = arith::ConstantIndexOp::create(b, loc, step);
      auto newLoop = scf::ForOp::create(
          b, loc, lbV, ubV, stepV, current,
          [&](OpBuilder &nb, Location l, Value iv, ValueRange args) {
            SmallVector<Value> first = emitLoads(nb, iv, 0);
            Value iv1 = arith::AddIOp::create(nb, l, iv, oneStep);
            SmallVector<Value> second = emitLoads(nb, iv1, 1);
            SmallVector<Value> values = emitIteration(nb, iv, args, first, 0);
            values = emitIteration(nb, iv1, values, second, 1);
            scf::YieldOp::create(nb, l, values);
          });
      newLoop->setDiscardableAttrs(loop->getDiscardableAttrDictionary());
      newLoop->setAttr(kPipelined, UnitAttr::get(loop.getContext()));
      b.setInsertionPointAfter(newLoop);
      current.assign(newLoop.getResults().begin(),
                     newLoop.getResults().begin() + numOrig);
    } else if (pairs == 1) {
      SmallVector<Value> first = emitLoads(b, getIv(b, 0), 0);
      SmallVector<Value> second = emitLoads(b, getIv(b, 1), 1);
      current = emitIteration(b, getIv(b, 0), current, first, 0);
      current = emitIteration(b, getIv(b, 1), current, second, 1);
    }
    if (trips % 2) {
      SmallVector<Value> last = emitLoads(b, getIv(b, trips - 1), 0);
      current = emitIteration(b, getIv(b, trips - 1), current, last, 0);
    }
    finish(current);
  }

  /// Replaces the loop by `results` and cleans up.
  void finish(ValueRange results) {
    loop.replaceAllUsesWith(results);
    loop.erase();
    // Buffers allocated outside the loop are replaced by their two copies.
    for (Load &load : loads) {
      if (!load.outside)
        continue;
      for (Operation *user : llvm::make_early_inc_range(load.alloc->getUsers()))
        if (isa<t::DeallocOp>(user))
          user->erase();
      if (load.alloc->use_empty())
        load.alloc.erase();
    }
    for (Operation *op : llvm::reverse(sliceClones))
      if (isOpTriviallyDead(op))
        op->erase();
  }

private:
  /// The earliest point before the loop, in its block, where the loads of
  /// its first iteration may be issued so that they overlap the copies and
  /// waits that precede the loop: above the copies that do not write what
  /// the loads read, the waits on them, and allocations and pure ops, up
  /// to the last compute (MXU/VPU op or loop) before the loop. The sources
  /// must be computable there.
  Operation *findHoistPoint() {
    SmallVector<Value> roots, external;
    for (Load &load : loads) {
      roots.push_back(npu::getRootBuffer(load.dma.getSrc()));
      llvm::DenseSet<Operation *> slice(load.slice.begin(), load.slice.end());
      auto addExternal = [&](Value v) {
        if (v != loop.getInductionVar() &&
            (!v.getDefiningOp() || !slice.contains(v.getDefiningOp())))
          external.push_back(v);
      };
      for (Operation *op : load.slice)
        for (Value operand : op->getOperands())
          addExternal(operand);
      addExternal(load.dma.getSrc());
    }
    auto writesSource = [&](t::DmaOp dma) {
      Value dst = npu::getRootBuffer(dma.getDst());
      return llvm::any_of(roots, [&](Value r) { return sameRoot(r, dst); });
    };
    Operation *point = loop;
    Operation *lastTransfer = nullptr; // the earliest copy or wait passed
    for (Operation *prev = loop->getPrevNode(); prev;
         prev = prev->getPrevNode()) {
      if (llvm::any_of(prev->getResults(), [&](Value r) {
            return llvm::is_contained(external, r);
          }))
        break;
      if (auto dma = dyn_cast<t::DmaOp>(prev)) {
        if (writesSource(dma))
          break;
      } else if (auto wait = dyn_cast<t::WaitOp>(prev)) {
        if (llvm::any_of(wait.getTokens(), [&](Value token) {
              auto dma = token.getDefiningOp<t::DmaOp>();
              return !dma || writesSource(dma);
            }))
          break;
      } else if (!isa<t::AllocOp, t::DeallocOp>(prev) &&
                 !isMemoryEffectFree(prev)) {
        break; // compute, loops, unknown effects
      }
      point = prev;
      if (isa<t::DmaOp, t::WaitOp>(prev))
        lastTransfer = prev;
    }
    // Only worth it above a copy or a wait (above the earliest one).
    return lastTransfer ? lastTransfer : loop.getOperation();
  }

  /// The induction variable of iteration `k`, as a constant.
  Value getIv(OpBuilder &b, int64_t k) {
    auto iv = arith::ConstantIndexOp::create(b, loop.getLoc(), lb + k * step);
    sliceClones.push_back(iv); // erased if unused
    return iv;
  }

  /// The buffer of slot `slot` of `load`.
  Value getSlotView(OpBuilder &, Load &load, int64_t slot) {
    return load.slots[slot];
  }

  /// What the copy into slot `slot` of `load` writes: the slot, through
  /// the load's reshape if it has one.
  Value getCopyDestination(OpBuilder &b, Load &load, int64_t slot) {
    Value buffer = getSlotView(b, load, slot);
    if (!load.dstView)
      return buffer;
    IRMapping mapping;
    mapping.map(load.dstView->getOperand(0), buffer);
    return b.clone(*load.dstView, mapping)->getResult(0);
  }

  /// Issues the copies of iteration `iv` into slot `slot`.
  /// `first`: the load of the first iteration emitted straight (no loop
  /// carries its tokens), split in Load::firstPieces.
  SmallVector<Value> emitLoads(OpBuilder &b, Value iv, int64_t slot,
                               bool first = false) {
    SmallVector<Value> tokens;
    for (Load &load : loads) {
      IRMapping mapping;
      mapping.map(loop.getInductionVar(), iv);
      for (Operation *op : load.slice)
        sliceClones.push_back(b.clone(*op, mapping));
      Value src = mapping.lookupOrDefault(load.dma.getSrc());
      Value dst = getCopyDestination(b, load, slot);
      NamedAttribute piece(b.getStringAttr(kPiece),
                           b.getI64IntegerAttr(nextPieceGroup++));
      int64_t pieces = first ? load.firstPieces : load.pieces;
      for (t::DmaOp dma :
           emitPieces(b, load.dma.getLoc(), src, dst, pieces, &piece)) {
        if (pieces == 1)
          dma.setChannelAttr(load.dma.getChannelAttr());
        tokens.push_back(dma.getToken());
      }
    }
    return tokens;
  }

  /// Clones the body for iteration `iv` on slot `slot`, with the loads
  /// replaced by waits on `tokens`; returns the values it yields.
  SmallVector<Value> emitIteration(OpBuilder &b, Value iv, ValueRange iterArgs,
                                   ValueRange tokens, int64_t slot,
                                   bool first = false) {
    IRMapping mapping;
    mapping.map(loop.getInductionVar(), iv);
    mapping.map(loop.getRegionIterArgs(), iterArgs);
    for (Load &load : loads)
      if (load.outside)
        mapping.map(load.alloc.getResult(), getSlotView(b, load, slot));
    for (Output &output : outputs)
      mapping.map(output.alloc.getResult(), output.slots[slot]);
    llvm::DenseSet<Operation *> sliceOps;
    for (Load &load : loads)
      sliceOps.insert(load.slice.begin(), load.slice.end());
    for (Operation &op : loop.getBody()->without_terminator()) {
      if (auto alloc = dyn_cast<t::AllocOp>(op)) {
        if (Load *load = findLoad(alloc)) {
          mapping.map(alloc.getResult(), getSlotView(b, *load, slot));
          continue;
        }
      }
      if (auto dealloc = dyn_cast<t::DeallocOp>(op))
        if (auto alloc = dealloc.getMemref().getDefiningOp<t::AllocOp>())
          if (findLoad(alloc))
            continue;
      if (auto dma = dyn_cast<t::DmaOp>(op))
        if (llvm::any_of(loads, [&](Load &l) { return l.dma == dma; }))
          continue;
      if (llvm::any_of(loads, [&](Load &l) { return l.dstView == &op; }))
        continue;
      if (auto wait = dyn_cast<t::WaitOp>(op)) {
        SmallVector<Value> waited;
        bool changed = false;
        for (Value token : wait.getTokens()) {
          auto it = llvm::find_if(
              loads, [&](Load &l) { return l.dma.getToken() == token; });
          if (it != loads.end()) {
            // The tokens of its pieces (loads in order, pieces in order).
            auto count = [&](Load &l) {
              return first ? l.firstPieces : l.pieces;
            };
            size_t start = 0;
            for (Load &l : llvm::make_range(loads.begin(), it))
              start += count(l);
            llvm::append_range(waited, tokens.slice(start, count(*it)));
            changed = true;
          } else {
            waited.push_back(mapping.lookupOrDefault(token));
          }
        }
        if (changed) {
          auto newWait = t::WaitOp::create(b, wait.getLoc(), waited);
          newWait->setDiscardableAttrs(wait->getDiscardableAttrDictionary());
          continue;
        }
      }
      Operation *clone = b.clone(op, mapping);
      if (sliceOps.contains(&op))
        sliceClones.push_back(clone);
    }
    SmallVector<Value> yields;
    for (Value value : loop.getBody()->getTerminator()->getOperands())
      yields.push_back(mapping.lookupOrDefault(value));
    return yields;
  }

  Load *findLoad(t::AllocOp alloc) {
    for (Load &load : loads)
      if (load.alloc == alloc)
        return &load;
    return nullptr;
  }

  scf::ForOp loop;
  int64_t lb, step, trips;
  SmallVector<Load> loads;
  SmallVector<Output> outputs;
  bool carryTokens;
  SplitPolicy split;
  int64_t straightPairs;
  bool hoist;
  SmallVector<Operation *> sliceClones;
};

/// Double buffers the loads of `loop` if it has any; returns true if it
/// changed the IR.
bool pipelineLoop(scf::ForOp loop, const npu::Target &target, bool carryTokens,
                  const SplitPolicy &split, int64_t straightPairs, bool hoist,
                  bool apply = true) {
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!lb || !ub || !step || *step <= 0 || *ub <= *lb)
    return false;
  int64_t trips = (*ub - *lb + *step - 1) / *step;
  if (trips < 2)
    return false;
  SmallVector<Load> loads;
  for (auto dma : loop.getBody()->getOps<t::DmaOp>())
    if (std::optional<Load> load = matchLoad(dma, loop))
      loads.push_back(*load);
  if (loads.empty())
    return false;
  SmallVector<Output> outputs;
  loop->getParentOfType<func::FuncOp>().walk([&](t::AllocOp alloc) {
    if (std::optional<Output> output = matchOutput(alloc, loop))
      outputs.push_back(*output);
  });
  if (!apply)
    return true;
  LoopPipeliner(loop, *lb, *step, trips, std::move(loads), std::move(outputs),
                carryTokens, split, straightPairs, target, hoist)
      .run();
  return true;
}

/// Moves the wait of a store down to the first op that conflicts with it.
void sinkStoreWait(t::DmaOp dma) {
  if (!t::isInSpace(dma.getSrc().getType(), t::MemorySpace::SRAM) ||
      !t::isInSpace(dma.getDst().getType(), t::MemorySpace::HBM) ||
      !dma.getToken().hasOneUse())
    return;
  auto wait = dyn_cast<t::WaitOp>(*dma.getToken().getUsers().begin());
  if (!wait || wait->getBlock() != dma->getBlock() ||
      wait.getTokens().size() != 1 || !dma->isBeforeInBlock(wait))
    return;
  Value srcRoot = npu::getRootBuffer(dma.getSrc());
  Value dstRoot = npu::getRootBuffer(dma.getDst());
  Operation *stop = wait->getNextNode();
  while (stop && !stop->hasTrait<OpTrait::IsTerminator>() &&
         !mayAccess(stop, srcRoot, /*writeOnly=*/true) &&
         !mayAccess(stop, dstRoot, /*writeOnly=*/false))
    stop = stop->getNextNode();
  if (stop && stop != wait->getNextNode())
    wait->moveBefore(stop);
  else if (!stop)
    wait->moveBefore(wait->getBlock(), wait->getBlock()->end());
}

/// Splits a copy between HBM and SRAM outside loops whose token is waited
/// once in its block into pieces (getPieces) with one token each, waited
/// together, so that they run on several channels at once: one channel
/// moves at most `dma_channel_bytes_per_cycle`, HBM `hbm_bytes_per_cycle`.
/// Copies in loops are split by the pipeliner when it double buffers them.
void splitCopy(t::DmaOp dma, const SplitPolicy &policy, int64_t group) {
  auto srcType = cast<MemRefType>(dma.getSrc().getType());
  auto dstType = cast<MemRefType>(dma.getDst().getType());
  bool load = t::isInSpace(srcType, t::MemorySpace::HBM) &&
              t::isInSpace(dstType, t::MemorySpace::SRAM);
  bool store = t::isInSpace(srcType, t::MemorySpace::SRAM) &&
               t::isInSpace(dstType, t::MemorySpace::HBM);
  if ((!load && !store) || dma->getParentOfType<scf::ForOp>() ||
      dma->hasAttr(kPiece) || srcType.getShape() != dstType.getShape() ||
      !dma.getToken().hasOneUse())
    return;
  int64_t pieces = getPieces(srcType, getCopyBytes(dma), policy);
  auto wait = dyn_cast<t::WaitOp>(*dma.getToken().getUsers().begin());
  if (pieces < 2 || !wait || wait->getBlock() != dma->getBlock() ||
      !dma->isBeforeInBlock(wait))
    return;
  // The pieces of a store all wait for the producer of their source; only
  // one can take its semaphore in its wait field, so the lowering makes the
  // scalar unit wait for it, which would delay the issue of the compute
  // after the store: split only stores waited before any further compute.
  if (store)
    for (Operation *next = dma->getNextNode(); next != wait;
         next = next->getNextNode())
      if (isa<t::MatmulOp, t::VpuBinaryOp, t::VpuUnaryOp, t::VpuSelectOp,
              t::VpuReduceOp, t::VpuBcastOp, t::VpuQuantOp, t::VpuDequantOp,
              scf::ForOp>(next))
        return;
  OpBuilder b(dma);
  NamedAttribute attr(b.getStringAttr(kPiece), b.getI64IntegerAttr(group));
  SmallVector<Value> tokens;
  for (t::DmaOp piece :
       emitPieces(b, dma.getLoc(), dma.getSrc(), dma.getDst(), pieces, &attr))
    tokens.push_back(piece.getToken());
  SmallVector<Value> waited;
  for (Value token : wait.getTokens())
    if (token == dma.getToken())
      llvm::append_range(waited, tokens);
    else
      waited.push_back(token);
  OpBuilder wb(wait);
  auto newWait = t::WaitOp::create(wb, wait.getLoc(), waited);
  newWait->setDiscardableAttrs(wait->getDiscardableAttrDictionary());
  wait.erase();
  dma.erase();
}

void assignChannels(func::FuncOp func, unsigned channels) {
  if (channels == 0)
    return;
  SmallVector<int64_t> bytes(channels, 0);
  Builder b(func.getContext());
  // Channels taken by the pieces of the current split copy.
  std::optional<int64_t> group;
  llvm::SmallBitVector taken(channels);
  // Channels whose last copy (in program order) is a store from SRAM: it
  // typically waits, at the head of the channel's in-order queue, for the
  // compute that produces its source, and would hold up a load queued
  // behind it. The loads after a store go first to the other channels
  // (`fresh`: those that got no load since the last store), then anywhere
  // (with two channels, avoiding one would serialise all loads).
  llvm::SmallBitVector lastIsStore(channels), fresh(channels);
  func.walk<WalkOrder::PreOrder>([&](t::DmaOp dma) {
    int64_t weight = getCopyBytes(dma) * getTrips(dma);
    bool isStore = t::isInSpace(dma.getSrc().getType(), t::MemorySpace::SRAM);
    auto piece = dma->getAttrOfType<IntegerAttr>(kPiece);
    dma->removeAttr(kPiece);
    if (!piece || group != piece.getInt())
      taken.reset();
    group = piece ? std::optional<int64_t>(piece.getInt()) : std::nullopt;
    if (std::optional<uint64_t> channel = dma.getChannel()) {
      if (*channel < channels) {
        bytes[*channel] += weight;
        lastIsStore[*channel] = isStore;
        if (isStore)
          fresh = ~lastIsStore;
        else
          fresh.reset(*channel);
      }
      return;
    }
    if (taken.all())
      taken.reset();
    bool avoid = !isStore && (fresh & ~taken).any();
    auto better = [&](unsigned c, unsigned best) {
      if (avoid && fresh[c] != fresh[best])
        return bool(fresh[c]);
      return bytes[c] < bytes[best];
    };
    unsigned best = taken.find_first_unset();
    for (unsigned c = best + 1; c < channels; ++c)
      if (!taken.test(c) && better(c, best))
        best = c;
    taken.set(best);
    lastIsStore[best] = isStore;
    if (isStore)
      fresh = ~lastIsStore;
    else
      fresh.reset(best);
    bytes[best] += weight;
    dma.setChannelAttr(b.getI64IntegerAttr(best));
  });
}

struct ScheduleDmaPass : public npu::impl::NpuScheduleDmaBase<ScheduleDmaPass> {
  using NpuScheduleDmaBase::NpuScheduleDmaBase;

  void runOnOperation() override {
    if (disable)
      return;
    ModuleOp module = getOperation();
    std::optional<npu::Target> arch = npu::loadModuleTarget(module, target);
    if (!arch)
      return signalPassFailure();
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      // Innermost loops first (post-order). Each transformation is tried
      // on a copy of the function first and kept only if the SRAM working
      // set still fits. A transformed loop is replaced by new ops, so walk
      // again after each change; transformed loops no longer match.
      // A copy moves at most one channel's bandwidth: big ones are split
      // over as many channels as HBM can feed at once. Worth it when the
      // copy is longer than the HBM latency at one channel's rate.
      SplitPolicy split;
      split.pieces = std::min<int64_t>(
          arch->arch.dmaChannels,
          std::max<int64_t>(1, int64_t(arch->timing.hbmBytesPerCycle /
                                       arch->timing.dmaChannelBytesPerCycle)));
      split.minBytes = int64_t(arch->timing.dmaChannelBytesPerCycle *
                               arch->timing.hbmLatency);
      int64_t align = arch->arch.sramAlign;
      auto sramBytes = static_cast<int64_t>(arch->arch.sramBytes);
      bool changed = true;
      while (changed) {
        changed = false;
        SmallVector<scf::ForOp> loops;
        func.walk([&](scf::ForOp loop) { loops.push_back(loop); });
        for (auto [idx, loop] : llvm::enumerate(loops)) {
          if (loop->hasAttr(kNoFit) || loop->hasAttr(kPipelined) ||
              !pipelineLoop(loop, *arch, carryTokens, split, straightPairs,
                            /*hoist=*/false, /*apply=*/false))
            continue;
          // Hoisting the first loads lengthens the life of their buffers:
          // without it if that does not fit.
          auto fits = [&](bool hoist) {
            auto copy = cast<func::FuncOp>(func->clone());
            SmallVector<scf::ForOp> copyLoops;
            copy.walk([&](scf::ForOp l) { copyLoops.push_back(l); });
            pipelineLoop(copyLoops[idx], *arch, carryTokens, split,
                         straightPairs, hoist);
            int64_t peak = npu::computeSramPeak(copy, align);
            copy->erase();
            return peak <= sramBytes;
          };
          bool hoist = fits(true);
          if (!hoist && !fits(false)) {
            loop->setAttr(kNoFit, UnitAttr::get(loop.getContext()));
            continue;
          }
          pipelineLoop(loop, *arch, carryTokens, split, straightPairs, hoist);
          changed = true;
          break;
        }
      }
      func.walk([&](scf::ForOp loop) {
        loop->removeAttr(kNoFit);
        loop->removeAttr(kPipelined);
      });
      SmallVector<t::DmaOp> dmas;
      func.walk([&](t::DmaOp dma) { dmas.push_back(dma); });
      for (t::DmaOp dma : dmas)
        sinkStoreWait(dma);
      // Big copies outside loops are split over channels.
      for (t::DmaOp dma : dmas)
        splitCopy(dma, split, nextPieceGroup++);
      assignChannels(func, arch->arch.dmaChannels);
    }
  }
};

} // namespace
