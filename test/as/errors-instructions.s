// Instruction diagnostics: every error is reported, each with its line and
// column, and nothing is written.
//
// RUN: rm -f %t.npub
// RUN: not npu-as %s -o %t.npub --max-errors 100 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.npub

// CHECK: errors-instructions.s:[[@LINE+1]]:9: error: unknown instruction 'ad'; did you mean 'add'?
        ad r1, r2, r3
// CHECK: errors-instructions.s:[[@LINE+1]]:9: error: unknown instruction 'frobnicate'{{$}}
        frobnicate r1
// CHECK: errors-instructions.s:[[@LINE+1]]:19: error: missing operand 'rs2': 'add' takes rd, rs1, rs2
        add r1, r2
// CHECK: errors-instructions.s:[[@LINE+1]]:25: error: too many positional operands: 'add' takes 3 (rd, rs1, rs2)
        add r1, r2, r3, r4
// CHECK: errors-instructions.s:[[@LINE+1]]:17: error: bad register 'r32': registers are r0..r31
        add r1, r32, r3
// CHECK: errors-instructions.s:[[@LINE+1]]:13: error: expected a register (r0..r31) for 'rd', got 'x1'
        mov x1, r2
// CHECK: errors-instructions.s:[[@LINE+1]]:22: error: value 2147483648 out of range for 'imm' (32-bit signed: -2147483648..2147483647)
        addi r1, r2, 0x80000000
// CHECK: errors-instructions.s:[[@LINE+1]]:17: error: value 65536 out of range for 'idx' (16-bit unsigned: 0..65535)
        arg r1, 65536
// CHECK: errors-instructions.s:[[@LINE+1]]:12: error: undefined symbol 'nowhere'
        br nowhere
// CHECK: errors-instructions.s:[[@LINE+1]]:18: error: bad semaphore 's255': semaphores are s0..s254 (or none)
        sem.wait s255
// CHECK: errors-instructions.s:[[@LINE+1]]:31: error: duplicate operand 'count' (first given at column 14)
        sem.wait s1, count=1, count=2
// CHECK: errors-instructions.s:[[@LINE+1]]:24: error: unknown operand 'cnt' for 'sem.signal'; valid: count
        sem.signal s1, cnt=1
// CHECK: errors-instructions.s:[[@LINE+1]]:37: error: missing operand 'size' (written name=value)
        dma.copy sram[r1], hbm[r2+8]
// CHECK: errors-instructions.s:[[@LINE+1]]:18: error: unknown space 'dram' for 'dst space'; valid: hbm, sram
        dma.copy dram[r1], hbm[r2], size=4
// CHECK: errors-instructions.s:[[@LINE+1]]:26: error: value 4294967296 out of range for 'dst offset' (32-bit signed: -2147483648..2147483647)
        dma.copy sram[r1+0x100000000], hbm[r2], size=4
// CHECK: errors-instructions.s:[[@LINE+1]]:59: error: value 16 out of range for 'ch' (4-bit unsigned: 0..15)
        dma.copy sram[r1], hbm[r2], size=4, signal=s1, ch=16
// CHECK: errors-instructions.s:[[@LINE+1]]:79: error: unknown mxu_mode 'fp8' for 'mode'; valid: bf16, int8, w8, w4
        mxu.matmul [r1], [r2], [r3], m=1, k=1, n=1, lda=1, ldb=1, ldc=1, mode=fp8
// CHECK: errors-instructions.s:[[@LINE+1]]:78: error: value 2 out of range for 'acc' (a flag: 0 or 1)
        mxu.matmul [r1], [r2], [r3], m=1, k=1, n=1, lda=1, ldb=1, ldc=1, acc=2
// CHECK: errors-instructions.s:[[@LINE+1]]:78: error: bad float '1.5.5': expected a decimal or hex float, inf or nan
        vpu.add [r1], [r2], rows=1, cols=1, dst_ld=4, a_ld=4, bcast=imm, imm=1.5.5
// CHECK: errors-instructions.s:[[@LINE+1]]:78: error: float '1e39' out of range of f32 (largest finite: 3.4028235e+38)
        vpu.add [r1], [r2], rows=1, cols=1, dst_ld=4, a_ld=4, bcast=imm, imm=1e39
// CHECK: errors-instructions.s:[[@LINE+1]]:39: error: 'rd' is a positional operand; write it without 'rd='
        halt ; nop ; mov r1, r2 ; mov rd=r1, r2
        halt
