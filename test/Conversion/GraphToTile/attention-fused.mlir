// npu-tile-graph's fused attention kernel (lib/Conversion/GraphToTile/
// Attention.cpp): per key/value head K and V are loaded once; per query
// head of the group and query tile, S = Q K^T (MXU, transpose_b) into an f32
// SRAM tile, S * scale, the causal mask, the softmax into bf16
// probabilities, O = P V, rounded to bf16 and stored. No HBM intermediate.
// RUN: npu-opt --npu-tile-graph="target=npu-tiny pipeline-attention=false" %s --split-input-file | FileCheck %s

// 4 query heads on 2 key/value heads (G = 2), 6 queries after 4 cached
// positions. With the whole SRAM the 2 heads of a group are one [12, 16]
// query tile (both heads' rows copied in by one copy, and the output
// stored by one), with a [12, 10] mask (the [6, 10] one twice) loaded
// once.
// (printed as little-endian hex: row 0 is 5 x +inf 0x7F80, then -inf 0xFF80)
// CHECK: memref.global "private" constant @[[MASK:__causal_mask[_0-9]*]] : memref<12x10xbf16, #{{.+}}> = dense<"0x807F807F807F807F807F80FF80FF80FF
// CHECK-LABEL: func.func @gqa(
// CHECK-SAME: %[[Q:[^:]+]]: memref<1x4x6x16xbf16, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[K:[^:]+]]: memref<1x2x10x16xbf16
// CHECK-SAME: %[[V:[^:]+]]: memref<1x2x10x8xbf16
// CHECK-SAME: %[[O:[^:]+]]: memref<1x4x6x8xbf16
// CHECK-NOT: memref.alloc()
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[S:.+]] = npu_tile.alloc : memref<12x10xf32, #[[SRAM:[a-z]+]]>
// CHECK-DAG: %[[P:.+]] = npu_tile.alloc : memref<12x10xbf16, #[[SRAM]]>
// CHECK-DAG: %[[COL:.+]] = npu_tile.alloc : memref<12x1xf32, #[[SRAM]]>
// CHECK-DAG: %[[OF:.+]] = npu_tile.alloc : memref<12x8xf32, #[[SRAM]]>
// CHECK: %[[MG:.+]] = memref.get_global @[[MASK]]
// CHECK-NEXT: %[[M:.+]] = npu_tile.alloc : memref<12x10xbf16
// CHECK-NEXT: npu_tile.dma %[[MG]], %[[M]]
// CHECK: scf.for %[[KV:.+]] = %{{.+}} to %[[C2]]
// CHECK-NEXT: %[[KB:.+]] = npu_tile.alloc : memref<10x16xbf16
// CHECK-NEXT: memref.subview %[[K]][0, %[[KV]], 0, 0] [1, 1, 10, 16]
// CHECK: %[[VB:.+]] = npu_tile.alloc : memref<10x8xbf16
// CHECK-NEXT: memref.subview %[[V]][0, %[[KV]], 0, 0] [1, 1, 10, 8]
// CHECK: %[[H0:.+]] = arith.muli %[[KV]], %[[C2]]
// CHECK-NEXT: %[[QB:.+]] = npu_tile.alloc : memref<12x16xbf16
// CHECK-NEXT: %[[Q01:.+]] = memref.subview %[[Q]][0, %[[H0]], 0, 0] [1, 2, 6, 16] {{.*}} to memref<2x6x16xbf16, strided<[96, 16, 1], offset: ?>
// CHECK-NEXT: %[[QB01:.+]] = memref.expand_shape %[[QB]] {{\[\[}}0, 1], [2]] output_shape [2, 6, 16]
// CHECK-NEXT: npu_tile.dma %[[Q01]], %[[QB01]]
// CHECK: npu_tile.matmul bf16 %[[QB]], %[[KB]], %[[S]] transpose_b
// CHECK-NEXT: npu_tile.vpu.binary mul %[[S]], 2.500000e-01, %[[S]]
// CHECK-NEXT: npu_tile.vpu.binary min %[[S]], %[[M]], %[[S]]
// CHECK: npu_tile.vpu.binary mul %[[S]], col %[[COL]], %[[P]]
// CHECK-NEXT: %[[OB:.+]] = npu_tile.alloc : memref<12x8xbf16
// CHECK-NEXT: npu_tile.matmul bf16 %[[P]], %[[VB]], %[[OF]] :
// CHECK-NEXT: npu_tile.vpu.unary mov %[[OF]], %[[OB]]
// CHECK-NEXT: %[[D01:.+]] = memref.subview %[[O]][0, %[[H0]], 0, 0] [1, 2, 6, 8] {{.*}} to memref<2x6x8xbf16, strided<[48, 8, 1], offset: ?>
// CHECK-NEXT: %[[OB01:.+]] = memref.expand_shape %[[OB]] {{\[\[}}0, 1], [2]] output_shape [2, 6, 8]
// CHECK-NEXT: npu_tile.dma %[[OB01]], %[[D01]]
// CHECK-NOT: memref.alloc()
// CHECK: return

