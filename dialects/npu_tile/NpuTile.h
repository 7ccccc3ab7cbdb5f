//===- NpuTile.h - The npu_tile dialect ------------------------------*- C++ -*-===//

#ifndef NPU_TILE_NPU_TILE_H
#define NPU_TILE_NPU_TILE_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "npu_tile/Dialect.h.inc"

#define GET_OP_CLASSES
#include "npu_tile/Ops.h.inc"

#endif
