//===- NpuGraph.cpp - The npu_graph dialect -------------------------------===//

#include "npu_graph/NpuGraph.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace npu::graph;

#include "npu_graph/Dialect.cpp.inc"
#include "npu_graph/Enums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "npu_graph/Attrs.cpp.inc"

void NpuGraphDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "npu_graph/Attrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "npu_graph/Ops.cpp.inc"
      >();
}

static bool isConstantValue(Attribute value) {
  return isa<DenseElementsAttr, DenseResourceElementsAttr, ExternalAttr>(value);
}

Operation *NpuGraphDialect::materializeConstant(OpBuilder &builder,
                                                Attribute value, Type type,
                                                Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type || !isConstantValue(value))
    return nullptr;
  return ConstantOp::create(builder, loc, typed);
}

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

std::string npu::graph::formatShape(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << '[';
  llvm::interleaveComma(shape, os);
  os << ']';
  return s;
}

std::optional<SmallVector<int64_t>>
npu::graph::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Dimension i counted from the end.
    int64_t a = i < lhs.size() ? lhs[lhs.size() - 1 - i] : 1;
    int64_t b = i < rhs.size() ? rhs[rhs.size() - 1 - i] : 1;
    if (a != b && a != 1 && b != 1)
      return std::nullopt;
    result[rank - 1 - i] = a == 1 ? b : a;
  }
  return result;
}

Type npu::graph::inferBroadcastType(Type lhs, Type rhs) {
  auto l = dyn_cast<RankedTensorType>(lhs);
  auto r = dyn_cast<RankedTensorType>(rhs);
  if (!l || !r)
    return {};
  auto shape = broadcastShapes(l.getShape(), r.getShape());
  if (!shape)
    return {};
  return RankedTensorType::get(*shape, l.getElementType());
}

std::optional<SmallVector<int64_t>>
npu::graph::inferMatmulShape(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs,
                             bool transposeB) {
  if (lhs.size() < 2 || rhs.size() < 2)
    return std::nullopt;
  int64_t m = lhs[lhs.size() - 2], k = lhs.back();
  int64_t rk = transposeB ? rhs.back() : rhs[rhs.size() - 2];
  int64_t n = transposeB ? rhs[rhs.size() - 2] : rhs.back();
  if (k != rk)
    return std::nullopt;
  auto batch = broadcastShapes(lhs.drop_back(2), rhs.drop_back(2));
  if (!batch)
    return std::nullopt;
  batch->push_back(m);
  batch->push_back(n);
  return batch;
}

/// Checks that `actual` (a result type) has the shape `expected`.
static LogicalResult
verifyResultShape(Operation *op, ArrayRef<int64_t> expected, Type actual) {
  auto shape = cast<ShapedType>(actual).getShape();
  if (shape == expected)
    return success();
  return op->emitOpError("result shape ")
         << formatShape(shape) << " does not match the expected shape "
         << formatShape(expected);
}

/// Checks that the result element type is `expected`.
static LogicalResult verifyResultElementType(Operation *op, Type expected,
                                             Type actual, StringRef of) {
  Type elt = cast<ShapedType>(actual).getElementType();
  if (elt == expected)
    return success();
  return op->emitOpError("result element type ")
         << elt << " differs from the " << of << " element type " << expected;
}

/// Checks that `axis` is in [-rank, rank).
static LogicalResult verifyAxis(Operation *op, int64_t axis, int64_t rank,
                                StringRef name = "axis") {
  if (axis >= -rank && axis < rank)
    return success();
  return op->emitOpError() << name << " " << axis
                           << " is out of range for a tensor of rank " << rank;
}

static int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

static RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// `: T` when lhs, rhs and result have the same type, else `: L, R -> T`.
static ParseResult parseBinaryTypes(OpAsmParser &parser, Type &lhs, Type &rhs,
                                    Type &result) {
  if (parser.parseType(lhs))
    return failure();
  if (failed(parser.parseOptionalComma())) {
    rhs = result = lhs;
    return success();
  }
  return failure(parser.parseType(rhs) || parser.parseArrow() ||
                 parser.parseType(result));
}

