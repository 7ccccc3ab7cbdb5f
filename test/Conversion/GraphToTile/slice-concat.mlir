// npu_graph.slice and npu_graph.concat in npu-tile-graph: HBM-to-HBM DMA
// copies of strided views, no SRAM.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s

// A slice with unit steps: one copy from a subview of the input (row runs),
// straight into the output.
// CHECK-LABEL: func.func @slice(
// CHECK-SAME: %[[X:[^:]+]]: memref<6x20x8xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[OUT:[^:]+]]: memref<3x5x6xbf16, #[[HBM]]>
// CHECK-NEXT: %[[V:.+]] = memref.subview %[[X]][1, 4, 2] [3, 5, 6] [1, 1, 1] : memref<6x20x8xbf16, #[[HBM]]> to memref<3x5x6xbf16, strided<[160, 8, 1], offset: 194>, #[[HBM]]>
// CHECK-NEXT: %[[T:.+]] = npu_tile.dma %[[V]], %[[OUT]]
// CHECK-NEXT: npu_tile.wait %[[T]]
// CHECK-NEXT: return
func.func @slice(%x: tensor<6x20x8xbf16>) -> tensor<3x5x6xbf16> {
  %s = npu_graph.slice %x starts = [1, 4, 2] sizes = [3, 5, 6] strides = [1, 1, 1] : tensor<6x20x8xbf16> -> tensor<3x5x6xbf16>
  return %s : tensor<3x5x6xbf16>
}

// Steps other than 1 are the subview's strides (element runs when the last
// dim is stepped).
// CHECK-LABEL: func.func @steps(
// CHECK-NEXT: %[[V:.+]] = memref.subview %{{.+}}[0, 1, 1] [3, 10, 3] [2, 1, 3] : memref<6x20x8xbf16, #{{[a-z]+}}> to memref<3x10x3xbf16, strided<[320, 8, 3], offset: 9>, #{{[a-z]+}}>
// CHECK-NEXT: npu_tile.dma %[[V]], %{{.+}}
func.func @steps(%x: tensor<6x20x8xbf16>) -> tensor<3x10x3xbf16> {
  %s = npu_graph.slice %x starts = [0, 1, 1] sizes = [3, 10, 3] strides = [2, 1, 3] : tensor<6x20x8xbf16> -> tensor<3x10x3xbf16>
  return %s : tensor<3x10x3xbf16>
}

// Four strided dims of single elements: more than one dma.copy has, so the
// outermost dim is a loop.
// CHECK-LABEL: func.func @looped(
// CHECK: %[[V:.+]] = memref.subview %{{.+}}[0, 1, 1, 2, 0] [2, 2, 3, 2, 3] [1, 1, 1, 1, 2]
// CHECK-NEXT: scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step
// CHECK-NEXT: %[[D:.+]] = memref.subview %{{.+}}[%[[I]], 0, 0, 0, 0] [1, 2, 3, 2, 3]
// CHECK-NEXT: %[[S:.+]] = memref.subview %[[V]][%[[I]], 0, 0, 0, 0] [1, 2, 3, 2, 3]
// CHECK-NEXT: npu_tile.dma %[[S]], %[[D]]
// CHECK-NOT: npu_tile.dma
// CHECK: return
func.func @looped(%z: tensor<2x3x4x5x6xf32>) -> tensor<2x2x3x2x3xf32> {
  %h = npu_graph.slice %z starts = [0, 1, 1, 2, 0] sizes = [2, 2, 3, 2, 3] strides = [1, 1, 1, 1, 2] : tensor<2x3x4x5x6xf32> -> tensor<2x2x3x2x3xf32>
  return %h : tensor<2x2x3x2x3xf32>
}

// A concat copies each input into its subview of the output.
// CHECK-LABEL: func.func @concat(
// CHECK-SAME: %[[A:[^:]+]]: memref<6x20x8xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[B:[^:]+]]: memref<6x20x5xbf16, #[[HBM]]>
// CHECK-SAME: %[[OUT:[^:]+]]: memref<6x20x13xbf16, #[[HBM]]>
// CHECK-NEXT: %[[PA:.+]] = memref.subview %[[OUT]][0, 0, 0] [6, 20, 8] [1, 1, 1] : memref<6x20x13xbf16, #[[HBM]]> to memref<6x20x8xbf16, strided<[260, 13, 1]>, #[[HBM]]>
// CHECK-NEXT: %[[T0:.+]] = npu_tile.dma %[[A]], %[[PA]]
// CHECK-NEXT: npu_tile.wait %[[T0]]
// CHECK-NEXT: %[[PB:.+]] = memref.subview %[[OUT]][0, 0, 8] [6, 20, 5] [1, 1, 1] : memref<6x20x13xbf16, #[[HBM]]> to memref<6x20x5xbf16, strided<[260, 13, 1], offset: 8>, #[[HBM]]>
// CHECK-NEXT: %[[T1:.+]] = npu_tile.dma %[[B]], %[[PB]]
// CHECK-NEXT: npu_tile.wait %[[T1]]
// CHECK-NEXT: return
func.func @concat(%x: tensor<6x20x8xbf16>, %y: tensor<6x20x5xbf16>) -> tensor<6x20x13xbf16> {
  %c = npu_graph.concat %x, %y axis = -1 : tensor<6x20x8xbf16>, tensor<6x20x5xbf16> -> tensor<6x20x13xbf16>
  return %c : tensor<6x20x13xbf16>
}

// A slice that is not an output goes to a new HBM buffer, which the concat
// then copies from.
// CHECK-LABEL: func.func @slice_into_concat(
// CHECK-SAME: %[[X:[^:]+]]: memref<4x8xf32, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[OUT:[^:]+]]: memref<6x8xf32, #[[HBM]]>
// CHECK-NEXT: %[[V:.+]] = memref.subview %[[X]][2, 0] [2, 8] [1, 1]
// CHECK-NEXT: %[[S:.+]] = memref.alloc() : memref<2x8xf32, #[[HBM]]>
// CHECK-NEXT: npu_tile.dma %[[V]], %[[S]]
// CHECK: %[[P0:.+]] = memref.subview %[[OUT]][0, 0] [4, 8] [1, 1]
// CHECK-NEXT: npu_tile.dma %[[X]], %[[P0]]
// CHECK: %[[P1:.+]] = memref.subview %[[OUT]][4, 0] [2, 8] [1, 1]
// CHECK-NEXT: npu_tile.dma %[[S]], %[[P1]]
func.func @slice_into_concat(%x: tensor<4x8xf32>) -> tensor<6x8xf32> {
  %s = npu_graph.slice %x starts = [2, 0] sizes = [2, 8] strides = [1, 1] : tensor<4x8xf32> -> tensor<2x8xf32>
  %c = npu_graph.concat %x, %s axis = 0 : tensor<4x8xf32>, tensor<2x8xf32> -> tensor<6x8xf32>
  return %c : tensor<6x8xf32>
}
