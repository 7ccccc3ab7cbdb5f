//===- Gather.h - npu-tile-graph: embedding lookups -------------*- C++ -*-===//
//
// Internal to lib/Conversion/GraphToTile: the lowering of npu_graph.gather
// to npu_tile.gather (one dma.gather per at most 65535 rows, HBM to HBM).
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_CONVERSION_GRAPHTOTILE_GATHER_H
#define NPU_LIB_CONVERSION_GRAPHTOTILE_GATHER_H

#include "RowOps.h"

namespace npu::graph_to_tile {

/// Emits a located error and fails when the gather has a form the lowering
/// does not handle (an element type the DMA cannot copy, sizes past the
/// dma.gather fields).
mlir::LogicalResult checkGather(mlir::Operation *op);

/// Lowers npu_graph.gather: the table viewed as [v, d], the indices as [n],
/// the result as [n, d], copied by npu_tile.gather (waited at once) in
/// chunks of at most 65535 rows. Returns the HBM memref of the result.
mlir::FailureOr<mlir::Value> lowerGather(mlir::Operation *op, RowOpEnv &env);

} // namespace npu::graph_to_tile

#endif
