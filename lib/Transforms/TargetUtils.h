//===- TargetUtils.h - Target lookup for the tile transforms ----*- C++ -*-===//

#ifndef NPU_LIB_TRANSFORMS_TARGETUTILS_H
#define NPU_LIB_TRANSFORMS_TARGETUTILS_H

#include "target/Target.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <optional>

namespace npu {

/// Loads the target named by `option` if not empty, else by the module's
/// `npu.target` string attribute, else npu-v1. Emits an error on `module`
/// and returns nullopt when the target cannot be read.
std::optional<Target> loadModuleTarget(mlir::ModuleOp module,
                                       llvm::StringRef option);

/// Root buffer of a memref value: follows the sources of view-like ops
/// (subview, cast, reshapes...). Returns the value itself when it is not
/// the result of a view.
mlir::Value getRootBuffer(mlir::Value value);

/// The SRAM high-water mark npu-place-memory would reach on `func` with
/// alignment `align` (PlaceMemory.cpp).
int64_t computeSramPeak(mlir::func::FuncOp func, int64_t align);

} // namespace npu

#endif // NPU_LIB_TRANSFORMS_TARGETUTILS_H
