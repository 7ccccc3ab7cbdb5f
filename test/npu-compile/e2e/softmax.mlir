// Softmax along the last dimension, plain and causal (with an offset), in
// f32 and bf16, with row counts and lengths that are not multiples of
// anything (37 rows of 45), compiled for npu-tiny and npu-v1, run on the
// simulator and compared with the reference interpreter.
//
// Tolerances (docs/Compiler.md, "Testing compiled programs"):
// A kernel that did not mask would fail both comparisons, whose
// references mask.
// - against the device numerics (npu-interp --device-numerics): exact
//   (rtol = atol = 0). The compiled kernel runs the documented device steps
//   (mask with min, rmax, sub, exp, sequential rsum, recip, mul), each
//   rounded like the interpreter's, in the same order.
// - against the fp32 reference: f32 results within rtol = atol = 2^-16
//   (the fp32 roundings of exp, the sum and the reciprocal, a few fp32 ulps
//   of values <= 1); the bf16 result within rtol = 2^-8, atol = 2^-12 (one
//   bf16 rounding of the result).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 2x3x37x45 --pattern 7,3,61,8
// RUN: npu-interp %s --device-numerics --input %t/x.npy --output %t/d0.npy --output %t/d1.npy --output %t/d2.npy --output %t/d3.npy
// RUN: npu-interp %s --input %t/x.npy --output %t/f0.npy --output %t/f1.npy --output %t/f2.npy --output %t/f3.npy

// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --check out0=%t/d0.npy --check out1=%t/d1.npy --check out2=%t/d2.npy --check out3=%t/d3.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=EXACT
// RUN: npu-run %t/tiny.npub --input %t/x.npy --check out0=%t/f0.npy --check out1=%t/f1.npy --check out2=%t/f2.npy --rtol 1.52587890625e-05 --atol 1.52587890625e-05 | FileCheck %s --check-prefix=F32
// RUN: npu-run %t/tiny.npub --input %t/x.npy --check out3=%t/f3.npy --rtol 0.00390625 --atol 0.000244140625 | FileCheck %s --check-prefix=BF16
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --check out0=%t/d0.npy --check out1=%t/d1.npy --check out2=%t/d2.npy --check out3=%t/d3.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=EXACT
// RUN: npu-run %t/v1.npub --input %t/x.npy --check out0=%t/f0.npy --check out1=%t/f1.npy --check out2=%t/f2.npy --rtol 1.52587890625e-05 --atol 1.52587890625e-05 | FileCheck %s --check-prefix=F32
// RUN: npu-run %t/v1.npub --input %t/x.npy --check out3=%t/f3.npy --rtol 0.00390625 --atol 0.000244140625 | FileCheck %s --check-prefix=BF16
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule -o %t/tiny-sync.npub
// RUN: npu-run %t/tiny-sync.npub --input %t/x.npy --check out0=%t/d0.npy --check out1=%t/d1.npy --check out2=%t/d2.npy --check out3=%t/d3.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=EXACT
// EXACT-COUNT-4: check {{.*}}: PASS {{.*}} mismatches=0/9990
// F32-COUNT-3: check {{.*}}: PASS {{.*}} mismatches=0/9990
// BF16: check {{.*}}: PASS {{.*}} mismatches=0/9990

func.func @softmax(%x: tensor<2x3x37x45xf32>)
    -> (tensor<2x3x37x45xf32>, tensor<2x3x37x45xf32>, tensor<2x3x37x45xf32>,
        tensor<2x3x37x45xbf16>) {
  %p = npu_graph.softmax %x axis = -1 : tensor<2x3x37x45xf32>
  %c = npu_graph.softmax %x axis = 3 causal offset = 5 : tensor<2x3x37x45xf32>
  %z = npu_graph.softmax %x axis = -1 causal : tensor<2x3x37x45xf32>
  %h = npu_graph.cast %x : tensor<2x3x37x45xf32> to tensor<2x3x37x45xbf16>
  %q = npu_graph.softmax %h axis = -1 causal offset = 7 : tensor<2x3x37x45xbf16>
  return %p, %c, %z, %q : tensor<2x3x37x45xf32>, tensor<2x3x37x45xf32>, tensor<2x3x37x45xf32>, tensor<2x3x37x45xbf16>
}
