//===- DecomposeRope.cpp - npu-decompose-rope -----------------------------===//
//
// npu_graph.rope as slices, concat and elementwise arithmetic. See
// include/npu/Graph/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "npu/Graph/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/SmallVector.h"

#include <cmath>
#include <vector>

namespace npu {
#define GEN_PASS_DEF_NPUDECOMPOSEROPE
#include "npu/Graph/Passes.h.inc"
} // namespace npu

using namespace mlir;
namespace g = npu::graph;

namespace {

/// An f32 [s, d] constant; above 16 elements a resource blob, so that the
/// IR text does not carry it.
Value makeTable(OpBuilder &b, Location loc, int64_t s, int64_t d,
                const std::vector<float> &values, StringRef name) {
  auto type = RankedTensorType::get({s, d}, b.getF32Type());
  ArrayRef<char> bytes(reinterpret_cast<const char *>(values.data()),
                       values.size() * sizeof(float));
  Attribute value;
  if (values.size() <= 16)
    value = DenseElementsAttr::getFromRawBuffer(type, bytes);
  else
    value = DenseResourceElementsAttr::get(
        type, name,
        HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignof(float)));
  return g::ConstantOp::create(b, loc, cast<TypedAttr>(value));
}

Value toF32(OpBuilder &b, Location loc, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getElementType().isF32())
    return v;
  return g::CastOp::create(b, loc, type.clone(b.getF32Type()), v);
}

/// The [..., lo:hi] slice of the last dimension of `x`.
Value lastDimSlice(OpBuilder &b, Location loc, Value x, int64_t lo,
                   int64_t hi) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> starts(type.getRank(), 0);
  SmallVector<int64_t> sizes(type.getShape());
  SmallVector<int64_t> strides(type.getRank(), 1);
  starts.back() = lo;
  sizes.back() = hi - lo;
  return g::SliceOp::create(b, loc, type.clone(sizes), x, starts, sizes,
                            strides);
}

void decompose(g::RopeOp op) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  auto type = cast<RankedTensorType>(op.getInput().getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t seq = shape[shape.size() - 2], d = shape.back(), half = d / 2;

  Value cosTable, sinTable;
  if (op.getCos()) {
    cosTable = toF32(b, loc, op.getCos());
    sinTable = toF32(b, loc, op.getSin());
  } else {
    double theta = op.getTheta()->convertToDouble();
    auto offset = int64_t(op.getOffset());
    std::vector<float> cosValues(seq * d), sinValues(seq * d);
    for (int64_t i = 0; i < seq; ++i)
      for (int64_t k = 0; k < d; ++k) {
        double angle =
            double(i + offset) * std::pow(theta, -2.0 * double(k % half) / d);
        cosValues[i * d + k] = float(std::cos(angle));
        sinValues[i * d + k] = float(std::sin(angle));
      }
    cosTable = makeTable(b, loc, seq, d, cosValues, "rope_cos");
    sinTable = makeTable(b, loc, seq, d, sinValues, "rope_sin");
  }

  Value x = toF32(b, loc, op.getInput());
  auto f32Type = cast<RankedTensorType>(x.getType());
  Value low = lastDimSlice(b, loc, x, 0, half);
  Value high = lastDimSlice(b, loc, x, half, d);
  Value negHigh = g::NegOp::create(b, loc, high);
  Value rotated = g::ConcatOp::create(b, loc, f32Type, ValueRange{negHigh, low},
                                      b.getI64IntegerAttr(type.getRank() - 1));
  Value xCos = g::MulOp::create(b, loc, x, cosTable);
  Value rotSin = g::MulOp::create(b, loc, rotated, sinTable);
  Value y = g::AddOp::create(b, loc, xCos, rotSin);
  if (y.getType() != type)
    y = g::CastOp::create(b, loc, type, y);
  op.getResult().replaceAllUsesWith(y);
  op.erase();
}

struct DecomposeRopePass
    : public npu::impl::NpuDecomposeRopeBase<DecomposeRopePass> {
  void runOnOperation() override {
    SmallVector<g::RopeOp> ropes;
    getOperation().walk([&](g::RopeOp op) { ropes.push_back(op); });
    for (g::RopeOp op : ropes) {
      decompose(op);
      ++numRopes;
    }
  }
};

} // namespace
