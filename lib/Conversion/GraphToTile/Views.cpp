//===- Views.cpp - npu-tile-graph: views, copies and batch loops ----------===//

#include "Views.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace mlir;

namespace npu::graph_to_tile {

Value dropUnitSubview(OpBuilder &b, Location loc, Value memref,
                      ArrayRef<OpFoldResult> offsets, ArrayRef<int64_t> sizes) {
  auto type = cast<MemRefType>(memref.getType());
  SmallVector<int64_t> kept;
  for (int64_t size : sizes)
    if (size != 1)
      kept.push_back(size);
  if (kept.empty())
    kept.push_back(1);
  bool atOrigin = llvm::all_of(offsets, [](OpFoldResult ofr) {
    return getConstantIntValue(ofr) == std::optional<int64_t>(0);
  });
  if (atOrigin && type.getShape() == ArrayRef<int64_t>(kept))
    return memref;
  SmallVector<OpFoldResult> sizeAttrs, strides;
  for (int64_t size : sizes) {
    sizeAttrs.push_back(b.getIndexAttr(size));
    strides.push_back(b.getIndexAttr(1));
  }
  MemRefType resultType = memref::SubViewOp::inferRankReducedResultType(
      kept, type, offsets, sizeAttrs, strides);
  return memref::SubViewOp::create(b, loc, resultType, memref, offsets,
                                   sizeAttrs, strides);
}

void forBatch(OpBuilder &b, Location loc, function_ref<Value(int64_t)> index,
              ArrayRef<int64_t> dims, SmallVector<OpFoldResult> prefix,
              function_ref<void(ArrayRef<OpFoldResult>)> body) {
  if (dims.empty())
    return body(prefix);
  if (dims.front() == 1) {
    prefix.push_back(b.getIndexAttr(0));
    return forBatch(b, loc, index, dims.drop_front(), prefix, body);
  }
  auto loop =
      scf::ForOp::create(b, loc, index(0), index(dims.front()), index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(loop.getBody()->getTerminator());
  prefix.push_back(loop.getInductionVar());
  forBatch(b, loc, index, dims.drop_front(), prefix, body);
}

void forRowTiles(OpBuilder &b, Location loc, function_ref<Value(int64_t)> index,
                 int64_t rows, int64_t tr,
                 function_ref<void(OpFoldResult, int64_t)> body) {
  int64_t count = rows / tr, edge = rows % tr;
  if (count == 1) {
    body(b.getIndexAttr(0), tr);
  } else if (count > 1) {
    auto loop =
        scf::ForOp::create(b, loc, index(0), index(count * tr), index(tr));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(loop.getBody()->getTerminator());
    body(loop.getInductionVar(), tr);
  }
  if (edge > 0)
    body(b.getIndexAttr(count * tr), edge);
}

} // namespace npu::graph_to_tile
