// The math instructions compiled by npu-compile on npu-v1 and npu-tiny
// (several tiles on npu-tiny), bit-exact with the reference interpreter's
// device numerics: vpu.pow with a full-tile exponent (negative bases
// included) and with a row exponent, vpu.abs then vpu.log, vpu.rmin over
// the last axis and vpu.rprod of a bf16 tensor over the first axis
// (transposed last), and vpu.pow by a run-time scalar exponent (a rank-0
// operand, materialised to the result shape first).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 96x300 --pattern 2,1,16,8
// RUN: %make_npy %t/e.npy 96x300 --pattern 5,1,7,1
// RUN: %make_npy %t/r.npy 300 --pattern 3,1,5,1
// RUN: %make_npy %t/s.npy scalar --values 3
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/e.npy --input %t/r.npy --input %t/s.npy --output %t/p.npy --output %t/q.npy --output %t/l.npy --output %t/mn.npy --output %t/pr.npy --output %t/ps.npy
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/e.npy --input %t/r.npy --input %t/s.npy --check %t/p.npy --check %t/q.npy --check %t/l.npy --check %t/mn.npy --check %t/pr.npy --check %t/ps.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/e.npy --input %t/r.npy --input %t/s.npy --check %t/p.npy --check %t/q.npy --check %t/l.npy --check %t/mn.npy --check %t/pr.npy --check %t/ps.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/28800
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/28800
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/28800
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/96
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/300
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/300
func.func @main(%x: tensor<96x300xf32>, %e: tensor<96x300xf32>, %r: tensor<300xf32>, %s: tensor<f32>)
    -> (tensor<96x300xf32>, tensor<96x300xf32>, tensor<96x300xf32>, tensor<96xf32>, tensor<300xbf16>, tensor<300xf32>) {
  %p = npu_graph.pow %x, %e : tensor<96x300xf32>
  %q = npu_graph.pow %x, %r : tensor<96x300xf32>, tensor<300xf32> -> tensor<96x300xf32>
  %a = npu_graph.abs %x : tensor<96x300xf32>
  %l = npu_graph.log %a : tensor<96x300xf32>
  %mn = npu_graph.reduce min %x axes = [1] : tensor<96x300xf32> -> tensor<96xf32>
  %b = npu_graph.cast %x : tensor<96x300xf32> to tensor<96x300xbf16>
  %pr = npu_graph.reduce prod %b axes = [0] : tensor<96x300xbf16> -> tensor<300xbf16>
  %ps = npu_graph.pow %r, %s : tensor<300xf32>, tensor<f32> -> tensor<300xf32>
  return %p, %q, %l, %mn, %pr, %ps : tensor<96x300xf32>, tensor<96x300xf32>, tensor<96x300xf32>, tensor<96xf32>, tensor<300xbf16>, tensor<300xf32>
}
