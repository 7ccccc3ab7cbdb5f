//===- Attention.cpp - npu-tile-graph: fused attention --------------------===//
//
// npu_graph.attention as one kernel that keeps the scores in SRAM: per
// (batch, key/value head) group K and V are loaded whole; per query tile
// (all the group's heads stacked when they fit, else tiles of one head's
// rows), S = Q K^T on the MXU (tb mode), the scale, the additive mask
// operand (its rows loaded next to the tile), the causal mask and softmax
// on the VPU, P rounded to bf16 and O = P V on the MXU. The steps
// are those of the op's device numerics (dialects/npu_graph/Ops.td), so
// the result is bit-identical to the decomposition
// (npu-decompose-attention) without its two HBM round trips of the
// [G*sq, skv] scores and probabilities. The tiling comes from
// npu::cost::planAttention; an attention whose K and V do not fit in SRAM
// is decomposed instead (see GraphToTile.cpp).
//
//===----------------------------------------------------------------------===//

#include "Attention.h"
#include "Views.h"

#include "npu/CostModel/CostModel.h"
#include "npu_tile/NpuTile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

using namespace mlir;
namespace g = npu::graph;
namespace t = npu::tile;
namespace cost = npu::cost;

namespace npu::graph_to_tile {

namespace {

/// The most (batch, key/value head) groups a pipelined kernel unrolls.
constexpr int64_t kMaxPipelinedGroups = 16;

cost::AttentionProblem getProblem(g::AttentionOp op) {
  auto qType = cast<RankedTensorType>(op.getQ().getType());
  auto kType = cast<RankedTensorType>(op.getK().getType());
  auto vType = cast<RankedTensorType>(op.getV().getType());
  cost::AttentionProblem problem;
  problem.sq = qType.getDimSize(2);
  problem.d = qType.getDimSize(3);
  problem.skv = kType.getDimSize(2);
  problem.dv = vType.getDimSize(3);
  problem.kvGroups = kType.getDimSize(0) * kType.getDimSize(1);
  problem.group = qType.getDimSize(1) / kType.getDimSize(1);
  problem.masked = op.getCausal() &&
                   hasCausalMask(int64_t(problem.skv), int64_t(op.getOffset()));
  problem.batch = qType.getDimSize(0);
  if (qType.getElementType().isF32())
    problem.elementType = cost::DType::F32;
  if (Value mask = op.getMask()) {
    auto maskType = cast<RankedTensorType>(mask.getType());
    problem.addMask = true;
    problem.maskPerHead = maskType.getDimSize(1) > 1;
    problem.maskPerRow = maskType.getDimSize(2) > 1;
  }
  return problem;
}

/// Emits the fused kernel of one attention op.
class FusedAttention {
public:
  FusedAttention(g::AttentionOp op, const cost::AttentionPlan &plan,
                 RowOpEnv &env, bool pipeline)
      : op(op), plan(plan), env(env), pipeline(pipeline), b(env.builder),
        loc(op.getLoc()), ctx(op.getContext()),
        sram(t::MemorySpaceAttr::get(ctx, t::MemorySpace::SRAM)) {}

