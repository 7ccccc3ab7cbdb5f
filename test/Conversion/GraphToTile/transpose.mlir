// npu_graph.transpose, npu_graph.reshape and matmul transpose_b in
// npu-tile-graph.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s

// A transpose that keeps the last dim: one HBM-to-HBM copy from a
// memref.transpose view (runs of whole rows), straight into the output.
// CHECK-LABEL: func.func @rows(
// CHECK-SAME: %[[X:[^:]+]]: memref<6x20x8xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[OUT:[^:]+]]: memref<20x6x8xbf16, #[[HBM]]>
// CHECK-NEXT: %[[V:.+]] = memref.transpose %[[X]] (d0, d1, d2) -> (d1, d0, d2) : memref<6x20x8xbf16, #[[HBM]]> to memref<20x6x8xbf16, strided<[8, 160, 1]>, #[[HBM]]>
// CHECK-NEXT: %[[T:.+]] = npu_tile.dma %[[V]], %[[OUT]] : memref<20x6x8xbf16, strided<[8, 160, 1]>, #[[HBM]]> -> memref<20x6x8xbf16, #[[HBM]]>
// CHECK-NEXT: npu_tile.wait %[[T]]
// CHECK-NEXT: return
func.func @rows(%x: tensor<6x20x8xbf16>) -> tensor<20x6x8xbf16> {
  %t = npu_graph.transpose %x permutation = [1, 0, 2] : tensor<6x20x8xbf16> -> tensor<20x6x8xbf16>
  return %t : tensor<20x6x8xbf16>
}

// Rank 5 moving the last dim: one element per run, so at most 3 dims per
// copy: the two leading result dims are loops.
// CHECK-LABEL: func.func @elements(
// CHECK: %[[V:.+]] = memref.transpose %{{.+}} (d0, d1, d2, d3, d4) -> (d0, d3, d1, d4, d2)
// CHECK: scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step
// CHECK-NEXT: scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step
// CHECK-NEXT: %[[D:.+]] = memref.subview %{{.+}}[%[[I]], %[[J]], 0, 0, 0] [1, 1, 3, 6, 4]
// CHECK-NEXT: %[[S:.+]] = memref.subview %[[V]][%[[I]], %[[J]], 0, 0, 0] [1, 1, 3, 6, 4] [1, 1, 1, 1, 1] : memref<2x5x3x6x4xf32, strided<[360, 6, 120, 1, 30]>, #{{[a-z]+}}> to memref<3x6x4xf32, strided<[120, 1, 30], offset: ?>, #{{[a-z]+}}>
// CHECK-NEXT: npu_tile.dma %[[S]], %[[D]]
func.func @elements(%y: tensor<2x3x4x5x6xf32>) -> tensor<2x5x3x6x4xf32> {
  %f = npu_graph.transpose %y permutation = [0, 3, 1, 4, 2] : tensor<2x3x4x5x6xf32> -> tensor<2x5x3x6x4xf32>
  return %f : tensor<2x5x3x6x4xf32>
}

// A reshape is a view (collapse then expand: no copy); a transpose of the
// last two dims read only as a matmul's B is not lowered: the matmul reads
// the weight [n, k] as stored, with transpose_b.
// CHECK-LABEL: func.func @reshape_and_weight(
// CHECK-SAME: %[[X:[^:]+]]: memref<20x6x8xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[W:[^:]+]]: memref<30x48xbf16, #[[HBM]]>
// CHECK-NOT: memref.transpose
// CHECK: %[[C:.+]] = memref.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : memref<20x6x8xbf16, #[[HBM]]> into memref<960xbf16, #[[HBM]]>
// CHECK-NEXT: %[[E:.+]] = memref.expand_shape %[[C]] {{\[}}[0, 1]] output_shape [20, 48] : memref<960xbf16, #[[HBM]]> into memref<20x48xbf16, #[[HBM]]>
// CHECK: %[[BB:.+]] = npu_tile.alloc : memref<30x48xbf16, #{{[a-z]+}}>
// CHECK: npu_tile.dma %[[E]],
// CHECK: npu_tile.dma %[[W]], %[[BB]]
// CHECK: npu_tile.matmul bf16 %{{.+}}, %[[BB]], %{{.+}} transpose_b : memref<20x48xbf16, #{{[a-z]+}}>, memref<30x48xbf16, #{{[a-z]+}}>, memref<20x30xf32, #{{[a-z]+}}>
// CHECK-NOT: memref.transpose
// CHECK: return
func.func @reshape_and_weight(%x: tensor<20x6x8xbf16>, %w: tensor<30x48xbf16>) -> tensor<20x30xf32> {
  %r = npu_graph.reshape %x : tensor<20x6x8xbf16> -> tensor<20x48xbf16>
  %wt = npu_graph.transpose %w permutation = [1, 0] : tensor<30x48xbf16> -> tensor<48x30xbf16>
  %m = npu_graph.matmul %r, %wt : tensor<20x48xbf16>, tensor<48x30xbf16> -> tensor<20x30xf32>
  return %m : tensor<20x30xf32>
}

