//===- Interpreter.cpp - Reference interpreter for npu_graph --------------===//

#include "npu/Reference/Interpreter.h"

#include "npu_graph/NpuGraph.h"
#include "sim/Numerics.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

using namespace mlir;
using namespace npu::reference;
using llvm::Expected;
namespace num = npu::numerics;
namespace graph = npu::graph;

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

const char *npu::reference::getElementTypeName(ElementType type) {
  switch (type) {
  case ElementType::F32:
    return "f32";
  case ElementType::BF16:
    return "bf16";
  case ElementType::I8:
    return "i8";
  case ElementType::I32:
    return "i32";
  case ElementType::I1:
    return "i1";
  }
  return "?";
}

unsigned npu::reference::getElementSize(ElementType type) {
  switch (type) {
  case ElementType::F32:
  case ElementType::I32:
    return 4;
  case ElementType::BF16:
    return 2;
  case ElementType::I8:
  case ElementType::I1:
    return 1;
  }
  return 0;
}

bool npu::reference::isFloat(ElementType type) {
  return type == ElementType::F32 || type == ElementType::BF16;
}

std::optional<ElementType> npu::reference::getElementType(Type type) {
  if (type.isF32())
    return ElementType::F32;
  if (type.isBF16())
    return ElementType::BF16;
  if (type.isSignlessInteger(8))
    return ElementType::I8;
  if (type.isSignlessInteger(32))
    return ElementType::I32;
  if (type.isSignlessInteger(1))
    return ElementType::I1;
  return std::nullopt;
}

Type npu::reference::getMlirType(ElementType type, MLIRContext *context) {
  Builder b(context);
  switch (type) {
  case ElementType::F32:
    return b.getF32Type();
  case ElementType::BF16:
    return b.getBF16Type();
  case ElementType::I8:
    return b.getI8Type();
  case ElementType::I32:
    return b.getI32Type();
  case ElementType::I1:
    return b.getI1Type();
  }
  return {};
}

static num::DType toDType(ElementType type) {
  switch (type) {
  case ElementType::F32:
    return num::DType::FP32;
  case ElementType::BF16:
    return num::DType::BF16;
  case ElementType::I8:
  case ElementType::I1: // one byte, 0 or 1
    return num::DType::INT8;
  case ElementType::I32:
    return num::DType::INT32;
  }
  return num::DType::FP32;
}

double npu::reference::roundToElementType(ElementType type, double value) {
  switch (type) {
  case ElementType::F32:
    return num::canonicalize(static_cast<float>(value));
  case ElementType::BF16:
    return num::bf16ToF32(num::f64ToBf16(value));
  case ElementType::I8:
  case ElementType::I32:
    return num::toInt(value, toDType(type));
  case ElementType::I1:
    return value != 0 ? 1 : 0;
  }
  return value;
}

//===----------------------------------------------------------------------===//
// Tensor
//===----------------------------------------------------------------------===//

static int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

static std::string typeString(ElementType type, ArrayRef<int64_t> shape) {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + getElementTypeName(type) + ">";
}

Tensor::Tensor(ElementType type, ArrayRef<int64_t> shape)
    : type(type), shape(shape), values(numElements(shape), 0.0) {}

Tensor::Tensor(ElementType type, ArrayRef<int64_t> shape,
               std::vector<double> values)
    : type(type), shape(shape), values(std::move(values)) {
  assert(int64_t(this->values.size()) == numElements(shape) &&
         "one value per element");
}

Tensor Tensor::fromValues(ElementType type, ArrayRef<int64_t> shape,
                          ArrayRef<double> values) {
  std::vector<double> rounded;
  rounded.reserve(values.size());
  for (double v : values)
    rounded.push_back(roundToElementType(type, v));
  return Tensor(type, shape, std::move(rounded));
}

Tensor Tensor::fromFloats(ElementType type, ArrayRef<int64_t> shape,
                          ArrayRef<float> values) {
  std::vector<double> d(values.begin(), values.end());
  return fromValues(type, shape, d);
}

/// Decodes `count` elements of `type` from little-endian `data`.
static std::vector<double> decode(ElementType type, const uint8_t *data,
                                  int64_t count) {
  std::vector<double> values(count);
  for (int64_t i = 0; i < count; ++i)
    values[i] = num::loadExact(toDType(type), data, i);
  return values;
}

Expected<Tensor> Tensor::fromBytes(ElementType type, ArrayRef<int64_t> shape,
                                   ArrayRef<uint8_t> bytes) {
  int64_t count = numElements(shape);
  uint64_t expected = uint64_t(count) * getElementSize(type);
  if (bytes.size() != expected)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s needs %llu bytes, got %zu",
                                   typeString(type, shape).c_str(),
                                   (unsigned long long)expected, bytes.size());
  return Tensor(type, shape, decode(type, bytes.data(), count));
}

double Tensor::at(ArrayRef<int64_t> index) const {
  assert(index.size() == shape.size() && "one index per dimension");
  int64_t flat = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    flat = flat * shape[d] + index[d];
  return values[flat];
}

std::vector<float> Tensor::toFloats() const {
  return std::vector<float>(values.begin(), values.end());
}

std::vector<uint8_t> Tensor::toBytes() const {
  std::vector<uint8_t> bytes(values.size() * getElementSize(type));
  for (size_t i = 0; i < values.size(); ++i)
    num::storeExact(toDType(type), bytes.data(), i, values[i]);
  return bytes;
}

std::string Tensor::toString() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << typeString(type, shape) << ' ';
  // Nested brackets, one level per dimension.
  std::vector<int64_t> index(shape.size(), 0);
  std::function<void(size_t, int64_t)> print = [&](size_t dim, int64_t base) {
    if (dim == shape.size()) {
      // Enough digits to identify every fp32 value.
      os << llvm::format("%.9g", values[base]);
      return;
    }
    os << '[';
    for (int64_t i = 0; i < shape[dim]; ++i) {
      if (i)
        os << ", ";
      print(dim + 1, base * shape[dim] + i);
    }
    os << ']';
  };
  print(0, 0);
  return s;
}

//===----------------------------------------------------------------------===//
// Index helpers
//===----------------------------------------------------------------------===//

