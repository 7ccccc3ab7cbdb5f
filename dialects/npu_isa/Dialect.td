//===- Dialect.td - The npu_isa dialect ----------------------*- tablegen -*-===//

#ifndef NPU_ISA_DIALECT_TD
#define NPU_ISA_DIALECT_TD

include "mlir/IR/OpBase.td"

def NpuIsa_Dialect : Dialect {
  let name = "npu_isa";
  let cppNamespace = "::npu::isa";
  let summary = "One operation per machine instruction, bundles and semaphores";
  let description = [{
The machine level: one operation per instruction of the npu ISA, generated
from the ISA's single TableGen source (include/npu/ISA/NPUISA.td) by
npu-tblgen, grouped into VLIW bundles, with concrete addresses, registers and
semaphores. Emission to .npub starts here.
  }];
}

class NpuIsa_Op<string mnemonic, list<Trait> traits = []>
    : Op<NpuIsa_Dialect, mnemonic, traits>;

#endif // NPU_ISA_DIALECT_TD
