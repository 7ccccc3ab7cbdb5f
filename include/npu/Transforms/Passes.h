//===- Passes.h - Tile-level transforms of the npu compiler -----*- C++ -*-===//
//
// Declarations of the passes in include/npu/Transforms/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TRANSFORMS_PASSES_H
#define NPU_TRANSFORMS_PASSES_H

#include "npu_tile/NpuTile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>
#include <string>

namespace npu {

#define GEN_PASS_DECL
#include "npu/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "npu/Transforms/Passes.h.inc"

} // namespace npu

#endif // NPU_TRANSFORMS_PASSES_H
