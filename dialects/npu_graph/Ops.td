//===- Ops.td - Operations of the npu_graph dialect ------------*- tablegen -*-===//

#ifndef NPU_GRAPH_OPS_TD
#define NPU_GRAPH_OPS_TD

include "npu_graph/Dialect.td"

#endif // NPU_GRAPH_OPS_TD
