// --emit graph: the canonicalized npu_graph program with the target set on
// the module.
// RUN: rm -rf %t && mkdir -p %t
// RUN: npu-compile %s --emit graph | FileCheck %s
// RUN: npu-compile %s --emit graph -o %t/graph.mlir && FileCheck %s < %t/graph.mlir
// The output parses again.
// RUN: npu-compile %t/graph.mlir --emit graph | FileCheck %s

// CHECK: module attributes {npu.target = "npu-v1"}
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[A:.*]]: tensor<4x8xbf16>, %[[B:.*]]: tensor<8x4xbf16>)
// The identity transpose folds away.
// CHECK-NOT: npu_graph.transpose
// CHECK: %[[C:.*]] = npu_graph.matmul %[[A]], %[[B]] : tensor<4x8xbf16>, tensor<8x4xbf16> -> tensor<4x4xf32>
// CHECK-NEXT: return %[[C]]

// --target sets npu.target (a name or a file).
// RUN: npu-compile %s --emit graph --target npu-tiny | FileCheck %s --check-prefix=TINY
// RUN: npu-compile %s --emit graph --target %npu_src/targets/npu-tiny.json | FileCheck %s --check-prefix=TINY-FILE
// TINY: module attributes {npu.target = "npu-tiny"}
// TINY-FILE: module attributes {npu.target = "{{.*}}targets/npu-tiny.json"}

// Without --target, a module's own npu.target is kept.
// RUN: npu-compile %s --emit graph --target npu-tiny | npu-compile --emit graph | FileCheck %s --check-prefix=TINY

// The standard MLIR options apply to the pipeline.
// RUN: npu-compile %s --emit graph --mlir-print-ir-after-all -o %t/x.mlir 2>&1 | FileCheck %s --check-prefix=AFTER-ALL
// AFTER-ALL: IR Dump After Canonicalizer (canonicalize)
// RUN: npu-compile %s --emit graph --mlir-timing -o %t/x.mlir 2>&1 | FileCheck %s --check-prefix=TIMING
// TIMING: Execution time report
// TIMING: parse
// TIMING: graph stage
// TIMING-NEXT: Canonicalizer
// RUN: npu-compile %s --emit graph --mlir-print-debuginfo | FileCheck %s --check-prefix=DEBUGINFO
// DEBUGINFO: loc(

func.func @main(%a: tensor<4x8xbf16>, %b: tensor<8x4xbf16>) -> tensor<4x4xf32> {
  %t = npu_graph.transpose %a permutation = [0, 1] : tensor<4x8xbf16> -> tensor<4x8xbf16>
  %0 = npu_graph.matmul %t, %b : tensor<4x8xbf16>, tensor<8x4xbf16> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
