// A single bf16 matmul whose sizes are not multiples of the MXU (16x16 on
// npu-tiny, 128x128 on npu-v1), compiled, run on the simulator and compared
// with the reference interpreter.
//
// The inputs (make-npy.py --pattern) are multiples of 1/8 below 1 in
// magnitude: every product and partial sum is exact in fp32, so the result
// does not depend on the order of the additions and the comparison is exact
// (--rtol 0 --atol 0) for an f32 result and for a bf16 one (one rounding of
// an exact value).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/x.npy 100x130 --pattern 7,3,15,8
// RUN: %make_npy %t/w.npy 130x70 --pattern 11,5,13,8
// RUN: npu-interp %s --device-numerics --input %t/x.npy --input %t/w.npy --output %t/f32.npy
// RUN: npu-interp %S/Inputs/matmul-odd-bf16.mlir --device-numerics --input %t/x.npy --input %t/w.npy --output %t/bf16.npy

// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub --report %t/v1.json
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/w.npy --check %t/f32.npy --rtol 0 --atol 0 | FileCheck %s
// The module carries its roofline bound: max(FLOPs / peak, compulsory HBM
// bytes / bandwidth) = max(2*100*130*70 / 32768, 72200 / 1024) = 71 cycles,
// which npu-run reports with the efficiency.
// RUN: npu-run %t/v1.npub --input %t/x.npy --input %t/w.npy --quiet --stats-json %t/v1-stats.json
// RUN: FileCheck %s --check-prefix=ROOFLINE < %t/v1-stats.json
// ROOFLINE: "roofline_cycles": 71,
// ROOFLINE-NEXT: "efficiency": 0.{{[0-9]+}},
// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/x.npy --input %t/w.npy --check %t/f32.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-tiny --no-dma-schedule -o %t/tiny-sync.npub
// RUN: npu-run %t/tiny-sync.npub --input %t/x.npy --input %t/w.npy --check %t/f32.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/7000
// CHECK: cycles:
func.func @main(%x: tensor<100x130xbf16>, %w: tensor<130x70xbf16>) -> tensor<100x70xf32> {
  %0 = npu_graph.matmul %x, %w : tensor<100x130xbf16>, tensor<130x70xbf16> -> tensor<100x70xf32>
  return %0 : tensor<100x70xf32>
}

// RUN: npu-compile %S/Inputs/matmul-odd-bf16.mlir --target npu-v1 -o %t/v1-bf16.npub
// RUN: npu-run %t/v1-bf16.npub --input %t/x.npy --input %t/w.npy --check %t/bf16.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=BF16
// RUN: npu-compile %S/Inputs/matmul-odd-bf16.mlir --target npu-tiny -o %t/tiny-bf16.npub
// RUN: npu-run %t/tiny-bf16.npub --input %t/x.npy --input %t/w.npy --check %t/bf16.npy --rtol 0 --atol 0 | FileCheck %s --check-prefix=BF16
// BF16: check {{.*}}: PASS {{.*}} mismatches=0/7000
// The module records where it came from, and the report sees the passes'
// figures.
// RUN: npu-objdump --provenance %t/v1.npub | FileCheck %s --check-prefix=PROVENANCE
// PROVENANCE: producer: npu-compile {{[0-9.]+}}
// PROVENANCE: npu-compile {{.*}}matmul-odd.mlir --target npu-v1 -o {{.*}}v1.npub --report {{.*}}v1.json
// RUN: FileCheck %s --check-prefix=REPORT < %t/v1.json
// REPORT: "stage": "isa",
// REPORT: "location": "{{.*}}matmul-odd.mlir:{{[0-9]+}}:{{[0-9]+}}",
// REPORT-NEXT: "op": "npu_graph.matmul",
// REPORT: "sram_peak_bytes": {{[1-9][0-9]*}},
// REPORT: "bundles": {{[1-9][0-9]*}},
// REPORT: "flops": 1820000,