/// Row-major strides of `shape`.
static std::vector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = int64_t(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// Calls `f(flatIndex, multiIndex)` for every element of `shape` in
/// row-major order.
template <typename F> static void forEachIndex(ArrayRef<int64_t> shape, F f) {
  int64_t count = numElements(shape);
  std::vector<int64_t> index(shape.size(), 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    f(flat, ArrayRef<int64_t>(index));
    for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
}

/// For every element of `out`, the flat index of the element of `in` that
/// broadcasts to it (NumPy rules, `in` aligned at the last dimension).
static std::vector<int64_t> broadcastIndices(ArrayRef<int64_t> out,
                                             ArrayRef<int64_t> in) {
  std::vector<int64_t> inStrides = stridesOf(in);
  std::vector<int64_t> strides(out.size(), 0);
  size_t lead = out.size() - in.size();
  for (size_t d = 0; d < in.size(); ++d)
    strides[lead + d] = in[d] == 1 ? 0 : inStrides[d];
  std::vector<int64_t> result(numElements(out));
  forEachIndex(out, [&](int64_t flat, ArrayRef<int64_t> index) {
    int64_t i = 0;
    for (size_t d = 0; d < out.size(); ++d)
      i += index[d] * strides[d];
    result[flat] = i;
  });
  return result;
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

static ElementType elementTypeOf(Value v) {
  return *getElementType(cast<RankedTensorType>(v.getType()).getElementType());
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

static std::string locationPrefix(Location loc) {
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    return (file.getFilename().getValue() + ":" + Twine(file.getLine()) + ":" +
            Twine(file.getColumn()) + ": ")
        .str();
  return "";
}

static std::string typeToString(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  return s;
}

static llvm::Error opError(Operation *op, const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 locationPrefix(op->getLoc()) + "'" +
                                     op->getName().getStringRef() + "' op " +
                                     message);
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

static std::string resolveExternalPath(graph::ConstantOp op, StringRef path,
                                       const InterpreterOptions &options) {
  if (llvm::sys::path::is_absolute(path))
    return path.str();
  SmallString<256> base;
  if (!options.externalDataDir.empty()) {
    base = options.externalDataDir;
  } else if (auto file = op.getLoc()->findInstanceOf<FileLineColLoc>()) {
    StringRef name = file.getFilename().getValue();
    if (name != "-" && !name.starts_with("<"))
      base = llvm::sys::path::parent_path(name);
  }
  if (base.empty())
    return path.str();
  llvm::sys::path::append(base, path);
  return std::string(base);
}

Expected<Tensor>
npu::reference::evaluateConstant(graph::ConstantOp op,
                                 const InterpreterOptions &options) {
  auto type = cast<RankedTensorType>(op.getType());
  ElementType elt = *getElementType(type.getElementType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t count = type.getNumElements();
  uint64_t bytes = uint64_t(count) * getElementSize(elt);
  Attribute value = op.getValue();

  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    std::vector<double> values;
    values.reserve(count);
    if (isFloat(elt)) {
      for (APFloat f : dense.getValues<APFloat>())
        values.push_back(f.convertToDouble());
    } else {
      for (APInt i : dense.getValues<APInt>())
        values.push_back(elt == ElementType::I1 ? double(i.getZExtValue())
                                                : double(i.getSExtValue()));
    }
    return Tensor(elt, shape, std::move(values));
  }

  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    DenseResourceElementsHandle handle = resource.getRawHandle();
    const AsmResourceBlob *blob = handle.getBlob();
    if (!blob)
      return opError(op, "dense_resource '" + handle.getKey() +
                             "' has no data (the resource blob is missing "
                             "or was elided when the IR was printed)");
    ArrayRef<char> data = blob->getData();
    if (data.size() != bytes)
      return opError(op, "dense_resource '" + handle.getKey() + "' has " +
                             Twine(data.size()) + " bytes, " +
                             typeString(elt, shape) + " needs " + Twine(bytes));
    return Tensor(
        elt, shape,
        decode(elt, reinterpret_cast<const uint8_t *>(data.data()), count));
  }

  if (auto external = dyn_cast<graph::ExternalAttr>(value)) {
    std::string path = resolveExternalPath(op, external.getPath(), options);
    uint64_t offset = external.getOffset();
    uint64_t fileSize = 0;
    if (std::error_code ec = llvm::sys::fs::file_size(path, fileSize))
      return opError(op, "cannot open external constant file '" + path +
                             "': " + ec.message());
    if (offset + bytes > fileSize)
      return opError(op, "external constant file '" + path + "' has " +
                             Twine(fileSize) + " bytes, but " +
                             typeString(elt, shape) + " at offset " +
                             Twine(offset) + " needs bytes up to " +
                             Twine(offset + bytes));
    if (bytes == 0)
      return Tensor(elt, shape);
    auto buffer = llvm::MemoryBuffer::getFileSlice(path, bytes, offset);
    if (!buffer)
      return opError(op, "cannot read external constant file '" + path +
                             "': " + buffer.getError().message());
    return Tensor(
        elt, shape,
        decode(elt,
               reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart()),
               count));
  }
  return opError(op, "unsupported constant value");
}

//===----------------------------------------------------------------------===//
// The evaluator
//===----------------------------------------------------------------------===//

namespace {

class Evaluator {
public:
  explicit Evaluator(const InterpreterOptions &options)
      : options(options), device(options.deviceNumerics) {}

  Expected<std::vector<Tensor>> run(func::FuncOp func, ArrayRef<Tensor> inputs);

private:
  /// The stored form of a value of type `type` computed by an operation:
  /// rounded to fp32, or to bf16 with device numerics, or to an integer.
  double store(ElementType type, double v) const {
    switch (type) {
    case ElementType::F32:
      return device ? num::canonicalize(float(v)) : float(v);
    case ElementType::BF16:
      return device ? num::roundToBf16(float(v)) : float(v);
    case ElementType::I8:
    case ElementType::I32:
      return num::toInt(v, toDType(type));
    case ElementType::I1:
      return v != 0 ? 1 : 0;
    }
    return v;
  }
  /// A new result tensor for `result` from values computed in fp32/double.
  Tensor makeResult(Value result, std::vector<double> values) const {
    ElementType type = elementTypeOf(result);
    for (double &v : values)
      v = store(type, v);
    return Tensor(type, shapeOf(result), std::move(values));
  }
  const Tensor &get(Value v) { return env.find(v)->second; }

  Expected<Tensor> evaluate(Operation *op);
  Expected<Tensor> evalMatmul(graph::MatmulOp op);
  Tensor evalBinary(Operation *op);
  Tensor evalUnary(Operation *op);
  Tensor evalCompare(graph::CompareOp op);
  Tensor evalLogical(graph::LogicalOp op);
  Tensor evalSelect(graph::SelectOp op);
  Tensor evalLayerNorm(graph::LayerNormOp op);
  Tensor evalRmsNorm(graph::RmsNormOp op);
  Tensor evalSoftmax(graph::SoftmaxOp op);
  Tensor evalReduce(graph::ReduceOp op);
  Tensor evalTranspose(graph::TransposeOp op);
  Tensor evalConcat(graph::ConcatOp op);
  Tensor evalSlice(graph::SliceOp op);
  Expected<Tensor> evalGather(graph::GatherOp op);
  Tensor evalRope(graph::RopeOp op);
  Tensor evalAttention(graph::AttentionOp op);
  Tensor evalCast(graph::CastOp op);
  Tensor evalQuantize(graph::QuantizeOp op);
  Tensor evalDequantize(graph::DequantizeOp op);

  /// Softmax of `row` (in place), with elements at positions >= `visible`
  /// masked (the causal mask); `visible` may exceed the row length.
  void softmaxRow(MutableArrayRef<double> row, int64_t visible) const;

  const InterpreterOptions &options;
  bool device;
  llvm::DenseMap<Value, Tensor> env;
};

} // namespace

Expected<std::vector<Tensor>> Evaluator::run(func::FuncOp func,
                                             ArrayRef<Tensor> inputs) {
  if (func.isExternal())
    return opError(func, "has no body to interpret");
  if (!func.getBody().hasOneBlock())
    return opError(func, "has more than one block; only straight-line "
                         "functions can be interpreted");
  Block &body = func.getBody().front();
  if (inputs.size() != body.getNumArguments())
    return opError(func, "expects " + Twine(body.getNumArguments()) +
                             " inputs, got " + Twine(inputs.size()));
  for (auto [i, arg] : llvm::enumerate(body.getArguments())) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    std::optional<ElementType> elt =
        type ? getElementType(type.getElementType()) : std::nullopt;
    if (!type || !type.hasStaticShape() || !elt)
      return opError(func, "argument #" + Twine(i) + " has type " +
                               typeToString(arg.getType()) +
                               ", which the interpreter does not support");
    const Tensor &input = inputs[i];
    if (input.getElementType() != *elt || input.getShape() != type.getShape())
      return opError(func,
                     "input #" + Twine(i) + " is " +
                         typeString(input.getElementType(), input.getShape()) +
                         ", expected " + typeString(*elt, type.getShape()));
    std::vector<double> values(input.getValues().begin(),
                               input.getValues().end());
    for (double &v : values)
      v = store(*elt, v);
    env.try_emplace(arg, Tensor(*elt, type.getShape(), std::move(values)));
  }

  for (Operation &op : body) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      std::vector<Tensor> results;
      for (Value v : ret.getOperands())
        results.push_back(get(v));
      return results;
    }
    if (op.getNumResults() != 1 || op.getNumRegions() != 0)
      return opError(&op, "is not supported by the reference interpreter");
    Expected<Tensor> result = evaluate(&op);
    if (!result)
      return result.takeError();
    env.try_emplace(op.getResult(0), std::move(*result));
  }
  return opError(func, "has no func.return");
}

