//===- NpuGraph.h - The npu_graph dialect ----------------------*- C++ -*-===//

#ifndef NPU_GRAPH_NPU_GRAPH_H
#define NPU_GRAPH_NPU_GRAPH_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

#include "npu_graph/Dialect.h.inc"
#include "npu_graph/Enums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "npu_graph/Attrs.h.inc"

namespace npu::graph {

/// The NumPy broadcast of two shapes (aligned at their last dimension, sizes
/// equal or 1), or std::nullopt if they are incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// The result type of an elementwise binary operation on `lhs` and `rhs`
/// (ranked tensors with the same element type): the broadcast shape with
/// their element type. Null if the shapes do not broadcast.
mlir::Type inferBroadcastType(mlir::Type lhs, mlir::Type rhs);

/// The result shape of npu_graph.matmul, or std::nullopt if the operands do
/// not fit (rank < 2, contracting sizes differ, batch dimensions do not
/// broadcast).
std::optional<llvm::SmallVector<int64_t>>
inferMatmulShape(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs,
                 bool transposeB);

/// "[4, 8]".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace npu::graph

#define GET_OP_CLASSES
#include "npu_graph/Ops.h.inc"

#endif
