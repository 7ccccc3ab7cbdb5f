// npu_graph.reduce: sum, mean and max over the last axis, other axes and
// all axes, in fp32 and in device numerics.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make-npy.py %t/x.npy 2x3 --values 1,2,3,4,5,7
// RUN: npu-interp %s --func sum_last --input %t/x.npy --print | FileCheck %s --check-prefix=SUM
// RUN: npu-interp %s --func sum_last --input %t/x.npy --print --device-numerics | FileCheck %s --check-prefix=SUM
// SUM: out0 = tensor<2xf32> [6, 16]
func.func @sum_last(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = npu_graph.reduce sum %x axes = [-1] : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// RUN: npu-interp %s --func mean_first --input %t/x.npy --print | FileCheck %s --check-prefix=MEAN
// MEAN: out0 = tensor<1x3xf32> {{\[\[}}2.5, 3.5, 5]]
func.func @mean_first(%x: tensor<2x3xf32>) -> tensor<1x3xf32> {
  %0 = npu_graph.reduce mean %x axes = [0] keepdims : tensor<2x3xf32> -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// RUN: npu-interp %s --func max_all --input %t/x.npy --print | FileCheck %s --check-prefix=MAX
// MAX: out0 = tensor<f32> 7
func.func @max_all(%x: tensor<2x3xf32>) -> tensor<f32> {
  %0 = npu_graph.reduce max %x axes = [0, 1] : tensor<2x3xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// The device sums sequentially in fp32: 2^24 + 1 + 1 stays 2^24 (the fp32
// reference sums exactly and rounds once); the mean of 3 elements is the
// sum times fp32(1/3), not a division.
// RUN: %python %S/Inputs/make-npy.py %t/big.npy 1x3 --values 16777216,1,1
// RUN: npu-interp %s --func sum_big --input %t/big.npy --print | FileCheck %s --check-prefix=BIG-FP32
// RUN: npu-interp %s --func sum_big --input %t/big.npy --print --device-numerics | FileCheck %s --check-prefix=BIG-DEVICE
// BIG-FP32: out0 = tensor<1xf32> [16777218]
// BIG-DEVICE: out0 = tensor<1xf32> [16777216]
func.func @sum_big(%x: tensor<1x3xf32>) -> tensor<1xf32> {
  %0 = npu_graph.reduce sum %x axes = [1] : tensor<1x3xf32> -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// A NaN makes the maximum NaN in both modes.
// RUN: %python %S/Inputs/make-npy.py %t/n.npy 1x3 --values 1,nan,2
// RUN: npu-interp %s --func max_nan --input %t/n.npy --print | FileCheck %s --check-prefix=NAN
// RUN: npu-interp %s --func max_nan --input %t/n.npy --print --device-numerics | FileCheck %s --check-prefix=NAN
// NAN: out0 = tensor<1xf32> [nan]
func.func @max_nan(%x: tensor<1x3xf32>) -> tensor<1xf32> {
  %0 = npu_graph.reduce max %x axes = [1] : tensor<1x3xf32> -> tensor<1xf32>
  return %0 : tensor<1xf32>
}
