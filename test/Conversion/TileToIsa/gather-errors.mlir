// Errors of npu-lower-to-isa on npu_tile.gather, reported at the op.
//
// RUN: npu-opt %s --verify-diagnostics --npu-lower-to-isa

#hbm = #npu_tile.space<hbm>

// npu-tiny has 2 DMA channels.
module attributes {npu.target = "npu-tiny"} {
  func.func @bad_channel(
      %table: memref<50x24xbf16, #hbm> {npu.io = "input", npu.name = "table"},
      %ids: memref<14xi32, #hbm> {npu.io = "input", npu.name = "ids"},
      %out: memref<14x24xbf16, #hbm> {npu.io = "output", npu.name = "out"}) {
    // expected-error @+1 {{'npu_tile.gather' op uses channel 5 but the target has 2 DMA channels}}
    %t = npu_tile.gather %table[%ids], %out channel 5
        : memref<50x24xbf16, #hbm>, memref<14xi32, #hbm> -> memref<14x24xbf16, #hbm>
    npu_tile.wait %t
    return
  }
}
