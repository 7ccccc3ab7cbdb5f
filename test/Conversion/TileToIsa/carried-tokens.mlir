// Tokens carried across iterations (prefetch): the copy before the loop, the
// copy of each iteration and the waits share one semaphore, and the carried
// copies run on the first copy's channel (channel 1 becomes 0) so that they
// complete in order. Runs on the simulator: y = x through SRAM.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %npu_src/test/Conversion/GraphToTile/Inputs/random_npy.py %t/x.npy 64x16 7
// RUN: npu-opt %s --npu-lower-to-isa -o %t/low.mlir
// RUN: FileCheck %s < %t/low.mlir
// RUN: npu-opt %t/low.mlir --npu-pack-bundles | npu-translate --npu-isa-to-npub -o %t/copy.npub
// RUN: npu-run %t/copy.npub --input %t/x.npy --check %t/x.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=RUNOUT

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @copy(%x: memref<64x16xf32, #hbm> {npu.io = "input", npu.name = "x"},
                %y: memref<64x16xf32, #hbm> {npu.io = "output", npu.name = "y"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c16 = arith.constant 16 : index
  %buf = npu_tile.alloc {offset = 0 : i64} : memref<4x16x16xf32, #sram>
  %x0 = memref.subview %x[0, 0] [16, 16] [1, 1]
      : memref<64x16xf32, #hbm> to memref<16x16xf32, strided<[16, 1]>, #hbm>
  %b0 = memref.subview %buf[0, 0, 0] [1, 16, 16] [1, 1, 1]
      : memref<4x16x16xf32, #sram> to memref<16x16xf32, strided<[16, 1]>, #sram>
  %t0 = npu_tile.dma %x0, %b0 : memref<16x16xf32, strided<[16, 1]>, #hbm> -> memref<16x16xf32, strided<[16, 1]>, #sram>
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%t = %t0) -> (!npu_tile.token) {
    %n = arith.addi %i, %c1 : index
    %rn = arith.muli %n, %c16 : index
    %xn = memref.subview %x[%rn, 0] [16, 16] [1, 1]
        : memref<64x16xf32, #hbm> to memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm>
    %bn = memref.subview %buf[%n, 0, 0] [1, 16, 16] [1, 1, 1]
        : memref<4x16x16xf32, #sram> to memref<16x16xf32, strided<[16, 1], offset: ?>, #sram>
    %tn = npu_tile.dma %xn, %bn channel 1 : memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm> -> memref<16x16xf32, strided<[16, 1], offset: ?>, #sram>
    npu_tile.wait %t
    %ri = arith.muli %i, %c16 : index
    %bi = memref.subview %buf[%i, 0, 0] [1, 16, 16] [1, 1, 1]
        : memref<4x16x16xf32, #sram> to memref<16x16xf32, strided<[16, 1], offset: ?>, #sram>
    %yi = memref.subview %y[%ri, 0] [16, 16] [1, 1]
        : memref<64x16xf32, #hbm> to memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm>
    %to = npu_tile.dma %bi, %yi channel 2 : memref<16x16xf32, strided<[16, 1], offset: ?>, #sram> -> memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm>
    npu_tile.wait %to
    scf.yield %tn : !npu_tile.token
  }
  npu_tile.wait %r
  %b3 = memref.subview %buf[3, 0, 0] [1, 16, 16] [1, 1, 1]
      : memref<4x16x16xf32, #sram> to memref<16x16xf32, strided<[16, 1], offset: 768>, #sram>
  %y3 = memref.subview %y[48, 0] [16, 16] [1, 1]
      : memref<64x16xf32, #hbm> to memref<16x16xf32, strided<[16, 1], offset: 768>, #hbm>
  %tl = npu_tile.dma %b3, %y3 : memref<16x16xf32, strided<[16, 1], offset: 768>, #sram> -> memref<16x16xf32, strided<[16, 1], offset: 768>, #hbm>
  npu_tile.wait %tl
  return
}

// CHECK-LABEL: npu_isa.program @copy
// CHECK:         npu_isa.dma.copy sram[r0], hbm[{{r[0-9]+}}], size = 1024, signal = [[S:s[0-9]+]]
// CHECK:         npu_isa.loopi 3, @loop0_end
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.dma.copy sram[{{r[0-9]+}} + 1024], hbm[{{r[0-9]+}} + 1024], size = 1024, signal = [[S]]
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.sem.wait [[S]]
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.dma.copy hbm[{{r[0-9]+}}], sram[{{r[0-9]+}}], size = 1024, ch = 2, signal = [[T:s[0-9]+]]
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.sem.wait [[T]]
// CHECK-NEXT:  }
// CHECK:       npu_isa.bundle @loop0_end {
// CHECK-NEXT:    npu_isa.addi
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.sem.wait [[S]]
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.dma.copy hbm[{{r[0-9]+}} + 3072], sram[r0 + 3072], size = 1024, signal = {{s[0-9]+}}

// RUNOUT: check y: PASS max_abs_err=0 {{.*}} mismatches=0/1024
