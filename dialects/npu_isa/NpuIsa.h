//===- NpuIsa.h - The npu_isa dialect ------------------------------*- C++ -*-===//

#ifndef NPU_ISA_NPU_ISA_H
#define NPU_ISA_NPU_ISA_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "npu_isa/Dialect.h.inc"

#define GET_OP_CLASSES
#include "npu_isa/Ops.h.inc"

#endif
