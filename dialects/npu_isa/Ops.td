//===- Ops.td - Operations of the npu_isa dialect ------------*- tablegen -*-===//

#ifndef NPU_ISA_OPS_TD
#define NPU_ISA_OPS_TD

include "npu_isa/Dialect.td"

#endif // NPU_ISA_OPS_TD
