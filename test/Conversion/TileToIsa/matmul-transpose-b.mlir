// npu_tile.matmul transpose_b lowers to mxu.matmul tb=1 with n taken from
// the rows of B ([n, k]) and ldb its row stride.
//
// RUN: npu-opt %s --npu-lower-to-isa | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-v1"} {
  func.func @qk(
      %q: memref<16x24xbf16, #hbm> {npu.io = "input", npu.name = "q"},
      %k: memref<40x24xbf16, #hbm> {npu.io = "input", npu.name = "k"},
      %s: memref<16x40xf32, #hbm> {npu.io = "output", npu.name = "s"}) {
    %qs = npu_tile.alloc {offset = 0 : i64} : memref<16x24xbf16, #sram>
    %ks = npu_tile.alloc {offset = 1024 : i64} : memref<40x32xbf16, #sram>
    %ss = npu_tile.alloc {offset = 4096 : i64} : memref<16x40xf32, #sram>
    %kv = memref.subview %ks[0, 0] [40, 24] [1, 1]
        : memref<40x32xbf16, #sram> to memref<40x24xbf16, strided<[32, 1]>, #sram>
    %t0 = npu_tile.dma %q, %qs : memref<16x24xbf16, #hbm> -> memref<16x24xbf16, #sram>
    %t1 = npu_tile.dma %k, %kv channel 1 : memref<40x24xbf16, #hbm> -> memref<40x24xbf16, strided<[32, 1]>, #sram>
    npu_tile.wait %t0, %t1
    npu_tile.matmul bf16 %qs, %kv, %ss transpose_b
        : memref<16x24xbf16, #sram>, memref<40x24xbf16, strided<[32, 1]>, #sram>,
          memref<16x40xf32, #sram>
    npu_tile.matmul bf16 %qs, %kv, %ss accumulate transpose_b
        : memref<16x24xbf16, #sram>, memref<40x24xbf16, strided<[32, 1]>, #sram>,
          memref<16x40xf32, #sram>
    %t2 = npu_tile.dma %ss, %s : memref<16x40xf32, #sram> -> memref<16x40xf32, #hbm>
    npu_tile.wait %t2
    return
  }
}
// CHECK-LABEL: npu_isa.program
// CHECK: npu_isa.mxu.matmul [r0 + 4096], [r0], [r0 + 1024], m = 16, k = 24, n = 40, lda = 48, ldb = 64, ldc = 160, {{.*}}tb = 1
// CHECK: npu_isa.mxu.matmul [r0 + 4096], [r0], [r0 + 1024], m = 16, k = 24, n = 40, lda = 48, ldb = 64, ldc = 160, acc = 1, tb = 1
