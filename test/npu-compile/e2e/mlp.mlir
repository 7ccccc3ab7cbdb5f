// An MLP block (matmul, bias, gelu, matmul, residual add) in bf16, with
// sizes that are not multiples of the MXU, compiled for npu-tiny and
// npu-v1, run on the simulator and compared with the reference interpreter.
//
// Tolerances (docs/Compiler.md, "npu-compile"):
// - against the device numerics (npu-interp --device-numerics):
//   rtol = atol = 2^-7, one bf16 ulp of the O(1) values here. A program that
//   follows the documented device steps matches bit for bit; the margin
//   allows one different rounding of an intermediate (e.g. another order of
//   fp32 additions in the second matmul, whose sums are not exact).
// - against the fp32 reference: rtol = atol = 2^-5. The device rounds the
//   three intermediates to bf16; on these inputs the two numerics of the
//   reference differ by at most 0.0055 (cosine 0.999998).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 20x72 --pattern 7,3,17,8
// RUN: %make_npy %t/w1.npy 72x200 --pattern 11,5,19,64
// RUN: %make_npy %t/b1.npy 200 --pattern 3,1,9,16
// RUN: %make_npy %t/w2.npy 200x72 --pattern 13,2,23,64
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/w1.npy --input %t/b1.npy --input %t/w2.npy --output %t/device.npy
// RUN: npu-interp %s --input %t/x.npy --input %t/w1.npy --input %t/b1.npy --input %t/w2.npy --output %t/fp32.npy

// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/w1.npy --input %t/b1.npy --input %t/w2.npy --check %t/device.npy --rtol 0.0078125 --atol 0.0078125 | FileCheck %s
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/w1.npy --input %t/b1.npy --input %t/w2.npy --check %t/fp32.npy --rtol 0.03125 --atol 0.03125 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/w1.npy --input %t/b1.npy --input %t/w2.npy --check %t/device.npy --rtol 0.0078125 --atol 0.0078125 | FileCheck %s
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/w1.npy --input %t/b1.npy --input %t/w2.npy --check %t/fp32.npy --rtol 0.03125 --atol 0.03125 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 --no-dma-schedule -o %t/v1-sync.npub
// RUN: npu-run %t/v1-sync.npub --input %t/x.npy --input %t/w1.npy --input %t/b1.npy --input %t/w2.npy --check %t/device.npy --rtol 0.0078125 --atol 0.0078125 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/1440

func.func @mlp(%x: tensor<20x72xbf16>, %w1: tensor<72x200xbf16>,
               %b1: tensor<200xbf16>, %w2: tensor<200x72xbf16>)
    -> tensor<20x72xbf16> {
  %0 = npu_graph.matmul %x, %w1 : tensor<20x72xbf16>, tensor<72x200xbf16> -> tensor<20x200xbf16>
  %1 = npu_graph.add %0, %b1 : tensor<20x200xbf16>, tensor<200xbf16> -> tensor<20x200xbf16>
  %2 = npu_graph.gelu %1 : tensor<20x200xbf16>
  %3 = npu_graph.matmul %2, %w2 : tensor<20x200xbf16>, tensor<200x72xbf16> -> tensor<20x72xbf16>
  %4 = npu_graph.add %3, %x : tensor<20x72xbf16>
  return %4 : tensor<20x72xbf16>
}
