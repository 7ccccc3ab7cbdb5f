// Liveness-based register assignment. The first loop keeps 31 registers
// live over its whole body: 30 strength-reduced registers over x and the
// base of z, which is read only at the start of the body but stays live to
// its end (the body runs again). The second loop's register over y is then
// one of those, set after the end of the first loop (where it became
// free); so is the base of y of the straight-line code after the loops.
//
// RUN: npu-opt %s --npu-lower-to-isa | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @registers(%x: memref<65536xf32, #hbm> {npu.io = "input", npu.name = "x"},
                     %y: memref<64xf32, #hbm> {npu.io = "input", npu.name = "y"},
                     %z: memref<64xf32, #hbm> {npu.io = "input", npu.name = "z"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c16 = arith.constant 16 : index
  %buf = npu_tile.alloc {offset = 0 : i64} : memref<16xf32, #sram>
  scf.for %i = %c0 to %c2 step %c1 {
    %zs = memref.subview %z[16] [16] [1] : memref<64xf32, #hbm> to memref<16xf32, strided<[1], offset: 16>, #hbm>
    %tz = npu_tile.dma %zs, %buf : memref<16xf32, strided<[1], offset: 16>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %tz
    %m1 = arith.constant 16 : index
    %o1 = arith.muli %i, %m1 : index
    %v1 = memref.subview %x[%o1] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t1 = npu_tile.dma %v1, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t1
    %m2 = arith.constant 32 : index
    %o2 = arith.muli %i, %m2 : index
    %v2 = memref.subview %x[%o2] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t2 = npu_tile.dma %v2, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t2
    %m3 = arith.constant 48 : index
    %o3 = arith.muli %i, %m3 : index
    %v3 = memref.subview %x[%o3] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t3 = npu_tile.dma %v3, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t3
    %m4 = arith.constant 64 : index
    %o4 = arith.muli %i, %m4 : index
    %v4 = memref.subview %x[%o4] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t4 = npu_tile.dma %v4, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t4
    %m5 = arith.constant 80 : index
    %o5 = arith.muli %i, %m5 : index
    %v5 = memref.subview %x[%o5] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t5 = npu_tile.dma %v5, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t5
    %m6 = arith.constant 96 : index
    %o6 = arith.muli %i, %m6 : index
    %v6 = memref.subview %x[%o6] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t6 = npu_tile.dma %v6, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t6
    %m7 = arith.constant 112 : index
    %o7 = arith.muli %i, %m7 : index
    %v7 = memref.subview %x[%o7] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t7 = npu_tile.dma %v7, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t7
    %m8 = arith.constant 128 : index
    %o8 = arith.muli %i, %m8 : index
    %v8 = memref.subview %x[%o8] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t8 = npu_tile.dma %v8, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t8
    %m9 = arith.constant 144 : index
    %o9 = arith.muli %i, %m9 : index
    %v9 = memref.subview %x[%o9] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t9 = npu_tile.dma %v9, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t9
    %m10 = arith.constant 160 : index
    %o10 = arith.muli %i, %m10 : index
    %v10 = memref.subview %x[%o10] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t10 = npu_tile.dma %v10, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t10
    %m11 = arith.constant 176 : index
    %o11 = arith.muli %i, %m11 : index
    %v11 = memref.subview %x[%o11] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t11 = npu_tile.dma %v11, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t11
    %m12 = arith.constant 192 : index
    %o12 = arith.muli %i, %m12 : index
    %v12 = memref.subview %x[%o12] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t12 = npu_tile.dma %v12, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t12
    %m13 = arith.constant 208 : index
    %o13 = arith.muli %i, %m13 : index
    %v13 = memref.subview %x[%o13] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t13 = npu_tile.dma %v13, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t13
    %m14 = arith.constant 224 : index
    %o14 = arith.muli %i, %m14 : index
    %v14 = memref.subview %x[%o14] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t14 = npu_tile.dma %v14, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t14
    %m15 = arith.constant 240 : index
    %o15 = arith.muli %i, %m15 : index
    %v15 = memref.subview %x[%o15] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t15 = npu_tile.dma %v15, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t15
    %m16 = arith.constant 256 : index
    %o16 = arith.muli %i, %m16 : index
    %v16 = memref.subview %x[%o16] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t16 = npu_tile.dma %v16, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t16
    %m17 = arith.constant 272 : index
    %o17 = arith.muli %i, %m17 : index
    %v17 = memref.subview %x[%o17] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t17 = npu_tile.dma %v17, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t17
    %m18 = arith.constant 288 : index
    %o18 = arith.muli %i, %m18 : index
    %v18 = memref.subview %x[%o18] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t18 = npu_tile.dma %v18, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t18
    %m19 = arith.constant 304 : index
    %o19 = arith.muli %i, %m19 : index
    %v19 = memref.subview %x[%o19] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t19 = npu_tile.dma %v19, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t19
    %m20 = arith.constant 320 : index
    %o20 = arith.muli %i, %m20 : index
    %v20 = memref.subview %x[%o20] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t20 = npu_tile.dma %v20, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t20
    %m21 = arith.constant 336 : index
    %o21 = arith.muli %i, %m21 : index
    %v21 = memref.subview %x[%o21] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t21 = npu_tile.dma %v21, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t21
    %m22 = arith.constant 352 : index
    %o22 = arith.muli %i, %m22 : index
    %v22 = memref.subview %x[%o22] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t22 = npu_tile.dma %v22, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t22
    %m23 = arith.constant 368 : index
    %o23 = arith.muli %i, %m23 : index
    %v23 = memref.subview %x[%o23] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t23 = npu_tile.dma %v23, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t23
    %m24 = arith.constant 384 : index
    %o24 = arith.muli %i, %m24 : index
    %v24 = memref.subview %x[%o24] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t24 = npu_tile.dma %v24, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t24
    %m25 = arith.constant 400 : index
    %o25 = arith.muli %i, %m25 : index
    %v25 = memref.subview %x[%o25] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t25 = npu_tile.dma %v25, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t25
    %m26 = arith.constant 416 : index
    %o26 = arith.muli %i, %m26 : index
    %v26 = memref.subview %x[%o26] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t26 = npu_tile.dma %v26, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t26
    %m27 = arith.constant 432 : index
    %o27 = arith.muli %i, %m27 : index
    %v27 = memref.subview %x[%o27] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t27 = npu_tile.dma %v27, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t27
    %m28 = arith.constant 448 : index
    %o28 = arith.muli %i, %m28 : index
    %v28 = memref.subview %x[%o28] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t28 = npu_tile.dma %v28, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t28
    %m29 = arith.constant 464 : index
    %o29 = arith.muli %i, %m29 : index
    %v29 = memref.subview %x[%o29] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t29 = npu_tile.dma %v29, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t29
    %m30 = arith.constant 480 : index
    %o30 = arith.muli %i, %m30 : index
    %v30 = memref.subview %x[%o30] [16] [1] : memref<65536xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %t30 = npu_tile.dma %v30, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %t30
  }
  scf.for %j = %c0 to %c2 step %c1 {
    %o = arith.muli %j, %c16 : index
    %ys = memref.subview %y[%o] [16] [1] : memref<64xf32, #hbm> to memref<16xf32, strided<[1], offset: ?>, #hbm>
    %ty = npu_tile.dma %ys, %buf : memref<16xf32, strided<[1], offset: ?>, #hbm> -> memref<16xf32, #sram>
    npu_tile.wait %ty
  }
  %y3 = memref.subview %y[48] [16] [1] : memref<64xf32, #hbm> to memref<16xf32, strided<[1], offset: 48>, #hbm>
  %t = npu_tile.dma %y3, %buf : memref<16xf32, strided<[1], offset: 48>, #hbm> -> memref<16xf32, #sram>
  npu_tile.wait %t
  return
}

