// Elementwise chains that only consume a matmul result run on the C tile
// before the store: the intermediates never go to HBM.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s

// matmul + bias row + gelu, bf16 result: the accumulator is rounded to bf16
// (the matmul's result type), then each op writes its result type.
// CHECK-LABEL: func.func @bias_gelu(
// CHECK-SAME: %[[X:[^:]+]]: memref<100x70xbf16, #[[HBM:[a-z]+]]> {npu.io = "input", npu.name = "x"}
// CHECK-SAME: %[[W:[^:]+]]: memref<70x130xbf16, #[[HBM]]>
// CHECK-SAME: %[[BIAS:[^:]+]]: memref<130xbf16, #[[HBM]]>
// CHECK-SAME: %[[Y:[^:]+]]: memref<100x130xbf16, #[[HBM]]> {npu.io = "output", npu.name = "y"}
// CHECK-NOT: memref.alloc
// CHECK: %[[CB:.+]] = npu_tile.alloc : memref<100x32xf32, #[[SRAM:[a-z]+]]>
// CHECK: %[[OB:.+]] = npu_tile.alloc : memref<100x32xbf16, #[[SRAM]]>
// CHECK: %[[RB:.+]] = npu_tile.alloc : memref<1x32xbf16, #[[SRAM]]>
// CHECK: scf.for %[[N:.+]] = {{.+}} {
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %[[CB]] :
// CHECK-NEXT: npu_tile.vpu.unary mov %[[CB]], %[[OB]]
// The bias row is copied through 1-D views of both sides.
// CHECK-NEXT: %[[RV:.+]] = memref.subview %[[RB]][0, 0] [1, 32] [1, 1] : memref<1x32xbf16, #[[SRAM]]> to memref<32xbf16, strided<[1]>, #[[SRAM]]>
// CHECK-NEXT: %[[BT:.+]] = memref.subview %[[BIAS]][%[[N]]] [32] [1] : memref<130xbf16, #[[HBM]]> to memref<32xbf16, strided<[1], offset: ?>, #[[HBM]]>
// CHECK-NEXT: %[[TB:.+]] = npu_tile.dma %[[BT]], %[[RV]]
// CHECK-NEXT: npu_tile.wait %[[TB]]
// CHECK-NEXT: npu_tile.vpu.binary add %[[OB]], row %[[RB]], %[[OB]]
// CHECK-NEXT: npu_tile.vpu.unary gelu %[[OB]], %[[OB]]
// CHECK-NEXT: %[[YT:.+]] = memref.subview %[[Y]][0, %[[N]]] [100, 32] [1, 1]
// CHECK-NEXT: npu_tile.dma %[[OB]], %[[YT]]
// CHECK: }
// The edge tile runs the same epilogue on [100, 2] views.
// CHECK: npu_tile.vpu.binary add %{{.+}}, row %{{.+}}, %{{.+}} : memref<100x2xbf16, strided<[32, 1]>, #[[SRAM]]>, memref<1x2xbf16, strided<[32, 1]>, #[[SRAM]]>, memref<100x2xbf16, strided<[32, 1]>, #[[SRAM]]>
// CHECK: npu_tile.vpu.unary gelu
// CHECK: return
func.func @bias_gelu(%x: tensor<100x70xbf16> {npu.name = "x"}, %w: tensor<70x130xbf16>, %bias: tensor<130xbf16>) -> (tensor<100x130xbf16> {npu.name = "y"}) {
  %c = npu_graph.matmul %x, %w : tensor<100x70xbf16>, tensor<70x130xbf16> -> tensor<100x130xbf16>
  %d = npu_graph.add %c, %bias : tensor<100x130xbf16>, tensor<130xbf16> -> tensor<100x130xbf16>
  %e = npu_graph.gelu %d : tensor<100x130xbf16>
  return %e : tensor<100x130xbf16>
}

// f32 accumulator, residual add (the residual tile is loaded), tanh GELU,
// then a cast to bf16 that converts on the way out.
// CHECK-LABEL: func.func @residual(
// CHECK-SAME: %[[X:[^:]+]]: memref<64x64xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[W:[^:]+]]: memref<64x64xbf16, #[[HBM]]>
// CHECK-SAME: %[[R:[^:]+]]: memref<64x64xf32, #[[HBM]]>
// CHECK-SAME: %[[Y:[^:]+]]: memref<64x64xbf16, #[[HBM]]>
// CHECK-NOT: memref.alloc
// CHECK: %[[CB:.+]] = npu_tile.alloc : memref<64x32xf32, #[[SRAM:[a-z]+]]>
// CHECK: %[[RB:.+]] = npu_tile.alloc : memref<64x32xf32, #[[SRAM]]>
// CHECK: %[[OB:.+]] = npu_tile.alloc : memref<64x32xbf16, #[[SRAM]]>
// CHECK: scf.for %[[N:.+]] = {{.+}} {
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %[[CB]] :
// CHECK-NEXT: %[[RT:.+]] = memref.subview %[[R]][0, %[[N]]] [64, 32] [1, 1]
// CHECK-NEXT: %[[TR:.+]] = npu_tile.dma %[[RT]], %[[RB]]
// CHECK-NEXT: npu_tile.wait %[[TR]]
// CHECK-NEXT: npu_tile.vpu.binary add %[[CB]], %[[RB]], %[[CB]]
// CHECK-NEXT: npu_tile.vpu.unary gelu_tanh %[[CB]], %[[CB]]
// CHECK-NEXT: npu_tile.vpu.unary mov %[[CB]], %[[OB]]
// CHECK-NEXT: %[[YT:.+]] = memref.subview %[[Y]][0, %[[N]]] [64, 32] [1, 1]
// CHECK-NEXT: npu_tile.dma %[[OB]], %[[YT]]
func.func @residual(%x: tensor<64x64xbf16>, %w: tensor<64x64xbf16>, %r: tensor<64x64xf32>) -> tensor<64x64xbf16> {
  %c = npu_graph.matmul %x, %w : tensor<64x64xbf16>, tensor<64x64xbf16> -> tensor<64x64xf32>
  %d = npu_graph.add %r, %c : tensor<64x64xf32>
  %e = npu_graph.gelu %d approximate = tanh : tensor<64x64xf32>
  %f = npu_graph.cast %e : tensor<64x64xf32> to tensor<64x64xbf16>
  return %f : tensor<64x64xbf16>
}

