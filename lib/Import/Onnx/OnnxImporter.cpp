//===- OnnxImporter.cpp - ONNX model import to npu_graph ------------------===//
//
// Loading: protobuf parse, onnx::checker::check_model, the --input-shape
// overrides, onnx::shape_inference::InferShapes (strict). Then one pass over
// the nodes in order (ONNX graphs are topologically sorted): a node whose
// inputs are all known at compile time is evaluated on the host (HostTensor),
// any other becomes npu_graph ops. docs/Onnx.md.
//
// Memory: a weight is held once. The protobuf is parsed from the file as a
// stream (no copy of the file in memory), a weight stored as it is needed
// moves its raw_data string into its resource blob, and external data is
// mapped and referenced by the blobs, never copied.
//
//===----------------------------------------------------------------------===//

#include "npu/Import/Onnx.h"

#include "HostTensor.h"

#include "npu_graph/NpuGraph.h"

#include "onnx/checker.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <google/protobuf/io/zero_copy_stream_impl.h>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#endif

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <numeric>

using namespace mlir;
namespace g = npu::graph;
using onnx::TensorProto;

namespace npu::onnx_import {

std::string parseInputShape(llvm::StringRef text, ImportOptions &options) {
  auto [name, dims] = text.rsplit('=');
  if (name.empty() || dims.empty() || !text.contains('='))
    return "--input-shape '" + text.str() +
           "': expected NAME=DIMS, e.g. input_ids=1x128";
  std::vector<int64_t> shape;
  if (dims != "scalar") {
    llvm::SmallVector<llvm::StringRef> parts;
    dims.split(parts, 'x');
    for (llvm::StringRef part : parts) {
      int64_t d;
      if (part.getAsInteger(10, d) || d < 1)
        return "--input-shape '" + text.str() + "': dimension '" + part.str() +
               "' is not a positive integer";
      shape.push_back(d);
    }
  }
  options.inputShapes[name.str()] = shape;
  return "";
}

bool looksLikeOnnx(llvm::StringRef path, llvm::StringRef bytes) {
  if (path.ends_with_insensitive(".onnx"))
    return true;
  // Field 1 (ir_version), wire type 0 (varint): tag byte 0x08.
  return !bytes.empty() && bytes[0] == 0x08;
}

namespace {

/// Supported default-domain operators (docs/Onnx.md), for the error's
/// nearest alternative.
const char *const kSupportedOps[] = {"Add",
                                     "Cast",
                                     "Concat",
                                     "Constant",
                                     "ConstantOfShape",
                                     "Abs",
                                     "CastLike",
                                     "Clip",
                                     "Div",
                                     "Dropout",
                                     "Equal",
                                     "And",
                                     "Greater",
                                     "GreaterOrEqual",
                                     "Less",
                                     "LessOrEqual",
                                     "Or",
                                     "Xor",
                                     "Erf",
                                     "Exp",
                                     "Expand",
                                     "Flatten",
                                     "Gather",
                                     "Gemm",
                                     "Identity",
                                     "LayerNormalization",
                                     "Log",
                                     "LogSoftmax",
                                     "MatMul",
                                     "Max",
                                     "Min",
                                     "Mul",
                                     "Neg",
                                     "Not",
                                     "Pow",
                                     "Range",
                                     "Reciprocal",
                                     "Relu",
                                     "Reshape",
                                     "Shape",
                                     "Sigmoid",
                                     "Size",
                                     "Slice",
                                     "ReduceL1",
                                     "ReduceL2",
                                     "ReduceLogSum",
                                     "ReduceLogSumExp",
                                     "ReduceMax",
                                     "ReduceMean",
                                     "ReduceMin",
                                     "ReduceProd",
                                     "ReduceSum",
                                     "ReduceSumSquare",
                                     "Softmax",
                                     "Split",
                                     "Sqrt",
                                     "Squeeze",
                                     "Sub",
                                     "Tanh",
                                     "Transpose",
                                     "Trilu",
                                     "Unsqueeze",
                                     "Where"};

/// The nearest supported alternative to an unsupported op.
std::string alternativeFor(llvm::StringRef op) {
  static const std::pair<const char *, const char *> known[] = {
      {"Gelu", "the Erf form of GELU (Div, Erf, Add, Mul)"},
      {"Einsum", "MatMul (with Transpose/Reshape)"},
      {"Conv", "MatMul (a 1x1 convolution is a MatMul over channels)"},
      {"LeakyRelu", "Relu"},
      {"Elu", "Relu"},
      {"HardSigmoid", "Sigmoid"},
      {"HardSwish", "Sigmoid and Mul"},
      {"Sum", "Add"},
      {"Mean", "Add and Div"},
      {"Tile", "Expand or Concat"},
      {"Attention", "MatMul, Softmax and MatMul"},
      {"SkipLayerNormalization", "Add and LayerNormalization"},
      {"SimplifiedLayerNormalization", "LayerNormalization"},
      {"ScatterND", "Concat and Slice"},
      {"Pad", "Concat with a constant"},
      {"Sin", "Tanh"},
      {"Cos", "Tanh"},
  };
  for (const auto &[name, alternative] : known)
    if (op == name)
      return alternative;
  std::string best;
  unsigned bestDistance = ~0u;
  for (const char *name : kSupportedOps) {
    unsigned d = op.edit_distance_insensitive(name);
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  return best;
}

const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     llvm::StringRef name);
int64_t intAttr(const onnx::NodeProto &node, llvm::StringRef name,
                int64_t otherwise);
std::optional<std::vector<int64_t>> intsAttr(const onnx::NodeProto &node,
                                             llvm::StringRef name);
int64_t normalizeAxis(int64_t axis, int64_t rank);

/// A value of the ONNX graph: known at compile time (`host`, or an
/// initializer not yet decoded) or computed at run time (`value`).
struct Entry {
  Value value;
  std::shared_ptr<HostTensor> host;
  TensorProto *initializer = nullptr;
  bool isConstant() const { return host || initializer; }
};

/// The name of the node at `index` in its locations and the report: its
/// own, or `<op type>_<index>` when it has none.
std::string nodeName(const onnx::NodeProto &node, int index) {
  return node.name().empty() ? node.op_type() + "_" + std::to_string(index)
                             : node.name();
}

class Importer {
public:
  Importer(MLIRContext &context, llvm::StringRef path,
           const ImportOptions &options)
      : context(context), builder(&context), path(path), options(options) {}

  /// Imports the serialized model `bytes`.
  OwningOpRef<ModuleOp> run(llvm::StringRef bytes);
  /// Imports the model in the file `path`, parsed as a stream.
  OwningOpRef<ModuleOp> runFile();

private:
  // Loading.
  LogicalResult parse(llvm::StringRef bytes);
  LogicalResult parseFile();
  LogicalResult load();
  LogicalResult applyInputShapes();
  LogicalResult build();
  /// Raises decomposed activations to npu_graph's fused ops: erf- and
  /// tanh-GELU to gelu, x * sigmoid(x) to silu.
  void raiseActivations(func::FuncOp func);
  /// Raises x * cos + rotate_half(x) * sin to npu_graph.rope.
  void raiseRope(func::FuncOp func);
  /// Raises softmax(q @ k^T * scale) @ v to npu_graph.attention.
  void raiseAttention(func::FuncOp func);
  /// Imports the decomposed LayerNorm or RMSNorm that starts at the
  /// ReduceMean node `index` as one op, marking its nodes imported; false
  /// when the nodes around it are not one.
  bool raiseNorm(int index);
  /// The value of a constant whose elements are all equal.
  std::optional<double> constScalar(const std::string &name);

  // Values.
  FailureOr<std::shared_ptr<HostTensor>> hostOf(const std::string &name);
  FailureOr<HostTensor> decode(const TensorProto &tensor);
  /// The little-endian bytes `tensor` stores (its raw_data, wherever that
  /// now is, or its external data, mapped); std::nullopt when it holds typed
  /// fields (float_data, ...) instead.
  FailureOr<std::optional<llvm::StringRef>>
  storedBytes(const TensorProto &tensor);
  /// The constant of float initializer `init` as `elt` (f32 or bf16) built
  /// straight from its stored bytes, without a HostTensor; null when they
  /// are not raw bytes of the expected size (the caller then decodes it).
  FailureOr<Value> rawFloatConstant(TensorProto &init, Type elt,
                                    llvm::StringRef name);
  FailureOr<Type> elementType(int32_t dtype, Location loc,
                              llvm::StringRef what);
  /// The run-time value of `name`; a constant is materialised with element
  /// type `want` (its own mapped type when null).
  FailureOr<Value> valueOf(const std::string &name, Type want = {});
  FailureOr<Value> materialize(const HostTensor &t, Type elt,
                               llvm::StringRef name);
  /// An npu_graph.constant of `type` holding the little-endian `bytes`:
  /// inline when small, else a resource blob named after `name`.
  Value constantOf(RankedTensorType type, llvm::ArrayRef<char> bytes,
                   llvm::StringRef name);
  /// The same with the bytes in `blob`, which a resource takes over.
  Value constantOf(RankedTensorType type, AsmResourceBlob blob,
                   llvm::StringRef name);

  // Nodes.
  LogicalResult importNode(const onnx::NodeProto &node, int index);
  FailureOr<bool> foldNode(const onnx::NodeProto &node);
  LogicalResult lowerNode(const onnx::NodeProto &node);
  InFlightDiagnostic unsupported(const onnx::NodeProto &node,
                                 llvm::StringRef why);

  // Helpers for lowering.
  RankedTensorType typeOf(Value v) {
    return cast<RankedTensorType>(v.getType());
  }
  Value reshape(Value v, llvm::ArrayRef<int64_t> shape);
  /// `x` with dimension `axis` replaced by its elements `picks` (in
  /// range): a strided slice when they are an increasing progression, else
  /// npu_graph.gather with a constant index tensor.
  FailureOr<Value> takeAlong(Value x, int64_t axis,
                             llvm::ArrayRef<int64_t> picks);
  /// The offset of npu_graph.softmax's causal mask equivalent to the
  /// additive mask in front of `scores`, if there is one.
  std::optional<int64_t> causalOffset(Value scores);
  /// `scores` = x + a constant causal mask (recorded in `masks`): x and
  /// the mask's causal offset.
  std::optional<std::pair<Value, int64_t>> causalMaskAdd(Value scores);
  /// How many nodes and graph outputs read `name`.
  unsigned usesLeft(const std::string &name) {
    auto it = useCounts.find(name);
    return it == useCounts.end() ? 0 : it->second;
  }
  /// True if the Where `node` is a masked_fill the importer raises to an
  /// additive mask: a constant condition, one run-time float branch and a
  /// constant fill of magnitude >= 1e30.
  bool isMaskedFill(const onnx::NodeProto &node);
  /// Where as npu_graph.select (any run-time operands).
  FailureOr<Value> lowerWhere(const onnx::NodeProto &node);
  FailureOr<Value> binary(const onnx::NodeProto &node, llvm::StringRef op,
                          Value lhs, Value rhs);
  FailureOr<std::pair<Value, Value>> floatOperands(const onnx::NodeProto &node,
                                                   const std::string &a,
                                                   const std::string &b);
  FailureOr<std::vector<int64_t>> constInts(const onnx::NodeProto &node,
                                            int input);
  std::vector<int64_t> shapeOf(const std::string &name);
  bool has(const onnx::NodeProto &node, int input) {
    return input < node.input_size() && !node.input(input).empty();
  }
  void setValue(const onnx::NodeProto &node, int output, Value v) {
    env[node.output(output)] = Entry{v, nullptr, nullptr};
  }
  void setHost(const onnx::NodeProto &node, int output, HostTensor t) {
    env[node.output(output)] =
        Entry{Value(), std::make_shared<HostTensor>(std::move(t)), nullptr};
  }

  MLIRContext &context;
  OpBuilder builder;
  std::string path;
  const ImportOptions &options;
  onnx::ModelProto model;
  int64_t opset = 0;
  Location loc = UnknownLoc::get(&context);
  llvm::StringMap<Entry> env;
  // Names read by a node or a graph output.
  llvm::StringSet<> used;
  // The additive masks built for Where (masked_fill): the add's result, its
  // run-time operand and the mask (0 where kept, the fill elsewhere), for
  // Softmax to recognise a causal mask.
  struct AdditiveMask {
    Value input;
    g::ConstantOp constant;
    std::shared_ptr<HostTensor> mask;
  };
  llvm::DenseMap<Value, AdditiveMask> masks;
  llvm::StringMap<unsigned> useCounts;
  // The npu_graph.constant of each constant, by name and element type.
  llvm::StringMap<Value> materialized;
  llvm::StringMap<llvm::SmallVector<int>> consumers;
  llvm::StringMap<int> producers;
  // Nodes already imported: Constant nodes and those of raised patterns.
  llvm::DenseSet<int> raisedNodes;
  // The raw_data moved into resource blobs, which own and keep them.
  llvm::DenseMap<const TensorProto *, llvm::StringRef> movedRawData;
  // The external data files, mapped, by path; blobs share them.
  llvm::StringMap<std::shared_ptr<llvm::MemoryBuffer>> dataFiles;
  ModuleOp module;
};

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

/// The error of a model that does not parse.
static LogicalResult parseError(Location fileLoc, uint64_t size) {
  if (size == 0)
    return emitError(fileLoc) << "not an ONNX model: the file is empty";
  return emitError(fileLoc)
         << "not an ONNX model, or a truncated one: the protobuf "
            "ModelProto does not parse ("
         << size << " bytes)";
}

LogicalResult Importer::parse(llvm::StringRef bytes) {
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  if (bytes.empty() || bytes.size() > size_t(std::numeric_limits<int>::max()) ||
      !model.ParseFromArray(bytes.data(), int(bytes.size())))
    return parseError(fileLoc, bytes.size());
  return success();
}

LogicalResult Importer::parseFile() {
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  if (!llvm::sys::fs::is_regular_file(path)) {
    // A pipe (e.g. <(...)) has no size to check: read it whole.
    auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(
        path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!buffer)
      return emitError(fileLoc)
             << "cannot read '" << path << "': " << buffer.getError().message();
    return parse((*buffer)->getBuffer());
  }
  uint64_t size = 0;
  int fd = -1;
  if (std::error_code ec = llvm::sys::fs::file_size(path, size))
    return emitError(fileLoc)
           << "cannot read '" << path << "': " << ec.message();
  if (size == 0 || size > uint64_t(std::numeric_limits<int>::max()))
    return parseError(fileLoc, size);
  if (std::error_code ec = llvm::sys::fs::openFileForRead(path, fd))
    return emitError(fileLoc)
           << "cannot read '" << path << "': " << ec.message();
  // Read through a small buffer: the weights land in the ModelProto's
  // strings only, not also in a copy of the file.
  google::protobuf::io::FileInputStream stream(fd);
  stream.SetCloseOnDelete(true);
  if (!model.ParseFromZeroCopyStream(&stream))
    return parseError(fileLoc, size);
  return success();
}

LogicalResult Importer::load() {
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  if (!model.has_graph())
    return emitError(fileLoc) << "not an ONNX model: it has no graph";
  // The checker resolves external data relative to the model's directory,
  // which only the path overload knows (it reads the file again).
  bool external = false;
  for (const TensorProto &t : model.graph().initializer())
    external |= t.data_location() == TensorProto::EXTERNAL;
  try {
    if (external && path != "-")
      onnx::checker::check_model(path);
    else
      onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    return emitError(fileLoc)
           << "the ONNX checker rejects the model: " << e.what();
  }
  for (const onnx::OperatorSetIdProto &set : model.opset_import())
    if (set.domain().empty() || set.domain() == "ai.onnx")
      opset = set.version();
  if (opset < kMinOpset || opset > kMaxOpset)
    return emitError(fileLoc)
           << "the model uses opset " << opset << " of the default domain; "
           << "supported are opsets " << kMinOpset << " to " << kMaxOpset
           << " (re-export it, e.g. torch.onnx.export(..., opset_version=17))";
  if (failed(applyInputShapes()))
    return failure();
  try {
    onnx::ShapeInferenceOptions inference{/*check_type=*/true,
                                          /*error_mode=*/1,
                                          /*enable_data_propagation=*/true};
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), inference);
  } catch (const std::exception &e) {
    return emitError(fileLoc) << "ONNX shape inference fails: " << e.what();
  }
  return success();
}

