// layer_norm and rms_norm over rows of 72, with and without gamma/beta (f32
// and bf16 parameters), in f32 and bf16, 5 x 29 rows (not a multiple of
// anything), compiled for npu-tiny and npu-v1, run on the simulator and
// compared with the reference interpreter.
//
// Tolerances (docs/Compiler.md, "Testing compiled programs"):
// - against the device numerics (npu-interp --device-numerics): exact
//   (rtol = atol = 0). The kernel runs the documented device steps (rsum
//   sequential from the first element, fp32(1 / n), rsqrt, then gamma and
//   beta), each rounded like the interpreter's.
// - against the fp32 reference: f32 results within rtol = atol = 2^-14
//   (fp32 roundings of the mean, variance and rsqrt of values of order 1;
//   an element near 0 after centring only has the absolute error); bf16
//   results within rtol = atol = 2^-7 (one bf16 ulp: the result is rounded
//   once to bf16).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 5x29x72 --pattern 7,3,61,16
// RUN: %make_npy %t/g.npy 72 --pattern 5,9,13,8
// RUN: %make_npy %t/b.npy 72 --pattern 3,1,9,16
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/g.npy --input %t/b.npy --output %t/d0.npy --output %t/d1.npy --output %t/d2.npy --output %t/d3.npy
// RUN: npu-interp %s --input %t/x.npy --input %t/g.npy --input %t/b.npy --output %t/f0.npy --output %t/f1.npy --output %t/f2.npy --output %t/f3.npy

// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/g.npy --input %t/b.npy --check out0=%t/d0.npy --check out1=%t/d1.npy --check out2=%t/d2.npy --check out3=%t/d3.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=EXACT
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/g.npy --input %t/b.npy --check out0=%t/f0.npy --check out1=%t/f1.npy --rtol 6.103515625e-05 --atol 6.103515625e-05 | FileCheck %s --check-prefix=F32
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/g.npy --input %t/b.npy --check out2=%t/f2.npy --check out3=%t/f3.npy --rtol 0.0078125 --atol 0.0078125 | FileCheck %s --check-prefix=BF16
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/g.npy --input %t/b.npy --check out0=%t/d0.npy --check out1=%t/d1.npy --check out2=%t/d2.npy --check out3=%t/d3.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=EXACT
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/g.npy --input %t/b.npy --check out0=%t/f0.npy --check out1=%t/f1.npy --rtol 6.103515625e-05 --atol 6.103515625e-05 | FileCheck %s --check-prefix=F32
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/g.npy --input %t/b.npy --check out2=%t/f2.npy --check out3=%t/f3.npy --rtol 0.0078125 --atol 0.0078125 | FileCheck %s --check-prefix=BF16
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule -o %t/tiny-sync.npub
// RUN: npu-run %t/tiny-sync.npub --input %t/x.npy --input %t/g.npy --input %t/b.npy --check out0=%t/d0.npy --check out1=%t/d1.npy --check out2=%t/d2.npy --check out3=%t/d3.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=EXACT
// EXACT-COUNT-4: check {{.*}}: PASS {{.*}} mismatches=0/10440
// F32-COUNT-2: check {{.*}}: PASS {{.*}} mismatches=0/10440
// BF16-COUNT-2: check {{.*}}: PASS {{.*}} mismatches=0/10440

func.func @norms(%x: tensor<5x29x72xf32>, %g: tensor<72xf32>, %b: tensor<72xf32>)
    -> (tensor<5x29x72xf32>, tensor<5x29x72xf32>, tensor<5x29x72xbf16>,
        tensor<5x29x72xbf16>) {
  %ln = npu_graph.layer_norm %x gamma(%g : tensor<72xf32>) beta(%b : tensor<72xf32>) epsilon = 1.0e-5 : tensor<5x29x72xf32>
  %rms = npu_graph.rms_norm %x epsilon = 1.0e-6 : tensor<5x29x72xf32>
  %h = npu_graph.cast %x : tensor<5x29x72xf32> to tensor<5x29x72xbf16>
  %gh = npu_graph.cast %g : tensor<72xf32> to tensor<72xbf16>
  %lnh = npu_graph.layer_norm %h beta(%b : tensor<72xf32>) epsilon = 1.0e-5 : tensor<5x29x72xbf16>
  %rmsh = npu_graph.rms_norm %h gamma(%gh : tensor<72xbf16>) epsilon = 1.0e-6 : tensor<5x29x72xbf16>
  return %ln, %rms, %lnh, %rmsh : tensor<5x29x72xf32>, tensor<5x29x72xf32>, tensor<5x29x72xbf16>, tensor<5x29x72xbf16>
}
