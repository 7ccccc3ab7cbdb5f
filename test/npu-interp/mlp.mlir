// matmul + bias + gelu in both numerics.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make-npy.py %t/x.npy 2x3 --values 1,0,0,0,1,-1
// RUN: %python %S/Inputs/make-npy.py %t/w.npy 3x4 --values 1,0,0,0,0,1,0,0,0,0,1,0
// RUN: %python %S/Inputs/make-npy.py %t/b.npy 4 --values 0,0,0,1

// fp32: gelu(1) = 0.8413447, gelu(-1) = -0.1586553 (bf16 results kept in
// fp32).
// RUN: npu-interp %s --input %t/x.npy --input %t/w.npy --input %t/b.npy --print --output %t/fp32.npy | FileCheck %s --check-prefix=FP32
// FP32: out0 = tensor<2x4xbf16> {{\[\[}}0.841344{{[0-9]*}}, 0, 0, 0.841344{{[0-9]*}}], [0, 0.841344{{[0-9]*}}, -0.158655{{[0-9]*}}, 0.841344{{[0-9]*}}]]

// Device numerics: results rounded to bf16 (0.83984375 and -0.158203125 are
// the nearest bf16 values).
// RUN: npu-interp %s --input %t/x.npy --input %t/w.npy --input %t/b.npy --print --device-numerics --output %t/device.npy | FileCheck %s --check-prefix=DEVICE
// DEVICE: out0 = tensor<2x4xbf16> {{\[\[}}0.83984375, 0, 0, 0.83984375], [0, 0.83984375, -0.158203125, 0.83984375]]

// The two differ by one rounding to bf16: at most half a bf16 ulp, which is
// relative 2^-8 at the bottom of a binade.
// RUN: not npu-interp %s --input %t/x.npy --input %t/w.npy --input %t/b.npy --device-numerics --check %t/fp32.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=DIFF
// DIFF: check out0: FAIL {{.*}} mismatches=5/8
// RUN: npu-interp %s --input %t/x.npy --input %t/w.npy --input %t/b.npy --device-numerics --check %t/fp32.npy --rtol 0.00390625 --atol 0 | FileCheck %s --check-prefix=CLOSE
// CLOSE: check out0: PASS

func.func @mlp(%x: tensor<2x3xbf16>, %w: tensor<3x4xbf16>, %b: tensor<4xbf16>) -> tensor<2x4xbf16> {
  %0 = npu_graph.matmul %x, %w : tensor<2x3xbf16>, tensor<3x4xbf16> -> tensor<2x4xbf16>
  %1 = npu_graph.add %0, %b : tensor<2x4xbf16>, tensor<4xbf16> -> tensor<2x4xbf16>
  %2 = npu_graph.gelu %1 : tensor<2x4xbf16>
  return %2 : tensor<2x4xbf16>
}
