//===- NpuTile.cpp - The npu_tile dialect ----------------------------------------===//

#include "npu_tile/NpuTile.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace npu::tile;

#include "npu_tile/Dialect.cpp.inc"

void NpuTileDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "npu_tile/Ops.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "npu_tile/Ops.cpp.inc"
