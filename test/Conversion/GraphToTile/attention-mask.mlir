// npu-tile-graph's fused attention kernel with an additive mask operand:
// the mask rows are loaded by DMA into a bf16 SRAM tile and added to the
// scaled f32 scores (vpu.binary add) before the causal mask and the
// softmax. No HBM intermediate.
// RUN: npu-opt --npu-tile-graph="target=npu-tiny pipeline-attention=false" %s --split-input-file | FileCheck %s

// A padding mask [b, 1, 1, skv]: one [1, 10] row per batch, loaded in the
// batch loop (before the loop over key/value heads) and added to the
// [12, 10] scores of the group's two stacked heads with a row broadcast.
// CHECK-LABEL: func.func @pad(
// CHECK-SAME: %[[M:arg3]]: memref<2x1x1x10xbf16
// CHECK: scf.for %[[B:.+]] = %{{.+}} to %{{.+}} step
// CHECK-NEXT: %[[MB:.+]] = npu_tile.alloc : memref<1x10xbf16, #[[SRAM:[a-z]+]]>
// CHECK-NEXT: %[[MH:.+]] = memref.subview %[[M]][%[[B]], 0, 0, 0] [1, 1, 1, 10] [1, 1, 1, 1]
// CHECK-NEXT: %[[MV:.+]] = memref.subview %[[MB]][0, 0] [1, 10] [1, 1]
// CHECK-NEXT: %[[T:.+]] = npu_tile.dma %[[MH]], %[[MV]]
// CHECK-NEXT: npu_tile.wait %[[T]]
// CHECK-NEXT: scf.for
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %[[S:.+]] transpose_b : memref<12x16xbf16, #[[SRAM]]>, memref<10x16xbf16, #[[SRAM]]>, memref<12x10xf32, #[[SRAM]]>
// CHECK-NEXT: npu_tile.vpu.binary mul %[[S]], 2.500000e-01, %[[S]]
// CHECK-NEXT: npu_tile.vpu.binary add %[[S]], row %[[MB]], %[[S]] : memref<12x10xf32, #[[SRAM]]>, memref<1x10xbf16, #[[SRAM]]>, memref<12x10xf32, #[[SRAM]]>
// CHECK-NEXT: npu_tile.vpu.reduce max %[[S]]
func.func @pad(%q: tensor<2x4x6x16xbf16>, %k: tensor<2x2x10x16xbf16>, %v: tensor<2x2x10x8xbf16>, %m: tensor<2x1x1x10xbf16>) -> tensor<2x4x6x8xbf16> {
  %o = npu_graph.attention %q, %k, %v mask %m scale = 2.500000e-01 : tensor<2x4x6x16xbf16>, tensor<2x2x10x16xbf16>, tensor<2x2x10x8xbf16>, tensor<2x1x1x10xbf16> -> tensor<2x4x6x8xbf16>
  return %o : tensor<2x4x6x8xbf16>
}

// -----

// A mask per head and query row, with causal: the stacked heads' [6, 10]
// rows are copied below each other (the layout of the scores; one copy
// for both heads), added in one op, then the causal mask (min) and the
// softmax.
// CHECK-LABEL: func.func @heads(
// CHECK-SAME: %[[M:arg3]]: memref<1x4x6x10xbf16
// CHECK: scf.for
// CHECK: %[[MB:.+]] = npu_tile.alloc : memref<12x10xbf16, #[[SRAM:[a-z]+]]>
// CHECK-NEXT: %[[MH:.+]] = memref.subview %[[M]][0, %{{.+}}, 0, 0] [1, 2, 6, 10]
// CHECK-NEXT: %[[MV:.+]] = memref.expand_shape %[[MB]] {{\[\[}}0, 1], [2]] output_shape [2, 6, 10]
// CHECK-NEXT: npu_tile.dma %[[MH]], %[[MV]]
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %[[S:.+]] transpose_b
// CHECK-NEXT: npu_tile.vpu.binary mul %[[S]], 2.500000e-01, %[[S]]
// CHECK-NEXT: npu_tile.vpu.binary add %[[S]], %[[MB]], %[[S]] : memref<12x10xf32, #[[SRAM]]>, memref<12x10xbf16, #[[SRAM]]>, memref<12x10xf32, #[[SRAM]]>
// CHECK-NEXT: npu_tile.vpu.binary min %[[S]]
func.func @heads(%q: tensor<1x4x6x16xbf16>, %k: tensor<1x2x10x16xbf16>, %v: tensor<1x2x10x8xbf16>, %m: tensor<1x4x6x10xbf16>) -> tensor<1x4x6x8xbf16> {
  %o = npu_graph.attention %q, %k, %v mask %m scale = 2.500000e-01 causal offset = 4 : tensor<1x4x6x16xbf16>, tensor<1x2x10x16xbf16>, tensor<1x2x10x8xbf16>, tensor<1x4x6x10xbf16> -> tensor<1x4x6x8xbf16>
  return %o : tensor<1x4x6x8xbf16>
}

// -----

// A mask per query row shared by the heads ([1, 1, 6, 10]): loaded once
// per tile and added to each stacked head's rows.
// CHECK-LABEL: func.func @rows(
// CHECK: %[[MB:.+]] = npu_tile.alloc : memref<6x10xbf16, #[[SRAM:[a-z]+]]>
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %[[S:.+]] transpose_b
// CHECK-NEXT: npu_tile.vpu.binary mul
// CHECK-NEXT: %[[S0:.+]] = memref.subview %[[S]][0, 0] [6, 10] [1, 1]
// CHECK-NEXT: npu_tile.vpu.binary add %[[S0]], %[[MB]], %[[S0]]
// CHECK-NEXT: %[[S1:.+]] = memref.subview %[[S]][6, 0] [6, 10] [1, 1]
// CHECK-NEXT: npu_tile.vpu.binary add %[[S1]], %[[MB]], %[[S1]]
// CHECK-NEXT: npu_tile.vpu.reduce max %[[S]]
func.func @rows(%q: tensor<1x4x6x16xbf16>, %k: tensor<1x2x10x16xbf16>, %v: tensor<1x2x10x8xbf16>, %m: tensor<1x1x6x10xbf16>) -> tensor<1x4x6x8xbf16> {
  %o = npu_graph.attention %q, %k, %v mask %m scale = 2.500000e-01 : tensor<1x4x6x16xbf16>, tensor<1x2x10x16xbf16>, tensor<1x2x10x8xbf16>, tensor<1x1x6x10xbf16> -> tensor<1x4x6x8xbf16>
  return %o : tensor<1x4x6x8xbf16>
}
