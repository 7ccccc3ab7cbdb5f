// npu-lower-to-isa: an instruction with two consumers on other engines,
// and a loop of one trip lowered as straight-line code.
//
// RUN: npu-opt %s --split-input-file --npu-lower-to-isa | FileCheck %s

// The first matmul is consumed twice: by the store of C (which reads its
// result) and by the load of the next B tile (which overwrites its
// operand). Its semaphore cannot serve both wait fields, so the wait of the
// store moves to a `sem.wait` just before the store: from there on the
// matmul is complete and the load needs no synchronisation (no `fence`,
// which would also drain the DMAs in flight).
// CHECK-LABEL: npu_isa.program @two_consumers
// CHECK:      npu_isa.mxu.matmul [r0 + 65536], [r0], [r0 + 32768], {{.*}}, wait = s1, signal = [[MM:s[0-9]+]]
// CHECK-NEXT: }
// CHECK-NEXT: npu_isa.bundle {
// CHECK-NEXT:   npu_isa.sem.wait [[MM]]
// CHECK-NEXT: }
// CHECK-NEXT: npu_isa.bundle {
// CHECK-NEXT:   npu_isa.dma.copy hbm[r3], sram[r0 + 65536], size = 65536, ch = 2, signal = [[ST:s[0-9]+]]
// CHECK-NEXT: }
// CHECK-NEXT: npu_isa.bundle {
// CHECK-NEXT:   npu_isa.dma.copy sram[r0 + 32768], hbm[r2 + 32768], size = 32768, ch = 3, signal = s{{[0-9]+}}
// CHECK-NOT:  npu_isa.fence
// CHECK:      npu_isa.halt

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-v1"} {
  func.func @two_consumers(
      %A: memref<128x128xbf16, #hbm> {npu.io = "input", npu.name = "a"},
      %B: memref<256x128xbf16, #hbm> {npu.io = "input", npu.name = "b"},
      %C: memref<128x128xf32, #hbm> {npu.io = "output", npu.name = "c"}) {
    %abuf = npu_tile.alloc {offset = 0 : i64} : memref<128x128xbf16, #sram>
    %bbuf = npu_tile.alloc {offset = 32768 : i64} : memref<128x128xbf16, #sram>
    %cbuf = npu_tile.alloc {offset = 65536 : i64} : memref<128x128xf32, #sram>
    %b0 = memref.subview %B[0, 0] [128, 128] [1, 1]
        : memref<256x128xbf16, #hbm> to memref<128x128xbf16, strided<[128, 1]>, #hbm>
    %b1 = memref.subview %B[128, 0] [128, 128] [1, 1]
        : memref<256x128xbf16, #hbm> to memref<128x128xbf16, strided<[128, 1], offset: 16384>, #hbm>
    %ta = npu_tile.dma %A, %abuf channel 0
        : memref<128x128xbf16, #hbm> -> memref<128x128xbf16, #sram>
    %tb = npu_tile.dma %b0, %bbuf channel 1
        : memref<128x128xbf16, strided<[128, 1]>, #hbm> -> memref<128x128xbf16, #sram>
    npu_tile.wait %ta, %tb
    npu_tile.matmul bf16 %abuf, %bbuf, %cbuf
        : memref<128x128xbf16, #sram>, memref<128x128xbf16, #sram>, memref<128x128xf32, #sram>
    %tc = npu_tile.dma %cbuf, %C channel 2
        : memref<128x128xf32, #sram> -> memref<128x128xf32, #hbm>
    %tb1 = npu_tile.dma %b1, %bbuf channel 3
        : memref<128x128xbf16, strided<[128, 1], offset: 16384>, #hbm> -> memref<128x128xbf16, #sram>
    npu_tile.wait %tb1
    npu_tile.wait %tc
    npu_tile.matmul bf16 %abuf, %bbuf, %cbuf
        : memref<128x128xbf16, #sram>, memref<128x128xbf16, #sram>, memref<128x128xf32, #sram>
    %tc1 = npu_tile.dma %cbuf, %C channel 2
        : memref<128x128xf32, #sram> -> memref<128x128xf32, #hbm>
    npu_tile.wait %tc1
    return
  }
}

