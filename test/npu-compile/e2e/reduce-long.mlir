// npu_graph.reduce over rows longer than one VPU tile (70000 elements:
// more than the 65535 columns of a VPU instruction, and more than fits in
// npu-tiny's SRAM), reduced in column chunks whose width differs between
// npu-v1 and npu-tiny, yet bit-exact with the reference interpreter's
// device numerics on both: the chunks carry the running fp32 result in
// their first column, so the fold stays strictly left to right. f32 sum,
// bf16 max, f32 mean (one multiply by fp32(1 / n) at the end) and min; the
// inputs are multiples of 1/10, so the sums depend on the order.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 3x70000 --pattern 7,3,15,10
// RUN: npu-interp %s --device-numerics --input %t/x.npy --output %t/s.npy --output %t/m.npy --output %t/a.npy --output %t/p.npy
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --check %t/s.npy --check %t/m.npy --check %t/a.npy --check %t/p.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --check %t/s.npy --check %t/m.npy --check %t/a.npy --check %t/p.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/3
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/3
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/3
// CHECK: check {{.*}}: PASS max_abs_err=0 {{.*}} mismatches=0/3
func.func @main(%x: tensor<3x70000xf32>)
    -> (tensor<3xf32>, tensor<3xbf16>, tensor<3x1xf32>, tensor<3xf32>) {
  %s = npu_graph.reduce sum %x axes = [1] : tensor<3x70000xf32> -> tensor<3xf32>
  %b = npu_graph.cast %x : tensor<3x70000xf32> to tensor<3x70000xbf16>
  %m = npu_graph.reduce max %b axes = [1] : tensor<3x70000xbf16> -> tensor<3xbf16>
  %a = npu_graph.reduce mean %x axes = [-1] keepdims : tensor<3x70000xf32> -> tensor<3x1xf32>
  %p = npu_graph.reduce min %x axes = [1] : tensor<3x70000xf32> -> tensor<3xf32>
  return %s, %m, %a, %p : tensor<3xf32>, tensor<3xbf16>, tensor<3x1xf32>, tensor<3xf32>
}
