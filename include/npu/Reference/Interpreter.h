//===- Interpreter.h - Reference interpreter for npu_graph -----*- C++ -*-===//
//
// Evaluates a func.func of npu_graph operations on the host. Two numerics:
//
//  - fp32 (the default): the mathematical meaning of every operation in fp32,
//    with double where it helps (sums of matmul, softmax and normalisations,
//    transcendental functions). Values of bf16 tensors are kept in fp32
//    (never rounded to bf16), so this is a golden result to compare a device
//    result against with a tolerance.
//  - device numerics (InterpreterOptions::deviceNumerics): the steps given
//    under "Device numerics" in each operation's description
//    (docs/dialects/npu_graph.md), with the element arithmetic of
//    runtime/src/sim/Numerics.h: bf16 tensors are stored rounded to bf16
//    (nearest even), matmul operands are rounded to bf16 and accumulate in
//    fp32 sequentially over k, reductions are sequential fp32 sums, and the
//    transcendental functions are the simulator's. A compiled program that
//    follows those steps matches this bit for bit.
//
// Integer tensors (i8, i32) hold exact integers in both numerics.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_REFERENCE_INTERPRETER_H
#define NPU_REFERENCE_INTERPRETER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
class ModuleOp;
class Type;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace npu::graph {
class ConstantOp;
} // namespace npu::graph

namespace npu::reference {

/// The element types of npu_graph tensors.
/// I1 is a boolean (MLIR i1), stored as one byte holding 0 or 1.
enum class ElementType : uint8_t { F32, BF16, I8, I32, I1 };

/// "f32", "bf16", "i8", "i32", "i1" (as MLIR spells them).
const char *getElementTypeName(ElementType type);
/// Bytes per element in memory and in external constant files.
unsigned getElementSize(ElementType type);
bool isFloat(ElementType type);
/// The ElementType of an MLIR element type, if it is one of the five.
std::optional<ElementType> getElementType(mlir::Type type);
mlir::Type getMlirType(ElementType type, mlir::MLIRContext *context);

/// `value` converted to `type`: fp32 rounding (nearest even) for f32, bf16
/// rounding for bf16, round half to even and saturation for integers (NaN
/// becomes 0). The conversion of `npu_graph.cast` with device numerics.
double roundToElementType(ElementType type, double value);

/// A host tensor: row-major values with a shape and an element type. Every
/// value is held as a double, which represents f32, bf16, i8 and i32 values
/// exactly; the element type says which values are meaningful.
class Tensor {
public:
  Tensor() = default;
  /// A tensor of zeros.
  Tensor(ElementType type, llvm::ArrayRef<int64_t> shape);
  /// `values` (row-major, one per element) stored as given: each must be a
  /// value of the element type (use fromValues to round).
  Tensor(ElementType type, llvm::ArrayRef<int64_t> shape,
         std::vector<double> values);

  /// `values` rounded to the element type (roundToElementType).
  static Tensor fromValues(ElementType type, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<double> values);
  static Tensor fromFloats(ElementType type, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<float> values);
  /// Decodes `bytes`: the elements densely, row-major, little-endian (bf16 as
  /// the upper half of an fp32). Fails if the size is not exactly
  /// num_elements * element_size.
  static llvm::Expected<Tensor> fromBytes(ElementType type,
                                          llvm::ArrayRef<int64_t> shape,
                                          llvm::ArrayRef<uint8_t> bytes);

  ElementType getElementType() const { return type; }
  llvm::ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getRank() const { return int64_t(shape.size()); }
  int64_t getNumElements() const { return int64_t(values.size()); }
  llvm::ArrayRef<double> getValues() const { return values; }
  std::vector<double> &getMutableValues() { return values; }
  double operator[](int64_t index) const { return values[index]; }
  /// The element at a multi-dimensional index.
  double at(llvm::ArrayRef<int64_t> index) const;

  std::vector<float> toFloats() const;
  /// The encoding fromBytes reads; values are rounded to the element type.
  std::vector<uint8_t> toBytes() const;
  /// "tensor<2x3xf32> [[1, 2, 3], [4, 5, 6]]", for messages and debugging.
  std::string toString() const;

private:
  ElementType type = ElementType::F32;
  std::vector<int64_t> shape;
  std::vector<double> values;
};

struct InterpreterOptions {
  /// Follow the device's numerics instead of fp32 (see the file comment).
  bool deviceNumerics = false;
  /// The directory relative #npu_graph.external paths are resolved against.
  /// Empty: the directory of the file named by the constant's location (the
  /// .mlir file it was parsed from), or the current directory if the
  /// location has no file.
  std::string externalDataDir;
};

/// Evaluates `func` (one block of npu_graph operations ending in
/// func.return) on `inputs`, which must match the function's argument types
/// (shape and element type). Input values are first rounded to their element
/// type as the numerics store them. Returns one tensor per function result,
/// or an error naming the operation and its location (unsupported
/// operation, unreadable external constant, gather index out of range...).
llvm::Expected<std::vector<Tensor>>
interpret(mlir::func::FuncOp func, llvm::ArrayRef<Tensor> inputs,
          const InterpreterOptions &options = {});

/// Evaluates the function `name` of `module`.
llvm::Expected<std::vector<Tensor>>
interpret(mlir::ModuleOp module, llvm::StringRef name,
          llvm::ArrayRef<Tensor> inputs,
          const InterpreterOptions &options = {});

/// The value of an npu_graph.constant (dense, dense_resource or external
/// data), with external paths resolved as `interpret` does.
llvm::Expected<Tensor> evaluateConstant(npu::graph::ConstantOp op,
                                        const InterpreterOptions &options = {});

} // namespace npu::reference

#endif
