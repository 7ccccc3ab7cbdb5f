// Target diagnostics.
//
// RUN: not npu-as %s -o %t.npub 2>&1 | FileCheck %s
// RUN: not npu-as %s -o %t.npub --target npu-v9 2>&1 | FileCheck %s --check-prefix=OVERRIDE
// RUN: not npu-as %s -o %t.npub --target %S/Inputs/missing.json 2>&1 | FileCheck %s --check-prefix=FILE

// CHECK: errors-target.s:[[@LINE+1]]:1: error: .target: unknown target 'npu-v7'; known targets: {{.*}}npu-v1
.target npu-v7
        halt

// OVERRIDE: errors-target.s: error: --target: unknown target 'npu-v9'; known targets: {{.*}}npu-v1
// FILE: errors-target.s: error: --target: {{.*}}missing.json{{.*}}
