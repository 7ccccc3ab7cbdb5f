//===- Gather.cpp - npu-tile-graph: embedding lookups ---------------------===//
//
// The indices are run-time data, so the rows are selected by the DMA engine
// (dma.gather reads the indices and bounds-checks them against the table's
// row count). The copy goes straight from the table to the result in HBM:
// no SRAM, and the table is never loaded whole.
//
//===----------------------------------------------------------------------===//

#include "Gather.h"

#include "npu_graph/NpuGraph.h"
#include "npu_tile/NpuTile.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

#include <algorithm>
#include <cstdint>

using namespace mlir;
namespace g = npu::graph;
namespace t = npu::tile;

namespace npu::graph_to_tile {

namespace {

/// The largest `count` of one dma.gather (16-bit field).
constexpr int64_t kMaxGatherRows = 65535;

struct GatherShape {
  int64_t rows = 0;     // v
  int64_t rowElems = 0; // d
  int64_t count = 0;    // n
};

GatherShape getShape(g::GatherOp op) {
  auto table = cast<RankedTensorType>(op.getTable().getType());
  auto indices = cast<RankedTensorType>(op.getIndices().getType());
  GatherShape s;
  s.rows = table.getDimSize(0);
  s.rowElems = 1;
  for (int64_t d : table.getShape().drop_front())
    s.rowElems *= d;
  s.count = indices.getNumElements();
  return s;
}

/// `memref` (contiguous, identity layout) viewed with `shape`.
Value reshape(OpBuilder &b, Location loc, Value memref,
              ArrayRef<int64_t> shape) {
  auto type = cast<MemRefType>(memref.getType());
  if (type.getShape() == shape)
    return memref;
  Value flat = memref;
  if (type.getRank() > 1) {
    ReassociationIndices all;
    for (int64_t i = 0; i < type.getRank(); ++i)
      all.push_back(i);
    flat = memref::CollapseShapeOp::create(b, loc, memref,
                                           ArrayRef<ReassociationIndices>{all});
  }
  if (shape.size() == 1 && cast<MemRefType>(flat.getType()).getRank() == 1)
    return flat;
  SmallVector<ReassociationIndices> assoc;
  if (cast<MemRefType>(flat.getType()).getRank() == 1) {
    ReassociationIndices all;
    for (size_t i = 0; i < shape.size(); ++i)
      all.push_back(int64_t(i));
    assoc.push_back(all);
  } // a rank-0 source expands with no reassociation
  return memref::ExpandShapeOp::create(b, loc, shape, flat, assoc);
}

} // namespace

LogicalResult checkGather(Operation *op) {
  auto gather = cast<g::GatherOp>(op);
  Type elt = cast<ShapedType>(gather.getTable().getType()).getElementType();
  unsigned bits = t::getElementBits(elt);
  if (bits == 0)
    return op->emitError() << "npu-tile-graph: 'npu_graph.gather' of " << elt
                           << " is not supported";
  GatherShape s = getShape(gather);
  if ((s.rowElems * bits) % 8 != 0)
    return op->emitError() << "npu-tile-graph: 'npu_graph.gather' rows of "
                           << s.rowElems << " " << elt
                           << " elements are not whole bytes";
  if (s.rowElems * bits / 8 > INT32_MAX || s.rows >= (int64_t(1) << 32))
    return op->emitError()
           << "npu-tile-graph: 'npu_graph.gather' table too large for "
              "dma.gather (rows of at most 2^31 bytes, fewer than 2^32 rows)";
  return success();
}

FailureOr<Value> lowerGather(Operation *op, RowOpEnv &env) {
  auto gather = cast<g::GatherOp>(op);
  OpBuilder &b = env.builder;
  Location loc = op->getLoc();
  GatherShape s = getShape(gather);
  Value result = env.destinationFor(gather.getResult());
  if (s.count == 0 || s.rowElems == 0)
    return result;
  Value tableMem = env.getMemRef(gather.getTable());
  Value indicesMem = env.getMemRef(gather.getIndices());
  for (Value v : {tableMem, indicesMem})
    if (!cast<MemRefType>(v.getType()).getLayout().isIdentity())
      return op->emitError() << "npu-tile-graph: 'npu_graph.gather' of a "
                                "strided view is not supported yet";
  Value table = reshape(b, loc, tableMem, {s.rows, s.rowElems});
  Value indices = reshape(b, loc, indicesMem, {s.count});
  Value dst = reshape(b, loc, result, {s.count, s.rowElems});
  for (int64_t start = 0; start < s.count; start += kMaxGatherRows) {
    int64_t n = std::min(kMaxGatherRows, s.count - start);
    Value idx = indices, out = dst;
    if (n != s.count) {
      idx = memref::SubViewOp::create(
          b, loc, indices, ArrayRef<OpFoldResult>{b.getIndexAttr(start)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(n)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
      out = memref::SubViewOp::create(
          b, loc, dst,
          ArrayRef<OpFoldResult>{b.getIndexAttr(start), b.getIndexAttr(0)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(n), b.getIndexAttr(s.rowElems)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
    }
    auto copy = t::GatherOp::create(b, loc, table, idx, out);
    t::WaitOp::create(b, loc, ValueRange{copy.getToken()});
  }
  return result;
}

} // namespace npu::graph_to_tile
