//===- GraphToTile.cpp - npu-tile-graph: npu_graph -> npu_tile ------------===//
//
// Tiles the npu_graph operations of a function into npu_tile loops, DMAs and
// MXU/VPU compute with the tile shapes of the cost model, fusing elementwise
// chains into the producer's epilogue. See the pass description in
// include/npu/Conversion/Passes.td and docs/Compiler.md.
//
//===----------------------------------------------------------------------===//

#include "npu/Conversion/Passes.h"

#include "Attention.h"
#include "DataMovement.h"
#include "Gather.h"
#include "RowOps.h"
#include "Views.h"

#include "npu/CostModel/CostModel.h"
#include "npu_graph/NpuGraph.h"
#include "npu_tile/NpuTile.h"
#include "target/Target.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/TypeSwitch.h"

#include <map>
#include <optional>
#include <string>

namespace npu {
#define GEN_PASS_DEF_NPUTILEGRAPH
#include "npu/Conversion/Passes.h.inc"
} // namespace npu

using namespace mlir;
namespace g = npu::graph;
namespace t = npu::tile;
namespace cost = npu::cost;

namespace {

constexpr llvm::StringLiteral kPassName = "npu-tile-graph";
/// The largest count of a dma.copy dimension (the 16-bit n1..n3 fields).
constexpr uint64_t kMaxDmaCount = 65535;

//===----------------------------------------------------------------------===//
// Elementwise operations and chains
//===----------------------------------------------------------------------===//

/// How the second operand of a binary op reaches the [rows, cols] tile.
enum class OperandKind { Full, Row, Col, Imm };

/// One VPU step applied to the working tile.
struct ChainOp {
  Operation *op = nullptr; // the graph op (null for a synthetic conversion)
  bool binary = false;
  t::VpuUnaryKind unary = t::VpuUnaryKind::Mov;
  t::VpuBinaryKind kind = t::VpuBinaryKind::Add;
  bool divide = false; // binary mul by the reciprocal of the operand
  OperandKind operandKind = OperandKind::Full;
  float imm = 0;
  Value operand;  // graph tensor (Full/Row/Col)
  Type resultElt; // element type of the result
  // A Full operand of a smaller shape (size-1 dims other than a row or a
  // column, a scalar): broadcast into `materialized` (HBM) before the loops.
  bool materialize = false;
  Value materialized;
  // npu_graph.select: the working tile is one of the two values, `operand`
  // the other one and `cond` the condition, loaded as a full tile
  // (`condMaterialized` when it broadcasts). `inv`: the working tile is the
  // false value.
  bool select = false;
  bool inv = false;
  Value cond;
  Value condMaterialized;
};

bool isFloat(Type t) { return t.isF32() || t.isBF16(); }

std::optional<cost::DType> toDType(Type t) {
  if (t.isInteger(1)) // booleans are bytes holding 0 or 1
    return cost::DType::Int8;
  if (t.isF32())
    return cost::DType::F32;
  if (t.isBF16())
    return cost::DType::BF16;
  if (t.isInteger(8))
    return cost::DType::Int8;
  if (t.isInteger(32))
    return cost::DType::Int32;
  return std::nullopt;
}

/// The unary VPU kind of a graph unary op, if it is one.
std::optional<t::VpuUnaryKind> getUnaryKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<t::VpuUnaryKind>>(op)
      .Case<g::ExpOp>([](auto) { return t::VpuUnaryKind::Exp; })
      .Case<g::RsqrtOp>([](auto) { return t::VpuUnaryKind::Rsqrt; })
      .Case<g::SqrtOp>([](auto) { return t::VpuUnaryKind::Sqrt; })
      .Case<g::ReciprocalOp>([](auto) { return t::VpuUnaryKind::Recip; })
      .Case<g::TanhOp>([](auto) { return t::VpuUnaryKind::Tanh; })
      .Case<g::ErfOp>([](auto) { return t::VpuUnaryKind::Erf; })
      .Case<g::SigmoidOp>([](auto) { return t::VpuUnaryKind::Sigmoid; })
      .Case<g::SiluOp>([](auto) { return t::VpuUnaryKind::Silu; })
      .Case<g::ReluOp>([](auto) { return t::VpuUnaryKind::Relu; })
      .Case<g::LogOp>([](auto) { return t::VpuUnaryKind::Log; })
      .Case<g::AbsOp>([](auto) { return t::VpuUnaryKind::Abs; })
      .Case<g::GeluOp>([](g::GeluOp gelu) {
        return gelu.getApproximate() == g::GeluApproximation::tanh
                   ? t::VpuUnaryKind::GeluTanh
                   : t::VpuUnaryKind::Gelu;
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// The vpu.cmp kind of a comparison predicate.
t::VpuBinaryKind getCompareKind(g::ComparePredicate pred) {
  return t::VpuBinaryKind(int64_t(t::VpuBinaryKind::CmpEq) + int64_t(pred));
}

/// The comparison with its operands swapped (a < b is b > a).
t::VpuBinaryKind swapCompare(t::VpuBinaryKind kind) {
  switch (kind) {
  case t::VpuBinaryKind::CmpLt:
    return t::VpuBinaryKind::CmpGt;
  case t::VpuBinaryKind::CmpLe:
    return t::VpuBinaryKind::CmpGe;
  case t::VpuBinaryKind::CmpGt:
    return t::VpuBinaryKind::CmpLt;
  case t::VpuBinaryKind::CmpGe:
    return t::VpuBinaryKind::CmpLe;
  default:
    return kind;
  }
}

/// The binary kind of a graph binary op (div maps to mul by a reciprocal;
/// booleans are 0/1 bytes: and is min, or is max, xor is cmp ne).
std::optional<t::VpuBinaryKind> getBinaryKind(Operation *op, bool &divide) {
  divide = isa<g::DivOp>(op);
  return llvm::TypeSwitch<Operation *, std::optional<t::VpuBinaryKind>>(op)
      .Case<g::CompareOp>(
          [](g::CompareOp c) { return getCompareKind(c.getPredicate()); })
      .Case<g::LogicalOp>([](g::LogicalOp l) {
        switch (l.getKind()) {
        case g::LogicalKind::And:
          return t::VpuBinaryKind::Min;
        case g::LogicalKind::Or:
          return t::VpuBinaryKind::Max;
        case g::LogicalKind::Xor:
          break;
        }
        return t::VpuBinaryKind::CmpNe;
      })
      .Case<g::AddOp>([](auto) { return t::VpuBinaryKind::Add; })
      .Case<g::SubOp>([](auto) { return t::VpuBinaryKind::Sub; })
      .Case<g::MulOp, g::DivOp>([](auto) { return t::VpuBinaryKind::Mul; })
      .Case<g::MaxOp>([](auto) { return t::VpuBinaryKind::Max; })
      .Case<g::MinOp>([](auto) { return t::VpuBinaryKind::Min; })
      .Case<g::PowOp>([](auto) { return t::VpuBinaryKind::Pow; })
      .Default([](Operation *) { return std::nullopt; });
}

bool isCommutative(t::VpuBinaryKind kind, bool divide) {
  return !divide && kind != t::VpuBinaryKind::Sub &&
         kind != t::VpuBinaryKind::Pow;
}

bool isElementwise(Operation *op) {
  bool divide;
  return getUnaryKind(op) || getBinaryKind(op, divide) ||
         isa<g::NegOp, g::CastOp, g::NotOp, g::SelectOp>(op);
}

/// The f32 value of a splat float constant.
std::optional<float> getSplat(Value v) {
  auto cst = v.getDefiningOp<g::ConstantOp>();
  if (!cst)
    return std::nullopt;
  auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
  if (!dense || !dense.isSplat())
    return std::nullopt;
  // An integer (or boolean) splat is an immediate when f32 holds it exactly.
  if (auto intType = dyn_cast<IntegerType>(dense.getElementType())) {
    APInt v = dense.getSplatValue<APInt>();
    int64_t i =
        intType.getWidth() == 1 ? int64_t(v.getZExtValue()) : v.getSExtValue();
    if (float(i) != double(i))
      return std::nullopt;
    return float(i);
  }
  if (!isFloat(dense.getElementType()))
    return std::nullopt;
  APFloat value = dense.getSplatValue<APFloat>();
  bool lost;
  value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
  return value.convertToFloat();
}

/// `shape` padded with leading 1s to rank max(rank, 2): the logical space
/// of a tile nest (batch dims, then rows, then columns).
SmallVector<int64_t> padShape(ArrayRef<int64_t> shape, size_t rank = 2) {
  rank = std::max(rank, shape.size());
  SmallVector<int64_t> padded(rank - shape.size(), 1);
  padded.append(shape.begin(), shape.end());
  return padded;
}

/// True if every dim of `operand` (aligned right) equals the one of
/// `result` or is 1.
bool broadcastsTo(ArrayRef<int64_t> operand, ArrayRef<int64_t> result) {
  if (operand.size() > result.size())
    return false;
  for (size_t i = 0; i < operand.size(); ++i) {
    int64_t o = operand[operand.size() - 1 - i];
    if (o != 1 && o != result[result.size() - 1 - i])
      return false;
  }
  return true;
}

/// How `operand` broadcasts to `result` (rank >= 1) tile by tile, if the VPU
/// can do it with one tile operand: batch dims may broadcast freely, the
/// last two dims decide between a full tile, a row and a column.
std::optional<OperandKind> classifyOperand(Value operand,
                                           ArrayRef<int64_t> result) {
  if (getSplat(operand))
    return OperandKind::Imm;
  auto shape = cast<RankedTensorType>(operand.getType()).getShape();
  // A run-time scalar has no [rows, 1] or [1, cols] view (a rank-0 memref
  // cannot be subviewed to rank 1): it is materialised like the other
  // broadcasts.
  if (shape.empty() || !broadcastsTo(shape, result))
    return std::nullopt;
  SmallVector<int64_t> res = padShape(result);
  SmallVector<int64_t> padded = padShape(shape, res.size());
  size_t r = res.size();
  int64_t rows = padded[r - 2], cols = padded[r - 1];
  if (rows == res[r - 2] && cols == res[r - 1])
    return OperandKind::Full;
  if (rows == 1 && cols == res[r - 1])
    return OperandKind::Row;
  if (rows == res[r - 2] && cols == 1)
    return OperandKind::Col;
  return std::nullopt;
}

/// The operand an elementwise op's tiles are loaded from: the first one that
/// covers the whole result tile (not a splat, row or column); the left one
/// of sub, div and pow, even a splat constant (materialised first if it
/// broadcasts).
Value getHeadInput(Operation *op) {
  auto result = cast<RankedTensorType>(op->getResult(0).getType());
  // select: the true value, or the false one if only that one is full.
  if (auto select = dyn_cast<g::SelectOp>(op)) {
    if (classifyOperand(select.getTrueValue(), result.getShape()) !=
            OperandKind::Full &&
        classifyOperand(select.getFalseValue(), result.getShape()) ==
            OperandKind::Full)
      return select.getFalseValue();
    return select.getTrueValue();
  }
  bool divide;
  auto kind = getBinaryKind(op, divide);
  if (kind && !isCommutative(*kind, divide) && !isa<g::CompareOp>(op))
    return op->getOperand(0);
  for (Value operand : op->getOperands())
    if (classifyOperand(operand, result.getShape()) == OperandKind::Full)
      return operand;
  return op->getOperand(0);
}

/// Builds the chain step for `op` applied to `input` (one of its operands).
/// Fails when the op cannot be applied to a tile of `input`'s shape.
FailureOr<ChainOp> makeChainOp(Operation *op, Value input) {
  ChainOp step;
  step.op = op;
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  step.resultElt = resultType.getElementType();
  auto inputType = cast<RankedTensorType>(input.getType());
  // An input of a smaller shape is broadcast into a full one first.
  if (resultType.getRank() < 1 ||
      !broadcastsTo(inputType.getShape(), resultType.getShape()))
    return failure();
  if (auto kind = getUnaryKind(op)) {
    step.unary = *kind;
    return step;
  }
  if (isa<g::NegOp>(op)) {
    step.binary = true;
    step.kind = t::VpuBinaryKind::Mul;
    step.operandKind = OperandKind::Imm;
    step.imm = -1.0f;
    return step;
  }
  if (isa<g::NotOp>(op)) { // !x is x == 0 on 0/1 bytes
    step.binary = true;
    step.kind = t::VpuBinaryKind::CmpEq;
    step.operandKind = OperandKind::Imm;
    step.imm = 0.0f;
    return step;
  }
  if (auto castOp = dyn_cast<g::CastOp>(op)) {
    Type from = inputType.getElementType();
    // To a boolean: x != 0 (NaN is true).
    if (step.resultElt.isInteger(1)) {
      step.binary = true;
      step.kind = t::VpuBinaryKind::CmpNe;
      step.operandKind = OperandKind::Imm;
      step.imm = 0.0f;
      return step;
    }
    // Integer to float (e.g. an attention mask) and a boolean to anything:
    // vpu.mov converts too.
    if (!from.isInteger(1) &&
        (!(isFloat(from) || from.isInteger(32) || from.isInteger(8)) ||
         !isFloat(step.resultElt)))
      return failure();
    step.unary = t::VpuUnaryKind::Mov;
    return step;
  }
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  bool divide = false;
  std::optional<t::VpuBinaryKind> kind;
  Value other;
  if (auto select = dyn_cast<g::SelectOp>(op)) {
    step.select = true;
    step.cond = select.getCondition();
    if (input == select.getTrueValue()) {
      other = select.getFalseValue();
    } else if (input == select.getFalseValue()) {
      other = select.getTrueValue();
      step.inv = true;
    } else {
      return failure();
    }
    // The condition is loaded as a full tile (allocChain broadcasts it
    // first if it needs to).
    kind = t::VpuBinaryKind::Add; // unused
  } else {
    kind = getBinaryKind(op, divide);
    if (!kind)
      return failure();
    if (lhs == input)
      other = rhs;
    else if (isa<g::CompareOp>(op))
      other = lhs, kind = swapCompare(*kind);
    else if (isCommutative(*kind, divide))
      other = lhs;
    else
      return failure();
  }
  auto operandKind = classifyOperand(other, resultType.getShape());
  if (!operandKind) {
    if (!broadcastsTo(cast<RankedTensorType>(other.getType()).getShape(),
                      resultType.getShape()))
      return failure();
    operandKind = OperandKind::Full;
    step.materialize = true;
  }
  step.binary = true;
  step.kind = *kind;
  step.divide = divide;
  step.operandKind = *operandKind;
  if (*operandKind == OperandKind::Imm) {
    float imm = *getSplat(other);
    step.imm = divide ? 1.0f / imm : imm;
    step.divide = false;
  } else {
    step.operand = other;
  }
  return step;
}

std::string vpuName(const ChainOp &step) {
  if (step.select)
    return "sel";
  if (step.binary && int64_t(step.kind) >= int64_t(t::VpuBinaryKind::CmpEq))
    return "cmp";
  if (step.binary)
    return t::stringifyVpuBinaryKind(step.kind).str();
  return t::stringifyVpuUnaryKind(step.unary).str();
}

cost::VpuOp toCostOp(const ChainOp &step) {
  if (!step.binary && !step.select)
    return cost::VpuOp::unary(vpuName(step));
  cost::VpuOperand operand = cost::VpuOperand::Imm;
  cost::DType type = cost::DType::BF16;
  if (step.operand) {
    operand = step.operandKind == OperandKind::Row   ? cost::VpuOperand::Row
              : step.operandKind == OperandKind::Col ? cost::VpuOperand::Col
                                                     : cost::VpuOperand::Full;
    type = *toDType(cast<ShapedType>(step.operand.getType()).getElementType());
  }
  return cost::VpuOp::binary(vpuName(step), operand, type);
}

/// True if `perm` swaps the last two dimensions and keeps the others.
bool swapsLastTwo(ArrayRef<int64_t> perm) {
  int64_t rank = perm.size();
  if (rank < 2 || perm[rank - 2] != rank - 1 || perm[rank - 1] != rank - 2)
    return false;
  for (int64_t i = 0; i + 2 < rank; ++i)
    if (perm[i] != i)
      return false;
  return true;
}

/// A transpose that no code is emitted for: it swaps the last two dims and
/// every user is a matmul reading it as B, which then reads the transpose's
/// input with transpose_b flipped (no data moves).
bool isFoldedIntoMatmul(g::TransposeOp op) {
  if (!swapsLastTwo(op.getPermutation()) || op->use_empty())
    return false;
  return llvm::all_of(op->getUses(), [](OpOperand &use) {
    auto mm = dyn_cast<g::MatmulOp>(use.getOwner());
    return mm && use.getOperandNumber() == 1 && mm.getLhs() != mm.getRhs();
  });
}

/// The tensor a matmul's B tiles are read from and whether it is stored
/// [.., n, k] (transpose_b), looking through a folded transpose.
std::pair<Value, bool> getMatmulB(g::MatmulOp mm) {
  Value rhs = mm.getRhs();
  bool transposeB = mm.getTransposeB();
  if (auto tr = rhs.getDefiningOp<g::TransposeOp>())
    if (isFoldedIntoMatmul(tr))
      return {tr.getInput(), !transposeB};
  return {rhs, transposeB};
}

/// True if `a` and `b` differ only by dims of size 1.
bool sameButUnitDims(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  SmallVector<int64_t> x, y;
  llvm::copy_if(a, std::back_inserter(x), [](int64_t d) { return d != 1; });
  llvm::copy_if(b, std::back_inserter(y), [](int64_t d) { return d != 1; });
  return x == y;
}

/// True if `value` is only read as a matmul operand or a fused attention's
/// q, k or v, directly or through reshapes that only insert or drop unit
/// dims: its tiles are then loaded by DMA from whatever strided layout it
/// has. (Attention ops left at this point are all fused: run() decomposes
/// the others first.)
bool onlyReadByMatmuls(Value value) {
  if (value.use_empty())
    return false;
  return llvm::all_of(value.getUses(), [](OpOperand &use) {
    Operation *user = use.getOwner();
    if (isa<g::MatmulOp, g::AttentionOp>(user))
      return true;
    auto reshape = dyn_cast<g::ReshapeOp>(user);
    return reshape &&
           sameButUnitDims(
               cast<ShapedType>(reshape.getInput().getType()).getShape(),
               cast<ShapedType>(reshape.getType()).getShape()) &&
           onlyReadByMatmuls(reshape.getResult());
  });
}

/// A unit of emission: a head (matmul, or the load of an elementwise op's
/// input) followed by a chain of elementwise steps on its tiles.
struct Group {
  Operation *head = nullptr; // matmul or the first elementwise op
  Value input;               // elementwise head: the tensor loaded per tile
  SmallVector<ChainOp> chain;
  Operation *tail = nullptr;    // the op whose result the group stores
  SmallVector<Operation *> ops; // every source op of the group, head first
};

//===----------------------------------------------------------------------===//
// The lowering of one function
//===----------------------------------------------------------------------===//

class FunctionLowering {
public:
  FunctionLowering(func::FuncOp func, const npu::Target &target,
                   uint64_t sramBudget, bool pipelineAttention,
                   SymbolTable &symbols)
      : func(func), target(target), sramBudget(sramBudget),
        pipelineAttention(pipelineAttention), symbols(symbols),
        ctx(func.getContext()), b(ctx) {}

  LogicalResult run();

private:
  LogicalResult check();
  void buildGroups();
  /// The HBM memref holding `tensor` (constants materialise on first use,
  /// so that splats folded into immediates leave no global behind).
  Value getMemRef(Value tensor) {
    Value memref = map.lookup(tensor);
    if (!memref)
      if (auto cst = tensor.getDefiningOp<g::ConstantOp>()) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(entryBlock);
        lowerConstant(cst);
        memref = map.lookup(tensor);
      }
    return memref;
  }
  /// The element type in device memory: a boolean (i1) is a byte holding 0
  /// or 1 (the ISA's int8).
  Type deviceElt(Type elt) {
    return elt.isInteger(1) ? IntegerType::get(ctx, 8) : elt;
  }
  MemRefType hbmType(Type tensorType) {
    auto type = cast<RankedTensorType>(tensorType);
    return MemRefType::get(type.getShape(), deviceElt(type.getElementType()),
                           MemRefLayoutAttrInterface(), hbm);
  }
  MemRefType sramType(ArrayRef<int64_t> shape, Type elt) {
    return MemRefType::get(shape, deviceElt(elt), MemRefLayoutAttrInterface(),
                           sram);
  }

  // IR helpers.
  Value index(int64_t v) {
    Value &cst = indexConstants[v];
    if (!cst) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(entryBlock);
      cst = arith::ConstantIndexOp::create(b, func.getLoc(), v);
    }
    return cst;
  }
  Value view(Value memref, ArrayRef<int64_t> shape);
  Value subview2d(Value memref, OpFoldResult r, OpFoldResult c, int64_t rows,
                  int64_t cols);
  /// A subview of `memref` with its unit dims dropped (one kept if all are
  /// unit); `memref` itself when that is the whole of it.
  Value dropUnitSubview(Value memref, ArrayRef<OpFoldResult> offsets,
                        ArrayRef<int64_t> sizes);
  /// The tile of `memref` at `offsets`/`sizes` in a logical space of rank
  /// offsets.size() to which `memref` is aligned right; its size-1 dims
  /// broadcast (offset 0). Unit dims are dropped: the HBM side of a copy
  /// whose SRAM side is sramDmaView.
  Value hbmTile(Value memref, ArrayRef<OpFoldResult> offsets,
                ArrayRef<int64_t> sizes);
  Value sramDmaView(Value buffer, int64_t rows, int64_t cols) {
    OpFoldResult zero = b.getIndexAttr(0);
    return dropUnitSubview(buffer, {zero, zero}, {rows, cols});
  }
  /// Calls `body(offsets)` for every index of the batch dims `dims` (nested
  /// scf.for, offset 0 for dims of size 1).
  void forBatch(ArrayRef<int64_t> dims, SmallVector<OpFoldResult> prefix,
                function_ref<void(ArrayRef<OpFoldResult>)> body);
  Value sramTile(Value buffer, int64_t rows, int64_t cols);
  Value allocSram(ArrayRef<int64_t> shape, Type elt) {
    return t::AllocOp::create(b, loc, sramType(shape, elt));
  }
  void copy(Value src, Value dst) {
    Value token = t::DmaOp::create(b, loc, src, dst);
    t::WaitOp::create(b, loc, ValueRange{token});
  }
  /// Calls `body(offset, size)` for `count` tiles of `tile` from `start`
  /// (an scf.for when count > 1), then for an edge tile of `edge` when
  /// edge > 0.
  void forTiles(int64_t start, int64_t count, int64_t tile, int64_t edge,
                function_ref<void(OpFoldResult, int64_t)> body);
  void forDim(int64_t dim, int64_t tile,
              function_ref<void(OpFoldResult, int64_t)> body) {
    forTiles(0, dim / tile, tile, dim % tile, body);
  }

  // Emission.
  void lowerConstant(g::ConstantOp op);
  LogicalResult lowerReshape(g::ReshapeOp op);
  LogicalResult lowerTranspose(g::TransposeOp op);
  LogicalResult lowerGroup(Group &group);
  Value destinationFor(Value result);
  /// Where a fused attention writes its result: through a view of the
  /// destination of the transpose that moves its heads back (see the
  /// definition), else destinationFor.
  Value attentionDestination(g::AttentionOp op);

  struct ChainBuffers {
    std::map<unsigned, Value> work; // working tiles by typeKey (f32, bf16)
    SmallVector<Value> operands;    // per chain step (null when none)
    SmallVector<Value> recips;      // per chain step: f32 reciprocal tile
    SmallVector<Value> conds;       // per chain step: select condition tile
  };
  /// Working tiles: f32, bytes (i8 and booleans), the others (bf16, i32).
  static unsigned typeKey(Type t) {
    return t.isF32() ? 0 : t.isInteger(8) || t.isInteger(1) ? 2 : 1;
  }
  void allocChain(Group &group, int64_t tr, int64_t tc, ChainBuffers &bufs,
                  Type headElt, Value headBuffer);
  /// Applies the chain to the [rs, cs] tile at `offsets` (logical space:
  /// batch offsets, row, column) held in `cur`; returns the tile holding
  /// the result.
  Value applyChain(Group &group, ChainBuffers &bufs, Value cur,
                   ArrayRef<OpFoldResult> offsets, int64_t rs, int64_t cs);

  func::FuncOp func;
  const npu::Target &target;
  uint64_t sramBudget;
  bool pipelineAttention;
  SymbolTable &symbols;
  MLIRContext *ctx;
  OpBuilder b;
  Location loc = UnknownLoc::get(ctx);
  Attribute hbm, sram;

  DenseMap<Value, Value> map;
  Block *entryBlock = nullptr;
  std::map<int64_t, Value> indexConstants;
  SmallVector<Group> groups;
  DenseMap<Operation *, unsigned> groupOfTail;
  llvm::SmallPtrSet<Operation *, 16> grouped;
  SmallVector<Value> outputs; // new output arguments, by result index
  /// The plans of the attention ops that take the fused kernel.
  DenseMap<Operation *, cost::AttentionPlan> attentionPlans;
  /// Transposes whose result a fused attention writes directly.
  llvm::SmallPtrSet<Operation *, 4> writtenTransposes;
  func::ReturnOp returnOp;
  double flops = 0;
  uint64_t constantBytes = 0;
};

LogicalResult FunctionLowering::check() {
  for (BlockArgument arg : func.getArguments())
    if (!isa<RankedTensorType>(arg.getType()))
      return emitError(arg.getLoc())
             << kPassName << ": argument " << arg.getArgNumber()
             << " is not a ranked tensor";
  for (Type type : func.getResultTypes())
    if (!isa<RankedTensorType>(type))
      return func.emitError() << kPassName << ": results must be tensors";
  if (!func.getBody().hasOneBlock())
    return func.emitError()
           << kPassName << ": the function must have a single block";
  for (Operation &op : func.getBody().front()) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      returnOp = ret;
      continue;
    }
    if (isa<g::ConstantOp>(op)) {
      if (!toDType(
              cast<ShapedType>(op.getResult(0).getType()).getElementType()))
        return op.emitError() << kPassName << ": unsupported constant type";
      continue;
    }
    if (isa<g::ReshapeOp>(op) || npu::graph_to_tile::isDataMovementOp(&op))
      continue;
    if (auto tr = dyn_cast<g::TransposeOp>(op)) {
      auto type = cast<RankedTensorType>(tr.getResult().getType());
      if (!toDType(type.getElementType()))
        return op.emitError()
               << kPassName << ": 'npu_graph.transpose' of "
               << type.getElementType() << " is not supported yet";
      for (int64_t dim : type.getShape())
        if (dim > int64_t(kMaxDmaCount))
          return op.emitError()
                 << kPassName << ": 'npu_graph.transpose' with a dimension "
                 << "larger than " << kMaxDmaCount << " is not supported yet";
      continue;
    }
    if (auto mm = dyn_cast<g::MatmulOp>(op)) {
      auto lhs = cast<RankedTensorType>(mm.getLhs().getType());
      auto res = cast<RankedTensorType>(mm.getResult().getType());
      if (!isFloat(lhs.getElementType()))
        return op.emitError() << kPassName << ": 'npu_graph.matmul' with "
                              << lhs.getElementType()
                              << " operands is not supported yet (bf16 and "
                                 "f32 only)";
      if (!isFloat(res.getElementType()))
        return op.emitError() << kPassName << ": unsupported matmul result";
      continue;
    }
    if (isa<g::GatherOp>(op)) {
      if (failed(npu::graph_to_tile::checkGather(&op)))
        return failure();
      continue;
    }
    if (npu::graph_to_tile::isRowOp(&op)) {
      if (failed(npu::graph_to_tile::checkRowOp(&op)))
        return failure();
      continue;
    }
    if (isElementwise(&op)) {
      auto res = cast<RankedTensorType>(op.getResult(0).getType());
      if (res.getRank() < 1)
        return op.emitError()
               << kPassName << ": rank-0 elementwise ops are not supported";
      if (failed(makeChainOp(&op, getHeadInput(&op))))
        return op.emitError()
               << kPassName << ": '" << op.getName()
               << "' with these operand shapes/types is not supported yet";
      continue;
    }
    if (isa<g::AttentionOp>(op))
      continue; // fused (run() decomposed the others)
    if (isa<g::RopeOp>(op))
      return op.emitError() << kPassName << ": '" << op.getName()
                            << "' must be decomposed first: run "
                               "npu-decompose-rope (npu-compile does)";
    return op.emitError() << kPassName << ": '" << op.getName()
                          << "' is not supported yet";
  }
  if (!returnOp)
    return func.emitError() << kPassName << ": missing func.return";
  return success();
}