// A transpose with another user is copied; the matmul reads the copy.
// CHECK-LABEL: func.func @shared_transpose(
// CHECK: memref.transpose
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %{{.+}} : memref<4x8xbf16, #{{[a-z]+}}>, memref<8x6xbf16, #{{[a-z]+}}>
func.func @shared_transpose(%a: tensor<4x8xbf16>, %w: tensor<6x8xbf16>) -> (tensor<4x6xf32>, tensor<8x6xbf16>) {
  %wt = npu_graph.transpose %w permutation = [1, 0] : tensor<6x8xbf16> -> tensor<8x6xbf16>
  %m = npu_graph.matmul %a, %wt : tensor<4x8xbf16>, tensor<8x6xbf16> -> tensor<4x6xf32>
  return %m, %wt : tensor<4x6xf32>, tensor<8x6xbf16>
}

// transpose_b with batch dims and k tiling on npu-tiny: B tiles are [n, k]
// boxes of the stored [.., n, k] tensor.
// CHECK-LABEL: func.func @qk(
// CHECK: %[[AB:.+]] = npu_tile.alloc : memref<40x48xbf16, #{{[a-z]+}}>
// CHECK: %[[BB:.+]] = npu_tile.alloc : memref<50x48xbf16, #{{[a-z]+}}>
// CHECK: npu_tile.matmul bf16 %[[AB]], %[[BB]], %{{.+}} transpose_b : memref<40x48xbf16, #{{[a-z]+}}>, memref<50x48xbf16, #{{[a-z]+}}>, memref<40x50xf32, #{{[a-z]+}}>
// CHECK: npu_tile.matmul bf16 %[[AB]], %[[BB]], %{{.+}} accumulate transpose_b
// The k edge (700 = 14 * 48 + 28): B is a [50, 28] box of the [50, 48] tile.
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %{{.+}} accumulate transpose_b : memref<40x28xbf16, strided<[48, 1]>, #{{[a-z]+}}>, memref<50x28xbf16, strided<[48, 1]>, #{{[a-z]+}}>, memref<40x50xf32, #{{[a-z]+}}>
func.func @qk(%q: tensor<3x40x700xbf16>, %k: tensor<3x50x700xbf16>) -> tensor<3x40x50xf32> {
  %s = npu_graph.matmul %q, %k transpose_b : tensor<3x40x700xbf16>, tensor<3x50x700xbf16> -> tensor<3x40x50xf32>
  return %s : tensor<3x40x50xf32>
}

// A transpose that keeps the last dim and is only read by matmuls (here
// through a reshape that inserts a unit dim, as for K and V moved to heads)
// is a view: no copy, the matmul loads its tiles from the strided view.
// CHECK-LABEL: func.func @heads_view(
// CHECK-SAME: %[[K:[^:]+]]: memref<37x2x20xbf16, #[[HBM:[a-z]+]]>
// CHECK: %[[V:.+]] = memref.transpose %[[K]] (d0, d1, d2) -> (d1, d0, d2) : memref<37x2x20xbf16, #[[HBM]]> to memref<2x37x20xbf16, strided<[20, 40, 1]>, #[[HBM]]>
// CHECK-NEXT: %[[E:.+]] = memref.expand_shape %[[V]] {{\[}}[0, 1], [2], [3]] output_shape [1, 2, 37, 20] : memref<2x37x20xbf16, strided<[20, 40, 1]>, #[[HBM]]> into memref<1x2x37x20xbf16, strided<[40, 20, 40, 1]>, #[[HBM]]>
// CHECK-NOT: npu_tile.dma %[[V]]
// CHECK: memref.subview %[[E]]
// CHECK: npu_tile.matmul bf16 {{.+}} transpose_b
func.func @heads_view(%k: tensor<37x2x20xbf16>, %q: tensor<1x2x5x20xbf16>) -> tensor<1x2x5x37xf32> {
  %kt = npu_graph.transpose %k permutation = [1, 0, 2] : tensor<37x2x20xbf16> -> tensor<2x37x20xbf16>
  %kh = npu_graph.reshape %kt : tensor<2x37x20xbf16> -> tensor<1x2x37x20xbf16>
  %s = npu_graph.matmul %q, %kh transpose_b : tensor<1x2x5x20xbf16>, tensor<1x2x37x20xbf16> -> tensor<1x2x5x37xf32>
  return %s : tensor<1x2x5x37xf32>
}
