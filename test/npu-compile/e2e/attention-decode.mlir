// The fused attention kernel on a batched single-token decode step: batch
// 2, 6 query heads on 2 key/value heads (groups of 3 stacked into one
// [3, 16] query tile), one query after 36 cached positions (causal,
// offset = 36: nothing masked), d = 16, dv = 8. Compared with
// npu-interp --device-numerics exactly (rtol = atol = 0, see attention.mlir).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/q.npy 2x6x1x16 --pattern 7,3,17,4
// RUN: %make_npy %t/k.npy 2x2x37x16 --pattern 11,5,19,4
// RUN: %make_npy %t/v.npy 2x2x37x8 --pattern 13,2,23,8
// RUN: npu-interp %s --device-numerics --input %t/q.npy --input %t/k.npy --input %t/v.npy --output %t/ref.npy
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/q.npy --input %t/k.npy --input %t/v.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/96
// RUN: npu-compile %s --target npu-tiny --emit tile -o - | FileCheck %s --check-prefix=TILE
// TILE-NOT: __causal_mask
// TILE-LABEL: func.func @decode
// TILE-NOT: memref.alloc()
// TILE: npu_tile.matmul bf16 {{.*}} : memref<3x16xbf16, #sram>, memref<37x16xbf16, #sram>, memref<3x37xf32, #sram>
// TILE: return
func.func @decode(%q: tensor<2x6x1x16xbf16>, %k: tensor<2x2x37x16xbf16>, %v: tensor<2x2x37x8xbf16>) -> tensor<2x6x1x8xbf16> {
  %o = npu_graph.attention %q, %k, %v scale = 2.500000e-01 causal offset = 36 : tensor<2x6x1x16xbf16>, tensor<2x2x37x16xbf16>, tensor<2x2x37x8xbf16> -> tensor<2x6x1x8xbf16>
  return %o : tensor<2x6x1x8xbf16>
}
