//===- SplitPrecision.cpp - npu-split-precision ---------------------------===//
//
// f32 matmuls as sums of bf16 matmuls. See include/npu/Graph/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "npu/Graph/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"

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
      SmallVector<Value> xs = splitIntoParts(b, loc, op.getLhs(), parts);
      SmallVector<Value> ys = splitIntoParts(b, loc, op.getRhs(), parts);
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
      op.erase();
      ++numSplit;
    }
  }
};

} // namespace
