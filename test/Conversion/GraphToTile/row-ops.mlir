// softmax, layer_norm and rms_norm are tiled over [tr, cols] row tiles
// (whole rows in SRAM, tr from npu::cost::planRowOp) and computed with VPU
// reductions and broadcasts in the steps of their device numerics.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s -split-input-file | FileCheck %s

// The causal mask is a bf16 constant, +inf (0x7F80) where j <= i + offset
// and -inf (0xFF80) elsewhere, applied with min before the row max. With a
// single row tile it is loaded once, before the batch loop; f32 scores are
// computed in place.
// CHECK: memref.global "private" constant @[[MASK:__causal_mask[_0-9]*]] : memref<3x4xbf16, #[[HBM:[a-z]+]]> = dense<{{\[}}[0x7F80, 0x7F80, 0xFF80, 0xFF80], [0x7F80, 0x7F80, 0x7F80, 0xFF80], [0x7F80, 0x7F80, 0x7F80, 0x7F80]]> {alignment = 64 : i64}
// CHECK-LABEL: func.func @causal_f32(
// CHECK-SAME: %[[X:[^:]+]]: memref<2x3x4xf32, #[[HBM]]>
// CHECK-SAME: %[[Y:[^:]+]]: memref<2x3x4xf32, #[[HBM]]> {npu.io = "output"
// CHECK: %[[XB:.+]] = npu_tile.alloc : memref<3x4xf32, #[[SRAM:[a-z]+]]>
// CHECK: %[[COL:.+]] = npu_tile.alloc : memref<3x1xf32, #[[SRAM]]>
// CHECK: %[[MG:.+]] = memref.get_global @[[MASK]]
// CHECK: %[[MB:.+]] = npu_tile.alloc : memref<3x4xbf16, #[[SRAM]]>
// CHECK: %[[T0:.+]] = npu_tile.dma %[[MG]], %[[MB]]
// CHECK-NEXT: npu_tile.wait %[[T0]]
// CHECK-NEXT: scf.for %[[B:.+]] = %{{.+}} to %{{.+}} step
// CHECK-NEXT: %[[XT:.+]] = memref.subview %[[X]][%[[B]], 0, 0] [1, 3, 4] [1, 1, 1]
// CHECK-NEXT: %[[T1:.+]] = npu_tile.dma %[[XT]], %[[XB]]
// CHECK-NEXT: npu_tile.wait %[[T1]]
// CHECK-NEXT: npu_tile.vpu.binary min %[[XB]], %[[MB]], %[[XB]]
// CHECK-NEXT: npu_tile.vpu.reduce max %[[XB]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary sub %[[XB]], col %[[COL]], %[[XB]]
// CHECK-NEXT: npu_tile.vpu.unary exp %[[XB]], %[[XB]]
// CHECK-NEXT: npu_tile.vpu.reduce sum %[[XB]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.unary recip %[[COL]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[XB]], col %[[COL]], %[[XB]]
// CHECK-NEXT: %[[YT:.+]] = memref.subview %[[Y]][%[[B]], 0, 0] [1, 3, 4] [1, 1, 1]
// CHECK-NEXT: %[[T2:.+]] = npu_tile.dma %[[XB]], %[[YT]]
// CHECK-NEXT: npu_tile.wait %[[T2]]
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @causal_f32(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %y = npu_graph.softmax %x axis = -1 causal offset = 1 : tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

// bf16 scores: the steps run on an f32 work tile and the last one writes
// the bf16 probabilities back into the input tile. 203 rows of 300 take 24
// rows per tile on npu-tiny: the row tiles are the outer loop, so the mask
// tile is loaded once per row tile, then the edge of 11 rows at row 192.
// CHECK-LABEL: func.func @causal_bf16_tiles(
// CHECK-SAME: %[[X:[^:]+]]: memref<2x203x300xbf16, #[[HBM:[a-z]+]]>
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C24:.+]] = arith.constant 24 : index
// CHECK-DAG: %[[C192:.+]] = arith.constant 192 : index
// CHECK: %[[XB:.+]] = npu_tile.alloc : memref<24x300xbf16, #[[SRAM:[a-z]+]]>
// CHECK: %[[COL:.+]] = npu_tile.alloc : memref<24x1xf32, #[[SRAM]]>
// CHECK: %[[WB:.+]] = npu_tile.alloc : memref<24x300xf32, #[[SRAM]]>
// CHECK: %[[MG:.+]] = memref.get_global @__causal_mask{{.*}} : memref<203x300xbf16, #[[HBM]]>
// CHECK: %[[MB:.+]] = npu_tile.alloc : memref<24x300xbf16, #[[SRAM]]>
// CHECK: scf.for %[[R:.+]] = %[[C0]] to %[[C192]] step %[[C24]] {
// CHECK-NEXT: %[[MT:.+]] = memref.subview %[[MG]][%[[R]], 0] [24, 300] [1, 1]
// CHECK-NEXT: %[[T0:.+]] = npu_tile.dma %[[MT]], %[[MB]]
// CHECK-NEXT: npu_tile.wait %[[T0]]
// CHECK-NEXT: scf.for %[[B:.+]] =
// CHECK-NEXT: %[[XT:.+]] = memref.subview %[[X]][%[[B]], %[[R]], 0] [1, 24, 300] [1, 1, 1]
// CHECK-NEXT: npu_tile.dma %[[XT]], %[[XB]]
// CHECK-NEXT: npu_tile.wait
// CHECK-NEXT: npu_tile.vpu.binary min %[[XB]], %[[MB]], %[[WB]] : memref<24x300xbf16, #[[SRAM]]>, memref<24x300xbf16, #[[SRAM]]>, memref<24x300xf32, #[[SRAM]]>
// CHECK-NEXT: npu_tile.vpu.reduce max %[[WB]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary sub %[[WB]], col %[[COL]], %[[WB]]
// CHECK-NEXT: npu_tile.vpu.unary exp %[[WB]], %[[WB]]
// CHECK-NEXT: npu_tile.vpu.reduce sum %[[WB]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.unary recip %[[COL]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[WB]], col %[[COL]], %[[XB]] : memref<24x300xf32, #[[SRAM]]>, memref<24x1xf32, #[[SRAM]]>, memref<24x300xbf16, #[[SRAM]]>
// CHECK: memref.subview %[[MG]][192, 0] [11, 300] [1, 1]
// CHECK: npu_tile.vpu.binary min {{.*}} : memref<11x300xbf16, strided<[300, 1]>, #[[SRAM]]>, memref<11x300xbf16, strided<[300, 1]>, #[[SRAM]]>, memref<11x300xf32, strided<[300, 1]>, #[[SRAM]]>
// CHECK: return
func.func @causal_bf16_tiles(%x: tensor<2x203x300xbf16>) -> tensor<2x203x300xbf16> {
  %y = npu_graph.softmax %x axis = -1 causal offset = 3 : tensor<2x203x300xbf16>
  return %y : tensor<2x203x300xbf16>
}