// A matmul result with two users is stored to an HBM intermediate
// (memref.alloc); each user is a separate elementwise group.
// CHECK-LABEL: func.func @two_users(
// CHECK: %[[T:.+]] = memref.alloc() : memref<32x32xf32, #[[HBM:[a-z]+]]>
// CHECK: npu_tile.matmul
// CHECK: npu_tile.dma %{{.+}}, %[[T]]
// CHECK: npu_tile.dma %[[T]], %{{.+}}
// CHECK: npu_tile.vpu.unary silu
// CHECK: npu_tile.dma %[[T]], %{{.+}}
// CHECK: npu_tile.vpu.unary relu
func.func @two_users(%x: tensor<32x32xbf16>, %w: tensor<32x32xbf16>) -> (tensor<32x32xf32>, tensor<32x32xf32>) {
  %c = npu_graph.matmul %x, %w : tensor<32x32xbf16>, tensor<32x32xbf16> -> tensor<32x32xf32>
  %d = npu_graph.silu %c : tensor<32x32xf32>
  %e = npu_graph.relu %c : tensor<32x32xf32>
  return %d, %e : tensor<32x32xf32>, tensor<32x32xf32>
}

// A batched lhs with a 2-D weight: a loop over the batch, rank-reducing
// subviews of the 3-D HBM buffers; the weight is loaded once before it.
// CHECK-LABEL: func.func @batched(
// CHECK-SAME: %[[A:[^:]+]]: memref<2x8x32xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[W:[^:]+]]: memref<32x16xbf16, #[[HBM]]>
// CHECK-SAME: %[[O:[^:]+]]: memref<2x8x16xf32, #[[HBM]]>
// CHECK-SAME: npu.flops = 16384 : i64
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK: npu_tile.dma %[[W]], %{{.+}}
// CHECK: scf.for %[[I:.+]] = %[[C0]] to %[[C2]] step %[[C1]] {
// CHECK: %[[AT:.+]] = memref.subview %[[A]][%[[I]], 0, 0] [1, 8, 32] [1, 1, 1] : memref<2x8x32xbf16, #[[HBM]]> to memref<8x32xbf16, strided<[32, 1], offset: ?>, #[[HBM]]>
// CHECK: npu_tile.dma %[[AT]], %{{.+}}
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %{{.+}} : memref<8x32xbf16, #{{[a-z]+}}>, memref<32x16xbf16, #{{[a-z]+}}>, memref<8x16xf32, #{{[a-z]+}}>
// CHECK: %[[OT:.+]] = memref.subview %[[O]][%[[I]], 0, 0] [1, 8, 16] [1, 1, 1]
// CHECK: npu_tile.dma %{{.+}}, %[[OT]]
func.func @batched(%a: tensor<2x8x32xbf16>, %w: tensor<32x16xbf16>) -> tensor<2x8x16xf32> {
  %c = npu_graph.matmul %a, %w : tensor<2x8x32xbf16>, tensor<32x16xbf16> -> tensor<2x8x16xf32>
  return %c : tensor<2x8x16xf32>
}

// Batched operands on both sides (the rhs batch broadcasts over the first
// dim): every batch index loads its own B tile.
// CHECK-LABEL: func.func @batched_rhs(
// CHECK-SAME: %[[A:[^:]+]]: memref<2x3x8x16xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[B:[^:]+]]: memref<3x16x8xbf16, #[[HBM]]>
// CHECK: scf.for %[[I:.+]] = {{.+}} {
// CHECK: scf.for %[[J:.+]] = {{.+}} {
// CHECK: memref.subview %[[A]][%[[I]], %[[J]], 0, 0] [1, 1, 8, 16] [1, 1, 1, 1]
// CHECK: memref.subview %[[B]][%[[J]], 0, 0] [1, 16, 8] [1, 1, 1]
// CHECK: npu_tile.matmul
func.func @batched_rhs(%a: tensor<2x3x8x16xbf16>, %b: tensor<3x16x8xbf16>) -> tensor<2x3x8x8xf32> {
  %c = npu_graph.matmul %a, %b : tensor<2x3x8x16xbf16>, tensor<3x16x8xbf16> -> tensor<2x3x8x8xf32>
  return %c : tensor<2x3x8x8xf32>
}