  Value run();

private:
  Value alloc(ArrayRef<int64_t> shape, Type elt) {
    return t::AllocOp::create(
        b, loc, MemRefType::get(shape, elt, MemRefLayoutAttrInterface(), sram));
  }
  /// Copies `src` to `dst` and waits for it, or, with `pending`, only
  /// starts the copy and adds its token there (waited later).
  void copy(Value src, Value dst, SmallVectorImpl<Value> *pending = nullptr) {
    Value token = t::DmaOp::create(b, loc, src, dst);
    if (pending)
      pending->push_back(token);
    else
      t::WaitOp::create(b, loc, ValueRange{token});
  }
  /// The [rows, cols] top-left tile of a 2-D SRAM buffer.
  Value tile(Value buffer, int64_t rows, int64_t cols);
  /// The [rows, cols] matrix at (i0, i1, r, 0) of a rank-4 HBM memref
  /// (any strided layout), unit dims dropped: the HBM side of a copy.
  Value hbmRows(Value memref, OpFoldResult i0, OpFoldResult i1, OpFoldResult r,
                int64_t rows, int64_t cols);
  /// Copies rows [r, r + rows) of the `heads` consecutive heads from
  /// `head0` of a rank-4 HBM memref to (load) or from the [heads * rows,
  /// cols] SRAM `buffer`, the heads stacked: one copy for all of them, so
  /// that they move at once rather than one wait after another.
  void copyHeads(Value memref, Value buffer, OpFoldResult bi,
                 OpFoldResult head0, OpFoldResult r, int64_t heads,
                 int64_t rows, int64_t cols, bool load,
                 SmallVectorImpl<Value> *pending = nullptr);
  /// The SRAM side of a copy: the buffer with its unit dims dropped.
  Value dmaView(Value buffer, int64_t rows, int64_t cols);
  Value dropUnitSubview(Value memref, ArrayRef<OpFoldResult> offsets,
                        ArrayRef<int64_t> sizes);
  /// Calls `body(iv)` with the induction variable of an scf.for over
  /// [0, count), or the constant 0 when count is 1.
  void forRange(int64_t count, function_ref<void(OpFoldResult)> body);
  /// kvHead * group + g, folded when both are constants.
  OpFoldResult queryHead(OpFoldResult kvHead, OpFoldResult g, int64_t group);
  /// The mask strip constant (getCausalMaskStrip) as a memref.global, its
  /// rows repeated `repeat` times (for tiles of `repeat` whole heads).
  Value maskStrip(int64_t tr, int64_t repeat);
  /// Loads the mask of the query tile at row `r` into a new SRAM tile.
  Value loadMask(Value strip, int64_t lastTile, OpFoldResult r, int64_t rs);
  /// Rows [row0, row0 + rows) of a 2-D SRAM buffer as a 2-D tile (a VPU
  /// operand: unit dims kept).
  Value rowTile(Value buffer, int64_t row0, int64_t rows, int64_t cols);
  /// Loads the additive mask rows of the query tile at row `r` (rs rows of
  /// each of the `heads` consecutive heads from `head0`) into a new SRAM
  /// tile: [(perRow ? rs : 1) * (perHead ? heads : 1), skv], the rows of
  /// one head after another.
  Value loadAddMask(OpFoldResult bi, OpFoldResult head0, int64_t heads,
                    OpFoldResult r, int64_t rs);
  /// s += mask on the [heads * rs, skv] scores tile `s`, the mask tile as
  /// loadAddMask made it (broadcast over rows and heads as needed).
  void addMask(Value s, Value mask, int64_t heads, int64_t rs);