static void printBinaryTypes(OpAsmPrinter &p, Operation *, Type lhs, Type rhs,
                             Type result) {
  p << lhs;
  if (lhs == rhs && rhs == result)
    return;
  p << ", " << rhs << " -> " << result;
}

//===----------------------------------------------------------------------===//
// ExternalAttr
//===----------------------------------------------------------------------===//

static bool isGraphElementType(Type t) {
  return t.isF32() || t.isBF16() || t.isSignlessInteger(8) ||
         t.isSignlessInteger(32);
}

LogicalResult ExternalAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   StringRef path, uint64_t offset, Type type) {
  if (path.empty())
    return emitError() << "#npu_graph.external needs a non-empty file path";
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() ||
      !isGraphElementType(tensor.getElementType()))
    return emitError() << "#npu_graph.external must have a statically shaped "
                          "tensor type of f32, bf16, i8 or i32, got "
                       << type;
  return success();
}

uint64_t ExternalAttr::getNumBytes() const {
  RankedTensorType type = getTensorType();
  return uint64_t(type.getNumElements()) *
         (type.getElementType().getIntOrFloatBitWidth() / 8);
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  RankedTensorType lhs = getLhs().getType(), rhs = getRhs().getType();
  auto result = cast<RankedTensorType>(getResult().getType());
  if (lhs.getRank() < 2)
    return emitOpError("lhs must have rank >= 2, got rank ") << lhs.getRank();
  if (rhs.getRank() < 2)
    return emitOpError("rhs must have rank >= 2, got rank ") << rhs.getRank();
  Type elt = lhs.getElementType();
  if (elt != rhs.getElementType())
    return emitOpError("operand element types differ: lhs has ")
           << elt << ", rhs has " << rhs.getElementType();

  ArrayRef<int64_t> l = lhs.getShape(), r = rhs.getShape();
  int64_t k = l.back();
  int64_t rk = getTransposeB() ? r.back() : r[r.size() - 2];
  if (k != rk)
    return emitOpError("contracting dimensions differ: lhs has ")
           << k << ", rhs has " << rk;
  if (!broadcastShapes(l.drop_back(2), r.drop_back(2)))
    return emitOpError("batch dimensions are not broadcastable: lhs has ")
           << formatShape(l.drop_back(2)) << ", rhs has "
           << formatShape(r.drop_back(2));

  Type out = result.getElementType();
  bool ok = elt.isF32()    ? out.isF32()
            : elt.isBF16() ? out.isBF16() || out.isF32()
                           : out.isSignlessInteger(32);
  if (!ok)
    return emitOpError("result element type ")
           << out << " is invalid for " << elt << " operands (expected "
           << (elt.isF32()    ? "'f32'"
               : elt.isBF16() ? "'bf16' or 'f32'"
                              : "'i32'")
           << ")";
  return verifyResultShape(*this, *inferMatmulShape(l, r, getTransposeB()),
                           result);
}

//===----------------------------------------------------------------------===//
// Elementwise binary operations
//===----------------------------------------------------------------------===//

static LogicalResult verifyBinaryOp(Operation *op) {
  auto lhs = tensorType(op->getOperand(0));
  auto rhs = tensorType(op->getOperand(1));
  auto result = tensorType(op->getResult(0));
  if (lhs.getElementType() != rhs.getElementType() ||
      lhs.getElementType() != result.getElementType())
    return op->emitOpError("element types differ: lhs has ")
           << lhs.getElementType() << ", rhs has " << rhs.getElementType()
           << ", result has " << result.getElementType();
  auto shape = broadcastShapes(lhs.getShape(), rhs.getShape());
  if (!shape)
    return op->emitOpError("operands are not broadcastable: lhs has shape ")
           << formatShape(lhs.getShape()) << ", rhs has shape "
           << formatShape(rhs.getShape());
  return verifyResultShape(op, *shape, result);
}

/// Checks that `lhs` and `rhs` have one element type and that the result
/// (whose element type the ODS constraint fixes) has their broadcast shape.
static LogicalResult verifyBroadcastingPair(Operation *op) {
  auto lhs = tensorType(op->getOperand(0));
  auto rhs = tensorType(op->getOperand(1));
  if (lhs.getElementType() != rhs.getElementType())
    return op->emitOpError("operand element types differ: lhs has ")
           << lhs.getElementType() << ", rhs has " << rhs.getElementType();
  auto shape = broadcastShapes(lhs.getShape(), rhs.getShape());
  if (!shape)
    return op->emitOpError("operands are not broadcastable: lhs has shape ")
           << formatShape(lhs.getShape()) << ", rhs has shape "
           << formatShape(rhs.getShape());
  return verifyResultShape(op, *shape, op->getResult(0).getType());
}

