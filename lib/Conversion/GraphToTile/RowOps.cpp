//===- RowOps.cpp - npu-tile-graph: softmax and normalisations ------------===//
//
// npu_graph.softmax (along the last dim, with or without the causal mask),
// npu_graph.layer_norm and npu_graph.rms_norm as loops over [tr, cols] row
// tiles: each tile is loaded whole, reduced and normalised with VPU ops in
// SRAM following the op's documented device numerics, and stored. tr comes
// from npu::cost::planRowOp for the kernel's buffers; a row that does not
// fit in SRAM is an error (no column tiling of rows yet). npu_graph.reduce
// is a row op too; its kernel is in Reduce.cpp (lowerRowOp dispatches).
//
//===----------------------------------------------------------------------===//

#include "RowOps.h"
#include "Views.h"

#include "npu/CostModel/CostModel.h"
#include "npu_graph/NpuGraph.h"
#include "npu_tile/NpuTile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <limits>
#include <string>

using namespace mlir;
namespace g = npu::graph;
namespace t = npu::tile;
namespace cost = npu::cost;

namespace npu::graph_to_tile {

namespace {

constexpr llvm::StringLiteral kPassName = "npu-tile-graph";

cost::DType toDType(Type type) {
  return type.isF32() ? cost::DType::F32 : cost::DType::BF16;
}

/// Emits the code of one row op (see lowerRowOp).
class RowOpLowering {
public:
  RowOpLowering(Operation *op, RowOpEnv &env)
      : op(op), env(env), b(env.builder), loc(op->getLoc()),
        ctx(op->getContext()),
        sram(t::MemorySpaceAttr::get(ctx, t::MemorySpace::SRAM)) {}

  FailureOr<Value> run();

private:
  Value index(int64_t v) { return env.index(v); }
  Value alloc(ArrayRef<int64_t> shape, Type elt) {
    return t::AllocOp::create(
        b, loc, MemRefType::get(shape, elt, MemRefLayoutAttrInterface(), sram));
  }
  void copy(Value src, Value dst) {
    Value token = t::DmaOp::create(b, loc, src, dst);
    t::WaitOp::create(b, loc, ValueRange{token});
  }
  /// A subview of `memref` with its unit dims dropped (one kept if all
  /// are); `memref` itself when that is all of it. Both sides of a copy
  /// are such views.
  Value dropUnitSubview(Value memref, ArrayRef<OpFoldResult> offsets,
                        ArrayRef<int64_t> sizes);
  /// The [rows, cols] top-left tile of an SRAM buffer.
  Value tile(Value buffer, int64_t rows, int64_t cols) {
    auto type = cast<MemRefType>(buffer.getType());
    if (type.getShape() == ArrayRef<int64_t>{rows, cols})
      return buffer;
    OpFoldResult zero = b.getIndexAttr(0), one = b.getIndexAttr(1);
    return memref::SubViewOp::create(
        b, loc, buffer, ArrayRef<OpFoldResult>{zero, zero},
        ArrayRef<OpFoldResult>{b.getIndexAttr(rows), b.getIndexAttr(cols)},
        ArrayRef<OpFoldResult>{one, one});
  }
  Value dmaView(Value buffer, int64_t rows, int64_t cols) {
    OpFoldResult zero = b.getIndexAttr(0);
    return dropUnitSubview(buffer, {zero, zero}, {rows, cols});
  }
  /// Rows [r, r + rs) of the matrix at batch index `batch` of an HBM
  /// memref whose last two dims (or only dim) are the rows and columns.
  Value hbmRows(Value memref, ArrayRef<OpFoldResult> batch, OpFoldResult r,
                int64_t rs);
  /// Calls `body(offsets)` for every index of the batch dims `dims`.
  void forBatch(ArrayRef<int64_t> dims, SmallVector<OpFoldResult> prefix,
                function_ref<void(ArrayRef<OpFoldResult>)> body);
  /// Calls `body(r, rs)` for the row tiles of `tr` rows (an scf.for over
  /// the full ones) and the edge tile.
  void forRows(int64_t tr, function_ref<void(OpFoldResult, int64_t)> body);

  /// The VPU code of one [rs, cols] tile.
  void emitSoftmax(int64_t rs);
  void emitLayerNorm(int64_t rs);
  void emitRmsNorm(int64_t rs);
  /// Loads an optional [cols] parameter into a [1, cols] SRAM row once.
  Value loadParam(Value param);

  Operation *op;
  RowOpEnv &env;
  OpBuilder &b;
  Location loc;
  MLIRContext *ctx;
  Attribute sram;

