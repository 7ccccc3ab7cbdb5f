// The software-pipelined fused attention kernel (npu-tile-graph
// pipeline-attention, the default) end to end: groups unrolled, the next
// group's S issued before this group's P V, loads two groups ahead; the
// result is exact against npu-interp --device-numerics (rtol = atol = 0:
// the same device steps in another order).
// - @bf16: causal GQA, 2 batches x 2 key/value heads of 2 query heads,
//   128 queries and keys, d = 32 (four pipelined groups of [256, 128]
//   scores);
// - @f32: the same in f32 with a padding mask [b, 1, 1, skv].
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/q.npy 2x4x128x32 --pattern 7,3,17,4
// RUN: %make_npy %t/k.npy 2x2x128x32 --pattern 11,5,19,4
// RUN: %make_npy %t/v.npy 2x2x128x32 --pattern 13,2,23,8
// RUN: %make_npy %t/m.npy 2x1x1x128 --pattern 3,1,13,4
// RUN: npu-interp %s --device-numerics --input %t/q.npy --input %t/k.npy --input %t/v.npy --input %t/m.npy --output %t/a.npy --output %t/b.npy
// RUN: npu-compile %s --target npu-v1 --emit tile | FileCheck %s --check-prefix=TILE
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --input %t/m.npy --check %t/a.npy --check %t/b.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 --no-dma-schedule -o %t/v1-sync.npub
// RUN: npu-run %t/v1-sync.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --input %t/m.npy --check %t/a.npy --check %t/b.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check out0: PASS max_abs_err=0 {{.*}} mismatches=0/32768
// CHECK: check out1: PASS max_abs_err=0 {{.*}} mismatches=0/32768

// Both kernels are pipelined: two sets of [256, 128] f32 scores each.
// TILE-COUNT-4: npu_tile.alloc {{.*}}: memref<256x128xf32
// TILE-NOT: scf.for

func.func @attn(%q: tensor<2x4x128x32xbf16>, %k: tensor<2x2x128x32xbf16>, %v: tensor<2x2x128x32xbf16>, %m: tensor<2x1x1x128xf32>)
    -> (tensor<2x4x128x32xbf16>, tensor<2x4x128x32xf32>) {
  %a = npu_graph.attention %q, %k, %v scale = 0.176776695 causal : tensor<2x4x128x32xbf16>, tensor<2x2x128x32xbf16>, tensor<2x2x128x32xbf16> -> tensor<2x4x128x32xbf16>
  %q32 = npu_graph.cast %q : tensor<2x4x128x32xbf16> to tensor<2x4x128x32xf32>
  %k32 = npu_graph.cast %k : tensor<2x2x128x32xbf16> to tensor<2x2x128x32xf32>
  %v32 = npu_graph.cast %v : tensor<2x2x128x32xbf16> to tensor<2x2x128x32xf32>
  %b = npu_graph.attention %q32, %k32, %v32 mask %m scale = 0.176776695 : tensor<2x4x128x32xf32>, tensor<2x2x128x32xf32>, tensor<2x2x128x32xf32>, tensor<2x1x1x128xf32> -> tensor<2x4x128x32xf32>
  return %a, %b : tensor<2x4x128x32xbf16>, tensor<2x4x128x32xf32>
}