void FunctionLowering::buildGroups() {
  for (Operation &op : func.getBody().front()) {
    if (grouped.contains(&op))
      continue;
    Group group;
    Value value;
    if (isa<g::MatmulOp>(op)) {
      group.head = &op;
      value = op.getResult(0);
      // A bf16 matmul result is rounded before anything uses it.
      auto elt = cast<ShapedType>(value.getType()).getElementType();
      if (elt.isBF16()) {
        ChainOp mov;
        mov.resultElt = elt;
        group.chain.push_back(mov);
      }
    } else if (isElementwise(&op)) {
      group.head = &op;
      group.input = getHeadInput(&op);
      group.chain.push_back(*makeChainOp(&op, group.input));
      value = op.getResult(0);
    } else {
      continue;
    }
    grouped.insert(&op);
    group.tail = &op;
    group.ops.push_back(&op);
    // Fuse the elementwise users that only consume this value.
    while (value.hasOneUse()) {
      Operation *user = *value.getUsers().begin();
      if (!isElementwise(user) || grouped.contains(user) ||
          cast<ShapedType>(user->getResult(0).getType()).getShape() !=
              cast<ShapedType>(value.getType()).getShape())
        break;
      FailureOr<ChainOp> step = makeChainOp(user, value);
      if (failed(step))
        break;
      group.chain.push_back(*step);
      grouped.insert(user);
      group.tail = user;
      group.ops.push_back(user);
      value = user->getResult(0);
    }
    groupOfTail[group.tail] = groups.size();
    groups.push_back(std::move(group));
  }
}

