// npu-tile-graph's fused attention kernel (lib/Conversion/GraphToTile/
// Attention.cpp): per key/value head K and V are loaded once; per query
// head of the group and query tile, S = Q K^T (MXU, transpose_b) into an f32
// SRAM tile, S * scale, the causal mask, the softmax into bf16
// probabilities, O = P V, rounded to bf16 and stored. No HBM intermediate.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s --split-input-file | FileCheck %s

// 4 query heads on 2 key/value heads (G = 2), 6 queries after 4 cached
// positions: one query tile per head, so the [6, 10] mask is loaded once.
// CHECK: memref.global "private" constant @[[MASK:__causal_mask[_0-9]*]] : memref<6x10xbf16, #{{.+}}> = dense<{{\[}}[0x7F80, 0x7F80, 0x7F80, 0x7F80, 0x7F80, 0xFF80,
// CHECK-LABEL: func.func @gqa(
// CHECK-SAME: %[[Q:[^:]+]]: memref<1x4x6x16xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[K:[^:]+]]: memref<1x2x10x16xbf16
// CHECK-SAME: %[[V:[^:]+]]: memref<1x2x10x8xbf16
// CHECK-SAME: %[[O:[^:]+]]: memref<1x4x6x8xbf16
// CHECK-NOT: memref.alloc()
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[S:.+]] = npu_tile.alloc : memref<6x10xf32, #[[SRAM:[a-z]+]]>
// CHECK-DAG: %[[P:.+]] = npu_tile.alloc : memref<6x10xbf16, #[[SRAM]]>
// CHECK-DAG: %[[COL:.+]] = npu_tile.alloc : memref<6x1xf32, #[[SRAM]]>
// CHECK-DAG: %[[OF:.+]] = npu_tile.alloc : memref<6x8xf32, #[[SRAM]]>
// CHECK: %[[MG:.+]] = memref.get_global @[[MASK]]
// CHECK-NEXT: %[[M:.+]] = npu_tile.alloc : memref<6x10xbf16
// CHECK-NEXT: npu_tile.dma %[[MG]], %[[M]]
// CHECK: scf.for %[[KV:.+]] = %{{.+}} to %[[C2]]
// CHECK-NEXT: %[[KB:.+]] = npu_tile.alloc : memref<10x16xbf16
// CHECK-NEXT: memref.subview %[[K]][0, %[[KV]], 0, 0] [1, 1, 10, 16]
// CHECK: %[[VB:.+]] = npu_tile.alloc : memref<10x8xbf16
// CHECK-NEXT: memref.subview %[[V]][0, %[[KV]], 0, 0] [1, 1, 10, 8]
// CHECK: scf.for %[[G:.+]] = %{{.+}} to %[[C2]]
// CHECK-NEXT: %[[BASE:.+]] = arith.muli %[[KV]], %[[C2]]
// CHECK-NEXT: %[[HEAD:.+]] = arith.addi %[[BASE]], %[[G]]
// CHECK-NEXT: %[[QB:.+]] = npu_tile.alloc : memref<6x16xbf16
// CHECK-NEXT: memref.subview %[[Q]][0, %[[HEAD]], 0, 0] [1, 1, 6, 16]
// CHECK: npu_tile.matmul bf16 %[[QB]], %[[KB]], %[[S]] transpose_b
// CHECK-NEXT: npu_tile.vpu.binary mul %[[S]], 2.500000e-01, %[[S]]
// CHECK-NEXT: npu_tile.vpu.binary min %[[S]], %[[M]], %[[S]]
// CHECK-NEXT: npu_tile.vpu.reduce max %[[S]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary sub %[[S]], col %[[COL]], %[[S]]
// CHECK-NEXT: npu_tile.vpu.unary exp %[[S]], %[[S]]
// CHECK-NEXT: npu_tile.vpu.reduce sum %[[S]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.unary recip %[[COL]], %[[COL]]
// CHECK-NEXT: npu_tile.vpu.binary mul %[[S]], col %[[COL]], %[[P]]
// CHECK-NEXT: npu_tile.matmul bf16 %[[P]], %[[VB]], %[[OF]] :
// CHECK-NEXT: %[[OB:.+]] = npu_tile.alloc : memref<6x8xbf16
// CHECK-NEXT: npu_tile.vpu.unary mov %[[OF]], %[[OB]]
// CHECK-NEXT: %[[DST:.+]] = memref.subview %[[O]][0, %[[HEAD]], 0, 0] [1, 1, 6, 8]
// CHECK-NEXT: npu_tile.dma %[[OB]], %[[DST]]
// CHECK-NOT: memref.alloc()
// CHECK: return
func.func @gqa(%q: tensor<1x4x6x16xbf16>, %k: tensor<1x2x10x16xbf16>, %v: tensor<1x2x10x8xbf16>) -> tensor<1x4x6x8xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 2.500000e-01 causal offset = 4 : tensor<1x4x6x16xbf16>, tensor<1x2x10x16xbf16>, tensor<1x2x10x8xbf16> -> tensor<1x4x6x8xbf16>
  return %o : tensor<1x4x6x8xbf16>
}

