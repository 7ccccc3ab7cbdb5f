//===- DataMovement.h - npu-tile-graph: slice, concat, broadcast -*- C++
//-*-===//
//
// Internal to lib/Conversion/GraphToTile: the lowering of the operations that
// only move data (npu_graph.slice and concat) to HBM-to-HBM npu_tile.dma
// copies of strided views, and the materialisation of a NumPy broadcast of a
// tensor into a full-shaped HBM buffer, for elementwise operands whose
// broadcast the VPU cannot do on a tile (size-1 dims other than a row or
// column, scalars).
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_CONVERSION_GRAPHTOTILE_DATAMOVEMENT_H
#define NPU_LIB_CONVERSION_GRAPHTOTILE_DATAMOVEMENT_H

#include "mlir/IR/Builders.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>

namespace npu::graph_to_tile {

/// What the data-movement lowering needs from the function being lowered.
struct MoveEnv {
  mlir::OpBuilder &builder; // at the point where the op's code goes
  /// The HBM memref holding a graph tensor.
  llvm::function_ref<mlir::Value(mlir::Value)> getMemRef;
  /// The HBM memref a graph result is computed into.
  llvm::function_ref<mlir::Value(mlir::Value)> destinationFor;
  /// An index constant (created once, at the start of the function).
  llvm::function_ref<mlir::Value(int64_t)> index;

  MoveEnv(mlir::OpBuilder &builder,
          llvm::function_ref<mlir::Value(mlir::Value)> getMemRef,
          llvm::function_ref<mlir::Value(mlir::Value)> destinationFor,
          llvm::function_ref<mlir::Value(int64_t)> index)
      : builder(builder), getMemRef(getMemRef), destinationFor(destinationFor),
        index(index) {}
};

/// npu_graph.slice or concat.
bool isDataMovementOp(mlir::Operation *op);

/// Lowers a slice or concat to HBM-to-HBM copies into the result's
/// destination; returns the HBM memref of the result.
mlir::FailureOr<mlir::Value> lowerDataMovementOp(mlir::Operation *op,
                                                 MoveEnv &env);

/// Copies the HBM view `src` to `dst` (same shape) with dma.copy, looping
/// over outer dims (scf.for) when one copy cannot describe it (more than 3
/// strided dims besides the contiguous run).
void copyView(mlir::OpBuilder &b, mlir::Location loc, mlir::Value src,
              mlir::Value dst, llvm::function_ref<mlir::Value(int64_t)> index);

/// A new HBM buffer of `shape` holding the NumPy broadcast of `memref` (its
/// shape aligned right, each dim equal or 1) to `shape`: the operand copied
/// once, then doubled along each broadcast dim by copies within the buffer.
mlir::Value
materializeBroadcast(mlir::OpBuilder &b, mlir::Location loc, mlir::Value memref,
                     llvm::ArrayRef<int64_t> shape,
                     llvm::function_ref<mlir::Value(int64_t)> index);

/// Rewrites every npu_graph.softmax of `func` along an axis other than the
/// last into transpose (the axis swapped with the last), softmax along the
/// last axis, transpose back: the row-op lowering only reduces rows, and the
/// transposes are HBM-to-HBM copies. The numerics stay the op's (one fp32
/// reduction per softmax row, whatever its layout).
void moveSoftmaxAxesLast(mlir::Operation *func);

} // namespace npu::graph_to_tile

#endif // NPU_LIB_CONVERSION_GRAPHTOTILE_DATAMOVEMENT_H
