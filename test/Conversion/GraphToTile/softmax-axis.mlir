// A softmax along another axis than the last: the axis is swapped with the
// last one by an HBM-to-HBM transpose copy, the rows are reduced by the
// row-op kernel, and the result is transposed back.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s

// CHECK-LABEL: func.func @axis0(
// CHECK-SAME: %[[X:[^:]+]]: memref<4x3x6xf32, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[OUT:[^:]+]]: memref<4x3x6xf32, #[[HBM]]>
// CHECK: %[[IN:.+]] = memref.alloc() : memref<6x3x4xf32, #[[HBM]]>
// CHECK-NEXT: %[[V:.+]] = memref.transpose %[[X]] (d0, d1, d2) -> (d2, d1, d0)
// CHECK-NEXT: npu_tile.dma %[[V]], %[[IN]]
// CHECK: %[[RES:.+]] = memref.alloc() : memref<6x3x4xf32, #[[HBM]]>
// CHECK: scf.for
// CHECK: npu_tile.vpu.reduce max %{{.+}} : memref<3x4xf32, #sram>, memref<3x1xf32, #sram>
// CHECK: npu_tile.vpu.reduce sum
// CHECK: %[[W:.+]] = memref.transpose %[[RES]] (d0, d1, d2) -> (d2, d1, d0)
// CHECK-NEXT: npu_tile.dma %[[W]], %[[OUT]]
func.func @axis0(%x: tensor<4x3x6xf32>) -> tensor<4x3x6xf32> {
  %p = npu_graph.softmax %x axis = 0 : tensor<4x3x6xf32>
  return %p : tensor<4x3x6xf32>
}

// The second-to-last axis of a bf16 tensor.
// CHECK-LABEL: func.func @axis_minus2(
// CHECK: memref.transpose %{{.+}} (d0, d1, d2) -> (d0, d2, d1) : memref<2x5x8xbf16
// CHECK: npu_tile.vpu.reduce max %{{.+}} : memref<8x5xbf16, #sram>, memref<8x1xf32
// CHECK: memref.transpose %{{.+}} (d0, d1, d2) -> (d0, d2, d1) : memref<2x8x5xbf16
func.func @axis_minus2(%x: tensor<2x5x8xbf16>) -> tensor<2x5x8xbf16> {
  %p = npu_graph.softmax %x axis = -2 : tensor<2x5x8xbf16>
  return %p : tensor<2x5x8xbf16>
}