// -----

// Scale 1 and no mask: neither the multiply nor the min. One group and one
// query head: no loops.
// CHECK-LABEL: func.func @plain(
// CHECK-NOT: memref.global
// CHECK-NOT: scf.for
// CHECK: npu_tile.matmul bf16 {{.*}} transpose_b
// CHECK-NEXT: npu_tile.vpu.reduce max
// CHECK-NOT: vpu.binary min
// CHECK: npu_tile.matmul bf16
// CHECK: return
func.func @plain(%q: tensor<1x1x8x16xbf16>, %k: tensor<1x1x8x16xbf16>, %v: tensor<1x1x8x16xbf16>) -> tensor<1x1x8x16xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 1.0 : tensor<1x1x8x16xbf16>, tensor<1x1x8x16xbf16>, tensor<1x1x8x16xbf16> -> tensor<1x1x8x16xbf16>
  return %o : tensor<1x1x8x16xbf16>
}

// -----

// f32 attention is not fused: decomposed, with its f32 scores in HBM.
// CHECK-LABEL: func.func @f32(
// CHECK: memref.alloc() : memref<1x1x8x8xf32
// CHECK: npu_tile.matmul bf16 {{.*}} transpose_b
// CHECK: vpu.reduce max
func.func @f32(%q: tensor<1x1x8x16xf32>, %k: tensor<1x1x8x16xf32>, %v: tensor<1x1x8x16xf32>) -> tensor<1x1x8x16xf32> {
  %o = npu_graph.attention %q, %k, %v scale = 0.5 causal : tensor<1x1x8x16xf32>, tensor<1x1x8x16xf32>, tensor<1x1x8x16xf32> -> tensor<1x1x8x16xf32>
  return %o : tensor<1x1x8x16xf32>
}

// -----

// K and V (8 KiB) too large for the 4 KiB of SRAM that sram-reserve leaves:
// decomposed, the scores and probabilities in HBM. Fused with the whole
// SRAM.
// RUN: npu-opt --npu-tile-graph="target=npu-tiny sram-reserve=258048" %s --split-input-file | FileCheck %s --check-prefix=SMALL
// SMALL-LABEL: func.func @big(
// SMALL: memref.alloc() : memref<1x1x8x32xf32
// SMALL: memref.alloc() : memref<1x1x8x32xf32
// SMALL: memref.alloc() : memref<1x1x8x32xbf16
// CHECK-LABEL: func.func @big(
// CHECK-NOT: memref.alloc()
// CHECK: return
func.func @big(%q: tensor<1x1x8x64xbf16>, %k: tensor<1x1x32x64xbf16>, %v: tensor<1x1x32x64xbf16>) -> tensor<1x1x8x64xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 1.0 : tensor<1x1x8x64xbf16>, tensor<1x1x32x64xbf16>, tensor<1x1x32x64xbf16> -> tensor<1x1x8x64xbf16>
  return %o : tensor<1x1x8x64xbf16>
}
