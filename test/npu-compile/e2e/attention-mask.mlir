// npu_graph.attention with an additive mask operand, compiled for npu-tiny
// and npu-v1 and compared with npu-interp --device-numerics exactly
// (rtol = atol = 0: the fused kernel adds the mask rows to the scaled
// scores in fp32 before the causal mask and the softmax, as the op's device
// numerics say; the f32 attention goes through the same kernel, its q, k
// and v rounded to bf16 in SRAM).
// - %a: a BERT-style padding mask [b, 1, 1, skv] (0 or -3e38, a different
//   padding per sequence): one mask row per batch, loaded once per batch
//   and broadcast over the rows of the two stacked heads of a group;
// - %b: a mask per query row [b, 1, sq, skv], with causal (offset 8):
//   the same rows added to each stacked head;
// - %c: a mask per head and row [1, hq, sq, skv], broadcast over the batch;
// - %d: the padding mask on f32 attention (an f32 mask row);
// - %e: a per-row mask with several query tiles per head on npu-tiny (44
//   queries after 980 cached positions, skv = 1024, causal): each tile
//   loads its own mask rows.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/q.npy 2x4x16x32 --pattern 7,3,17,4
// RUN: %make_npy %t/k.npy 2x2x24x32 --pattern 11,5,19,4
// RUN: %make_npy %t/v.npy 2x2x24x32 --pattern 13,2,23,8
// RUN: %make_npy %t/pad.npy 2x1x1x24 --values 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,-3e38,-3e38,-3e38,-3e38,0,0,0,0,0,0,0,0,0,0,0,0,0,0,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38
// RUN: %make_npy %t/rows.npy 2x1x16x24 --pattern 5,1,9,2
// RUN: %make_npy %t/heads.npy 1x4x16x24 --pattern 7,2,11,4
// RUN: %make_npy %t/q2.npy 1x2x44x32 --pattern 7,3,17,4
// RUN: %make_npy %t/k2.npy 1x1x1024x32 --pattern 11,5,19,4
// RUN: %make_npy %t/v2.npy 1x1x1024x32 --pattern 13,2,23,8
// RUN: %make_npy %t/m2.npy 1x1x44x1024 --pattern 3,1,13,4
// RUN: npu-interp %s --device-numerics --input %t/q.npy --input %t/k.npy --input %t/v.npy --input %t/pad.npy --input %t/rows.npy --input %t/heads.npy --input %t/q2.npy --input %t/k2.npy --input %t/v2.npy --input %t/m2.npy --output %t/a.npy --output %t/b.npy --output %t/c.npy --output %t/d.npy --output %t/e.npy
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --input %t/pad.npy --input %t/rows.npy --input %t/heads.npy --input %t/q2.npy --input %t/k2.npy --input %t/v2.npy --input %t/m2.npy --check %t/a.npy --check %t/b.npy --check %t/c.npy --check %t/d.npy --check %t/e.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule -o %t/tiny-sync.npub
// RUN: npu-run %t/tiny-sync.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --input %t/pad.npy --input %t/rows.npy --input %t/heads.npy --input %t/q2.npy --input %t/k2.npy --input %t/v2.npy --input %t/m2.npy --check %t/a.npy --check %t/b.npy --check %t/c.npy --check %t/d.npy --check %t/e.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --input %t/pad.npy --input %t/rows.npy --input %t/heads.npy --input %t/q2.npy --input %t/k2.npy --input %t/v2.npy --input %t/m2.npy --check %t/a.npy --check %t/b.npy --check %t/c.npy --check %t/d.npy --check %t/e.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/4096
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/4096
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/4096
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/4096
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/2816

// The mask changes the result: without it (a zero mask) %a differs.
// RUN: %make_npy %t/nopad.npy 2x1x1x24 --pattern 1,0,1,1
// RUN: not npu-run %t/v1.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --input %t/nopad.npy --input %t/rows.npy --input %t/heads.npy --input %t/q2.npy --input %t/k2.npy --input %t/v2.npy --input %t/m2.npy --check %t/a.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=DIFF
// DIFF: check {{.*}}: FAIL

