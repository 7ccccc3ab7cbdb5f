// npu-lower-to-isa of the comparisons (vpu.binary cmp_<pred> -> vpu.cmp
// with pred) and of vpu.select (-> vpu.sel with c, c_ld, c_t and inv); an
// argument marked npu.bool keeps the bool type i1 in the signature.
//
// RUN: npu-opt %s --npu-lower-to-isa | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-v1"} {
  func.func @masks(
      %x: memref<4x16xf32, #hbm> {npu.io = "input", npu.name = "x"},
      %m: memref<4x16xi8, #hbm> {npu.bool, npu.io = "output", npu.name = "m"},
      %y: memref<4x16xf32, #hbm> {npu.io = "output", npu.name = "y"}) {
    %xs = npu_tile.alloc {offset = 0 : i64} : memref<4x16xf32, #sram>
    %ms = npu_tile.alloc {offset = 256 : i64} : memref<4x16xi8, #sram>
    %ys = npu_tile.alloc {offset = 512 : i64} : memref<4x16xbf16, #sram>
    %t0 = npu_tile.dma %x, %xs : memref<4x16xf32, #hbm> -> memref<4x16xf32, #sram>
    npu_tile.wait %t0
    npu_tile.vpu.binary cmp_le %xs, 5.000000e-01, %ms
        : memref<4x16xf32, #sram>, memref<4x16xi8, #sram>
    npu_tile.vpu.select %ms, %xs, 0xFF800000, %ys inv
        : memref<4x16xi8, #sram>, memref<4x16xf32, #sram>, memref<4x16xbf16, #sram>
    npu_tile.vpu.select %ms, %xs, %ys, %xs
        : memref<4x16xi8, #sram>, memref<4x16xf32, #sram>, memref<4x16xbf16, #sram>, memref<4x16xf32, #sram>
    %t1 = npu_tile.dma %ms, %m : memref<4x16xi8, #sram> -> memref<4x16xi8, #hbm>
    %t2 = npu_tile.dma %xs, %y channel 1 : memref<4x16xf32, #sram> -> memref<4x16xf32, #hbm>
    npu_tile.wait %t1, %t2
    return
  }
}

// CHECK: npu_isa.program @masks target = "npu-v1" inputs("x": tensor<4x16xf32>) outputs("m": tensor<4x16xi1>, "y": tensor<4x16xf32>)
// CHECK: npu_isa.vpu.cmp [r0 + 256], [r0], rows = 4, cols = 16, dst_ld = 16, a_ld = 64, dst_t = int8, bcast = imm, imm = 0.5, pred = le
// CHECK: npu_isa.vpu.sel [r0 + 512], [r0 + 256], [r0], rows = 4, cols = 16, dst_ld = 32, c_ld = 16, a_ld = 64, dst_t = bf16, bcast = imm, imm = -inf, inv = 1
// CHECK: npu_isa.vpu.sel [r0], [r0 + 256], [r0], b = [r0 + 512], rows = 4, cols = 16, dst_ld = 64, c_ld = 16, a_ld = 64, b_ld = 32, b_t = bf16