Expected<Tensor> Evaluator::evaluate(Operation *op) {
  return llvm::TypeSwitch<Operation *, Expected<Tensor>>(op)
      .Case([&](graph::ConstantOp c) -> Expected<Tensor> {
        Expected<Tensor> value = evaluateConstant(c, options);
        if (!value)
          return value.takeError();
        return makeResult(c.getResult(),
                          std::vector<double>(value->getValues().begin(),
                                              value->getValues().end()));
      })
      .Case([&](graph::MatmulOp m) { return evalMatmul(m); })
      .Case<graph::AddOp, graph::SubOp, graph::MulOp, graph::DivOp,
            graph::MaxOp, graph::MinOp, graph::PowOp>(
          [&](Operation *o) { return evalBinary(o); })
      .Case<graph::NegOp, graph::ExpOp, graph::RsqrtOp, graph::SqrtOp,
            graph::ReciprocalOp, graph::TanhOp, graph::ErfOp, graph::GeluOp,
            graph::SiluOp, graph::SigmoidOp, graph::ReluOp, graph::LogOp,
            graph::AbsOp>([&](Operation *o) { return evalUnary(o); })
      .Case([&](graph::LayerNormOp o) { return evalLayerNorm(o); })
      .Case([&](graph::RmsNormOp o) { return evalRmsNorm(o); })
      .Case([&](graph::SoftmaxOp o) { return evalSoftmax(o); })
      .Case([&](graph::ReduceOp o) { return evalReduce(o); })
      .Case([&](graph::TransposeOp o) { return evalTranspose(o); })
      .Case([&](graph::ReshapeOp o) {
        const Tensor &in = get(o.getInput());
        return Tensor(
            in.getElementType(), shapeOf(o.getResult()),
            std::vector<double>(in.getValues().begin(), in.getValues().end()));
      })
      .Case([&](graph::ConcatOp o) { return evalConcat(o); })
      .Case([&](graph::SliceOp o) { return evalSlice(o); })
      .Case([&](graph::GatherOp o) { return evalGather(o); })
      .Case([&](graph::RopeOp o) { return evalRope(o); })
      .Case([&](graph::AttentionOp o) { return evalAttention(o); })
      .Case([&](graph::CastOp o) { return evalCast(o); })
      .Case([&](graph::CompareOp o) { return evalCompare(o); })
      .Case([&](graph::LogicalOp o) { return evalLogical(o); })
      .Case([&](graph::NotOp o) {
        const Tensor &x = get(o.getInput());
        std::vector<double> out(x.getNumElements());
        for (int64_t i = 0; i < x.getNumElements(); ++i)
          out[i] = x[i] == 0 ? 1 : 0;
        return makeResult(o.getResult(), std::move(out));
      })
      .Case([&](graph::SelectOp o) { return evalSelect(o); })
      .Case([&](graph::QuantizeOp o) { return evalQuantize(o); })
      .Case([&](graph::DequantizeOp o) { return evalDequantize(o); })
      .Default([&](Operation *o) -> Expected<Tensor> {
        return opError(o, "is not supported by the reference interpreter");
      });
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

Expected<Tensor> Evaluator::evalMatmul(graph::MatmulOp op) {
  const Tensor &a = get(op.getLhs()), &b = get(op.getRhs());
  ArrayRef<int64_t> as = a.getShape(), bs = b.getShape();
  bool transposeB = op.getTransposeB();
  int64_t m = as[as.size() - 2], k = as.back();
  int64_t n = transposeB ? bs[bs.size() - 2] : bs.back();
  SmallVector<int64_t> batch =
      *graph::broadcastShapes(as.drop_back(2), bs.drop_back(2));
  std::vector<int64_t> aBatch = broadcastIndices(batch, as.drop_back(2));
  std::vector<int64_t> bBatch = broadcastIndices(batch, bs.drop_back(2));
  bool integer = a.getElementType() == ElementType::I8;

  // Device numerics: the MXU reads bf16 operands.
  std::vector<float> af, bf;
  if (device && !integer) {
    for (double v : a.getValues())
      af.push_back(num::roundToBf16(float(v)));
    for (double v : b.getValues())
      bf.push_back(num::roundToBf16(float(v)));
  }

  // An empty batch shape has one element: aBatch is never empty.
  int64_t numBatches = int64_t(aBatch.size());
  std::vector<double> out(numBatches * m * n);
  for (int64_t bi = 0; bi < numBatches; ++bi) {
    int64_t aOff = aBatch[bi] * m * k, bOff = bBatch[bi] * k * n;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        auto bIndex = [&](int64_t p) {
          return bOff + (transposeB ? j * k + p : p * n + j);
        };
        double result;
        if (integer) {
          int32_t acc = 0;
          for (int64_t p = 0; p < k; ++p)
            acc = num::macInt8(acc, int32_t(a[aOff + i * k + p]),
                               int32_t(b[bIndex(p)]));
          result = acc;
        } else if (device) {
          float acc = 0.0f;
          for (int64_t p = 0; p < k; ++p)
            acc = num::macBf16(acc, af[aOff + i * k + p], bf[bIndex(p)]);
          result = num::canonicalize(acc);
        } else {
          double acc = 0.0;
          for (int64_t p = 0; p < k; ++p)
            acc += a[aOff + i * k + p] * b[bIndex(p)];
          result = acc;
        }
        out[(bi * m + i) * n + j] = result;
      }
    }
  }
  return makeResult(op.getResult(), std::move(out));
}

