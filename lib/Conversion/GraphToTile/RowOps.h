//===- RowOps.h - npu-tile-graph: softmax and normalisations ----*- C++ -*-===//
//
// Internal to lib/Conversion/GraphToTile: the lowering of the operations
// that reduce every row of their input (npu_graph.softmax, layer_norm,
// rms_norm) to npu_tile VPU ops on [tr, cols] SRAM tiles, and the softmax
// of one SRAM tile on its own, for kernels that compute the scores in SRAM
// (fused attention).
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_CONVERSION_GRAPHTOTILE_ROWOPS_H
#define NPU_LIB_CONVERSION_GRAPHTOTILE_ROWOPS_H

#include "target/Target.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>

namespace npu::graph_to_tile {

/// What the row-op lowering needs from the function being lowered.
struct RowOpEnv {
  mlir::OpBuilder &builder; // at the point where the op's code goes
  mlir::Block *entryBlock;  // constants and loop-invariant loads go first
  const npu::Target &target;
  uint64_t sramBudget;
  mlir::SymbolTable &symbols; // for the causal mask's memref.global
  /// The HBM memref holding a graph tensor.
  llvm::function_ref<mlir::Value(mlir::Value)> getMemRef;
  /// The HBM memref a graph result is computed into.
  llvm::function_ref<mlir::Value(mlir::Value)> destinationFor;
  /// An index constant (created once, at the start of the function).
  llvm::function_ref<mlir::Value(int64_t)> index;

  // A constructor rather than aggregate initialisation, so that leaving a
  // member out does not compile.
  RowOpEnv(mlir::OpBuilder &builder, mlir::Block *entryBlock,
           const npu::Target &target, uint64_t sramBudget,
           mlir::SymbolTable &symbols,
           llvm::function_ref<mlir::Value(mlir::Value)> getMemRef,
           llvm::function_ref<mlir::Value(mlir::Value)> destinationFor,
           llvm::function_ref<mlir::Value(int64_t)> index)
      : builder(builder), entryBlock(entryBlock), target(target),
        sramBudget(sramBudget), symbols(symbols), getMemRef(getMemRef),
        destinationFor(destinationFor), index(index) {}
};

/// npu_graph.softmax, layer_norm or rms_norm.
bool isRowOp(mlir::Operation *op);

/// Emits a located error and fails when `op` (a row op) has a form the
/// lowering does not handle (softmax along another axis than the last).
mlir::LogicalResult checkRowOp(mlir::Operation *op);

/// Lowers a row op: loops over the batch dims and [tr, cols] row tiles of
/// its input (tr from npu::cost::planRowOp), loading each tile, computing
/// the op's device numerics with VPU ops and storing it. Returns the HBM
/// memref of the result, or fails with a located error (e.g. a row too long
/// for SRAM).
mlir::FailureOr<mlir::Value> lowerRowOp(mlir::Operation *op, RowOpEnv &env);

/// The SRAM tiles of one softmax over the rows of a [rows, cols] tile.
/// Rewrites every npu_graph.reduce that is not a last-axis reduction of a
/// matrix ([M, N] -> [M, 1], keepdims) into transpose + reshape + such a
/// reduction + reshape (Reduce.cpp).
void moveReduceAxesLast(mlir::Operation *func);

struct SoftmaxTiles {
  mlir::Value input;  // the scores (f32 or bf16)
  mlir::Value mask;   // optional, [rows, cols]: +inf where visible, -inf
                      // where masked (any float type; bf16 holds both)
  mlir::Value work;   // [rows, cols] f32; may be `input` when it is f32
  mlir::Value column; // [rows, 1] f32: the row maxima, then sums
  mlir::Value output; // [rows, cols] probabilities (f32 or bf16); may be
                      // `input` or `work`
};

/// Emits npu_graph.softmax's device numerics on the rows of `tiles.input`:
/// with a mask, x = min(x, mask) (masked elements become -inf; a NaN stays
/// NaN); m = rmax(x); e = exp(x - m); s = rsum(e); r = recip(s); y = e * r.
void emitSoftmaxTile(mlir::OpBuilder &b, mlir::Location loc,
                     const SoftmaxTiles &tiles);

/// Whether a causal mask with `offset` masks anything in rows of `cols`
/// (some j > i + offset with i >= 0).
bool hasCausalMask(int64_t cols, int64_t offset);

/// The causal mask of a [rows, cols] score matrix as `min` operand of
/// emitSoftmaxTile: bf16 -inf at [i, j] with j > i + offset, +inf
/// elsewhere. Null when nothing is masked.
mlir::DenseElementsAttr getCausalMask(mlir::MLIRContext *ctx, int64_t rows,
                                      int64_t cols, int64_t offset);

/// The causal masks of all the row tiles of tileRows rows of a [rows, cols]
/// score matrix, in one [tileRows, cols + last] strip (last = the first row
/// of the last tile, (rows - 1) / tileRows * tileRows): the mask of the
/// tile at row r (a multiple of tileRows) is the strip's columns
/// [last - r, last - r + cols), i.e. the mask is a function of j - i. So
/// the constant is O(tileRows * (rows + cols)) rather than O(rows * cols).
/// Null when nothing is masked.
mlir::DenseElementsAttr getCausalMaskStrip(mlir::MLIRContext *ctx,
                                           int64_t tileRows, int64_t rows,
                                           int64_t cols, int64_t offset);

/// `mask` as a private constant memref.global in HBM (64-byte aligned,
/// named __causal_mask and uniqued by `env.symbols`), read at the builder's
/// point with memref.get_global.
mlir::Value getMaskGlobal(RowOpEnv &env, mlir::OpBuilder &b, mlir::Location loc,
                          mlir::DenseElementsAttr mask);

} // namespace npu::graph_to_tile

#endif