LogicalResult Importer::applyInputShapes() {
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  llvm::StringMap<bool> initializers;
  for (const TensorProto &t : model.graph().initializer())
    initializers[t.name()] = true;
  std::vector<std::string> inputNames;
  for (const onnx::ValueInfoProto &input : model.graph().input())
    if (!initializers.count(input.name()))
      inputNames.push_back(input.name());
  for (const auto &[name, shape] : options.inputShapes)
    if (!llvm::is_contained(inputNames, name))
      return emitError(fileLoc)
             << "--input-shape names '" << name
             << "', which is not an input of the model (inputs: "
             << llvm::join(inputNames, ", ") << ")";
  for (onnx::ValueInfoProto &input : *model.mutable_graph()->mutable_input()) {
    if (initializers.count(input.name()))
      continue;
    if (!input.type().has_tensor_type())
      return emitError(fileLoc)
             << "input '" << input.name() << "' is not a tensor";
    onnx::TypeProto_Tensor *tensor =
        input.mutable_type()->mutable_tensor_type();
    auto it = options.inputShapes.find(input.name());
    if (it == options.inputShapes.end()) {
      if (!tensor->has_shape())
        return emitError(fileLoc)
               << "input '" << input.name()
               << "' has no shape; give one with --input-shape " << input.name()
               << "=1x128 (its dimensions, 'x'-separated)";
      for (int d = 0; d < tensor->shape().dim_size(); ++d) {
        const onnx::TensorShapeProto_Dimension &dim = tensor->shape().dim(d);
        if (!dim.has_dim_value() || dim.dim_value() < 1) {
          std::string dims;
          for (int e = 0; e < tensor->shape().dim_size(); ++e) {
            const auto &de = tensor->shape().dim(e);
            dims += (e ? "x" : "") + (de.has_dim_value() && de.dim_value() > 0
                                          ? std::to_string(de.dim_value())
                                          : std::string("N"));
          }
          return emitError(fileLoc)
                 << "input '" << input.name() << "' has a dynamic dimension "
                 << d
                 << (dim.has_dim_param() ? " ('" + dim.dim_param() + "')"
                                         : std::string())
                 << " with no bound; give a static shape with --input-shape "
                 << input.name() << "=" << dims
                 << " (N replaced by the size to compile for)";
        }
      }
      continue;
    }
    const std::vector<int64_t> &shape = it->second;
    if (tensor->has_shape()) {
      if (tensor->shape().dim_size() != int(shape.size()))
        return emitError(fileLoc)
               << "--input-shape gives input '" << input.name() << "' rank "
               << shape.size() << ", but the model declares rank "
               << tensor->shape().dim_size();
      for (size_t d = 0; d < shape.size(); ++d) {
        const auto &dim = tensor->shape().dim(int(d));
        if (dim.has_dim_value() && dim.dim_value() > 0 &&
            dim.dim_value() != shape[d])
          return emitError(fileLoc)
                 << "--input-shape gives input '" << input.name() << "' size "
                 << shape[d] << " in dimension " << d
                 << ", but the model fixes it to " << dim.dim_value();
      }
    }
    onnx::TensorShapeProto *newShape = tensor->mutable_shape();
    newShape->clear_dim();
    for (int64_t d : shape)
      newShape->add_dim()->set_dim_value(d);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

FailureOr<Type> Importer::elementType(int32_t dtype, Location at,
                                      llvm::StringRef what) {
  switch (dtype) {
  case TensorProto::FLOAT:
  case TensorProto::DOUBLE:
  case TensorProto::FLOAT16:
    return Type(Float32Type::get(&context));
  case TensorProto::BFLOAT16:
    return Type(BFloat16Type::get(&context));
  case TensorProto::INT64:
  case TensorProto::INT32:
  case TensorProto::UINT16:
  case TensorProto::INT16:
  case TensorProto::UINT8:
    return Type(IntegerType::get(&context, 32));
  case TensorProto::INT8:
    return Type(IntegerType::get(&context, 8));
  case TensorProto::BOOL:
    return Type(IntegerType::get(&context, 1));
  default:
    return emitError(at) << what << " has element type " << dtypeName(dtype)
                         << ", which npu_graph cannot hold (supported: "
                            "float, bfloat16, float16 and double as f32, "
                            "integers as i32, int8 as i8 and bool as i1)";
  }
}

/// Reads `bytes` as little-endian elements of `dtype` into `t`.
static bool decodeRaw(llvm::StringRef bytes, HostTensor &t) {
  int64_t n = t.numElements();
  auto load = [&](auto type, int64_t k) {
    decltype(type) v;
    std::memcpy(&v, bytes.data() + k * sizeof(v), sizeof(v));
    return v;
  };
  size_t size = 0;
  switch (t.dtype) {
  case TensorProto::FLOAT:
  case TensorProto::INT32:
  case TensorProto::UINT32:
    size = 4;
    break;
  case TensorProto::DOUBLE:
  case TensorProto::INT64:
  case TensorProto::UINT64:
    size = 8;
    break;
  case TensorProto::FLOAT16:
  case TensorProto::BFLOAT16:
  case TensorProto::INT16:
  case TensorProto::UINT16:
    size = 2;
    break;
  case TensorProto::INT8:
  case TensorProto::UINT8:
  case TensorProto::BOOL:
    size = 1;
    break;
  default:
    return false;
  }
  if (bytes.size() != size_t(n) * size)
    return false;
  for (int64_t k = 0; k < n; ++k) {
    switch (t.dtype) {
    case TensorProto::FLOAT:
      t.f[k] = load(float(), k);
      break;
    case TensorProto::DOUBLE:
      t.f[k] = load(double(), k);
      break;
    case TensorProto::FLOAT16: {
      llvm::APFloat h(llvm::APFloat::IEEEhalf(),
                      llvm::APInt(16, load(uint16_t(), k)));
      t.f[k] = h.convertToFloat();
      break;
    }
    case TensorProto::BFLOAT16: {
      uint32_t bits = uint32_t(load(uint16_t(), k)) << 16;
      float v;
      std::memcpy(&v, &bits, 4);
      t.f[k] = v;
      break;
    }
    case TensorProto::INT32:
      t.i[k] = load(int32_t(), k);
      break;
    case TensorProto::UINT32:
      t.i[k] = load(uint32_t(), k);
      break;
    case TensorProto::INT64:
      t.i[k] = load(int64_t(), k);
      break;
    case TensorProto::UINT64:
      t.i[k] = int64_t(load(uint64_t(), k));
      break;
    case TensorProto::INT16:
      t.i[k] = load(int16_t(), k);
      break;
    case TensorProto::UINT16:
      t.i[k] = load(uint16_t(), k);
      break;
    case TensorProto::INT8:
      t.i[k] = load(int8_t(), k);
      break;
    default:
      t.i[k] = load(uint8_t(), k);
      break;
    }
  }
  return true;
}

FailureOr<HostTensor> Importer::decode(const TensorProto &tensor) {
  HostTensor t;
  t.dtype = tensor.data_type();
  for (int64_t d : tensor.dims()) {
    if (d < 0)
      return emitError(loc)
             << "tensor '" << tensor.name() << "' has a negative dimension";
    t.shape.push_back(d);
  }
  if (t.dtype == TensorProto::STRING || t.dtype == TensorProto::UNDEFINED ||
      t.dtype == TensorProto::COMPLEX64 || t.dtype == TensorProto::COMPLEX128)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has element type " << dtypeName(t.dtype)
                          << ", which the importer does not support";
  t = HostTensor::zeros(t.dtype, t.shape);
  int64_t n = t.numElements();
  auto mismatch = [&](size_t count) {
    return emitError(loc) << "tensor '" << tensor.name() << "' holds " << count
                          << " values for its shape of " << n << " elements";
  };
  FailureOr<std::optional<llvm::StringRef>> stored = storedBytes(tensor);
  if (failed(stored))
    return failure();
  if (*stored) {
    if (decodeRaw(**stored, t))
      return t;
    if (tensor.data_location() == TensorProto::EXTERNAL)
      return emitError(loc)
             << "the external data of tensor '" << tensor.name() << "' has "
             << (*stored)->size() << " bytes, which does not match its shape";
    return emitError(loc) << "tensor '" << tensor.name() << "' has "
                          << (*stored)->size()
                          << " bytes of raw data, which does not match its "
                             "shape and element type";
  }
  switch (t.dtype) {
  case TensorProto::FLOAT:
    if (tensor.float_data_size() != n)
      return mismatch(tensor.float_data_size());
    for (int64_t k = 0; k < n; ++k)
      t.f[k] = tensor.float_data(int(k));
    break;
  case TensorProto::DOUBLE:
    if (tensor.double_data_size() != n)
      return mismatch(tensor.double_data_size());
    for (int64_t k = 0; k < n; ++k)
      t.f[k] = tensor.double_data(int(k));
    break;
  case TensorProto::INT64:
    if (tensor.int64_data_size() != n)
      return mismatch(tensor.int64_data_size());
    for (int64_t k = 0; k < n; ++k)
      t.i[k] = tensor.int64_data(int(k));
    break;
  case TensorProto::UINT32:
  case TensorProto::UINT64:
    if (tensor.uint64_data_size() != n)
      return mismatch(tensor.uint64_data_size());
    for (int64_t k = 0; k < n; ++k)
      t.i[k] = int64_t(tensor.uint64_data(int(k)));
    break;
  default: {
    // int32_data holds int32, int16, int8, uint16, uint8, bool and the bits
    // of float16 and bfloat16.
    if (tensor.int32_data_size() != n)
      return mismatch(tensor.int32_data_size());
    std::string raw;
    for (int64_t k = 0; k < n; ++k) {
      int32_t v = tensor.int32_data(int(k));
      if (t.dtype == TensorProto::FLOAT16 || t.dtype == TensorProto::BFLOAT16) {
        uint16_t bits = uint16_t(v);
        raw.append(reinterpret_cast<const char *>(&bits), 2);
      } else {
        t.i[k] = v;
      }
    }
    if (!raw.empty() && !decodeRaw(raw, t))
      return mismatch(n);
  }
  }
  return t;
}

FailureOr<std::optional<llvm::StringRef>>
Importer::storedBytes(const TensorProto &tensor) {
  if (tensor.data_location() != TensorProto::EXTERNAL) {
    auto moved = movedRawData.find(&tensor);
    if (moved != movedRawData.end())
      return std::optional<llvm::StringRef>(moved->second);
    if (tensor.has_raw_data())
      return std::optional<llvm::StringRef>(tensor.raw_data());
    return std::optional<llvm::StringRef>();
  }
  std::string location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  for (const onnx::StringStringEntryProto &kv : tensor.external_data()) {
    if (kv.key() == "location")
      location = kv.value();
    else if (kv.key() == "offset")
      offset = std::strtoull(kv.value().c_str(), nullptr, 10);
    else if (kv.key() == "length")
      length = std::strtoull(kv.value().c_str(), nullptr, 10);
  }
  llvm::SmallString<256> file(llvm::sys::path::parent_path(path));
  llvm::sys::path::append(file, location);
  std::shared_ptr<llvm::MemoryBuffer> &mapped = dataFiles[file];
  if (!mapped) {
    // Mapped, not read: the pages are the file's, and the blobs that
    // reference them share the mapping.
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer) {
      dataFiles.erase(file);
      return emitError(loc)
             << "cannot read the external data of tensor '" << tensor.name()
             << "' from '" << file << "': " << buffer.getError().message();
    }
    mapped = std::move(*buffer);
  }
  llvm::StringRef data = mapped->getBuffer();
  if (offset > data.size() || (length && *length > data.size() - offset))
    return emitError(loc) << "the external data of tensor '" << tensor.name()
                          << "' lies beyond the end of '" << file << "'";
  return std::optional<llvm::StringRef>(
      data.substr(offset, length ? *length : llvm::StringRef::npos));
}

FailureOr<std::shared_ptr<HostTensor>>
Importer::hostOf(const std::string &name) {
  Entry &entry = env[name];
  if (!entry.host && entry.initializer) {
    FailureOr<HostTensor> t = decode(*entry.initializer);
    if (failed(t))
      return failure();
    entry.host = std::make_shared<HostTensor>(std::move(*t));
  }
  if (!entry.host)
    return emitError(loc) << "'" << name << "' is not known at compile time";
  return entry.host;
}

/// The bf16 bits of `v`, rounded to nearest even (NaN: the quiet NaN).
static uint16_t toBF16Bits(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  if (std::isnan(v))
    bits = 0x7fc00000u;
  else
    bits += 0x7fff + ((bits >> 16) & 1);
  return uint16_t(bits >> 16);
}

/// Element `k` of the little-endian float `bytes` of ONNX type `dtype`
/// (float, float16 or bfloat16).
static float loadFloat(int32_t dtype, const char *bytes, int64_t k) {
  if (dtype == TensorProto::FLOAT) {
    float v;
    std::memcpy(&v, bytes + 4 * k, 4);
    return v;
  }
  uint16_t half;
  std::memcpy(&half, bytes + 2 * k, 2);
  if (dtype == TensorProto::BFLOAT16) {
    uint32_t bits = uint32_t(half) << 16;
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
  }
  return llvm::APFloat(llvm::APFloat::IEEEhalf(), llvm::APInt(16, half))
      .convertToFloat();
}

FailureOr<Value> Importer::materialize(const HostTensor &t, Type elt,
                                       llvm::StringRef name) {
  auto type = RankedTensorType::get(t.shape, elt);
  int64_t n = t.numElements();
  if (n == 0)
    return emitError(loc) << "constant '" << name
                          << "' has no elements; npu_graph needs non-empty "
                             "tensors";
  // Booleans: an inline i1 attribute (MLIR packs it; the device stores
  // bytes).
  if (elt.isInteger(1)) {
    SmallVector<bool> bits(n);
    for (int64_t k = 0; k < n; ++k)
      bits[k] = t.at(k) != 0;
    return g::ConstantOp::create(builder, loc,
                                 DenseElementsAttr::get(type, bits))
        .getResult();
  }
  // The little-endian bytes of the elements in `elt`.
  std::vector<char> bytes;
  unsigned width = elt.getIntOrFloatBitWidth() / 8;
  bytes.resize(size_t(n) * width);
  for (int64_t k = 0; k < n; ++k) {
    char *out = bytes.data() + k * width;
    if (elt.isF32()) {
      float v = float(t.at(k));
      std::memcpy(out, &v, 4);
    } else if (elt.isBF16()) {
      uint16_t half = toBF16Bits(float(t.at(k)));
      std::memcpy(out, &half, 2);
    } else {
      if (t.isFloat())
        return emitError(loc) << "constant '" << name
                              << "' is float where an integer tensor is needed";
      int64_t v = t.i[k];
      int64_t lo = width == 1 ? -128 : std::numeric_limits<int32_t>::min();
      int64_t hi = width == 1 ? 127 : std::numeric_limits<int32_t>::max();
      if (v < lo || v > hi)
        return emitError(loc)
               << "constant '" << name << "' holds " << v
               << ", outside the range of " << elt
               << " it is narrowed to (npu_graph has no 64-bit integers)";
      if (width == 1) {
        int8_t s = int8_t(v);
        std::memcpy(out, &s, 1);
      } else {
        int32_t s = int32_t(v);
        std::memcpy(out, &s, 4);
      }
    }
  }
  return constantOf(type, bytes, name);
}

// Small constants stay readable in the IR; weights go to resource blobs,
// outside the IR text (elided when printed with
// --mlir-elide-resource-strings-if-larger).
constexpr int64_t kInlineElements = 16;
// The alignment of the resource blobs (printed with them).
constexpr size_t kBlobAlignment = alignof(uint64_t);

/// The resource name of constant `name`.
static std::string blobNameOf(llvm::StringRef name) {
  std::string blobName = name.empty() ? "onnx_constant" : name.str();
  for (char &c : blobName)
    if (!llvm::isAlnum(c) && c != '_' && c != '.')
      c = '_';
  if (!llvm::isAlpha(blobName[0]) && blobName[0] != '_')
    blobName = "c_" + blobName;
  return blobName;
}

Value Importer::constantOf(RankedTensorType type, llvm::ArrayRef<char> bytes,
                           llvm::StringRef name) {
  if (type.getNumElements() <= kInlineElements)
    return g::ConstantOp::create(
               builder, loc,
               cast<TypedAttr>(
                   DenseElementsAttr::getFromRawBuffer(type, bytes)))
        .getResult();
  return constantOf(
      type,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, kBlobAlignment),
      name);
}

Value Importer::constantOf(RankedTensorType type, AsmResourceBlob blob,
                           llvm::StringRef name) {
  Attribute value;
  if (type.getNumElements() <= kInlineElements)
    value = DenseElementsAttr::getFromRawBuffer(type, blob.getData());
  else
    value =
        DenseResourceElementsAttr::get(type, blobNameOf(name), std::move(blob));
  return g::ConstantOp::create(builder, loc, cast<TypedAttr>(value))
      .getResult();
}

/// Gives the pages wholly inside [data, data + size) of the mapped file
/// `file` back to the kernel: the blob that referenced them is gone, and the
/// mapping may live on for other blobs. They are the file's, so reading them
/// again would only read the file.
static void releaseMappedPages(llvm::MemoryBuffer &file, const char *data,
                               size_t size) {
#if defined(__unix__) || defined(__APPLE__)
  if (file.getBufferKind() != llvm::MemoryBuffer::MemoryBuffer_MMap)
    return; // heap memory would be zeroed
  uintptr_t page = uintptr_t(llvm::sys::Process::getPageSizeEstimate());
  uintptr_t begin = llvm::alignTo(uintptr_t(data), page);
  uintptr_t end = llvm::alignDown(uintptr_t(data) + size, page);
  if (begin < end)
    ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_DONTNEED);
#endif
}

FailureOr<Value> Importer::rawFloatConstant(TensorProto &init, Type elt,
                                            llvm::StringRef name) {
  int32_t dtype = init.data_type();
  if ((dtype != TensorProto::FLOAT && dtype != TensorProto::FLOAT16 &&
       dtype != TensorProto::BFLOAT16) ||
      !(elt.isF32() || elt.isBF16()))
    return Value();
  SmallVector<int64_t> shape(init.dims().begin(), init.dims().end());
  int64_t n = 1;
  for (int64_t d : shape)
    n = d < 0 || n < 0 ? -1 : n * d;
  FailureOr<std::optional<llvm::StringRef>> stored = storedBytes(init);
  if (failed(stored))
    return failure();
  size_t srcWidth = dtype == TensorProto::FLOAT ? 4 : 2;
  if (n <= 0 || !*stored || (*stored)->size() != size_t(n) * srcWidth)
    return Value(); // decoding reports what is wrong
  llvm::StringRef bytes = **stored;
  auto type = RankedTensorType::get(shape, elt);
  bool sameBits = (dtype == TensorProto::FLOAT && elt.isF32()) ||
                  (dtype == TensorProto::BFLOAT16 && elt.isBF16());
  bool aligned =
      reinterpret_cast<uintptr_t>(bytes.data()) % kBlobAlignment == 0;
  if (sameBits && n > kInlineElements && aligned) {
    // The blob takes the bytes over instead of copying them: the raw_data
    // string leaves the ModelProto, external data stays mapped.
    if (init.data_location() == TensorProto::EXTERNAL) {
      std::shared_ptr<llvm::MemoryBuffer> file;
      for (auto &entry : dataFiles)
        if (bytes.data() >= entry.second->getBufferStart() &&
            bytes.data() < entry.second->getBufferEnd())
          file = entry.second;
      return constantOf(
          type,
          UnmanagedAsmResourceBlob::allocateWithAlign(
              llvm::ArrayRef<char>(bytes.data(), bytes.size()), kBlobAlignment,
              [file](void *data, size_t size, size_t) mutable {
                releaseMappedPages(*file, static_cast<const char *>(data),
                                   size);
                file.reset();
              }),
          name);
    }
    if (!movedRawData.count(&init)) {
      std::unique_ptr<std::string> raw(init.release_raw_data());
      bytes = *raw;
      movedRawData[&init] = bytes;
      return constantOf(
          type,
          UnmanagedAsmResourceBlob::allocateWithAlign(
              llvm::ArrayRef<char>(bytes.data(), bytes.size()), kBlobAlignment,
              [raw = std::move(raw)](void *, size_t, size_t) mutable {
                raw.reset();
              }),
          name);
    }
  }
  if (sameBits)
    return constantOf(type, llvm::ArrayRef<char>(bytes.data(), bytes.size()),
                      name);
  // Converted element by element into the blob.
  size_t width = elt.isF32() ? 4 : 2;
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocate(size_t(n) * width, kBlobAlignment);
  char *out = blob.getMutableData().data();
  for (int64_t k = 0; k < n; ++k) {
    float v = loadFloat(dtype, bytes.data(), k);
    if (elt.isF32()) {
      std::memcpy(out + 4 * k, &v, 4);
    } else {
      uint16_t half = toBF16Bits(v);
      std::memcpy(out + 2 * k, &half, 2);
    }
  }
  return constantOf(type, std::move(blob), name);
}