//===----------------------------------------------------------------------===//
// Elementwise operations
//===----------------------------------------------------------------------===//

Tensor Evaluator::evalBinary(Operation *op) {
  Value result = op->getResult(0);
  ArrayRef<int64_t> shape = shapeOf(result);
  const Tensor &a = get(op->getOperand(0)), &b = get(op->getOperand(1));
  std::vector<int64_t> ai = broadcastIndices(shape, a.getShape());
  std::vector<int64_t> bi = broadcastIndices(shape, b.getShape());
  auto compute = [&](float x, float y) -> float {
    return llvm::TypeSwitch<Operation *, float>(op)
        .Case([&](graph::AddOp) {
          return num::applyBinary(num::BinaryOp::Add, x, y);
        })
        .Case([&](graph::SubOp) {
          return num::applyBinary(num::BinaryOp::Sub, x, y);
        })
        .Case([&](graph::MulOp) {
          return num::applyBinary(num::BinaryOp::Mul, x, y);
        })
        .Case([&](graph::DivOp) {
          if (!device)
            return x / y;
          float r = num::applyUnary(num::UnaryOp::Recip, y);
          return num::applyBinary(num::BinaryOp::Mul, x, r);
        })
        .Case([&](graph::MaxOp) { return num::maxF32(x, y); })
        .Case([&](graph::MinOp) { return num::minF32(x, y); })
        // Defined in double and rounded once: also the best fp32 reference.
        .Case([&](graph::PowOp) {
          return num::applyBinary(num::BinaryOp::Pow, x, y);
        });
  };
  std::vector<double> out(ai.size());
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = compute(float(a[ai[i]]), float(b[bi[i]]));
  return makeResult(result, std::move(out));
}

Tensor Evaluator::evalCompare(graph::CompareOp op) {
  Value result = op.getResult();
  ArrayRef<int64_t> shape = shapeOf(result);
  const Tensor &a = get(op.getLhs()), &b = get(op.getRhs());
  std::vector<int64_t> ai = broadcastIndices(shape, a.getShape());
  std::vector<int64_t> bi = broadcastIndices(shape, b.getShape());
  // Stored values are exact in double: compare them as they are (vpu.cmp).
  auto compare = [&](double x, double y) {
    switch (op.getPredicate()) {
    case graph::ComparePredicate::eq:
      return x == y;
    case graph::ComparePredicate::ne:
      return x != y;
    case graph::ComparePredicate::lt:
      return x < y;
    case graph::ComparePredicate::le:
      return x <= y;
    case graph::ComparePredicate::gt:
      return x > y;
    case graph::ComparePredicate::ge:
      return x >= y;
    }
    return false;
  };
  std::vector<double> out(ai.size());
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = compare(a[ai[i]], b[bi[i]]) ? 1 : 0;
  return makeResult(result, std::move(out));
}

Tensor Evaluator::evalLogical(graph::LogicalOp op) {
  Value result = op.getResult();
  ArrayRef<int64_t> shape = shapeOf(result);
  const Tensor &a = get(op.getLhs()), &b = get(op.getRhs());
  std::vector<int64_t> ai = broadcastIndices(shape, a.getShape());
  std::vector<int64_t> bi = broadcastIndices(shape, b.getShape());
  std::vector<double> out(ai.size());
  for (size_t i = 0; i < out.size(); ++i) {
    bool x = a[ai[i]] != 0, y = b[bi[i]] != 0;
    switch (op.getKind()) {
    case graph::LogicalKind::And:
      out[i] = x && y;
      break;
    case graph::LogicalKind::Or:
      out[i] = x || y;
      break;
    case graph::LogicalKind::Xor:
      out[i] = x != y;
      break;
    }
  }
  return makeResult(result, std::move(out));
}

Tensor Evaluator::evalSelect(graph::SelectOp op) {
  Value result = op.getResult();
  ArrayRef<int64_t> shape = shapeOf(result);
  const Tensor &c = get(op.getCondition());
  const Tensor &a = get(op.getTrueValue()), &b = get(op.getFalseValue());
  std::vector<int64_t> ci = broadcastIndices(shape, c.getShape());
  std::vector<int64_t> ai = broadcastIndices(shape, a.getShape());
  std::vector<int64_t> bi = broadcastIndices(shape, b.getShape());
  // An exact choice: the values are already of the result type.
  std::vector<double> out(ci.size());
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = c[ci[i]] != 0 ? a[ai[i]] : b[bi[i]];
  return Tensor(elementTypeOf(result), shape, std::move(out));
}

