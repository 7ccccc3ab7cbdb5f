// softmax along the last axis, plain and causal.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make-npy.py %t/x.npy 2x3 --values 1,2,3,0,0,0
// RUN: npu-interp %s --func plain --input %t/x.npy --print | FileCheck %s
// RUN: npu-interp %s --func plain --input %t/x.npy --print --device-numerics | FileCheck %s
// CHECK: out0 = tensor<2x3xf32> {{\[\[}}0.0900305{{[0-9]*}}, 0.244728{{[0-9]*}}, 0.665240{{[0-9]*}}], [0.333333{{[0-9]*}}, 0.333333{{[0-9]*}}, 0.333333{{[0-9]*}}]]
func.func @plain(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = npu_graph.softmax %x axis = -1 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// Causal: row i sees columns 0..i.
// RUN: %python %S/Inputs/make-npy.py %t/s.npy 3x3 --values 0,5,5,0,0,5,0,0,0
// RUN: npu-interp %s --func causal --input %t/s.npy --print | FileCheck %s --check-prefix=CAUSAL
// CAUSAL: out0 = tensor<3x3xf32> {{\[\[}}1, 0, 0], [0.5, 0.5, 0], [0.333333{{[0-9]*}}, 0.333333{{[0-9]*}}, 0.333333{{[0-9]*}}]]
func.func @causal(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %0 = npu_graph.softmax %x axis = 1 causal : tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// The device masks with min(x, -inf) (npu-tile-graph's causal mask): a
// masked element is -inf unless it is NaN, which stays NaN and makes its
// row NaN; the fp32 reference ignores masked elements.
// RUN: %python %S/Inputs/make-npy.py %t/n.npy 2x2 --values 1,nan,1,1
// RUN: npu-interp %s --func masked_nan --input %t/n.npy --print | FileCheck %s --check-prefix=NAN-FP32
// RUN: npu-interp %s --func masked_nan --input %t/n.npy --print --device-numerics | FileCheck %s --check-prefix=NAN-DEVICE
// NAN-FP32: out0 = tensor<2x2xf32> {{\[\[}}1, 0], [0.5, 0.5]]
// NAN-DEVICE: out0 = tensor<2x2xf32> {{\[\[}}nan, nan], [0.5, 0.5]]
func.func @masked_nan(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = npu_graph.softmax %x axis = 1 causal : tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
