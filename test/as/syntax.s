// Bundles, labels, comments, separators and symbolic immediates.
//
// RUN: npu-as %s -o %t.npub
// RUN: npu-objdump -d %t.npub | FileCheck %s
// RUN: npu-objdump --debug-map %t.npub | FileCheck %s --check-prefix=MAP

.input x fp32 [4, 8]
.output y fp32 [4, 8]

# A hash starts a comment too.
start:  arg r1, 3                  // x: launch argument 3 (first input)
        arg r2, 4 ; arg r3, 0      # ';' separates two single bundles
        li r4, end                 // a forward reference: a bundle address
        li r5, table + 8           // a constants symbol plus an offset
        li r6, 0x10 - 2
{ dma.copy sram[r0], hbm[r1+table-4], size=128, signal=s1
  li r7, -1 }
        {
          vpu.relu [r0+256], [r0], rows=4, cols=8, dst_ld=32, a_ld=32, wait=s1, signal=s2
          mov r8, r7
        }
        { sem.wait s2 }  { nop }   // two bundles on one line
loop:   loopi 3, body_end
body_end: { addi r9, r9, 1; dma.copy hbm[r2], sram[r0+256], size=128 }
        beq r9, r0, start
        bne r9, r0, loop
end:    halt

.const
        .u32 1, 2
table:  .u32 3, 4

// CHECK:      Disassembly of the code (38 words, 15 bundles):
// CHECK-NEXT: 00000000:   arg r1, 3{{ +}}// {{.*}}syntax.s:11
// CHECK-NEXT: 00000001:   arg r2, 4{{ +}}// {{.*}}syntax.s:12
// CHECK-NEXT: 00000002:   arg r3, 0{{ +}}// {{.*}}syntax.s:12
// CHECK-NEXT: 00000003:   li r4, 37{{ +}}// {{.*}}syntax.s:13
// CHECK-NEXT: 00000005:   li r5, 16{{ +}}// {{.*}}syntax.s:14
// CHECK-NEXT: 00000007:   li r6, 14{{ +}}// {{.*}}syntax.s:15
// CHECK-NEXT: 00000009: { dma.copy sram[r0], hbm[r1+4], size=128, signal=s1  // {{.*}}syntax.s:16
// CHECK-NEXT: 00000010:   li r7, -1 }
// CHECK-NEXT: 00000012: { vpu.relu [r0+256], [r0], rows=4, cols=8, dst_ld=32, a_ld=32, wait=s1, signal=s2  // {{.*}}syntax.s:19
// CHECK-NEXT: 00000016:   mov r8, r7 }
// CHECK-NEXT: 00000017:   sem.wait s2{{ +}}// {{.*}}syntax.s:22
// CHECK-NEXT: 00000018:   nop{{ +}}// {{.*}}syntax.s:22
// CHECK-NEXT: 00000019:   loopi 3, 0x1b{{ +}}// {{.*}}syntax.s:23
// CHECK-NEXT: 0000001b: { addi r9, r9, 1{{ +}}// {{.*}}syntax.s:24
// CHECK-NEXT: 0000001c:   dma.copy hbm[r2], sram[r0+256], size=128 }
// CHECK-NEXT: 00000023:   beq r9, r0, 0x0{{ +}}// {{.*}}syntax.s:25
// CHECK-NEXT: 00000024:   bne r9, r0, 0x19{{ +}}// {{.*}}syntax.s:26
// CHECK-NEXT: 00000025:   halt{{ +}}// {{.*}}syntax.s:27
// CHECK-EMPTY:

// MAP:      Debug map (15 entries):
// MAP-NEXT:   00000000  {{.*}}syntax.s:11
// MAP-NEXT:   00000001  {{.*}}syntax.s:12
// MAP:        00000025  {{.*}}syntax.s:27
