// npu-lower-to-isa on a small program: constants section, HBM scratch,
// VPU ops with broadcasts, reductions and quantisation, one instruction per
// bundle (before packing).
//
// RUN: npu-opt %s --npu-lower-to-isa | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-v1"} {
  memref.global "private" constant @bias : memref<1x16xf32, #hbm> = dense<1.0>
  memref.global "private" constant @scale : memref<2x2xbf16, #hbm> = dense<[[1.0, 2.0], [3.0, 4.0]]>

  func.func @epilogue(
      %x: memref<16x16xf32, #hbm> {npu.io = "input", npu.name = "x"},
      %q: memref<16x16xi8, #hbm> {npu.io = "output", npu.name = "q"},
      %m: memref<16x1xf32, #hbm> {npu.io = "output", npu.name = "m"})
      attributes {npu.scratch_bytes = 1024 : i64} {
    %bias = memref.get_global @bias : memref<1x16xf32, #hbm>
    %tmp = memref.alloc() {npu.scratch_offset = 64 : i64} : memref<16x16xf32, #hbm>
    %xs = npu_tile.alloc {offset = 0 : i64} : memref<16x16xf32, #sram>
    %bs = npu_tile.alloc {offset = 1024 : i64} : memref<1x16xf32, #sram>
    %ms = npu_tile.alloc {offset = 1152 : i64} : memref<16x1xf32, #sram>
    %qs = npu_tile.alloc {offset = 1280 : i64} : memref<16x16xi8, #sram>
    %t0 = npu_tile.dma %x, %xs : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
    %t1 = npu_tile.dma %bias, %bs channel 1 : memref<1x16xf32, #hbm> -> memref<1x16xf32, #sram>
    npu_tile.wait %t0, %t1
    npu_tile.vpu.binary add %xs, row %bs, %xs
        : memref<16x16xf32, #sram>, memref<1x16xf32, #sram>, memref<16x16xf32, #sram>
    npu_tile.vpu.reduce max %xs, %ms
        : memref<16x16xf32, #sram>, memref<16x1xf32, #sram>
    npu_tile.vpu.bcast col %ms, %xs
        : memref<16x1xf32, #sram>, memref<16x16xf32, #sram>
    npu_tile.vpu.quant %xs, 4.0, %qs zp -3
        : memref<16x16xf32, #sram>, memref<16x16xi8, #sram>
    // A spill to scratch and back (DMA after VPU: ordered by a semaphore).
    %t2 = npu_tile.dma %xs, %tmp channel 2 : memref<16x16xf32, #sram> -> memref<16x16xf32, #hbm>
    npu_tile.wait %t2
    %t3 = npu_tile.dma %qs, %q : memref<16x16xi8, #sram> -> memref<16x16xi8, #hbm>
    %t4 = npu_tile.dma %ms, %m : memref<16x1xf32, #sram> -> memref<16x1xf32, #hbm>
    npu_tile.wait %t3, %t4
    return
  }
}

// The function and the globals are replaced by the program; bias at 0,
// scale at 64 (64-byte aligned) in the constants section.
// CHECK-NOT:   func.func
// CHECK-NOT:   memref.global
// CHECK:       npu_isa.program @epilogue target = "npu-v1" inputs("x": tensor<16x16xf32>) outputs("q": tensor<16x16xi8>, "m": tensor<16x1xf32>) scratch = 1024 constants = dense<[0, 0, -128, 63, {{.*}}, 0, 0, -128, 63, -128, 63, 0, 64, 64, 64, -128, 64]> : tensor<72xi8> {
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.arg r1, 3
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.arg r2, 0
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.arg r3, 1
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.arg r4, 4
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.arg r5, 5
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.dma.copy sram[r0], hbm[r1], size = 1024, signal = s0
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.dma.copy sram[r0 + 1024], hbm[r2], size = 64, ch = 1, signal = s1
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.sem.wait s0
// CHECK-NEXT:    }
// The second wait goes into the wait field of the first instruction that
// reads the copied data.
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.vpu.add [r0], [r0], b = [r0 + 1024], rows = 16, cols = 16, dst_ld = 64, a_ld = 64, bcast = row, wait = s1
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.vpu.rmax [r0 + 1152], [r0], rows = 16, cols = 16, dst_ld = 4, a_ld = 64
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// The spill waits for the last VPU op writing xs (the bcast), not for the
// quant that only reads it; the store of q waits for the quant.
// CHECK-NEXT:      npu_isa.vpu.bcast [r0], [r0 + 1152], rows = 16, cols = 16, dst_ld = 64, a_ld = 4, mode = col, signal = [[S:s[0-9]+]]
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.vpu.quant [r0 + 1280], [r0], rows = 16, cols = 16, dst_ld = 16, a_ld = 64, dst_t = int8, bcast = imm, imm = 4.0, zp = -3, signal = [[Q:s[0-9]+]]
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.dma.copy hbm[r3 + 64], sram[r0], size = 1024, ch = 2, wait = [[S]], signal = [[T:s[0-9]+]]
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.sem.wait [[T]]
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.dma.copy hbm[r4], sram[r0 + 1280], size = 256, wait = [[Q]], signal = {{s[0-9]+}}
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.dma.copy hbm[r5], sram[r0 + 1152], size = 64, signal = {{s[0-9]+}}
// CHECK-NEXT:    }
// CHECK:         npu_isa.halt
