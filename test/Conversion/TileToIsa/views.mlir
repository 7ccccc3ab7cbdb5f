// Reshape and transpose views (memref.collapse_shape, memref.expand_shape,
// memref.transpose) address their source's first byte; the copy's strides
// come from their types. A transposing copy that keeps the last dim has
// row runs; one that moves it has element runs.
//
// RUN: npu-opt %s --npu-lower-to-isa | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-v1"} {
  func.func @views(
      %x: memref<6x20x8xbf16, #hbm> {npu.io = "input", npu.name = "x"},
      %t: memref<20x6x8xbf16, #hbm> {npu.io = "output", npu.name = "t"},
      %e: memref<8x6x20xbf16, #hbm> {npu.io = "output", npu.name = "e"}) {
    %rows = memref.transpose %x (d0, d1, d2) -> (d1, d0, d2)
        : memref<6x20x8xbf16, #hbm> to memref<20x6x8xbf16, strided<[8, 160, 1]>, #hbm>
    %t0 = npu_tile.dma %rows, %t
        : memref<20x6x8xbf16, strided<[8, 160, 1]>, #hbm> -> memref<20x6x8xbf16, #hbm>
    npu_tile.wait %t0
    %elems = memref.transpose %x (d0, d1, d2) -> (d2, d0, d1)
        : memref<6x20x8xbf16, #hbm> to memref<8x6x20xbf16, strided<[1, 160, 8]>, #hbm>
    %t1 = npu_tile.dma %elems, %e
        : memref<8x6x20xbf16, strided<[1, 160, 8]>, #hbm> -> memref<8x6x20xbf16, #hbm>
    npu_tile.wait %t1
    %flat = memref.collapse_shape %t [[0, 1, 2]]
        : memref<20x6x8xbf16, #hbm> into memref<960xbf16, #hbm>
    %mat = memref.expand_shape %flat [[0, 1]] output_shape [20, 48]
        : memref<960xbf16, #hbm> into memref<20x48xbf16, #hbm>
    %row = memref.subview %mat[3, 0] [1, 48] [1, 1]
        : memref<20x48xbf16, #hbm> to memref<48xbf16, strided<[1], offset: 144>, #hbm>
    %buf = npu_tile.alloc {offset = 0 : i64} : memref<48xbf16, #sram>
    %t2 = npu_tile.dma %row, %buf
        : memref<48xbf16, strided<[1], offset: 144>, #hbm> -> memref<48xbf16, #sram>
    npu_tile.wait %t2
    return
  }
}
// CHECK: npu_isa.arg [[X:r[0-9]+]], 3
// CHECK: npu_isa.arg [[T:r[0-9]+]], 4
// CHECK: npu_isa.arg [[E:r[0-9]+]], 5
// Runs of one 8-element row (16 bytes), over x's dim 0 (6, stride 320) and
// dim 1 (20, stride 16).
// CHECK: npu_isa.dma.copy hbm[[[T]]], hbm[[[X]]], size = 16, n1 = 6, n2 = 20, dst_st1 = 16, dst_st2 = 96, src_st1 = 320, src_st2 = 16
// Element runs; x's dims 0 and 1 merge (contiguous on both sides).
// CHECK: npu_isa.dma.copy hbm[[[E]]], hbm[[[X]]], size = 2, n1 = 120, n2 = 8, dst_st1 = 2, dst_st2 = 240, src_st1 = 16, src_st2 = 2
// Row 3 of the [20, 48] view of t: byte 3 * 48 * 2.
// CHECK: npu_isa.dma.copy sram[r0], hbm[[[T]] + 288], size = 96
