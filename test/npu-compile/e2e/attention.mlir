// A causal self-attention block in bf16 with grouped-query heads, sizes that
// are not multiples of the MXU: x [37, 80] -> q (4 heads), k, v (2 heads)
// projections of size 20 -> reshape/transpose to heads -> causal attention
// -> transpose/reshape back -> output projection (a PyTorch-layout weight
// [out, in], read with transpose_b) -> residual add. Compiled for npu-tiny
// and npu-v1, run on the simulator and compared with the reference
// interpreter.
//
// Tolerances (docs/Compiler.md, "Testing compiled programs"):
// - against the device numerics (npu-interp --device-numerics):
//   rtol = atol = 0. The compiled program performs exactly the documented
//   device steps: npu-tile-graph's fused attention kernel (or the
//   decomposition it falls back to) runs the steps the attention's device
//   numerics name, every matmul sums in k order whatever the k tiling, the
//   softmax row sums are sequential and the reshapes and transposes only
//   move bytes. Any difference is a bug.
// - against the fp32 reference: rtol = atol = 2^-5. The device rounds the
//   projections, the attention probabilities and output and the output
//   projection to bf16; on these inputs the two numerics of the reference
//   differ by at most 0.0058 (cosine 0.999997), so the bound has a margin
//   of about 5.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 37x80 --pattern 7,3,17,8
// RUN: %make_npy %t/wq.npy 80x80 --pattern 11,5,19,16
// RUN: %make_npy %t/wk.npy 80x40 --pattern 13,2,23,16
// RUN: %make_npy %t/wv.npy 80x40 --pattern 5,7,21,64
// RUN: %make_npy %t/wo.npy 80x80 --pattern 3,1,25,64
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/wq.npy --input %t/wk.npy --input %t/wv.npy --input %t/wo.npy --output %t/device.npy
// RUN: npu-interp %s --input %t/x.npy --input %t/wq.npy --input %t/wk.npy --input %t/wv.npy --input %t/wo.npy --output %t/fp32.npy

// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/wq.npy --input %t/wk.npy --input %t/wv.npy --input %t/wo.npy --check %t/device.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/wq.npy --input %t/wk.npy --input %t/wv.npy --input %t/wo.npy --check %t/fp32.npy --rtol 0.03125 --atol 0.03125 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub --report %t/v1.json
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/wq.npy --input %t/wk.npy --input %t/wv.npy --input %t/wo.npy --check %t/device.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/wq.npy --input %t/wk.npy --input %t/wv.npy --input %t/wo.npy --check %t/fp32.npy --rtol 0.03125 --atol 0.03125 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule -o %t/tiny-sync.npub
// RUN: npu-run %t/tiny-sync.npub --input %t/x.npy --input %t/wq.npy --input %t/wk.npy --input %t/wv.npy --input %t/wo.npy --check %t/device.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/2960
// The fused attention's work (both matmuls, scale, mask, softmax) is
// reported under the attention. The transposes to heads are views the
// kernel reads its tiles from, and the kernel writes its output through
// the transpose back: neither has work of its own.
// RUN: FileCheck %s --check-prefix=REPORT < %t/v1.json
// REPORT: "op": "npu_graph.transpose",
// REPORT-NEXT: "type": "tensor<4x37x20xbf16>",
// REPORT-NEXT: "est_cycles": null,
// REPORT: "op": "npu_graph.attention",
// REPORT-NEXT: "type": "tensor<1x4x37x20xbf16>",
// REPORT-NEXT: "est_cycles": {{[1-9][0-9]*}},
// REPORT-NEXT: "hbm_bytes": {{[1-9][0-9]*}},
// REPORT: "op": "npu_graph.transpose",
// REPORT-NEXT: "type": "tensor<37x4x20xbf16>",
// REPORT-NEXT: "est_cycles": null,

func.func @attention_block(%x: tensor<37x80xbf16>, %wq: tensor<80x80xbf16>,
                           %wk: tensor<80x40xbf16>, %wv: tensor<80x40xbf16>,
                           %wo: tensor<80x80xbf16>) -> tensor<37x80xbf16> {
  %q0 = npu_graph.matmul %x, %wq : tensor<37x80xbf16>, tensor<80x80xbf16> -> tensor<37x80xbf16>
  %q1 = npu_graph.reshape %q0 : tensor<37x80xbf16> -> tensor<37x4x20xbf16>
  %q2 = npu_graph.transpose %q1 permutation = [1, 0, 2] : tensor<37x4x20xbf16> -> tensor<4x37x20xbf16>
  %q = npu_graph.reshape %q2 : tensor<4x37x20xbf16> -> tensor<1x4x37x20xbf16>
  %k0 = npu_graph.matmul %x, %wk : tensor<37x80xbf16>, tensor<80x40xbf16> -> tensor<37x40xbf16>
  %k1 = npu_graph.reshape %k0 : tensor<37x40xbf16> -> tensor<37x2x20xbf16>
  %k2 = npu_graph.transpose %k1 permutation = [1, 0, 2] : tensor<37x2x20xbf16> -> tensor<2x37x20xbf16>
  %k = npu_graph.reshape %k2 : tensor<2x37x20xbf16> -> tensor<1x2x37x20xbf16>
  %v0 = npu_graph.matmul %x, %wv : tensor<37x80xbf16>, tensor<80x40xbf16> -> tensor<37x40xbf16>
  %v1 = npu_graph.reshape %v0 : tensor<37x40xbf16> -> tensor<37x2x20xbf16>
  %v2 = npu_graph.transpose %v1 permutation = [1, 0, 2] : tensor<37x2x20xbf16> -> tensor<2x37x20xbf16>
  %v = npu_graph.reshape %v2 : tensor<2x37x20xbf16> -> tensor<1x2x37x20xbf16>
  // scale = 1/sqrt(20)
  %a = npu_graph.attention %q, %k, %v scale = 0.22360679774997896 causal : tensor<1x4x37x20xbf16>, tensor<1x2x37x20xbf16>, tensor<1x2x37x20xbf16> -> tensor<1x4x37x20xbf16>
  %a1 = npu_graph.reshape %a : tensor<1x4x37x20xbf16> -> tensor<4x37x20xbf16>
  %a2 = npu_graph.transpose %a1 permutation = [1, 0, 2] : tensor<4x37x20xbf16> -> tensor<37x4x20xbf16>
  %a3 = npu_graph.reshape %a2 : tensor<37x4x20xbf16> -> tensor<37x80xbf16>
  %o = npu_graph.matmul %a3, %wo transpose_b : tensor<37x80xbf16>, tensor<80x80xbf16> -> tensor<37x80xbf16>
  %y = npu_graph.add %o, %x : tensor<37x80xbf16>
  return %y : tensor<37x80xbf16>
}
