//===- Onnx.h - ONNX model import to npu_graph ------------------*- C++ -*-===//
//
// Reads an ONNX model (the official protobuf schema from Debian's
// libonnx-dev), validates it with the ONNX checker and shape inference, and
// builds an npu_graph function from it. docs/Onnx.md describes the supported
// operators, the constant folding of shape sub-graphs and the errors.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_IMPORT_ONNX_H
#define NPU_IMPORT_ONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace npu::onnx_import {

/// The default-domain opsets the importer accepts.
constexpr int64_t kMinOpset = 13;
constexpr int64_t kMaxOpset = 17;

struct ImportOptions {
  /// Static shapes for graph inputs, by input name (`--input-shape`). They
  /// replace the declared shape, which must have the same rank and agree on
  /// every static dimension.
  std::map<std::string, std::vector<int64_t>> inputShapes;
  /// The name of the generated function.
  std::string functionName = "main";
};

/// Parses "name=1x128" (a scalar: "name=scalar") into `options`; returns an
/// error message, or "" on success.
std::string parseInputShape(llvm::StringRef text, ImportOptions &options);

/// True when `path` ends in ".onnx" or `bytes` starts like a serialized
/// ModelProto (field 1, `ir_version`, as a varint), which no MLIR text does.
bool looksLikeOnnx(llvm::StringRef path, llvm::StringRef bytes);

/// Imports the serialized model `bytes` read from `path` (used for
/// locations and to find external data files). On failure, reports located
/// diagnostics on `context` and returns null.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxModel(llvm::StringRef bytes,
                                                  llvm::StringRef path,
                                                  mlir::MLIRContext &context,
                                                  const ImportOptions &options);

/// The same for the model in the file `path` (not standard input), which is
/// parsed as a stream: the weights are held once, in the ModelProto and then
/// in the resource blobs that take them over, instead of also in a copy of
/// the file. Prefer it for files; diagnostics are the same.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(llvm::StringRef path,
                                                 mlir::MLIRContext &context,
                                                 const ImportOptions &options);

} // namespace npu::onnx_import

#endif // NPU_IMPORT_ONNX_H
