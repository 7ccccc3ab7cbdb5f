// Standalone elementwise ops are tiled with planElementwise over [rows, cols]
// (the last two dims; the leading dims are looped over); chains of elementwise ops with single uses are
// fused into one pass over the tiles.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s

// Rank 3: a loop over the batch dim, [rows, cols] tiles of each slice
// through rank-reducing subviews. A splat constant becomes an immediate (no
// global is left behind), a division by a column is a reciprocal of the
// column tile then a multiply, and the cast converts on the way out.
// CHECK-LABEL: func.func @chain(
// CHECK-SAME: %[[X:[^:]+]]: memref<4x300x200xf32, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[COL:[^:]+]]: memref<4x300x1xf32, #[[HBM]]>
// CHECK-SAME: %[[Y:[^:]+]]: memref<4x300x200xbf16, #[[HBM]]> {npu.io = "output", npu.name = "out0"}
// CHECK-SAME: npu.flops = 0 : i64
// CHECK-NOT: memref.get_global
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C4:.+]] = arith.constant 4 : index
// CHECK-DAG: %[[C64:.+]] = arith.constant 64 : index
// CHECK-DAG: %[[C192:.+]] = arith.constant 192 : index
// CHECK: %[[IB:.+]] = npu_tile.alloc : memref<300x64xf32, #[[SRAM:[a-z]+]]>
// CHECK: %[[CB:.+]] = npu_tile.alloc : memref<300x1xf32, #[[SRAM]]>
// CHECK: %[[OB:.+]] = npu_tile.alloc : memref<300x64xbf16, #[[SRAM]]>
// CHECK: scf.for %[[B:.+]] = %[[C0]] to %[[C4]] step %[[C1]] {
// CHECK-NEXT: scf.for %[[C:.+]] = %[[C0]] to %[[C192]] step %[[C64]] {
// CHECK-NEXT: %[[XT:.+]] = memref.subview %[[X]][%[[B]], 0, %[[C]]] [1, 300, 64] [1, 1, 1] : memref<4x300x200xf32, #[[HBM]]> to memref<300x64xf32, strided<[200, 1], offset: ?>, #[[HBM]]>
// CHECK-NEXT: %[[T0:.+]] = npu_tile.dma %[[XT]], %[[IB]]
// CHECK-NEXT: npu_tile.wait %[[T0]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[IB]], 2.000000e+00, %[[IB]]
// CHECK-NEXT: %[[CV:.+]] = memref.subview %[[CB]][0, 0] [300, 1] [1, 1] : memref<300x1xf32, #[[SRAM]]> to memref<300xf32, strided<[1]>, #[[SRAM]]>
// CHECK-NEXT: %[[CT:.+]] = memref.subview %[[COL]][%[[B]], 0, 0] [1, 300, 1] [1, 1, 1] : memref<4x300x1xf32, #[[HBM]]> to memref<300xf32, strided<[1], offset: ?>, #[[HBM]]>
// CHECK-NEXT: %[[T1:.+]] = npu_tile.dma %[[CT]], %[[CV]]
// CHECK-NEXT: npu_tile.wait %[[T1]]
// CHECK-NEXT: npu_tile.vpu.unary recip %[[CB]], %[[CB]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[IB]], col %[[CB]], %[[IB]]
// CHECK-NEXT: npu_tile.vpu.unary mov %[[IB]], %[[OB]]
// CHECK-NEXT: %[[YT:.+]] = memref.subview %[[Y]][%[[B]], 0, %[[C]]] [1, 300, 64] [1, 1, 1]
// CHECK-NEXT: %[[T2:.+]] = npu_tile.dma %[[OB]], %[[YT]]
// CHECK-NEXT: npu_tile.wait %[[T2]]
// CHECK-NEXT: }
// The column edge: columns 192..199.
// CHECK: memref.subview %[[X]][%[[B]], 0, 192] [1, 300, 8] [1, 1, 1]
// CHECK: npu_tile.vpu.unary mov %{{.+}}, %{{.+}} : memref<300x8xf32, strided<[64, 1]>, #[[SRAM]]>, memref<300x8xbf16, strided<[64, 1]>, #[[SRAM]]>
// CHECK: return
func.func @chain(%x: tensor<4x300x200xf32>, %col: tensor<4x300x1xf32>) -> tensor<4x300x200xbf16> {
  %s = npu_graph.constant dense<2.0> : tensor<f32>
  %a = npu_graph.mul %x, %s : tensor<4x300x200xf32>, tensor<f32> -> tensor<4x300x200xf32>
  %b = npu_graph.div %a, %col : tensor<4x300x200xf32>, tensor<4x300x1xf32> -> tensor<4x300x200xf32>
  %c = npu_graph.cast %b : tensor<4x300x200xf32> to tensor<4x300x200xbf16>
  return %c : tensor<4x300x200xbf16>
}

