//===- Reduce.cpp - npu-tile-graph: npu_graph.reduce ----------------------===//
//
// npu_graph.reduce as a row op: first rewritten (at graph level) so that it
// reduces the last dim of an [M, N] matrix into [M, 1] (the reduced axes
// moved last, in increasing order, by a transpose, and flattened by a
// reshape), then lowered as a loop over [tr, N] row tiles with vpu.reduce
// (rsum / rmax / rmin / rprod) and, for mean, one multiply by fp32(1 / n),
// following the op's documented device numerics. tr comes from
// npu::cost::planRowOp. A row too long for one tile (more than the VPU's
// 65535 columns, or more than fits in SRAM) is reduced in column chunks
// with the same numerics: each chunk after the first is reduced together
// with the running fp32 result in its column 0, so the fold stays strictly
// left to right.
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

/// The VPU's row length limit (the 16-bit cols field, NPUISA.td).
constexpr int64_t kMaxVpuCols = 65535;

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

/// The reduction of [rows, cols] rows in column chunks, [tr, width] at a
/// time, in an f32 working tile W: the first chunk is cols [0, width);
/// each next one is loaded into W[:, 1:] and reduced together with the
/// running result, which the previous reduction left in W[:, 0]. That is
/// the sequential fold of the whole row, exactly. A bf16 chunk is staged,
/// converted to f32 by vpu.mov and copied into place.
static FailureOr<Value> lowerChunkedReduce(g::ReduceOp op, RowOpEnv &env,
                                           t::VpuReduceKind kind, int64_t tr,
                                           int64_t width) {
  OpBuilder &b = env.builder;
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  auto sram = t::MemorySpaceAttr::get(ctx, t::MemorySpace::SRAM);
  RankedTensorType type = op.getInput().getType();
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  Type elt = type.getElementType(), f32 = Float32Type::get(ctx);
  bool mean = op.getKind() == g::ReduceKind::mean;

  auto alloc = [&](ArrayRef<int64_t> shape, Type t) -> Value {
    return t::AllocOp::create(
        b, loc, MemRefType::get(shape, t, MemRefLayoutAttrInterface(), sram));
  };
  auto copy = [&](Value src, Value dst) {
    Value token = t::DmaOp::create(b, loc, src, dst);
    t::WaitOp::create(b, loc, ValueRange{token});
  };
  OpFoldResult zero = b.getIndexAttr(0), one = b.getIndexAttr(1);
  // The [rs, m] part of an SRAM tile at column `at`.
  auto part = [&](Value buffer, int64_t rs, int64_t at, int64_t m) -> Value {
    return memref::SubViewOp::create(
        b, loc, buffer, ArrayRef<OpFoldResult>{zero, b.getIndexAttr(at)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(rs), b.getIndexAttr(m)},
        ArrayRef<OpFoldResult>{one, one});
  };
  Value input = env.getMemRef(op.getInput());
  Value dest = env.destinationFor(op.getResult());
  Value work = alloc({tr, width}, f32);
  Value stage = elt.isF32() ? Value() : alloc({tr, width}, elt);
  Value converted = elt.isF32() ? Value() : alloc({tr, width}, f32);
  Value outBuf = alloc({tr, 1}, elt);

  // Input cols [c, c + m) of rows [r, r + rs) into W[:, at:at + m], then
  // W[:, 0:at + m] reduced into W[:, 0].
  auto chunk = [&](OpFoldResult r, int64_t rs, OpFoldResult c, int64_t m,
                   int64_t at) {
    Value src = dropUnitSubview(b, loc, input, {r, c}, {rs, m});
    if (stage) {
      // Converted at column 0 (VPU operands are aligned), then moved after
      // the running result by an SRAM-to-SRAM copy.
      copy(src, dropUnitSubview(b, loc, stage, {zero, zero}, {rs, m}));
      Value to = at == 0 ? work : converted;
      t::VpuUnaryOp::create(b, loc, t::VpuUnaryKind::Mov, part(stage, rs, 0, m),
                            part(to, rs, 0, m));
      if (at != 0)
        copy(
            dropUnitSubview(b, loc, converted, {zero, zero}, {rs, m}),
            dropUnitSubview(b, loc, work, {zero, b.getIndexAttr(at)}, {rs, m}));
    } else {
      copy(src,
           dropUnitSubview(b, loc, work, {zero, b.getIndexAttr(at)}, {rs, m}));
    }
    t::VpuReduceOp::create(b, loc, kind, part(work, rs, 0, at + m),
                           part(work, rs, 0, 1));
  };
  auto rowTile = [&](OpFoldResult r, int64_t rs) {
    chunk(r, rs, zero, width, 0);
    int64_t step = width - 1, rest = cols - width;
    int64_t full = rest / step, edge = rest % step;
    if (full > 0) {
      auto loop =
          scf::ForOp::create(b, loc, env.index(width),
                             env.index(width + full * step), env.index(step));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(loop.getBody()->getTerminator());
      chunk(r, rs, loop.getInductionVar(), step, 1);
    }
    if (edge > 0)
      chunk(r, rs, b.getIndexAttr(width + full * step), edge, 1);
    Value result = part(work, rs, 0, 1), out = part(outBuf, rs, 0, 1);
    if (mean)
      t::VpuBinaryOp::create(b, loc, t::VpuBinaryKind::Mul, result,
                             1.0f / float(cols), out);
    else
      t::VpuUnaryOp::create(b, loc, t::VpuUnaryKind::Mov, result, out);
    copy(dropUnitSubview(b, loc, outBuf, {zero, zero}, {rs, 1}),
         dropUnitSubview(b, loc, dest, {r, zero}, {rs, 1}));
  };
  forRowTiles(
      b, loc, [&](int64_t v) { return env.index(v); }, rows, tr, rowTile);
  return dest;
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
  if (!plan.ok()) {
    // Column chunks of the widest tile that fits: [tr, width] f32 working
    // tiles (and, for bf16 input, a staging tile of the input type).
    cost::RowOpProblem chunked = problem;
    chunked.rowBuffers = {cost::DType::F32};
    chunked.rowOps = {
        cost::VpuOp::unary("r" + t::stringifyVpuReduceKind(kind).str())};
    if (!elt.isF32()) {
      chunked.rowBuffers.push_back(dtype);
      chunked.rowBuffers.push_back(cost::DType::F32);
      chunked.rowOps.push_back(cost::VpuOp::unary("mov"));
    }
    chunked.columnBuffers = {dtype};
    chunked.columnOps = {cost::VpuOp::unary(mean ? "mul" : "mov")};
    options.buffers = 1;
    for (int64_t width = std::min(cols, kMaxVpuCols); width >= 2; width /= 2) {
      chunked.cols = uint64_t(width);
      absl::StatusOr<cost::RowOpPlan> chunkPlan =
          cost::planRowOp(env.target, chunked, options);
      if (chunkPlan.ok())
        return lowerChunkedReduce(op, env, kind, int64_t(chunkPlan->tileRows),
                                  width);
    }
    return op.emitError() << kPassName << ": cannot tile 'npu_graph.reduce' "
                          << "with rows of " << cols << " elements: "
                          << std::string(plan.status().message());
  }
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
  forRowTiles(
      b, loc, [&](int64_t v) { return env.index(v); }, rows, tr, tileBody);
  return dest;
}

} // namespace npu::graph_to_tile
