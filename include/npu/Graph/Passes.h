//===- Passes.h - Graph-level transforms of the npu compiler ----*- C++ -*-===//
//
// Declarations of the passes in include/npu/Graph/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_GRAPH_PASSES_H
#define NPU_GRAPH_PASSES_H

#include "npu_graph/NpuGraph.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace npu {

#define GEN_PASS_DECL
#include "npu/Graph/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "npu/Graph/Passes.h.inc"

} // namespace npu

#endif // NPU_GRAPH_PASSES_H