Value FunctionLowering::view(Value memref, ArrayRef<int64_t> shape) {
  auto type = cast<MemRefType>(memref.getType());
  if (type.getShape() == shape)
    return memref;
  if (!type.getLayout().isIdentity()) {
    // A strided view (a transpose read in place): only unit dims change
    // (onlyReadByMatmuls), so drop them, then insert the new ones.
    SmallVector<int64_t> core;
    llvm::copy_if(type.getShape(), std::back_inserter(core),
                  [](int64_t d) { return d != 1; });
    if (core.empty())
      core.push_back(1);
    Value cur = memref;
    if (ArrayRef<int64_t>(core) != type.getShape())
      cur = memref::CollapseShapeOp::create(
          b, loc, cur,
          *getReassociationIndicesForCollapse(type.getShape(), core));
    if (ArrayRef<int64_t>(core) != shape)
      cur = memref::ExpandShapeOp::create(
          b, loc, shape, cur, *getReassociationIndicesForCollapse(shape, core));
    return cur;
  }
  // One element to or from rank 0 (e.g. a reduction over all axes): all
  // dims are units, which an empty reassociation drops or adds.
  if (shape.empty())
    return memref::CollapseShapeOp::create(b, loc, memref,
                                           ArrayRef<ReassociationIndices>{});
  if (type.getRank() == 0)
    return memref::ExpandShapeOp::create(b, loc, shape, memref,
                                         ArrayRef<ReassociationIndices>{});
  // Collapse the leading dims when that gives the shape directly.
  if (shape.size() == 2 && type.getRank() > 2 &&
      type.getShape().back() == shape.back()) {
    ReassociationIndices lead;
    for (int64_t i = 0; i + 1 < type.getRank(); ++i)
      lead.push_back(i);
    return memref::CollapseShapeOp::create(
        b, loc, memref,
        ArrayRef<ReassociationIndices>{lead, {type.getRank() - 1}});
  }
  Value flat = memref;
  if (type.getRank() != 1) {
    ReassociationIndices all;
    for (int64_t i = 0; i < type.getRank(); ++i)
      all.push_back(i);
    flat = memref::CollapseShapeOp::create(b, loc, memref,
                                           ArrayRef<ReassociationIndices>{all});
  }
  if (shape.size() == 1)
    return flat;
  ReassociationIndices all;
  for (size_t i = 0; i < shape.size(); ++i)
    all.push_back(i);
  return memref::ExpandShapeOp::create(b, loc, shape, flat,
                                       ArrayRef<ReassociationIndices>{all});
}