// A row operand ([n] broadcast over the rows) with the broadcast operand on
// the left of a commutative op; a bf16 chain keeps bf16 tiles.
// CHECK-LABEL: func.func @row(
// CHECK-SAME: %[[X:[^:]+]]: memref<16x64xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[B:[^:]+]]: memref<64xbf16, #[[HBM]]>
// CHECK: %[[IB:.+]] = npu_tile.alloc : memref<16x64xbf16, #[[SRAM:[a-z]+]]>
// CHECK: %[[RB:.+]] = npu_tile.alloc : memref<1x64xbf16, #[[SRAM]]>
// CHECK: npu_tile.dma %[[X]], %[[IB]]
// CHECK: %[[RV:.+]] = memref.subview %[[RB]][0, 0] [1, 64] [1, 1] : memref<1x64xbf16, #[[SRAM]]> to memref<64xbf16, strided<[1]>, #[[SRAM]]>
// CHECK: npu_tile.dma %[[B]], %[[RV]] : memref<64xbf16, #[[HBM]]> -> memref<64xbf16, strided<[1]>, #[[SRAM]]>
// CHECK: npu_tile.vpu.binary max %[[IB]], row %[[RB]], %[[IB]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[IB]], -1.000000e+00, %[[IB]]
// CHECK-NEXT: npu_tile.vpu.unary sigmoid %[[IB]], %[[IB]]
// CHECK-NEXT: npu_tile.dma %[[IB]], %{{.+}}
func.func @row(%x: tensor<16x64xbf16>, %b: tensor<64xbf16>) -> tensor<16x64xbf16> {
  %m = npu_graph.max %b, %x : tensor<64xbf16>, tensor<16x64xbf16> -> tensor<16x64xbf16>
  %n = npu_graph.neg %m : tensor<16x64xbf16>
  %s = npu_graph.sigmoid %n : tensor<16x64xbf16>
  return %s : tensor<16x64xbf16>
}

// A reshape is a view; results returned twice or returned inputs are copied
// into their output argument with an HBM-to-HBM DMA.
// CHECK-LABEL: func.func @views(
// CHECK-SAME: %[[X:[^:]+]]: memref<2x3x4xf32, #[[HBM:[a-z]+]]> {npu.io = "input", npu.name = "arg0"}
// CHECK-SAME: %[[O0:[^:]+]]: memref<6x4xf32, #[[HBM]]> {npu.io = "output", npu.name = "out0"}
// CHECK-SAME: %[[O1:[^:]+]]: memref<6x4xf32, #[[HBM]]> {npu.io = "output", npu.name = "out1"}
// CHECK-SAME: %[[O2:[^:]+]]: memref<2x3x4xf32, #[[HBM]]> {npu.io = "output", npu.name = "out2"}
// CHECK: %[[V2:.+]] = memref.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : memref<2x3x4xf32, #[[HBM]]> into memref<6x4xf32, #[[HBM]]>
// CHECK: npu_tile.dma %[[V2]], %{{.+}}
// CHECK: npu_tile.vpu.unary tanh
// CHECK: npu_tile.dma %{{.+}}, %[[O0]]
// CHECK: npu_tile.dma %[[O0]], %[[O1]] : memref<6x4xf32, #[[HBM]]> -> memref<6x4xf32, #[[HBM]]>
// CHECK: npu_tile.dma %[[X]], %[[O2]] : memref<2x3x4xf32, #[[HBM]]> -> memref<2x3x4xf32, #[[HBM]]>
// CHECK: return
func.func @views(%x: tensor<2x3x4xf32>) -> (tensor<6x4xf32>, tensor<6x4xf32>, tensor<2x3x4xf32>) {
  %r = npu_graph.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %t = npu_graph.tanh %r : tensor<6x4xf32>
  return %t, %t, %x : tensor<6x4xf32>, tensor<6x4xf32>, tensor<2x3x4xf32>
}
