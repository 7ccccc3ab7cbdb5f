// NumPy broadcasts the VPU cannot apply to a tile (materialised into a full
// HBM buffer first) and softmax along a non-last axis (transposed last and
// back), on npu-tiny and npu-v1, compared with the reference interpreter's
// device numerics:
// - %a adds a scalar tensor (not a constant) to a matmul result;
// - %b multiplies [4, 1, 6] by [3, 1]: neither covers the result [4, 3, 6];
// - %c adds [4, 1, 1] (size-1 dims in the middle and last) to [4, 3, 6];
// - %r is 1 - x with the constant 1 a [1] tensor on the left of sub;
// - %p and %q are softmaxes along axes 0 and 1 of [4, 3, 6].
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 4x3x6 --pattern 7,3,15,8
// RUN: %make_npy %t/w.npy 6x10 --pattern 11,5,13,8
// RUN: %make_npy %t/s.npy 1 --pattern 3,1,5,8
// RUN: %make_npy %t/u.npy 4x1x6 --pattern 5,1,17,8
// RUN: %make_npy %t/v.npy 3x1 --pattern 2,1,7,8
// RUN: %make_npy %t/k.npy 4x1x1 --pattern 3,2,9,8
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/w.npy --input %t/s.npy --input %t/u.npy --input %t/v.npy --input %t/k.npy --output %t/a.npy --output %t/b.npy --output %t/c.npy --output %t/r.npy --output %t/p.npy --output %t/q.npy
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/w.npy --input %t/s.npy --input %t/u.npy --input %t/v.npy --input %t/k.npy --check %t/a.npy --check %t/b.npy --check %t/c.npy --check %t/r.npy --check %t/p.npy --check %t/q.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/w.npy --input %t/s.npy --input %t/u.npy --input %t/v.npy --input %t/k.npy --check %t/a.npy --check %t/b.npy --check %t/c.npy --check %t/r.npy --check %t/p.npy --check %t/q.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/120
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/72
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/72
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/72
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/72
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/72
func.func @main(%x: tensor<4x3x6xf32>, %w: tensor<6x10xf32>, %s: tensor<1xf32>, %u: tensor<4x1x6xf32>, %v: tensor<3x1xf32>, %k: tensor<4x1x1xf32>)
    -> (tensor<12x10xf32>, tensor<4x3x6xf32>, tensor<4x3x6xf32>, tensor<4x3x6xf32>, tensor<4x3x6xf32>, tensor<4x3x6xf32>) {
  %x2 = npu_graph.reshape %x : tensor<4x3x6xf32> -> tensor<12x6xf32>
  %m = npu_graph.matmul %x2, %w : tensor<12x6xf32>, tensor<6x10xf32> -> tensor<12x10xf32>
  %a = npu_graph.add %m, %s : tensor<12x10xf32>, tensor<1xf32> -> tensor<12x10xf32>
  %b = npu_graph.mul %u, %v : tensor<4x1x6xf32>, tensor<3x1xf32> -> tensor<4x3x6xf32>
  %c = npu_graph.add %x, %k : tensor<4x3x6xf32>, tensor<4x1x1xf32> -> tensor<4x3x6xf32>
  %one = npu_graph.constant dense<1.0> : tensor<1xf32>
  %r = npu_graph.sub %one, %x : tensor<1xf32>, tensor<4x3x6xf32> -> tensor<4x3x6xf32>
  %p = npu_graph.softmax %x axis = 0 : tensor<4x3x6xf32>
  %q = npu_graph.softmax %x axis = -2 : tensor<4x3x6xf32>
  return %a, %b, %c, %r, %p, %q : tensor<12x10xf32>, tensor<4x3x6xf32>, tensor<4x3x6xf32>, tensor<4x3x6xf32>, tensor<4x3x6xf32>, tensor<4x3x6xf32>
}
