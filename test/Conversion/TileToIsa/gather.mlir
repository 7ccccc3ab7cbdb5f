// npu-lower-to-isa of npu_tile.gather: one dma.gather with the row size,
// count, row strides and limit from the memref types, each operand's space
// and address; the SRAM destination is a hazard for the VPU op reading it.
//
// RUN: npu-opt %s --npu-lower-to-isa | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-tiny"} {
  func.func @lookup(
      %table: memref<50x24xbf16, #hbm> {npu.io = "input", npu.name = "table"},
      %ids: memref<14xi32, #hbm> {npu.io = "input", npu.name = "ids"},
      %out: memref<14x24xf32, #hbm> {npu.io = "output", npu.name = "out"}) {
    %rows = npu_tile.alloc {offset = 0 : i64} : memref<14x32xbf16, #sram>
    %view = memref.subview %rows[0, 0] [14, 24] [1, 1] : memref<14x32xbf16, #sram> to memref<14x24xbf16, strided<[32, 1]>, #sram>
    %wide = npu_tile.alloc {offset = 1024 : i64} : memref<14x24xf32, #sram>
    %t = npu_tile.gather %table[%ids], %view channel 1
        : memref<50x24xbf16, #hbm>, memref<14xi32, #hbm> -> memref<14x24xbf16, strided<[32, 1]>, #sram>
    npu_tile.wait %t
    npu_tile.vpu.unary mov %view, %wide
        : memref<14x24xbf16, strided<[32, 1]>, #sram>, memref<14x24xf32, #sram>
    %t2 = npu_tile.dma %wide, %out : memref<14x24xf32, #sram> -> memref<14x24xf32, #hbm>
    npu_tile.wait %t2
    return
  }
}

// CHECK:      npu_isa.arg r1, 3
// CHECK:      npu_isa.arg r2, 4
// CHECK:      npu_isa.dma.gather sram[r0], hbm[r1], hbm[r2], size = 48, count = 14, dst_st = 64, src_st = 48, limit = 50, ch = 1, signal = s[[S:[0-9]+]]
// The wait is a sem.wait before the instruction reading the rows.
// CHECK-NEXT: }
// CHECK-NEXT: npu_isa.bundle {
// CHECK-NEXT:   npu_isa.sem.wait s[[S]]
// CHECK-NEXT: }
// CHECK-NEXT: npu_isa.bundle {
// CHECK-NEXT:   npu_isa.vpu.mov [r0 + 1024], [r0], rows = 14, cols = 24, dst_ld = 96, a_ld = 64, a_t = bf16