// CHECK-LABEL: npu_isa.program @registers
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.arg r1, 5
// CHECK-NEXT:    }
// CHECK-COUNT-30:  npu_isa.arg r{{([2-9]|[12][0-9]|3[01])}}, 3
// CHECK:           npu_isa.loopi 2, @loop0_end
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.dma.copy sram[r0], hbm[r1 + 64], size = 64, signal = s0
// No register is set again inside the body.
// CHECK-NOT:       npu_isa.arg
// CHECK:         npu_isa.bundle @loop0_end {
// CHECK-NEXT:      npu_isa.addi r31, r31, 1920
// CHECK-NEXT:    }
// After the loop, its registers are free: the second loop's register over
// y and the base of y of the straight-line code reuse r1 and r2.
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.arg r1, 4
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.arg r2, 4
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.loopi 2, @loop1_end
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.dma.copy sram[r0], hbm[r1], size = 64, signal = s0
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.sem.wait s0
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle @loop1_end {
// CHECK-NEXT:      npu_isa.addi r1, r1, 64
// CHECK-NEXT:    }
// CHECK-NEXT:    npu_isa.bundle {
// CHECK-NEXT:      npu_isa.dma.copy sram[r0], hbm[r2 + 192], size = 64, signal = s0
// CHECK-NEXT:    }
