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
  }];
}

class NpuGraph_Op<string mnemonic, list<Trait> traits = []>
    : Op<NpuGraph_Dialect, mnemonic, traits>;

#endif // NPU_GRAPH_DIALECT_TD
