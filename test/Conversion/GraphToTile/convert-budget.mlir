// A standalone conversion keeps the loaded f32 tile and the bf16 result
// tile in separate buffers, so its tiles are chosen for both to fit: this
// cast (the probabilities of an attention, [b, hkv, G*sq, skv]) used to get
// [384, 128] tiles on npu-tiny, 288 KiB of SRAM, and fail placement.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny --npu-place-memory=target=npu-tiny %s | FileCheck %s
// CHECK-LABEL: func.func @cast(
// CHECK-SAME: npu.sram_peak = 98304
// CHECK: npu_tile.alloc {{.*}} : memref<128x128xf32, #{{[a-z]+}}>
// CHECK: npu_tile.alloc {{.*}} : memref<128x128xbf16, #{{[a-z]+}}>
func.func @cast(%x: tensor<1x4x384x128xf32>) -> tensor<1x4x384x128xbf16> {
  %c = npu_graph.cast %x : tensor<1x4x384x128xf32> to tensor<1x4x384x128xbf16>
  return %c : tensor<1x4x384x128xbf16>
}
