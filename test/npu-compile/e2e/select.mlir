// Run-time booleans end to end: comparisons (against a broadcast row and a
// full tensor), and/or/xor/not on i1, a cast to and from bool, and select
// with broadcast operands and a -inf fill (masked_fill). A bool input and
// bool outputs go through .npy (numpy bool) and the .npub signature.
// Compared with npu-interp --device-numerics exactly on npu-tiny and npu-v1.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 2x8x24 --pattern 7,3,17,4
// RUN: %make_npy %t/t.npy 8x24 --pattern 5,1,13,4
// RUN: %make_npy %t/m.npy 2x1x24 --dtype b1 --pattern 3,1,5,1
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/t.npy --input %t/m.npy --output %t/y.npy --output %t/b.npy --output %t/c.npy
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/t.npy --input %t/m.npy --check %t/y.npy --check %t/b.npy --check %t/c.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/t.npy --input %t/m.npy --check %t/y.npy --check %t/b.npy --check %t/c.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/384
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/384
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/384
// The signature says bool.
// RUN: npu-objdump --signature %t/v1.npub | FileCheck %s --check-prefix=SIG
// SIG: input  arg2: bool [2, 1, 24], 48 bytes
// SIG: output out1: bool [2, 8, 24], 384 bytes
// RUN: npu-compile %s --target npu-v1 --emit tile -o - | FileCheck %s --check-prefix=TILE
// TILE-DAG: npu_tile.vpu.binary cmp_lt
// TILE-DAG: npu_tile.vpu.binary cmp_ge
// TILE-DAG: npu_tile.vpu.binary min
// TILE-DAG: npu_tile.vpu.select {{.*}}, 0xFF800000,
func.func @masks(%x: tensor<2x8x24xf32>, %t: tensor<8x24xf32>, %m: tensor<2x1x24xi1>)
    -> (tensor<2x8x24xf32>, tensor<2x8x24xi1>, tensor<2x8x24xf32>) {
  %lt = npu_graph.compare lt %x, %t : tensor<2x8x24xf32>, tensor<8x24xf32> -> tensor<2x8x24xi1>
  %and = npu_graph.logical and %lt, %m : tensor<2x8x24xi1>, tensor<2x1x24xi1> -> tensor<2x8x24xi1>
  %not = npu_graph.not %and : tensor<2x8x24xi1>
  %ninf = npu_graph.constant dense<0xFF800000> : tensor<f32>
  %y = npu_graph.select %not, %x, %ninf : tensor<2x8x24xi1>, tensor<2x8x24xf32>, tensor<f32> -> tensor<2x8x24xf32>
  %zero = npu_graph.constant dense<0.0> : tensor<f32>
  %ge = npu_graph.compare ge %x, %zero : tensor<2x8x24xf32>, tensor<f32> -> tensor<2x8x24xi1>
  %or = npu_graph.logical or %ge, %m : tensor<2x8x24xi1>, tensor<2x1x24xi1> -> tensor<2x8x24xi1>
  %xor = npu_graph.logical xor %or, %not : tensor<2x8x24xi1>, tensor<2x8x24xi1> -> tensor<2x8x24xi1>
  %f = npu_graph.cast %xor : tensor<2x8x24xi1> to tensor<2x8x24xf32>
  %nz = npu_graph.cast %x : tensor<2x8x24xf32> to tensor<2x8x24xi1>
  %c = npu_graph.select %nz, %t, %f : tensor<2x8x24xi1>, tensor<8x24xf32>, tensor<2x8x24xf32> -> tensor<2x8x24xf32>
  return %y, %xor, %c : tensor<2x8x24xf32>, tensor<2x8x24xi1>, tensor<2x8x24xf32>
}
