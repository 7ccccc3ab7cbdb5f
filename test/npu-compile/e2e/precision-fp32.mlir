// npu-compile --precision fp32: an f32 matmul whose operands have full
// fp32 mantissas (k/3, k/7), with odd sizes, on npu-tiny and npu-v1,
// against the fp32 reference interpreter.
//
// Tolerance: rtol 1e-5, atol 1e-2. The outputs are sums of 100 products of
// up to ~470 in magnitude; the device adds six partial products, each an
// fp32 sequential sum, so it differs from the reference's single fp32 sum
// by a few fp32 roundings of the partial sums (measured: max abs 2.4e-4,
// max rel 4e-6). With the default device precision (operands rounded to
// bf16) the same program misses by up to 7 (rel 1.2) and fails the check.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 37x100 --pattern 7,3,201,3
// RUN: %make_npy %t/w.npy 100x29 --pattern 11,5,199,7
// RUN: npu-interp %s --input %t/x.npy --input %t/w.npy --output %t/fp32.npy

// RUN: npu-compile %s --target npu-tiny --precision fp32 -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/w.npy --check %t/fp32.npy --rtol 1e-5 --atol 1e-2 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 --precision fp32 -o %t/v1.npub --report %t/v1.json
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/w.npy --check %t/fp32.npy --rtol 1e-5 --atol 1e-2 | FileCheck %s
// RUN: FileCheck %s --check-prefix=REPORT < %t/v1.json
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/1073

// REPORT: "precision": "fp32",

// RUN: npu-compile %s --target npu-v1 -o %t/device.npub
// RUN: not npu-run %t/device.npub --input %t/x.npy --input %t/w.npy --check %t/fp32.npy --rtol 1e-5 --atol 1e-2 | FileCheck %s --check-prefix=DEVICE
// DEVICE: check {{.*}}: FAIL

func.func @linear(%x: tensor<37x100xf32>, %w: tensor<100x29xf32>) -> tensor<37x29xf32> {
  %0 = npu_graph.matmul %x, %w : tensor<37x100xf32>, tensor<100x29xf32> -> tensor<37x29xf32>
  return %0 : tensor<37x29xf32>
}
