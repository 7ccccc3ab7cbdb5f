// npu_graph.reduce compiled by npu-compile (with DMA scheduling) on npu-v1
// and npu-tiny, compared with the reference interpreter's device numerics:
// - %s sums the last axis of [2, 203, 300] (several row tiles and an edge
//   tile per matrix on npu-tiny);
// - %m is a bf16 mean over axes 0 and 2 (transposed last and flattened:
//   rows of 600), kept;
// - %mx is the maximum over the middle axis, and %a the sum of all of %mx
//   (a rank-0 result).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 2x203x300 --pattern 7,3,15,8
// RUN: npu-interp %s --device-numerics --input %t/x.npy --output %t/s.npy --output %t/m.npy --output %t/mx.npy --output %t/a.npy
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --check %t/s.npy --check %t/m.npy --check %t/mx.npy --check %t/a.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --check %t/s.npy --check %t/m.npy --check %t/mx.npy --check %t/a.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/406
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/203
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/600
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/1
func.func @main(%x: tensor<2x203x300xf32>)
    -> (tensor<2x203xf32>, tensor<1x203x1xbf16>, tensor<2x300xf32>, tensor<f32>) {
  %s = npu_graph.reduce sum %x axes = [-1] : tensor<2x203x300xf32> -> tensor<2x203xf32>
  %b = npu_graph.cast %x : tensor<2x203x300xf32> to tensor<2x203x300xbf16>
  %m = npu_graph.reduce mean %b axes = [2, 0] keepdims : tensor<2x203x300xbf16> -> tensor<1x203x1xbf16>
  %mx = npu_graph.reduce max %x axes = [1] : tensor<2x203x300xf32> -> tensor<2x300xf32>
  %a = npu_graph.reduce sum %mx axes = [0, 1] : tensor<2x300xf32> -> tensor<f32>
  return %s, %m, %mx, %a : tensor<2x203xf32>, tensor<1x203x1xbf16>, tensor<2x300xf32>, tensor<f32>
}
