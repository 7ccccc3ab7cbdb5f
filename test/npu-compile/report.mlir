// --report FILE: JSON with the source ops (by location), the estimates the
// passes annotate (null until they do), totals and the roofline bound. At
// --emit graph the roofline comes from the graph.
// RUN: rm -rf %t && mkdir -p %t
// RUN: npu-compile %s --emit graph -o %t/graph.mlir --report %t/report.json
// RUN: FileCheck %s < %t/report.json

// CHECK: "producer": "npu-compile {{[0-9.]+}}",
// CHECK: "target": "npu-v1",
// CHECK: "stage": "graph",
// CHECK: "ops": [
// CHECK:     "location": "{{.*}}report.mlir:{{[0-9]+}}:8",
// CHECK-NEXT: "op": "npu_graph.matmul",
// CHECK-NEXT: "type": "tensor<256x512xbf16>",
// CHECK-NEXT: "est_cycles": null,
// CHECK:     "location": "{{.*}}report.mlir:{{[0-9]+}}:8",
// CHECK-NEXT: "op": "npu_graph.gelu",
// CHECK: "totals": {
// CHECK: "roofline": {
// CHECK-NEXT: "source": "graph",
// 2 * 256 * 512 * 1024 FLOPs; inputs, weights and output in bf16:
// (256 * 1024 + 1024 * 512 + 256 * 512) * 2 bytes.
// CHECK-NEXT: "flops": 268435456,
// CHECK-NEXT: "compulsory_hbm_bytes": 1835008,
// npu-v1: 2 * 128 * 128 FLOP and 1024 bytes per cycle.
// CHECK-NEXT: "peak_flops_per_cycle": 32768,
// CHECK-NEXT: "hbm_bytes_per_cycle": 1024,
// CHECK-NEXT: "clock_ghz":
// CHECK-NEXT: "compute_cycles": 8192,
// CHECK-NEXT: "memory_cycles": 1792,
// CHECK-NEXT: "cycles": 8192,
// CHECK-NEXT: "bound": "compute",

// After the tile stage npu-estimate-cost has annotated the work: the gelu
// is fused into the matmul, whose entry carries the estimates of both.
// RUN: npu-compile %s --emit tile -o %t/tile.mlir --report %t/tile.json
// RUN: FileCheck %s --check-prefix=TILE < %t/tile.json
// TILE: "stage": "tile",
// TILE:      "location": "[[MATMUL:.*report.mlir:[0-9]+:8]]",
// TILE-NEXT: "op": "npu_graph.matmul",
// TILE-NEXT: "type": "tensor<256x512xbf16>",
// TILE-NEXT: "est_cycles": {{[1-9][0-9]*}},
// The compulsory bytes: nothing moves twice at this size.
// TILE-NEXT: "hbm_bytes": 1835008,
// TILE-NEXT: "sram_bytes": {{[1-9][0-9]*}}
// TILE:      "op": "npu_graph.gelu",
// TILE-NEXT: "type": "tensor<256x512xbf16>",
// TILE-NEXT: "fused_into": "[[MATMUL]]",
// TILE-NEXT: "est_cycles": null,
// TILE: "totals": {
// TILE-NEXT: "est_cycles": {{[1-9][0-9]*}},
// TILE-NEXT: "hbm_bytes": 1835008,

// After emission every source op also says what it became: the
// instructions with its location and the bundles that start with one.
// RUN: npu-compile %s -o %t/out.npub --report %t/full.json
// RUN: FileCheck %s --check-prefix=FULL < %t/full.json
// FULL: "stage": "isa",
// FULL:      "op": "npu_graph.matmul",
// FULL:      "sram_bytes": {{[0-9]+}},
// FULL-NEXT: "instructions": {{[1-9][0-9]*}},
// FULL-NEXT: "bundles": {{[1-9][0-9]*}}
// FULL:      "op": "npu_graph.gelu",
// FULL-NEXT: "type": "tensor<256x512xbf16>",
// FULL-NEXT: "fused_into":
// FULL:      "instructions": 0,
// FULL-NEXT: "bundles": 0

// A failed compilation writes no report.
// RUN: not npu-compile %S/Inputs/invalid.mlir --emit graph --report %t/bad.json
// RUN: not ls %t/bad.json

func.func @main(%x: tensor<256x1024xbf16>, %w: tensor<1024x512xbf16>) -> tensor<256x512xbf16> {
  %0 = npu_graph.matmul %x, %w : tensor<256x1024xbf16>, tensor<1024x512xbf16> -> tensor<256x512xbf16>
  %1 = npu_graph.gelu %0 : tensor<256x512xbf16>
  return %1 : tensor<256x512xbf16>
}
