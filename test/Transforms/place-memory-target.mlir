// npu-place-memory reads the target from the module's npu.target.
//
// RUN: npu-opt %s --npu-place-memory | FileCheck %s
// RUN: sed -e 's/"npu-tiny"/3/' %s | not npu-opt --npu-place-memory 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BADATTR

// BADATTR: error: 'npu.target' must be a string attribute, got 3 : i64

// CHECK: func.func @f() attributes {npu.scratch_bytes = 0 : i64, npu.sram_peak = 30 : i64}
// CHECK: npu_tile.alloc {alignment = 32 : i64, offset = 0 : i64} : memref<3x5xbf16
module attributes {npu.target = "npu-tiny"} {
  func.func @f() {
    %a = npu_tile.alloc : memref<3x5xbf16, #npu_tile.space<sram>>
    npu_tile.vpu.unary exp %a, %a
        : memref<3x5xbf16, #npu_tile.space<sram>>,
          memref<3x5xbf16, #npu_tile.space<sram>>
    return
  }
}