// With 3000 bytes of SRAM (sram-reserve) the heads of a group do not fit
// in one tile: one query head at a time, one query tile per head, so the
// [6, 10] mask is loaded once.
// RUN: npu-opt --npu-tile-graph="target=npu-tiny sram-reserve=259144 pipeline-attention=false" %s --split-input-file | FileCheck %s --check-prefix=HEAD
// HEAD: memref.global "private" constant @[[MASK:__causal_mask[_0-9]*]] : memref<6x10xbf16, #{{.+}}> = dense<{{\[}}[0x7F80, 0x7F80, 0x7F80, 0x7F80, 0x7F80, 0xFF80,
// HEAD-LABEL: func.func @gqa(
// HEAD-SAME: %[[Q:[^:]+]]: memref<1x4x6x16xbf16, #[[HBM:[a-z]+]]>
// HEAD-SAME: %[[K:[^:]+]]: memref<1x2x10x16xbf16
// HEAD-SAME: %[[V:[^:]+]]: memref<1x2x10x8xbf16
// HEAD-SAME: %[[O:[^:]+]]: memref<1x4x6x8xbf16
// HEAD-NOT: memref.alloc()
// HEAD-DAG: %[[C2:.+]] = arith.constant 2 : index
// HEAD-DAG: %[[S:.+]] = npu_tile.alloc : memref<6x10xf32, #[[SRAM:[a-z]+]]>
// HEAD-DAG: %[[P:.+]] = npu_tile.alloc : memref<6x10xbf16, #[[SRAM]]>
// HEAD-DAG: %[[COL:.+]] = npu_tile.alloc : memref<6x1xf32, #[[SRAM]]>
// HEAD-DAG: %[[OF:.+]] = npu_tile.alloc : memref<6x8xf32, #[[SRAM]]>
// HEAD: %[[MG:.+]] = memref.get_global @[[MASK]]
// HEAD-NEXT: %[[M:.+]] = npu_tile.alloc : memref<6x10xbf16
// HEAD-NEXT: npu_tile.dma %[[MG]], %[[M]]
// HEAD: scf.for %[[KV:.+]] = %{{.+}} to %[[C2]]
// HEAD-NEXT: %[[KB:.+]] = npu_tile.alloc : memref<10x16xbf16
// HEAD-NEXT: memref.subview %[[K]][0, %[[KV]], 0, 0] [1, 1, 10, 16]
// HEAD: %[[VB:.+]] = npu_tile.alloc : memref<10x8xbf16
// HEAD-NEXT: memref.subview %[[V]][0, %[[KV]], 0, 0] [1, 1, 10, 8]
// HEAD: scf.for %[[G:.+]] = %{{.+}} to %[[C2]]
// HEAD-NEXT: %[[BASE:.+]] = arith.muli %[[KV]], %[[C2]]
// HEAD-NEXT: %[[HEAD:.+]] = arith.addi %[[BASE]], %[[G]]
// HEAD-NEXT: %[[QB:.+]] = npu_tile.alloc : memref<6x16xbf16
// HEAD-NEXT: memref.subview %[[Q]][0, %[[HEAD]], 0, 0] [1, 1, 6, 16]
// HEAD: npu_tile.matmul bf16 %[[QB]], %[[KB]], %[[S]] transpose_b
// HEAD-NEXT: npu_tile.vpu.binary mul %[[S]], 2.500000e-01, %[[S]]
// HEAD-NEXT: npu_tile.vpu.binary min %[[S]], %[[M]], %[[S]]
// HEAD-NEXT: npu_tile.vpu.reduce max %[[S]], %[[COL]]
// HEAD-NEXT: npu_tile.vpu.binary sub %[[S]], col %[[COL]], %[[S]]
// HEAD-NEXT: npu_tile.vpu.unary exp %[[S]], %[[S]]
// HEAD-NEXT: npu_tile.vpu.reduce sum %[[S]], %[[COL]]
// HEAD-NEXT: npu_tile.vpu.unary recip %[[COL]], %[[COL]]
// HEAD-NEXT: npu_tile.vpu.binary mul %[[S]], col %[[COL]], %[[P]]
// HEAD-NEXT: %[[OB:.+]] = npu_tile.alloc : memref<6x8xbf16
// HEAD-NEXT: npu_tile.matmul bf16 %[[P]], %[[VB]], %[[OF]] :
// HEAD-NEXT: npu_tile.vpu.unary mov %[[OF]], %[[OB]]
// HEAD-NEXT: %[[DST:.+]] = memref.subview %[[O]][0, %[[HEAD]], 0, 0] [1, 1, 6, 8]
// HEAD-NEXT: npu_tile.dma %[[OB]], %[[DST]]
// HEAD-NOT: memref.alloc()
// HEAD: return
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

