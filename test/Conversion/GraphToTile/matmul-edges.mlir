// Sizes that are not multiples of the tiles: the full tiles run in scf.for
// loops with constant bounds and the edge tiles are peeled, using views of
// the full-size SRAM buffers with the edge sizes.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s
// RUN: npu-opt --npu-tile-graph %s | FileCheck %s --check-prefix=V1

// CHECK-LABEL: func.func @edges(
// CHECK-SAME: memref<100x70xbf16, #{{[a-z]+}}>
// CHECK-SAME: memref<70x130xbf16, #{{[a-z]+}}>
// CHECK-SAME: memref<100x130xf32, #{{[a-z]+}}>
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C32:.+]] = arith.constant 32 : index
// CHECK-DAG: %[[C128:.+]] = arith.constant 128 : index
// CHECK: %[[AB:.+]] = npu_tile.alloc : memref<100x70xbf16, #{{[a-z]+}}>
// CHECK: %[[BB:.+]] = npu_tile.alloc : memref<70x32xbf16, #{{[a-z]+}}>
// CHECK: %[[CB:.+]] = npu_tile.alloc : memref<100x32xf32, #{{[a-z]+}}>
// A has a single tile: loaded once before the loops.
// CHECK: npu_tile.dma %{{.+}}, %[[AB]]
// CHECK: scf.for %[[N:.+]] = %[[C0]] to %[[C128]] step %[[C32]] {
// CHECK: memref.subview %{{.+}}[0, %[[N]]] [70, 32] [1, 1]
// CHECK: npu_tile.matmul bf16 %[[AB]], %[[BB]], %[[CB]] :
// CHECK: memref.subview %{{.+}}[0, %[[N]]] [100, 32] [1, 1]
// CHECK: }
// The edge: columns 128..129.
// CHECK: %[[CE:.+]] = memref.subview %[[CB]][0, 0] [100, 2] [1, 1] : memref<100x32xf32, #{{[a-z]+}}> to memref<100x2xf32, strided<[32, 1]>, #{{[a-z]+}}>
// CHECK: %[[BH:.+]] = memref.subview %{{.+}}[0, 128] [70, 2] [1, 1] : memref<70x130xbf16, #{{[a-z]+}}> to memref<70x2xbf16, strided<[130, 1], offset: 128>, #{{[a-z]+}}>
// CHECK: npu_tile.dma %[[BH]], %{{.+}} : memref<70x2xbf16, strided<[130, 1], offset: 128>, #{{[a-z]+}}> -> memref<70x2xbf16, strided<[32, 1]>, #{{[a-z]+}}>
// CHECK: npu_tile.matmul bf16 %[[AB]], %{{.+}}, %[[CE]] : memref<100x70xbf16, #{{[a-z]+}}>, memref<70x2xbf16, strided<[32, 1]>, #{{[a-z]+}}>, memref<100x2xf32, strided<[32, 1]>, #{{[a-z]+}}>
// CHECK: %[[OH:.+]] = memref.subview %{{.+}}[0, 128] [100, 2] [1, 1]
// CHECK: npu_tile.dma %{{.+}}, %[[OH]] : memref<100x2xf32, strided<[32, 1]>, #{{[a-z]+}}> -> memref<100x2xf32, strided<[130, 1], offset: 128>, #{{[a-z]+}}>
// CHECK: return

// V1-LABEL: func.func @edges(
// V1-NOT: scf.for
// V1: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %{{.+}} : memref<100x70xbf16, #{{[a-z]+}}>, memref<70x130xbf16, #{{[a-z]+}}>, memref<100x130xf32, #{{[a-z]+}}>
func.func @edges(%a: tensor<100x70xbf16>, %b: tensor<70x130xbf16>) -> tensor<100x130xf32> {
  %c = npu_graph.matmul %a, %b : tensor<100x70xbf16>, tensor<70x130xbf16> -> tensor<100x130xf32>
  return %c : tensor<100x130xf32>
}

// Several k tiles: the first one initialises C, the loop and the k edge
// accumulate.
// CHECK-LABEL: func.func @k_edge(
// CHECK-DAG: %[[C64:.+]] = arith.constant 64 : index
// CHECK-DAG: %[[C960:.+]] = arith.constant 960 : index
// CHECK: %[[AB:.+]] = npu_tile.alloc : memref<64x64xbf16, #{{[a-z]+}}>
// CHECK: %[[BB:.+]] = npu_tile.alloc : memref<64x48xbf16, #{{[a-z]+}}>
// CHECK: %[[CB:.+]] = npu_tile.alloc : memref<64x48xf32, #{{[a-z]+}}>
// CHECK: memref.subview %{{.+}}[0, 0] [64, 64] [1, 1]
// CHECK: memref.subview %{{.+}}[0, 0] [64, 48] [1, 1]
// CHECK: npu_tile.matmul bf16 %[[AB]], %[[BB]], %[[CB]] :
// CHECK: scf.for %[[K:.+]] = %[[C64]] to %[[C960]] step %[[C64]] {
// CHECK: memref.subview %{{.+}}[0, %[[K]]] [64, 64] [1, 1]
// CHECK: npu_tile.wait
// CHECK: memref.subview %{{.+}}[%[[K]], 0] [64, 48] [1, 1]
// CHECK: npu_tile.wait
// CHECK-NEXT: npu_tile.matmul bf16 %[[AB]], %[[BB]], %[[CB]] accumulate :
// CHECK: }
// CHECK: memref.subview %{{.+}}[0, 960] [64, 40] [1, 1]
// CHECK: memref.subview %{{.+}}[960, 0] [40, 48] [1, 1]
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %[[CB]] accumulate : memref<64x40xbf16, strided<[64, 1]>, #{{[a-z]+}}>, memref<40x48xbf16, strided<[48, 1]>, #{{[a-z]+}}>, memref<64x48xf32, #{{[a-z]+}}>
// CHECK: npu_tile.dma %[[CB]], %{{.+}} : memref<64x48xf32, #{{[a-z]+}}> -> memref<64x48xf32, #{{[a-z]+}}>
func.func @k_edge(%a: tensor<64x1000xbf16>, %b: tensor<1000x48xbf16>) -> tensor<64x48xf32> {
  %c = npu_graph.matmul %a, %b : tensor<64x1000xbf16>, tensor<1000x48xbf16> -> tensor<64x48xf32>
  return %c : tensor<64x48xf32>
}
