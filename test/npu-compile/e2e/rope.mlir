// npu_graph.rope compiled (npu-decompose-rope, then slices, concat and VPU
// arithmetic) for npu-tiny and npu-v1 and compared with npu-interp: exact
// against the device numerics (the decomposition is the op's documented
// fp32 steps), and against the fp32 reference within one bf16 rounding of
// the result (rtol = atol = 2^-8) for the bf16 outputs; the f32 output is
// exact against both.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 1x3x20x32 --pattern 7,3,17,8
// RUN: %make_npy %t/c.npy 20x32 --pattern 5,1,13,16
// RUN: %make_npy %t/s.npy 20x32 --pattern 3,2,11,16
// RUN: %make_npy %t/y.npy 2x5x16 --pattern 11,5,19,4
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/c.npy --input %t/s.npy --input %t/y.npy --output %t/dev0.npy --output %t/dev1.npy
// RUN: npu-interp %s --input %t/x.npy --input %t/c.npy --input %t/s.npy --input %t/y.npy --output %t/fp0.npy --output %t/fp1.npy
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/c.npy --input %t/s.npy --input %t/y.npy --check out0=%t/dev0.npy --check out1=%t/dev1.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/c.npy --input %t/s.npy --input %t/y.npy --check out0=%t/dev0.npy --check out1=%t/dev1.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/c.npy --input %t/s.npy --input %t/y.npy --check out0=%t/fp0.npy --check out1=%t/fp1.npy --rtol 0.00390625 --atol 0.00390625 | FileCheck %s
// CHECK-DAG: check out0: PASS {{.*}} mismatches=0/1920
// CHECK-DAG: check out1: PASS {{.*}} mismatches=0/160

func.func @rope(%x: tensor<1x3x20x32xbf16>, %c: tensor<20x32xf32>, %s: tensor<20x32xf32>, %y: tensor<2x5x16xf32>)
    -> (tensor<1x3x20x32xbf16>, tensor<2x5x16xf32>) {
  %0 = npu_graph.rope %x cos(%c : tensor<20x32xf32>) sin(%s : tensor<20x32xf32>) : tensor<1x3x20x32xbf16>
  %1 = npu_graph.rope %y theta = 1.000000e+04 offset = 7 : tensor<2x5x16xf32>
  return %0, %1 : tensor<1x3x20x32xbf16>, tensor<2x5x16xf32>
}
