// npu-tile-graph's fused attention kernel, software-pipelined over its head
// groups (the default, pass option pipeline-attention): when every
// (batch, key/value head) group is one query tile, there are at most 16
// and the softmax is worth overlapping (at least 16 score elements per VPU
// lane: 1024 on npu-tiny), the groups are unrolled, the loads of group i + 2 start while group i is
// computed, and the next group's S = Q K^T is issued after this group's
// softmax and before its P V, into a second set of score buffers, so that
// the MXU computes it while the VPU runs the softmax.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s --split-input-file | FileCheck %s
// RUN: npu-opt --npu-tile-graph="target=npu-tiny pipeline-attention=false" %s --split-input-file | FileCheck %s --check-prefix=OFF

// Two groups of two heads of 32 queries (64 x 32 scores per group): both
// groups' K, V and queries are copied before
// any wait; scores S0 and S1 (with their probabilities, row values and f32
// outputs) alternate; order S0 = Q0 K0^T, softmax(S0), S1 = Q1 K1^T,
// O0 = P0 V0, softmax(S1), O1 = P1 V1.
// CHECK-LABEL: func.func @gqa(
// CHECK-NOT: scf.for
// CHECK: %[[S0:.+]] = npu_tile.alloc : memref<64x32xf32
// CHECK-NEXT: %[[P0:.+]] = npu_tile.alloc : memref<64x32xbf16
// CHECK-NEXT: %[[C0:.+]] = npu_tile.alloc : memref<64x1xf32
// CHECK-NEXT: %[[O0:.+]] = npu_tile.alloc : memref<64x8xf32
// CHECK: %[[S1:.+]] = npu_tile.alloc : memref<64x32xf32
// CHECK-NEXT: %[[P1:.+]] = npu_tile.alloc : memref<64x32xbf16
// CHECK-NEXT: %[[C1:.+]] = npu_tile.alloc : memref<64x1xf32
// CHECK-NEXT: %[[O1:.+]] = npu_tile.alloc : memref<64x8xf32
// CHECK: %[[K0:.+]] = npu_tile.alloc : memref<32x16xbf16
// CHECK: %[[TK0:.+]] = npu_tile.dma %{{.+}}, %[[K0]]
// CHECK: %[[V0:.+]] = npu_tile.alloc : memref<32x8xbf16
// CHECK: %[[TV0:.+]] = npu_tile.dma %{{.+}}, %[[V0]]
// CHECK: %[[TQ0:.+]] = npu_tile.dma
// CHECK: %[[K1:.+]] = npu_tile.alloc : memref<32x16xbf16
// CHECK: %[[TK1:.+]] = npu_tile.dma %{{.+}}, %[[K1]]
// CHECK: %[[V1:.+]] = npu_tile.alloc : memref<32x8xbf16
// CHECK: %[[TV1:.+]] = npu_tile.dma %{{.+}}, %[[V1]]
// CHECK: %[[TQ1:.+]] = npu_tile.dma
// CHECK-NEXT: npu_tile.wait %[[TK0]], %[[TV0]], %[[TQ0]]
// CHECK-NEXT: npu_tile.matmul bf16 %{{.+}}, %[[K0]], %[[S0]] transpose_b
// CHECK-NEXT: npu_tile.vpu.binary mul %[[S0]], 2.500000e-01, %[[S0]]
// CHECK: npu_tile.vpu.reduce max %[[S0]], %[[C0]]
// CHECK: npu_tile.vpu.binary mul %[[S0]], col %[[C0]], %[[P0]]
// CHECK-NEXT: npu_tile.wait %[[TK1]], %[[TV1]], %[[TQ1]]
// CHECK-NEXT: npu_tile.matmul bf16 %{{.+}}, %[[K1]], %[[S1]] transpose_b
// CHECK: npu_tile.matmul bf16 %[[P0]], %[[V0]], %[[O0]]
// CHECK: npu_tile.vpu.binary mul %[[S1]], 2.500000e-01, %[[S1]]
// CHECK: npu_tile.vpu.reduce max %[[S1]], %[[C1]]
// CHECK: npu_tile.vpu.binary mul %[[S1]], col %[[C1]], %[[P1]]
// CHECK: npu_tile.matmul bf16 %[[P1]], %[[V1]], %[[O1]]
// CHECK-NOT: npu_tile.matmul
// CHECK: return
// Without pipelining: one set of score buffers, a loop over the groups.
// OFF-LABEL: func.func @gqa(
// OFF-COUNT-1: npu_tile.alloc : memref<64x32xf32
// OFF-NOT: npu_tile.alloc : memref<64x32xf32
// OFF: scf.for
func.func @gqa(%q: tensor<1x4x32x16xbf16>, %k: tensor<1x2x32x16xbf16>, %v: tensor<1x2x32x8xbf16>) -> tensor<1x4x32x8xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 2.500000e-01 causal : tensor<1x4x32x16xbf16>, tensor<1x2x32x16xbf16>, tensor<1x2x32x8xbf16> -> tensor<1x4x32x8xbf16>
  return %o : tensor<1x4x32x8xbf16>
}

// -----

// A small softmax (12 x 10 scores per group, under 1024): the loop.
// CHECK-LABEL: func.func @small(
// CHECK-COUNT-1: npu_tile.alloc : memref<12x10xf32
// CHECK-NOT: npu_tile.alloc : memref<12x10xf32
// CHECK: scf.for
func.func @small(%q: tensor<1x4x6x16xbf16>, %k: tensor<1x2x10x16xbf16>, %v: tensor<1x2x10x8xbf16>) -> tensor<1x4x6x8xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 2.500000e-01 causal offset = 4 : tensor<1x4x6x16xbf16>, tensor<1x2x10x16xbf16>, tensor<1x2x10x8xbf16> -> tensor<1x4x6x8xbf16>
  return %o : tensor<1x4x6x8xbf16>
}

// -----

// More than 16 groups (here 17 key/value heads): not unrolled, the loop.
// CHECK-LABEL: func.func @many(
// CHECK-COUNT-1: npu_tile.alloc : memref<32x32xf32
// CHECK-NOT: npu_tile.alloc : memref<32x32xf32
// CHECK: scf.for
func.func @many(%q: tensor<1x17x32x8xbf16>, %k: tensor<1x17x32x8xbf16>, %v: tensor<1x17x32x8xbf16>) -> tensor<1x17x32x8xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 1.0 : tensor<1x17x32x8xbf16>, tensor<1x17x32x8xbf16>, tensor<1x17x32x8xbf16> -> tensor<1x17x32x8xbf16>
  return %o : tensor<1x17x32x8xbf16>
}
