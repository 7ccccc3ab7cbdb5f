// End to end: a placed tile-level C[256,256] = A[256,256] x B[256,256]
// (bf16 -> fp32) in 128x128 tiles, lowered, packed, emitted and run on the
// simulator against the bit-exact reference of npu-example-matmul-data.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: npu-example-matmul-data %t
// RUN: npu-opt %s --npu-lower-to-isa --npu-pack-bundles -o %t/matmul.mlir
// RUN: FileCheck %s < %t/matmul.mlir
// RUN: npu-translate --npu-isa-to-npub %t/matmul.mlir -o %t/matmul.npub
// RUN: npu-run %t/matmul.npub --input %t/a.npy --input b=%t/b.npy --output %t/c.npy --check %t/c_ref.npy --rtol 0 --atol 0 --stats-json %t/stats.json | FileCheck %s --check-prefix=RUNOUT
// RUN: FileCheck %s --check-prefix=STATS < %t/stats.json

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-v1"} {
  func.func @matmul(
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

// CHECK:      npu_isa.program @matmul target = "npu-v1" inputs("a": tensor<256x256xbf16>, "b": tensor<256x256xbf16>) outputs("c": tensor<256x256xf32>) attributes {compulsory_hbm_bytes = 524288 : i64, flops = 33554432 : i64} {
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.arg r1, 3
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.arg r2, 4
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.arg r3, 5
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.loopi 2, @loop0_end
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.loopi 2, @loop1_end
// CHECK-NEXT:   }
// The four k-tile copies issue back to back (two channels): A row block
// from r1 (+256 bytes for k = 128), B column block from r2 (+128 rows);
// the scalar unit advances r2 in the bundle of its last use.
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.dma.copy sram[r0], hbm[r1], size = 256, n1 = 128, dst_st1 = 256, src_st1 = 512, signal = s0
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.dma.copy sram[r0 + 65536], hbm[r2], size = 256, n1 = 128, dst_st1 = 256, src_st1 = 512, ch = 1, signal = s1
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.dma.copy sram[r0 + 32768], hbm[r1 + 256], size = 256, n1 = 128, dst_st1 = 256, src_st1 = 512, signal = s2
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.dma.copy sram[r0 + 98304], hbm[r2 + 65536], size = 256, n1 = 128, dst_st1 = 256, src_st1 = 512, ch = 1, signal = s3
// CHECK-NEXT:     npu_isa.addi r2, r2, 256
// CHECK-NEXT:   }
// The first wait of each pair is a sem.wait; the second goes into the wait
// field of the matmul that reads the copied tile.
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.sem.wait s0
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.mxu.matmul [r0 + 131072], [r0], [r0 + 65536], m = 128, k = 128, n = 128, lda = 256, ldb = 256, ldc = 512, wait = s1
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.sem.wait s2
// CHECK-NEXT:   }
// The MXU -> DMA dependence on the C tile: the matmul signals, the store
// waits for it in its engine.
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.mxu.matmul [r0 + 131072], [r0 + 32768], [r0 + 98304], m = 128, k = 128, n = 128, lda = 256, ldb = 256, ldc = 512, acc = 1, wait = s3, signal = s0
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.dma.copy hbm[r3], sram[r0 + 131072], size = 512, n1 = 128, dst_st1 = 1024, src_st1 = 512, ch = 2, wait = s0, signal = s2
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.sem.wait s2
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle @loop1_end {
// CHECK-NEXT:     npu_isa.addi r3, r3, 512
// CHECK-NEXT:   }
// Outer body end: advance i, rewind j (r3: 128 rows of C minus 2 x 512).
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.addi r1, r1, 65536
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.addi r2, r2, -512
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle @loop0_end {
// CHECK-NEXT:     npu_isa.addi r3, r3, 130048
// CHECK-NEXT:   }
// CHECK-NEXT:   npu_isa.bundle {
// CHECK-NEXT:     npu_isa.halt
// CHECK-NEXT:   }
// CHECK-NEXT: }

// RUNOUT:      check c: PASS max_abs_err=0 max_rel_err=0 cosine=1.000000 mismatches=0/65536
// RUNOUT-NEXT: cycles: {{[1-9][0-9]*}}

// STATS: "cycles": {{[1-9][0-9]*}},
// STATS: "macs": 16777216,
