// npu-compile's option and input errors: a message naming the problem, exit
// status 1, and no output file (an existing one is left untouched).
// RUN: rm -rf %t && mkdir -p %t
// RUN: echo old > %t/out.npub

// RUN: not npu-compile %s --target no-such-target -o %t/out.npub 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: npu-compile: error: --target 'no-such-target': unknown target 'no-such-target'; known targets: {{.*}}npu-tiny, npu-v1

// RUN: not npu-compile %s --target %t/missing.json --emit graph 2>&1 | FileCheck %s --check-prefix=TARGET-FILE
// TARGET-FILE: npu-compile: error: --target '{{.*}}missing.json':

// RUN: not npu-compile %s --emit bogus 2>&1 | FileCheck %s --check-prefix=EMIT
// EMIT: npu-compile: for the --emit option: Cannot find option named 'bogus'!

// RUN: not npu-compile %t/no-such-file.mlir -o %t/out.npub 2>&1 | FileCheck %s --check-prefix=INPUT
// INPUT: npu-compile: error: cannot open input file '{{.*}}no-such-file.mlir': No such file or directory

// A bad npu.target in the module is reported at the module.
// RUN: not npu-compile %S/Inputs/bad-target.mlir --emit graph 2>&1 | FileCheck %s --check-prefix=MODULE-TARGET
// MODULE-TARGET: bad-target.mlir:2:1: error: target 'npu-v0': unknown target 'npu-v0'

// Parse and verifier errors are located.
// RUN: not npu-compile %S/Inputs/invalid.mlir -o %t/out.npub 2>&1 | FileCheck %s --check-prefix=INVALID
// INVALID: invalid.mlir:3:8: error: 'npu_graph.matmul' op

// RUN: cat %t/out.npub | FileCheck %s --check-prefix=UNTOUCHED
// UNTOUCHED: old

func.func @main(%a: tensor<4x8xbf16>, %b: tensor<8x4xbf16>) -> tensor<4x4xf32> {
  %0 = npu_graph.matmul %a, %b : tensor<4x8xbf16>, tensor<8x4xbf16> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
