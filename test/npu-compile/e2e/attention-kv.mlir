// npu_graph.attention alone, as a decode step after a KV cache: 5 queries
// after 6 cached positions (causal, offset = skv - sq = 6), 6 query heads
// sharing 2 key/value heads (groups of 3), d = 16, dv = 12; in bf16 and, in
// Inputs/attention-kv-f32.mlir, in f32 without the mask (the f32 matmuls
// round their operands to bf16 themselves, so there is no cast). Compiled
// for npu-tiny and npu-v1 and compared with npu-interp --device-numerics
// exactly (rtol = atol = 0, see attention.mlir: the compiled program
// performs the documented device steps).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/q.npy 1x6x5x16 --pattern 7,3,17,4
// RUN: %make_npy %t/k.npy 1x2x11x16 --pattern 11,5,19,4
// RUN: %make_npy %t/v.npy 1x2x11x12 --pattern 13,2,23,8
// RUN: npu-interp %s --device-numerics --input %t/q.npy --input %t/k.npy --input %t/v.npy --output %t/ref.npy
// RUN: npu-interp %S/Inputs/attention-kv-f32.mlir --device-numerics --input %t/q.npy --input %t/k.npy --input %t/v.npy --output %t/ref-f32.npy
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %S/Inputs/attention-kv-f32.mlir --target npu-tiny -o %t/tiny-f32.npub
// RUN: npu-run %t/tiny-f32.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref-f32.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %S/Inputs/attention-kv-f32.mlir --target npu-v1 -o %t/v1-f32.npub
// RUN: npu-run %t/v1-f32.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref-f32.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/360
// The mask matters: the unmasked reference differs.
// RUN: sed 's/ causal offset = 6//' %s > %t/unmasked.mlir
// RUN: npu-interp %t/unmasked.mlir --device-numerics --input %t/q.npy --input %t/k.npy --input %t/v.npy --output %t/unmasked.npy
// RUN: not npu-run %t/v1.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/unmasked.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=UNMASKED
// UNMASKED: check {{.*}}: FAIL
func.func @decode(%q: tensor<1x6x5x16xbf16>, %k: tensor<1x2x11x16xbf16>, %v: tensor<1x2x11x12xbf16>) -> tensor<1x6x5x12xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 2.500000e-01 causal offset = 6 : tensor<1x6x5x16xbf16>, tensor<1x2x11x16xbf16>, tensor<1x2x11x12xbf16> -> tensor<1x6x5x12xbf16>
  return %o : tensor<1x6x5x12xbf16>
}
