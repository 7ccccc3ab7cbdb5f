// npu-interp runs a graph-level function on .npy inputs and writes, prints
// and checks its results.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make-npy.py %t/a.npy 2x3 --values 1,2,3,4,5,1.00390625
// RUN: %python %S/Inputs/make-npy.py %t/b.npy 3x2 --pattern 5,1,17,8
// RUN: %python %S/Inputs/make-npy.py %t/expected.npy 2x2 --values=-1.625,2.125,-2.125,4.125
// RUN: %python %S/Inputs/make-npy.py %t/wrong.npy 2x2 --values=-1.625,2.125,-2.125,4.25

// Inputs are converted as npu-run converts them: 1.00390625 (halfway
// between two bf16 values) rounds to even, 1.0, in both numerics, so the
// reference sees exactly what the device sees.
// RUN: npu-interp %s --func main --input %t/a.npy --input %t/b.npy --print --output %t/c.npy | FileCheck %s
// RUN: npu-interp %s --func main --input %t/a.npy --input %t/b.npy --print --device-numerics | FileCheck %s
// CHECK: out0 = tensor<2x2xf32> {{\[\[}}-1.625, 2.125], [-2.125, 4.125]]

// The written .npy holds the same values (exact comparison).
// RUN: npu-interp %s --func main --input %t/a.npy --input %t/b.npy --check %t/c.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=PASS
// RUN: npu-interp %s --func main --input %t/a.npy --input %t/b.npy --check out0=%t/expected.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=PASS
// PASS: check out0: PASS  max_abs_err=0 max_rel_err=0 cosine=1.000000 mismatches=0/4 (rtol=0 atol=0)

// A failed check prints FAIL and exits with status 2.
// RUN: not npu-interp %s --func main --input %t/a.npy --input %t/b.npy --check %t/wrong.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=FAIL
// FAIL: check out0: FAIL  max_abs_err=0.125 max_rel_err=0.0294 cosine={{.*}} mismatches=1/4 (rtol=0 atol=0)

func.func @main(%a: tensor<2x3xbf16>, %b: tensor<3x2xbf16>) -> tensor<2x2xf32> {
  %0 = npu_graph.matmul %a, %b : tensor<2x3xbf16>, tensor<3x2xbf16> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// Inputs and outputs by name: the npu.name attributes, else arg<i> and
// out<j> (the names npu-tile-graph gives the compiled module).
// RUN: npu-interp %s --func named --input rhs=%t/b.npy --input %t/a.npy --print | FileCheck %s --check-prefix=NAMED
// NAMED: y = tensor<2x2xf32> {{\[\[}}-1.625, 2.125], [-2.125, 4.125]]
// NAMED-NEXT: out1 = tensor<2x3xbf16> {{\[\[}}1, 2, 3], [4, 5, 1]]
// RUN: npu-interp %s --func named --input %t/a.npy --input %t/b.npy --output out1=%t/a-copy.npy
// RUN: npu-interp %s --func named --input %t/a-copy.npy --input %t/b.npy --check y=%t/expected.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=NAMED-CHECK
// NAMED-CHECK: check y: PASS
func.func @named(%a: tensor<2x3xbf16> {npu.name = "lhs"},
                 %b: tensor<3x2xbf16> {npu.name = "rhs"})
    -> (tensor<2x2xf32> {npu.name = "y"}, tensor<2x3xbf16>) {
  %0 = npu_graph.matmul %a, %b : tensor<2x3xbf16>, tensor<3x2xbf16> -> tensor<2x2xf32>
  return %0, %a : tensor<2x2xf32>, tensor<2x3xbf16>
}

// A matmul whose shapes are not multiples of the MXU (the e2e tests'
// 100x70x130): with inputs from make-npy.py's pattern (multiples of 1/8
// below 1 in magnitude) every product and partial sum is exact in fp32, so
// both numerics give the same result, bit for bit, whatever the order of
// the additions.
// RUN: %python %S/Inputs/make-npy.py %t/x.npy 100x130 --pattern 7,3,15,8
// RUN: %python %S/Inputs/make-npy.py %t/w.npy 130x70 --pattern 11,5,13,8
// RUN: npu-interp %s --func odd --input %t/x.npy --input %t/w.npy --output %t/odd-fp32.npy
// RUN: npu-interp %s --func odd --input %t/x.npy --input %t/w.npy --device-numerics --check %t/odd-fp32.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=ODD
// ODD: check out0: PASS {{.*}} mismatches=0/7000
func.func @odd(%x: tensor<100x130xbf16>, %w: tensor<130x70xbf16>) -> tensor<100x70xf32> {
  %0 = npu_graph.matmul %x, %w : tensor<100x130xbf16>, tensor<130x70xbf16> -> tensor<100x70xf32>
  return %0 : tensor<100x70xf32>
}