Tensor Evaluator::evalUnary(Operation *op) {
  const Tensor &in = get(op->getOperand(0));
  std::optional<num::UnaryOp> unary =
      llvm::TypeSwitch<Operation *, std::optional<num::UnaryOp>>(op)
          .Case([](graph::ExpOp) { return num::UnaryOp::Exp; })
          .Case([](graph::RsqrtOp) { return num::UnaryOp::Rsqrt; })
          .Case([](graph::SqrtOp) { return num::UnaryOp::Sqrt; })
          .Case([](graph::ReciprocalOp) { return num::UnaryOp::Recip; })
          .Case([](graph::TanhOp) { return num::UnaryOp::Tanh; })
          .Case([](graph::ErfOp) { return num::UnaryOp::Erf; })
          .Case([](graph::GeluOp g) {
            return g.getApproximate() == graph::GeluApproximation::tanh
                       ? num::UnaryOp::GeluTanh
                       : num::UnaryOp::Gelu;
          })
          .Case([](graph::SiluOp) { return num::UnaryOp::Silu; })
          .Case([](graph::SigmoidOp) { return num::UnaryOp::Sigmoid; })
          .Case([](graph::ReluOp) { return num::UnaryOp::Relu; })
          .Case([](graph::LogOp) { return num::UnaryOp::Log; })
          .Case([](graph::AbsOp) { return num::UnaryOp::Abs; })
          .Default([](Operation *) { return std::nullopt; });
  std::vector<double> out(in.getNumElements());
  for (int64_t i = 0; i < in.getNumElements(); ++i) {
    float x = float(in[i]);
    // The transcendental functions are defined in double and rounded once
    // to fp32, which is also the best fp32 reference.
    out[i] = unary ? num::applyUnary(*unary, x)
                   : num::applyBinary(num::BinaryOp::Mul, x, -1.0f);
  }
  return makeResult(op->getResult(0), std::move(out));
}

//===----------------------------------------------------------------------===//
// Normalisation and softmax
//===----------------------------------------------------------------------===//

/// The values of an optional [n] parameter, or `fill`.
static std::vector<double> paramValues(const Tensor *t, int64_t n,
                                       double fill) {
  if (!t)
    return std::vector<double>(n, fill);
  return std::vector<double>(t->getValues().begin(), t->getValues().end());
}

/// vpu.rsum: a sequential fp32 sum starting from the first element.
static float rsum(ArrayRef<float> v) {
  if (v.empty())
    return 0.0f;
  float acc = v[0];
  for (size_t i = 1; i < v.size(); ++i)
    acc = num::applyBinary(num::BinaryOp::Add, acc, v[i]);
  return acc;
}

/// The row reduction of the device that computes `kind` (mean: the sum).
static num::ReduceOp deviceReduce(graph::ReduceKind kind) {
  switch (kind) {
  case graph::ReduceKind::max:
    return num::ReduceOp::Max;
  case graph::ReduceKind::min:
    return num::ReduceOp::Min;
  case graph::ReduceKind::prod:
    return num::ReduceOp::Prod;
  default:
    return num::ReduceOp::Sum;
  }
}