// -----

// A loop of one trip (as npu-schedule-dma leaves after unrolling by two)
// has no `loopi`: its induction variable is the constant 16 (row 16 of Y:
// byte 8192) and its carried token is the copy before it. No fence at its
// boundaries.
// CHECK-LABEL: npu_isa.program @single_trip
// CHECK-NOT:  npu_isa.loopi
// CHECK:      npu_isa.dma.copy sram[r0], hbm[r1 + 8192], size = 8192, signal = [[L0:s[0-9]+]]
// CHECK:      npu_isa.sem.wait [[L0]]
// CHECK:      npu_isa.vpu.exp [r0 + 8192], [r0], {{.*}}, signal = [[E0:s[0-9]+]]
// CHECK:      npu_isa.dma.copy hbm[r2 + 8192], sram[r0 + 8192], size = 8192, ch = 1, wait = [[E0]]
// CHECK:      npu_isa.dma.copy sram[r0], hbm[r1 + 16384], size = 8192, signal = [[L1:s[0-9]+]]
// CHECK:      npu_isa.sem.wait [[L1]]
// CHECK:      npu_isa.vpu.exp
// CHECK:      npu_isa.dma.copy hbm[r2 + 16384], sram[r0 + 8192]
// CHECK-NOT:  npu_isa.fence
// CHECK:      npu_isa.halt

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-v1"} {
  func.func @single_trip(
      %X: memref<64x128xf32, #hbm> {npu.io = "input", npu.name = "x"},
      %Y: memref<64x128xf32, #hbm> {npu.io = "output", npu.name = "y"}) {
    %c16 = arith.constant 16 : index
    %c32 = arith.constant 32 : index
    %c48 = arith.constant 48 : index
    %buf = npu_tile.alloc {offset = 0 : i64} : memref<16x128xf32, #sram>
    %out = npu_tile.alloc {offset = 8192 : i64} : memref<16x128xf32, #sram>
    %x0 = memref.subview %X[16, 0] [16, 128] [1, 1]
        : memref<64x128xf32, #hbm> to memref<16x128xf32, strided<[128, 1], offset: 2048>, #hbm>
    %t0 = npu_tile.dma %x0, %buf channel 0
        : memref<16x128xf32, strided<[128, 1], offset: 2048>, #hbm> -> memref<16x128xf32, #sram>
    %r = scf.for %i = %c16 to %c32 step %c16 iter_args(%t = %t0) -> (!npu_tile.token) {
      npu_tile.wait %t
      npu_tile.vpu.unary exp %buf, %out : memref<16x128xf32, #sram>, memref<16x128xf32, #sram>
      %ys = memref.subview %Y[%i, 0] [16, 128] [1, 1]
          : memref<64x128xf32, #hbm> to memref<16x128xf32, strided<[128, 1], offset: ?>, #hbm>
      %ts = npu_tile.dma %out, %ys channel 1
          : memref<16x128xf32, #sram> -> memref<16x128xf32, strided<[128, 1], offset: ?>, #hbm>
      %i1 = arith.addi %i, %c16 : index
      %xs = memref.subview %X[%i1, 0] [16, 128] [1, 1]
          : memref<64x128xf32, #hbm> to memref<16x128xf32, strided<[128, 1], offset: ?>, #hbm>
      npu_tile.wait %ts
      %tn = npu_tile.dma %xs, %buf channel 0
          : memref<16x128xf32, strided<[128, 1], offset: ?>, #hbm> -> memref<16x128xf32, #sram>
      scf.yield %tn : !npu_tile.token
    }
    npu_tile.wait %r
    npu_tile.vpu.unary exp %buf, %out : memref<16x128xf32, #sram>, memref<16x128xf32, #sram>
    %y2 = memref.subview %Y[32, 0] [16, 128] [1, 1]
        : memref<64x128xf32, #hbm> to memref<16x128xf32, strided<[128, 1], offset: 4096>, #hbm>
    %t2 = npu_tile.dma %out, %y2 channel 1
        : memref<16x128xf32, #sram> -> memref<16x128xf32, strided<[128, 1], offset: 4096>, #hbm>
    npu_tile.wait %t2
    return
  }
}
