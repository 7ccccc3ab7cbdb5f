//===- Ops.td - Operations of the npu_tile dialect ------------*- tablegen -*-===//

#ifndef NPU_TILE_OPS_TD
#define NPU_TILE_OPS_TD

include "npu_tile/Dialect.td"

#endif // NPU_TILE_OPS_TD
