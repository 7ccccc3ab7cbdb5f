// npu-interp's errors name the problem and the fix; the exit status is 1.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make-npy.py %t/a.npy 2x3 --pattern 1,0,7,4
// RUN: %python %S/Inputs/make-npy.py %t/b.npy 3x2 --pattern 1,0,7,4
// RUN: %python %S/Inputs/make-npy.py %t/f.npy 2x2 --values 1,2,3,4
// RUN: %python %S/Inputs/make-npy.py %t/i.npy 2x2 --dtype i4 --values 1,2,3,400

// RUN: not npu-interp %s --func main --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: npu-interp: error: missing input 1 'arg1' (bf16 [3x2]); pass --input arg1=FILE.npy

// RUN: not npu-interp %s --func main --input %t/a.npy --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: npu-interp: error: {{.*}}a.npy: shape [2x3] does not match input 'arg1' [3x2]

// RUN: not npu-interp %s --func main --input %t/a.npy --input %t/b.npy --input %t/b.npy 2>&1 | FileCheck %s --check-prefix=TOO-MANY
// TOO-MANY: npu-interp: error: too many inputs: the function has 2

// RUN: not npu-interp %s --func main --input x=%t/a.npy 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: npu-interp: error: no input named 'x'; the function's inputs are: arg0, arg1

// RUN: not npu-interp %s --func main --input %t/a.npy --input %t/b.npy --output y=%t/y.npy 2>&1 | FileCheck %s --check-prefix=OUT-NAME
// OUT-NAME: npu-interp: error: no output named 'y'; the function's outputs are: out0

// RUN: not npu-interp %s --func main --input %t/a.npy --input %t/nonexistent.npy 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: npu-interp: error: {{.*}}nonexistent.npy

// RUN: not npu-interp %s --func main --input %t/a.npy --input %t/b.npy --check %t/a.npy 2>&1 | FileCheck %s --check-prefix=CHECK-SIZE
// CHECK-SIZE: npu-interp: error: {{.*}}a.npy: has 6 elements, output 'out0' has 4

func.func @main(%a: tensor<2x3xbf16>, %b: tensor<3x2xbf16>) -> tensor<2x2xf32> {
  %0 = npu_graph.matmul %a, %b : tensor<2x3xbf16>, tensor<3x2xbf16> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// Integer inputs need integer .npy files with values in range.
// RUN: not npu-interp %s --func ints --input %t/f.npy 2>&1 | FileCheck %s --check-prefix=INT-FLOAT
// INT-FLOAT: npu-interp: error: {{.*}}f.npy: element 0 (1) is not a valid i8 value for input 'arg0'; give an integer .npy in range
// RUN: not npu-interp %s --func ints --input %t/i.npy 2>&1 | FileCheck %s --check-prefix=INT-RANGE
// INT-RANGE: npu-interp: error: {{.*}}i.npy: element 3 (400) is not a valid i8 value for input 'arg0'
func.func @ints(%a: tensor<2x2xi8>) -> tensor<2x2xi8> {
  return %a : tensor<2x2xi8>
}

// RUN: not npu-interp %s --func dynamic 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: argument 'arg0' has type 'tensor<?xf32>'; npu-interp takes statically shaped tensors of f32, bf16, i8 or i32
func.func @dynamic(%a: tensor<?xf32>) -> tensor<?xf32> {
  return %a : tensor<?xf32>
}

// RUN: not npu-interp %s --func nothere 2>&1 | FileCheck %s --check-prefix=NOFUNC
// NOFUNC: npu-interp: error: no function named 'nothere' in {{.*}}errors.mlir
// Without --func: the only function, else 'main'.
// RUN: not npu-interp %s 2>&1 | FileCheck %s --check-prefix=MAIN
// MAIN: npu-interp: error: missing input 0 'arg0' (bf16 [2x3])
// RUN: not npu-interp %S/Inputs/two-functions.mlir 2>&1 | FileCheck %s --check-prefix=WHICH
// WHICH: npu-interp: error: {{.*}}two-functions.mlir has 2 functions (f, g) and none is named 'main'; choose one with --func
