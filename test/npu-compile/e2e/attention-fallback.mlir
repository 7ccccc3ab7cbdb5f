// An attention whose keys and values do not fit in SRAM with the fused
// kernel: on npu-tiny (256 KiB of SRAM) K and V of 1024 positions with
// d = dv = 64 are 256 KiB, so npu-tile-graph decomposes it (matmul, scale,
// softmax, cast, matmul with HBM intermediates) while npu-v1 fuses it. 8
// queries per head, 2 query heads on 1 key/value head, causal with
// offset = 1016. Both compared with npu-interp --device-numerics exactly
// (rtol = atol = 0, see attention.mlir).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/q.npy 1x2x8x64 --pattern 7,3,17,4
// RUN: %make_npy %t/k.npy 1x1x1024x64 --pattern 11,5,19,4
// RUN: %make_npy %t/v.npy 1x1x1024x64 --pattern 13,2,23,8
// RUN: npu-interp %s --device-numerics --input %t/q.npy --input %t/k.npy --input %t/v.npy --output %t/ref.npy
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/1024
// npu-tiny: the decomposition's f32 scores and probabilities go through HBM.
// RUN: npu-compile %s --target npu-tiny --emit tile -o - | FileCheck %s --check-prefix=TINY
// TINY-LABEL: func.func @long
// TINY: memref.alloc() {{.*}}: memref<1x1x16x1024xf32
// npu-v1: fused, no HBM intermediate.
// RUN: npu-compile %s --target npu-v1 --emit tile -o - | FileCheck %s --check-prefix=V1
// V1-LABEL: func.func @long
// V1-NOT: memref.alloc()
// V1: return
func.func @long(%q: tensor<1x2x8x64xbf16>, %k: tensor<1x1x1024x64xbf16>, %v: tensor<1x1x1024x64xbf16>) -> tensor<1x2x8x64xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 1.250000e-01 causal offset = 1016 : tensor<1x2x8x64xbf16>, tensor<1x1x1024x64xbf16>, tensor<1x1x1024x64xbf16> -> tensor<1x2x8x64xbf16>
  return %o : tensor<1x2x8x64xbf16>
}
