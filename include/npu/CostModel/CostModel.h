//===- CostModel.h - The NPU cost model ------------------------*- C++ -*-===//
//
// Roofline bounds, matmul tiling and elementwise tiling for a target, with
// estimates that follow the simulator's timing model. Plain C++ (Abseil and
// the runtime's target description), so passes and tests use it without
// MLIR. See docs/CostModel.md.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_COSTMODEL_COSTMODEL_H
#define NPU_COSTMODEL_COSTMODEL_H

#include "npu/CostModel/AttentionTiling.h"
#include "npu/CostModel/ElementwiseTiling.h"
#include "npu/CostModel/Hardware.h"
#include "npu/CostModel/MatmulTiling.h"
#include "npu/CostModel/Roofline.h"
#include "npu/CostModel/RowOpTiling.h"

#endif
