//===- DecomposeAttention.cpp - npu-decompose-attention -------------------===//
//
// Rewrites npu_graph.attention into the graph ops that compute its documented
// device numerics (matmul with transpose_b, multiply by the scale, softmax,
// matmul), so that npu-tile-graph only tiles ops it already knows. See the
// pass description in include/npu/Conversion/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "npu/Conversion/Passes.h"

#include "Attention.h"

#include "npu_graph/NpuGraph.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"

namespace npu {
#define GEN_PASS_DEF_NPUDECOMPOSEATTENTION
#include "npu/Conversion/Passes.h.inc"
} // namespace npu

using namespace mlir;
namespace g = npu::graph;

namespace npu::graph_to_tile {

/// Replaces `op` by its decomposition. The head groups become a batch
/// dimension: q [b, hq, sq, d] is viewed as [b, hkv, G*sq, d] (G = hq/hkv
/// consecutive query heads share a key/value head), a reshape that moves no
/// data, so each (batch, kv head) pair is one matmul of G*sq query rows.
void decomposeAttention(g::AttentionOp op) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  auto qType = cast<RankedTensorType>(op.getQ().getType());
  auto kType = cast<RankedTensorType>(op.getK().getType());
  auto vType = cast<RankedTensorType>(op.getV().getType());
  int64_t batch = qType.getDimSize(0), hq = qType.getDimSize(1);
  int64_t sq = qType.getDimSize(2), d = qType.getDimSize(3);
  int64_t hkv = kType.getDimSize(1), skv = kType.getDimSize(2);
  int64_t dv = vType.getDimSize(3);
  int64_t group = hq / hkv;
  Type elt = qType.getElementType();
  Type f32 = b.getF32Type();

  auto reshape = [&](Value v, ArrayRef<int64_t> shape) -> Value {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getShape() == shape)
      return v;
    return g::ReshapeOp::create(
        b, loc, RankedTensorType::get(shape, type.getElementType()), v);
  };

  // s = q k^T in fp32 (bf16 operands, sequential fp32 sums).
  Value q = reshape(op.getQ(), {batch, hkv, group * sq, d});
  Value s = g::MatmulOp::create(
      b, loc, RankedTensorType::get({batch, hkv, group * sq, skv}, f32), q,
      op.getK(), b.getUnitAttr());
  // s * fp32(scale): a splat constant, an immediate after tiling.
  float scale = float(op.getScale().convertToDouble());
  if (scale != 1.0f) {
    auto scalarType = RankedTensorType::get({}, f32);
    Value cst = g::ConstantOp::create(
        b, loc, DenseElementsAttr::get(scalarType, b.getF32FloatAttr(scale)));
    s = g::MulOp::create(b, loc, s.getType(), s, cst);
  }
  // s + fp32(mask): the additive mask broadcast to the scores viewed as
  // [b, hq, sq, skv] (the heads of a group are consecutive).
  if (Value mask = op.getMask()) {
    auto maskType = cast<RankedTensorType>(mask.getType());
    if (!maskType.getElementType().isF32())
      mask = g::CastOp::create(
          b, loc, RankedTensorType::get(maskType.getShape(), f32), mask);
    Value heads = reshape(s, {batch, hq, sq, skv});
    s = g::AddOp::create(b, loc, heads.getType(), heads, mask);
  }
  // The causal mask is on the query position within its head: softmax over
  // [b, hkv, G, sq, skv] rows (with G = 1 the rows are already [sq, skv]).
  Value rows = group == 1 ? reshape(s, {batch, hkv, sq, skv})
                          : reshape(s, {batch, hkv, group, sq, skv});
  Value p = g::SoftmaxOp::create(
      b, loc, rows.getType(), rows, b.getI64IntegerAttr(-1),
      op.getCausal() ? b.getUnitAttr() : UnitAttr(),
      op.getOffset() ? b.getI64IntegerAttr(op.getOffset()) : IntegerAttr());
  p = reshape(p, {batch, hkv, group * sq, skv});
  // The second matmul reads p rounded to bf16: a cast for bf16 attention
  // (matmul operands have one element type); f32 operands are rounded by
  // the matmul itself.
  if (!elt.isF32())
    p = g::CastOp::create(
        b, loc, RankedTensorType::get({batch, hkv, group * sq, skv}, elt), p);
  Value out = g::MatmulOp::create(
      b, loc, RankedTensorType::get({batch, hkv, group * sq, dv}, elt), p,
      op.getV(), UnitAttr());
  out = reshape(out, {batch, hq, sq, dv});
  op.getResult().replaceAllUsesWith(out);
  op.erase();
}

} // namespace npu::graph_to_tile

namespace {

struct NpuDecomposeAttentionPass
    : npu::impl::NpuDecomposeAttentionBase<NpuDecomposeAttentionPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<g::AttentionOp> ops;
    getOperation().walk([&](g::AttentionOp op) { ops.push_back(op); });
    for (g::AttentionOp op : ops)
      npu::graph_to_tile::decomposeAttention(op);
  }
};

} // namespace
