//===- NpuGraph.h - The npu_graph dialect ------------------------------*- C++ -*-===//

#ifndef NPU_GRAPH_NPU_GRAPH_H
#define NPU_GRAPH_NPU_GRAPH_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "npu_graph/Dialect.h.inc"

#define GET_OP_CLASSES
#include "npu_graph/Ops.h.inc"

#endif
