// npu_tile.gather: round trip in the custom and the generic form, and every
// verifier error.
//
// RUN: npu-opt %s -split-input-file | FileCheck %s
// RUN: npu-opt %s -split-input-file --mlir-print-op-generic | npu-opt -split-input-file | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// CHECK-LABEL: func.func @gather
// CHECK: %[[T:.+]] = npu_tile.gather %{{.+}}[%{{.+}}], %{{.+}} : memref<50x24xbf16, #{{.+}}>, memref<14xi32, #{{.+}}> -> memref<14x24xbf16, #{{.+}}>
// CHECK: npu_tile.wait %[[T]]
// CHECK: npu_tile.gather %{{.+}}[%{{.+}}], %{{.+}} channel 3 : memref<50x24xi4, #{{.+}}>, memref<4xi32, #{{.+}}> -> memref<4x24xi4, strided<[32, 1], offset: ?>, #{{.+}}>
func.func @gather(%table: memref<50x24xbf16, #hbm>, %ids: memref<14xi32, #sram>,
                  %rows: memref<14x24xbf16, #hbm>,
                  %t4: memref<50x24xi4, #hbm>, %i4: memref<4xi32, #hbm>,
                  %o4: memref<4x24xi4, strided<[32, 1], offset: ?>, #sram>) {
  %t = npu_tile.gather %table[%ids], %rows
      : memref<50x24xbf16, #hbm>, memref<14xi32, #sram> -> memref<14x24xbf16, #hbm>
  npu_tile.wait %t
  %u = npu_tile.gather %t4[%i4], %o4 channel 3
      : memref<50x24xi4, #hbm>, memref<4xi32, #hbm> -> memref<4x24xi4, strided<[32, 1], offset: ?>, #sram>
  npu_tile.wait %u
  return
}
