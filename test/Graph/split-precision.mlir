// Tests of npu-split-precision: f32 matmuls become sums of bf16 matmuls.
//
// RUN: npu-opt %s --npu-split-precision --split-input-file | FileCheck %s
// RUN: npu-opt %s --npu-split-precision=parts=2 --split-input-file \
// RUN:   | FileCheck %s --check-prefix=TWO
// RUN: not npu-opt %s --npu-split-precision=parts=4 --split-input-file 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BADPARTS

// BADPARTS: error: npu-split-precision: option 'parts' must be 2 or 3, got 4

// Three parts per operand, six partial products, smallest first.
// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[W:.*]]: tensor<8x3xf32>)
// CHECK: %[[X1:.*]] = npu_graph.cast %[[X]] : tensor<4x8xf32> to tensor<4x8xbf16>
// CHECK: %[[X1F:.*]] = npu_graph.cast %[[X1]] : tensor<4x8xbf16> to tensor<4x8xf32>
// CHECK: %[[R1:.*]] = npu_graph.sub %[[X]], %[[X1F]] : tensor<4x8xf32>
// CHECK: %[[X2:.*]] = npu_graph.cast %[[R1]] : tensor<4x8xf32> to tensor<4x8xbf16>
// CHECK: %[[X2F:.*]] = npu_graph.cast %[[X2]]
// CHECK: %[[R2:.*]] = npu_graph.sub %[[R1]], %[[X2F]]
// CHECK: %[[X3:.*]] = npu_graph.cast %[[R2]] : tensor<4x8xf32> to tensor<4x8xbf16>
// CHECK: %[[W1:.*]] = npu_graph.cast %[[W]] : tensor<8x3xf32> to tensor<8x3xbf16>
// CHECK: %[[W2:.*]] = npu_graph.cast %{{.*}} : tensor<8x3xf32> to tensor<8x3xbf16>
// CHECK: %[[W3:.*]] = npu_graph.cast %{{.*}} : tensor<8x3xf32> to tensor<8x3xbf16>
// CHECK: %[[P31:.*]] = npu_graph.matmul %[[X3]], %[[W1]] : tensor<4x8xbf16>, tensor<8x3xbf16> -> tensor<4x3xf32>
// CHECK: %[[P22:.*]] = npu_graph.matmul %[[X2]], %[[W2]]
// CHECK: %[[S1:.*]] = npu_graph.add %[[P31]], %[[P22]]
// CHECK: %[[P13:.*]] = npu_graph.matmul %[[X1]], %[[W3]]
// CHECK: %[[S2:.*]] = npu_graph.add %[[S1]], %[[P13]]
// CHECK: %[[P21:.*]] = npu_graph.matmul %[[X2]], %[[W1]]
// CHECK: %[[S3:.*]] = npu_graph.add %[[S2]], %[[P21]]
// CHECK: %[[P12:.*]] = npu_graph.matmul %[[X1]], %[[W2]]
// CHECK: %[[S4:.*]] = npu_graph.add %[[S3]], %[[P12]]
// CHECK: %[[P11:.*]] = npu_graph.matmul %[[X1]], %[[W1]]
// CHECK: %[[S5:.*]] = npu_graph.add %[[S4]], %[[P11]]
// CHECK-NOT: npu_graph.matmul
// CHECK: return %[[S5]]

