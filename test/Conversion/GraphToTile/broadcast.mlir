// Elementwise operands that broadcast in a way the VPU cannot apply to a
// tile (a scalar, size-1 dims other than a row or a column, the left
// operand of sub) are materialised into a full-shaped HBM buffer first,
// before the loops: the operand is copied to the buffer's corner, then the
// filled part is doubled along each broadcast dim, innermost first.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s

// A rank-0 tensor (not a constant: constants are immediates) added to a
// [3, 5] tensor: expanded to [1, 1], copied to [0, 0], doubled along the
// columns (1, 2, then the last 1), then along the rows.
// CHECK-LABEL: func.func @scalar(
// CHECK-SAME: %[[M:[^:]+]]: memref<3x5xf32, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[S:[^:]+]]: memref<f32, #[[HBM]]>
// CHECK: %[[FULL:.+]] = memref.alloc() : memref<3x5xf32, #[[HBM]]>
// CHECK-NEXT: %[[E:.+]] = memref.expand_shape %[[S]] [] output_shape [1, 1] : memref<f32, #[[HBM]]> into memref<1x1xf32, #[[HBM]]>
// CHECK-NEXT: %[[C:.+]] = memref.subview %[[FULL]][0, 0] [1, 1] [1, 1]
// CHECK-NEXT: npu_tile.dma %[[E]], %[[C]]
// CHECK: %[[D1:.+]] = memref.subview %[[FULL]][0, 1] [1, 1] [1, 1]
// CHECK-NEXT: %[[S1:.+]] = memref.subview %[[FULL]][0, 0] [1, 1] [1, 1]
// CHECK-NEXT: npu_tile.dma %[[S1]], %[[D1]]
// CHECK: memref.subview %[[FULL]][0, 2] [1, 2] [1, 1]
// CHECK: memref.subview %[[FULL]][0, 4] [1, 1] [1, 1]
// CHECK: memref.subview %[[FULL]][1, 0] [1, 5] [1, 1]
// CHECK: %[[D4:.+]] = memref.subview %[[FULL]][2, 0] [1, 5] [1, 1]
// CHECK-NEXT: %[[S4:.+]] = memref.subview %[[FULL]][0, 0] [1, 5] [1, 1]
// CHECK-NEXT: npu_tile.dma %[[S4]], %[[D4]]
// CHECK-NOT: scf.for
// CHECK: npu_tile.dma %[[M]], %[[A:[^ ]+]] :
// CHECK: npu_tile.dma %[[FULL]], %[[B:[^ ]+]] :
// CHECK: npu_tile.vpu.binary add %[[A]], %[[B]], %[[A]]
func.func @scalar(%m: tensor<3x5xf32>, %s: tensor<f32>) -> tensor<3x5xf32> {
  %a = npu_graph.add %m, %s : tensor<3x5xf32>, tensor<f32> -> tensor<3x5xf32>
  return %a : tensor<3x5xf32>
}