FailureOr<Value> Importer::valueOf(const std::string &name, Type want) {
  auto it = env.find(name);
  if (it == env.end())
    return emitError(loc) << "uses '" << name
                          << "', which no earlier node or input defines";
  if (it->second.value)
    return it->second.value;
  // A float weight stored raw goes to its blob as is or converted, without
  // decoding it (nor keeping a decoded copy).
  TensorProto *init = it->second.initializer;
  if (!it->second.host && init &&
      (init->data_type() == TensorProto::FLOAT ||
       init->data_type() == TensorProto::FLOAT16 ||
       init->data_type() == TensorProto::BFLOAT16)) {
    Type elt = want;
    if (!elt) {
      FailureOr<Type> mapped =
          elementType(init->data_type(), loc, "constant '" + name + "'");
      if (failed(mapped))
        return failure();
      elt = *mapped;
    }
    std::string key;
    llvm::raw_string_ostream(key) << name << '\0' << elt;
    if (Value cached = materialized.lookup(key))
      return cached;
    FailureOr<Value> v = rawFloatConstant(*init, elt, name);
    if (failed(v))
      return failure();
    if (*v) {
      materialized[key] = *v;
      return *v;
    }
  }
  FailureOr<std::shared_ptr<HostTensor>> host = hostOf(name);
  if (failed(host))
    return failure();
  Type elt = want;
  if (!elt) {
    FailureOr<Type> mapped =
        elementType((*host)->dtype, loc, "constant '" + name + "'");
    if (failed(mapped))
      return failure();
    elt = *mapped;
  }
  if (!isa<FloatType>(elt) && (*host)->isFloat())
    return emitError(loc) << "constant '" << name
                          << "' is float where an integer tensor is needed";
  // One npu_graph.constant per constant and element type, so that a weight
  // read twice (e.g. tied embeddings) is stored once.
  std::string key;
  llvm::raw_string_ostream(key) << name << '\0' << elt;
  if (Value cached = materialized.lookup(key))
    return cached;
  FailureOr<Value> v = materialize(**host, elt, name);
  if (succeeded(v))
    materialized[key] = *v;
  return v;
}

std::vector<int64_t> Importer::shapeOf(const std::string &name) {
  Entry &entry = env[name];
  if (entry.value) {
    auto shape = typeOf(entry.value).getShape();
    return {shape.begin(), shape.end()};
  }
  if (entry.host)
    return entry.host->shape;
  if (entry.initializer)
    return {entry.initializer->dims().begin(), entry.initializer->dims().end()};
  return {};
}

//===----------------------------------------------------------------------===//
// The graph
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Importer::run(llvm::StringRef bytes) {
  context.getOrLoadDialect<g::NpuGraphDialect>();
  context.getOrLoadDialect<func::FuncDialect>();
  if (failed(parse(bytes)) || failed(load()) || failed(build()))
    return nullptr;
  return OwningOpRef<ModuleOp>(module);
}

OwningOpRef<ModuleOp> Importer::runFile() {
  context.getOrLoadDialect<g::NpuGraphDialect>();
  context.getOrLoadDialect<func::FuncDialect>();
  if (failed(parseFile()) || failed(load()) || failed(build()))
    return nullptr;
  return OwningOpRef<ModuleOp>(module);
}

/// The value of a splat float constant (any rank, one value).
static std::optional<double> splatValue(Value v) {
  auto cst = v.getDefiningOp<g::ConstantOp>();
  if (!cst)
    return std::nullopt;
  auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
  if (!dense || !dense.isSplat() || !isa<FloatType>(dense.getElementType()))
    return std::nullopt;
  return dense.getSplatValue<APFloat>().convertToDouble();
}

/// True when `v` is a splat constant within fp32 rounding of `expected`.
static bool isSplat(Value v, double expected) {
  std::optional<double> value = splatValue(v);
  return value && std::fabs(*value - expected) <= 1e-6 * std::fabs(expected);
}

/// The operand of commutative binary `op` other than `x`, or null.
static Value otherOperand(Operation *op, Value x) {
  if (op->getOperand(0) == x)
    return op->getOperand(1);
  if (op->getOperand(1) == x)
    return op->getOperand(0);
  return {};
}

/// The operand of multiply `mul` beside a splat constant of `value`, or
/// null when neither operand is one.
static Value besideSplat(g::MulOp mul, double value) {
  for (Value operand : {mul.getLhs(), mul.getRhs()})
    if (isSplat(operand, value))
      return otherOperand(mul, operand);
  return {};
}

/// The single user of `v`, if it has exactly one.
static Operation *singleUser(Value v) {
  return v.hasOneUse() ? *v.getUsers().begin() : nullptr;
}

/// Replaces `root`'s result with `replacement` and erases the ops of the
/// matched pattern that nothing else uses (then their dead constants).
static void replacePattern(Operation *root, Value replacement,
                           llvm::ArrayRef<Operation *> matched) {
  // The fused op's location names every node it replaces, the root's first
  // (npu-compile --report lists them).
  llvm::SmallVector<Location> locs = {root->getLoc()};
  for (Operation *op : matched)
    if (op != root)
      locs.push_back(op->getLoc());
  replacement.getDefiningOp()->setLoc(FusedLoc::get(root->getContext(), locs));
  root->getResult(0).replaceAllUsesWith(replacement);
  llvm::SetVector<Operation *> constants;
  for (Operation *op : llvm::reverse(matched)) {
    if (!op->use_empty())
      continue;
    for (Value operand : op->getOperands())
      if (auto cst = operand.getDefiningOp<g::ConstantOp>())
        constants.insert(cst);
    op->erase();
  }
  for (Operation *cst : constants)
    if (cst->use_empty())
      cst->erase();
}

/// The end of `0.5 * x * (1 + f)` given `onePlus` = 1 + f: `(x * onePlus) *
/// 0.5` or `(x * 0.5) * onePlus`; appends the matched ops to `matched` and
/// returns the last one, or null.
static Operation *matchHalfTimes(Value x, Value onePlus,
                                 llvm::SmallVectorImpl<Operation *> &matched) {
  auto times = dyn_cast_or_null<g::MulOp>(singleUser(onePlus));
  if (!times)
    return nullptr;
  Value other = otherOperand(times, onePlus);
  if (other == x) {
    auto half = dyn_cast_or_null<g::MulOp>(singleUser(times.getResult()));
    if (!half || !isSplat(otherOperand(half, times.getResult()), 0.5))
      return nullptr;
    matched.append({times, half});
    return half;
  }
  auto half = other.getDefiningOp<g::MulOp>();
  Value halfOther = half ? otherOperand(half, x) : Value();
  if (!halfOther || !isSplat(halfOther, 0.5) || !half.getResult().hasOneUse())
    return nullptr;
  matched.insert(matched.begin(), half);
  matched.push_back(times);
  return times;
}

/// Raises `0.5 * x * (1 + f)` to npu_graph.gelu with `approximation`, given
/// `f` (the erf or tanh of the form) and the ops matched so far; false when
/// the rest of the form is not there.
static bool raiseGeluTail(Value x, Value f,
                          llvm::SmallVector<Operation *> matched,
                          g::GeluApproximation approximation) {
  auto plusOne = dyn_cast_or_null<g::AddOp>(singleUser(f));
  if (!plusOne || !isSplat(otherOperand(plusOne, f), 1.0))
    return false;
  matched.push_back(plusOne);
  Operation *root = matchHalfTimes(x, plusOne.getResult(), matched);
  if (!root || root->getResult(0).getType() != x.getType())
    return false;
  OpBuilder b(root);
  Value gelu =
      g::GeluOp::create(b, root->getLoc(), x.getType(), x, approximation)
          .getResult();
  replacePattern(root, gelu, matched);
  return true;
}

/// `slice` takes half `half` (0: first, 1: second) of the last dimension of
/// `x` and all of every other dimension.
static bool isHalfSlice(g::SliceOp slice, Value x, int half) {
  if (!slice || slice.getInput() != x)
    return false;
  auto shape = cast<RankedTensorType>(x.getType()).getShape();
  int64_t rank = int64_t(shape.size()), d = shape.back();
  for (int64_t i = 0; i < rank; ++i) {
    bool last = i == rank - 1;
    if (slice.getStrides()[i] != 1 ||
        slice.getStarts()[i] != (last ? half * d / 2 : 0) ||
        slice.getSizes()[i] != (last ? d / 2 : shape[i]))
      return false;
  }
  return true;
}

void Importer::raiseRope(func::FuncOp func) {
  // x * cos + rotate_half(x) * sin, rotate_half(x) = concat(-x2, x1) of the
  // halves of the last dimension, with constant [..., s, d] tables (leading
  // dimensions 1), to npu_graph.rope.
  llvm::SmallVector<g::ConcatOp> concats;
  func.walk([&](g::ConcatOp op) { concats.push_back(op); });
  for (g::ConcatOp concat : concats) {
    if (concat.getInputs().size() != 2 ||
        concat.getNormalizedAxis() != typeOf(concat.getResult()).getRank() - 1)
      continue;
    auto neg = concat.getInputs()[0].getDefiningOp<g::NegOp>();
    auto first = concat.getInputs()[1].getDefiningOp<g::SliceOp>();
    auto second = neg ? neg.getInput().getDefiningOp<g::SliceOp>() : nullptr;
    if (!first || !second || first.getInput() != second.getInput())
      continue;
    Value x = first.getInput();
    RankedTensorType type = typeOf(x);
    if (type != typeOf(concat.getResult()) || type.getRank() < 2 ||
        type.getShape().back() % 2 != 0 || !isHalfSlice(first, x, 0) ||
        !isHalfSlice(second, x, 1))
      continue;
    auto sinMul = dyn_cast_or_null<g::MulOp>(singleUser(concat.getResult()));
    if (!sinMul)
      continue;
    auto sum = dyn_cast_or_null<g::AddOp>(singleUser(sinMul.getResult()));
    Value sinTable = otherOperand(sinMul, concat.getResult());
    if (!sum || !sinTable)
      continue;
    auto cosMul =
        otherOperand(sum, sinMul.getResult())
            ? otherOperand(sum, sinMul.getResult()).getDefiningOp<g::MulOp>()
            : nullptr;
    Value cosTable = cosMul ? otherOperand(cosMul, x) : Value();
    if (!cosTable || !cosMul.getResult().hasOneUse() ||
        typeOf(sum.getResult()) != type)
      continue;
    // The tables: constants whose shape is [1..., s, d].
    int64_t s = type.getShape()[type.getRank() - 2], d = type.getShape().back();
    auto table = [&](Value t) -> Value {
      if (!t.getDefiningOp<g::ConstantOp>())
        return {};
      auto shape = typeOf(t).getShape();
      if (shape.size() < 2 || shape[shape.size() - 2] != s ||
          shape.back() != d ||
          llvm::any_of(shape.drop_back(2), [](int64_t e) { return e != 1; }))
        return {};
      OpBuilder b(sum);
      return g::ReshapeOp::create(
                 b, sum.getLoc(),
                 RankedTensorType::get({s, d}, typeOf(t).getElementType()), t)
          .getResult();
    };
    Value cos = table(cosTable);
    Value sin = cos ? table(sinTable) : Value();
    if (!cos || !sin) {
      if (cos && cos.use_empty())
        cos.getDefiningOp()->erase();
      continue;
    }
    OpBuilder b(sum);
    Value rope =
        g::RopeOp::create(b, sum.getLoc(), type, x, cos, sin,
                          /*theta=*/FloatAttr(), b.getI64IntegerAttr(0))
            .getResult();
    replacePattern(sum, rope,
                   {first, second, neg, concat, sinMul, cosMul, sum});
  }
}

/// `v` = reshape(reshape(src, [b, h, 1, s, d]) * ones[.., r, 1, 1],
/// [b, h * r, s, d]): each head of src repeated r times in a row (Hugging
/// Face's repeat_kv, an Unsqueeze/Expand/Reshape).
static std::optional<std::pair<Value, int64_t>> expandedHeads(Value v) {
  auto outer = v.getDefiningOp<g::ReshapeOp>();
  auto mul = outer ? outer.getInput().getDefiningOp<g::MulOp>() : nullptr;
  if (!mul)
    return std::nullopt;
  for (Value operand : {mul.getLhs(), mul.getRhs()}) {
    auto inner = operand.getDefiningOp<g::ReshapeOp>();
    Value ones = otherOperand(mul, operand);
    if (!inner || !isSplat(ones, 1.0))
      continue;
    Value src = inner.getInput();
    auto ss = cast<RankedTensorType>(src.getType()).getShape();
    auto is = cast<RankedTensorType>(inner.getType()).getShape();
    auto ms = cast<RankedTensorType>(mul.getType()).getShape();
    auto vs = cast<RankedTensorType>(v.getType()).getShape();
    if (ss.size() != 4 || is.size() != 5 || ms.size() != 5 || vs.size() != 4)
      continue;
    int64_t r = ms[2];
    if (is != llvm::ArrayRef<int64_t>{ss[0], ss[1], 1, ss[2], ss[3]} ||
        ms != llvm::ArrayRef<int64_t>{ss[0], ss[1], r, ss[2], ss[3]} ||
        vs != llvm::ArrayRef<int64_t>{ss[0], ss[1] * r, ss[2], ss[3]})
      continue;
    return std::make_pair(src, r);
  }
  return std::nullopt;
}

/// The unrepeated key/value heads `src` and the repeat count when `v`
/// repeats every head of `src` r times in a row: expandedHeads, or a
/// concat along the heads of expandedHeads of each head's slice
/// (repeat_interleave as PyTorch exports it).
static std::optional<std::pair<Value, int64_t>> unrepeatHeads(Value v) {
  if (auto direct = expandedHeads(v))
    return direct;
  auto concat = v.getDefiningOp<g::ConcatOp>();
  if (!concat || concat.getNormalizedAxis() != 1)
    return std::nullopt;
  Value src;
  int64_t r = 0;
  for (auto [i, part] : llvm::enumerate(concat.getInputs())) {
    auto head = expandedHeads(part);
    auto slice = head ? head->first.getDefiningOp<g::SliceOp>() : nullptr;
    if (!slice || (src && slice.getInput() != src) || (r && head->second != r))
      return std::nullopt;
    src = slice.getInput();
    r = head->second;
    auto shape = cast<RankedTensorType>(src.getType()).getShape();
    if (shape.size() != 4 ||
        slice.getStarts() != llvm::ArrayRef<int64_t>{0, int64_t(i), 0, 0} ||
        slice.getSizes() !=
            llvm::ArrayRef<int64_t>{shape[0], 1, shape[2], shape[3]} ||
        llvm::any_of(slice.getStrides(), [](int64_t s) { return s != 1; }))
      return std::nullopt;
  }
  if (!src || cast<RankedTensorType>(src.getType()).getShape()[1] !=
                  int64_t(concat.getInputs().size()))
    return std::nullopt;
  return std::make_pair(src, r);
}

