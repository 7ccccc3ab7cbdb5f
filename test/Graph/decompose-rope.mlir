// Tests of npu-decompose-rope.
//
// RUN: npu-opt %s --npu-decompose-rope --split-input-file | FileCheck %s

// Tables given: bf16 input computed in f32 and cast back once.
// CHECK-LABEL: func.func @tables
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x8xbf16>, %[[C:.*]]: tensor<4x8xf32>, %[[S:.*]]: tensor<4x8xbf16>)
// CHECK: %[[SF:.*]] = npu_graph.cast %[[S]] : tensor<4x8xbf16> to tensor<4x8xf32>
// CHECK: %[[XF:.*]] = npu_graph.cast %[[X]] : tensor<1x2x4x8xbf16> to tensor<1x2x4x8xf32>
// CHECK: %[[LO:.*]] = npu_graph.slice %[[XF]] starts = [0, 0, 0, 0] sizes = [1, 2, 4, 4] strides = [1, 1, 1, 1]
// CHECK: %[[HI:.*]] = npu_graph.slice %[[XF]] starts = [0, 0, 0, 4] sizes = [1, 2, 4, 4] strides = [1, 1, 1, 1]
// CHECK: %[[NEG:.*]] = npu_graph.neg %[[HI]]
// CHECK: %[[ROT:.*]] = npu_graph.concat %[[NEG]], %[[LO]] axis = 3
// CHECK: %[[A:.*]] = npu_graph.mul %[[XF]], %[[C]] : tensor<1x2x4x8xf32>, tensor<4x8xf32> -> tensor<1x2x4x8xf32>
// CHECK: %[[B:.*]] = npu_graph.mul %[[ROT]], %[[SF]]
// CHECK: %[[Y:.*]] = npu_graph.add %[[A]], %[[B]] : tensor<1x2x4x8xf32>
// CHECK: %[[R:.*]] = npu_graph.cast %[[Y]] : tensor<1x2x4x8xf32> to tensor<1x2x4x8xbf16>
// CHECK: return %[[R]]
// CHECK-NOT: npu_graph.rope
func.func @tables(%x: tensor<1x2x4x8xbf16>, %c: tensor<4x8xf32>, %s: tensor<4x8xbf16>) -> tensor<1x2x4x8xbf16> {
  %y = npu_graph.rope %x cos(%c : tensor<4x8xf32>) sin(%s : tensor<4x8xbf16>) : tensor<1x2x4x8xbf16>
  return %y : tensor<1x2x4x8xbf16>
}

// -----

// theta: the tables become constants; position p = i + offset, so row 0
// of a 2x4 table at offset 0 is cos 1, sin 0, and small tables are inline.
// CHECK-LABEL: func.func @theta
// CHECK-DAG: npu_graph.constant dense<{{\[\[}}1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00], [0.540302{{.*}}]]> : tensor<2x4xf32>
// CHECK-DAG: npu_graph.constant dense<{{\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.841470{{.*}}]]> : tensor<2x4xf32>
// CHECK-NOT: npu_graph.cast
// CHECK-NOT: npu_graph.rope
func.func @theta(%x: tensor<3x2x4xf32>) -> tensor<3x2x4xf32> {
  %y = npu_graph.rope %x theta = 1.000000e+04 : tensor<3x2x4xf32>
  return %y : tensor<3x2x4xf32>
}

// -----

// Large tables are resource blobs, not printed inline.
// CHECK-LABEL: func.func @big
// CHECK: npu_graph.constant dense_resource<rope_cos> : tensor<16x64xf32>
// CHECK: npu_graph.constant dense_resource<rope_sin{{.*}}> : tensor<16x64xf32>
func.func @big(%x: tensor<1x4x16x64xbf16>) -> tensor<1x4x16x64xbf16> {
  %y = npu_graph.rope %x theta = 1.000000e+04 offset = 16 : tensor<1x4x16x64xbf16>
  return %y : tensor<1x4x16x64xbf16>
}
