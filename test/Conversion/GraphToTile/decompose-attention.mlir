// npu-decompose-attention: grouped-query heads become a batch dim of
// reshapes (views), q.k^T is a matmul with transpose_b, the scale a splat
// multiply, the causal mask the softmax's on [b, hkv, G, sq, skv] rows.
// RUN: npu-opt --npu-decompose-attention %s | FileCheck %s

// CHECK-LABEL: func.func @gqa(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<2x6x5x16xbf16>, %[[K:[^:]+]]: tensor<2x2x9x16xbf16>, %[[V:[^:]+]]: tensor<2x2x9x12xbf16>
// CHECK-NEXT: %[[Q2:.+]] = npu_graph.reshape %[[Q]] : tensor<2x6x5x16xbf16> -> tensor<2x2x15x16xbf16>
// CHECK-NEXT: %[[S:.+]] = npu_graph.matmul %[[Q2]], %[[K]] transpose_b : tensor<2x2x15x16xbf16>, tensor<2x2x9x16xbf16> -> tensor<2x2x15x9xf32>
// CHECK-NEXT: %[[C:.+]] = npu_graph.constant dense<2.500000e-01> : tensor<f32>
// CHECK-NEXT: %[[SS:.+]] = npu_graph.mul %[[S]], %[[C]] : tensor<2x2x15x9xf32>, tensor<f32> -> tensor<2x2x15x9xf32>
// CHECK-NEXT: %[[R:.+]] = npu_graph.reshape %[[SS]] : tensor<2x2x15x9xf32> -> tensor<2x2x3x5x9xf32>
// CHECK-NEXT: %[[P:.+]] = npu_graph.softmax %[[R]] axis = -1 causal offset = 4 : tensor<2x2x3x5x9xf32>
// CHECK-NEXT: %[[P2:.+]] = npu_graph.reshape %[[P]] : tensor<2x2x3x5x9xf32> -> tensor<2x2x15x9xf32>
// CHECK-NEXT: %[[PB:.+]] = npu_graph.cast %[[P2]] : tensor<2x2x15x9xf32> to tensor<2x2x15x9xbf16>
// CHECK-NEXT: %[[O:.+]] = npu_graph.matmul %[[PB]], %[[V]] : tensor<2x2x15x9xbf16>, tensor<2x2x9x12xbf16> -> tensor<2x2x15x12xbf16>
// CHECK-NEXT: %[[O2:.+]] = npu_graph.reshape %[[O]] : tensor<2x2x15x12xbf16> -> tensor<2x6x5x12xbf16>
// CHECK-NEXT: return %[[O2]]
// CHECK-NOT: npu_graph.attention
func.func @gqa(%q: tensor<2x6x5x16xbf16>, %k: tensor<2x2x9x16xbf16>, %v: tensor<2x2x9x12xbf16>) -> tensor<2x6x5x12xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 2.500000e-01 causal offset = 4 : tensor<2x6x5x16xbf16>, tensor<2x2x9x16xbf16>, tensor<2x2x9x12xbf16> -> tensor<2x6x5x12xbf16>
  return %o : tensor<2x6x5x12xbf16>
}

// Multi-head (G = 1) f32 attention with scale 1: no reshapes, no multiply,
// no cast (the f32 matmul rounds its operands itself).
// CHECK-LABEL: func.func @mha_f32(
// CHECK-NEXT: %[[S:.+]] = npu_graph.matmul %{{.+}}, %{{.+}} transpose_b : tensor<1x4x7x8xf32>, tensor<1x4x7x8xf32> -> tensor<1x4x7x7xf32>
// CHECK-NEXT: %[[P:.+]] = npu_graph.softmax %[[S]] axis = -1 : tensor<1x4x7x7xf32>
// CHECK-NEXT: %[[O:.+]] = npu_graph.matmul %[[P]], %{{.+}} : tensor<1x4x7x7xf32>, tensor<1x4x7x8xf32> -> tensor<1x4x7x8xf32>
// CHECK-NEXT: return %[[O]]
func.func @mha_f32(%q: tensor<1x4x7x8xf32>, %k: tensor<1x4x7x8xf32>, %v: tensor<1x4x7x8xf32>) -> tensor<1x4x7x8xf32> {
  %o = npu_graph.attention %q, %k, %v scale = 1.0 : tensor<1x4x7x8xf32>, tensor<1x4x7x8xf32>, tensor<1x4x7x8xf32> -> tensor<1x4x7x8xf32>
  return %o : tensor<1x4x7x8xf32>
}