LogicalResult CompareOp::verify() { return verifyBroadcastingPair(*this); }
LogicalResult LogicalOp::verify() { return verifyBroadcastingPair(*this); }

LogicalResult SelectOp::verify() {
  auto cond = tensorType(getCondition());
  auto a = tensorType(getTrueValue());
  auto b = tensorType(getFalseValue());
  if (a.getElementType() != b.getElementType())
    return emitOpError("value element types differ: true_value has ")
           << a.getElementType() << ", false_value has " << b.getElementType();
  if (failed(verifyResultElementType(*this, a.getElementType(), getType(),
                                     "value")))
    return failure();
  auto values = broadcastShapes(a.getShape(), b.getShape());
  auto shape =
      values ? broadcastShapes(cond.getShape(), *values) : std::nullopt;
  if (!shape)
    return emitOpError("operands are not broadcastable: condition has shape ")
           << formatShape(cond.getShape()) << ", true_value has shape "
           << formatShape(a.getShape()) << ", false_value has shape "
           << formatShape(b.getShape());
  return verifyResultShape(*this, *shape, getType());
}

LogicalResult AddOp::verify() { return verifyBinaryOp(*this); }
LogicalResult SubOp::verify() { return verifyBinaryOp(*this); }
LogicalResult MulOp::verify() { return verifyBinaryOp(*this); }
LogicalResult DivOp::verify() { return verifyBinaryOp(*this); }
LogicalResult MaxOp::verify() { return verifyBinaryOp(*this); }
LogicalResult MinOp::verify() { return verifyBinaryOp(*this); }
LogicalResult PowOp::verify() { return verifyBinaryOp(*this); }

//===----------------------------------------------------------------------===//
// Normalisation and softmax
//===----------------------------------------------------------------------===//

/// Checks an optional `[n]` parameter of a normalisation over the last
/// dimension of `input`.
static LogicalResult verifyNormParam(Operation *op, Value param, StringRef name,
                                     RankedTensorType input) {
  if (!param)
    return success();
  ArrayRef<int64_t> shape = tensorType(param).getShape();
  int64_t n = input.getShape().back();
  if (shape.size() != 1 || shape[0] != n)
    return op->emitOpError()
           << name << " must have shape [" << n << "] (the last dimension of "
           << "the input), got " << formatShape(shape);
  return success();
}

static LogicalResult verifyNorm(Operation *op, RankedTensorType input,
                                double epsilon) {
  if (input.getRank() < 1)
    return op->emitOpError("input must have rank >= 1");
  if (!(epsilon >= 0) || std::isinf(epsilon))
    return op->emitOpError("epsilon must be non-negative and finite, got ")
           << epsilon;
  return success();
}

LogicalResult LayerNormOp::verify() {
  RankedTensorType input = getInput().getType();
  if (failed(verifyNorm(*this, input, getEpsilon().convertToDouble())) ||
      failed(verifyNormParam(*this, getGamma(), "gamma", input)) ||
      failed(verifyNormParam(*this, getBeta(), "beta", input)))
    return failure();
  return success();
}

LogicalResult RmsNormOp::verify() {
  RankedTensorType input = getInput().getType();
  if (failed(verifyNorm(*this, input, getEpsilon().convertToDouble())) ||
      failed(verifyNormParam(*this, getGamma(), "gamma", input)))
    return failure();
  return success();
}

/// The checks shared by softmax and attention on `causal` and `offset`.
static LogicalResult verifyCausal(Operation *op, bool causal, int64_t offset) {
  if (offset != 0 && !causal)
    return op->emitOpError("offset ") << offset << " requires causal";
  if (offset < 0)
    return op->emitOpError("offset must be non-negative, got ") << offset;
  return success();
}

