// Row ops between matmuls: rms_norm (with gamma), matmul, softmax over
// the f32 scores, cast, matmul, residual add and layer_norm, all through
// HBM intermediates, compiled for npu-tiny and npu-v1 and compared with
// the reference interpreter.
//
// Tolerances (docs/Compiler.md, "Testing compiled programs"):
// - against the device numerics: exact (rtol = atol = 0). Every step,
//   including the MXU's sequential fp32 sums, rounds as the interpreter's
//   device numerics do.
// - against the fp32 reference: rtol = atol = 2^-5, as for the MLP block:
//   the device rounds the normalised input, the probabilities and the
//   second matmul's result to bf16; on these inputs the two numerics of the
//   interpreter differ by at most 0.0067 (cosine 0.999998).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 20x72 --pattern 7,3,17,8
// RUN: %make_npy %t/g.npy 72 --pattern 5,9,13,8
// RUN: %make_npy %t/w1.npy 72x200 --pattern 11,5,19,64
// RUN: %make_npy %t/w2.npy 200x72 --pattern 13,2,23,64
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/g.npy --input %t/w1.npy --input %t/w2.npy --output %t/device.npy
// RUN: npu-interp %s --input %t/x.npy --input %t/g.npy --input %t/w1.npy --input %t/w2.npy --output %t/fp32.npy

// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/g.npy --input %t/w1.npy --input %t/w2.npy --check %t/device.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/g.npy --input %t/w1.npy --input %t/w2.npy --check %t/fp32.npy --rtol 0.03125 --atol 0.03125 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/g.npy --input %t/w1.npy --input %t/w2.npy --check %t/device.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/g.npy --input %t/w1.npy --input %t/w2.npy --check %t/fp32.npy --rtol 0.03125 --atol 0.03125 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/1440

func.func @block(%x: tensor<20x72xbf16>, %g: tensor<72xbf16>,
                 %w1: tensor<72x200xbf16>, %w2: tensor<200x72xbf16>)
    -> tensor<20x72xbf16> {
  %n = npu_graph.rms_norm %x gamma(%g : tensor<72xbf16>) epsilon = 1.0e-6 : tensor<20x72xbf16>
  %0 = npu_graph.matmul %n, %w1 : tensor<20x72xbf16>, tensor<72x200xbf16> -> tensor<20x200xf32>
  %p = npu_graph.softmax %0 axis = -1 : tensor<20x200xf32>
  %h = npu_graph.cast %p : tensor<20x200xf32> to tensor<20x200xbf16>
  %3 = npu_graph.matmul %h, %w2 : tensor<20x200xbf16>, tensor<200x72xbf16> -> tensor<20x72xbf16>
  %4 = npu_graph.add %3, %x : tensor<20x72xbf16>
  %5 = npu_graph.layer_norm %4 epsilon = 1.0e-5 : tensor<20x72xbf16>
  return %5 : tensor<20x72xbf16>
}