// The bf16 attentions take the fused kernel (no HBM scores): the padding
// mask is one [1, 24] row per batch added with a row broadcast.
// RUN: npu-compile %s --target npu-v1 --no-dma-schedule --emit tile -o - | FileCheck %s --check-prefix=TILE
// TILE-LABEL: func.func @main
// TILE: npu_tile.matmul bf16 {{.*}} transpose_b : memref<32x32xbf16, #sram>, memref<24x32xbf16, #sram>, memref<32x24xf32, #sram>
// TILE: npu_tile.vpu.binary mul
// TILE-NEXT: npu_tile.vpu.binary add {{.*}}, row {{.*}} : memref<32x24xf32, #sram>, memref<1x24xbf16, #sram>, memref<32x24xf32, #sram>
// TILE-NEXT: npu_tile.vpu.reduce max
func.func @main(%q: tensor<2x4x16x32xbf16>, %k: tensor<2x2x24x32xbf16>,
                %v: tensor<2x2x24x32xbf16>, %pad: tensor<2x1x1x24xbf16>,
                %rows: tensor<2x1x16x24xbf16>, %heads: tensor<1x4x16x24xbf16>,
                %q2: tensor<1x2x44x32xbf16>, %k2: tensor<1x1x1024x32xbf16>,
                %v2: tensor<1x1x1024x32xbf16>, %m2: tensor<1x1x44x1024xbf16>)
    -> (tensor<2x4x16x32xbf16>, tensor<2x4x16x32xbf16>, tensor<2x4x16x32xbf16>,
        tensor<2x4x16x32xf32>, tensor<1x2x44x32xbf16>) {
  %a = npu_graph.attention %q, %k, %v mask %pad scale = 1.767767e-01 : tensor<2x4x16x32xbf16>, tensor<2x2x24x32xbf16>, tensor<2x2x24x32xbf16>, tensor<2x1x1x24xbf16> -> tensor<2x4x16x32xbf16>
  %b = npu_graph.attention %q, %k, %v mask %rows scale = 1.767767e-01 causal offset = 8 : tensor<2x4x16x32xbf16>, tensor<2x2x24x32xbf16>, tensor<2x2x24x32xbf16>, tensor<2x1x16x24xbf16> -> tensor<2x4x16x32xbf16>
  %c = npu_graph.attention %q, %k, %v mask %heads scale = 1.767767e-01 : tensor<2x4x16x32xbf16>, tensor<2x2x24x32xbf16>, tensor<2x2x24x32xbf16>, tensor<1x4x16x24xbf16> -> tensor<2x4x16x32xbf16>
  %qf = npu_graph.cast %q : tensor<2x4x16x32xbf16> to tensor<2x4x16x32xf32>
  %kf = npu_graph.cast %k : tensor<2x2x24x32xbf16> to tensor<2x2x24x32xf32>
  %vf = npu_graph.cast %v : tensor<2x2x24x32xbf16> to tensor<2x2x24x32xf32>
  %padf = npu_graph.cast %pad : tensor<2x1x1x24xbf16> to tensor<2x1x1x24xf32>
  %d = npu_graph.attention %qf, %kf, %vf mask %padf scale = 1.767767e-01 : tensor<2x4x16x32xf32>, tensor<2x2x24x32xf32>, tensor<2x2x24x32xf32>, tensor<2x1x1x24xf32> -> tensor<2x4x16x32xf32>
  %e = npu_graph.attention %q2, %k2, %v2 mask %m2 scale = 1.767767e-01 causal offset = 980 : tensor<1x2x44x32xbf16>, tensor<1x1x1024x32xbf16>, tensor<1x1x1024x32xbf16>, tensor<1x1x44x1024xbf16> -> tensor<1x2x44x32xbf16>
  return %a, %b, %c, %d, %e : tensor<2x4x16x32xbf16>, tensor<2x4x16x32xbf16>, tensor<2x4x16x32xbf16>, tensor<2x4x16x32xf32>, tensor<1x2x44x32xbf16>
}