LogicalResult SoftmaxOp::verify() {
  RankedTensorType input = getInput().getType();
  int64_t rank = input.getRank();
  if (rank < 1)
    return emitOpError("input must have rank >= 1");
  int64_t axis = int64_t(getAxis());
  if (failed(verifyAxis(*this, axis, rank)) ||
      failed(verifyCausal(*this, getCausal(), int64_t(getOffset()))))
    return failure();
  if (getCausal()) {
    if (rank < 2)
      return emitOpError("causal masking needs rank >= 2, got rank ") << rank;
    if (normalizeAxis(axis, rank) != rank - 1)
      return emitOpError("causal masking needs axis to be the last "
                         "dimension (")
             << rank - 1 << "), got " << axis;
  }
  return success();
}

int64_t SoftmaxOp::getNormalizedAxis() {
  return normalizeAxis(int64_t(getAxis()), getInput().getType().getRank());
}

//===----------------------------------------------------------------------===//
// ReduceOp
//===----------------------------------------------------------------------===//

LogicalResult ReduceOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType result = getResult().getType();
  int64_t rank = input.getRank();
  if (rank < 1)
    return emitOpError("input must have rank >= 1");
  if (getAxes().empty())
    return emitOpError("axes must not be empty");
  SmallVector<bool> reduced(rank, false);
  for (int64_t axis : getAxes()) {
    if (failed(verifyAxis(*this, axis, rank)))
      return failure();
    int64_t d = normalizeAxis(axis, rank);
    if (reduced[d])
      return emitOpError("axis ") << axis << " is reduced twice";
    reduced[d] = true;
  }
  SmallVector<int64_t> expected;
  for (int64_t d = 0; d < rank; ++d) {
    if (!reduced[d])
      expected.push_back(input.getDimSize(d));
    else if (getKeepdims())
      expected.push_back(1);
  }
  if (result.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("result shape [")
           << result.getShape() << "] should be [" << expected
           << "] (the input shape with the reduced axes "
           << (getKeepdims() ? "set to 1" : "removed") << ")";
  if (result.getElementType() != input.getElementType())
    return emitOpError("result element type ")
           << result.getElementType() << " differs from the input element type "
           << input.getElementType();
  return success();
}

SmallVector<int64_t> ReduceOp::getNormalizedAxes() {
  int64_t rank = getInput().getType().getRank();
  SmallVector<int64_t> axes;
  for (int64_t axis : getAxes())
    axes.push_back(normalizeAxis(axis, rank));
  llvm::sort(axes);
  return axes;
}

