// A VPU epilogue after the MXU in a depth-2 loop nest with strided HBM
// subviews: C = relu(2 * (A x B)). The MXU -> VPU -> DMA chain on the C
// tile is ordered by semaphores (producer signal, consumer wait field).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: npu-example-matmul-data %t
// RUN: %python %S/Inputs/npy_map.py %t/c_ref.npy %t/relu_ref.npy "2.0 * x if 2.0 * x > 0 else 0.0"
// RUN: npu-opt %s --npu-lower-to-isa --npu-pack-bundles -o %t/relu.mlir
// RUN: FileCheck %s < %t/relu.mlir
// RUN: npu-translate --npu-isa-to-npub %t/relu.mlir -o %t/relu.npub
// RUN: npu-run %t/relu.npub --input %t/a.npy --input b=%t/b.npy --output %t/c.npy --check %t/relu_ref.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=RUNOUT

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-v1"} {
  func.func @matmul_relu(
      %A: memref<256x256xbf16, #hbm> {npu.io = "input", npu.name = "a"},
      %B: memref<256x256xbf16, #hbm> {npu.io = "input", npu.name = "b"},
      %C: memref<256x256xf32, #hbm> {npu.io = "output", npu.name = "c"})
      attributes {npu.flops = 33554432 : i64,
                  npu.compulsory_hbm_bytes = 524288 : i64} {
    %c0 = arith.constant 0 : index
    %c128 = arith.constant 128 : index
    %c256 = arith.constant 256 : index
    // A row block [128, 256] and B column block [256, 128] as two k-tiles
    // each; C tile [128, 128].
    %abuf = npu_tile.alloc {alignment = 64 : i64, offset = 0 : i64}
        : memref<2x128x128xbf16, #sram>
    %bbuf = npu_tile.alloc {alignment = 64 : i64, offset = 65536 : i64}
        : memref<2x128x128xbf16, #sram>
    %cbuf = npu_tile.alloc {alignment = 64 : i64, offset = 131072 : i64}
        : memref<128x128xf32, #sram>
    %sa0 = memref.subview %abuf[0, 0, 0] [1, 128, 128] [1, 1, 1]
        : memref<2x128x128xbf16, #sram>
          to memref<128x128xbf16, strided<[128, 1]>, #sram>
    %sa1 = memref.subview %abuf[1, 0, 0] [1, 128, 128] [1, 1, 1]
        : memref<2x128x128xbf16, #sram>
          to memref<128x128xbf16, strided<[128, 1], offset: 16384>, #sram>
    %sb0 = memref.subview %bbuf[0, 0, 0] [1, 128, 128] [1, 1, 1]
        : memref<2x128x128xbf16, #sram>
          to memref<128x128xbf16, strided<[128, 1]>, #sram>
    %sb1 = memref.subview %bbuf[1, 0, 0] [1, 128, 128] [1, 1, 1]
        : memref<2x128x128xbf16, #sram>
          to memref<128x128xbf16, strided<[128, 1], offset: 16384>, #sram>
    scf.for %i = %c0 to %c256 step %c128 {
      scf.for %j = %c0 to %c256 step %c128 {
        %a0 = memref.subview %A[%i, 0] [128, 128] [1, 1]
            : memref<256x256xbf16, #hbm>
              to memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
        %a1 = memref.subview %A[%i, 128] [128, 128] [1, 1]
            : memref<256x256xbf16, #hbm>
              to memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
        %b0 = memref.subview %B[0, %j] [128, 128] [1, 1]
            : memref<256x256xbf16, #hbm>
              to memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
        %b1 = memref.subview %B[128, %j] [128, 128] [1, 1]
            : memref<256x256xbf16, #hbm>
              to memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
        %ta0 = npu_tile.dma %a0, %sa0 channel 0
            : memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
           -> memref<128x128xbf16, strided<[128, 1]>, #sram>
        %tb0 = npu_tile.dma %b0, %sb0 channel 1
            : memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
           -> memref<128x128xbf16, strided<[128, 1]>, #sram>
        %ta1 = npu_tile.dma %a1, %sa1 channel 0
            : memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
           -> memref<128x128xbf16, strided<[128, 1], offset: 16384>, #sram>
        %tb1 = npu_tile.dma %b1, %sb1 channel 1
            : memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
           -> memref<128x128xbf16, strided<[128, 1], offset: 16384>, #sram>
        npu_tile.wait %ta0, %tb0
        npu_tile.matmul bf16 %sa0, %sb0, %cbuf
            : memref<128x128xbf16, strided<[128, 1]>, #sram>,
              memref<128x128xbf16, strided<[128, 1]>, #sram>,
              memref<128x128xf32, #sram>
        npu_tile.wait %ta1, %tb1
        npu_tile.matmul bf16 %sa1, %sb1, %cbuf accumulate
            : memref<128x128xbf16, strided<[128, 1], offset: 16384>, #sram>,
              memref<128x128xbf16, strided<[128, 1], offset: 16384>, #sram>,
              memref<128x128xf32, #sram>
        // Epilogue on the VPU: C = relu(2 * (A x B)), in place.
        npu_tile.vpu.binary mul %cbuf, 2.000000e+00, %cbuf
            : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
        npu_tile.vpu.unary relu %cbuf, %cbuf
            : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
        %ct = memref.subview %C[%i, %j] [128, 128] [1, 1]
            : memref<256x256xf32, #hbm>
              to memref<128x128xf32, strided<[256, 1], offset: ?>, #hbm>
        %tc = npu_tile.dma %cbuf, %ct channel 2
            : memref<128x128xf32, #sram>
           -> memref<128x128xf32, strided<[256, 1], offset: ?>, #hbm>
        npu_tile.wait %tc
      }
    }
    return
  }
}

// CHECK-LABEL: npu_isa.program @matmul_relu
// CHECK:        npu_isa.loopi 2, @loop0_end
// CHECK:        npu_isa.loopi 2, @loop1_end
// CHECK:          npu_isa.mxu.matmul [r0 + 131072], [r0 + 32768], [r0 + 98304], m = 128, k = 128, n = 128, lda = 256, ldb = 256, ldc = 512, acc = 1, wait = {{s[0-9]+}}, signal = [[S_MXU:s[0-9]+]]
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.vpu.mul [r0 + 131072], [r0 + 131072], rows = 128, cols = 128, dst_ld = 512, a_ld = 512, bcast = imm, imm = 2.0, wait = [[S_MXU]]
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.vpu.relu [r0 + 131072], [r0 + 131072], rows = 128, cols = 128, dst_ld = 512, a_ld = 512, signal = [[S_VPU:s[0-9]+]]
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.dma.copy hbm[r3], sram[r0 + 131072], size = 512, n1 = 128, dst_st1 = 1024, src_st1 = 512, ch = 2, wait = [[S_VPU]], signal = [[S_TOK:s[0-9]+]]
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.sem.wait [[S_TOK]]
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle @loop1_end {
// CHECK-NEXT:     npu_isa.addi r3, r3, 512
// CHECK-NEXT:   }
// CHECK-NOT:    npu_isa.fence
// CHECK:        npu_isa.halt

// RUNOUT: check c: PASS max_abs_err=0 max_rel_err=0 cosine=1.000000 mismatches=0/65536