void Importer::raiseAttention(func::FuncOp func) {
  // softmax(q @ k^T [* scale | / c]) @ v, every intermediate read once, to
  // npu_graph.attention (q [b, hq, sq, d], k [b, hkv, skv, d], v [b, hkv,
  // skv, dv]).
  llvm::SmallVector<g::SoftmaxOp> softmaxes;
  func.walk([&](g::SoftmaxOp op) { softmaxes.push_back(op); });
  for (g::SoftmaxOp softmax : softmaxes) {
    RankedTensorType type = typeOf(softmax.getResult());
    if (type.getRank() != 4 || softmax.getNormalizedAxis() != 3)
      continue;
    auto pv = dyn_cast_or_null<g::MatmulOp>(singleUser(softmax.getResult()));
    if (!pv || pv.getLhs() != softmax.getResult() || pv.getTransposeB())
      continue;
    llvm::SmallVector<Operation *> matched;
    Value scores = softmax.getInput();
    // An additive mask (BERT's padding mask, (1 - mask) * -large broadcast
    // from [b, 1, 1, skv]): scores + mask, the scores being the operand of
    // the add's own type that a scale or the q k^T matmul computes.
    Value mask;
    Operation *maskAdd = nullptr;
    // The scores `v`: the matmul, maybe scaled, maybe with a constant causal
    // mask added.
    std::function<bool(Value)> fromMatmul = [&](Value v) {
      Operation *def = v.getDefiningOp();
      if (isa_and_nonnull<g::MatmulOp>(def))
        return true;
      if (auto causal = causalMaskAdd(v))
        return fromMatmul(causal->first);
      return isa_and_nonnull<g::MulOp, g::DivOp>(def) &&
             llvm::any_of(def->getOperands(), [](Value x) {
               return isa_and_nonnull<g::MatmulOp>(x.getDefiningOp());
             });
    };
    if (auto add = scores.getDefiningOp<g::AddOp>();
        add && scores.hasOneUse()) {
      for (Value operand : {add.getLhs(), add.getRhs()}) {
        Value other = otherOperand(add, operand);
        if (typeOf(operand) == typeOf(scores) && operand.hasOneUse() &&
            other != operand && fromMatmul(operand)) {
          mask = other;
          maskAdd = add;
          scores = operand;
          break;
        }
      }
    }
    // A constant causal mask added before the additive one (GPT-2 masks
    // the causal positions, then adds the padding mask): the causal flag.
    bool causal = softmax.getCausal();
    int64_t offset = int64_t(softmax.getOffset());
    Operation *causalAdd = nullptr;
    if (mask && !causal && scores.hasOneUse())
      if (auto inner = causalMaskAdd(scores)) {
        causalAdd = scores.getDefiningOp();
        causal = true;
        offset = inner->second;
        scores = inner->first;
      }
    double scale = 1.0;
    Operation *scaleOp = scores.getDefiningOp();
    if (isa_and_nonnull<g::MulOp, g::DivOp>(scaleOp) && scores.hasOneUse()) {
      std::optional<double> c;
      Value rest;
      if (isa<g::DivOp>(scaleOp)) {
        c = splatValue(scaleOp->getOperand(1));
        rest = scaleOp->getOperand(0);
        if (c && *c != 0)
          c = 1.0 / *c;
      } else {
        for (Value operand : scaleOp->getOperands())
          if (auto v = splatValue(operand)) {
            c = v;
            rest = otherOperand(scaleOp, operand);
          }
      }
      if (c && rest && typeOf(rest) == typeOf(scores)) {
        scale = *c;
        matched.push_back(scaleOp);
        scores = rest;
      }
    }
    auto qk = scores.getDefiningOp<g::MatmulOp>();
    if (!qk || !scores.hasOneUse())
      continue;
    Value q = qk.getLhs(), v = pv.getRhs();
    // k as [b, hkv, skv, d]: the rhs transposed back, or the rhs itself
    // with transpose_b.
    Value k;
    Operation *createdK = nullptr; // a transpose made here, if any
    OpBuilder b(pv);
    Location at = pv.getLoc();
    if (qk.getTransposeB()) {
      k = qk.getRhs();
    } else if (auto t = qk.getRhs().getDefiningOp<g::TransposeOp>()) {
      SmallVector<int64_t> perm(t.getPermutation());
      if (perm.size() != 4)
        continue;
      std::swap(perm[2], perm[3]);
      if (perm == SmallVector<int64_t>{0, 1, 2, 3})
        k = t.getInput();
      else
        createdK =
            g::TransposeOp::create(b, at, t.getInput(), llvm::ArrayRef(perm));
    } else {
      createdK = g::TransposeOp::create(b, at, qk.getRhs(),
                                        llvm::ArrayRef<int64_t>{0, 1, 3, 2});
    }
    if (createdK)
      k = createdK->getResult(0);
    // Key/value heads repeated for grouped-query attention: attention
    // takes them unrepeated.
    auto kSource = unrepeatHeads(k), vSource = unrepeatHeads(v);
    if (kSource && vSource && kSource->second == vSource->second) {
      k = kSource->first;
      v = vSource->first;
    }
    auto qs = typeOf(q).getShape(), ks = typeOf(k).getShape(),
         vs = typeOf(v).getShape();
    Type elt = typeOf(q).getElementType();
    bool fits = qs.size() == 4 && ks.size() == 4 && vs.size() == 4 &&
                qs[0] == ks[0] && qs[0] == vs[0] && qs[3] == ks[3] &&
                ks[1] == vs[1] && ks[2] == vs[2] && ks[1] > 0 &&
                qs[1] % ks[1] == 0 && typeOf(k).getElementType() == elt &&
                typeOf(v).getElementType() == elt &&
                typeOf(pv.getResult()).getElementType() == elt &&
                typeOf(pv.getResult()).getShape() ==
                    llvm::ArrayRef<int64_t>{qs[0], qs[1], qs[2], vs[3]};
    // The mask as attention takes it: rank 4 (leading unit dims added),
    // q's element type, each dim 1 or that of the scores [b, hq, sq, skv].
    Operation *createdMask = nullptr;
    if (fits && mask) {
      RankedTensorType maskType = typeOf(mask);
      llvm::SmallVector<int64_t> shape(
          4 - std::min<int64_t>(4, maskType.getRank()), 1);
      llvm::append_range(shape, maskType.getShape());
      llvm::SmallVector<int64_t> scoreShape = {qs[0], qs[1], qs[2], ks[2]};
      fits = maskType.getRank() <= 4 && maskType.getElementType() == elt &&
             shape[3] == scoreShape[3];
      for (int64_t d = 0; fits && d < 3; ++d)
        fits = shape[d] == 1 || shape[d] == scoreShape[d];
      if (fits && maskType.getRank() < 4) {
        createdMask = g::ReshapeOp::create(
            b, at, RankedTensorType::get(shape, elt), mask);
        mask = createdMask->getResult(0);
      }
    }
    if (!fits) {
      if (createdK && createdK->use_empty())
        createdK->erase();
      continue;
    }
    Value o = g::AttentionOp::create(b, at, pv.getResult().getType(), q, k, v,
                                     mask, b.getF64FloatAttr(scale),
                                     causal ? b.getUnitAttr() : UnitAttr(),
                                     b.getI64IntegerAttr(causal ? offset : 0))
                  .getResult();
    matched.insert(matched.begin(), qk);
    if (causalAdd) {
      masks.erase(causalAdd->getResult(0));
      matched.push_back(causalAdd);
    }
    if (maskAdd)
      matched.push_back(maskAdd);
    matched.append({softmax, pv});
    replacePattern(pv, o, matched);
  }
}

void Importer::raiseActivations(func::FuncOp func) {
  // erf-GELU as PyTorch exports nn.GELU():
  //   y = (x * (erf(x / sqrt(2)) + 1)) * 0.5, or x * 0.5 * (...),
  // with x / sqrt(2) possibly x * (1 / sqrt(2)).
  llvm::SmallVector<g::ErfOp> erfs;
  func.walk([&](g::ErfOp op) { erfs.push_back(op); });
  for (g::ErfOp erf : erfs) {
    Operation *scale = erf.getInput().getDefiningOp();
    Value x;
    if (auto div = dyn_cast_or_null<g::DivOp>(scale)) {
      if (isSplat(div.getRhs(), std::sqrt(2.0)))
        x = div.getLhs();
    } else if (auto mul = dyn_cast_or_null<g::MulOp>(scale)) {
      x = besideSplat(mul, 1 / std::sqrt(2.0));
    }
    if (!x || !scale->getResult(0).hasOneUse())
      continue;
    raiseGeluTail(x, erf.getResult(), {scale, erf}, g::GeluApproximation::none);
  }
  // tanh-GELU (GPT-2's NewGELU, nn.GELU(approximate="tanh")):
  //   0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))),
  // x^3 as (x * x) * x (Pow(x, 3) imports so).
  llvm::SmallVector<g::TanhOp> tanhs;
  func.walk([&](g::TanhOp op) { tanhs.push_back(op); });
  for (g::TanhOp tanh : tanhs) {
    auto scaled = tanh.getInput().getDefiningOp<g::MulOp>();
    if (!scaled || !scaled.getResult().hasOneUse())
      continue;
    Value inner = besideSplat(scaled, std::sqrt(2.0 / M_PI));
    auto sum = inner ? inner.getDefiningOp<g::AddOp>() : nullptr;
    if (!sum || !sum.getResult().hasOneUse())
      continue;
    // sum = x + 0.044715 * x^3, in either order.
    Value x;
    llvm::SmallVector<Operation *> matched;
    for (auto [a, b] : {std::pair(sum.getLhs(), sum.getRhs()),
                        std::pair(sum.getRhs(), sum.getLhs())}) {
      auto cubic = b.getDefiningOp<g::MulOp>();
      if (!cubic || !cubic.getResult().hasOneUse())
        continue;
      Value cube = besideSplat(cubic, 0.044715);
      auto outer = cube ? cube.getDefiningOp<g::MulOp>() : nullptr;
      if (!outer || !outer.getResult().hasOneUse())
        continue;
      Value square = otherOperand(outer, a);
      auto sq = square ? square.getDefiningOp<g::MulOp>() : nullptr;
      if (!sq || sq.getLhs() != a || sq.getRhs() != a ||
          !sq.getResult().hasOneUse())
        continue;
      x = a;
      matched = {sq, outer, cubic, sum, scaled, tanh};
      break;
    }
    if (x)
      raiseGeluTail(x, tanh.getResult(), matched, g::GeluApproximation::tanh);
  }
  // SiLU: x * sigmoid(x).
  llvm::SmallVector<g::SigmoidOp> sigmoids;
  func.walk([&](g::SigmoidOp op) { sigmoids.push_back(op); });
  for (g::SigmoidOp sigmoid : sigmoids) {
    Value x = sigmoid.getInput();
    auto mul = dyn_cast_or_null<g::MulOp>(singleUser(sigmoid.getResult()));
    if (!mul || otherOperand(mul, sigmoid.getResult()) != x ||
        mul.getResult().getType() != x.getType())
      continue;
    OpBuilder b(mul);
    Value silu = g::SiluOp::create(b, mul.getLoc(), x).getResult();
    replacePattern(mul, silu, {sigmoid, mul});
  }
}

LogicalResult Importer::build() {
  onnx::GraphProto &graph = *model.mutable_graph();
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  loc = fileLoc;
  for (TensorProto &t : *graph.mutable_initializer())
    env[t.name()] = Entry{Value(), nullptr, &t};
  for (auto [i, node] : llvm::enumerate(graph.node())) {
    for (const std::string &name : node.input()) {
      used.insert(name);
      ++useCounts[name];
      consumers[name].push_back(int(i));
    }
    for (const std::string &name : node.output())
      producers[name] = int(i);
  }
  for (const onnx::ValueInfoProto &output : graph.output()) {
    used.insert(output.name());
    ++useCounts[output.name()];
  }

  // Inputs (those that are also initializers are constants: ONNX lets a
  // runtime override them, the compiled program does not).
  SmallVector<Type> inputTypes;
  SmallVector<std::string> inputNames;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (env.count(input.name()))
      continue;
    const auto &tensor = input.type().tensor_type();
    FailureOr<Type> elt = elementType(tensor.elem_type(), fileLoc,
                                      "input '" + input.name() + "'");
    if (failed(elt))
      return failure();
    SmallVector<int64_t> shape;
    for (const auto &dim : tensor.shape().dim())
      shape.push_back(dim.dim_value());
    inputTypes.push_back(RankedTensorType::get(shape, *elt));
    inputNames.push_back(input.name());
  }
  module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, fileLoc, options.functionName,
                                   builder.getFunctionType(inputTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(inputNames)) {
    func.setArgAttr(i, "npu.name", builder.getStringAttr(name));
    env[name] = Entry{entry->getArgument(i), nullptr, nullptr};
  }
  builder.setInsertionPointToEnd(entry);

  auto cleanup = [&] {
    module->erase();
    module = nullptr;
    return failure();
  };
  // Constant nodes first (they have no inputs): pattern matching at a node
  // may look at constants that later nodes define.
  for (int i = 0; i < graph.node_size(); ++i)
    if (graph.node(i).op_type() == "Constant" &&
        graph.node(i).domain().empty()) {
      if (failed(importNode(graph.node(i), i)))
        return cleanup();
      raisedNodes.insert(i);
    }
  for (int i = 0; i < graph.node_size(); ++i)
    if (!raisedNodes.count(i) && failed(importNode(graph.node(i), i)))
      return cleanup();

  loc = fileLoc;
  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    FailureOr<Value> v = valueOf(output.name());
    if (failed(v))
      return cleanup();
    results.push_back(*v);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(builder.getFunctionType(
      inputTypes, llvm::to_vector(ValueRange(results).getTypes())));
  for (auto [i, output] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "npu.name", builder.getStringAttr(output.name()));
  raiseActivations(func);
  raiseRope(func);
  raiseAttention(func);
  // Ops a raised pattern left without users (e.g. the square of an RMSNorm).
  for (Operation &op :
       llvm::make_early_inc_range(llvm::reverse(entry->getOperations())))
    if (isa<g::NpuGraphDialect>(op.getDialect()) && op.use_empty())
      op.erase();
  // Every node's name, in graph order, so that npu-compile --report can
  // account for the nodes no op carries (folded at compile time,
  // forwarded).
  SmallVector<Attribute> nodeNames;
  for (int i = 0; i < graph.node_size(); ++i)
    nodeNames.push_back(builder.getStringAttr(nodeName(graph.node(i), i)));
  module->setAttr("npu.onnx_nodes", builder.getArrayAttr(nodeNames));
  if (failed(verify(module)))
    return cleanup();
  return success();
}

InFlightDiagnostic Importer::unsupported(const onnx::NodeProto &node,
                                         llvm::StringRef why) {
  return emitError(loc) << "ONNX op '" << node.op_type() << "' (opset " << opset
                        << ") in node '" << node.name() << "': " << why;
}

LogicalResult Importer::importNode(const onnx::NodeProto &node, int index) {
  std::string name = nodeName(node, index);
  // Line = 1-based index of the node in the graph, so that every node has
  // its own location (npu-compile --report groups by location).
  loc = NameLoc::get(builder.getStringAttr(name),
                     FileLineColLoc::get(&context, path, index + 1, 0));
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return emitError(loc) << "ONNX op '" << node.op_type() << "' of domain '"
                          << node.domain() << "' in node '" << node.name()
                          << "' is not supported (only the default domain, "
                             "opsets "
                          << kMinOpset << " to " << kMaxOpset
                          << "); nearest supported alternative: "
                          << alternativeFor(node.op_type());
  for (int i = 0; i < node.input_size(); ++i)
    if (!node.input(i).empty() && !env.count(node.input(i)))
      return emitError(loc)
             << "node '" << node.name() << "' uses '" << node.input(i)
             << "', which no earlier node or input defines";
  FailureOr<bool> folded = foldNode(node);
  if (failed(folded))
    return failure();
  if (*folded)
    return success();
  if (node.op_type() == "ReduceMean" && raiseNorm(index))
    return success();
  return lowerNode(node);
}

std::optional<double> Importer::constScalar(const std::string &name) {
  if (name.empty() || !env.count(name) || !env[name].isConstant())
    return std::nullopt;
  FailureOr<std::shared_ptr<HostTensor>> t = hostOf(name);
  if (failed(t) || (*t)->numElements() < 1)
    return std::nullopt;
  for (int64_t k = 1; k < (*t)->numElements(); ++k)
    if ((*t)->at(k) != (*t)->at(0))
      return std::nullopt;
  return (*t)->at(0);
}

bool Importer::raiseNorm(int index) {
  const onnx::GraphProto &graph = model.graph();
  const onnx::NodeProto &reduce = graph.node(index);
  std::vector<int> matched = {index};
  // The single node reading `name` (and no graph output), if its type is
  // one of `types`.
  auto next = [&](const std::string &name,
                  std::initializer_list<llvm::StringRef> types)
      -> const onnx::NodeProto * {
    auto it = consumers.find(name);
    if (usesLeft(name) != 1 || it == consumers.end() || it->second.size() != 1)
      return nullptr;
    const onnx::NodeProto &n = graph.node(it->second.front());
    if (!llvm::is_contained(types, n.op_type()))
      return nullptr;
    matched.push_back(it->second.front());
    return &n;
  };
  // The input of binary `n` other than `name` ("" if `name` is not one).
  auto other = [](const onnx::NodeProto &n, const std::string &name) {
    if (n.input_size() != 2)
      return std::string();
    if (n.input(0) == name)
      return n.input(1);
    return n.input(1) == name ? n.input(0) : std::string();
  };
  // `n` averages the last of `rank` dimensions, keeping it.
  auto lastAxisMean = [&](const onnx::NodeProto &n, int64_t rank) {
    std::optional<std::vector<int64_t>> axes = intsAttr(n, "axes");
    return rank >= 1 && axes && axes->size() == 1 &&
           normalizeAxis((*axes)[0], rank) == rank - 1 &&
           intAttr(n, "keepdims", 1) == 1;
  };
  auto isSquare = [&](const onnx::NodeProto &n, const std::string &x) {
    if (n.op_type() == "Mul")
      return n.input(0) == x && n.input(1) == x;
    return n.op_type() == "Pow" && n.input(0) == x &&
           constScalar(n.input(1)) == 2.0;
  };
  const std::string &in = reduce.input(0);
  int64_t rank = int64_t(shapeOf(in).size());
  if (!lastAxisMean(reduce, rank))
    return false;
  // The optional affine tail: * gamma, then + beta (constants of n
  // elements), after the normalised value `y`.
  auto tail = [&](std::string y, int64_t n, bool withBeta, std::string &gamma,
                  std::string &beta) {
    auto perChannel = [&](const std::string &name) {
      if (name.empty() || !env[name].isConstant())
        return false;
      std::vector<int64_t> shape = shapeOf(name);
      return std::accumulate(shape.begin(), shape.end(), int64_t(1),
                             std::multiplies<int64_t>()) == n &&
             !shape.empty() && shape.back() == n;
    };
    size_t before = matched.size();
    if (const onnx::NodeProto *mul = next(y, {"Mul"})) {
      if (perChannel(other(*mul, y))) {
        gamma = other(*mul, y);
        y = mul->output(0);
        before = matched.size();
        if (const onnx::NodeProto *add = withBeta ? next(y, {"Add"}) : nullptr)
          if (perChannel(other(*add, y))) {
            beta = other(*add, y);
            y = add->output(0);
            before = matched.size();
          }
      }
    }
    matched.resize(before);
    return y;
  };
  auto finish = [&](const std::string &output, Value result) {
    for (int i : matched)
      raisedNodes.insert(i);
    env[output] = Entry{result, nullptr, nullptr};
    return true;
  };
  auto gammaBeta = [&](const std::string &name, Type elt,
                       int64_t n) -> FailureOr<Value> {
    if (name.empty())
      return Value();
    FailureOr<Value> v = valueOf(name, elt);
    if (failed(v))
      return failure();
    return reshape(*v, {n});
  };

  // LayerNorm: d = x - mean(x); y = d / sqrt(mean(d^2) + eps).
  if (Value x = env.count(in) ? env[in].value : Value()) {
    std::vector<int> start = matched;
    auto layerNorm = [&]() -> std::optional<Value> {
      const onnx::NodeProto *sub = next(reduce.output(0), {"Sub"});
      if (!sub || sub->input(0) != in)
        return std::nullopt;
      const std::string &d = sub->output(0);
      auto it = consumers.find(d);
      if (usesLeft(d) != 2 || it == consumers.end() || it->second.size() != 2)
        return std::nullopt;
      const onnx::NodeProto *square = nullptr, *div = nullptr;
      for (int c : it->second) {
        const onnx::NodeProto &n = graph.node(c);
        if (isSquare(n, d))
          square = &n;
        else if (n.op_type() == "Div" && n.input(0) == d)
          div = &n;
        matched.push_back(c);
      }
      if (!square || !div)
        return std::nullopt;
      const onnx::NodeProto *var = next(square->output(0), {"ReduceMean"});
      if (!var || !lastAxisMean(*var, rank))
        return std::nullopt;
      const onnx::NodeProto *addEps = next(var->output(0), {"Add"});
      std::optional<double> eps =
          addEps ? constScalar(other(*addEps, var->output(0))) : std::nullopt;
      const onnx::NodeProto *sqrt =
          addEps ? next(addEps->output(0), {"Sqrt"}) : nullptr;
      if (!eps || !sqrt || div->input(1) != sqrt->output(0) ||
          usesLeft(sqrt->output(0)) != 1)
        return std::nullopt;
      Type elt = typeOf(x).getElementType();
      auto shape = typeOf(x).getShape();
      int64_t n = shape.back();
      std::string gamma, beta;
      std::string output = tail(div->output(0), n, true, gamma, beta);
      FailureOr<Value> g = gammaBeta(gamma, elt, n);
      FailureOr<Value> b = gammaBeta(beta, elt, n);
      if (failed(g) || failed(b))
        return std::nullopt;
      Value y = g::LayerNormOp::create(builder, loc, x.getType(), x, *g, *b,
                                       builder.getF64FloatAttr(float(*eps)))
                    .getResult();
      finish(output, y);
      return y;
    };
    if (layerNorm())
      return true;
    matched = start;
  }
  // RMSNorm: y = x / sqrt(mean(x^2) + eps), or x * (1 / sqrt(...)).
  auto producer = producers.find(in);
  if (producer == producers.end())
    return false;
  const onnx::NodeProto &square = graph.node(producer->second);
  if (square.input_size() < 1)
    return false;
  const std::string &xName = square.input(0);
  Value x = env.count(xName) ? env[xName].value : Value();
  if (!x || !isSquare(square, xName) || usesLeft(in) != 1)
    return false;
  const onnx::NodeProto *addEps = next(reduce.output(0), {"Add"});
  std::optional<double> eps =
      addEps ? constScalar(other(*addEps, reduce.output(0))) : std::nullopt;
  const onnx::NodeProto *sqrt =
      addEps ? next(addEps->output(0), {"Sqrt"}) : nullptr;
  if (!eps || !sqrt)
    return false;
  // x / sqrt | x * reciprocal(sqrt) | x * (1 / sqrt), x read by this
  // pattern and possibly others (it is the block's input).
  std::string normalized;
  if (const onnx::NodeProto *inv =
          next(sqrt->output(0), {"Reciprocal", "Div"})) {
    if (inv->op_type() == "Div" &&
        (constScalar(inv->input(0)) != 1.0 || inv->input(1) != sqrt->output(0)))
      return false;
    const onnx::NodeProto *mul = next(inv->output(0), {"Mul"});
    if (!mul || other(*mul, inv->output(0)) != xName)
      return false;
    normalized = mul->output(0);
  } else {
    auto it = consumers.find(sqrt->output(0));
    if (it == consumers.end() || it->second.size() != 1 ||
        usesLeft(sqrt->output(0)) != 1)
      return false;
    const onnx::NodeProto &div = graph.node(it->second.front());
    if (div.op_type() != "Div" || div.input(0) != xName)
      return false;
    matched.push_back(it->second.front());
    normalized = div.output(0);
  }
  Type elt = typeOf(x).getElementType();
  int64_t n = typeOf(x).getShape().back();
  std::string gamma, beta;
  std::string output = tail(normalized, n, false, gamma, beta);
  FailureOr<Value> g = gammaBeta(gamma, elt, n);
  if (failed(g))
    return false;
  // The square (already imported) is left for the final clean-up if
  // nothing else reads it.
  Value y = g::RmsNormOp::create(builder, loc, x.getType(), x, *g,
                                 builder.getF64FloatAttr(float(*eps)))
                .getResult();
  return finish(output, y);
}

