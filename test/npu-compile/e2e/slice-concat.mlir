// npu_graph.slice and npu_graph.concat through the compiler, on npu-tiny and
// npu-v1, compared with the reference interpreter (the data movement is
// exact, so the comparison is exact):
// - %s slices rows and columns of %x with unit steps (row runs);
// - %st steps by 2 along the rows and by 3 along the last dim (element
//   runs);
// - %h is a rank-5 slice (looped: more strided dims than one dma.copy has);
// - %c concatenates along the last axis, %d along the first, one of them a
//   slice (copied into its part of the output).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 6x20x8 --pattern 7,3,15,8
// RUN: %make_npy %t/y.npy 6x20x5 --pattern 11,5,13,8
// RUN: %make_npy %t/z.npy 2x3x4x5x6 --pattern 5,1,17,8
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/y.npy --input %t/z.npy --output %t/s.npy --output %t/st.npy --output %t/h.npy --output %t/c.npy --output %t/d.npy
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/y.npy --input %t/z.npy --check %t/s.npy --check %t/st.npy --check %t/h.npy --check %t/c.npy --check %t/d.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/y.npy --input %t/z.npy --check %t/s.npy --check %t/st.npy --check %t/h.npy --check %t/c.npy --check %t/d.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/90
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/90
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/72
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/1560
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/1120
func.func @main(%x: tensor<6x20x8xbf16>, %y: tensor<6x20x5xbf16>, %z: tensor<2x3x4x5x6xf32>)
    -> (tensor<3x5x6xbf16>, tensor<3x10x3xbf16>, tensor<2x2x3x2x3xf32>, tensor<6x20x13xbf16>, tensor<7x20x8xbf16>) {
  %s = npu_graph.slice %x starts = [1, 4, 2] sizes = [3, 5, 6] strides = [1, 1, 1] : tensor<6x20x8xbf16> -> tensor<3x5x6xbf16>
  %st = npu_graph.slice %x starts = [0, 1, 1] sizes = [3, 10, 3] strides = [2, 1, 3] : tensor<6x20x8xbf16> -> tensor<3x10x3xbf16>
  %h = npu_graph.slice %z starts = [0, 1, 1, 2, 0] sizes = [2, 2, 3, 2, 3] strides = [1, 1, 1, 1, 2] : tensor<2x3x4x5x6xf32> -> tensor<2x2x3x2x3xf32>
  %c = npu_graph.concat %x, %y axis = -1 : tensor<6x20x8xbf16>, tensor<6x20x5xbf16> -> tensor<6x20x13xbf16>
  %one = npu_graph.slice %x starts = [5, 0, 0] sizes = [1, 20, 8] strides = [1, 1, 1] : tensor<6x20x8xbf16> -> tensor<1x20x8xbf16>
  %d = npu_graph.concat %x, %one axis = 0 : tensor<6x20x8xbf16>, tensor<1x20x8xbf16> -> tensor<7x20x8xbf16>
  return %s, %st, %h, %c, %d : tensor<3x5x6xbf16>, tensor<3x10x3xbf16>, tensor<2x2x3x2x3xf32>, tensor<6x20x13xbf16>, tensor<7x20x8xbf16>
}