// f32 attention is fused too: q, k and v are loaded as f32 and rounded
// to bf16 in SRAM for the MXU (vpu.unary mov, the rounding of the
// decomposition's f32 matmuls), and the f32 output tile of P V is stored
// as it is. No HBM scores.
// CHECK-LABEL: func.func @f32(
// CHECK-NOT: memref.alloc()
// CHECK: %[[KF:.+]] = npu_tile.alloc : memref<8x16xf32
// CHECK: npu_tile.dma %{{.+}}, %[[KF]]
// CHECK: %[[KB:.+]] = npu_tile.alloc : memref<8x16xbf16
// CHECK-NEXT: npu_tile.vpu.unary mov %[[KF]], %[[KB]] : memref<8x16xf32, #{{.+}}>, memref<8x16xbf16
// CHECK: %[[VB:.+]] = npu_tile.alloc : memref<8x16xbf16
// CHECK: %[[QB:.+]] = npu_tile.alloc : memref<8x16xbf16
// CHECK-NEXT: npu_tile.vpu.unary mov %{{.+}}, %[[QB]]
// CHECK-NEXT: npu_tile.matmul bf16 %[[QB]], %[[KB]], %{{.+}} transpose_b
// CHECK: vpu.reduce max
// CHECK: %[[OF:.+]] = npu_tile.alloc : memref<8x16xf32
// CHECK-NEXT: npu_tile.matmul bf16 %{{.+}}, %[[VB]], %[[OF]]
// CHECK: npu_tile.dma %[[OF]], %{{.+}} : memref<8x16xf32, #{{.+}}> -> memref<8x16xf32
// CHECK-NOT: memref.alloc()
func.func @f32(%q: tensor<1x1x8x16xf32>, %k: tensor<1x1x8x16xf32>, %v: tensor<1x1x8x16xf32>) -> tensor<1x1x8x16xf32> {
  %o = npu_graph.attention %q, %k, %v scale = 0.5 causal : tensor<1x1x8x16xf32>, tensor<1x1x8x16xf32>, tensor<1x1x8x16xf32> -> tensor<1x1x8x16xf32>
  return %o : tensor<1x1x8x16xf32>
}

// -----

// K and V (8 KiB) too large for the 4 KiB of SRAM that sram-reserve leaves:
// decomposed, the scores and probabilities in HBM. Fused with the whole
// SRAM.
// RUN: npu-opt --npu-tile-graph="target=npu-tiny sram-reserve=258048 pipeline-attention=false" %s --split-input-file | FileCheck %s --check-prefix=SMALL
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

// -----

// The heads moved back next to each other ([1, 2, 4, 8] -> [4, 2, 8]): the
// kernel writes the heads' rows through the inverse transpose of the
// transpose's destination (rows of 8 at a stride of 16, the heads 8
// apart: one copy), and the transpose copies nothing.
// CHECK-LABEL: func.func @back(
// CHECK: %[[T:.+]] = memref.alloc() : memref<4x2x8xbf16
// CHECK-NEXT: %[[VIEW:.+]] = memref.transpose %[[T]] (d0, d1, d2) -> (d1, d0, d2)
// CHECK-NEXT: %[[E:.+]] = memref.expand_shape %[[VIEW]]
// CHECK: %[[D:.+]] = memref.subview %[[E]][0, 0, 0, 0] [1, 2, 4, 8] {{.*}} to memref<2x4x8xbf16, strided<[8, 16, 1]>
// CHECK: npu_tile.dma %{{.+}}, %[[D]]
// CHECK-NOT: memref.transpose
// CHECK: return
func.func @back(%q: tensor<1x2x4x8xbf16>, %k: tensor<1x1x4x8xbf16>, %v: tensor<1x1x4x8xbf16>) -> tensor<4x16xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 1.0 : tensor<1x2x4x8xbf16>, tensor<1x1x4x8xbf16>, tensor<1x1x4x8xbf16> -> tensor<1x2x4x8xbf16>
  %r = npu_graph.reshape %o : tensor<1x2x4x8xbf16> -> tensor<2x4x8xbf16>
  %t = npu_graph.transpose %r permutation = [1, 0, 2] : tensor<2x4x8xbf16> -> tensor<4x2x8xbf16>
  %y = npu_graph.reshape %t : tensor<4x2x8xbf16> -> tensor<4x16xbf16>
  return %y : tensor<4x16xbf16>
}
