// Rows so long that only one row fits in npu-tiny's SRAM, and only with a
// single buffer (bf16 input, f32 work and bf16 mask rows of 20000: 160 KB
// of 240 KB): planRowOp falls back from double buffering to one buffer and
// one-row tiles. A decode-like causal softmax (3 queries after 19990
// cached positions); exact against the device numerics.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 3x20000 --pattern 7,3,61,8
// RUN: npu-interp %s --device-numerics --input %t/x.npy --output %t/device.npy
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --check %t/device.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s --check-prefix=TILE
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/60000
// TILE: memref.global "private" constant @__causal_mask : memref<1x20002xbf16
// TILE: npu_tile.alloc : memref<1x20000xf32
// TILE: scf.for %[[R:.+]] = %{{.+}} to %{{.+}} step
// TILE-NEXT: arith.subi %{{.+}}, %[[R]]
// TILE-NEXT: npu_tile.alloc : memref<1x20000xbf16
func.func @long(%x: tensor<3x20000xbf16>) -> tensor<3x20000xbf16> {
  %y = npu_graph.softmax %x axis = -1 causal offset = 19990 : tensor<3x20000xbf16>
  return %y : tensor<3x20000xbf16>
}
