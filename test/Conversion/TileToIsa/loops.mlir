// Hardware loops: trip counts, loops that never run, compute left in flight
// at the end of a body (fence), induction registers over SRAM and HBM with
// the rewind of the inner loop merged into the outer step.
//
// RUN: npu-opt %s --split-input-file --npu-lower-to-isa | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @loops(%x: memref<64x16xf32, #hbm> {npu.io = "input", npu.name = "x"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c10 = arith.constant 10 : index
  %buf = npu_tile.alloc {offset = 0 : i64} : memref<4x16x16xf32, #sram>
  // Never runs: nothing is emitted.
  scf.for %e = %c4 to %c2 step %c1 {
    %s = memref.subview %buf[0, 0, 0] [1, 16, 16] [1, 1, 1]
        : memref<4x16x16xf32, #sram> to memref<16x16xf32, strided<[16, 1]>, #sram>
    npu_tile.vpu.unary exp %s, %s
        : memref<16x16xf32, strided<[16, 1]>, #sram>, memref<16x16xf32, strided<[16, 1]>, #sram>
  }
  // 0, 4, 8: three iterations.
  scf.for %i = %c0 to %c10 step %c4 {
    scf.for %j = %c0 to %c4 step %c1 {
      // SRAM slot j of the buffer, rows 16*j.. of x.
      %row = arith.muli %j, %c4 : index
      %r = arith.addi %row, %i : index
      %v = memref.subview %x[%r, 0] [16, 16] [1, 1]
          : memref<64x16xf32, #hbm> to memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm>
      %s = memref.subview %buf[%j, 0, 0] [1, 16, 16] [1, 1, 1]
          : memref<4x16x16xf32, #sram> to memref<16x16xf32, strided<[16, 1], offset: ?>, #sram>
      %t = npu_tile.dma %v, %s : memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm> -> memref<16x16xf32, strided<[16, 1], offset: ?>, #sram>
      npu_tile.wait %t
      npu_tile.vpu.unary exp %s, %s
          : memref<16x16xf32, strided<[16, 1], offset: ?>, #sram>, memref<16x16xf32, strided<[16, 1], offset: ?>, #sram>
    }
  }
  return
}

// CHECK-LABEL: npu_isa.program @loops
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.arg r1, 3
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.addi r2, r0, 0
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.loopi 3, @loop0_end
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.loopi 4, @loop1_end
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.dma.copy sram[r2], hbm[r1], size = 1024, signal = s0
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.vpu.exp [r2], [r2], rows = 16, cols = 16, dst_ld = 64, a_ld = 64, wait = s0
// CHECK-NEXT:    }
// The exp may still run when the next iteration's copy overwrites the
// slot of the next one: drained at the end of the body.
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.fence
// CHECK-NEXT:    }
// j advances x by 4 rows (256 bytes) and the SRAM slot by 1024 bytes.
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.addi r1, r1, 256
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle @loop1_end {
// CHECK-NEXT:      npu_isa.addi r2, r2, 1024
// CHECK-NEXT:    }
// i advances x by 4 rows after the rewind of j (4 x 256): 256 - 1024.
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.addi r1, r1, -768
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle @loop0_end {
// CHECK-NEXT:      npu_isa.addi r2, r2, -4096
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.halt
// CHECK-NEXT:    }

// -----

// An inner loop that ends the outer body: the outer label goes on a nop
// after it (one bundle cannot end two bodies here).
#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @nested_end(%x: memref<16x16xf32, #hbm> {npu.io = "input", npu.name = "x"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %buf = npu_tile.alloc {offset = 0 : i64} : memref<16x16xf32, #sram>
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c2 step %c1 {
      %t = npu_tile.dma %x, %buf : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
      npu_tile.wait %t
    }
  }
  return
}

// CHECK-LABEL: npu_isa.program @nested_end
// CHECK:         npu_isa.loopi 2, @loop0_end
// CHECK:         npu_isa.loopi 2, @loop1_end
// CHECK:         npu_isa.dma.copy sram[r0], hbm[r1], size = 1024, signal = s0
// CHECK:         npu_isa.bundle @loop1_end {
// CHECK-NEXT:      npu_isa.sem.wait s0
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle @loop0_end {
// CHECK-NEXT:      npu_isa.nop
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.halt