//===----------------------------------------------------------------------===//
// Attributes and constant inputs
//===----------------------------------------------------------------------===//

const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     llvm::StringRef name) {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t intAttr(const onnx::NodeProto &node, llvm::StringRef name,
                int64_t otherwise) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a ? a->i() : otherwise;
}

float floatAttr(const onnx::NodeProto &node, llvm::StringRef name,
                float otherwise) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a ? a->f() : otherwise;
}

std::optional<std::vector<int64_t>> intsAttr(const onnx::NodeProto &node,
                                             llvm::StringRef name) {
  const onnx::AttributeProto *a = findAttr(node, name);
  if (!a)
    return std::nullopt;
  return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

/// True when `perm` is a permutation of [0, rank).
bool isPermutation(const std::vector<int64_t> &perm, int64_t rank) {
  if (int64_t(perm.size()) != rank)
    return false;
  std::vector<bool> seen(rank, false);
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return false;
    seen[p] = true;
  }
  return true;
}

/// `axis` in [0, rank), or -1 when out of range.
int64_t normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return -1;
  return axis < 0 ? axis + rank : axis;
}

FailureOr<std::vector<int64_t>> Importer::constInts(const onnx::NodeProto &node,
                                                    int input) {
  const std::string &name = node.input(input);
  if (!env[name].isConstant())
    return unsupported(node, "input " + std::to_string(input) + " ('" + name +
                                 "') must be known at compile time (a "
                                 "constant or computed from shapes)");
  FailureOr<std::shared_ptr<HostTensor>> t = hostOf(name);
  if (failed(t))
    return failure();
  std::vector<int64_t> values;
  for (int64_t k = 0; k < (*t)->numElements(); ++k)
    values.push_back((*t)->intAt(k));
  return values;
}

/// The output shape of Reshape: 0 copies the input dimension (unless
/// allowzero), -1 is inferred.
FailureOr<std::vector<int64_t>> reshapeTarget(std::vector<int64_t> in,
                                              std::vector<int64_t> target,
                                              bool allowZero) {
  int64_t total = std::accumulate(in.begin(), in.end(), int64_t(1),
                                  std::multiplies<int64_t>());
  int64_t known = 1, inferred = -1;
  for (size_t d = 0; d < target.size(); ++d) {
    if (target[d] == 0 && !allowZero) {
      if (d >= in.size())
        return failure();
      target[d] = in[d];
    }
    if (target[d] == -1) {
      if (inferred >= 0)
        return failure();
      inferred = int64_t(d);
    } else if (target[d] < 0) {
      return failure();
    } else {
      known *= target[d];
    }
  }
  if (inferred >= 0) {
    if (known == 0 || total % known)
      return failure();
    target[inferred] = total / known;
  } else if (known != total) {
    return failure();
  }
  return target;
}

/// Slice parameters of ONNX Slice for a tensor of `shape`: per dimension
/// start, size and step (the step may be negative).
struct SliceBox {
  std::vector<int64_t> starts, sizes, steps;
};

FailureOr<SliceBox> sliceBox(const std::vector<int64_t> &shape,
                             const std::vector<int64_t> &starts,
                             const std::vector<int64_t> &ends,
                             std::vector<int64_t> axes,
                             std::vector<int64_t> steps) {
  int64_t rank = int64_t(shape.size());
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(int64_t(i));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return failure();
  SliceBox box;
  box.starts.assign(rank, 0);
  box.sizes = shape;
  box.steps.assign(rank, 1);
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t axis = normalizeAxis(axes[i], rank);
    int64_t step = steps[i];
    if (axis < 0 || step == 0)
      return failure();
    int64_t dim = shape[axis];
    auto clampIndex = [&](int64_t v, int64_t lo, int64_t hi) {
      if (v < 0)
        v += dim;
      return std::min(std::max(v, lo), hi);
    };
    int64_t start, end;
    if (step > 0) {
      start = clampIndex(starts[i], 0, dim);
      end = clampIndex(ends[i], 0, dim);
    } else {
      start = clampIndex(starts[i], 0, dim - 1);
      end = clampIndex(ends[i], -1, dim - 1);
      if (ends[i] < -dim)
        end = -1;
    }
    int64_t size = step > 0 ? (end - start + step - 1) / step
                            : (start - end + (-step) - 1) / (-step);
    box.starts[axis] = start;
    box.sizes[axis] = std::max<int64_t>(size, 0);
    box.steps[axis] = step;
  }
  return box;
}

//===----------------------------------------------------------------------===//
// Compile-time evaluation
//===----------------------------------------------------------------------===//

FailureOr<bool> Importer::foldNode(const onnx::NodeProto &node) {
  const std::string &op = node.op_type();
  if (op == "Constant") {
    HostTensor t;
    if (const auto *a = findAttr(node, "value")) {
      FailureOr<HostTensor> decoded = decode(a->t());
      if (failed(decoded))
        return failure();
      t = std::move(*decoded);
    } else if (const auto *a = findAttr(node, "value_float")) {
      t = HostTensor::zeros(TensorProto::FLOAT, {});
      t.set(0, a->f());
    } else if (const auto *a = findAttr(node, "value_floats")) {
      t = HostTensor::zeros(TensorProto::FLOAT, {a->floats_size()});
      for (int k = 0; k < a->floats_size(); ++k)
        t.set(k, a->floats(k));
    } else if (const auto *a = findAttr(node, "value_int")) {
      t = HostTensor::zeros(TensorProto::INT64, {});
      t.i[0] = a->i();
    } else if (const auto *a = findAttr(node, "value_ints")) {
      t = HostTensor::zeros(TensorProto::INT64, {a->ints_size()});
      for (int k = 0; k < a->ints_size(); ++k)
        t.i[k] = a->ints(k);
    } else {
      return unsupported(node, "only the value, value_float(s) and "
                               "value_int(s) attributes are supported");
    }
    setHost(node, 0, std::move(t));
    return true;
  }
  if (op == "Shape") {
    // Shapes are static: known even when the input is a run-time value.
    std::vector<int64_t> shape = shapeOf(node.input(0));
    int64_t rank = int64_t(shape.size());
    int64_t start = intAttr(node, "start", 0), end = intAttr(node, "end", rank);
    start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
    end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
    HostTensor t = HostTensor::zeros(TensorProto::INT64,
                                     {std::max<int64_t>(end - start, 0)});
    for (int64_t d = start; d < end; ++d)
      t.i[d - start] = shape[d];
    setHost(node, 0, std::move(t));
    return true;
  }
  if (op == "Size") {
    // Shape-only, like Shape: the number of elements as an int64 scalar.
    HostTensor t = HostTensor::zeros(TensorProto::INT64, {});
    t.i[0] = 1;
    for (int64_t d : shapeOf(node.input(0)))
      t.i[0] *= d;
    setHost(node, 0, std::move(t));
    return true;
  }
  // Everything else folds only when every input is known.
  for (int i = 0; i < node.input_size(); ++i)
    if (!node.input(i).empty() && !env[node.input(i)].isConstant())
      return false;
  std::vector<std::shared_ptr<HostTensor>> in;
  for (int i = 0; i < node.input_size(); ++i) {
    if (node.input(i).empty()) {
      in.push_back(nullptr);
      continue;
    }
    FailureOr<std::shared_ptr<HostTensor>> t = hostOf(node.input(i));
    if (failed(t))
      return failure();
    in.push_back(*t);
  }
  auto bad = [&](llvm::StringRef why) { return unsupported(node, why); };
  auto ints = [](const HostTensor &t) {
    std::vector<int64_t> v;
    for (int64_t k = 0; k < t.numElements(); ++k)
      v.push_back(t.intAt(k));
    return v;
  };
  auto binaryFold =
      [&](int32_t dtype,
          std::function<double(double, double)> fn) -> FailureOr<bool> {
    std::optional<HostTensor> r = broadcastBinary(*in[0], *in[1], dtype, fn);
    if (!r)
      return bad("the input shapes do not broadcast");
    setHost(node, 0, std::move(*r));
    return true;
  };
  bool isInt = !in.empty() && in[0] && !in[0]->isFloat();
  int32_t dtype0 = !in.empty() && in[0] ? in[0]->dtype : TensorProto::FLOAT;
  if (op == "Identity" || op == "Dropout") {
    setHost(node, 0, *in[0]);
    return true;
  }
  if (op == "Add")
    return binaryFold(dtype0, [](double a, double b) { return a + b; });
  if (op == "Sub")
    return binaryFold(dtype0, [](double a, double b) { return a - b; });
  if (op == "Mul")
    return binaryFold(dtype0, [](double a, double b) { return a * b; });
  if (op == "Div")
    return binaryFold(dtype0, [isInt](double a, double b) {
      return isInt ? (b == 0 ? 0 : std::trunc(a / b)) : a / b;
    });
  if (op == "Pow")
    return binaryFold(dtype0,
                      [](double a, double b) { return std::pow(a, b); });
  if ((op == "Max" || op == "Min") && node.input_size() == 2)
    return binaryFold(dtype0, [&](double a, double b) {
      return op == "Max" ? std::max(a, b) : std::min(a, b);
    });
  if (op == "Equal")
    return binaryFold(TensorProto::BOOL,
                      [](double a, double b) { return a == b; });
  if (op == "Less")
    return binaryFold(TensorProto::BOOL,
                      [](double a, double b) { return a < b; });
  if (op == "Greater")
    return binaryFold(TensorProto::BOOL,
                      [](double a, double b) { return a > b; });
  if (op == "LessOrEqual")
    return binaryFold(TensorProto::BOOL,
                      [](double a, double b) { return a <= b; });
  if (op == "GreaterOrEqual")
    return binaryFold(TensorProto::BOOL,
                      [](double a, double b) { return a >= b; });
  if (op == "And" || op == "Or" || op == "Xor") {
    return binaryFold(TensorProto::BOOL, [&](double a, double b) {
      return op == "And"  ? (a != 0 && b != 0)
             : op == "Or" ? (a != 0 || b != 0)
                          : ((a != 0) != (b != 0));
    });
  }
  // A shape the importer may create a tensor of on the host.
  auto foldableShape = [&](const std::vector<int64_t> &shape) {
    constexpr int64_t kMaxFoldedElements = int64_t(1) << 28;
    int64_t n = 1;
    for (int64_t d : shape) {
      if (d < 0 || (d > 0 && n > kMaxFoldedElements / d))
        return false;
      n *= d;
    }
    return true;
  };
  auto unaryFold = [&](std::function<double(double)> fn) -> FailureOr<bool> {
    HostTensor r = HostTensor::zeros(in[0]->dtype, in[0]->shape);
    for (int64_t k = 0; k < r.numElements(); ++k)
      r.set(k, fn(in[0]->at(k)));
    setHost(node, 0, std::move(r));
    return true;
  };
  if (op == "Neg")
    return unaryFold([](double x) { return -x; });
  if (op == "Not")
    return unaryFold([](double x) { return double(x == 0); });
  if (op == "Sqrt")
    return unaryFold([](double x) { return std::sqrt(x); });
  if (op == "Log")
    return unaryFold([](double x) { return std::log(x); });
  if (op == "Abs")
    return unaryFold([](double x) { return std::fabs(x); });
  if (op == "Reciprocal")
    return unaryFold([](double x) { return 1.0 / x; });
  if (op == "Relu")
    return unaryFold([](double x) { return x > 0 ? x : 0.0; });
  if (op == "Exp")
    return unaryFold([](double x) { return std::exp(x); });
  if (op == "Tanh")
    return unaryFold([](double x) { return std::tanh(x); });
  if (op == "Erf")
    return unaryFold([](double x) { return std::erf(x); });
  if (op == "Sigmoid")
    return unaryFold([](double x) { return 1.0 / (1.0 + std::exp(-x)); });
  if (op == "Cast") {
    setHost(node, 0, castHost(*in[0], int32_t(intAttr(node, "to", 1))));
    return true;
  }
  if (op == "CastLike") {
    setHost(node, 0, castHost(*in[0], in[1]->dtype));
    return true;
  }
  if (op == "Where") {
    // Broadcast all three to the common shape, then select.
    std::optional<HostTensor> shape01 = broadcastBinary(
        *in[0], *in[1], TensorProto::INT64, [](double, double) { return 0; });
    std::optional<HostTensor> shape =
        shape01 ? broadcastBinary(*shape01, *in[2], TensorProto::INT64,
                                  [](double, double) { return 0; })
                : std::nullopt;
    if (!shape)
      return bad("the input shapes do not broadcast");
    auto expand = [&](const HostTensor &t) {
      return *broadcastBinary(t, *shape, t.dtype,
                              [](double v, double) { return v; });
    };
    HostTensor c = expand(*in[0]), x = expand(*in[1]), y = expand(*in[2]);
    HostTensor r = x;
    for (int64_t k = 0; k < r.numElements(); ++k)
      if (c.at(k) == 0)
        r.set(k, y.at(k));
    setHost(node, 0, std::move(r));
    return true;
  }
  if (op == "Unsqueeze" || op == "Squeeze") {
    std::vector<int64_t> shape = in[0]->shape;
    std::vector<int64_t> axes =
        in.size() > 1 && in[1] ? ints(*in[1]) : std::vector<int64_t>();
    HostTensor r = *in[0];
    if (op == "Unsqueeze") {
      int64_t rank = int64_t(shape.size() + axes.size());
      for (int64_t &a : axes)
        a = normalizeAxis(a, rank);
      llvm::sort(axes);
      for (int64_t a : axes) {
        if (a < 0 || a > int64_t(shape.size()))
          return bad("an axis is out of range");
        shape.insert(shape.begin() + a, 1);
      }
    } else {
      int64_t rank = int64_t(shape.size());
      std::vector<int64_t> kept;
      for (int64_t d = 0; d < rank; ++d) {
        bool drop =
            axes.empty() ? shape[d] == 1 : llvm::any_of(axes, [&](int64_t a) {
              return normalizeAxis(a, rank) == d;
            });
        if (!drop)
          kept.push_back(shape[d]);
      }
      shape = kept;
    }
    r.shape = shape;
    setHost(node, 0, std::move(r));
    return true;
  }
  if (op == "Reshape" || op == "Flatten") {
    std::vector<int64_t> target;
    if (op == "Reshape") {
      FailureOr<std::vector<int64_t>> t = reshapeTarget(
          in[0]->shape, ints(*in[1]), intAttr(node, "allowzero", 0) != 0);
      if (failed(t))
        return bad("the target shape does not fit the input");
      target = *t;
    } else {
      int64_t rank = int64_t(in[0]->shape.size());
      int64_t axis = intAttr(node, "axis", 1);
      axis = axis < 0 ? axis + rank : axis;
      int64_t outer = 1;
      for (int64_t d = 0; d < axis; ++d)
        outer *= in[0]->shape[d];
      target = {outer, in[0]->numElements() / std::max<int64_t>(outer, 1)};
    }
    HostTensor r = *in[0];
    r.shape = target;
    setHost(node, 0, std::move(r));
    return true;
  }
  if (op == "Concat") {
    int64_t rank = int64_t(in[0]->shape.size());
    int64_t axis = normalizeAxis(intAttr(node, "axis", 0), rank);
    if (axis < 0)
      return bad("the axis is out of range");
    std::vector<const HostTensor *> parts;
    for (const auto &t : in) {
      if (!t || t->shape.size() != in[0]->shape.size())
        return bad("the inputs have different ranks");
      for (int64_t d = 0; d < rank; ++d)
        if (d != axis && t->shape[d] != in[0]->shape[d])
          return bad("the inputs differ outside the axis");
      if (t->numElements() > 0)
        parts.push_back(t.get());
    }
    if (parts.empty()) {
      setHost(node, 0, *in[0]);
      return true;
    }
    setHost(node, 0, concatHost(parts, axis));
    return true;
  }
  if (op == "Gather") {
    int64_t axis =
        normalizeAxis(intAttr(node, "axis", 0), int64_t(in[0]->shape.size()));
    if (axis < 0)
      return bad("the axis is out of range");
    HostTensor indices = *in[1];
    for (int64_t k = 0; k < indices.numElements(); ++k) {
      int64_t v = indices.intAt(k), dim = in[0]->shape[axis];
      if (v < -dim || v >= dim)
        return bad("index " + std::to_string(v) + " is out of range");
      indices.i[k] = v < 0 ? v + dim : v;
    }
    setHost(node, 0, gatherHost(*in[0], indices, axis));
    return true;
  }
  if (op == "Slice") {
    FailureOr<SliceBox> box = sliceBox(
        in[0]->shape, ints(*in[1]), ints(*in[2]),
        in.size() > 3 && in[3] ? ints(*in[3]) : std::vector<int64_t>(),
        in.size() > 4 && in[4] ? ints(*in[4]) : std::vector<int64_t>());
    if (failed(box))
      return bad("bad starts, ends, axes or steps");
    setHost(node, 0, sliceHost(*in[0], box->starts, box->sizes, box->steps));
    return true;
  }
  if (op == "Split") {
    int64_t rank = int64_t(in[0]->shape.size());
    int64_t axis = normalizeAxis(intAttr(node, "axis", 0), rank);
    if (axis < 0)
      return bad("the axis is out of range");
    int64_t dim = in[0]->shape[axis], parts = node.output_size();
    std::vector<int64_t> sizes;
    if (in.size() > 1 && in[1]) {
      sizes = ints(*in[1]);
    } else {
      int64_t each = (dim + parts - 1) / parts;
      for (int64_t p = 0, left = dim; p < parts; ++p, left -= each)
        sizes.push_back(std::min(each, left));
    }
    if (int64_t(sizes.size()) != parts)
      return bad("split sizes do not match the outputs");
    int64_t start = 0;
    for (int64_t o = 0; o < parts; ++o) {
      std::vector<int64_t> starts(rank, 0), extent = in[0]->shape,
                                            steps(rank, 1);
      starts[axis] = start;
      extent[axis] = sizes[o];
      start += sizes[o];
      if (start > dim || sizes[o] < 0)
        return bad("split sizes exceed the dimension");
      setHost(node, int(o), sliceHost(*in[0], starts, extent, steps));
    }
    return true;
  }
  if (op == "Transpose") {
    std::vector<int64_t> perm;
    if (auto p = intsAttr(node, "perm"))
      perm = *p;
    else
      for (int64_t d = int64_t(in[0]->shape.size()) - 1; d >= 0; --d)
        perm.push_back(d);
    if (!isPermutation(perm, int64_t(in[0]->shape.size())))
      return bad("perm is not a permutation of the dimensions");
    setHost(node, 0, transposeHost(*in[0], perm));
    return true;
  }
  if (op == "ConstantOfShape") {
    HostTensor value = HostTensor::zeros(TensorProto::FLOAT, {1});
    if (const auto *a = findAttr(node, "value")) {
      FailureOr<HostTensor> v = decode(a->t());
      if (failed(v))
        return failure();
      value = *v;
    }
    if (!foldableShape(ints(*in[0])))
      return bad("the shape has a negative or too large size");
    HostTensor r = HostTensor::zeros(value.dtype, ints(*in[0]));
    for (int64_t k = 0; k < r.numElements(); ++k)
      r.set(k, value.at(0));
    setHost(node, 0, std::move(r));
    return true;
  }
  if (op == "Range") {
    double start = in[0]->at(0), limit = in[1]->at(0), delta = in[2]->at(0);
    if (delta == 0)
      return bad("delta is 0");
    double count = std::ceil((limit - start) / delta);
    if (!(count < double(int64_t(1) << 28)))
      return bad("the range is too long to fold");
    int64_t n = std::max<int64_t>(int64_t(count), 0);
    HostTensor r = HostTensor::zeros(in[0]->dtype, {n});
    for (int64_t k = 0; k < n; ++k)
      r.set(k, start + double(k) * delta);
    setHost(node, 0, std::move(r));
    return true;
  }
  if (op == "Expand") {
    if (!foldableShape(ints(*in[1])))
      return bad("the shape has a negative or too large size");
    HostTensor shape = HostTensor::zeros(in[0]->dtype, ints(*in[1]));
    std::optional<HostTensor> r = broadcastBinary(
        *in[0], shape, in[0]->dtype, [](double x, double) { return x; });
    if (!r)
      return bad("the shape does not broadcast with the input");
    setHost(node, 0, std::move(*r));
    return true;
  }
  if (op == "Trilu") {
    bool upper = intAttr(node, "upper", 1) != 0;
    int64_t k = in.size() > 1 && in[1] ? in[1]->intAt(0) : 0;
    HostTensor r = *in[0];
    size_t rank = r.shape.size();
    if (rank < 2)
      return bad("the input has rank < 2");
    int64_t rows = r.shape[rank - 2], cols = r.shape[rank - 1];
    for (int64_t e = 0; e < r.numElements(); ++e) {
      int64_t j = e % cols, i = (e / cols) % rows;
      bool keep = upper ? j - i >= k : j - i <= k;
      if (!keep)
        r.set(e, 0);
    }
    setHost(node, 0, std::move(r));
    return true;
  }
  // Not foldable: lowered to npu_graph ops, which materialise the constants.
  return false;
}

