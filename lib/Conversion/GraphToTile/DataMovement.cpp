//===- DataMovement.cpp - npu-tile-graph: slice, concat, broadcast --------===//
//
// Slices and concatenations are pure data movement: HBM-to-HBM dma.copy of
// strided views (memref.subview of the input for a slice, of the result for
// each concatenated input), like the copy of a transpose. A broadcast the VPU
// cannot apply to a tile is materialised the same way: the operand copied
// once into a full-shaped buffer, then doubled along each broadcast dim. See
// docs/Compiler.md, "Data movement and attention".
//
//===----------------------------------------------------------------------===//

#include "DataMovement.h"

#include "npu_graph/NpuGraph.h"
#include "npu_tile/NpuTile.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallVector.h"

using namespace mlir;
namespace g = npu::graph;
namespace t = npu::tile;

namespace npu::graph_to_tile {

namespace {

SmallVector<OpFoldResult> indexAttrs(OpBuilder &b, ArrayRef<int64_t> values) {
  return llvm::map_to_vector(
      values, [&](int64_t v) -> OpFoldResult { return b.getIndexAttr(v); });
}

/// The same-rank subview of `memref` at `offsets` with `sizes`, `strides`.
Value subview(OpBuilder &b, Location loc, Value memref,
              ArrayRef<OpFoldResult> offsets, ArrayRef<int64_t> sizes,
              ArrayRef<int64_t> strides) {
  auto type = cast<MemRefType>(memref.getType());
  bool whole = type.getShape() == sizes &&
               llvm::all_of(strides, [](int64_t s) { return s == 1; }) &&
               llvm::all_of(offsets, [](OpFoldResult ofr) {
                 return getConstantIntValue(ofr) == std::optional<int64_t>(0);
               });
  if (whole)
    return memref;
  return memref::SubViewOp::create(
      b, loc, memref, offsets, indexAttrs(b, sizes), indexAttrs(b, strides));
}

FailureOr<Value> lowerSlice(g::SliceOp op, MoveEnv &env) {
  OpBuilder &b = env.builder;
  Location loc = op.getLoc();
  Value src =
      subview(b, loc, env.getMemRef(op.getInput()),
              indexAttrs(b, op.getStarts()), op.getSizes(), op.getStrides());
  Value dest = env.destinationFor(op.getResult());
  copyView(b, loc, src, dest, env.index);
  return dest;
}

FailureOr<Value> lowerConcat(g::ConcatOp op, MoveEnv &env) {
  OpBuilder &b = env.builder;
  Location loc = op.getLoc();
  int64_t axis = op.getNormalizedAxis();
  Value dest = env.destinationFor(op.getResult());
  int64_t at = 0;
  for (Value input : op.getInputs()) {
    auto shape = cast<ShapedType>(input.getType()).getShape();
    SmallVector<int64_t> offsets(shape.size(), 0);
    offsets[axis] = at;
    Value part = subview(b, loc, dest, indexAttrs(b, offsets), shape,
                         SmallVector<int64_t>(shape.size(), 1));
    copyView(b, loc, env.getMemRef(input), part, env.index);
    at += shape[axis];
  }
  return dest;
}

} // namespace

bool isDataMovementOp(Operation *op) {
  return isa<g::SliceOp, g::ConcatOp>(op);
}

FailureOr<Value> lowerDataMovementOp(Operation *op, MoveEnv &env) {
  if (auto slice = dyn_cast<g::SliceOp>(op))
    return lowerSlice(slice, env);
  return lowerConcat(cast<g::ConcatOp>(op), env);
}

void copyView(OpBuilder &b, Location loc, Value src, Value dst,
              function_ref<Value(int64_t)> index) {
  auto srcType = cast<MemRefType>(src.getType());
  auto dstType = cast<MemRefType>(dst.getType());
  ArrayRef<int64_t> shape = srcType.getShape();
  const int64_t *outer = llvm::find_if(shape, [](int64_t d) { return d > 1; });
  if (succeeded(t::getDmaShape(srcType, dstType)) || outer == shape.end()) {
    Value token = t::DmaOp::create(b, loc, src, dst);
    t::WaitOp::create(b, loc, ValueRange{token});
    return;
  }
  // Too many strided dims (or counts) for one dma.copy: one copy per index
  // of the outermost non-unit dim.
  int64_t dim = outer - shape.begin();
  auto loop = scf::ForOp::create(b, loc, index(0), index(*outer), index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(loop.getBody()->getTerminator());
  SmallVector<OpFoldResult> offsets =
      indexAttrs(b, SmallVector<int64_t>(shape.size(), 0));
  offsets[dim] = loop.getInductionVar();
  SmallVector<int64_t> sizes(shape);
  sizes[dim] = 1;
  SmallVector<int64_t> strides(shape.size(), 1);
  copyView(b, loc, subview(b, loc, src, offsets, sizes, strides),
           subview(b, loc, dst, offsets, sizes, strides), index);
}

Value materializeBroadcast(OpBuilder &b, Location loc, Value memref,
                           ArrayRef<int64_t> shape,
                           function_ref<Value(int64_t)> index) {
  auto type = cast<MemRefType>(memref.getType());
  Value dest = memref::AllocOp::create(
      b, loc,
      MemRefType::get(shape, type.getElementType(), MemRefLayoutAttrInterface(),
                      type.getMemorySpace()));
  // The operand at the result's rank: leading unit dims inserted.
  int64_t rank = shape.size(), operandRank = type.getRank();
  SmallVector<int64_t> padded(rank - operandRank, 1);
  llvm::append_range(padded, type.getShape());
  Value src = memref;
  if (operandRank < rank) {
    SmallVector<ReassociationIndices> groups;
    if (operandRank > 0) {
      ReassociationIndices first;
      for (int64_t d = 0; d <= rank - operandRank; ++d)
        first.push_back(d);
      groups.push_back(first);
      for (int64_t d = rank - operandRank + 1; d < rank; ++d)
        groups.push_back({d});
    }
    src = memref::ExpandShapeOp::create(b, loc, padded, memref, groups);
  }
  // One copy of the operand to the corner (index 0 of every broadcast dim),
  // then along each broadcast dim, innermost first, the part filled so far
  // is copied after itself, doubling it: 1 + sum(ceil(log2(n))) copies.
  SmallVector<int64_t> sizes(padded), strides(rank, 1);
  SmallVector<OpFoldResult> origin =
      indexAttrs(b, SmallVector<int64_t>(rank, 0));
  copyView(b, loc, src, subview(b, loc, dest, origin, sizes, strides), index);
  for (int64_t d = rank - 1; d >= 0; --d) {
    if (padded[d] != 1 || shape[d] == 1)
      continue;
    for (int64_t filled = 1; filled < shape[d]; filled *= 2) {
      SmallVector<int64_t> part(sizes);
      part[d] = std::min(filled, shape[d] - filled);
      SmallVector<OpFoldResult> at(origin);
      at[d] = b.getIndexAttr(filled);
      copyView(b, loc, subview(b, loc, dest, origin, part, strides),
               subview(b, loc, dest, at, part, strides), index);
    }
    sizes[d] = shape[d];
  }
  return dest;
}

void moveSoftmaxAxesLast(Operation *func) {
  SmallVector<g::SoftmaxOp> softmaxes;
  func->walk([&](g::SoftmaxOp op) {
    auto type = cast<RankedTensorType>(op.getType());
    if (op.getNormalizedAxis() != type.getRank() - 1)
      softmaxes.push_back(op);
  });
  for (g::SoftmaxOp op : softmaxes) {
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank(), axis = op.getNormalizedAxis();
    SmallVector<int64_t> swap = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(swap[axis], swap[rank - 1]);
    OpBuilder b(op);
    auto in = g::TransposeOp::create(b, op.getLoc(), op.getInput(), swap);
    auto rows = g::SoftmaxOp::create(
        b, op.getLoc(), in.getType(), in.getResult(),
        b.getI64IntegerAttr(rank - 1), op.getCausalAttr(), op.getOffsetAttr());
    auto out = g::TransposeOp::create(b, op.getLoc(), rows.getResult(), swap);
    op.getResult().replaceAllUsesWith(out.getResult());
    op.erase();
  }
}

} // namespace npu::graph_to_tile