// An outer sum: neither operand covers the result, so the first is
// materialised (its column doubled to 8) and the second is a row broadcast.
// CHECK-LABEL: func.func @outer(
// CHECK-SAME: %[[A:[^:]+]]: memref<4x1xf32, #[[HBM:[a-z]+]]>
// CHECK: %[[FULL:.+]] = memref.alloc() : memref<4x8xf32, #[[HBM]]>
// CHECK-NEXT: %[[C:.+]] = memref.subview %[[FULL]][0, 0] [4, 1] [1, 1]
// CHECK-NEXT: npu_tile.dma %[[A]], %[[C]]
// CHECK: memref.subview %[[FULL]][0, 1] [4, 1] [1, 1]
// CHECK: memref.subview %[[FULL]][0, 2] [4, 2] [1, 1]
// CHECK: %[[D:.+]] = memref.subview %[[FULL]][0, 4] [4, 4] [1, 1]
// CHECK-NEXT: %[[S:.+]] = memref.subview %[[FULL]][0, 0] [4, 4] [1, 1]
// CHECK-NEXT: npu_tile.dma %[[S]], %[[D]]
// CHECK: npu_tile.dma %[[FULL]], %[[T:[^ ]+]] :
// CHECK: npu_tile.vpu.binary add %[[T]], row %{{.+}}, %[[T]]
func.func @outer(%a: tensor<4x1xf32>, %b: tensor<1x8xf32>) -> tensor<4x8xf32> {
  %c = npu_graph.add %a, %b : tensor<4x1xf32>, tensor<1x8xf32> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// sub is not commutative: a broadcast left operand is materialised.
// CHECK-LABEL: func.func @sub_row(
// CHECK-SAME: %[[A:[^:]+]]: memref<8xf32, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[B:[^:]+]]: memref<4x8xf32, #[[HBM]]>
// CHECK: %[[FULL:.+]] = memref.alloc() : memref<4x8xf32, #[[HBM]]>
// CHECK-NEXT: %[[E:.+]] = memref.expand_shape %[[A]] {{\[}}[0, 1]] output_shape [1, 8]
// CHECK-NEXT: %[[C:.+]] = memref.subview %[[FULL]][0, 0] [1, 8] [1, 1]
// CHECK-NEXT: npu_tile.dma %[[E]], %[[C]]
// CHECK: memref.subview %[[FULL]][1, 0] [1, 8] [1, 1]
// CHECK: memref.subview %[[FULL]][2, 0] [2, 8] [1, 1]
// CHECK: npu_tile.dma %[[FULL]], %[[L:[^ ]+]] :
// CHECK: npu_tile.dma %[[B]], %[[R:[^ ]+]] :
// CHECK: npu_tile.vpu.binary sub %[[L]], %[[R]], %[[L]]
func.func @sub_row(%a: tensor<8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %c = npu_graph.sub %a, %b : tensor<8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// Size-1 dims in the middle and last ([4, 1, 1] to [4, 3, 6]): the 4
// elements copied to a strided column, doubled along the last dim, then
// along the middle one.
// CHECK-LABEL: func.func @middle(
// CHECK-SAME: %[[X:[^:]+]]: memref<4x3x6xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[K:[^:]+]]: memref<4x1x1xbf16, #[[HBM]]>
// CHECK: %[[FULL:.+]] = memref.alloc() : memref<4x3x6xbf16, #[[HBM]]>
// CHECK-NEXT: %[[C:.+]] = memref.subview %[[FULL]][0, 0, 0] [4, 1, 1] [1, 1, 1] : memref<4x3x6xbf16, #[[HBM]]> to memref<4x1x1xbf16, strided<[18, 6, 1]>, #[[HBM]]>
// CHECK-NEXT: npu_tile.dma %[[K]], %[[C]]
// CHECK: memref.subview %[[FULL]][0, 0, 1] [4, 1, 1]
// CHECK: memref.subview %[[FULL]][0, 0, 2] [4, 1, 2]
// CHECK: memref.subview %[[FULL]][0, 0, 4] [4, 1, 2]
// CHECK: memref.subview %[[FULL]][0, 1, 0] [4, 1, 6]
// CHECK: memref.subview %[[FULL]][0, 2, 0] [4, 1, 6]
// CHECK: npu_tile.vpu.binary mul
func.func @middle(%x: tensor<4x3x6xbf16>, %k: tensor<4x1x1xbf16>) -> tensor<4x3x6xbf16> {
  %c = npu_graph.mul %x, %k : tensor<4x3x6xbf16>, tensor<4x1x1xbf16> -> tensor<4x3x6xbf16>
  return %c : tensor<4x3x6xbf16>
}

// 1 - x: the splat constant on the left of a sub is the loaded operand (a
// [1] global broadcast to the result's shape), x the full one.
// CHECK-LABEL: func.func @splat_minus(
// CHECK-SAME: %[[X:[^:]+]]: memref<4x8xf32, #[[HBM:[a-z]+]]>
// CHECK: %[[ONE:.+]] = memref.get_global @__constant : memref<1xf32, #[[HBM]]>
// CHECK: %[[FULL:.+]] = memref.alloc() : memref<4x8xf32, #[[HBM]]>
// CHECK: npu_tile.dma %{{.+}}, %{{.+}} : memref<1x1xf32, #[[HBM]]> -> memref<1x1xf32, strided<[8, 1]>, #[[HBM]]>
// CHECK: npu_tile.dma %[[FULL]], %[[L:[^ ]+]] :
// CHECK: npu_tile.dma %[[X]], %[[R:[^ ]+]] :
// CHECK: npu_tile.vpu.binary sub %[[L]], %[[R]], %[[L]]
func.func @splat_minus(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %c = npu_graph.constant dense<1.0> : tensor<1xf32>
  %d = npu_graph.sub %c, %x : tensor<1xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  return %d : tensor<4x8xf32>
}

// pow is not commutative either: 2^x materialises the splat base; an
// exponent column is a column broadcast, and log / abs chain on the tile.
// CHECK-LABEL: func.func @pow_operands(
// CHECK: %[[FULL:.+]] = memref.alloc() : memref<4x8xf32, #[[HBM:[a-z]+]]>
// CHECK: npu_tile.dma %[[FULL]], %[[L:[^ ]+]] :
// CHECK: npu_tile.vpu.binary pow %[[L]], %{{[^ ]+}}, %[[L]]
// CHECK: npu_tile.vpu.binary pow %[[T:[^ ]+]], col %{{[^ ]+}}, %[[T]]
// CHECK-NEXT: npu_tile.vpu.unary abs %[[T]], %[[T]]
// CHECK-NEXT: npu_tile.vpu.unary log %[[T]], %[[T]]
func.func @pow_operands(%x: tensor<4x8xf32>, %e: tensor<4x1xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %two = npu_graph.constant dense<2.0> : tensor<f32>
  %0 = npu_graph.pow %two, %x : tensor<f32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %1 = npu_graph.pow %x, %e : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  %2 = npu_graph.abs %1 : tensor<4x8xf32>
  %3 = npu_graph.log %2 : tensor<4x8xf32>
  return %0, %3 : tensor<4x8xf32>, tensor<4x8xf32>
}