//===----------------------------------------------------------------------===//
// Lowering to npu_graph
//===----------------------------------------------------------------------===//

FailureOr<Value> Importer::takeAlong(Value x, int64_t axis,
                                     llvm::ArrayRef<int64_t> picks) {
  RankedTensorType type = typeOf(x);
  int64_t rank = type.getRank(), n = int64_t(picks.size());
  SmallVector<int64_t> shape(type.getShape());
  // An arithmetic progression with a positive step is a strided slice.
  int64_t step = n > 1 ? picks[1] - picks[0] : 1;
  bool progression = step >= 1;
  for (int64_t k = 1; k < n && progression; ++k)
    progression = picks[k] - picks[k - 1] == step;
  if (progression) {
    if (n == shape[axis] && step == 1)
      return x;
    SmallVector<int64_t> starts(rank, 0), sizes(shape), strides(rank, 1);
    starts[axis] = picks[0];
    sizes[axis] = n;
    strides[axis] = step;
    return g::SliceOp::create(
               builder, loc,
               RankedTensorType::get(sizes, type.getElementType()), x, starts,
               sizes, strides)
        .getResult();
  }
  // Else npu_graph.gather with constant indices on the axis moved first.
  SmallVector<int64_t> perm = {axis};
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      perm.push_back(d);
  Value t = x;
  if (axis != 0)
    t = g::TransposeOp::create(builder, loc, x, llvm::ArrayRef(perm))
            .getResult();
  HostTensor indices = HostTensor::zeros(TensorProto::INT32, {n});
  for (int64_t k = 0; k < n; ++k)
    indices.i[k] = picks[k];
  FailureOr<Value> ids =
      materialize(indices, IntegerType::get(&context, 32), "indices");
  if (failed(ids))
    return failure();
  SmallVector<int64_t> gshape(typeOf(t).getShape());
  gshape[0] = n;
  Value y = g::GatherOp::create(
                builder, loc,
                RankedTensorType::get(gshape, type.getElementType()), t, *ids)
                .getResult();
  if (axis != 0) {
    SmallVector<int64_t> back(rank);
    for (int64_t d = 0; d < rank; ++d)
      back[perm[d]] = d;
    y = g::TransposeOp::create(builder, loc, y, llvm::ArrayRef(back))
            .getResult();
  }
  return y;
}

Value Importer::reshape(Value v, llvm::ArrayRef<int64_t> shape) {
  RankedTensorType type = typeOf(v);
  if (type.getShape() == shape)
    return v;
  return g::ReshapeOp::create(
             builder, loc, RankedTensorType::get(shape, type.getElementType()),
             v)
      .getResult();
}

std::optional<std::pair<Value, int64_t>> Importer::causalMaskAdd(Value scores) {
  auto add = scores.getDefiningOp<g::AddOp>();
  auto it = add ? masks.find(scores) : masks.end();
  if (it == masks.end())
    return std::nullopt;
  // The entry is this add's (compared as pointers: an erased op's entry
  // is never dereferenced).
  AdditiveMask mask = it->second;
  Operation *constant = mask.constant.getOperation();
  bool same =
      (add.getLhs() == mask.input &&
       add.getRhs().getDefiningOp() == constant) ||
      (add.getRhs() == mask.input && add.getLhs().getDefiningOp() == constant);
  if (!same)
    return std::nullopt;
  std::optional<int64_t> offset = causalOffset(scores);
  if (!offset)
    return std::nullopt;
  return std::make_pair(mask.input, *offset);
}

std::optional<int64_t> Importer::causalOffset(Value scores) {
  auto it = masks.find(scores);
  if (it == masks.end())
    return std::nullopt;
  const AdditiveMask &mask = it->second;
  // The run-time scores must have the result's shape (the add does not
  // broadcast them) and a rank >= 2.
  if (mask.input.getType() != scores.getType() || typeOf(scores).getRank() < 2)
    return std::nullopt;
  const HostTensor &m = *mask.mask;
  if (m.shape.size() < 2)
    return std::nullopt;
  int64_t rows = m.shape[m.shape.size() - 2], cols = m.shape.back();
  auto shape = typeOf(scores).getShape();
  if (rows != shape[shape.size() - 2] || cols != shape.back())
    return std::nullopt;
  // Row i keeps columns j <= i + offset and has -inf elsewhere; the same
  // in every matrix of the mask.
  std::optional<int64_t> offset;
  for (int64_t e = 0; e < m.numElements(); ++e) {
    int64_t j = e % cols, i = (e / cols) % rows;
    double v = m.at(e);
    if (v != 0 && !(std::isinf(v) && v < 0))
      return std::nullopt;
    if (i == 0 && v == 0 && (j == cols - 1 || m.at(e + 1) != 0)) {
      int64_t candidate = j;
      if (offset && *offset != candidate)
        return std::nullopt;
      offset = candidate;
    }
  }
  if (!offset)
    return std::nullopt;
  for (int64_t e = 0; e < m.numElements(); ++e) {
    int64_t j = e % cols, i = (e / cols) % rows;
    bool masked = j > i + *offset;
    if (masked != (m.at(e) != 0))
      return std::nullopt;
  }
  return offset;
}

FailureOr<std::pair<Value, Value>>
Importer::floatOperands(const onnx::NodeProto &node, const std::string &a,
                        const std::string &b) {
  // The run-time operand decides the element type of a constant one.
  Type elt;
  for (const std::string *name : {&a, &b})
    if (Value v = env[*name].value)
      elt = typeOf(v).getElementType();
  if (!elt || !isa<FloatType>(elt))
    return unsupported(node, "only float tensors are supported at run time "
                             "(npu_graph's elementwise ops are f32/bf16); "
                             "integer arithmetic must fold at compile time");
  FailureOr<Value> l = valueOf(a, elt), r = valueOf(b, elt);
  if (failed(l) || failed(r))
    return failure();
  if (typeOf(*l).getElementType() != typeOf(*r).getElementType())
    return unsupported(node, "the operands have different element types");
  return std::make_pair(*l, *r);
}

FailureOr<Value> Importer::binary(const onnx::NodeProto &node,
                                  llvm::StringRef op, Value lhs, Value rhs) {
  if (!g::inferBroadcastType(lhs.getType(), rhs.getType()))
    return unsupported(node, "the operand shapes do not broadcast");
  if (op == "Add")
    return g::AddOp::create(builder, loc, lhs, rhs).getResult();
  if (op == "Sub")
    return g::SubOp::create(builder, loc, lhs, rhs).getResult();
  if (op == "Mul")
    return g::MulOp::create(builder, loc, lhs, rhs).getResult();
  if (op == "Div")
    return g::DivOp::create(builder, loc, lhs, rhs).getResult();
  if (op == "Max")
    return g::MaxOp::create(builder, loc, lhs, rhs).getResult();
  if (op == "Pow")
    return g::PowOp::create(builder, loc, lhs, rhs).getResult();
  return g::MinOp::create(builder, loc, lhs, rhs).getResult();
}

bool Importer::isMaskedFill(const onnx::NodeProto &node) {
  if (!env[node.input(0)].isConstant())
    return false;
  bool xRuntime = !env[node.input(1)].isConstant();
  bool yRuntime = !env[node.input(2)].isConstant();
  if (xRuntime == yRuntime)
    return false;
  FailureOr<Value> x = valueOf(node.input(xRuntime ? 1 : 2), Type());
  if (failed(x) || !isa<FloatType>(typeOf(*x).getElementType()))
    return false;
  FailureOr<std::shared_ptr<HostTensor>> fill =
      hostOf(node.input(xRuntime ? 2 : 1));
  if (failed(fill))
    return false;
  for (int64_t k = 0; k < (*fill)->numElements(); ++k)
    if (!(std::fabs((*fill)->at(k)) >= 1e30))
      return false;
  return true;
}

FailureOr<Value> Importer::lowerWhere(const onnx::NodeProto &node) {
  FailureOr<Value> cond = valueOf(node.input(0), builder.getI1Type());
  if (failed(cond))
    return failure();
  // The element type comes from a run-time branch if there is one.
  int first =
      env[node.input(1)].isConstant() && !env[node.input(2)].isConstant() ? 2
                                                                          : 1;
  FailureOr<Value> a = valueOf(node.input(first), Type());
  if (failed(a))
    return failure();
  FailureOr<Value> b =
      valueOf(node.input(3 - first), typeOf(*a).getElementType());
  if (failed(b))
    return failure();
  Value x = first == 1 ? *a : *b, y = first == 1 ? *b : *a;
  if (typeOf(x).getElementType() != typeOf(y).getElementType())
    return unsupported(node, "X and Y have different element types");
  auto xy = g::broadcastShapes(typeOf(x).getShape(), typeOf(y).getShape());
  auto shape =
      xy ? g::broadcastShapes(typeOf(*cond).getShape(), *xy) : std::nullopt;
  if (!shape)
    return unsupported(node, "the input shapes do not broadcast");
  return g::SelectOp::create(
             builder, loc,
             RankedTensorType::get(*shape, typeOf(x).getElementType()), *cond,
             x, y)
      .getResult();
}

