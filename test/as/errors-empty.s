// A file without instructions.
//
// RUN: not npu-as %s -o %t.npub 2>&1 | FileCheck %s
// CHECK: errors-empty.s: error: no instructions: the program needs at least one
.scratch 16
.const
        .u8 1
