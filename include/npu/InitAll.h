//===- InitAll.h - Register every npu dialect and pass ---------*- C++ -*-===//

#ifndef NPU_INITALL_H
#define NPU_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace npu {

/// The npu dialects and the upstream dialects the compiler uses.
void registerAllDialects(mlir::DialectRegistry &registry);
/// Every npu pass and pipeline, for npu-opt and npu-compile.
void registerAllPasses();

} // namespace npu

#endif
