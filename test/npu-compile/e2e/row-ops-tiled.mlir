// Row operations over many row tiles with an edge tile: a causal softmax
// whose mask is loaded per row tile (row tiles outer, batch inner), and
// the norms with parameters, on npu-tiny (24- to 32-row tiles of 203 and
// 250 rows) and npu-v1. Against the device numerics the results are exact
// (docs/Compiler.md, "Testing compiled programs").
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/s.npy 2x203x300 --pattern 7,3,61,8
// RUN: %make_npy %t/x.npy 3x250x200 --pattern 11,5,67,16
// RUN: %make_npy %t/xh.npy 3x250x200 --pattern 13,7,71,16
// RUN: %make_npy %t/g.npy 200 --pattern 5,9,13,8
// RUN: %make_npy %t/b.npy 200 --pattern 3,1,9,16
// RUN: npu-interp %s --device-numerics --input %t/s.npy --input %t/x.npy --input %t/xh.npy --input %t/g.npy --input %t/b.npy --output %t/d0.npy --output %t/d1.npy --output %t/d2.npy

// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/s.npy --input %t/x.npy --input %t/xh.npy --input %t/g.npy --input %t/b.npy --check out0=%t/d0.npy --check out1=%t/d1.npy --check out2=%t/d2.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule -o %t/tiny-sync.npub
// RUN: npu-run %t/tiny-sync.npub --input %t/s.npy --input %t/x.npy --input %t/xh.npy --input %t/g.npy --input %t/b.npy --check out0=%t/d0.npy --check out1=%t/d1.npy --check out2=%t/d2.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/s.npy --input %t/x.npy --input %t/xh.npy --input %t/g.npy --input %t/b.npy --check out0=%t/d0.npy --check out1=%t/d1.npy --check out2=%t/d2.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/121800
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/150000
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/150000

func.func @rows(%s: tensor<2x203x300xbf16>, %x: tensor<3x250x200xf32>,
                %xh: tensor<3x250x200xbf16>, %g: tensor<200xf32>, %b: tensor<200xf32>)
    -> (tensor<2x203x300xbf16>, tensor<3x250x200xf32>, tensor<3x250x200xbf16>) {
  %p = npu_graph.softmax %s axis = -1 causal offset = 3 : tensor<2x203x300xbf16>
  %l = npu_graph.layer_norm %x gamma(%g : tensor<200xf32>) beta(%b : tensor<200xf32>) epsilon = 1.0e-5 : tensor<3x250x200xf32>
  %r = npu_graph.rms_norm %xh gamma(%g : tensor<200xf32>) epsilon = 1.0e-6 : tensor<3x250x200xbf16>
  return %p, %l, %r : tensor<2x203x300xbf16>, tensor<3x250x200xf32>, tensor<3x250x200xbf16>
}
