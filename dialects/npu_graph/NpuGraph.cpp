//===- NpuGraph.cpp - The npu_graph dialect ----------------------------------------===//

#include "npu_graph/NpuGraph.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace npu::graph;

#include "npu_graph/Dialect.cpp.inc"

void NpuGraphDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "npu_graph/Ops.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "npu_graph/Ops.cpp.inc"