int64_t ReduceOp::getReducedCount() {
  int64_t n = 1;
  for (int64_t d : getNormalizedAxes())
    n *= getInput().getType().getDimSize(d);
  return n;
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

static bool isPermutation(ArrayRef<int64_t> perm) {
  SmallVector<bool> seen(perm.size(), false);
  for (int64_t p : perm) {
    if (p < 0 || p >= int64_t(perm.size()) || seen[p])
      return false;
    seen[p] = true;
  }
  return true;
}

static SmallVector<int64_t> permuteShape(ArrayRef<int64_t> shape,
                                         ArrayRef<int64_t> perm) {
  SmallVector<int64_t> result;
  for (int64_t p : perm)
    result.push_back(shape[p]);
  return result;
}

void TransposeOp::build(OpBuilder &builder, OperationState &state, Value input,
                        ArrayRef<int64_t> permutation) {
  auto type = tensorType(input);
  auto resultType = RankedTensorType::get(
      permuteShape(type.getShape(), permutation), type.getElementType());
  build(builder, state, resultType, input, permutation);
}

LogicalResult TransposeOp::verify() {
  auto input = tensorType(getInput());
  ArrayRef<int64_t> perm = getPermutation();
  if (int64_t(perm.size()) != input.getRank())
    return emitOpError("permutation has ")
           << perm.size() << " entries, expected " << input.getRank()
           << " (the input rank)";
  if (!isPermutation(perm))
    return emitOpError("permutation ")
           << formatShape(perm) << " is not a permutation of 0.."
           << int64_t(perm.size()) - 1;
  if (failed(verifyResultElementType(*this, input.getElementType(),
                                     getResult().getType(), "input")))
    return failure();
  return verifyResultShape(*this, permuteShape(input.getShape(), perm),
                           getResult().getType());
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  bool identity = true;
  for (auto [i, p] : llvm::enumerate(perm))
    identity &= int64_t(i) == p;
  if (identity)
    return getInput();
  if (auto prev = getInput().getDefiningOp<TransposeOp>()) {
    // result dim i = prev dim perm[i] = prev input dim prevPerm[perm[i]].
    ArrayRef<int64_t> prevPerm = prev.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(prevPerm[p]);
    setPermutation(composed);
    getInputMutable().assign(prev.getInput());
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto input = tensorType(getInput());
  auto result = tensorType(getResult());
  if (failed(verifyResultElementType(*this, input.getElementType(), result,
                                     "input")))
    return failure();
  if (input.getNumElements() != result.getNumElements())
    return emitOpError("cannot reshape ")
           << formatShape(input.getShape()) << " (" << input.getNumElements()
           << " elements) into " << formatShape(result.getShape()) << " ("
           << result.getNumElements() << " elements)";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getResult().getType())
    return getInput();
  if (auto prev = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(prev.getInput());
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  auto first = tensorType(getInputs()[0]);
  int64_t rank = first.getRank();
  if (rank < 1)
    return emitOpError("inputs must have rank >= 1");
  int64_t axis = int64_t(getAxis());
  if (failed(verifyAxis(*this, axis, rank)))
    return failure();
  axis = normalizeAxis(axis, rank);
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, v] : llvm::enumerate(getInputs().drop_front())) {
    auto t = tensorType(v);
    unsigned index = i + 1;
    if (t.getElementType() != first.getElementType())
      return emitOpError("input #")
             << index << " has element type " << t.getElementType()
             << ", expected " << first.getElementType();
    if (t.getRank() != rank)
      return emitOpError("input #")
             << index << " has rank " << t.getRank() << ", expected " << rank;
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis)
        continue;
      if (t.getDimSize(d) != shape[d])
        return emitOpError("input #")
               << index << " has size " << t.getDimSize(d) << " in dimension "
               << d << ", expected " << shape[d]
               << " (inputs differ only along axis " << axis << ")";
    }
    shape[axis] += t.getDimSize(axis);
  }
  if (failed(verifyResultElementType(*this, first.getElementType(),
                                     getResult().getType(), "input")))
    return failure();
  return verifyResultShape(*this, shape, getResult().getType());
}

int64_t ConcatOp::getNormalizedAxis() {
  return normalizeAxis(int64_t(getAxis()),
                       tensorType(getInputs()[0]).getRank());
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 &&
      getInputs()[0].getType() == getResult().getType())
    return getInputs()[0];
  return {};
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::verify() {
  auto input = tensorType(getInput());
  int64_t rank = input.getRank();
  for (auto [name, values] :
       {std::pair<StringRef, ArrayRef<int64_t>>{"starts", getStarts()},
        {"sizes", getSizes()},
        {"strides", getStrides()}})
    if (int64_t(values.size()) != rank)
      return emitOpError() << name << " has " << values.size()
                           << " entries, expected " << rank
                           << " (the input rank)";
  for (int64_t d = 0; d < rank; ++d) {
    int64_t start = getStarts()[d], size = getSizes()[d],
            stride = getStrides()[d];
    if (start < 0)
      return emitOpError("start ")
             << start << " in dimension " << d << " is negative";
    if (size < 1)
      return emitOpError("size ")
             << size << " in dimension " << d << " must be at least 1";
    if (stride < 1)
      return emitOpError("stride ")
             << stride << " in dimension " << d << " must be at least 1";
    int64_t last = start + (size - 1) * stride;
    if (last >= input.getDimSize(d))
      return emitOpError("slice reads index ")
             << last << " of dimension " << d << ", which has size "
             << input.getDimSize(d);
  }
  if (failed(verifyResultElementType(*this, input.getElementType(),
                                     getResult().getType(), "input")))
    return failure();
  return verifyResultShape(*this, getSizes(), getResult().getType());
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  auto input = tensorType(getInput());
  if (input != getResult().getType())
    return {};
  for (int64_t d = 0; d < input.getRank(); ++d)
    if (getStarts()[d] != 0 || getStrides()[d] != 1)
      return {};
  return getInput();
}

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::verify() {
  auto table = tensorType(getTable());
  if (table.getRank() < 1)
    return emitOpError("table must have rank >= 1");
  SmallVector<int64_t> shape(tensorType(getIndices()).getShape());
  llvm::append_range(shape, table.getShape().drop_front());
  if (failed(verifyResultElementType(*this, table.getElementType(),
                                     getResult().getType(), "table")))
    return failure();
  return verifyResultShape(*this, shape, getResult().getType());
}

