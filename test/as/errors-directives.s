// Directive and data diagnostics.
//
// RUN: not npu-as %s -o %t.npub --max-errors 100 2>&1 | FileCheck %s --implicit-check-not=error:

// CHECK: errors-directives.s:[[@LINE+1]]:1: error: unknown directive .inputs; directives: .u8, .i8, .u16, .i16, .u32, .i32, .u64, .i64, .f32, .bf16, .target, .input, .output, .scratch, .state, .text, .const, .state_init, .align, .zero, .incbin
.inputs x fp32 [1]
// CHECK: errors-directives.s:[[@LINE+1]]:10: error: unknown element type 'fp16'; valid: fp32, bf16, int8, int32, int4
.input x fp16 [1]
// CHECK: errors-directives.s:[[@LINE+1]]:16: error: dimension -1 is negative
.input x fp32 [-1]
// CHECK: errors-directives.s:[[@LINE+1]]:14: error: .input needs a shape such as [2, 3] after the element type ([] for a scalar)
.input x fp32
// CHECK: errors-directives.s:[[@LINE+1]]:20: error: expected ']' to end the shape
.input x fp32 [1, 2
// CHECK: errors-directives.s:[[@LINE+1]]:15: error: rank 9 exceeds the maximum of 8
.input x fp32 [1,1,1,1,1,1,1,1,1]
.input y fp32 [1]
// CHECK: errors-directives.s:[[@LINE+1]]:9: error: duplicate tensor name 'y' (first declared at line [[@LINE-1]])
.output y fp32 [1]
.scratch 16
// CHECK: errors-directives.s:[[@LINE+1]]:1: error: duplicate .scratch (first given at line [[@LINE-1]], column 1)
.scratch 32
// CHECK: errors-directives.s:[[@LINE+1]]:8: error: value -1 out of range for '.state' (64-bit unsigned: 0..18446744073709551615)
.state -1
// CHECK: errors-directives.s:[[@LINE+1]]:7: error: .state needs a size in bytes
.state
// CHECK: errors-directives.s:[[@LINE+1]]:1: error: .u8 belongs in a data section; switch with .const (or .state_init) first
.u8 1
// CHECK: errors-directives.s:[[@LINE+1]]:7: error: .text takes no arguments
.text x
        halt
.const
// CHECK: errors-directives.s:[[@LINE+1]]:9: error: instruction in the .const section; switch back with .text
        nop
// CHECK: errors-directives.s:[[@LINE+1]]:8: error: value 256 out of range for '.u8 value' (8-bit unsigned: 0..255)
.u8 1, 256
// CHECK: errors-directives.s:[[@LINE+1]]:5: error: value 128 out of range for '.i8 value' (8-bit signed: -128..127)
.i8 128
// CHECK: errors-directives.s:[[@LINE+1]]:8: error: expected a value
.u32 1,
// CHECK: errors-directives.s:[[@LINE+1]]:5: error: .u16 needs at least one value
.u16
// CHECK: errors-directives.s:[[@LINE+1]]:6: error: float '1e39' out of range of f32 (largest finite: 3.4028235e+38)
.f32 1e39
// CHECK: errors-directives.s:[[@LINE+1]]:7: error: float '3.4e38' out of range of bf16 (largest finite: 3.3895314e+38)
.bf16 3.4e38
// CHECK: errors-directives.s:[[@LINE+1]]:6: error: undefined symbol 'later_undefined'
.u64 later_undefined
// CHECK: errors-directives.s:[[@LINE+1]]:8: error: .align 3: the alignment must be a power of two
.align 3
// CHECK: errors-directives.s:[[@LINE+1]]:9: error: .incbin: cannot read '{{.*}}Inputs/missing.bin': No such file or directory
.incbin "Inputs/missing.bin"
// CHECK: errors-directives.s:[[@LINE+1]]:9: error: .incbin: expected a quoted string (the file path)
.incbin Inputs/blob.bin
// CHECK: errors-directives.s:[[@LINE+1]]:7: error: the .const section would exceed 4294967296 bytes
.zero 0x100000000
.state_init
.u8 1, 2, 3
// CHECK: errors-directives.s:[[@LINE+1]]:13: error: .target takes one target name or file
.target npu v1