LogicalResult Importer::lowerNode(const onnx::NodeProto &node) {
  const std::string &op = node.op_type();
  auto in = [&](int i, Type want = {}) { return valueOf(node.input(i), want); };
  auto done = [&](FailureOr<Value> v) -> LogicalResult {
    if (failed(v))
      return failure();
    setValue(node, 0, *v);
    return success();
  };
  // A node may have outputs nobody reads (e.g. LayerNormalization's Mean);
  // only the first of the single-result ops is supported.
  auto extraOutputsUnused = [&](int from) {
    for (int o = from; o < node.output_size(); ++o)
      if (!node.output(o).empty() && used.count(node.output(o)))
        return false;
    return true;
  };

  if (op == "Identity" || op == "Dropout") {
    if (!extraOutputsUnused(1))
      return unsupported(node, "the mask output of Dropout is not supported "
                               "(only the first output may be used)");
    // Inference only: a training_mode input must be a constant false
    // (training drops elements at random).
    if (op == "Dropout" && has(node, 2)) {
      if (!env[node.input(2)].isConstant())
        return unsupported(node, "a run-time training_mode is not supported "
                                 "(only inference: training_mode absent or "
                                 "a constant false)");
      FailureOr<std::shared_ptr<HostTensor>> mode = hostOf(node.input(2));
      if (failed(mode))
        return failure();
      for (int64_t k = 0; k < (*mode)->numElements(); ++k)
        if ((*mode)->at(k) != 0)
          return unsupported(node, "training_mode = true is not supported "
                                   "(only inference)");
    }
    return done(in(0));
  }
  if ((op == "Max" || op == "Min") && node.input_size() != 2) {
    // Variadic: a chain of binary ops (one input: itself).
    Type elt;
    for (int i = 0; i < node.input_size(); ++i)
      if (Value v = env[node.input(i)].value)
        elt = typeOf(v).getElementType();
    if (!elt || !isa<FloatType>(elt))
      return unsupported(node, "only float tensors are supported at run time");
    FailureOr<Value> acc = in(0, elt);
    for (int i = 1; i < node.input_size() && succeeded(acc); ++i) {
      FailureOr<Value> next = in(i, elt);
      if (failed(next))
        return failure();
      acc = binary(node, op, *acc, *next);
    }
    return done(acc);
  }
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" || op == "Max" ||
      op == "Min") {
    auto operands = floatOperands(node, node.input(0), node.input(1));
    if (failed(operands))
      return failure();
    FailureOr<Value> result =
        binary(node, op, operands->first, operands->second);
    if (succeeded(result) && op == "Add") {
      // scores + mask with a constant mask of 0 and -inf (a causal mask
      // built with triu): recorded for Softmax as Where's masks are.
      for (int i = 0; i < 2; ++i) {
        const std::string &name = node.input(i);
        if (!env[name].isConstant() || env[node.input(1 - i)].isConstant())
          continue;
        FailureOr<std::shared_ptr<HostTensor>> mask = hostOf(name);
        if (failed(mask))
          return failure();
        bool isMask = true;
        for (int64_t k = 0; k < (*mask)->numElements() && isMask; ++k)
          isMask = (*mask)->at(k) == 0 ||
                   ((*mask)->at(k) < 0 && std::isinf((*mask)->at(k)));
        auto cst = (i ? operands->second : operands->first)
                       .getDefiningOp<g::ConstantOp>();
        if (isMask && cst)
          masks[*result] =
              AdditiveMask{i ? operands->first : operands->second, cst, *mask};
      }
    }
    return done(result);
  }
  if (op == "Pow") {
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    Type elt = typeOf(*x).getElementType();
    if (!isa<FloatType>(elt))
      return unsupported(node, "only float bases are supported at run time "
                               "(npu_graph's elementwise ops are float)");
    // One constant exponent with a cheaper exact form: the multiplications
    // and VPU unary ops that a model computes x^c with anyway.
    std::optional<double> p = env[node.input(1)].isConstant()
                                  ? constScalar(node.input(1))
                                  : std::nullopt;
    // ... unless the exponent broadcasts x to a larger shape.
    if (p && g::inferBroadcastType(typeOf(*x),
                                   RankedTensorType::get(shapeOf(node.input(1)),
                                                         elt)) != typeOf(*x))
      p = std::nullopt;
    if (p && *p == 1)
      return done(*x);
    if (p && *p == 2)
      return done(binary(node, "Mul", *x, *x));
    if (p && *p == 3) {
      FailureOr<Value> sq = binary(node, "Mul", *x, *x);
      if (failed(sq))
        return failure();
      return done(binary(node, "Mul", *sq, *x));
    }
    if (p && *p == 0.5)
      return done(g::SqrtOp::create(builder, loc, *x).getResult());
    if (p && *p == -0.5)
      return done(g::RsqrtOp::create(builder, loc, *x).getResult());
    if (p && *p == -1)
      return done(g::ReciprocalOp::create(builder, loc, *x).getResult());
    // Any other exponent, per element or at run time: npu_graph.pow. An
    // integer exponent (ONNX allows one) is converted to the base's type.
    FailureOr<Value> e = in(1, elt);
    if (failed(e))
      return failure();
    if (typeOf(*e).getElementType() != elt)
      e = g::CastOp::create(builder, loc,
                            RankedTensorType::get(typeOf(*e).getShape(), elt),
                            *e)
              .getResult();
    return done(binary(node, "Pow", *x, *e));
  }
  if (op == "Clip") {
    // min(max(x, lo), hi) with absent bounds left out (opset 11+: inputs;
    // opset 6: attributes).
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    Type elt = typeOf(*x).getElementType();
    if (!isa<FloatType>(elt))
      return unsupported(node, "only float tensors are supported at run time");
    Value y = *x;
    for (int i : {1, 2}) {
      const char *attr = i == 1 ? "min" : "max";
      FailureOr<Value> bound = failure();
      if (has(node, i)) {
        bound = in(i, elt);
      } else if (const auto *a = findAttr(node, attr)) {
        HostTensor t = HostTensor::zeros(TensorProto::FLOAT, {});
        t.set(0, a->f());
        bound = materialize(t, elt, node.output(0) + "." + attr);
      } else {
        continue;
      }
      if (failed(bound))
        return failure();
      if (typeOf(*bound).getElementType() != elt)
        return unsupported(node, "the bounds must have the input's type");
      FailureOr<Value> next = binary(node, i == 1 ? "Max" : "Min", y, *bound);
      if (failed(next))
        return failure();
      y = *next;
    }
    return done(y);
  }
  if (op == "LogSoftmax") {
    // x - max - log(sum(exp(x - max))) over `axis`: subtracting the row
    // maximum first keeps exp from overflowing.
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    RankedTensorType type = typeOf(*x);
    if (!isa<FloatType>(type.getElementType()))
      return unsupported(node, "only float tensors are supported");
    int64_t rank = type.getRank();
    int64_t axis = normalizeAxis(intAttr(node, "axis", -1), rank);
    if (rank == 0 || axis < 0 || axis >= rank)
      return unsupported(node, "the axis is out of range");
    SmallVector<int64_t> kept(type.getShape());
    kept[axis] = 1;
    auto column = RankedTensorType::get(kept, type.getElementType());
    auto reduceAxis = [&](g::ReduceKind kind, Value v) -> Value {
      return g::ReduceOp::create(
                 builder, loc, column,
                 g::ReduceKindAttr::get(builder.getContext(), kind), v,
                 builder.getDenseI64ArrayAttr({axis}), builder.getUnitAttr())
          .getResult();
    };
    FailureOr<Value> shifted =
        binary(node, "Sub", *x, reduceAxis(g::ReduceKind::max, *x));
    if (failed(shifted))
      return failure();
    Value e = g::ExpOp::create(builder, loc, *shifted).getResult();
    Value logSum =
        g::LogOp::create(builder, loc, reduceAxis(g::ReduceKind::sum, e))
            .getResult();
    return done(binary(node, "Sub", *shifted, logSum));
  }
  if (op == "CastLike") {
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    Type elt;
    if (Value target = env[node.input(1)].value) {
      elt = typeOf(target).getElementType();
    } else {
      FailureOr<std::shared_ptr<HostTensor>> host = hostOf(node.input(1));
      if (failed(host))
        return failure();
      FailureOr<Type> mapped =
          elementType((*host)->dtype, loc, "the CastLike target");
      if (failed(mapped))
        return failure();
      elt = *mapped;
    }
    if (typeOf(*x).getElementType() == elt)
      return done(*x);
    return done(
        g::CastOp::create(builder, loc,
                          RankedTensorType::get(typeOf(*x).getShape(), elt), *x)
            .getResult());
  }
  if (op == "Sqrt" || op == "Reciprocal" || op == "Neg" || op == "Erf" ||
      op == "Tanh" || op == "Sigmoid" || op == "Relu" || op == "Exp" ||
      op == "Log" || op == "Abs") {
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    if (!isa<FloatType>(typeOf(*x).getElementType()))
      return unsupported(node, "only float tensors are supported at run time");
    Value v = *x;
    if (op == "Sqrt")
      return done(g::SqrtOp::create(builder, loc, v).getResult());
    if (op == "Reciprocal")
      return done(g::ReciprocalOp::create(builder, loc, v).getResult());
    if (op == "Neg")
      return done(g::NegOp::create(builder, loc, v).getResult());
    if (op == "Erf")
      return done(g::ErfOp::create(builder, loc, v).getResult());
    if (op == "Tanh")
      return done(g::TanhOp::create(builder, loc, v).getResult());
    if (op == "Sigmoid")
      return done(g::SigmoidOp::create(builder, loc, v).getResult());
    if (op == "Exp")
      return done(g::ExpOp::create(builder, loc, v).getResult());
    if (op == "Log")
      return done(g::LogOp::create(builder, loc, v).getResult());
    if (op == "Abs")
      return done(g::AbsOp::create(builder, loc, v).getResult());
    return done(g::ReluOp::create(builder, loc, v).getResult());
  }
  if (op == "MatMul" || op == "Gemm") {
    Type elt;
    for (int i = 0; i < 2; ++i)
      if (Value v = env[node.input(i)].value)
        elt = typeOf(v).getElementType();
    if (!elt || !isa<FloatType>(elt))
      return unsupported(node, "only float matrix products are supported");
    FailureOr<Value> a = in(0, elt), b = in(1, elt);
    if (failed(a) || failed(b))
      return failure();
    Value lhs = *a, rhs = *b;
    bool transposeB = false;
    if (op == "Gemm") {
      if (typeOf(lhs).getRank() != 2 || typeOf(rhs).getRank() != 2)
        return unsupported(node, "A and B must be matrices");
      if (intAttr(node, "transA", 0))
        lhs = g::TransposeOp::create(builder, loc, lhs,
                                     llvm::ArrayRef<int64_t>{1, 0})
                  .getResult();
      transposeB = intAttr(node, "transB", 0) != 0;
    }
    std::vector<int64_t> ls(typeOf(lhs).getShape().begin(),
                            typeOf(lhs).getShape().end());
    std::vector<int64_t> rs(typeOf(rhs).getShape().begin(),
                            typeOf(rhs).getShape().end());
    // NumPy matmul of vectors: a 1-D lhs is a row, a 1-D rhs a column, and
    // the added dimension is removed from the result.
    bool lhsVector = ls.size() == 1, rhsVector = rs.size() == 1;
    if (lhsVector)
      lhs = reshape(lhs, {1, ls[0]});
    if (rhsVector)
      rhs = reshape(rhs, {rs[0], 1});
    auto shape = g::inferMatmulShape(typeOf(lhs).getShape(),
                                     typeOf(rhs).getShape(), transposeB);
    if (!shape)
      return unsupported(node, "the operand shapes do not fit a matrix "
                               "product");
    Value y =
        g::MatmulOp::create(builder, loc, RankedTensorType::get(*shape, elt),
                            lhs, rhs, transposeB)
            .getResult();
    if (lhsVector || rhsVector) {
      SmallVector<int64_t> out(shape->begin(), shape->end());
      if (rhsVector)
        out.pop_back();
      if (lhsVector)
        out.erase(out.end() - (rhsVector ? 1 : 2));
      y = reshape(y, out);
    }
    if (op == "Gemm") {
      float alpha = floatAttr(node, "alpha", 1.0f);
      float beta = floatAttr(node, "beta", 1.0f);
      if (alpha != 1.0f) {
        HostTensor s = HostTensor::zeros(TensorProto::FLOAT, {1});
        s.set(0, alpha);
        FailureOr<Value> c = materialize(s, elt, "alpha");
        if (failed(c))
          return failure();
        y = g::MulOp::create(builder, loc, y, *c).getResult();
      }
      if (has(node, 2) && beta != 0.0f) {
        FailureOr<Value> c = in(2, elt);
        if (failed(c))
          return failure();
        Value bias = *c;
        if (beta != 1.0f) {
          HostTensor s = HostTensor::zeros(TensorProto::FLOAT, {1});
          s.set(0, beta);
          FailureOr<Value> bc = materialize(s, elt, "beta");
          if (failed(bc))
            return failure();
          bias = g::MulOp::create(builder, loc, bias, *bc).getResult();
        }
        FailureOr<Value> sum = binary(node, "Add", y, bias);
        if (failed(sum))
          return failure();
        y = *sum;
      }
    }
    return done(y);
  }
  if (op.rfind("Reduce", 0) == 0) {
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    RankedTensorType type = typeOf(*x);
    if (!isa<FloatType>(type.getElementType()))
      return unsupported(node, "only float tensors are supported");
    // The axes are an input for ReduceSum from opset 13 (and for all of
    // them from opset 18), an attribute before.
    std::vector<int64_t> axes;
    if (has(node, 1)) {
      FailureOr<std::vector<int64_t>> a = constInts(node, 1);
      if (failed(a))
        return failure();
      axes = *a;
    } else if (auto a = intsAttr(node, "axes")) {
      axes = *a;
    }
    int64_t rank = type.getRank();
    bool keepdims = intAttr(node, "keepdims", 1) != 0;
    if (axes.empty()) {
      if (intAttr(node, "noop_with_empty_axes", 0) != 0 || rank == 0)
        return done(*x);
      for (int64_t d = 0; d < rank; ++d)
        axes.push_back(d);
    }
    SmallVector<bool> reduced(rank, false);
    for (int64_t a : axes) {
      int64_t d = normalizeAxis(a, rank);
      if (d < 0 || d >= rank)
        return unsupported(node, "an axis is out of range");
      reduced[d] = true;
    }
    SmallVector<int64_t> normalized, shape;
    for (int64_t d = 0; d < rank; ++d) {
      if (reduced[d])
        normalized.push_back(d);
      if (!reduced[d])
        shape.push_back(type.getDimSize(d));
      else if (keepdims)
        shape.push_back(1);
    }
    auto resultType = RankedTensorType::get(shape, type.getElementType());
    // One npu_graph.reduce over the axes; `keep` keeps them as size 1.
    auto reduce = [&](g::ReduceKind kind, Value v, bool keep) -> Value {
      RankedTensorType t = resultType;
      if (keep && !keepdims) {
        SmallVector<int64_t> kept(type.getShape());
        for (int64_t d : normalized)
          kept[d] = 1;
        t = RankedTensorType::get(kept, type.getElementType());
      }
      return g::ReduceOp::create(
                 builder, loc, t,
                 g::ReduceKindAttr::get(builder.getContext(), kind), v,
                 builder.getDenseI64ArrayAttr(normalized),
                 keep ? builder.getUnitAttr() : UnitAttr())
          .getResult();
    };
    using K = g::ReduceKind;
    if (op == "ReduceSum" || op == "ReduceMean" || op == "ReduceMax" ||
        op == "ReduceMin" || op == "ReduceProd") {
      K kind = op == "ReduceSum"    ? K::sum
               : op == "ReduceMean" ? K::mean
               : op == "ReduceMax"  ? K::max
               : op == "ReduceMin"  ? K::min
                                    : K::prod;
      return done(reduce(kind, *x, keepdims));
    }
    // The others, as the ONNX specification defines them.
    if (op == "ReduceL1")
      return done(reduce(K::sum, g::AbsOp::create(builder, loc, *x).getResult(),
                         keepdims));
    if (op == "ReduceL2" || op == "ReduceSumSquare") {
      FailureOr<Value> sq = binary(node, "Mul", *x, *x);
      if (failed(sq))
        return failure();
      Value sum = reduce(K::sum, *sq, keepdims);
      if (op == "ReduceSumSquare")
        return done(sum);
      return done(g::SqrtOp::create(builder, loc, sum).getResult());
    }
    if (op == "ReduceLogSum")
      return done(g::LogOp::create(builder, loc, reduce(K::sum, *x, keepdims))
                      .getResult());
    if (op == "ReduceLogSumExp") {
      // m + log(sum(exp(x - m))) with m the maximum: exp cannot overflow.
      Value m = reduce(K::max, *x, /*keep=*/true);
      FailureOr<Value> shifted = binary(node, "Sub", *x, m);
      if (failed(shifted))
        return failure();
      Value e = g::ExpOp::create(builder, loc, *shifted).getResult();
      Value logSum = g::LogOp::create(builder, loc, reduce(K::sum, e, keepdims))
                         .getResult();
      return done(binary(node, "Add", logSum, reshape(m, shape)));
    }
    return unsupported(node, "this reduction is not supported");
  }
  if (op == "Softmax") {
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    if (!isa<FloatType>(typeOf(*x).getElementType()))
      return unsupported(node, "only float tensors are supported");
    int64_t rank = typeOf(*x).getRank();
    int64_t axis = normalizeAxis(intAttr(node, "axis", -1), rank);
    if (axis < 0)
      return unsupported(node, "the axis is out of range");
    // A causal mask added in front (masked_fill with -inf of a triangular
    // mask) becomes softmax's causal flag.
    if (std::optional<int64_t> offset =
            axis == rank - 1 ? causalOffset(*x) : std::nullopt) {
      AdditiveMask mask = masks.lookup(*x);
      Value y = g::SoftmaxOp::create(builder, loc, typeOf(*x), mask.input,
                                     builder.getI64IntegerAttr(axis),
                                     builder.getUnitAttr(),
                                     builder.getI64IntegerAttr(*offset))
                    .getResult();
      Operation *add = x->getDefiningOp();
      if (add->use_empty() && usesLeft(node.input(0)) == 1) {
        // Only this Softmax read the masked scores: drop the add.
        env[node.input(0)].value = Value();
        masks.erase(*x);
        add->erase();
        if (mask.constant->use_empty()) {
          for (auto &entry : materialized)
            if (entry.second == mask.constant.getResult())
              entry.second = Value();
          mask.constant->erase();
        }
      }
      return done(y);
    }
    return done(g::SoftmaxOp::create(builder, loc, typeOf(*x), *x,
                                     builder.getI64IntegerAttr(axis),
                                     /*causal=*/UnitAttr(),
                                     builder.getI64IntegerAttr(0))
                    .getResult());
  }
  if (op == "Equal" || op == "Less" || op == "Greater" || op == "LessOrEqual" ||
      op == "GreaterOrEqual") {
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    FailureOr<Value> y = in(1, typeOf(*x).getElementType());
    if (failed(y))
      return failure();
    if (typeOf(*x).getElementType() != typeOf(*y).getElementType())
      return unsupported(node, "the operands have different element types");
    auto shape =
        g::broadcastShapes(typeOf(*x).getShape(), typeOf(*y).getShape());
    if (!shape)
      return unsupported(node, "the operand shapes do not broadcast");
    g::ComparePredicate pred = op == "Equal"         ? g::ComparePredicate::eq
                               : op == "Less"        ? g::ComparePredicate::lt
                               : op == "Greater"     ? g::ComparePredicate::gt
                               : op == "LessOrEqual" ? g::ComparePredicate::le
                                                     : g::ComparePredicate::ge;
    return done(g::CompareOp::create(
                    builder, loc,
                    RankedTensorType::get(*shape, builder.getI1Type()),
                    g::ComparePredicateAttr::get(&context, pred), *x, *y)
                    .getResult());
  }
  if (op == "And" || op == "Or" || op == "Xor") {
    Type i1 = builder.getI1Type();
    FailureOr<Value> x = in(0, i1), y = in(1, i1);
    if (failed(x) || failed(y))
      return failure();
    auto shape =
        g::broadcastShapes(typeOf(*x).getShape(), typeOf(*y).getShape());
    if (!shape)
      return unsupported(node, "the operand shapes do not broadcast");
    g::LogicalKind kind = op == "And"  ? g::LogicalKind::And
                          : op == "Or" ? g::LogicalKind::Or
                                       : g::LogicalKind::Xor;
    return done(
        g::LogicalOp::create(builder, loc, RankedTensorType::get(*shape, i1),
                             g::LogicalKindAttr::get(&context, kind), *x, *y)
            .getResult());
  }
  if (op == "Not") {
    FailureOr<Value> x = in(0, builder.getI1Type());
    if (failed(x))
      return failure();
    return done(g::NotOp::create(builder, loc, *x).getResult());
  }
  if (op == "Trilu") {
    // A run-time input with a constant k: select(mask, x, 0) with the
    // triangle mask a constant over the last two dims.
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    int64_t k = 0;
    if (node.input_size() > 1 && !node.input(1).empty()) {
      FailureOr<std::vector<int64_t>> kv = constInts(node, 1);
      if (failed(kv))
        return failure();
      if (kv->size() != 1)
        return unsupported(node, "k must hold one value");
      k = (*kv)[0];
    }
    auto shape = typeOf(*x).getShape();
    if (shape.size() < 2)
      return unsupported(node, "the input has rank < 2");
    int64_t rows = shape[shape.size() - 2], cols = shape.back();
    bool upper = intAttr(node, "upper", 1) != 0;
    HostTensor mask = HostTensor::zeros(TensorProto::BOOL, {rows, cols});
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        mask.set(i * cols + j, (upper ? j - i >= k : j - i <= k) ? 1 : 0);
    Type elt = typeOf(*x).getElementType();
    HostTensor zero = HostTensor::zeros(TensorProto::FLOAT, {});
    FailureOr<Value> m =
        materialize(mask, builder.getI1Type(), node.output(0) + "_mask");
    FailureOr<Value> z =
        isa<FloatType>(elt)
            ? materialize(zero, elt, "zero")
            : materialize(HostTensor::zeros(TensorProto::INT64, {}), elt,
                          "zero");
    if (failed(m) || failed(z))
      return failure();
    return done(
        g::SelectOp::create(builder, loc, typeOf(*x), *m, *x, *z).getResult());
  }
  if (op == "Where" && !isMaskedFill(node))
    return done(lowerWhere(node));
  if (op == "Where") {
    // masked_fill: a constant condition, one run-time branch and a constant
    // fill of -inf/+inf or a huge value (torch.finfo(float).min) becomes
    // `x + mask` with mask = 0 where x is kept and the fill elsewhere. For
    // finite x that is the fill exactly (|x| < 2^103 for a fill of
    // -FLT_MAX) and x itself elsewhere.
    bool xRuntime = !env[node.input(1)].isConstant();
    FailureOr<std::shared_ptr<HostTensor>> cond = hostOf(node.input(0));
    FailureOr<std::shared_ptr<HostTensor>> fill =
        hostOf(node.input(xRuntime ? 2 : 1));
    FailureOr<Value> x = in(xRuntime ? 1 : 2);
    if (failed(cond) || failed(fill) || failed(x))
      return failure();
    Type elt = typeOf(*x).getElementType();
    if (!isa<FloatType>(elt))
      return unsupported(node, "only float tensors are supported");
    for (int64_t k = 0; k < (*fill)->numElements(); ++k)
      if (!(std::fabs((*fill)->at(k)) >= 1e30))
        return unsupported(node, "the constant branch must be a mask fill "
                                 "(+-inf or a magnitude >= 1e30), got " +
                                     std::to_string((*fill)->at(k)));
    // mask = where(cond, 0, fill) (x is X) or where(cond, fill, 0).
    std::optional<HostTensor> mask = broadcastBinary(
        **cond, **fill, TensorProto::FLOAT, [xRuntime](double c, double f) {
          return (c != 0) == xRuntime ? 0.0 : f;
        });
    if (!mask)
      return unsupported(node, "the input shapes do not broadcast");
    auto shared = std::make_shared<HostTensor>(std::move(*mask));
    FailureOr<Value> m = materialize(*shared, elt, node.output(0) + "_mask");
    if (failed(m))
      return failure();
    FailureOr<Value> sum = binary(node, "Add", *x, *m);
    if (failed(sum))
      return failure();
    masks[*sum] = AdditiveMask{*x, m->getDefiningOp<g::ConstantOp>(), shared};
    return done(sum);
  }
  if (op == "LayerNormalization") {
    if (!extraOutputsUnused(1))
      return unsupported(node, "the Mean and InvStdDev outputs are not "
                               "supported (only Y may be used)");
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    Type elt = typeOf(*x).getElementType();
    if (!isa<FloatType>(elt))
      return unsupported(node, "only float tensors are supported");
    auto shape = typeOf(*x).getShape();
    int64_t rank = int64_t(shape.size());
    int64_t axis = normalizeAxis(intAttr(node, "axis", -1), rank);
    if (axis < 0)
      return unsupported(node, "the axis is out of range");
    // npu_graph.layer_norm normalises the last dimension: fold the
    // normalised dimensions into one.
    int64_t n = 1;
    for (int64_t d = axis; d < rank; ++d)
      n *= shape[d];
    SmallVector<int64_t> flat(shape.begin(), shape.begin() + axis);
    flat.push_back(n);
    Value input = reshape(*x, flat);
    auto param = [&](int i) -> FailureOr<Value> {
      if (!has(node, i))
        return Value();
      std::vector<int64_t> ps = shapeOf(node.input(i));
      int64_t count = std::accumulate(ps.begin(), ps.end(), int64_t(1),
                                      std::multiplies<int64_t>());
      if (count != n)
        return unsupported(node, "Scale and B must have the normalised "
                                 "shape (no broadcasting)");
      FailureOr<Value> v = in(i, elt);
      if (failed(v))
        return failure();
      return reshape(*v, {n});
    };
    FailureOr<Value> gamma = param(1), beta = param(2);
    if (failed(gamma) || failed(beta))
      return failure();
    Value y = g::LayerNormOp::create(
                  builder, loc, input.getType(), input, *gamma, *beta,
                  builder.getF64FloatAttr(floatAttr(node, "epsilon", 1e-5f)))
                  .getResult();
    return done(reshape(y, shape));
  }
  if (op == "Transpose") {
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    int64_t rank = typeOf(*x).getRank();
    std::vector<int64_t> perm;
    if (auto p = intsAttr(node, "perm"))
      perm = *p;
    else
      for (int64_t d = rank - 1; d >= 0; --d)
        perm.push_back(d);
    if (!isPermutation(perm, rank))
      return unsupported(node, "perm is not a permutation of the dimensions");
    return done(
        g::TransposeOp::create(builder, loc, *x, llvm::ArrayRef<int64_t>(perm))
            .getResult());
  }
  if (op == "Reshape" || op == "Flatten" || op == "Squeeze" ||
      op == "Unsqueeze") {
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    std::vector<int64_t> shape(typeOf(*x).getShape().begin(),
                               typeOf(*x).getShape().end());
    int64_t rank = int64_t(shape.size());
    std::vector<int64_t> target;
    if (op == "Reshape") {
      FailureOr<std::vector<int64_t>> t = constInts(node, 1);
      if (failed(t))
        return failure();
      FailureOr<std::vector<int64_t>> r =
          reshapeTarget(shape, *t, intAttr(node, "allowzero", 0) != 0);
      if (failed(r))
        return unsupported(node, "the target shape does not fit the input");
      target = *r;
    } else if (op == "Flatten") {
      int64_t axis = intAttr(node, "axis", 1);
      axis = axis < 0 ? axis + rank : axis;
      int64_t outer = 1, total = 1;
      for (int64_t d = 0; d < rank; ++d)
        (d < axis ? outer : total) *= shape[d];
      target = {outer, total};
    } else {
      std::vector<int64_t> axes;
      if (has(node, 1)) {
        FailureOr<std::vector<int64_t>> a = constInts(node, 1);
        if (failed(a))
          return failure();
        axes = *a;
      }
      if (op == "Unsqueeze") {
        int64_t outRank = rank + int64_t(axes.size());
        for (int64_t &a : axes)
          a = normalizeAxis(a, outRank);
        llvm::sort(axes);
        target = shape;
        for (int64_t a : axes) {
          if (a < 0)
            return unsupported(node, "an axis is out of range");
          target.insert(target.begin() + a, 1);
        }
      } else {
        for (int64_t d = 0; d < rank; ++d) {
          bool drop =
              axes.empty() ? shape[d] == 1 : llvm::any_of(axes, [&](int64_t a) {
                return normalizeAxis(a, rank) == d;
              });
          if (!drop)
            target.push_back(shape[d]);
        }
      }
    }
    return done(reshape(*x, target));
  }
  if (op == "Concat") {
    Type elt;
    for (int i = 0; i < node.input_size(); ++i)
      if (Value v = env[node.input(i)].value)
        elt = typeOf(v).getElementType();
    SmallVector<Value> parts;
    for (int i = 0; i < node.input_size(); ++i) {
      std::vector<int64_t> s = shapeOf(node.input(i));
      if (llvm::is_contained(s, 0))
        continue; // an empty part adds nothing
      FailureOr<Value> v = in(i, elt);
      if (failed(v))
        return failure();
      parts.push_back(*v);
    }
    if (parts.empty())
      return unsupported(node, "every input is empty");
    int64_t rank = typeOf(parts.front()).getRank();
    int64_t axis = normalizeAxis(intAttr(node, "axis", 0), rank);
    if (axis < 0)
      return unsupported(node, "the axis is out of range");
    SmallVector<int64_t> shape(typeOf(parts.front()).getShape());
    shape[axis] = 0;
    for (Value p : parts)
      shape[axis] += typeOf(p).getShape()[axis];
    if (parts.size() == 1)
      return done(parts.front());
    return done(g::ConcatOp::create(builder, loc,
                                    RankedTensorType::get(shape, elt), parts,
                                    builder.getI64IntegerAttr(axis))
                    .getResult());
  }
  if (op == "Slice" || op == "Split") {
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    std::vector<int64_t> shape(typeOf(*x).getShape().begin(),
                               typeOf(*x).getShape().end());
    int64_t rank = int64_t(shape.size());
    auto emitSlice = [&](SliceBox box) -> FailureOr<Value> {
      for (int64_t d = 0; d < rank; ++d)
        if (box.sizes[d] < 1)
          return unsupported(node, "the result is empty");
      // Negative steps: the dimension is taken whole by the slice, then
      // its elements are picked in order by takeAlong.
      std::vector<std::pair<int64_t, std::vector<int64_t>>> reversed;
      for (int64_t d = 0; d < rank; ++d)
        if (box.steps[d] < 0) {
          std::vector<int64_t> picks;
          for (int64_t k = 0; k < box.sizes[d]; ++k)
            picks.push_back(box.starts[d] + k * box.steps[d]);
          reversed.emplace_back(d, picks);
          box.starts[d] = 0;
          box.sizes[d] = shape[d];
          box.steps[d] = 1;
        }
      Value y = *x;
      if (box.sizes != shape)
        y = g::SliceOp::create(
                builder, loc,
                RankedTensorType::get(box.sizes, typeOf(*x).getElementType()),
                *x, box.starts, box.sizes, box.steps)
                .getResult();
      for (const auto &[d, picks] : reversed) {
        FailureOr<Value> taken = takeAlong(y, d, picks);
        if (failed(taken))
          return failure();
        y = *taken;
      }
      return y;
    };
    if (op == "Slice") {
      std::vector<int64_t> starts, ends, axes, steps;
      for (auto [i, out] : llvm::enumerate(std::vector<std::vector<int64_t> *>{
               &starts, &ends, &axes, &steps})) {
        if (!has(node, int(i) + 1))
          continue;
        FailureOr<std::vector<int64_t>> v = constInts(node, int(i) + 1);
        if (failed(v))
          return failure();
        *out = *v;
      }
      FailureOr<SliceBox> box = sliceBox(shape, starts, ends, axes, steps);
      if (failed(box))
        return unsupported(node, "bad starts, ends, axes or steps");
      return done(emitSlice(*box));
    }
    int64_t axis = normalizeAxis(intAttr(node, "axis", 0), rank);
    if (axis < 0)
      return unsupported(node, "the axis is out of range");
    std::vector<int64_t> sizes;
    if (has(node, 1)) {
      FailureOr<std::vector<int64_t>> v = constInts(node, 1);
      if (failed(v))
        return failure();
      sizes = *v;
    } else {
      int64_t parts = node.output_size();
      int64_t each = (shape[axis] + parts - 1) / parts;
      for (int64_t p = 0, left = shape[axis]; p < parts; ++p, left -= each)
        sizes.push_back(std::min(each, left));
    }
    if (int64_t(sizes.size()) != node.output_size())
      return unsupported(node, "split sizes do not match the outputs");
    int64_t start = 0;
    for (int o = 0; o < node.output_size(); ++o) {
      SliceBox box{std::vector<int64_t>(rank, 0), shape,
                   std::vector<int64_t>(rank, 1)};
      box.starts[axis] = start;
      box.sizes[axis] = sizes[o];
      start += sizes[o];
      FailureOr<Value> v = emitSlice(box);
      if (failed(v))
        return failure();
      setValue(node, o, *v);
    }
    return success();
  }
  if (op == "Gather") {
    Entry &data = env[node.input(0)];
    Entry &indices = env[node.input(1)];
    std::vector<int64_t> shape = shapeOf(node.input(0));
    int64_t rank = int64_t(shape.size());
    int64_t axis = normalizeAxis(intAttr(node, "axis", 0), rank);
    if (axis < 0)
      return unsupported(node, "the axis is out of range");
    if (indices.isConstant()) {
      // Constant indices: a strided slice when they are one, else a
      // gather with a constant index tensor.
      FailureOr<std::shared_ptr<HostTensor>> idx = hostOf(node.input(1));
      if (failed(idx))
        return failure();
      FailureOr<Value> x = in(0);
      if (failed(x))
        return failure();
      std::vector<int64_t> picks;
      for (int64_t k = 0; k < (*idx)->numElements(); ++k) {
        int64_t i = (*idx)->intAt(k);
        if (i < -shape[axis] || i >= shape[axis])
          return unsupported(node,
                             "index " + std::to_string(i) + " is out of range");
        picks.push_back(i < 0 ? i + shape[axis] : i);
      }
      if (picks.empty())
        return unsupported(node, "no indices");
      FailureOr<Value> joined = takeAlong(*x, axis, picks);
      if (failed(joined))
        return failure();
      std::vector<int64_t> out(shape.begin(), shape.begin() + axis);
      std::vector<int64_t> is = (*idx)->shape;
      out.insert(out.end(), is.begin(), is.end());
      out.insert(out.end(), shape.begin() + axis + 1, shape.end());
      return done(reshape(*joined, out));
    }
    // Run-time indices: npu_graph.gather selects rows of dimension 0, so
    // another axis is moved to the front and back.
    FailureOr<Value> table = in(0);
    FailureOr<Value> ids = in(1, IntegerType::get(&context, 32));
    if (failed(table) || failed(ids))
      return failure();
    (void)data;
    if (!typeOf(*ids).getElementType().isInteger(32))
      return unsupported(node, "the indices must be int32 or int64");
    Value t = *table;
    std::vector<int64_t> perm;
    if (axis != 0) {
      perm.push_back(axis);
      for (int64_t d = 0; d < rank; ++d)
        if (d != axis)
          perm.push_back(d);
      t = g::TransposeOp::create(builder, loc, t, llvm::ArrayRef(perm))
              .getResult();
    }
    auto tshape = typeOf(t).getShape();
    auto ishape = typeOf(*ids).getShape();
    SmallVector<int64_t> gshape(ishape.begin(), ishape.end());
    gshape.append(tshape.begin() + 1, tshape.end());
    Value y =
        g::GatherOp::create(
            builder, loc,
            RankedTensorType::get(gshape, typeOf(t).getElementType()), t, *ids)
            .getResult();
    if (axis != 0) {
      // y is [ids..., other dims in order]; put ids back at `axis`.
      int64_t ir = int64_t(ishape.size());
      std::vector<int64_t> back;
      for (int64_t d = 0; d < axis; ++d)
        back.push_back(ir + d);
      for (int64_t d = 0; d < ir; ++d)
        back.push_back(d);
      for (int64_t d = axis + 1; d < rank; ++d)
        back.push_back(ir + d - 1);
      y = g::TransposeOp::create(builder, loc, y, llvm::ArrayRef(back))
              .getResult();
    }
    return done(y);
  }
  if (op == "Cast") {
    FailureOr<Value> x = in(0);
    if (failed(x))
      return failure();
    int32_t to = int32_t(intAttr(node, "to", TensorProto::FLOAT));
    FailureOr<Type> elt = elementType(to, loc, "the Cast target");
    if (failed(elt))
      return failure();
    if (typeOf(*x).getElementType() == *elt)
      return done(*x);
    return done(g::CastOp::create(
                    builder, loc,
                    RankedTensorType::get(typeOf(*x).getShape(), *elt), *x)
                    .getResult());
  }
  if (op == "Expand") {
    FailureOr<Value> x = in(0);
    FailureOr<std::vector<int64_t>> target = constInts(node, 1);
    if (failed(x) || failed(target))
      return failure();
    Type elt = typeOf(*x).getElementType();
    auto shape = typeOf(*x).getShape();
    auto out = g::broadcastShapes(shape, *target);
    if (!out)
      return unsupported(node, "the shape does not broadcast with the input");
    if (llvm::ArrayRef<int64_t>(*out) == shape)
      return done(*x);
    if (!isa<FloatType>(elt))
      return unsupported(node, "only float tensors can be expanded at run "
                               "time");
    // x * ones, with ones only as large as the dimensions x lacks (exact:
    // multiplying by 1 changes no value).
    std::vector<int64_t> onesShape(out->begin(), out->end());
    size_t offset = onesShape.size() - shape.size();
    for (size_t d = 0; d < shape.size(); ++d)
      if (shape[d] == onesShape[offset + d])
        onesShape[offset + d] = 1;
    HostTensor ones = HostTensor::zeros(TensorProto::FLOAT, onesShape);
    for (double &v : ones.f)
      v = 1.0;
    FailureOr<Value> c = materialize(ones, elt, "ones");
    if (failed(c))
      return failure();
    return done(binary(node, "Mul", *x, *c));
  }
  if (op == "Range" || op == "ConstantOfShape")
    return unsupported(node,
                       "supported only when its inputs are known at compile "
                       "time (shape computations and masks, which the "
                       "importer folds); here an input is a run-time value. "
                       "Nearest supported alternative: a mask folded from "
                       "constants");
  return unsupported(node, "not supported; nearest supported alternative: " +
                               alternativeFor(op));
}

} // namespace

OwningOpRef<ModuleOp> importOnnxModel(llvm::StringRef bytes,
                                      llvm::StringRef path,
                                      MLIRContext &context,
                                      const ImportOptions &options) {
  Importer importer(context, path, options);
  return importer.run(bytes);
}

OwningOpRef<ModuleOp> importOnnxFile(llvm::StringRef path, MLIRContext &context,
                                     const ImportOptions &options) {
  Importer importer(context, path, options);
  return importer.runFile();
}

} // namespace npu::onnx_import