// An additive mask: cast to f32 (bf16 attention) and added by a
// broadcasting npu_graph.add to the scaled scores viewed per query head
// [b, hq, sq, skv], before the causal softmax.
// CHECK-LABEL: func.func @masked(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<2x6x5x16xbf16>, %[[K:[^:]+]]: tensor<2x2x9x16xbf16>, %[[V:[^:]+]]: tensor<2x2x9x12xbf16>, %[[M:[^:]+]]: tensor<2x1x1x9xbf16>
// CHECK-NEXT: %[[Q2:.+]] = npu_graph.reshape %[[Q]] : tensor<2x6x5x16xbf16> -> tensor<2x2x15x16xbf16>
// CHECK-NEXT: %[[S:.+]] = npu_graph.matmul %[[Q2]], %[[K]] transpose_b : tensor<2x2x15x16xbf16>, tensor<2x2x9x16xbf16> -> tensor<2x2x15x9xf32>
// CHECK-NEXT: %[[C:.+]] = npu_graph.constant dense<2.500000e-01> : tensor<f32>
// CHECK-NEXT: %[[SS:.+]] = npu_graph.mul %[[S]], %[[C]] : tensor<2x2x15x9xf32>, tensor<f32> -> tensor<2x2x15x9xf32>
// CHECK-NEXT: %[[MF:.+]] = npu_graph.cast %[[M]] : tensor<2x1x1x9xbf16> to tensor<2x1x1x9xf32>
// CHECK-NEXT: %[[SH:.+]] = npu_graph.reshape %[[SS]] : tensor<2x2x15x9xf32> -> tensor<2x6x5x9xf32>
// CHECK-NEXT: %[[SM:.+]] = npu_graph.add %[[SH]], %[[MF]] : tensor<2x6x5x9xf32>, tensor<2x1x1x9xf32> -> tensor<2x6x5x9xf32>
// CHECK-NEXT: %[[R:.+]] = npu_graph.reshape %[[SM]] : tensor<2x6x5x9xf32> -> tensor<2x2x3x5x9xf32>
// CHECK-NEXT: %[[P:.+]] = npu_graph.softmax %[[R]] axis = -1 causal offset = 4 : tensor<2x2x3x5x9xf32>
// CHECK: npu_graph.matmul
// CHECK-NOT: npu_graph.attention
func.func @masked(%q: tensor<2x6x5x16xbf16>, %k: tensor<2x2x9x16xbf16>, %v: tensor<2x2x9x12xbf16>, %m: tensor<2x1x1x9xbf16>) -> tensor<2x6x5x12xbf16> {
  %o = npu_graph.attention %q, %k, %v mask %m scale = 2.500000e-01 causal offset = 4 : tensor<2x6x5x16xbf16>, tensor<2x2x9x16xbf16>, tensor<2x2x9x12xbf16>, tensor<2x1x1x9xbf16> -> tensor<2x6x5x12xbf16>
  return %o : tensor<2x6x5x12xbf16>
}

// Multi-head f32 attention with a per-row mask: the scores already have
// the [b, h, sq, skv] shape; no cast.
// CHECK-LABEL: func.func @masked_f32(
// CHECK: %[[S:.+]] = npu_graph.matmul %{{.+}}, %{{.+}} transpose_b : tensor<1x4x7x8xf32>, tensor<1x4x7x8xf32> -> tensor<1x4x7x7xf32>
// CHECK-NEXT: %[[SM:.+]] = npu_graph.add %[[S]], %{{.+}} : tensor<1x4x7x7xf32>, tensor<1x1x7x7xf32> -> tensor<1x4x7x7xf32>
// CHECK-NEXT: %[[P:.+]] = npu_graph.softmax %[[SM]] axis = -1 : tensor<1x4x7x7xf32>
func.func @masked_f32(%q: tensor<1x4x7x8xf32>, %k: tensor<1x4x7x8xf32>, %v: tensor<1x4x7x8xf32>, %m: tensor<1x1x7x7xf32>) -> tensor<1x4x7x8xf32> {
  %o = npu_graph.attention %q, %k, %v mask %m scale = 1.0 : tensor<1x4x7x8xf32>, tensor<1x4x7x8xf32>, tensor<1x4x7x8xf32>, tensor<1x1x7x7xf32> -> tensor<1x4x7x8xf32>
  return %o : tensor<1x4x7x8xf32>
}
