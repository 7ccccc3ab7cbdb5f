//===- SplitPrecision.cpp - npu-split-precision ---------------------------===//
//
// f32 matmuls as sums of bf16 matmuls. See include/npu/Graph/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "npu/Graph/Passes.h"
#include "sim/Numerics.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/SmallVector.h"

#include <cstring>
#include <optional>
#include <vector>

namespace npu {
#define GEN_PASS_DEF_NPUSPLITPRECISION
#include "npu/Graph/Passes.h.inc"
} // namespace npu

using namespace mlir;
namespace g = npu::graph;

namespace {

/// The bf16 parts of an f32 tensor, most significant first. Each residual
/// `r - f32(bf16(r))` is exact in fp32.
SmallVector<Value> splitIntoParts(OpBuilder &b, Location loc, Value x,
                                  unsigned parts) {
  auto type = cast<RankedTensorType>(x.getType());
  auto bf16Type = type.clone(b.getBF16Type());
  SmallVector<Value> result;
  Value residual = x;
  for (unsigned i = 0; i < parts; ++i) {
    Value part = g::CastOp::create(b, loc, bf16Type, residual);
    result.push_back(part);
    if (i + 1 < parts) {
      Value back = g::CastOp::create(b, loc, type, part);
      residual = g::SubOp::create(b, loc, residual, back);
    }
  }
  return result;
}

/// The values of `x` if it is an f32 constant whose data is in the IR
/// (inline or a resource blob; an external file is left to the run-time
/// split).
std::optional<std::vector<float>> getConstantValues(Value x) {
  auto constant = x.getDefiningOp<g::ConstantOp>();
  if (!constant)
    return std::nullopt;
  Attribute value = constant.getValue();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<char> data = blob->getData();
    if (data.size() != size_t(resource.getNumElements()) * sizeof(float))
      return std::nullopt;
    std::vector<float> values(resource.getNumElements());
    std::memcpy(values.data(), data.data(), data.size());
    return values;
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    std::vector<float> values;
    values.reserve(dense.getNumElements());
    for (APFloat v : dense.getValues<APFloat>())
      values.push_back(v.convertToFloat());
    return values;
  }
  return std::nullopt;
}

/// The parts of a constant, computed now with the device's own conversion
/// (so they are the bits the run-time split would produce) and stored as
/// bf16 constants: the weights of a model are split once, at compile time.
SmallVector<Value> splitConstant(OpBuilder &b, Location loc, Value x,
                                 std::vector<float> residual, unsigned parts) {
  namespace num = npu::numerics;
  auto bf16Type = cast<RankedTensorType>(x.getType()).clone(b.getBF16Type());
  SmallVector<Value> result;
  std::vector<uint16_t> bits(residual.size());
  for (unsigned i = 0; i < parts; ++i) {
    for (size_t j = 0; j < residual.size(); ++j) {
      bits[j] = num::f32ToBf16(residual[j]);
      residual[j] -= num::bf16ToF32(bits[j]);
    }
    ArrayRef<char> bytes(reinterpret_cast<const char *>(bits.data()),
                         bits.size() * sizeof(uint16_t));
    Attribute value;
    if (bits.size() <= 16)
      value = DenseElementsAttr::getFromRawBuffer(bf16Type, bytes);
    else
      value = DenseResourceElementsAttr::get(
          bf16Type, "bf16_part" + std::to_string(i + 1),
          HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes,
                                                        alignof(uint16_t)));
    result.push_back(g::ConstantOp::create(b, loc, cast<TypedAttr>(value)));
  }
  return result;
}

SmallVector<Value> split(OpBuilder &b, Location loc, Value x, unsigned parts) {
  if (std::optional<std::vector<float>> values = getConstantValues(x))
    return splitConstant(b, loc, x, std::move(*values), parts);
  return splitIntoParts(b, loc, x, parts);
}

struct SplitPrecisionPass
    : public npu::impl::NpuSplitPrecisionBase<SplitPrecisionPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (parts != 2 && parts != 3) {
      module.emitError() << "npu-split-precision: option 'parts' must be 2 "
                            "or 3, got "
                         << unsigned(parts);
      return signalPassFailure();
    }
    SmallVector<g::MatmulOp> matmuls;
    module.walk([&](g::MatmulOp op) {
      auto lhs = cast<RankedTensorType>(op.getLhs().getType());
      auto result = cast<RankedTensorType>(op.getResult().getType());
      if (lhs.getElementType().isF32() && result.getElementType().isF32())
        matmuls.push_back(op);
    });
    for (g::MatmulOp op : matmuls) {
      OpBuilder b(op);
      Location loc = op.getLoc();
      SmallVector<Value> xs = split(b, loc, op.getLhs(), parts);
      SmallVector<Value> ys = split(b, loc, op.getRhs(), parts);
      // Partial products xi @ yj with i + j <= parts - 1 (0-based), the
      // smallest (largest i + j) first so that small terms add up before
      // they meet the large ones.
      SmallVector<std::pair<unsigned, unsigned>> terms;
      for (int sum = int(parts) - 1; sum >= 0; --sum)
        for (int i = sum; i >= 0; --i)
          terms.push_back({unsigned(i), unsigned(sum - i)});
      Value total;
      for (auto [i, j] : terms) {
        Value product =
            g::MatmulOp::create(b, loc, op.getResult().getType(), xs[i], ys[j],
                                op.getTransposeBAttr());
        total = total ? g::AddOp::create(b, loc, total, product).getResult()
                      : product;
      }
      op.getResult().replaceAllUsesWith(total);
      Value lhs = op.getLhs(), rhs = op.getRhs();
      op.erase();
      // A constant split at compile time is no longer read.
      for (Value operand : {lhs, rhs})
        if (auto constant = operand.getDefiningOp<g::ConstantOp>())
          if (constant->use_empty())
            constant.erase();
      ++numSplit;
    }
  }
};

} // namespace