Value FunctionLowering::subview2d(Value memref, OpFoldResult r, OpFoldResult c,
                                  int64_t rows, int64_t cols) {
  auto type = cast<MemRefType>(memref.getType());
  if (type.getShape() == ArrayRef<int64_t>{rows, cols})
    return memref;
  return memref::SubViewOp::create(
      b, loc, memref, ArrayRef<OpFoldResult>{r, c},
      ArrayRef<OpFoldResult>{b.getIndexAttr(rows), b.getIndexAttr(cols)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
}

Value FunctionLowering::sramTile(Value buffer, int64_t rows, int64_t cols) {
  return subview2d(buffer, b.getIndexAttr(0), b.getIndexAttr(0), rows, cols);
}

Value FunctionLowering::dropUnitSubview(Value memref,
                                        ArrayRef<OpFoldResult> offsets,
                                        ArrayRef<int64_t> sizes) {
  return npu::graph_to_tile::dropUnitSubview(b, loc, memref, offsets, sizes);
}

Value FunctionLowering::hbmTile(Value memref, ArrayRef<OpFoldResult> offsets,
                                ArrayRef<int64_t> sizes) {
  auto shape = cast<MemRefType>(memref.getType()).getShape();
  size_t skip = offsets.size() - shape.size();
  SmallVector<OpFoldResult> offs;
  SmallVector<int64_t> szs;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    bool broadcast = dim == 1;
    offs.push_back(broadcast ? OpFoldResult(b.getIndexAttr(0))
                             : offsets[skip + i]);
    szs.push_back(broadcast ? 1 : sizes[skip + i]);
  }
  return dropUnitSubview(memref, offs, szs);
}

void FunctionLowering::forBatch(
    ArrayRef<int64_t> dims, SmallVector<OpFoldResult> prefix,
    function_ref<void(ArrayRef<OpFoldResult>)> body) {
  npu::graph_to_tile::forBatch(
      b, loc, [&](int64_t v) { return index(v); }, dims, prefix, body);
}

void FunctionLowering::forTiles(
    int64_t start, int64_t count, int64_t tile, int64_t edge,
    function_ref<void(OpFoldResult, int64_t)> body) {
  if (count == 1) {
    body(b.getIndexAttr(start), tile);
  } else if (count > 1) {
    auto loop = scf::ForOp::create(b, loc, index(start),
                                   index(start + count * tile), index(tile));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(loop.getBody()->getTerminator());
    body(loop.getInductionVar(), tile);
  }
  if (edge > 0)
    body(b.getIndexAttr(start + std::max<int64_t>(count, 0) * tile), edge);
}

void FunctionLowering::lowerConstant(g::ConstantOp op) {
  auto tensorType = cast<RankedTensorType>(op.getResult().getType());
  MemRefType type = hbmType(tensorType);
  // The global goes before the function, the get_global at the op.
  OpBuilder moduleBuilder(entryBlock->getParentOp());
  Attribute init;
  auto external = dyn_cast<g::ExternalAttr>(op.getValue());
  if (!external)
    init = op.getValue();
  // Booleans are stored as bytes holding 0 or 1.
  if (auto dense = dyn_cast_if_present<DenseElementsAttr>(init);
      dense && dense.getElementType().isInteger(1))
    init = dense.mapValues(type.getElementType(),
                           [](const APInt &v) { return v.zext(8); });
  auto global = memref::GlobalOp::create(
      moduleBuilder, op.getLoc(), moduleBuilder.getStringAttr("__constant"),
      moduleBuilder.getStringAttr("private"), TypeAttr::get(type), init,
      moduleBuilder.getUnitAttr(), moduleBuilder.getI64IntegerAttr(64));
  if (external)
    global->setAttr("npu.external", external);
  symbols.insert(global);
  map[op.getResult()] = memref::GetGlobalOp::create(
      b, op.getLoc(), type, FlatSymbolRefAttr::get(global.getSymNameAttr()));
  constantBytes += tensorType.getNumElements() *
                   cost::dtypeBits(*toDType(tensorType.getElementType())) / 8;
}

LogicalResult FunctionLowering::lowerReshape(g::ReshapeOp op) {
  auto type = cast<RankedTensorType>(op.getResult().getType());
  map[op.getResult()] = view(getMemRef(op.getInput()), type.getShape());
  return success();
}

LogicalResult FunctionLowering::lowerTranspose(g::TransposeOp op) {
  if (isFoldedIntoMatmul(op))
    return success(); // the matmuls read its input with transpose_b
  if (writtenTransposes.contains(op))
    return success(); // written by the attention (attentionDestination)
  auto type = cast<RankedTensorType>(op.getResult().getType());
  ArrayRef<int64_t> perm = op.getPermutation();
  int64_t rank = type.getRank();
  auto permutation = AffineMapAttr::get(AffineMap::getPermutationMap(
      SmallVector<unsigned>(perm.begin(), perm.end()), ctx));
  // Read only by matmuls (e.g. K and V moved to heads): no copy, the
  // matmuls load their tiles from the strided view, in row runs since the
  // last dim stays.
  if (perm.back() == rank - 1 && onlyReadByMatmuls(op.getResult())) {
    map[op.getResult()] = memref::TransposeOp::create(
        b, loc, getMemRef(op.getInput()), permutation);
    return success();
  }
  Value dest = destinationFor(op.getResult());
  map[op.getResult()] = dest;
  // A strided view of the input in the result's dimension order, copied
  // HBM to HBM. A permutation that keeps the last dim gives runs of whole
  // rows; one that moves it copies element by element (correct but slow;
  // matmul reads B^T directly instead, see isFoldedIntoMatmul).
  Value src = memref::TransposeOp::create(b, loc, getMemRef(op.getInput()),
                                          permutation);
  // One dma.copy has a run and at most 3 outer dims: loop over the leading
  // result dims beyond that.
  bool rowRuns = perm.back() == rank - 1;
  int64_t looped = std::max<int64_t>(0, rank - (rowRuns ? 4 : 3));
  ArrayRef<int64_t> shape = type.getShape();
  forBatch(shape.take_front(looped), {}, [&](ArrayRef<OpFoldResult> lead) {
    SmallVector<OpFoldResult> offsets(lead.begin(), lead.end());
    SmallVector<int64_t> sizes(looped, 1);
    for (int64_t d = looped; d < rank; ++d) {
      offsets.push_back(b.getIndexAttr(0));
      sizes.push_back(shape[d]);
    }
    copy(dropUnitSubview(src, offsets, sizes),
         dropUnitSubview(dest, offsets, sizes));
  });
  return success();
}

/// An attention whose result is only read, directly or through a reshape
/// that only inserts or drops unit dims, by a transpose that keeps the last
/// dim (the heads moved back next to each other, [b, hq, sq, dv] ->
/// [b, sq, hq, dv]) writes its tiles through the inverse transpose of that
/// transpose's destination: rows of dv elements at a stride, by DMA. The
/// transpose then copies nothing.
Value FunctionLowering::attentionDestination(g::AttentionOp op) {
  Value result = op.getResult();
  auto shapeOf = [](Value v) {
    return cast<ShapedType>(v.getType()).getShape();
  };
  Value cur = result;
  if (cur.hasOneUse())
    if (auto reshape = dyn_cast<g::ReshapeOp>(*cur.getUsers().begin()))
      if (sameButUnitDims(shapeOf(reshape.getInput()), shapeOf(reshape)))
        cur = reshape.getResult();
  if (!cur.hasOneUse())
    return destinationFor(result);
  auto tr = dyn_cast<g::TransposeOp>(*cur.getUsers().begin());
  if (!tr)
    return destinationFor(result);
  ArrayRef<int64_t> perm = tr.getPermutation();
  int64_t rank = perm.size();
  if (perm.back() != rank - 1)
    return destinationFor(result);
  Value transposed = destinationFor(tr.getResult());
  map[tr.getResult()] = transposed;
  writtenTransposes.insert(tr);
  // Result dim i of memref.transpose is source dim map(i): the inverse
  // permutation gives the transpose's input order back.
  SmallVector<unsigned> inverse(rank);
  for (int64_t i = 0; i < rank; ++i)
    inverse[perm[i]] = unsigned(i);
  Value input = memref::TransposeOp::create(
      b, loc, transposed,
      AffineMapAttr::get(AffineMap::getPermutationMap(inverse, ctx)));
  return view(input, shapeOf(result));
}

Value FunctionLowering::destinationFor(Value result) {
  for (OpOperand &use : returnOp->getOpOperands())
    if (use.get() == result && map.lookup(result) == Value())
      return outputs[use.getOperandNumber()];
  return memref::AllocOp::create(b, loc, hbmType(result.getType()));
}

void FunctionLowering::allocChain(Group &group, int64_t tr, int64_t tc,
                                  ChainBuffers &bufs, Type headElt,
                                  Value headBuffer) {
  bufs.work[typeKey(headElt)] = headBuffer;
  for (ChainOp &step : group.chain) {
    unsigned key = typeKey(step.resultElt);
    if (!bufs.work.count(key))
      bufs.work[key] = allocSram({tr, tc}, step.resultElt);
    Value operand, recip, cond;
    if (step.select) {
      cond = allocSram({tr, tc}, IntegerType::get(ctx, 8));
      auto shape =
          cast<ShapedType>(group.tail->getResult(0).getType()).getShape();
      if (classifyOperand(step.cond, shape) != OperandKind::Full)
        step.condMaterialized = npu::graph_to_tile::materializeBroadcast(
            b, loc, getMemRef(step.cond), shape,
            [&](int64_t v) { return index(v); });
    }
    bufs.conds.push_back(cond);
    if ((step.binary || step.select) && step.operand) {
      Type elt =
          cast<RankedTensorType>(step.operand.getType()).getElementType();
      SmallVector<int64_t> tileShape = {
          step.operandKind == OperandKind::Row ? 1 : tr,
          step.operandKind == OperandKind::Col ? 1 : tc};
      operand = allocSram(tileShape, elt);
      if (step.divide)
        recip =
            elt.isF32() ? operand : allocSram(tileShape, Float32Type::get(ctx));
      // Constants and broadcasts materialise outside the loops.
      Value memref = getMemRef(step.operand);
      if (step.materialize)
        step.materialized = npu::graph_to_tile::materializeBroadcast(
            b, loc, memref,
            cast<ShapedType>(group.tail->getResult(0).getType()).getShape(),
            [&](int64_t v) { return index(v); });
    }
    bufs.operands.push_back(operand);
    bufs.recips.push_back(recip);
  }
}

Value FunctionLowering::applyChain(Group &group, ChainBuffers &bufs, Value cur,
                                   ArrayRef<OpFoldResult> offsets, int64_t rs,
                                   int64_t cs) {
  SmallVector<int64_t> sizes(offsets.size(), 1);
  sizes[sizes.size() - 2] = rs;
  sizes.back() = cs;
  for (auto [i, step] : llvm::enumerate(group.chain)) {
    Value dst = sramTile(bufs.work[typeKey(step.resultElt)], rs, cs);
    Value condTile;
    if (step.select) {
      condTile = sramTile(bufs.conds[i], rs, cs);
      copy(hbmTile(step.condMaterialized ? step.condMaterialized
                                         : getMemRef(step.cond),
                   offsets, sizes),
           sramDmaView(bufs.conds[i], rs, cs));
    }
    if (step.select && step.operandKind == OperandKind::Imm) {
      t::VpuSelectOp::create(b, loc, condTile, cur, Value(), t::Broadcast::Imm,
                             b.getF32FloatAttr(step.imm), dst, step.inv);
    } else if (!step.binary && !step.select) {
      t::VpuUnaryOp::create(b, loc, step.unary, cur, dst);
    } else if (step.operandKind == OperandKind::Imm) {
      t::VpuBinaryOp::create(b, loc, step.kind, cur, step.imm, dst);
    } else {
      int64_t orows = step.operandKind == OperandKind::Row ? 1 : rs;
      int64_t ocols = step.operandKind == OperandKind::Col ? 1 : cs;
      Value tile = sramTile(bufs.operands[i], orows, ocols);
      copy(hbmTile(step.materialized ? step.materialized
                                     : getMemRef(step.operand),
                   offsets, sizes),
           sramDmaView(bufs.operands[i], orows, ocols));
      if (step.divide) {
        Value recip = sramTile(bufs.recips[i], orows, ocols);
        t::VpuUnaryOp::create(b, loc, t::VpuUnaryKind::Recip, tile, recip);
        tile = recip;
      }
      t::Broadcast bcast =
          step.operandKind == OperandKind::Row   ? t::Broadcast::Row
          : step.operandKind == OperandKind::Col ? t::Broadcast::Col
                                                 : t::Broadcast::None;
      if (step.select)
        t::VpuSelectOp::create(b, loc, condTile, cur, tile, bcast, FloatAttr(),
                               dst, step.inv);
      else
        t::VpuBinaryOp::create(b, loc, step.kind, cur, tile, bcast, dst);
    }
    cur = dst;
  }
  return cur;
}

LogicalResult FunctionLowering::lowerGroup(Group &group) {
  // A fused group's ops carry every source op's location, head first, so
  // diagnostics and the --report name what was fused into what.
  SmallVector<Location> locs;
  for (Operation *op : group.ops)
    locs.push_back(op->getLoc());
  loc = FusedLoc::get(ctx, locs);
  Value result = group.tail->getResult(0);
  auto resultType = cast<RankedTensorType>(result.getType());
  Type outElt = resultType.getElementType();
  // The logical space: batch dims, rows, columns.
  SmallVector<int64_t> space = padShape(resultType.getShape());
  int64_t rank = space.size();
  ArrayRef<int64_t> batch = ArrayRef<int64_t>(space).drop_back(2);
  int64_t rows = space[rank - 2], cols = space[rank - 1];
  int64_t batchCount = 1;
  for (int64_t d : batch)
    batchCount *= d;
  Value dest = destinationFor(result);
  map[result] = dest;
  auto tileSizes = [&](int64_t rs, int64_t cs) {
    SmallVector<int64_t> sizes(rank, 1);
    sizes[rank - 2] = rs;
    sizes[rank - 1] = cs;
    return sizes;
  };
  auto withTile = [&](ArrayRef<OpFoldResult> batchOffsets, OpFoldResult r,
                      OpFoldResult c) {
    SmallVector<OpFoldResult> offsets(batchOffsets.begin(), batchOffsets.end());
    offsets.push_back(r);
    offsets.push_back(c);
    return offsets;
  };

  std::vector<cost::VpuOp> costOps;
  for (ChainOp &step : group.chain)
    if (step.op)
      costOps.push_back(toCostOp(step));

  if (auto mm = dyn_cast<g::MatmulOp>(group.head)) {
    auto lhsType = cast<RankedTensorType>(mm.getLhs().getType());
    int64_t m = rows, n = cols, k = lhsType.getShape().back();

    cost::MatmulProblem problem;
    problem.m = m;
    problem.k = k;
    problem.n = n;
    problem.outType = *toDType(outElt);
    problem.epilogue = costOps;
    cost::MatmulTilingOptions options;
    options.sramBudget = sramBudget;
    absl::StatusOr<cost::MatmulPlan> plan =
        cost::planMatmul(target, problem, options);
    if (!plan.ok())
      return mm.emitError() << kPassName << ": cannot tile the matmul: "
                            << std::string(plan.status().message());
    flops += plan->roofline.flops * batchCount;
    int64_t tm = plan->tiling.tm, tk = plan->tiling.tk, tn = plan->tiling.tn;

    // transpose_b: B is [.., n, k] in HBM and its tiles are loaded as they
    // are stored ([ns, ks], rows of k) for the MXU's tb mode: no data is
    // transposed anywhere.
    auto [bTensor, transposeB] = getMatmulB(mm);
    Value lhs = getMemRef(mm.getLhs()), rhs = getMemRef(bTensor);
    Type bf16 = BFloat16Type::get(ctx), f32 = Float32Type::get(ctx);
    auto bShape = [&](int64_t ks, int64_t ns) {
      return transposeB ? SmallVector<int64_t>{ns, ks}
                        : SmallVector<int64_t>{ks, ns};
    };
    Value aBuf = allocSram({tm, tk}, bf16);
    Value bBuf = allocSram(bShape(tk, tn), bf16);
    Value cBuf = allocSram({tm, tn}, f32);
    // f32 operands are loaded into f32 tiles and rounded to bf16 (the MXU
    // operand type) with vpu.unary mov.
    DenseMap<Value, Value> staging;
    if (lhsType.getElementType().isF32()) {
      staging[aBuf] = allocSram({tm, tk}, f32);
      staging[bBuf] = allocSram(bShape(tk, tn), f32);
    }
    ChainBuffers bufs;
    allocChain(group, tm, tn, bufs, f32, cBuf);

    // With a single k tile, an operand whose tile only depends on the
    // outer loop (or on nothing) is loaded there once, as the plan counts.
    int64_t tilesM = (m + tm - 1) / tm, tilesN = (n + tn - 1) / tn;
    bool singleK = k <= tk;
    bool mnk = plan->tiling.order == cost::LoopOrder::MNK;
    // 0: before the m/n loops, 1: in the outer loop, 2: every matmul.
    int aLevel = !singleK ? 2 : tilesM == 1 ? 0 : mnk ? 1 : 2;
    int bLevel = !singleK ? 2 : tilesN == 1 ? 0 : mnk ? 2 : 1;
    // A 2-D weight loaded once is loaded before the batch loops.
    bool bOutside = bLevel == 0 && batchCount > 1 &&
                    cast<ShapedType>(rhs.getType()).getRank() == 2;
    OpFoldResult zero = b.getIndexAttr(0);
    auto load = [&](Value hbm, Value buf, ArrayRef<OpFoldResult> bo,
                    OpFoldResult r, OpFoldResult c, int64_t rs, int64_t cs) {
      Value stage = staging.lookup(buf);
      copy(hbmTile(hbm, withTile(bo, r, c), tileSizes(rs, cs)),
           sramDmaView(stage ? stage : buf, rs, cs));
      if (stage)
        t::VpuUnaryOp::create(b, loc, t::VpuUnaryKind::Mov,
                              sramTile(stage, rs, cs), sramTile(buf, rs, cs));
      return sramTile(buf, rs, cs);
    };
    // The B tile at (kOff, nOff) of size [ks, ns] of the logical [k, n].
    auto loadB = [&](ArrayRef<OpFoldResult> bo, OpFoldResult kOff,
                     OpFoldResult nOff, int64_t ks, int64_t ns) {
      if (transposeB)
        return load(rhs, bBuf, bo, nOff, kOff, ns, ks);
      return load(rhs, bBuf, bo, kOff, nOff, ks, ns);
    };
    auto bTile = [&](int64_t ks, int64_t ns) {
      return transposeB ? sramTile(bBuf, ns, ks) : sramTile(bBuf, ks, ns);
    };
    SmallVector<OpFoldResult> noBatch(batch.size(), zero);
    if (bOutside)
      loadB(noBatch, zero, zero, k, n);

    forBatch(batch, {}, [&](ArrayRef<OpFoldResult> bo) {
      auto cTile = [&](OpFoldResult mOff, int64_t ms, OpFoldResult nOff,
                       int64_t ns) {
        Value c = sramTile(cBuf, ms, ns);
        auto step = [&](OpFoldResult kOff, int64_t ks, bool acc) {
          Value a = aLevel == 2 ? load(lhs, aBuf, bo, mOff, kOff, ms, ks)
                                : sramTile(aBuf, ms, ks);
          Value bt =
              bLevel == 2 ? loadB(bo, kOff, nOff, ks, ns) : bTile(ks, ns);
          t::MatmulOp::create(b, loc, t::MatmulMode::BF16, a, bt, c, Value(),
                              IntegerAttr(), acc, transposeB);
        };
        int64_t full = k / tk, edge = k % tk;
        // The first k tile initialises C; the others accumulate.
        step(zero, full > 0 ? tk : edge, /*acc=*/false);
        if (full > 0)
          forTiles(tk, full - 1, tk, edge, [&](OpFoldResult kOff, int64_t ks) {
            step(kOff, ks, /*acc=*/true);
          });
        SmallVector<OpFoldResult> offsets = withTile(bo, mOff, nOff);
        applyChain(group, bufs, c, offsets, ms, ns);
        copy(sramDmaView(bufs.work[typeKey(outElt)], ms, ns),
             hbmTile(dest, offsets, tileSizes(ms, ns)));
      };
      if (aLevel == 0)
        load(lhs, aBuf, bo, zero, zero, m, k);
      if (bLevel == 0 && !bOutside)
        loadB(bo, zero, zero, k, n);
      if (mnk) {
        forDim(m, tm, [&](OpFoldResult mOff, int64_t ms) {
          if (aLevel == 1)
            load(lhs, aBuf, bo, mOff, zero, ms, k);
          forDim(n, tn, [&](OpFoldResult nOff, int64_t ns) {
            cTile(mOff, ms, nOff, ns);
          });
        });
      } else {
        forDim(n, tn, [&](OpFoldResult nOff, int64_t ns) {
          if (bLevel == 1)
            loadB(bo, zero, nOff, k, ns);
          forDim(m, tm, [&](OpFoldResult mOff, int64_t ms) {
            cTile(mOff, ms, nOff, ns);
          });
        });
      }
    });
    return success();
  }

  // Elementwise chain on [rows, cols] tiles of every batch index.
  auto inType = cast<RankedTensorType>(group.input.getType());
  Type inElt = inType.getElementType();
  cost::ElementwiseProblem problem;
  problem.rows = rows;
  problem.cols = cols;
  problem.inType = *toDType(inElt);
  problem.outType = *toDType(outElt);
  problem.ops = costOps;
  cost::ElementwiseTilingOptions options;
  options.sramBudget = sramBudget;
  // The planner counts one working tile of max(in, out, compute) bytes per
  // element, transformed in place; this lowering keeps one tile per element
  // type (the loaded one and, after a conversion, one of the other type).
  // Shrink the budget by that ratio so that the tiles it picks fit.
  {
    auto bytesOf = [](Type t) { return t.isF32() ? 4u : t.isBF16() ? 2u : 1u; };
    std::map<unsigned, unsigned> perType = {{typeKey(inElt), bytesOf(inElt)}};
    for (ChainOp &step : group.chain)
      perType[typeKey(step.resultElt)] = bytesOf(step.resultElt);
    unsigned allocated = 0;
    for (auto [key, bytes] : perType)
      allocated += bytes;
    unsigned planned = std::max(bytesOf(inElt), bytesOf(outElt));
    if (!problem.ops.empty())
      planned =
          std::max(planned, unsigned(cost::dtypeBits(problem.computeType) / 8));
    if (allocated > planned)
      options.sramBudget = sramBudget * planned / allocated;
  }
  absl::StatusOr<cost::ElementwisePlan> plan =
      cost::planElementwise(target, problem, options);
  if (!plan.ok())
    return group.head->emitError()
           << kPassName << ": cannot tile the elementwise chain: "
           << std::string(plan.status().message());
  int64_t tr = plan->tileRows, tc = plan->tileCols;
  Value input = getMemRef(group.input);
  if (classifyOperand(group.input, resultType.getShape()) !=
      OperandKind::Full) // e.g. a scalar or [n, 1] * [1, m]
    input = npu::graph_to_tile::materializeBroadcast(
        b, loc, input, resultType.getShape(),
        [&](int64_t v) { return index(v); });
  Value inBuf = allocSram({tr, tc}, inElt);
  ChainBuffers bufs;
  allocChain(group, tr, tc, bufs, inElt, inBuf);
  Value outBuf = bufs.work[typeKey(outElt)];
  forBatch(batch, {}, [&](ArrayRef<OpFoldResult> bo) {
    forDim(rows, tr, [&](OpFoldResult r, int64_t rs) {
      forDim(cols, tc, [&](OpFoldResult c, int64_t cs) {
        SmallVector<OpFoldResult> offsets = withTile(bo, r, c);
        copy(hbmTile(input, offsets, tileSizes(rs, cs)),
             sramDmaView(inBuf, rs, cs));
        applyChain(group, bufs, sramTile(inBuf, rs, cs), offsets, rs, cs);
        copy(sramDmaView(outBuf, rs, cs),
             hbmTile(dest, offsets, tileSizes(rs, cs)));
      });
    });
  });
  return success();
}

LogicalResult FunctionLowering::run() {
  npu::graph_to_tile::moveSoftmaxAxesLast(func);
  npu::graph_to_tile::moveReduceAxesLast(func);
  // Attentions take the fused kernel when it fits in SRAM; the others are
  // decomposed into graph ops here, before anything is grouped or viewed.
  for (Operation &op :
       llvm::make_early_inc_range(func.getBody().front().getOperations()))
    if (auto attention = dyn_cast<g::AttentionOp>(op)) {
      absl::StatusOr<cost::AttentionPlan> plan =
          npu::graph_to_tile::planFusedAttention(attention, target, sramBudget);
      if (plan.ok())
        attentionPlans[attention] = *plan;
      else
        npu::graph_to_tile::decomposeAttention(attention);
    }
  if (failed(check()))
    return failure();
  hbm = t::MemorySpaceAttr::get(ctx, t::MemorySpace::HBM);
  sram = t::MemorySpaceAttr::get(ctx, t::MemorySpace::SRAM);
  buildGroups();

  // The new signature: inputs, then outputs.
  unsigned numInputs = func.getNumArguments();
  unsigned numOutputs = func.getNumResults();
  SmallVector<Type> argTypes;
  SmallVector<Attribute> argAttrs;
  uint64_t ioBytes = 0;
  auto nameOf = [&](DictionaryAttr attrs, std::string fallback) {
    if (attrs)
      if (auto name = attrs.getAs<StringAttr>("npu.name"))
        return name;
    return b.getStringAttr(fallback);
  };
  auto addArg = [&](Type tensorType, StringAttr name, StringRef io) {
    argTypes.push_back(hbmType(tensorType));
    auto type = cast<RankedTensorType>(tensorType);
    ioBytes += type.getNumElements() *
               cost::dtypeBits(*toDType(type.getElementType())) / 8;
    SmallVector<NamedAttribute> attrs = {
        b.getNamedAttr("npu.io", b.getStringAttr(io)),
        b.getNamedAttr("npu.name", name)};
    // An i1 tensor is an i8 memref of 0/1; npu-lower-to-isa gives the
    // signature its bool type back.
    if (type.getElementType().isInteger(1))
      attrs.push_back(b.getNamedAttr("npu.bool", b.getUnitAttr()));
    argAttrs.push_back(b.getDictionaryAttr(attrs));
  };
  for (unsigned i = 0; i < numInputs; ++i)
    addArg(func.getArgumentTypes()[i],
           nameOf(func.getArgAttrDict(i), "arg" + std::to_string(i)), "input");
  for (unsigned j = 0; j < numOutputs; ++j)
    addArg(func.getResultTypes()[j],
           nameOf(func.getResultAttrDict(j), "out" + std::to_string(j)),
           "output");

  b.setInsertionPoint(func);
  auto newFunc = func::FuncOp::create(b, func.getLoc(), func.getName(),
                                      b.getFunctionType(argTypes, {}));
  for (NamedAttribute attr : func->getDiscardableAttrs())
    newFunc->setAttr(attr.getName(), attr.getValue());
  newFunc.setVisibility(func.getVisibility());
  newFunc.setAllArgAttrs(argAttrs);
  Block *entry = newFunc.addEntryBlock();
  entryBlock = entry;
  for (unsigned i = 0; i < numInputs; ++i)
    map[func.getArgument(i)] = entry->getArgument(i);
  for (unsigned j = 0; j < numOutputs; ++j)
    outputs.push_back(entry->getArgument(numInputs + j));
  b.setInsertionPointToStart(entry);

  for (Operation &op : func.getBody().front()) {
    loc = op.getLoc();
    if (isa<g::ConstantOp>(op))
      continue; // materialised by getMemRef
    if (auto reshape = dyn_cast<g::ReshapeOp>(op)) {
      if (failed(lowerReshape(reshape)))
        return failure();
      continue;
    }
    if (auto transpose = dyn_cast<g::TransposeOp>(op)) {
      if (failed(lowerTranspose(transpose)))
        return failure();
      continue;
    }
    if (isa<func::ReturnOp>(op)) {
      // Results not computed into their output argument are copied there.
      for (auto [j, value] : llvm::enumerate(op.getOperands())) {
        Value src = getMemRef(value);
        if (src != outputs[j])
          copy(src, outputs[j]);
      }
      func::ReturnOp::create(b, loc);
      continue;
    }
    if (auto attention = dyn_cast<g::AttentionOp>(op)) {
      auto memRefOf = [&](Value v) { return getMemRef(v); };
      Value dest = attentionDestination(attention);
      auto destination = [&](Value) { return dest; };
      auto indexOf = [&](int64_t v) { return index(v); };
      npu::graph_to_tile::RowOpEnv env{b,           entryBlock, target,
                                       sramBudget,  symbols,    memRefOf,
                                       destination, indexOf};
      const cost::AttentionPlan &plan = attentionPlans[attention];
      map[attention.getResult()] = npu::graph_to_tile::lowerFusedAttention(
          attention, plan, env, pipelineAttention);
      flops += plan.flops;
      continue;
    }
    if (npu::graph_to_tile::isDataMovementOp(&op)) {
      auto memRefOf = [&](Value v) { return getMemRef(v); };
      auto destination = [&](Value v) { return destinationFor(v); };
      auto indexOf = [&](int64_t v) { return index(v); };
      npu::graph_to_tile::MoveEnv env{b, memRefOf, destination, indexOf};
      FailureOr<Value> result =
          npu::graph_to_tile::lowerDataMovementOp(&op, env);
      if (failed(result)) {
        newFunc.erase();
        return failure();
      }
      map[op.getResult(0)] = *result;
      continue;
    }
    if (isa<g::GatherOp>(op) || npu::graph_to_tile::isRowOp(&op)) {
      auto memRefOf = [&](Value v) { return getMemRef(v); };
      auto destination = [&](Value v) { return destinationFor(v); };
      auto indexOf = [&](int64_t v) { return index(v); };
      npu::graph_to_tile::RowOpEnv env{b,           entryBlock, target,
                                       sramBudget,  symbols,    memRefOf,
                                       destination, indexOf};
      FailureOr<Value> result = isa<g::GatherOp>(op)
                                    ? npu::graph_to_tile::lowerGather(&op, env)
                                    : npu::graph_to_tile::lowerRowOp(&op, env);
      if (failed(result)) {
        newFunc.erase();
        return failure();
      }
      map[op.getResult(0)] = *result;
      continue;
    }
    auto it = groupOfTail.find(&op);
    if (it == groupOfTail.end())
      continue; // fused into a later group
    if (failed(lowerGroup(groups[it->second]))) {
      newFunc.erase();
      return failure();
    }
  }

  newFunc->setAttr("npu.flops",
                   b.getI64IntegerAttr(static_cast<int64_t>(flops)));
  newFunc->setAttr("npu.compulsory_hbm_bytes",
                   b.getI64IntegerAttr(ioBytes + constantBytes));
  func.erase();
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct NpuTileGraphPass : npu::impl::NpuTileGraphBase<NpuTileGraphPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string name = target;
    if (name.empty()) {
      if (auto attr = module->getAttrOfType<StringAttr>("npu.target"))
        name = attr.str();
      else
        name = std::string(npu::kDefaultTargetName);
    }
    absl::StatusOr<npu::Target> loaded = npu::loadTarget(name);
    if (!loaded.ok()) {
      module.emitError() << kPassName << ": cannot load target '" << name
                         << "': " << std::string(loaded.status().message());
      return signalPassFailure();
    }
    uint64_t sramBytes = loaded->arch.sramBytes;
    uint64_t reserve = sramReserve ? uint64_t(sramReserve) : sramBytes / 16;
    if (reserve >= sramBytes) {
      module.emitError() << kPassName << ": sram-reserve (" << reserve
                         << ") leaves no SRAM on target '" << name << "'";
      return signalPassFailure();
    }

    SymbolTable symbols(module);
    SmallVector<func::FuncOp> funcs;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      bool graph =
          llvm::any_of(func.getArgumentTypes(),
                       [](Type t) { return isa<RankedTensorType>(t); }) ||
          llvm::any_of(func.getResultTypes(),
                       [](Type t) { return isa<RankedTensorType>(t); });
      func.walk([&](Operation *op) {
        if (isa<g::NpuGraphDialect>(op->getDialect()))
          graph = true;
      });
      if (graph)
        funcs.push_back(func);
    }
    for (func::FuncOp func : funcs) {
      FunctionLowering lowering(func, *loaded, sramBytes - reserve,
                                pipelineAttention, symbols);
      if (failed(lowering.run()))
        return signalPassFailure();
    }
  }
};

} // namespace
