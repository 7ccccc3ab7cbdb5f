//===- Views.h - npu-tile-graph: views, copies and batch loops --*- C++ -*-===//
//
// Internal to lib/Conversion/GraphToTile: the memref views, synchronous
// copies and batch loops that every kernel of npu-tile-graph (elementwise
// and matmul groups, row ops, fused attention, data movement) builds.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_CONVERSION_GRAPHTOTILE_VIEWS_H
#define NPU_LIB_CONVERSION_GRAPHTOTILE_VIEWS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>

namespace npu::graph_to_tile {

/// A subview of `memref` at `offsets` with `sizes` (unit strides) whose
/// unit dims are dropped (one kept if all are unit); `memref` itself when
/// that is the whole of it. Both sides of a copy are such views.
mlir::Value dropUnitSubview(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value memref,
                            llvm::ArrayRef<mlir::OpFoldResult> offsets,
                            llvm::ArrayRef<int64_t> sizes);

/// Calls `body(offsets)` for every index of the batch dims `dims` after
/// `prefix`: nested scf.for loops (bounds from `index`), offset 0 for dims
/// of size 1.
void forBatch(
    mlir::OpBuilder &b, mlir::Location loc,
    llvm::function_ref<mlir::Value(int64_t)> index,
    llvm::ArrayRef<int64_t> dims, llvm::SmallVector<mlir::OpFoldResult> prefix,
    llvm::function_ref<void(llvm::ArrayRef<mlir::OpFoldResult>)> body);

/// Calls `body(r, rs)` for the row tiles [r, r + rs) of `rows` rows, `tr`
/// at a time: an scf.for over the full tiles (bounds from `index`; the
/// constant 0 when there is one), then the partial last one.
void forRowTiles(mlir::OpBuilder &b, mlir::Location loc,
                 llvm::function_ref<mlir::Value(int64_t)> index, int64_t rows,
                 int64_t tr,
                 llvm::function_ref<void(mlir::OpFoldResult, int64_t)> body);

} // namespace npu::graph_to_tile

#endif // NPU_LIB_CONVERSION_GRAPHTOTILE_VIEWS_H