Tensor Evaluator::evalReduce(graph::ReduceOp op) {
  const Tensor &x = get(op.getInput());
  ArrayRef<int64_t> shape = x.getShape();
  int64_t rank = int64_t(shape.size());
  SmallVector<bool> reduced(rank, false);
  for (int64_t d : op.getNormalizedAxes())
    reduced[d] = true;
  // Row-major strides of the kept dims within the result; visiting the
  // input in row-major order visits each result element's reduced
  // elements in row-major order of the reduced axes (the device's order).
  std::vector<int64_t> keptStrides(rank, 0);
  int64_t groups = 1;
  for (int64_t d = rank - 1; d >= 0; --d)
    if (!reduced[d]) {
      keptStrides[d] = groups;
      groups *= shape[d];
    }
  std::vector<std::vector<double>> members(groups);
  std::vector<int64_t> index(rank, 0);
  for (double v : x.getValues()) {
    int64_t g = 0;
    for (int64_t d = 0; d < rank; ++d)
      g += index[d] * keptStrides[d];
    members[g].push_back(v);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  int64_t n = op.getReducedCount();
  graph::ReduceKind kind = op.getKind();
  std::vector<double> out(groups);
  for (int64_t g = 0; g < groups; ++g) {
    const std::vector<double> &v = members[g];
    if (!device) {
      auto step = [&](double acc, double e) {
        bool nan = std::isnan(acc) || std::isnan(e);
        switch (kind) {
        case graph::ReduceKind::max:
          return nan ? NAN : std::max(acc, e);
        case graph::ReduceKind::min:
          return nan ? NAN : std::min(acc, e);
        case graph::ReduceKind::prod:
          return acc * e;
        default:
          return acc + e;
        }
      };
      double acc =
          v.empty() ? double(num::reduceIdentity(deviceReduce(kind))) : v[0];
      for (size_t i = 1; i < v.size(); ++i)
        acc = step(acc, v[i]);
      out[g] = kind == graph::ReduceKind::mean ? acc / double(n) : acc;
      continue;
    }
    // The device's row reduction (vpu.rsum/rmax/rmin/rprod).
    num::ReduceOp reduce = deviceReduce(kind);
    float acc = v.empty() ? num::reduceIdentity(reduce) : float(v[0]);
    for (size_t i = 1; i < v.size(); ++i)
      acc = num::applyReduce(reduce, acc, float(v[i]));
    if (kind == graph::ReduceKind::mean)
      acc = num::applyBinary(num::BinaryOp::Mul, acc, 1.0f / float(n));
    out[g] = acc;
  }
  return makeResult(op.getResult(), std::move(out));
}

Tensor Evaluator::evalLayerNorm(graph::LayerNormOp op) {
  const Tensor &x = get(op.getInput());
  int64_t n = x.getShape().back(),
          rows = x.getNumElements() / std::max<int64_t>(n, 1);
  std::vector<double> gamma =
      paramValues(op.getGamma() ? &get(op.getGamma()) : nullptr, n, 1.0);
  std::vector<double> beta =
      paramValues(op.getBeta() ? &get(op.getBeta()) : nullptr, n, 0.0);
  double eps = op.getEpsilon().convertToDouble();
  std::vector<double> out(x.getNumElements());
  using num::BinaryOp;
  for (int64_t r = 0; r < rows; ++r) {
    const double *row = x.getValues().data() + r * n;
    double *y = out.data() + r * n;
    if (!device) {
      double mean = 0, var = 0;
      for (int64_t j = 0; j < n; ++j)
        mean += row[j];
      mean /= n;
      for (int64_t j = 0; j < n; ++j)
        var += (row[j] - mean) * (row[j] - mean);
      var /= n;
      double inv = 1.0 / std::sqrt(var + eps);
      for (int64_t j = 0; j < n; ++j)
        y[j] = (row[j] - mean) * inv * gamma[j] + beta[j];
      continue;
    }
    float invN = num::applyUnary(num::UnaryOp::Recip, float(n));
    std::vector<float> v(row, row + n), c(n), sq(n);
    float mean = num::applyBinary(BinaryOp::Mul, rsum(v), invN);
    for (int64_t j = 0; j < n; ++j) {
      c[j] = num::applyBinary(BinaryOp::Sub, v[j], mean);
      sq[j] = num::applyBinary(BinaryOp::Mul, c[j], c[j]);
    }
    float var = num::applyBinary(BinaryOp::Mul, rsum(sq), invN);
    float rs = num::applyUnary(
        num::UnaryOp::Rsqrt, num::applyBinary(BinaryOp::Add, var, float(eps)));
    for (int64_t j = 0; j < n; ++j) {
      float t = num::applyBinary(BinaryOp::Mul, c[j], rs);
      t = num::applyBinary(BinaryOp::Mul, t, float(gamma[j]));
      y[j] = num::applyBinary(BinaryOp::Add, t, float(beta[j]));
    }
  }
  return makeResult(op.getResult(), std::move(out));
}

Tensor Evaluator::evalRmsNorm(graph::RmsNormOp op) {
  const Tensor &x = get(op.getInput());
  int64_t n = x.getShape().back(),
          rows = x.getNumElements() / std::max<int64_t>(n, 1);
  std::vector<double> gamma =
      paramValues(op.getGamma() ? &get(op.getGamma()) : nullptr, n, 1.0);
  double eps = op.getEpsilon().convertToDouble();
  std::vector<double> out(x.getNumElements());
  using num::BinaryOp;
  for (int64_t r = 0; r < rows; ++r) {
    const double *row = x.getValues().data() + r * n;
    double *y = out.data() + r * n;
    if (!device) {
      double ms = 0;
      for (int64_t j = 0; j < n; ++j)
        ms += row[j] * row[j];
      ms /= n;
      double inv = 1.0 / std::sqrt(ms + eps);
      for (int64_t j = 0; j < n; ++j)
        y[j] = row[j] * inv * gamma[j];
      continue;
    }
    float invN = num::applyUnary(num::UnaryOp::Recip, float(n));
    std::vector<float> sq(n);
    for (int64_t j = 0; j < n; ++j)
      sq[j] = num::applyBinary(BinaryOp::Mul, float(row[j]), float(row[j]));
    float ms = num::applyBinary(BinaryOp::Mul, rsum(sq), invN);
    float rs = num::applyUnary(num::UnaryOp::Rsqrt,
                               num::applyBinary(BinaryOp::Add, ms, float(eps)));
    for (int64_t j = 0; j < n; ++j) {
      float t = num::applyBinary(BinaryOp::Mul, float(row[j]), rs);
      y[j] = num::applyBinary(BinaryOp::Mul, t, float(gamma[j]));
    }
  }
  return makeResult(op.getResult(), std::move(out));
}

void Evaluator::softmaxRow(MutableArrayRef<double> row, int64_t visible) const {
  int64_t n = int64_t(row.size());
  visible = std::min(visible, n);
  if (!device) {
    double m = -std::numeric_limits<double>::infinity();
    for (int64_t j = 0; j < visible; ++j)
      m = std::max(m, row[j]);
    double sum = 0;
    for (int64_t j = 0; j < visible; ++j)
      sum += std::exp(row[j] - m);
    for (int64_t j = 0; j < n; ++j)
      row[j] = j < visible ? std::exp(row[j] - m) / sum : 0.0;
    return;
  }
  using num::BinaryOp;
  const float negInf = -std::numeric_limits<float>::infinity();
  std::vector<float> x(n), e(n);
  // The device masks with vpu.min against -inf: -inf, but a NaN stays NaN.
  for (int64_t j = 0; j < n; ++j)
    x[j] = j < visible ? float(row[j]) : num::minF32(float(row[j]), negInf);
  float m = x.empty() ? negInf : x[0];
  for (int64_t j = 1; j < n; ++j)
    m = num::maxF32(m, x[j]);
  for (int64_t j = 0; j < n; ++j)
    e[j] = num::applyUnary(num::UnaryOp::Exp,
                           num::applyBinary(BinaryOp::Sub, x[j], m));
  float r = num::applyUnary(num::UnaryOp::Recip, rsum(e));
  for (int64_t j = 0; j < n; ++j)
    row[j] = num::applyBinary(BinaryOp::Mul, e[j], r);
}

Tensor Evaluator::evalSoftmax(graph::SoftmaxOp op) {
  const Tensor &x = get(op.getInput());
  ArrayRef<int64_t> shape = x.getShape();
  int64_t axis = op.getNormalizedAxis();
  int64_t len = shape[axis];
  int64_t inner = numElements(shape.drop_front(axis + 1));
  int64_t outer = numElements(shape.take_front(axis));
  bool causal = op.getCausal();
  int64_t offset = int64_t(op.getOffset());
  int64_t rowsPerMatrix = causal ? shape[shape.size() - 2] : 1;
  std::vector<double> out(x.getNumElements());
  std::vector<double> row(len);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t in = 0; in < inner; ++in) {
      for (int64_t j = 0; j < len; ++j)
        row[j] = x[(o * len + j) * inner + in];
      // With causal, axis is the last dimension (inner == 1) and o's last
      // component is the row index i.
      int64_t visible = causal ? (o % rowsPerMatrix) + offset + 1 : len;
      softmaxRow(row, visible);
      for (int64_t j = 0; j < len; ++j)
        out[(o * len + j) * inner + in] = row[j];
    }
  }
  return makeResult(op.getResult(), std::move(out));
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

