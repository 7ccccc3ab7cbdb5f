// The npu_isa syntax: printed as the assembler writes instructions (named
// operands only when they differ from their default), parsed back to the
// same IR, in the custom and the generic form.
// RUN: npu-opt %s | FileCheck %s
// RUN: npu-opt %s | npu-opt | FileCheck %s
// RUN: npu-opt %s --mlir-print-op-generic | npu-opt | FileCheck %s

// CHECK-LABEL: npu_isa.program @syntax target = "npu-v1"
// CHECK-SAME: inputs("x": tensor<4x8xf32>, "w": tensor<16xi4>) outputs("y y": tensor<4x8xbf16>)
// CHECK-SAME: scratch = 4096 state = 64 state_init = dense<[1, 2]> : tensor<2xi8>
// CHECK-SAME: constants = #npu_isa.external<path = "weights.bin", offset = 16, size = 1024>
// CHECK-SAME: attributes {flops = 1024 : i64} {
npu_isa.program @syntax target = "npu-v1"
    inputs("x": tensor<4x8xf32>, "w": tensor<16xi4>)
    outputs("y y": tensor<4x8xbf16>)
    scratch = 4096 state = 64 state_init = dense<[1, 2]> : tensor<2xi8>
    constants = #npu_isa.external<path = "weights.bin", offset = 16, size = 1024>
    attributes {flops = 1024 : i64} {
  // CHECK-NEXT: npu_isa.bundle {
  // CHECK-NEXT:   npu_isa.arg r1, 3
  // CHECK-NEXT: }
  npu_isa.bundle {
    npu_isa.arg r1, 3
  }
  // Named operands in any order, `=` with or without spaces, defaults
  // dropped, hex and negative offsets.
  // CHECK-NEXT: npu_isa.bundle {
  // CHECK-NEXT:   npu_isa.dma.copy sram[r0 + 131072], hbm[r2 - 8], size = 512, n1 = 4, src_st1 = 128, ch = 1, signal = s1
  // CHECK-NEXT:   npu_isa.li r3, -1
  // CHECK-NEXT: }
  npu_isa.bundle {
    npu_isa.dma.copy sram[r0 + 0x20000], hbm[r2 + -8], signal=s1, ch=1, size = 512, n1 = 4, n2 = 1, src_st1 = 128, wait = none
    npu_isa.li r3, 0xffffffffffffffff
  }
  // CHECK-NEXT: npu_isa.bundle {
  // CHECK-NEXT:   npu_isa.loopi 2, @body_end
  // CHECK-NEXT: }
  npu_isa.bundle {
    npu_isa.loopi 2, @body_end
  }
  // One instruction per slot class.
  // CHECK-NEXT: npu_isa.bundle {
  // CHECK-NEXT:   npu_isa.mxu.matmul [r5], [r4], [r0 + 131072], m = 128, k = 256, n = 256, lda = 512, ldb = 512, ldc = 1024, mode = w8, scale = [r6 + 256], group = 32, acc = 1, wait = s0
  // CHECK-NEXT:   npu_isa.vpu.exp [r7], [r7], rows = 4, cols = 8, dst_ld = 32, a_ld = 32, dst_t = bf16
  // CHECK-NEXT:   npu_isa.dma.copy hbm[r3], sram[r5], size = 4
  // CHECK-NEXT:   npu_isa.addi r4, r4, 65536
  // CHECK-NEXT: }
  npu_isa.bundle {
    npu_isa.mxu.matmul [r5], [r4], [r0 + 131072], m = 128, k = 256, n = 256, lda = 512, ldb = 512, ldc = 1024, mode = w8, scale = [r6 + 256], group = 32, acc = 1, wait = s0
    npu_isa.vpu.exp [r7], [r7], rows = 4, cols = 8, dst_ld = 32, a_ld = 32, dst_t = bf16, a_t = fp32
    npu_isa.dma.copy hbm[r3], sram[r5], size = 4
    npu_isa.addi r4, r4, 65536
  }
  // Floats: shortest decimal that reads back to the same bits, specials,
  // NaN payloads; a hex literal is the bit pattern. Literals are rounded
  // once, like the assembler does (1.0000000596046448 is just above the
  // midpoint between 1.0 and the next float).
  // CHECK-NEXT: npu_isa.bundle @body_end {
  // CHECK-NEXT:   npu_isa.vpu.add [r0], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4, bcast = imm, imm = 1.0000001
  // CHECK-NEXT: }
  npu_isa.bundle @body_end {
    npu_isa.vpu.add [r0], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4, bcast = imm, imm = 1.0000000596046448
  }
  // CHECK-NEXT: npu_isa.bundle {
  // CHECK-NEXT:   npu_isa.vpu.mul [r0], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4, bcast = imm, imm = -1.0e-45
  // CHECK-NEXT: }
  npu_isa.bundle {
    npu_isa.vpu.mul [r0], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4, bcast = imm, imm = -1.4e-45
  }
  // CHECK-NEXT: npu_isa.bundle {
  // CHECK-NEXT:   npu_isa.vpu.max [r0], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4, bcast = imm, imm = -inf
  // CHECK-NEXT: }
  npu_isa.bundle {
    npu_isa.vpu.max [r0], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4, bcast = imm, imm = -inf
  }
  // CHECK-NEXT: npu_isa.bundle {
  // CHECK-NEXT:   npu_isa.vpu.min [r0], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4, bcast = imm, imm = -nan(0x3)
  // CHECK-NEXT: }
  npu_isa.bundle {
    npu_isa.vpu.min [r0], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4, bcast = imm, imm = 0xFF800003
  }
  // CHECK-NEXT: npu_isa.bundle {
  // CHECK-NEXT:   npu_isa.vpu.sub [r0], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4, bcast = imm, imm = nan
  // CHECK-NEXT: }
  npu_isa.bundle {
    npu_isa.vpu.sub [r0], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4, bcast = imm, imm = nan
  }
  // Discardable attributes follow the operands.
  // CHECK-NEXT: npu_isa.bundle {
  // CHECK-NEXT:   npu_isa.sem.wait s1, count = 2 {note = "B resident"}
  // CHECK-NEXT: }
  npu_isa.bundle {
    npu_isa.sem.wait s1, count = 2 {note = "B resident"}
  }
  // CHECK-NEXT: npu_isa.bundle {
  // CHECK-NEXT:   npu_isa.halt
  // CHECK-NEXT: }
  npu_isa.bundle {
    npu_isa.halt
  }
}
