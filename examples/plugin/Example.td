//===- Example.td - The out-of-tree plugin example -------*- tablegen -*-===//
//
// A dialect and a pass built outside npu-opt and loaded into it with
// --load-dialect-plugin / --load-pass-plugin (docs/Compiler.md, "Plugins").
//
//===----------------------------------------------------------------------===//

#ifndef NPU_EXAMPLE_TD
#define NPU_EXAMPLE_TD

include "mlir/IR/OpBase.td"
include "mlir/Pass/PassBase.td"

def NpuExample_Dialect : Dialect {
  let name = "npu_example";
  let summary = "An example dialect loaded into npu-opt as a plugin";
  let description = [{
Shows how a team extends the compiler without rebuilding it: the dialect is
compiled into a shared library that `npu-opt --load-dialect-plugin=LIB`
loads at start-up.
  }];
  let cppNamespace = "::npu::example";
}

def NpuExample_NoteOp : Op<NpuExample_Dialect, "note", []> {
  let summary = "a free-form note attached to the IR";
  let description = [{
Carries a string and has no effect. Notes survive every pass that leaves
unknown ops alone.

```mlir
npu_example.note "fused by hand"
```
  }];
  let arguments = (ins StrAttr:$text);
  let assemblyFormat = "$text attr-dict";
}

def NpuCountOps : Pass<"npu-count-ops", "::mlir::ModuleOp"> {
  let summary = "Report how many ops of each dialect the module holds";
  let description = [{
Emits one remark on the module per dialect, in alphabetical order:
`<dialect>: <N> ops`. An example of a pass loaded as a plugin with
`npu-opt --load-pass-plugin=LIB`; it depends on no npu library, only on
MLIR, so that the plugin and the tool share one copy of MLIR.
  }];
}

#endif // NPU_EXAMPLE_TD