  int64_t rows = 0, cols = 0;
  Type elt;
  // SRAM buffers: the input tile (also the output tile: input and result
  // types are equal), f32 working tiles, the [tr, 1] per-row values, the
  // mask tile and the [1, cols] parameters. The input and mask tiles,
  // which DMAs fill, are allocated where they are loaded, at the tile's
  // size: a buffer that is only used in its loop's body is one that
  // npu-schedule-dma can double-buffer (the edge tile after the loop gets
  // its own, which placement puts where the loop's were).
  Value xBuf, workBuf, tmpBuf, colBuf, maskBuf, gammaBuf, betaBuf;
};

Value RowOpLowering::dropUnitSubview(Value memref,
                                     ArrayRef<OpFoldResult> offsets,
                                     ArrayRef<int64_t> sizes) {
  return npu::graph_to_tile::dropUnitSubview(b, loc, memref, offsets, sizes);
}

Value RowOpLowering::hbmRows(Value memref, ArrayRef<OpFoldResult> batch,
                             OpFoldResult r, int64_t rs) {
  int64_t rank = cast<MemRefType>(memref.getType()).getRank();
  SmallVector<OpFoldResult> offsets(batch.begin(), batch.end());
  offsets.push_back(r);
  offsets.push_back(b.getIndexAttr(0));
  SmallVector<int64_t> sizes(batch.size(), 1);
  sizes.push_back(rs);
  sizes.push_back(cols);
  // A rank-1 input is a single row: keep the trailing dims of the space.
  size_t skip = offsets.size() - rank;
  return dropUnitSubview(memref,
                         ArrayRef<OpFoldResult>(offsets).drop_front(skip),
                         ArrayRef<int64_t>(sizes).drop_front(skip));
}

void RowOpLowering::forBatch(ArrayRef<int64_t> dims,
                             SmallVector<OpFoldResult> prefix,
                             function_ref<void(ArrayRef<OpFoldResult>)> body) {
  npu::graph_to_tile::forBatch(
      b, loc, [&](int64_t v) { return index(v); }, dims, prefix, body);
}

void RowOpLowering::forRows(int64_t tr,
                            function_ref<void(OpFoldResult, int64_t)> body) {
  forRowTiles(
      b, loc, [&](int64_t v) { return index(v); }, rows, tr, body);
}

Value RowOpLowering::loadParam(Value param) {
  if (!param)
    return Value();
  Type type = cast<RankedTensorType>(param.getType()).getElementType();
  Value buf = alloc({1, cols}, type);
  copy(env.getMemRef(param), dmaView(buf, 1, cols));
  return buf;
}

void RowOpLowering::emitSoftmax(int64_t rs) {
  SoftmaxTiles tiles;
  tiles.input = tile(xBuf, rs, cols);
  if (maskBuf)
    tiles.mask = tile(maskBuf, rs, cols);
  tiles.work = workBuf ? tile(workBuf, rs, cols) : tiles.input;
  tiles.column = tile(colBuf, rs, 1);
  tiles.output = tiles.input;
  emitSoftmaxTile(b, loc, tiles);
}

void RowOpLowering::emitLayerNorm(int64_t rs) {
  auto ln = cast<g::LayerNormOp>(op);
  using K = t::VpuBinaryKind;
  float invN = 1.0f / float(cols);
  float eps = float(ln.getEpsilon().convertToDouble());
  Value x = tile(xBuf, rs, cols), col = tile(colBuf, rs, 1);
  Value c = workBuf ? tile(workBuf, rs, cols) : x;
  Value sq = tile(tmpBuf, rs, cols);
  // mean = rsum(x) * fp32(1 / n); c = x - mean
  t::VpuReduceOp::create(b, loc, t::VpuReduceKind::Sum, x, col);
  t::VpuBinaryOp::create(b, loc, K::Mul, col, invN, col);
  t::VpuBinaryOp::create(b, loc, K::Sub, x, col, t::Broadcast::Col, c);
  // var = rsum(c * c) * fp32(1 / n); r = rsqrt(var + fp32(epsilon))
  t::VpuBinaryOp::create(b, loc, K::Mul, c, c, t::Broadcast::None, sq);
  t::VpuReduceOp::create(b, loc, t::VpuReduceKind::Sum, sq, col);
  t::VpuBinaryOp::create(b, loc, K::Mul, col, invN, col);
  t::VpuBinaryOp::create(b, loc, K::Add, col, eps, col);
  t::VpuUnaryOp::create(b, loc, t::VpuUnaryKind::Rsqrt, col, col);
  // y = c * r, then y * gamma, then y + beta; the last step writes the
  // output tile (each step rounds to fp32, so only the last one may round
  // to bf16).
  Value y = gammaBuf || betaBuf ? c : x;
  t::VpuBinaryOp::create(b, loc, K::Mul, c, col, t::Broadcast::Col, y);
  if (gammaBuf)
    t::VpuBinaryOp::create(b, loc, K::Mul, c, gammaBuf, t::Broadcast::Row,
                           betaBuf ? c : x);
  if (betaBuf)
    t::VpuBinaryOp::create(b, loc, K::Add, c, betaBuf, t::Broadcast::Row, x);
}

void RowOpLowering::emitRmsNorm(int64_t rs) {
  auto rms = cast<g::RmsNormOp>(op);
  using K = t::VpuBinaryKind;
  float invN = 1.0f / float(cols);
  float eps = float(rms.getEpsilon().convertToDouble());
  Value x = tile(xBuf, rs, cols), col = tile(colBuf, rs, 1);
  Value sq = tile(tmpBuf, rs, cols);
  // ms = rsum(x * x) * fp32(1 / n); r = rsqrt(ms + fp32(epsilon))
  t::VpuBinaryOp::create(b, loc, K::Mul, x, x, t::Broadcast::None, sq);
  t::VpuReduceOp::create(b, loc, t::VpuReduceKind::Sum, sq, col);
  t::VpuBinaryOp::create(b, loc, K::Mul, col, invN, col);
  t::VpuBinaryOp::create(b, loc, K::Add, col, eps, col);
  t::VpuUnaryOp::create(b, loc, t::VpuUnaryKind::Rsqrt, col, col);
  // y = x * r, then y * gamma (sq is free again for the fp32 y).
  t::VpuBinaryOp::create(b, loc, K::Mul, x, col, t::Broadcast::Col,
                         gammaBuf ? sq : x);
  if (gammaBuf)
    t::VpuBinaryOp::create(b, loc, K::Mul, sq, gammaBuf, t::Broadcast::Row, x);
}

FailureOr<Value> RowOpLowering::run() {
  auto type = cast<RankedTensorType>(op->getOperand(0).getType());
  elt = type.getElementType();
  SmallVector<int64_t> space(type.getShape());
  if (space.size() < 2)
    space.insert(space.begin(), 1);
  ArrayRef<int64_t> batch = ArrayRef<int64_t>(space).drop_back(2);
  rows = space[space.size() - 2];
  cols = space.back();
  Type f32 = Float32Type::get(ctx);
  bool isF32 = elt.isF32();

  // The kernel's buffers and VPU steps, for the plan.
  cost::RowOpProblem problem;
  problem.rows = rows;
  problem.cols = cols;
  for (int64_t d : batch)
    problem.matrices *= uint64_t(d);
  problem.inType = problem.outType = toDType(elt);
  problem.rowBuffers.push_back(toDType(elt));
  problem.columnBuffers.push_back(cost::DType::F32);
  auto rowOp = [&](const char *name) {
    problem.rowOps.push_back(cost::VpuOp::unary(name));
  };
  auto colOp = [&](const char *name) {
    problem.columnOps.push_back(cost::VpuOp::unary(name));
  };
  bool masked = false;
  int64_t offset = 0;
  Value gamma, beta;
  if (auto softmax = dyn_cast<g::SoftmaxOp>(op)) {
    offset = int64_t(softmax.getOffset());
    masked = softmax.getCausal() && hasCausalMask(cols, offset);
    if (masked) {
      problem.extraLoads.push_back(cost::DType::BF16);
      rowOp("min");
    }
    if (!isF32)
      problem.rowBuffers.push_back(cost::DType::F32);
    for (const char *name : {"rmax", "sub", "exp", "rsum", "mul"})
      rowOp(name);
    colOp("recip");
  } else if (auto ln = dyn_cast<g::LayerNormOp>(op)) {
    gamma = ln.getGamma();
    beta = ln.getBeta();
    if (!isF32)
      problem.rowBuffers.push_back(cost::DType::F32); // c
    problem.rowBuffers.push_back(cost::DType::F32);   // c * c
    for (const char *name : {"rsum", "sub", "mul", "rsum", "mul"})
      rowOp(name);
    for (const char *name : {"mul", "mul", "add", "rsqrt"})
      colOp(name);
  } else {
    gamma = cast<g::RmsNormOp>(op).getGamma();
    problem.rowBuffers.push_back(cost::DType::F32); // x * x, then y
    for (const char *name : {"mul", "rsum", "mul"})
      rowOp(name);
    for (const char *name : {"mul", "add", "rsqrt"})
      colOp(name);
  }
  for (Value param : {gamma, beta}) {
    if (!param)
      continue;
    cost::DType dtype =
        toDType(cast<RankedTensorType>(param.getType()).getElementType());
    problem.onceSramBytes += cost::tileBytes(dtype, 1, cols);
    rowOp(param == gamma ? "mul" : "add");
  }

  cost::RowOpTilingOptions options;
  options.sramBudget = env.sramBudget;
  absl::StatusOr<cost::RowOpPlan> plan =
      cost::planRowOp(env.target, problem, options);
  if (!plan.ok())
    return op->emitError() << kPassName << ": cannot tile '" << op->getName()
                           << "' with rows of " << cols << " elements: "
                           << std::string(plan.status().message());
  int64_t tr = int64_t(plan->tileRows);

  Value input = env.getMemRef(op->getOperand(0));
  Value dest = env.destinationFor(op->getResult(0));
  gammaBuf = loadParam(gamma);
  betaBuf = loadParam(beta);
  colBuf = alloc({tr, 1}, f32);
  Value maskMem;
  if (auto softmax = dyn_cast<g::SoftmaxOp>(op)) {
    if (!isF32)
      workBuf = alloc({tr, cols}, f32);
    if (masked) {
      // The mask strip is a constant in HBM, like a weight.
      DenseElementsAttr mask = getCausalMaskStrip(ctx, tr, rows, cols, offset);
      maskMem = getMaskGlobal(env, b, loc, mask);
    }
  } else if (isa<g::LayerNormOp>(op)) {
    if (!isF32)
      workBuf = alloc({tr, cols}, f32);
    tmpBuf = alloc({tr, cols}, f32);
  } else {
    tmpBuf = alloc({tr, cols}, f32);
  }

  auto tileBody = [&](ArrayRef<OpFoldResult> bo, OpFoldResult r, int64_t rs) {
    xBuf = alloc({rs, cols}, elt);
    copy(hbmRows(input, bo, r, rs), dmaView(xBuf, rs, cols));
    if (isa<g::SoftmaxOp>(op))
      emitSoftmax(rs);
    else if (isa<g::LayerNormOp>(op))
      emitLayerNorm(rs);
    else
      emitRmsNorm(rs);
    copy(dmaView(xBuf, rs, cols), hbmRows(dest, bo, r, rs));
  };
  // The mask of the row tile at r is the strip's columns from
  // lastTile - r (getCausalMaskStrip).
  int64_t lastTile = (rows - 1) / tr * tr;
  auto loadMask = [&](OpFoldResult r, int64_t rs) {
    OpFoldResult column;
    if (auto cst = getConstantIntValue(r))
      column = b.getIndexAttr(lastTile - *cst);
    else
      column = arith::SubIOp::create(b, loc, index(lastTile), cast<Value>(r))
                   .getResult();
    OpFoldResult zero = b.getIndexAttr(0);
    maskBuf = alloc({rs, cols}, BFloat16Type::get(ctx));
    copy(dropUnitSubview(maskMem, {zero, column}, {rs, cols}),
         dmaView(maskBuf, rs, cols));
  };
  if (maskMem && rows > tr) {
    // The mask tile only depends on the row tile: row tiles outer, so that
    // it is loaded once per row tile rather than per matrix.
    forRows(tr, [&](OpFoldResult r, int64_t rs) {
      loadMask(r, rs);
      forBatch(batch, {},
               [&](ArrayRef<OpFoldResult> bo) { tileBody(bo, r, rs); });
    });
  } else {
    if (maskMem)
      loadMask(b.getIndexAttr(0), rows);
    forBatch(batch, {}, [&](ArrayRef<OpFoldResult> bo) {
      forRows(tr, [&](OpFoldResult r, int64_t rs) { tileBody(bo, r, rs); });
    });
  }
  return dest;
}

} // namespace

// Reduce.cpp.
LogicalResult checkReduce(g::ReduceOp op);
FailureOr<Value> lowerReduce(g::ReduceOp op, RowOpEnv &env);

bool isRowOp(Operation *op) {
  return isa<g::SoftmaxOp, g::LayerNormOp, g::RmsNormOp, g::ReduceOp>(op);
}

LogicalResult checkRowOp(Operation *op) {
  if (auto reduce = dyn_cast<g::ReduceOp>(op))
    return checkReduce(reduce);
  if (auto softmax = dyn_cast<g::SoftmaxOp>(op)) {
    int64_t rank = softmax.getInput().getType().getRank();
    if (softmax.getNormalizedAxis() != rank - 1)
      return op->emitError()
             << kPassName << ": 'npu_graph.softmax' along axis "
             << softmax.getAxis()
             << " is not supported yet (only the last dimension)";
  }
  return success();
}

FailureOr<Value> lowerRowOp(Operation *op, RowOpEnv &env) {
  if (auto reduce = dyn_cast<g::ReduceOp>(op))
    return lowerReduce(reduce, env);
  return RowOpLowering(op, env).run();
}

void emitSoftmaxTile(OpBuilder &b, Location loc, const SoftmaxTiles &tiles) {
  using K = t::VpuBinaryKind;
  Value x = tiles.input;
  if (tiles.mask) {
    t::VpuBinaryOp::create(b, loc, K::Min, x, tiles.mask, t::Broadcast::None,
                           tiles.work);
    x = tiles.work;
  }
  t::VpuReduceOp::create(b, loc, t::VpuReduceKind::Max, x, tiles.column);
  t::VpuBinaryOp::create(b, loc, K::Sub, x, tiles.column, t::Broadcast::Col,
                         tiles.work);
  t::VpuUnaryOp::create(b, loc, t::VpuUnaryKind::Exp, tiles.work, tiles.work);
  t::VpuReduceOp::create(b, loc, t::VpuReduceKind::Sum, tiles.work,
                         tiles.column);
  t::VpuUnaryOp::create(b, loc, t::VpuUnaryKind::Recip, tiles.column,
                        tiles.column);
  t::VpuBinaryOp::create(b, loc, K::Mul, tiles.work, tiles.column,
                         t::Broadcast::Col, tiles.output);
}

bool hasCausalMask(int64_t cols, int64_t offset) { return offset < cols - 1; }

Value getMaskGlobal(RowOpEnv &env, OpBuilder &b, Location loc,
                    DenseElementsAttr mask) {
  MLIRContext *ctx = b.getContext();
  auto maskType =
      MemRefType::get(cast<ShapedType>(mask.getType()).getShape(),
                      mask.getElementType(), MemRefLayoutAttrInterface(),
                      t::MemorySpaceAttr::get(ctx, t::MemorySpace::HBM));
  OpBuilder moduleBuilder(env.entryBlock->getParentOp());
  auto global = memref::GlobalOp::create(
      moduleBuilder, loc, moduleBuilder.getStringAttr("__causal_mask"),
      moduleBuilder.getStringAttr("private"), TypeAttr::get(maskType), mask,
      moduleBuilder.getUnitAttr(), moduleBuilder.getI64IntegerAttr(64));
  env.symbols.insert(global);
  return memref::GetGlobalOp::create(
      b, loc, maskType, FlatSymbolRefAttr::get(global.getSymNameAttr()));
}

DenseElementsAttr getCausalMaskStrip(MLIRContext *ctx, int64_t tileRows,
                                     int64_t rows, int64_t cols,
                                     int64_t offset) {
  if (!hasCausalMask(cols, offset))
    return DenseElementsAttr();
  tileRows = std::min(tileRows, rows);
  int64_t lastTile = (rows - 1) / tileRows * tileRows;
  int64_t width = cols + lastTile;
  // Element [i, j] of the tile at r is strip[i, j + lastTile - r]: masked
  // iff j > r + i + offset iff (j + lastTile - r) > i + offset + lastTile.
  int64_t limit = offset + lastTile;
  // bf16 bit patterns of +inf and -inf.
  constexpr uint16_t kVisible = 0x7F80, kMasked = 0xFF80;
  std::vector<uint16_t> bits(size_t(tileRows * width));
  for (int64_t i = 0; i < tileRows; ++i)
    for (int64_t k = 0; k < width; ++k)
      bits[size_t(i * width + k)] = k > i + limit ? kMasked : kVisible;
  auto type = RankedTensorType::get({tileRows, width}, BFloat16Type::get(ctx));
  return DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(reinterpret_cast<const char *>(bits.data()),
                           bits.size() * sizeof(uint16_t)));
}

DenseElementsAttr getCausalMask(MLIRContext *ctx, int64_t rows, int64_t cols,
                                int64_t offset) {
  return getCausalMaskStrip(ctx, rows, rows, cols, offset);
}

} // namespace npu::graph_to_tile