Tensor Evaluator::evalTranspose(graph::TransposeOp op) {
  const Tensor &x = get(op.getInput());
  ArrayRef<int64_t> perm = op.getPermutation();
  std::vector<int64_t> inStrides = stridesOf(x.getShape());
  ArrayRef<int64_t> outShape = shapeOf(op.getResult());
  std::vector<double> out(x.getNumElements());
  forEachIndex(outShape, [&](int64_t flat, ArrayRef<int64_t> index) {
    int64_t src = 0;
    for (size_t d = 0; d < index.size(); ++d)
      src += index[d] * inStrides[perm[d]];
    out[flat] = x[src];
  });
  return Tensor(x.getElementType(), outShape, std::move(out));
}

Tensor Evaluator::evalConcat(graph::ConcatOp op) {
  int64_t axis = op.getNormalizedAxis();
  ArrayRef<int64_t> outShape = shapeOf(op.getResult());
  int64_t outer = numElements(outShape.take_front(axis));
  int64_t inner = numElements(outShape.drop_front(axis + 1));
  std::vector<double> out(numElements(outShape));
  int64_t outRow = outShape[axis] * inner, start = 0;
  for (Value v : op.getInputs()) {
    const Tensor &t = get(v);
    int64_t chunk = t.getShape()[axis] * inner;
    for (int64_t o = 0; o < outer; ++o)
      std::copy_n(t.getValues().begin() + o * chunk, chunk,
                  out.begin() + o * outRow + start);
    start += chunk;
  }
  return Tensor(elementTypeOf(op.getResult()), outShape, std::move(out));
}

Tensor Evaluator::evalSlice(graph::SliceOp op) {
  const Tensor &x = get(op.getInput());
  std::vector<int64_t> inStrides = stridesOf(x.getShape());
  ArrayRef<int64_t> starts = op.getStarts(), strides = op.getStrides();
  ArrayRef<int64_t> outShape = shapeOf(op.getResult());
  std::vector<double> out(numElements(outShape));
  forEachIndex(outShape, [&](int64_t flat, ArrayRef<int64_t> index) {
    int64_t src = 0;
    for (size_t d = 0; d < index.size(); ++d)
      src += (starts[d] + index[d] * strides[d]) * inStrides[d];
    out[flat] = x[src];
  });
  return Tensor(x.getElementType(), outShape, std::move(out));
}

Expected<Tensor> Evaluator::evalGather(graph::GatherOp op) {
  const Tensor &table = get(op.getTable()), &indices = get(op.getIndices());
  int64_t rows = table.getShape()[0];
  int64_t rowSize = numElements(table.getShape().drop_front());
  std::vector<double> out(indices.getNumElements() * rowSize);
  for (int64_t i = 0; i < indices.getNumElements(); ++i) {
    int64_t index = int64_t(indices[i]);
    if (index < -rows || index >= rows)
      return opError(op, "index " + Twine(index) + " (element " + Twine(i) +
                             " of the indices) is out of range [-" +
                             Twine(rows) + ", " + Twine(rows) + ")");
    // A negative index counts from the end (numpy, ONNX Gather).
    if (index < 0)
      index += rows;
    std::copy_n(table.getValues().begin() + index * rowSize, rowSize,
                out.begin() + i * rowSize);
  }
  return Tensor(table.getElementType(), shapeOf(op.getResult()),
                std::move(out));
}

//===----------------------------------------------------------------------===//
// Rotary embedding and attention
//===----------------------------------------------------------------------===//

Tensor Evaluator::evalRope(graph::RopeOp op) {
  const Tensor &x = get(op.getInput());
  ArrayRef<int64_t> shape = x.getShape();
  int64_t seq = shape[shape.size() - 2], d = shape.back(), half = d / 2;
  std::vector<float> cosTable(seq * d), sinTable(seq * d);
  if (op.getCos()) {
    const Tensor &c = get(op.getCos()), &s = get(op.getSin());
    for (int64_t i = 0; i < seq * d; ++i) {
      cosTable[i] = float(c[i]);
      sinTable[i] = float(s[i]);
    }
  } else {
    double theta = op.getTheta()->convertToDouble();
    int64_t offset = int64_t(op.getOffset());
    for (int64_t i = 0; i < seq; ++i) {
      for (int64_t k = 0; k < d; ++k) {
        double angle =
            double(i + offset) * std::pow(theta, -2.0 * double(k % half) / d);
        cosTable[i * d + k] = float(std::cos(angle));
        sinTable[i * d + k] = float(std::sin(angle));
      }
    }
  }
  std::vector<double> out(x.getNumElements());
  int64_t matrices = x.getNumElements() / (seq * d);
  using num::BinaryOp;
  for (int64_t mi = 0; mi < matrices; ++mi) {
    for (int64_t i = 0; i < seq; ++i) {
      const double *row = x.getValues().data() + (mi * seq + i) * d;
      double *y = out.data() + (mi * seq + i) * d;
      for (int64_t k = 0; k < d; ++k) {
        double xv = row[k];
        double rot = k < half ? -row[k + half] : row[k - half];
        float c = cosTable[i * d + k], s = sinTable[i * d + k];
        if (device)
          y[k] = num::applyBinary(
              BinaryOp::Add, num::applyBinary(BinaryOp::Mul, float(xv), c),
              num::applyBinary(BinaryOp::Mul, float(rot), s));
        else
          y[k] = xv * c + rot * s;
      }
    }
  }
  return makeResult(op.getResult(), std::move(out));
}