// -----

// An offset that masks nothing (j <= i + 7 for every j < 8) needs no mask.
// CHECK-NOT: memref.global
// CHECK-LABEL: func.func @offset_masks_nothing(
// CHECK-NOT: vpu.binary min
// CHECK: npu_tile.vpu.reduce max
// CHECK-NOT: vpu.binary min
// CHECK: return
func.func @offset_masks_nothing(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = npu_graph.softmax %x axis = -1 causal offset = 7 : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// layer_norm: gamma and beta are loaded once into [1, n] rows; fp32(1 / n)
// and fp32(epsilon) are immediates; c = x - mean goes to an f32 tile, c * c
// to another; the last step (the beta add) writes the bf16 result into the
// input tile.
// CHECK-LABEL: func.func @layer_norm(
// CHECK-SAME: %[[X:[^:]+]]: memref<6x40xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[G:[^:]+]]: memref<40xbf16, #[[HBM]]>
// CHECK-SAME: %[[BETA:[^:]+]]: memref<40xf32, #[[HBM]]>
// CHECK-SAME: %[[Y:[^:]+]]: memref<6x40xbf16, #[[HBM]]>
// CHECK: %[[GB:.+]] = npu_tile.alloc : memref<1x40xbf16, #[[SRAM:[a-z]+]]>
// CHECK: %[[GV:.+]] = memref.subview %[[GB]][0, 0] [1, 40] [1, 1]
// CHECK: npu_tile.dma %[[G]], %[[GV]]
// CHECK: %[[BB:.+]] = npu_tile.alloc : memref<1x40xf32, #[[SRAM]]>
// CHECK: %[[BV:.+]] = memref.subview %[[BB]][0, 0] [1, 40] [1, 1]
// CHECK: npu_tile.dma %[[BETA]], %[[BV]]
// CHECK: %[[XB:.+]] = npu_tile.alloc : memref<6x40xbf16, #[[SRAM]]>
// CHECK: %[[COL:.+]] = npu_tile.alloc : memref<6x1xf32, #[[SRAM]]>
// CHECK: %[[CB:.+]] = npu_tile.alloc : memref<6x40xf32, #[[SRAM]]>
// CHECK: %[[SQ:.+]] = npu_tile.alloc : memref<6x40xf32, #[[SRAM]]>
// CHECK: npu_tile.dma %[[X]], %[[XB]]
// CHECK-NEXT: npu_tile.wait
// CHECK-NEXT: npu_tile.vpu.reduce sum %[[XB]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[COL]], 2.500000e-02, %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary sub %[[XB]], col %[[COL]], %[[CB]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[CB]], %[[CB]], %[[SQ]]
// CHECK-NEXT: npu_tile.vpu.reduce sum %[[SQ]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[COL]], 2.500000e-02, %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary add %[[COL]], 9.99999974E-6, %[[COL]]
// CHECK-NEXT: npu_tile.vpu.unary rsqrt %[[COL]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[CB]], col %[[COL]], %[[CB]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[CB]], row %[[GB]], %[[CB]]
// CHECK-NEXT: npu_tile.vpu.binary add %[[CB]], row %[[BB]], %[[XB]]
// CHECK-NEXT: npu_tile.dma %[[XB]], %[[Y]]
func.func @layer_norm(%x: tensor<6x40xbf16>, %g: tensor<40xbf16>, %b: tensor<40xf32>) -> tensor<6x40xbf16> {
  %y = npu_graph.layer_norm %x gamma(%g : tensor<40xbf16>) beta(%b : tensor<40xf32>) epsilon = 1.0e-5 : tensor<6x40xbf16>
  return %y : tensor<6x40xbf16>
}

// -----

// rms_norm of a rank-1 tensor: a single row; in f32 without gamma the
// result is computed in place.
// CHECK-LABEL: func.func @rms_norm(
// CHECK-SAME: %[[X:[^:]+]]: memref<40xf32, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[Y:[^:]+]]: memref<40xf32, #[[HBM]]>
// CHECK: %[[XB:.+]] = npu_tile.alloc : memref<1x40xf32, #[[SRAM:[a-z]+]]>
// CHECK: %[[COL:.+]] = npu_tile.alloc : memref<1x1xf32, #[[SRAM]]>
// CHECK: %[[SQ:.+]] = npu_tile.alloc : memref<1x40xf32, #[[SRAM]]>
// CHECK: %[[XV:.+]] = memref.subview %[[XB]][0, 0] [1, 40] [1, 1] : memref<1x40xf32, #[[SRAM]]> to memref<40xf32, strided<[1]>, #[[SRAM]]>
// CHECK: npu_tile.dma %[[X]], %[[XV]]
// CHECK-NEXT: npu_tile.wait
// CHECK-NEXT: npu_tile.vpu.binary mul %[[XB]], %[[XB]], %[[SQ]]
// CHECK-NEXT: npu_tile.vpu.reduce sum %[[SQ]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[COL]], 2.500000e-02, %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary add %[[COL]], 9.99999997E-7, %[[COL]]
// CHECK-NEXT: npu_tile.vpu.unary rsqrt %[[COL]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[XB]], col %[[COL]], %[[XB]]
// CHECK: npu_tile.dma %{{.+}}, %[[Y]]
func.func @rms_norm(%x: tensor<40xf32>) -> tensor<40xf32> {
  %y = npu_graph.rms_norm %x epsilon = 1.0e-6 : tensor<40xf32>
  return %y : tensor<40xf32>
}

// -----

// A row op between elementwise ops: the producer's result goes through HBM
// and the consumer reads the row op's result.
// CHECK-LABEL: func.func @between(
// CHECK: %[[E:.+]] = memref.alloc() : memref<4x8xf32, #[[HBM:[a-z]+]]>
// CHECK: npu_tile.vpu.unary exp
// CHECK: npu_tile.dma %{{.+}}, %[[E]]
// CHECK: %[[S:.+]] = memref.alloc() : memref<4x8xf32, #[[HBM]]>
// CHECK: npu_tile.dma %[[E]], %{{.+}}
// CHECK: npu_tile.vpu.reduce max
// CHECK: npu_tile.dma %{{.+}}, %[[S]]
// CHECK: npu_tile.dma %[[S]], %{{.+}}
// CHECK-NEXT: npu_tile.wait
// CHECK-NEXT: npu_tile.vpu.binary mul %{{.+}}, 2.000000e+00
// CHECK: return
func.func @between(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = npu_graph.exp %x : tensor<4x8xf32>
  %s = npu_graph.softmax %e axis = 1 : tensor<4x8xf32>
  %c = npu_graph.constant dense<2.0> : tensor<f32>
  %y = npu_graph.mul %s, %c : tensor<4x8xf32>, tensor<f32> -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
