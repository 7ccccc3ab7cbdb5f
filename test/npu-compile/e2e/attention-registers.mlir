// A causal self-attention block in bf16 whose lowering for npu-tiny with
// DMA scheduling needs more scalar registers over the whole program than
// the 31 the target has (it failed with "out of scalar registers" when
// every address register lived for the whole program): x [128, 256] ->
// q (8 heads of 32), k, v (2 heads) -> causal attention -> output
// projection (transpose_b) -> residual add. The registers of one top-level
// loop are reused by the next ones. Compiled for npu-tiny with and without
// DMA scheduling, run on the simulator and compared bit-exactly with the
// reference interpreter's device numerics (rtol = atol = 0: the compiled
// program performs exactly the documented device steps, as in
// attention.mlir; any difference is a bug).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 128x256 --pattern 7,3,17,8
// RUN: %make_npy %t/wq.npy 256x256 --pattern 11,5,19,16
// RUN: %make_npy %t/wk.npy 256x64 --pattern 13,2,23,16
// RUN: %make_npy %t/wv.npy 256x64 --pattern 5,7,21,64
// RUN: %make_npy %t/wo.npy 256x256 --pattern 3,1,25,64
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/wq.npy --input %t/wk.npy --input %t/wv.npy --input %t/wo.npy --output %t/device.npy
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/wq.npy --input %t/wk.npy --input %t/wv.npy --input %t/wo.npy --check %t/device.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule -o %t/tiny-sync.npub
// RUN: npu-run %t/tiny-sync.npub --input %t/x.npy --input %t/wq.npy --input %t/wk.npy --input %t/wv.npy --input %t/wo.npy --check %t/device.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/32768

func.func @attention_registers(%x: tensor<128x256xbf16>, %wq: tensor<256x256xbf16>,
                %wk: tensor<256x64xbf16>, %wv: tensor<256x64xbf16>,
                %wo: tensor<256x256xbf16>) -> tensor<128x256xbf16> {
  %q0 = npu_graph.matmul %x, %wq : tensor<128x256xbf16>, tensor<256x256xbf16> -> tensor<128x256xbf16>
  %q1 = npu_graph.reshape %q0 : tensor<128x256xbf16> -> tensor<128x8x32xbf16>
  %q2 = npu_graph.transpose %q1 permutation = [1, 0, 2] : tensor<128x8x32xbf16> -> tensor<8x128x32xbf16>
  %q = npu_graph.reshape %q2 : tensor<8x128x32xbf16> -> tensor<1x8x128x32xbf16>
  %k0 = npu_graph.matmul %x, %wk : tensor<128x256xbf16>, tensor<256x64xbf16> -> tensor<128x64xbf16>
  %k1 = npu_graph.reshape %k0 : tensor<128x64xbf16> -> tensor<128x2x32xbf16>
  %k2 = npu_graph.transpose %k1 permutation = [1, 0, 2] : tensor<128x2x32xbf16> -> tensor<2x128x32xbf16>
  %k = npu_graph.reshape %k2 : tensor<2x128x32xbf16> -> tensor<1x2x128x32xbf16>
  %v0 = npu_graph.matmul %x, %wv : tensor<128x256xbf16>, tensor<256x64xbf16> -> tensor<128x64xbf16>
  %v1 = npu_graph.reshape %v0 : tensor<128x64xbf16> -> tensor<128x2x32xbf16>
  %v2 = npu_graph.transpose %v1 permutation = [1, 0, 2] : tensor<128x2x32xbf16> -> tensor<2x128x32xbf16>
  %v = npu_graph.reshape %v2 : tensor<2x128x32xbf16> -> tensor<1x2x128x32xbf16>
  // scale = 1/sqrt(32)
  %a = npu_graph.attention %q, %k, %v scale = 0.17677669529663687 causal : tensor<1x8x128x32xbf16>, tensor<1x2x128x32xbf16>, tensor<1x2x128x32xbf16> -> tensor<1x8x128x32xbf16>
  %a1 = npu_graph.reshape %a : tensor<1x8x128x32xbf16> -> tensor<8x128x32xbf16>
  %a2 = npu_graph.transpose %a1 permutation = [1, 0, 2] : tensor<8x128x32xbf16> -> tensor<128x8x32xbf16>
  %a3 = npu_graph.reshape %a2 : tensor<128x8x32xbf16> -> tensor<128x256xbf16>
  %o = npu_graph.matmul %a3, %wo transpose_b : tensor<128x256xbf16>, tensor<256x256xbf16> -> tensor<128x256xbf16>
  %y = npu_graph.add %o, %x : tensor<128x256xbf16>
  return %y : tensor<128x256xbf16>
}
