//===- Reduce.cpp - npu-tile-graph: npu_graph.reduce ----------------------===//
//
// npu_graph.reduce as a row op: first rewritten (at graph level) so that it
// reduces the last dim of an [M, N] matrix into [M, 1] (the reduced axes
// moved last, in increasing order, by a transpose, and flattened by a
// reshape), then lowered as a loop over [tr, N] row tiles with vpu.reduce
// (rsum / rmax / rmin / rprod) and, for mean, one multiply by fp32(1 / n),
// following the op's documented device numerics. tr comes from
// npu::cost::planRowOp.
//
//===----------------------------------------------------------------------===//

#include "RowOps.h"
#include "Views.h"

#include "npu/CostModel/CostModel.h"
#include "npu_graph/NpuGraph.h"
#include "npu_tile/NpuTile.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

using namespace mlir;
namespace g = npu::graph;
namespace t = npu::tile;
namespace cost = npu::cost;

namespace npu::graph_to_tile {

namespace {
constexpr llvm::StringLiteral kPassName = "npu-tile-graph";

/// Whether `op` already reduces the last dim of a rank-2 input into
/// [M, 1], the form lowerReduce takes.
bool isRowReduce(g::ReduceOp op) {
  return op.getInput().getType().getRank() == 2 && op.getKeepdims() &&
         op.getNormalizedAxes() == SmallVector<int64_t>{1};
}
} // namespace

void moveReduceAxesLast(Operation *func) {
  SmallVector<g::ReduceOp> reduces;
  func->walk([&](g::ReduceOp op) {
    if (!isRowReduce(op))
      reduces.push_back(op);
  });
  for (g::ReduceOp op : reduces) {
    RankedTensorType inType = op.getInput().getType();
    int64_t rank = inType.getRank();
    SmallVector<int64_t> axes = op.getNormalizedAxes();
    // Kept dims first, then the reduced ones, each in increasing order:
    // the reduced elements of a row are then in the documented order.
    SmallVector<int64_t> perm;
    int64_t rows = 1, cols = 1;
    for (int64_t d = 0; d < rank; ++d)
      if (!llvm::is_contained(axes, d)) {
        perm.push_back(d);
        rows *= inType.getDimSize(d);
      }
    for (int64_t d : axes) {
      perm.push_back(d);
      cols *= inType.getDimSize(d);
    }
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value x = op.getInput();
    if (!llvm::equal(perm, llvm::seq<int64_t>(0, rank)))
      x = g::TransposeOp::create(b, loc, x, perm).getResult();
    Type elt = inType.getElementType();
    auto matrix = RankedTensorType::get({rows, cols}, elt);
    if (x.getType() != matrix)
      x = g::ReshapeOp::create(b, loc, matrix, x).getResult();
    auto column = RankedTensorType::get({rows, 1}, elt);
    Value r = g::ReduceOp::create(b, loc, column, op.getKindAttr(), x,
                                  b.getDenseI64ArrayAttr({1}), b.getUnitAttr())
                  .getResult();
    if (r.getType() != op.getType())
      r = g::ReshapeOp::create(b, loc, op.getType(), r).getResult();
    op.getResult().replaceAllUsesWith(r);
    op.erase();
  }
}

LogicalResult checkReduce(g::ReduceOp op) {
  if (!isRowReduce(op))
    return op.emitError() << kPassName
                          << ": internal: 'npu_graph.reduce' not rewritten to "
                             "a last-axis reduction of a matrix";
  return success();
}

FailureOr<Value> lowerReduce(g::ReduceOp op, RowOpEnv &env) {
  OpBuilder &b = env.builder;
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  auto sram = t::MemorySpaceAttr::get(ctx, t::MemorySpace::SRAM);
  RankedTensorType type = op.getInput().getType();
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  Type elt = type.getElementType(), f32 = Float32Type::get(ctx);
  cost::DType dtype = elt.isF32() ? cost::DType::F32 : cost::DType::BF16;
  bool mean = op.getKind() == g::ReduceKind::mean;
  t::VpuReduceKind kind = t::VpuReduceKind::Sum;
  if (op.getKind() == g::ReduceKind::max)
    kind = t::VpuReduceKind::Max;
  else if (op.getKind() == g::ReduceKind::min)
    kind = t::VpuReduceKind::Min;
  else if (op.getKind() == g::ReduceKind::prod)
    kind = t::VpuReduceKind::Prod;

  cost::RowOpProblem problem;
  problem.rows = rows;
  problem.cols = cols;
  problem.inType = problem.outType = dtype;
  problem.rowBuffers.push_back(dtype);
  problem.columnBuffers.push_back(dtype);
  problem.rowOps.push_back(
      cost::VpuOp::unary("r" + t::stringifyVpuReduceKind(kind).str()));
  if (mean) {
    problem.columnBuffers.push_back(cost::DType::F32);
    problem.columnOps.push_back(cost::VpuOp::unary("mul"));
  }
  cost::RowOpTilingOptions options;
  options.sramBudget = env.sramBudget;
  absl::StatusOr<cost::RowOpPlan> plan =
      cost::planRowOp(env.target, problem, options);
  if (!plan.ok())
    return op.emitError() << kPassName << ": cannot tile 'npu_graph.reduce' "
                          << "with rows of " << cols << " elements: "
                          << std::string(plan.status().message());
  int64_t tr = int64_t(plan->tileRows);

  auto alloc = [&](ArrayRef<int64_t> shape, Type t) -> Value {
    return t::AllocOp::create(
        b, loc, MemRefType::get(shape, t, MemRefLayoutAttrInterface(), sram));
  };
  auto copy = [&](Value src, Value dst) {
    Value token = t::DmaOp::create(b, loc, src, dst);
    t::WaitOp::create(b, loc, ValueRange{token});
  };
  auto tile = [&](Value buffer, int64_t rs, int64_t cs) -> Value {
    auto bufType = cast<MemRefType>(buffer.getType());
    if (bufType.getShape() == ArrayRef<int64_t>{rs, cs})
      return buffer;
    OpFoldResult zero = b.getIndexAttr(0), one = b.getIndexAttr(1);
    return memref::SubViewOp::create(
        b, loc, buffer, ArrayRef<OpFoldResult>{zero, zero},
        ArrayRef<OpFoldResult>{b.getIndexAttr(rs), b.getIndexAttr(cs)},
        ArrayRef<OpFoldResult>{one, one});
  };
  OpFoldResult zero = b.getIndexAttr(0);
  Value input = env.getMemRef(op.getInput());
  Value dest = env.destinationFor(op.getResult());
  // The per-row results: the fp32 sums of a mean, and the output column.
  Value sumBuf = mean ? alloc({tr, 1}, f32) : Value();
  Value outBuf = alloc({tr, 1}, elt);
  float invN = 1.0f / float(cols);

  auto tileBody = [&](OpFoldResult r, int64_t rs) {
    // Allocated here, at the tile's size, so that npu-schedule-dma can
    // double-buffer it (see RowOps.cpp).
    Value xBuf = alloc({rs, cols}, elt);
    copy(dropUnitSubview(b, loc, input, {r, zero}, {rs, cols}),
         dropUnitSubview(b, loc, xBuf, {zero, zero}, {rs, cols}));
    Value out = tile(outBuf, rs, 1);
    Value acc = mean ? tile(sumBuf, rs, 1) : out;
    t::VpuReduceOp::create(b, loc, kind, xBuf, acc);
    if (mean)
      t::VpuBinaryOp::create(b, loc, t::VpuBinaryKind::Mul, acc, invN, out);
    copy(dropUnitSubview(b, loc, outBuf, {zero, zero}, {rs, 1}),
         dropUnitSubview(b, loc, dest, {r, zero}, {rs, 1}));
  };
  int64_t count = rows / tr, edge = rows % tr;
  if (count == 1) {
    tileBody(b.getIndexAttr(0), tr);
  } else if (count > 1) {
    auto loop = scf::ForOp::create(b, loc, env.index(0), env.index(count * tr),
                                   env.index(tr));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(loop.getBody()->getTerminator());
    tileBody(loop.getInductionVar(), tr);
  }
  if (edge > 0)
    tileBody(b.getIndexAttr(count * tr), edge);
  return dest;
}

} // namespace npu::graph_to_tile
