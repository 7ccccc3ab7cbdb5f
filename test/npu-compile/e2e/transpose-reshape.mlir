// npu_graph.transpose and npu_graph.reshape through the compiler, on
// npu-tiny and npu-v1, compared with the reference interpreter:
// - %t keeps the last dim (a DMA of whole 8-element rows), is an output and
//   is reshaped (a view: no copy) into a matmul operand;
// - %wt swaps the last two dims of a weight that only the matmul reads: it
//   is not lowered, the matmul reads %w with transpose_b;
// - %e and %f move the last dim (element-granular DMA runs); %f is rank 5,
//   so the copy is looped over its two leading dims.
// The data movement is exact and the matmul sums are exact with these
// inputs (multiples of 1/8 below 1), so the comparison is exact.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 6x20x8 --pattern 7,3,15,8
// RUN: %make_npy %t/w.npy 30x48 --pattern 11,5,13,8
// RUN: %make_npy %t/y.npy 2x3x4x5x6 --pattern 5,1,17,8
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/w.npy --input %t/y.npy --output %t/m.npy --output %t/e.npy --output %t/t.npy --output %t/f.npy
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/w.npy --input %t/y.npy --check %t/m.npy --check %t/e.npy --check %t/t.npy --check %t/f.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/w.npy --input %t/y.npy --check %t/m.npy --check %t/e.npy --check %t/t.npy --check %t/f.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule -o %t/tiny-sync.npub
// RUN: npu-run %t/tiny-sync.npub --input %t/x.npy --input %t/w.npy --input %t/y.npy --check %t/m.npy --check %t/e.npy --check %t/t.npy --check %t/f.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/600
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/960
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/960
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/720
func.func @main(%x: tensor<6x20x8xbf16>, %w: tensor<30x48xbf16>, %y: tensor<2x3x4x5x6xf32>)
    -> (tensor<20x30xf32>, tensor<8x6x20xbf16>, tensor<20x6x8xbf16>, tensor<2x5x3x6x4xf32>) {
  %t = npu_graph.transpose %x permutation = [1, 0, 2] : tensor<6x20x8xbf16> -> tensor<20x6x8xbf16>
  %r = npu_graph.reshape %t : tensor<20x6x8xbf16> -> tensor<20x48xbf16>
  %wt = npu_graph.transpose %w permutation = [1, 0] : tensor<30x48xbf16> -> tensor<48x30xbf16>
  %m = npu_graph.matmul %r, %wt : tensor<20x48xbf16>, tensor<48x30xbf16> -> tensor<20x30xf32>
  %e = npu_graph.transpose %x permutation = [2, 0, 1] : tensor<6x20x8xbf16> -> tensor<8x6x20xbf16>
  %f = npu_graph.transpose %y permutation = [0, 3, 1, 4, 2] : tensor<2x3x4x5x6xf32> -> tensor<2x5x3x6x4xf32>
  return %m, %e, %t, %f : tensor<20x30xf32>, tensor<8x6x20xbf16>, tensor<20x6x8xbf16>, tensor<2x5x3x6x4xf32>
}
