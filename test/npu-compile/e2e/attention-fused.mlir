// The fused attention kernel of npu-tile-graph with several query tiles per
// head: 2 query heads sharing 1 key/value head, 44 queries after 980 cached
// positions (causal, offset = 980), skv = 1024, d = dv = 32 in bf16. On
// npu-tiny K and V (128 KiB) fit in SRAM with a few query rows' scores, so
// the kernel runs with query tiles smaller than 44 and an edge tile (each
// with its columns of the causal mask strip); on npu-v1 every head is one
// query tile. Compared with npu-interp --device-numerics exactly
// (rtol = atol = 0): the kernel performs the documented device steps (see
// attention.mlir).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/q.npy 1x2x44x32 --pattern 7,3,17,4
// RUN: %make_npy %t/k.npy 1x1x1024x32 --pattern 11,5,19,4
// RUN: %make_npy %t/v.npy 1x1x1024x32 --pattern 13,2,23,8
// RUN: npu-interp %s --device-numerics --input %t/q.npy --input %t/k.npy --input %t/v.npy --output %t/ref.npy
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule -o %t/tiny-sync.npub
// RUN: npu-run %t/tiny-sync.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/2816
// The fused kernel is used: no HBM intermediate (scores or probabilities),
// the query tiles are a loop, the mask comes from the strip.
// (npu-schedule-dma would unroll this short loop into straight code.)
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule --emit tile -o - | FileCheck %s --check-prefix=TILE
// TILE: memref.global "private" constant @__causal_mask
// TILE-LABEL: func.func @decode
// TILE-NOT: memref.alloc()
// TILE: scf.for
// TILE: npu_tile.matmul bf16 {{.*}} transpose_b
// TILE: npu_tile.vpu.reduce
// TILE: npu_tile.matmul bf16
// TILE-NOT: memref.alloc()
// TILE: return
func.func @decode(%q: tensor<1x2x44x32xbf16>, %k: tensor<1x1x1024x32xbf16>, %v: tensor<1x1x1024x32xbf16>) -> tensor<1x2x44x32xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 1.767767e-01 causal offset = 980 : tensor<1x2x44x32xbf16>, tensor<1x1x1024x32xbf16>, tensor<1x1x1024x32xbf16> -> tensor<1x2x44x32xbf16>
  return %o : tensor<1x2x44x32xbf16>
}