//===----------------------------------------------------------------------===//
// RopeOp
//===----------------------------------------------------------------------===//

LogicalResult RopeOp::verify() {
  RankedTensorType input = getInput().getType();
  int64_t rank = input.getRank();
  if (rank < 2)
    return emitOpError("input must have rank >= 2 ([..., seq, head_dim]), "
                       "got rank ")
           << rank;
  int64_t seq = input.getDimSize(rank - 2), dim = input.getDimSize(rank - 1);
  if (dim % 2 != 0)
    return emitOpError("the last dimension (") << dim << ") must be even";
  bool tables = getCos() || getSin();
  if (bool(getCos()) != bool(getSin()))
    return emitOpError("cos and sin must be given together");
  if (tables && getTheta())
    return emitOpError("takes either cos/sin tables or theta, not both");
  if (!tables && !getTheta())
    return emitOpError("needs cos/sin tables or theta");
  int64_t offset = int64_t(getOffset());
  if (tables) {
    if (offset != 0)
      return emitOpError("offset is only allowed with theta");
    SmallVector<int64_t> expected = {seq, dim};
    for (auto [name, table] :
         {std::pair<StringRef, Value>{"cos", getCos()}, {"sin", getSin()}}) {
      ArrayRef<int64_t> shape = tensorType(table).getShape();
      if (shape != ArrayRef<int64_t>(expected))
        return emitOpError() << name << " must have shape "
                             << formatShape(expected) << " ([seq, head_dim] "
                             << "of the input), got " << formatShape(shape);
    }
  } else {
    double theta = getTheta()->convertToDouble();
    if (!(theta > 0) || std::isinf(theta))
      return emitOpError("theta must be positive and finite, got ") << theta;
    if (offset < 0)
      return emitOpError("offset must be non-negative, got ") << offset;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// AttentionOp
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::verify() {
  RankedTensorType q = getQ().getType(), k = getK().getType(),
                   v = getV().getType();
  auto result = tensorType(getResult());
  for (auto [name, t] :
       {std::pair<StringRef, RankedTensorType>{"q", q}, {"k", k}, {"v", v}})
    if (t.getRank() != 4)
      return emitOpError() << name << " must have rank 4 ([batch, heads, seq, "
                           << "head_dim]), got rank " << t.getRank();
  Type elt = q.getElementType();
  if (k.getElementType() != elt || v.getElementType() != elt ||
      result.getElementType() != elt)
    return emitOpError("element types differ: q has ")
           << elt << ", k has " << k.getElementType() << ", v has "
           << v.getElementType() << ", result has " << result.getElementType();
  if (k.getDimSize(0) != q.getDimSize(0) || v.getDimSize(0) != q.getDimSize(0))
    return emitOpError("batch sizes differ: q has ")
           << q.getDimSize(0) << ", k has " << k.getDimSize(0) << ", v has "
           << v.getDimSize(0);
  if (k.getDimSize(3) != q.getDimSize(3))
    return emitOpError("head dimensions differ: q has ")
           << q.getDimSize(3) << ", k has " << k.getDimSize(3);
  if (k.getDimSize(1) != v.getDimSize(1) || k.getDimSize(2) != v.getDimSize(2))
    return emitOpError("k and v must have the same heads and sequence "
                       "length: k has ")
           << formatShape(k.getShape()) << ", v has "
           << formatShape(v.getShape());
  int64_t hq = q.getDimSize(1), hkv = k.getDimSize(1);
  if (hkv == 0 || hq % hkv != 0)
    return emitOpError("key/value heads (")
           << hkv << ") must divide query heads (" << hq << ")";
  if (failed(verifyCausal(*this, getCausal(), int64_t(getOffset()))))
    return failure();
  if (Value maskValue = getMask()) {
    auto mask = cast<RankedTensorType>(maskValue.getType());
    if (mask.getElementType() != elt)
      return emitOpError("mask element type ")
             << mask.getElementType() << " differs from q's " << elt;
    SmallVector<int64_t> scores = {q.getDimSize(0), hq, q.getDimSize(2),
                                   k.getDimSize(2)};
    if (mask.getRank() != 4)
      return emitOpError("mask must have rank 4 (broadcast to the scores ")
             << formatShape(scores) << "), got rank " << mask.getRank();
    if (mask.getDimSize(3) != scores[3])
      return emitOpError("mask's last dimension must be the key length ")
             << scores[3] << ", got mask " << formatShape(mask.getShape());
    for (int64_t d = 0; d < 3; ++d)
      if (mask.getDimSize(d) != 1 && mask.getDimSize(d) != scores[d])
        return emitOpError("mask ")
               << formatShape(mask.getShape())
               << " does not broadcast to the scores " << formatShape(scores)
               << " (dimension " << d << " must be 1 or " << scores[d] << ")";
  }
  SmallVector<int64_t> shape = {q.getDimSize(0), hq, q.getDimSize(2),
                                v.getDimSize(3)};
  return verifyResultShape(*this, shape, result);
}

//===----------------------------------------------------------------------===//
// CastOp
//===----------------------------------------------------------------------===//

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getResult().getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// QuantizeOp, DequantizeOp
//===----------------------------------------------------------------------===//

static LogicalResult verifyQuantParams(Operation *op, RankedTensorType data,
                                       std::optional<uint64_t> axisAttr,
                                       ArrayRef<float> scales,
                                       ArrayRef<int32_t> zeroPoints,
                                       Type intType) {
  if (axisAttr) {
    int64_t axis = int64_t(*axisAttr);
    if (failed(verifyAxis(op, axis, data.getRank())))
      return failure();
    int64_t size = data.getDimSize(normalizeAxis(axis, data.getRank()));
    if (int64_t(scales.size()) != size)
      return op->emitOpError("per-axis quantisation along axis ")
             << axis << " needs " << size << " scales, got " << scales.size();
  } else if (scales.size() != 1) {
    return op->emitOpError("per-tensor quantisation needs exactly one scale, "
                           "got ")
           << scales.size() << " (give axis for per-axis scales)";
  }
  if (zeroPoints.size() != scales.size())
    return op->emitOpError("zero_points has ")
           << zeroPoints.size() << " entries, expected " << scales.size()
           << " (one per scale)";
  for (auto [i, s] : llvm::enumerate(scales))
    if (!(s > 0) || std::isinf(s))
      return op->emitOpError("scale #")
             << i << " must be positive and finite, got " << s;
  int64_t lo = intType.isSignlessInteger(8) ? -128 : INT32_MIN;
  int64_t hi = intType.isSignlessInteger(8) ? 127 : INT32_MAX;
  for (auto [i, zp] : llvm::enumerate(zeroPoints))
    if (zp < lo || zp > hi)
      return op->emitOpError("zero point #")
             << i << " (" << zp << ") is out of the range [" << lo << ", " << hi
             << "] of " << intType;
  return success();
}

LogicalResult QuantizeOp::verify() {
  return verifyQuantParams(*this, getInput().getType(), getAxis(), getScales(),
                           getZeroPoints(),
                           tensorType(getResult()).getElementType());
}

LogicalResult DequantizeOp::verify() {
  return verifyQuantParams(*this, getInput().getType(), getAxis(), getScales(),
                           getZeroPoints(),
                           getInput().getType().getElementType());
}

int64_t QuantizeOp::getNormalizedAxis() {
  if (!getAxis())
    return -1;
  return normalizeAxis(int64_t(*getAxis()), getInput().getType().getRank());
}

int64_t DequantizeOp::getNormalizedAxis() {
  if (!getAxis())
    return -1;
  return normalizeAxis(int64_t(*getAxis()), getInput().getType().getRank());
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  if (!isConstantValue(getValue()))
    return emitOpError("value must be a dense, dense_resource or "
                       "#npu_graph.external attribute, got ")
           << getValue();
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

#define GET_OP_CLASSES
#include "npu_graph/Ops.cpp.inc"
