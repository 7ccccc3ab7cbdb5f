// matmul with transpose_b (B given as [n, k], the layout of K in Q.K^T and
// of PyTorch Linear weights) with sizes that are not multiples of the MXU,
// compiled for npu-tiny and npu-v1, run on the simulator and compared with
// the reference interpreter. B's tiles are loaded as stored and multiplied
// with the MXU's tb mode; nothing is transposed.
//
// Exact comparison (--rtol 0 --atol 0) as in matmul-odd.mlir: with these
// inputs (multiples of 1/8 below 1) every product and partial sum is exact
// in fp32, so any difference is a bug.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 100x130 --pattern 7,3,15,8
// RUN: %make_npy %t/w.npy 70x130 --pattern 11,5,13,8
// RUN: %make_npy %t/xb.npy 3x37x29 --pattern 5,1,11,8
// RUN: %make_npy %t/kb.npy 3x45x29 --pattern 3,2,13,8
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/w.npy --output %t/ref.npy
// RUN: npu-interp %S/Inputs/matmul-transpose-b-batched.mlir --device-numerics --input %t/xb.npy --input %t/kb.npy --output %t/refb.npy

// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/w.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/w.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule -o %t/tiny-sync.npub
// RUN: npu-run %t/tiny-sync.npub --input %t/x.npy --input %t/w.npy --check %t/ref.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/7000
func.func @main(%x: tensor<100x130xbf16>, %w: tensor<70x130xbf16>) -> tensor<100x70xf32> {
  %0 = npu_graph.matmul %x, %w transpose_b : tensor<100x130xbf16>, tensor<70x130xbf16> -> tensor<100x70xf32>
  return %0 : tensor<100x70xf32>
}

// Batched, bf16 result (one rounding of an exact value: still exact).
// RUN: npu-compile %S/Inputs/matmul-transpose-b-batched.mlir --target npu-v1 -o %t/v1-b.npub
// RUN: npu-run %t/v1-b.npub --input %t/xb.npy --input %t/kb.npy --check %t/refb.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=BATCHED
// RUN: npu-compile %S/Inputs/matmul-transpose-b-batched.mlir --target npu-tiny -o %t/tiny-b.npub
// RUN: npu-run %t/tiny-b.npub --input %t/xb.npy --input %t/kb.npy --check %t/refb.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=BATCHED
// BATCHED: check {{.*}}: PASS {{.*}} mismatches=0/4995
// f32 activations [3, 37, 29] times a shared f32 [45, 29] weight (a Linear
// layer): the weight tile is loaded once, the f32 tiles rounded to bf16.
// RUN: %make_npy %t/wl.npy 45x29 --pattern 3,2,13,8
// RUN: npu-interp %S/Inputs/matmul-transpose-b-linear.mlir --device-numerics --input %t/xb.npy --input %t/wl.npy --output %t/refl.npy
// RUN: npu-compile %S/Inputs/matmul-transpose-b-linear.mlir --target npu-v1 -o %t/v1-l.npub
// RUN: npu-run %t/v1-l.npub --input %t/xb.npy --input %t/wl.npy --check %t/refl.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=BATCHED
// RUN: npu-compile %S/Inputs/matmul-transpose-b-linear.mlir --target npu-tiny -o %t/tiny-l.npub
// RUN: npu-run %t/tiny-l.npub --input %t/xb.npy --input %t/wl.npy --check %t/refl.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=BATCHED