  g::AttentionOp op;
  const cost::AttentionPlan &plan;
  RowOpEnv &env;
  bool pipeline;
  OpBuilder &b;
  Location loc;
  MLIRContext *ctx;
  Attribute sram;
};

Value FusedAttention::tile(Value buffer, int64_t rows, int64_t cols) {
  auto type = cast<MemRefType>(buffer.getType());
  if (type.getShape() == ArrayRef<int64_t>{rows, cols})
    return buffer;
  OpFoldResult zero = b.getIndexAttr(0), one = b.getIndexAttr(1);
  return memref::SubViewOp::create(
      b, loc, buffer, ArrayRef<OpFoldResult>{zero, zero},
      ArrayRef<OpFoldResult>{b.getIndexAttr(rows), b.getIndexAttr(cols)},
      ArrayRef<OpFoldResult>{one, one});
}

Value FusedAttention::dropUnitSubview(Value memref,
                                      ArrayRef<OpFoldResult> offsets,
                                      ArrayRef<int64_t> sizes) {
  return npu::graph_to_tile::dropUnitSubview(b, loc, memref, offsets, sizes);
}

Value FusedAttention::hbmRows(Value memref, OpFoldResult i0, OpFoldResult i1,
                              OpFoldResult r, int64_t rows, int64_t cols) {
  return dropUnitSubview(memref, {i0, i1, r, b.getIndexAttr(0)},
                         {1, 1, rows, cols});
}

void FusedAttention::copyHeads(Value memref, Value buffer, OpFoldResult bi,
                               OpFoldResult head0, OpFoldResult r,
                               int64_t heads, int64_t rows, int64_t cols,
                               bool load, SmallVectorImpl<Value> *pending) {
  Value hbm = dropUnitSubview(memref, {bi, head0, r, b.getIndexAttr(0)},
                              {1, heads, rows, cols});
  // The buffer viewed with the HBM side's shape ([heads, rows, cols] less
  // its unit dims): a reshape of a contiguous buffer, no data moves.
  Value sram = dmaView(buffer, heads * rows, cols);
  auto from = cast<MemRefType>(sram.getType()).getShape();
  auto to = cast<MemRefType>(hbm.getType()).getShape();
  if (to.size() > from.size())
    sram = memref::ExpandShapeOp::create(
        b, loc, to, sram, *getReassociationIndicesForCollapse(to, from));
  else if (to != from)
    sram = memref::CollapseShapeOp::create(
        b, loc, sram, *getReassociationIndicesForCollapse(from, to));
  if (load)
    copy(hbm, sram, pending);
  else
    copy(sram, hbm, pending);
}

Value FusedAttention::dmaView(Value buffer, int64_t rows, int64_t cols) {
  OpFoldResult zero = b.getIndexAttr(0);
  return dropUnitSubview(buffer, {zero, zero}, {rows, cols});
}

void FusedAttention::forRange(int64_t count,
                              function_ref<void(OpFoldResult)> body) {
  if (count == 1)
    return body(b.getIndexAttr(0));
  auto loop =
      scf::ForOp::create(b, loc, env.index(0), env.index(count), env.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(loop.getBody()->getTerminator());
  body(loop.getInductionVar());
}

OpFoldResult FusedAttention::queryHead(OpFoldResult kvHead, OpFoldResult g,
                                       int64_t group) {
  std::optional<int64_t> kv = getConstantIntValue(kvHead);
  std::optional<int64_t> gc = getConstantIntValue(g);
  if (kv && gc)
    return b.getIndexAttr(*kv * group + *gc);
  if (kv && *kv == 0)
    return g;
  Value base;
  if (kv)
    base = env.index(*kv * group);
  else
    base = group == 1 ? cast<Value>(kvHead)
                      : arith::MulIOp::create(b, loc, cast<Value>(kvHead),
                                              env.index(group))
                            .getResult();
  if (gc && *gc == 0)
    return base;
  Value gv = gc ? env.index(*gc) : cast<Value>(g);
  return arith::AddIOp::create(b, loc, base, gv).getResult();
}

Value FusedAttention::maskStrip(int64_t tr, int64_t repeat) {
  const cost::AttentionProblem &P = plan.problem;
  DenseElementsAttr mask = getCausalMaskStrip(
      ctx, tr, int64_t(P.sq), int64_t(P.skv), int64_t(op.getOffset()));
  if (repeat > 1) {
    auto shape = cast<ShapedType>(mask.getType()).getShape();
    auto type = RankedTensorType::get({shape[0] * repeat, shape[1]},
                                      mask.getElementType());
    if (mask.isSplat()) {
      mask = mask.resizeSplat(type);
    } else {
      ArrayRef<char> raw = mask.getRawData();
      std::vector<char> data;
      for (int64_t i = 0; i < repeat; ++i)
        data.insert(data.end(), raw.begin(), raw.end());
      mask = DenseElementsAttr::getFromRawBuffer(type, data);
    }
  }
  return getMaskGlobal(env, b, loc, mask);
}

Value FusedAttention::loadMask(Value strip, int64_t lastTile, OpFoldResult r,
                               int64_t rs) {
  int64_t skv = int64_t(plan.problem.skv);
  // The mask of the query tile at r is the strip's columns from
  // lastTile - r (getCausalMaskStrip).
  OpFoldResult column;
  if (auto cst = getConstantIntValue(r))
    column = b.getIndexAttr(lastTile - *cst);
  else
    column = arith::SubIOp::create(b, loc, env.index(lastTile), cast<Value>(r))
                 .getResult();
  Value buf = alloc({rs, skv}, BFloat16Type::get(ctx));
  copy(dropUnitSubview(strip, {b.getIndexAttr(0), column}, {rs, skv}),
       dmaView(buf, rs, skv));
  return buf;
}

Value FusedAttention::rowTile(Value buffer, int64_t row0, int64_t rows,
                              int64_t cols) {
  auto type = cast<MemRefType>(buffer.getType());
  if (row0 == 0 && type.getShape() == ArrayRef<int64_t>{rows, cols})
    return buffer;
  OpFoldResult one = b.getIndexAttr(1);
  return memref::SubViewOp::create(
      b, loc, buffer,
      ArrayRef<OpFoldResult>{b.getIndexAttr(row0), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(rows), b.getIndexAttr(cols)},
      ArrayRef<OpFoldResult>{one, one});
}

Value FusedAttention::loadAddMask(OpFoldResult bi, OpFoldResult head0,
                                  int64_t heads, OpFoldResult r, int64_t rs) {
  const cost::AttentionProblem &P = plan.problem;
  int64_t skv = int64_t(P.skv);
  auto maskType = cast<RankedTensorType>(op.getMask().getType());
  Value mask = env.getMemRef(op.getMask());
  OpFoldResult zero = b.getIndexAttr(0);
  // A mask dim of 1 is broadcast: read at index 0.
  OpFoldResult batchIndex = maskType.getDimSize(0) == 1 ? zero : bi;
  int64_t rows = P.maskPerRow ? rs : 1;
  int64_t copies = P.maskPerHead ? heads : 1;
  Value buf = alloc({copies * rows, skv}, maskType.getElementType());
  copyHeads(mask, buf, batchIndex, P.maskPerHead ? head0 : zero,
            P.maskPerRow ? r : zero, copies, rows, skv, /*load=*/true);
  return buf;
}

void FusedAttention::addMask(Value s, Value mask, int64_t heads, int64_t rs) {
  const cost::AttentionProblem &P = plan.problem;
  int64_t skv = int64_t(P.skv);
  using K = t::VpuBinaryKind;
  t::Broadcast bcast = P.maskPerRow ? t::Broadcast::None : t::Broadcast::Row;
  // One row for all rows, the rows of the tile's one head, or every row
  // of every head (laid out as the scores): one VPU op over the whole tile.
  if (heads == 1 || P.maskPerHead == P.maskPerRow) {
    t::VpuBinaryOp::create(b, loc, K::Add, s, mask, bcast, s);
    return;
  }
  // Else head by head, each with its own mask rows (or the shared ones).
  int64_t rows = P.maskPerRow ? rs : 1;
  for (int64_t i = 0; i < heads; ++i) {
    Value scores = rowTile(s, i * rs, rs, skv);
    Value m = rowTile(mask, P.maskPerHead ? i * rows : 0, rows, skv);
    t::VpuBinaryOp::create(b, loc, K::Add, scores, m, bcast, scores);
  }
}

Value FusedAttention::run() {
  const cost::AttentionProblem &P = plan.problem;
  int64_t sq = P.sq, skv = P.skv, d = P.d, dv = P.dv;
  int64_t group = P.group;
  int64_t tr = plan.tileRows;
  // Query heads per tile: the G heads of a group at once (one MXU matmul
  // of G * sq rows) when whole heads fit, else one.
  int64_t hg = plan.headsPerTile;
  int64_t tileRows = hg * tr;
  auto kType = cast<RankedTensorType>(op.getK().getType());
  int64_t batch = kType.getDimSize(0), hkv = kType.getDimSize(1);
  Type bf16 = BFloat16Type::get(ctx), f32 = Float32Type::get(ctx);
  // f32 attention loads and stores f32 tiles; the MXU takes bf16 operands,
  // so q, k and v are rounded in SRAM (as the decomposition's f32
  // matmuls are: the same vpu.mov rounding).
  bool isF32 = P.elementType == cost::DType::F32;
  Type io = isF32 ? f32 : bf16;
  float scale = float(op.getScale().convertToDouble());

  Value q = env.getMemRef(op.getQ()), k = env.getMemRef(op.getK());
  Value v = env.getMemRef(op.getV());
  Value dest = env.destinationFor(op.getResult());

  // The buffers only the VPU and MXU touch are allocated once.
  Value sBuf = alloc({tileRows, skv}, f32);
  Value pBuf = alloc({tileRows, skv}, bf16);
  Value colBuf = alloc({tileRows, 1}, f32);
  Value oBuf = isF32 ? Value() : alloc({tileRows, dv}, f32);
  Value strip = P.masked ? maskStrip(tr, hg) : Value();
  int64_t lastTile = (sq - 1) / tr * tr;
  // With one query tile per head the mask is the same for every head:
  // loaded once.
  Value maskOnce;
  if (strip && plan.tiles == 1)
    maskOnce = loadMask(strip, lastTile, b.getIndexAttr(0), hg * sq);

  // A loaded buffer as an MXU operand: rounded to bf16 into another for f32
  // attention.
  auto operand = [&](Value loaded) {
    if (!isF32)
      return loaded;
    auto type = cast<MemRefType>(loaded.getType());
    Value rounded = alloc(type.getShape(), bf16);
    t::VpuUnaryOp::create(b, loc, t::VpuUnaryKind::Mov, loaded, rounded);
    return rounded;
  };
  // A new buffer of `shape` filled by `load` (a copy into it, waited), as
  // the MXU operand.
  auto loadOperand = [&](ArrayRef<int64_t> shape,
                         function_ref<void(Value)> load) -> Value {
    Value in = alloc(shape, io);
    load(in);
    return operand(in);
  };
  // The loaded buffers of a group whose copies are started and not yet
  // waited (the pipelined kernel issues them two groups ahead).
  struct GroupLoads {
    Value k, v, q;
    SmallVector<Value> tokens;
  };

  Value batchMask;
  // The score-side buffers, per slot: a pipelined kernel alternates two
  // sets so that the next group's S = Q K^T (MXU) runs while this group's
  // softmax (VPU) does.
  struct Slot {
    Value s, p, col, o;
  };
  Slot slots[2] = {{sBuf, pBuf, colBuf, oBuf}, {}};
  // A query tile whose S is issued and whose softmax and P V are not.
  struct Started {
    Value vBuf, mask, additive, s;
    OpFoldResult bi, head0, r;
    int64_t rs;
    int slot;
  };
  // The tile of rows [r, r + rs) of the query heads `firstHead`.. of the
  // group (hg of them), stacked in SRAM: its loads and S = Q K^T in fp32
  // (sequential sums over d).
  auto startTile = [&](Value kBuf, Value vBuf, OpFoldResult bi,
                       OpFoldResult kvHead, OpFoldResult firstHead,
                       OpFoldResult r, int64_t rs, int slot,
                       Value loadedQ = Value()) -> Started {
    // The tile's heads are consecutive: hg == 1, or all G of the group.
    OpFoldResult head0 = queryHead(
        kvHead, hg == 1 ? firstHead : OpFoldResult(b.getIndexAttr(0)), group);
    Value mask = maskOnce ? maskOnce
                 : strip  ? loadMask(strip, lastTile, r, rs)
                          : Value();
    // The additive mask of the tile (loaded before the matmul, so that its
    // DMA overlaps it), unless it was loaded once for the batch.
    Value additive = batchMask   ? batchMask
                     : P.addMask ? loadAddMask(bi, head0, hg, r, rs)
                                 : Value();
    int64_t rows = hg * rs;
    Value qBuf = loadedQ ? loadedQ : loadOperand({rows, d}, [&](Value buf) {
      copyHeads(q, buf, bi, head0, r, hg, rs, d, /*load=*/true);
    });
    Value s = tile(slots[slot].s, rows, skv);
    t::MatmulOp::create(b, loc, t::MatmulMode::BF16, qBuf, kBuf, s, Value(),
                        IntegerAttr(), /*accumulate=*/false,
                        /*transpose_b=*/true);
    return Started{vBuf, mask, additive, s, bi, head0, r, rs, slot};
  };
  // The VPU part of a started tile: S * fp32(scale), the masks, the
  // softmax into bf16 probabilities.
  auto softmaxTile = [&](const Started &st) {
    int64_t rows = hg * st.rs;
    const Slot &slot = slots[st.slot];
    Value s = st.s;
    if (scale != 1.0f)
      t::VpuBinaryOp::create(b, loc, t::VpuBinaryKind::Mul, s, scale, s);
    // S += mask, in fp32 (before the causal mask, as the op's numerics).
    if (st.additive)
      addMask(s, st.additive, hg, st.rs);
    // The softmax in fp32, the probabilities rounded to bf16 by its last
    // step (one fp32 -> bf16 rounding, as the decomposition's cast).
    SoftmaxTiles tiles;
    tiles.input = s;
    tiles.mask = st.mask;
    tiles.work = s;
    tiles.column = tile(slot.col, rows, 1);
    tiles.output = tile(slot.p, rows, skv);
    emitSoftmaxTile(b, loc, tiles);
  };
  // The rest: O = P V in fp32 (rounded to bf16 for bf16 attention), the
  // store.
  auto outputTile = [&](const Started &st) {
    int64_t rows = hg * st.rs;
    const Slot &slot = slots[st.slot];
    Value outBuf = alloc({rows, dv}, io);
    Value o = isF32 ? outBuf : tile(slot.o, rows, dv);
    t::MatmulOp::create(b, loc, t::MatmulMode::BF16, tile(slot.p, rows, skv),
                        st.vBuf, o, Value(), IntegerAttr(),
                        /*accumulate=*/false, /*transpose_b=*/false);
    if (!isF32)
      t::VpuUnaryOp::create(b, loc, t::VpuUnaryKind::Mov, o, outBuf);
    copyHeads(dest, outBuf, st.bi, st.head0, st.r, hg, st.rs, dv,
              /*load=*/false);
  };
  auto queryTile = [&](Value kBuf, Value vBuf, OpFoldResult bi,
                       OpFoldResult kvHead, OpFoldResult firstHead,
                       OpFoldResult r, int64_t rs) {
    Started st = startTile(kBuf, vBuf, bi, kvHead, firstHead, r, rs, 0);
    softmaxTile(st);
    outputTile(st);
  };
  // K and V of a group, loaded once for its G query heads.
  auto loadKV = [&](OpFoldResult bi, OpFoldResult kvHead) {
    Value kBuf = loadOperand({skv, d}, [&](Value buf) {
      copy(hbmRows(k, bi, kvHead, b.getIndexAttr(0), skv, d),
           dmaView(buf, skv, d));
    });
    Value vBuf = loadOperand({skv, dv}, [&](Value buf) {
      copy(hbmRows(v, bi, kvHead, b.getIndexAttr(0), skv, dv),
           dmaView(buf, skv, dv));
    });
    return std::make_pair(kBuf, vBuf);
  };

  // Software pipelining over the groups when each group is one tile (all
  // its heads, one query tile each) and there are few groups (the code is
  // unrolled): the loads of group i + 2 are started while group i is
  // computed, and S of group i + 1 is issued after the softmax of group i
  // and before its P V, in the other slot's score buffers, so that the MXU
  // computes it while the VPU runs the softmax. Only if the second slot
  // and a third group's K, V and Q fit in SRAM.
  int64_t groups = batch * hkv;
  uint64_t align = env.target.arch.sramAlign;
  uint64_t elementBytes = isF32 ? 4 : 2;
  uint64_t thirdGroup =
      elementBytes * uint64_t(skv * (d + dv) + tileRows * d) + 3 * align;
  // Worth it when the softmax is: at least 16 elements per VPU lane per
  // group (about 8 passes over the tile, then >= 128 cycles); below, the
  // unrolled code measured slower (the example models' 8-token attention).
  bool worthIt = uint64_t(tileRows * skv) >= 16 * env.target.arch.vpuLanes;
  if (pipeline && worthIt && plan.tiles == 1 && hg == group && groups >= 2 &&
      groups <= kMaxPipelinedGroups &&
      plan.sramBytes + cost::attentionScoreBytes(env.target, P, tr, hg) +
              thirdGroup <=
          plan.sramBudget) {
    slots[1] = {alloc({tileRows, skv}, f32), alloc({tileRows, skv}, bf16),
                alloc({tileRows, 1}, f32),
                isF32 ? Value() : alloc({tileRows, dv}, f32)};
    OpFoldResult zero = b.getIndexAttr(0);
    // Starts the copies of group g's K, V and queries.
    auto issue = [&](int64_t g) {
      OpFoldResult bi = b.getIndexAttr(g / hkv), kv = b.getIndexAttr(g % hkv);
      GroupLoads loads;
      loads.k = alloc({skv, d}, io);
      copy(hbmRows(k, bi, kv, zero, skv, d), dmaView(loads.k, skv, d),
           &loads.tokens);
      loads.v = alloc({skv, dv}, io);
      copy(hbmRows(v, bi, kv, zero, skv, dv), dmaView(loads.v, skv, dv),
           &loads.tokens);
      loads.q = alloc({tileRows, d}, io);
      copyHeads(q, loads.q, bi, queryHead(kv, zero, group), zero, hg, sq, d,
                /*load=*/true, &loads.tokens);
      return loads;
    };
    // Waits for group g's loads and issues its S.
    int64_t maskBatch = -1;
    auto begin = [&](int64_t g, GroupLoads &loads) {
      OpFoldResult bi = b.getIndexAttr(g / hkv), kv = b.getIndexAttr(g % hkv);
      if (P.addMask && !P.maskPerHead && !P.maskPerRow &&
          maskBatch != g / hkv) {
        batchMask = loadAddMask(bi, zero, 1, zero, 1);
        maskBatch = g / hkv;
      }
      t::WaitOp::create(b, loc, loads.tokens);
      Value kBuf = operand(loads.k), vBuf = operand(loads.v);
      return startTile(kBuf, vBuf, bi, kv, zero, zero, sq, int(g % 2),
                       operand(loads.q));
    };
    SmallVector<GroupLoads> loads(groups);
    loads[0] = issue(0);
    loads[1] = issue(1);
    Started current = begin(0, loads[0]);
    for (int64_t g = 0; g < groups; ++g) {
      if (g + 2 < groups)
        loads[g + 2] = issue(g + 2);
      softmaxTile(current);
      std::optional<Started> next;
      if (g + 1 < groups)
        next = begin(g + 1, loads[g + 1]);
      outputTile(current);
      if (next)
        current = *next;
    }
    return dest;
  }

  forRange(batch, [&](OpFoldResult bi) {
    // A mask row shared by every head and query row: loaded once per batch.
    if (P.addMask && !P.maskPerHead && !P.maskPerRow)
      batchMask = loadAddMask(bi, b.getIndexAttr(0), 1, b.getIndexAttr(0), 1);
    forRange(hkv, [&](OpFoldResult kvHead) {
      std::pair<Value, Value> kv = loadKV(bi, kvHead);
      Value kBuf = kv.first, vBuf = kv.second;
      forRange(group / hg, [&](OpFoldResult gi) {
        forRowTiles(
            b, loc, [&](int64_t v) { return env.index(v); }, sq, tr,
            [&](OpFoldResult r, int64_t rs) {
              queryTile(kBuf, vBuf, bi, kvHead, gi, r, rs);
            });
      });
    });
  });
  return dest;
}

} // namespace

absl::StatusOr<cost::AttentionPlan>
planFusedAttention(g::AttentionOp op, const npu::Target &target,
                   uint64_t sramBudget) {
  Type elt = cast<RankedTensorType>(op.getQ().getType()).getElementType();
  for (Value operand : {op.getQ(), op.getK(), op.getV(), op.getResult()})
    if (cast<RankedTensorType>(operand.getType()).getElementType() != elt ||
        !(elt.isBF16() || elt.isF32()))
      return absl::UnimplementedError(
          "the fused attention kernel takes bf16 or f32 attention whose q, "
          "k, v and result have one element type");
  cost::AttentionTilingOptions options;
  options.sramBudget = sramBudget;
  return cost::planAttention(target, getProblem(op), options);
}

Value lowerFusedAttention(g::AttentionOp op, const cost::AttentionPlan &plan,
                          RowOpEnv &env, bool pipeline) {
  return FusedAttention(op, plan, env, pipeline).run();
}

} // namespace npu::graph_to_tile
