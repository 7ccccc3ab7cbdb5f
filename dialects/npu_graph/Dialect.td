//===- Dialect.td - The npu_graph dialect ----------------------*- tablegen -*-===//

#ifndef NPU_GRAPH_DIALECT_TD
#define NPU_GRAPH_DIALECT_TD

include "mlir/IR/OpBase.td"

def NpuGraph_Dialect : Dialect {
  let name = "npu_graph";
  let cppNamespace = "::npu::graph";
  let summary = "Transformer operations on tensors (value semantics)";
  let description = [{
The graph level of the npu compiler: the operations a transformer needs
(matmul, elementwise arithmetic with broadcasting, normalisations, softmax,
activations, data movement, attention, quantisation) on ranked tensors with
value semantics. Importers produce it; the tiling passes consume it. Large
constants are stored outside the IR text.

Conventions shared by all operations:

- Tensors are ranked with static shapes; element types are `f32`, `bf16`,
  `i8` and `i32`. Arithmetic operations take floating-point tensors (`f32`,
  `bf16`); `i8`/`i32` appear in quantised data, integer matmuls and indices.
- Elementwise binary operations broadcast like NumPy: shapes are aligned at
  their last dimension, and two sizes are compatible when they are equal or
  one of them is 1.
- Negative axes count from the end (`-1` is the last dimension).
- Each operation's description gives its mathematical meaning and, under
  "Device numerics", the exact sequence of fp32 steps the device follows;
  the reference interpreter (`lib/Reference`) implements both. In the device
  numerics, a result of type `bf16` is rounded to bf16 (nearest even) once,
  when it is stored; intermediate values are fp32. The element functions are
  those of `docs/ISA.md`, "Numerics".
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
}

class NpuGraph_Op<string mnemonic, list<Trait> traits = []>
    : Op<NpuGraph_Dialect, mnemonic, traits>;

#endif // NPU_GRAPH_DIALECT_TD
