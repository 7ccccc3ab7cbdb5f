//===- NpuTile.h - The npu_tile dialect -------------------------*- C++ -*-===//
//-*-===//
//
// The npu_tile dialect: memrefs in HBM/SRAM, asynchronous DMA with tokens,
// MXU and VPU compute on SRAM tiles. Besides the generated classes this
// header exposes the layout rules the verifiers apply (SRAM tiles, DMA
// shapes) so that the lowering to npu_isa computes instruction fields with
// exactly the same rules.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TILE_NPU_TILE_H
#define NPU_TILE_NPU_TILE_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

#include "npu_tile/Dialect.h.inc"
#include "npu_tile/Enums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "npu_tile/Attrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "npu_tile/Types.h.inc"

#define GET_OP_CLASSES
#include "npu_tile/Ops.h.inc"

namespace npu::tile {

/// The `#npu_tile.space` of a memref type, or nullopt if `type` is not a
/// memref or has another (or no) memory space.
std::optional<MemorySpace> getMemorySpace(mlir::Type type);

/// True if `type` is a memref in `space`.
bool isInSpace(mlir::Type type, MemorySpace space);

/// The ISA `dtype` encoding of an element type (fp32 = 0, bf16 = 1, int8 = 2,
/// int32 = 3, int4 = 4), or nullopt for a type the engines do not support.
std::optional<unsigned> getIsaDType(mlir::Type elementType);

/// Bits of one element of a supported element type (32, 16, 8, 32, 4), or 0.
unsigned getElementBits(mlir::Type elementType);

/// Callback that starts an error diagnostic; may be null for silent checks.
using EmitErrorFn = llvm::function_ref<mlir::InFlightDiagnostic()>;

/// A 2-D SRAM tile as `mxu.matmul` and the `vpu.*` instructions see it.
struct TileLayout {
  int64_t rows = 0;
  int64_t cols = 0;
  /// Row stride in bytes (the `ld` fields). When rows <= 1 the stride is
  /// irrelevant to the hardware and this is the size of one row.
  int64_t rowStrideBytes = 0;
};

/// Checks that `type` can be an MXU/VPU operand (SRAM, rank 2, static shape
/// that fits the 16-bit rows/cols fields, supported element type, static
/// strides, innermost stride 1, row stride covering a row, i4 rows on byte
/// boundaries) and returns its layout. `what` names the operand in
/// diagnostics.
mlir::FailureOr<TileLayout> getTileLayout(mlir::Type type, llvm::StringRef what,
                                          EmitErrorFn emitError = {});

/// One outer dimension of a `dma.copy` (n1, n2 or n3 and the byte strides).
struct DmaDim {
  int64_t count = 1;
  int64_t srcStrideBytes = 0;
  int64_t dstStrideBytes = 0;
};

/// A memref copy mapped onto one `dma.copy`: `runBytes` contiguous bytes
/// (the `size` field) repeated over `dims` (innermost first: dims[0] is n1).
/// A copy of zero elements has runBytes == 0 and no dims.
struct DmaShape {
  int64_t runBytes = 0;
  llvm::SmallVector<DmaDim, 3> dims;
};

/// Maps a copy from `src` to `dst` onto one `dma.copy` following the rules
/// documented on `npu_tile.dma` (drop unit dims, merge dims contiguous on
/// both sides, at most 3 outer dims, field widths, no zero destination
/// stride, i4 byte alignment).
mlir::FailureOr<DmaShape> getDmaShape(mlir::MemRefType src,
                                      mlir::MemRefType dst,
                                      EmitErrorFn emitError = {});

} // namespace npu::tile

#endif // NPU_TILE_NPU_TILE_H
