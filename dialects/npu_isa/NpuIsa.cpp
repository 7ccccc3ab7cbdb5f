//===- NpuIsa.cpp - The npu_isa dialect ----------------------------------------===//

#include "npu_isa/NpuIsa.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace npu::isa;

#include "npu_isa/Dialect.cpp.inc"

void NpuIsaDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "npu_isa/Ops.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "npu_isa/Ops.cpp.inc"
