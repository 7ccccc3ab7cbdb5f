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

An `npu_isa.program` holds the I/O signature, the constants, the scratch and
state sizes and the target name, and a sequence of `npu_isa.bundle`s; a
bundle holds at most one instruction per slot class and may be labelled
(`npu_isa.bundle @loop_end { ... }`) to be named by a branch or loop target.
Every instruction operation is generated from `NPUISA.td`; its attributes
are the encoded fields of the instruction, with the widths and signedness
of the encoding, and its syntax follows the assembler's:

```mlir
npu_isa.bundle {
  npu_isa.dma.copy sram[r4], hbm[r1], size = 65536, signal = s0
  npu_isa.addi r1, r1, 65536
}
npu_isa.bundle {
  npu_isa.loopi 2, @block_end
}
```

`npu-translate --npu-isa-to-npub` encodes a program into a `.npub` with the
runtime's encoder and writer; `--npub-to-npu-isa` goes back.
  }];
  let useDefaultAttributePrinterParser = 1;
}

class NpuIsa_Op<string mnemonic, list<Trait> traits = []>
    : Op<NpuIsa_Dialect, mnemonic, traits>;

#endif // NPU_ISA_DIALECT_TD
