// The folders of the npu_graph operations.
// RUN: npu-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = npu_graph.transpose %x permutation = [0, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Two transposes compose: dimension i of the result is dimension
// p1[p2[i]] of the input.
// CHECK-LABEL: func.func @transpose_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[T:.*]] = npu_graph.transpose %[[X]] permutation = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
// CHECK-NEXT: return %[[T]]
func.func @transpose_transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = npu_graph.transpose %x permutation = [1, 2, 0] : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %1 = npu_graph.transpose %0 permutation = [1, 2, 0] : tensor<3x4x2xf32> -> tensor<4x2x3xf32>
  return %1 : tensor<4x2x3xf32>
}

// -----

// A transpose and its inverse cancel.
// CHECK-LABEL: func.func @transpose_inverse
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_inverse(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = npu_graph.transpose %x permutation = [1, 2, 0] : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %1 = npu_graph.transpose %0 permutation = [2, 0, 1] : tensor<3x4x2xf32> -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[R:.*]] = npu_graph.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<24xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_reshape(%x: tensor<2x3x4xf32>) -> tensor<24xf32> {
  %0 = npu_graph.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = npu_graph.reshape %0 : tensor<6x4xf32> -> tensor<24xf32>
  return %1 : tensor<24xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_back
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reshape_back(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = npu_graph.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = npu_graph.reshape %0 : tensor<6x4xf32> -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @trivial
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]]
func.func @trivial(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = npu_graph.concat %x axis = 1 : tensor<2x3xf32> -> tensor<2x3xf32>
  %1 = npu_graph.slice %x starts = [0, 0] sizes = [2, 3] strides = [1, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = npu_graph.cast %x : tensor<2x3xf32> to tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Casts that change the type, slices that do not cover the input and
// unused pure operations.
// CHECK-LABEL: func.func @kept
// CHECK-NEXT: npu_graph.cast
// CHECK-NEXT: npu_graph.slice
// CHECK-NEXT: return
func.func @kept(%x: tensor<2x3xf32>) -> (tensor<2x3xbf16>, tensor<1x3xf32>) {
  %0 = npu_graph.cast %x : tensor<2x3xf32> to tensor<2x3xbf16>
  %1 = npu_graph.slice %x starts = [1, 0] sizes = [1, 3] strides = [1, 1] : tensor<2x3xf32> -> tensor<1x3xf32>
  %2 = npu_graph.exp %x : tensor<2x3xf32>
  return %0, %1 : tensor<2x3xbf16>, tensor<1x3xf32>
}

// -----

// Identical constants are merged; constants are hoisted to the entry block.
// CHECK-LABEL: func.func @constants
// CHECK-NEXT: %[[C:.*]] = npu_graph.constant #npu_graph.external<"w.bin", 0> : tensor<4xf32>
// CHECK-NEXT: npu_graph.add %[[C]], %[[C]]
func.func @constants() -> tensor<4xf32> {
  %0 = npu_graph.constant #npu_graph.external<"w.bin", 0> : tensor<4xf32>
  %1 = npu_graph.constant #npu_graph.external<"w.bin", 0> : tensor<4xf32>
  %2 = npu_graph.add %0, %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}