// Two parts: three products.
// TWO-LABEL: func.func @linear
// TWO-COUNT-3: npu_graph.matmul {{.*}} : tensor<4x8xbf16>, tensor<8x3xbf16> -> tensor<4x3xf32>
// TWO-NOT: npu_graph.matmul
func.func @linear(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %0 = npu_graph.matmul %x, %w : tensor<4x8xf32>, tensor<8x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// transpose_b and batch dimensions carry over to every partial product.
// CHECK-LABEL: func.func @batched_transposed
// TWO-LABEL: func.func @batched_transposed
// CHECK-COUNT-6: npu_graph.matmul {{.*}} transpose_b : tensor<2x4x8xbf16>, tensor<3x8xbf16> -> tensor<2x4x3xf32>
// CHECK-NOT: npu_graph.matmul
func.func @batched_transposed(%x: tensor<2x4x8xf32>, %w: tensor<3x8xf32>) -> tensor<2x4x3xf32> {
  %0 = npu_graph.matmul %x, %w transpose_b : tensor<2x4x8xf32>, tensor<3x8xf32> -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}

// -----

// Matmuls of bf16 or i8 operands are the device's already: unchanged.
// CHECK-LABEL: func.func @untouched
// CHECK-NEXT: npu_graph.matmul %{{.*}}, %{{.*}} : tensor<4x8xbf16>, tensor<8x3xbf16> -> tensor<4x3xf32>
// CHECK-NEXT: npu_graph.matmul %{{.*}}, %{{.*}} : tensor<4x8xi8>, tensor<8x3xi8> -> tensor<4x3xi32>
// CHECK-NOT: npu_graph.cast
func.func @untouched(%x: tensor<4x8xbf16>, %w: tensor<8x3xbf16>,
                     %a: tensor<4x8xi8>, %b: tensor<8x3xi8>)
    -> (tensor<4x3xf32>, tensor<4x3xi32>) {
  %0 = npu_graph.matmul %x, %w : tensor<4x8xbf16>, tensor<8x3xbf16> -> tensor<4x3xf32>
  %1 = npu_graph.matmul %a, %b : tensor<4x8xi8>, tensor<8x3xi8> -> tensor<4x3xi32>
  return %0, %1 : tensor<4x3xf32>, tensor<4x3xi32>
}

// -----

// A constant operand (a weight) is split now, with the device's rounding,
// into bf16 constants; the f32 constant goes. x = 1 + 2^-10 + 2^-20 has the
// parts 1, 2^-10 and 2^-20.
// CHECK-LABEL: func.func @constant_weight
// CHECK-NOT: tensor<2x2xf32> to tensor<2x2xbf16>
// CHECK-DAG: %[[W1:.*]] = npu_graph.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [-3.000000e+00, 5.000000e-01]]> : tensor<2x2xbf16>
// CHECK-DAG: %[[W2:.*]] = npu_graph.constant dense<{{\[\[}}9.765620e-04, 0.000000e+00], [0.000000e+00, 0.000000e+00]]> : tensor<2x2xbf16>
// CHECK-DAG: %[[W3:.*]] = npu_graph.constant dense<{{\[\[}}9.536740e-07, 0.000000e+00], [0.000000e+00, 0.000000e+00]]> : tensor<2x2xbf16>
// CHECK-NOT: tensor<2x2xf32> to tensor<2x2xbf16>
// CHECK-NOT: dense<{{.*}}tensor<2x2xf32>
// CHECK: npu_graph.matmul %{{.*}}, %[[W1]]
// CHECK: npu_graph.matmul %{{.*}}, %[[W2]]
// CHECK: npu_graph.matmul %{{.*}}, %[[W3]]
func.func @constant_weight(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = npu_graph.constant dense<[[1.00097752, 2.0], [-3.0, 0.5]]> : tensor<2x2xf32>
  %0 = npu_graph.matmul %x, %w : tensor<3x2xf32>, tensor<2x2xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// A resource weight gives resource parts (bf16 0x3F80 = 1, 0x3A80 = 2^-10,
// 0x3580 = 2^-20 for its first element, 1 + 2^-10 + 2^-20).
// CHECK-LABEL: func.func @resource_weight
// CHECK-NOT: npu_graph.cast %{{.*}} : tensor<17x1xf32>
// CHECK: npu_graph.constant dense_resource<[[P1:.*]]> : tensor<17x1xbf16>
// CHECK: npu_graph.constant dense_resource<[[P2:.*]]> : tensor<17x1xbf16>
// CHECK: npu_graph.constant dense_resource<[[P3:.*]]> : tensor<17x1xbf16>
// CHECK-NOT: npu_graph.cast %{{.*}} : tensor<17x1xf32>
// CHECK: [[P1]]: "0x02000000803F0000803F004040408040A040C040E04000411041204130414041504160417041"
// CHECK: [[P2]]: "0x02000000803A0000000000000000000000000000000000000000000000000000000000000000"
// CHECK: [[P3]]: "0x0200000080350000000000000000000000000000000000000000000000000000000000000000"
func.func @resource_weight(%x: tensor<2x17xf32>) -> tensor<2x1xf32> {
  %w = npu_graph.constant dense_resource<w> : tensor<17x1xf32>
  %0 = npu_graph.matmul %x, %w : tensor<2x17xf32>, tensor<17x1xf32> -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000820803F000000000000803F0000004000004040000080400000A0400000C0400000E0400000004100001041000020410000304100004041000050410000604100007041"
    }
  }
#-}
