//===- Attrs.td - Attributes of the npu_graph dialect ----------*- tablegen -*-===//

#ifndef NPU_GRAPH_ATTRS_TD
#define NPU_GRAPH_ATTRS_TD

include "npu_graph/Dialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/EnumAttr.td"

class NpuGraph_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<NpuGraph_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

//===----------------------------------------------------------------------===//
// GELU approximation
//===----------------------------------------------------------------------===//

def NpuGraph_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "how npu_graph.gelu evaluates the Gaussian CDF", [
      I32EnumAttrCase<"none", 0>,
      I32EnumAttrCase<"tanh", 1>
    ]> {
  let cppNamespace = "::npu::graph";
  let genSpecializedAttr = 0;
}

def NpuGraph_GeluApproximationAttr
    : EnumAttr<NpuGraph_Dialect, NpuGraph_GeluApproximation, "approximate"> {
  let summary = "GELU approximation: `none` (exact, with erf) or `tanh`";
  let description = [{
`none` is the exact GELU, `0.5 * x * (1 + erf(x / sqrt(2)))`; `tanh` is the
tanh approximation `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`
(PyTorch's `approximate="tanh"`). It is written bare in an operation:
`npu_graph.gelu %x approximate = tanh : tensor<16x3072xf32>`.
  }];
}

//===----------------------------------------------------------------------===//
// Reduction kind
//===----------------------------------------------------------------------===//

def NpuGraph_ReduceKind : I32EnumAttr<"ReduceKind",
    "what npu_graph.reduce computes over the reduced elements", [
      I32EnumAttrCase<"sum", 0>,
      I32EnumAttrCase<"mean", 1>,
      I32EnumAttrCase<"max", 2>,
      I32EnumAttrCase<"min", 3>,
      I32EnumAttrCase<"prod", 4>
    ]> {
  let cppNamespace = "::npu::graph";
  let genSpecializedAttr = 0;
}

def NpuGraph_ReduceKindAttr
    : EnumAttr<NpuGraph_Dialect, NpuGraph_ReduceKind, "reduce_kind"> {
  let summary = "reduction kind: `sum`, `mean`, `max`, `min` or `prod`";
  let description = [{
Written bare in an operation: `npu_graph.reduce sum %x axes = [1] : ...`.
  }];
}

//===----------------------------------------------------------------------===//
// Comparison predicate and logical kind
//===----------------------------------------------------------------------===//

def NpuGraph_ComparePredicate : I32EnumAttr<"ComparePredicate",
    "the comparison of npu_graph.compare", [
      I32EnumAttrCase<"eq", 0>,
      I32EnumAttrCase<"ne", 1>,
      I32EnumAttrCase<"lt", 2>,
      I32EnumAttrCase<"le", 3>,
      I32EnumAttrCase<"gt", 4>,
      I32EnumAttrCase<"ge", 5>
    ]> {
  let cppNamespace = "::npu::graph";
  let genSpecializedAttr = 0;
}

def NpuGraph_ComparePredicateAttr
    : EnumAttr<NpuGraph_Dialect, NpuGraph_ComparePredicate, "compare_predicate"> {
  let summary = "comparison: `eq`, `ne`, `lt`, `le`, `gt` or `ge`";
  let description = [{
Written bare in an operation: `npu_graph.compare lt %a, %b : ...`. The
values are in the order of the ISA's `cmp_pred` enumeration.
  }];
}

def NpuGraph_LogicalKind : I32EnumAttr<"LogicalKind",
    "the boolean operation of npu_graph.logical", [
      I32EnumAttrCase<"And", 0, "and">,
      I32EnumAttrCase<"Or", 1, "or">,
      I32EnumAttrCase<"Xor", 2, "xor">
    ]> {
  let cppNamespace = "::npu::graph";
  let genSpecializedAttr = 0;
}

def NpuGraph_LogicalKindAttr
    : EnumAttr<NpuGraph_Dialect, NpuGraph_LogicalKind, "logical_kind"> {
  let summary = "boolean operation: `and`, `or` or `xor`";
  let description = [{
Written bare in an operation: `npu_graph.logical and %a, %b : ...`.
  }];
}

//===----------------------------------------------------------------------===//
// External constant data
//===----------------------------------------------------------------------===//

def NpuGraph_ExternalAttr
    : NpuGraph_Attr<"External", "external", [TypedAttrInterface]> {
  let summary = "tensor data stored in a file outside the IR";
  let description = [{
The value of a large `npu_graph.constant` (a weight): the elements are read
from the raw file `path`, starting at byte `offset`, so that printing the IR
never prints the data.

```mlir
%w = npu_graph.constant #npu_graph.external<"weights.bin", 4096> : tensor<768x768xbf16>
```

- The file holds the elements densely in row-major order, little-endian, in
  the tensor's element type: `f32` 4 bytes, `bf16` 2 bytes (the upper half of
  an fp32), `i8` 1 byte, `i32` 4 bytes (two's complement). The constant takes
  `num_elements * element_size` bytes from `offset`; the file may hold more
  (several weights in one file).
- A relative `path` is relative to the directory of the `.mlir` file the
  constant was parsed from (its location); tools may override that base
  directory. An absolute path is used as is.
- The attribute's type (written after it) is the constant's tensor type.

Nothing checks the file when the IR is parsed or verified; consumers (the
reference interpreter, the compiler's constant emission) report a missing or
too short file.
  }];
  let parameters = (ins StringRefParameter<"file path">:$path,
                        "uint64_t":$offset,
                        AttributeSelfTypeParameter<"">:$type);
  let assemblyFormat = "`<` $path `,` $offset `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The constant's tensor type.
    ::mlir::RankedTensorType getTensorType() const {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
    /// Bytes the constant takes in the file.
    uint64_t getNumBytes() const;
  }];
}

#endif // NPU_GRAPH_ATTRS_TD