Tensor Evaluator::evalAttention(graph::AttentionOp op) {
  const Tensor &q = get(op.getQ()), &k = get(op.getK()), &v = get(op.getV());
  ArrayRef<int64_t> qs = q.getShape(), ks = k.getShape(), vs = v.getShape();
  int64_t batch = qs[0], hq = qs[1], sq = qs[2], d = qs[3];
  int64_t hkv = ks[1], skv = ks[2], dv = vs[3];
  int64_t group = hq / hkv;
  double scale = op.getScale().convertToDouble();
  bool causal = op.getCausal();
  int64_t offset = int64_t(op.getOffset());
  // The additive mask, broadcast to [batch, hq, sq, skv] (a dim of 1 is
  // read at index 0).
  const Tensor *mask = op.getMask() ? &get(op.getMask()) : nullptr;
  auto maskAt = [&](int64_t b, int64_t h, int64_t i, int64_t j) {
    ArrayRef<int64_t> ms = mask->getShape();
    int64_t index =
        ((ms[0] == 1 ? 0 : b) * ms[1] + (ms[1] == 1 ? 0 : h)) * ms[2] +
        (ms[2] == 1 ? 0 : i);
    return (*mask)[index * skv + j];
  };

  // Device numerics: the MXU reads bf16 operands.
  std::vector<float> qb, kb, vb;
  if (device) {
    for (double x : q.getValues())
      qb.push_back(num::roundToBf16(float(x)));
    for (double x : k.getValues())
      kb.push_back(num::roundToBf16(float(x)));
    for (double x : v.getValues())
      vb.push_back(num::roundToBf16(float(x)));
  }

  std::vector<double> out(batch * hq * sq * dv);
  std::vector<double> scores(skv);
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t h = 0; h < hq; ++h) {
      int64_t g = h / group;
      int64_t qBase = (b * hq + h) * sq * d;
      int64_t kBase = (b * hkv + g) * skv * d;
      int64_t vBase = (b * hkv + g) * skv * dv;
      for (int64_t i = 0; i < sq; ++i) {
        for (int64_t j = 0; j < skv; ++j) {
          if (device) {
            float acc = 0.0f;
            for (int64_t p = 0; p < d; ++p)
              acc = num::macBf16(acc, qb[qBase + i * d + p],
                                 kb[kBase + j * d + p]);
            scores[j] = num::applyBinary(num::BinaryOp::Mul,
                                         num::canonicalize(acc), float(scale));
            if (mask)
              scores[j] = num::applyBinary(num::BinaryOp::Add, float(scores[j]),
                                           float(maskAt(b, h, i, j)));
          } else {
            double acc = 0.0;
            for (int64_t p = 0; p < d; ++p)
              acc += q[qBase + i * d + p] * k[kBase + j * d + p];
            scores[j] = acc * scale;
            if (mask)
              scores[j] += maskAt(b, h, i, j);
          }
        }
        softmaxRow(scores, causal ? i + offset + 1 : skv);
        double *o = out.data() + ((b * hq + h) * sq + i) * dv;
        for (int64_t c = 0; c < dv; ++c) {
          if (device) {
            float acc = 0.0f;
            for (int64_t j = 0; j < skv; ++j)
              acc = num::macBf16(acc, num::roundToBf16(float(scores[j])),
                                 vb[vBase + j * dv + c]);
            o[c] = num::canonicalize(acc);
          } else {
            double acc = 0.0;
            for (int64_t j = 0; j < skv; ++j)
              acc += scores[j] * v[vBase + j * dv + c];
            o[c] = acc;
          }
        }
      }
    }
  }
  return makeResult(op.getResult(), std::move(out));
}

//===----------------------------------------------------------------------===//
// Conversions and quantisation
//===----------------------------------------------------------------------===//

Tensor Evaluator::evalCast(graph::CastOp op) {
  const Tensor &x = get(op.getInput());
  ElementType to = elementTypeOf(op.getResult());
  std::vector<double> out(x.getNumElements());
  for (int64_t i = 0; i < x.getNumElements(); ++i) {
    if (to == ElementType::BF16 && !device)
      out[i] = float(x[i]); // fp32 numerics keep bf16 values in fp32
    else
      out[i] = roundToElementType(to, x[i]); // vpu.mov: one rounding
  }
  return Tensor(to, x.getShape(), std::move(out));
}

/// Per-element parameter index of a per-axis quantisation (0 per tensor).
static std::vector<int64_t> quantParamIndex(ArrayRef<int64_t> shape,
                                            int64_t axis) {
  std::vector<int64_t> index(numElements(shape), 0);
  if (axis < 0)
    return index;
  int64_t inner = numElements(shape.drop_front(axis + 1));
  for (size_t i = 0; i < index.size(); ++i)
    index[i] = (int64_t(i) / inner) % shape[axis];
  return index;
}

Tensor Evaluator::evalQuantize(graph::QuantizeOp op) {
  const Tensor &x = get(op.getInput());
  ArrayRef<float> scales = op.getScales();
  ArrayRef<int32_t> zps = op.getZeroPoints();
  std::vector<int64_t> param =
      quantParamIndex(x.getShape(), op.getNormalizedAxis());
  std::vector<double> out(x.getNumElements());
  for (int64_t i = 0; i < x.getNumElements(); ++i) {
    float scale = scales[param[i]];
    int32_t zp = zps[param[i]];
    if (device) {
      float inv = num::applyUnary(num::UnaryOp::Recip, scale);
      out[i] = num::quantize(float(x[i]), inv, zp, num::DType::INT8);
      continue;
    }
    double t = x[i] / double(scale);
    if (std::isnan(t))
      t = 0; // as the device: a NaN counts as 0
    out[i] = num::toInt(num::roundHalfEven(t) + zp, num::DType::INT8);
  }
  return Tensor(ElementType::I8, x.getShape(), std::move(out));
}

Tensor Evaluator::evalDequantize(graph::DequantizeOp op) {
  const Tensor &x = get(op.getInput());
  ArrayRef<float> scales = op.getScales();
  ArrayRef<int32_t> zps = op.getZeroPoints();
  std::vector<int64_t> param =
      quantParamIndex(x.getShape(), op.getNormalizedAxis());
  std::vector<double> out(x.getNumElements());
  for (int64_t i = 0; i < x.getNumElements(); ++i) {
    float scale = scales[param[i]];
    int32_t zp = zps[param[i]];
    if (device)
      out[i] = num::dequantize(int32_t(x[i]), zp, scale);
    else
      out[i] = (x[i] - double(zp)) * double(scale);
  }
  return makeResult(op.getResult(), std::move(out));
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

Expected<std::vector<Tensor>>
npu::reference::interpret(func::FuncOp func, ArrayRef<Tensor> inputs,
                          const InterpreterOptions &options) {
  Evaluator evaluator(options);
  return evaluator.run(func, inputs);
}

Expected<std::vector<Tensor>>
npu::reference::interpret(ModuleOp module, StringRef name,
                          ArrayRef<Tensor> inputs,
                          const InterpreterOptions &options) {
  auto func = module.lookupSymbol<func::FuncOp>(name);
  if (!func)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no function named '%s' in the module",
                                   name.str().c_str());
  return interpret(func, inputs, options);
}
