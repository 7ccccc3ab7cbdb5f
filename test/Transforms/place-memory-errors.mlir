// Error cases of npu-place-memory.
//
// RUN: npu-opt %s --npu-place-memory=target=npu-tiny --split-input-file \
// RUN:   --verify-diagnostics
// RUN: not npu-opt %s --npu-place-memory=target=no-such-target \
// RUN:   --split-input-file 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BADTARGET

// BADTARGET: error: option 'target' 'no-such-target':

#sram = #npu_tile.space<sram>

// Three 128 KiB buffers live together do not fit the 256 KiB of npu-tiny.
// expected-error @+1 {{SRAM working set does not fit: placement needs 393216 bytes, target 'npu-tiny' has 262144 bytes; 3 buffers live at the peak (393216 bytes): 'memref<128x256xf32, #npu_tile.space<sram>>' (131072 bytes), 'memref<128x256xf32, #npu_tile.space<sram>>' (131072 bytes), 'memref<128x256xf32, #npu_tile.space<sram>>' (131072 bytes)}}
func.func @overflow() {
  // expected-note @+1 {{live at the peak: 131072 bytes}}
  %a = npu_tile.alloc : memref<128x256xf32, #sram>
  // expected-note @+1 {{live at the peak: 131072 bytes}}
  %b = npu_tile.alloc : memref<128x256xf32, #sram>
  // expected-note @+1 {{live at the peak: 131072 bytes}}
  %c = npu_tile.alloc : memref<128x256xf32, #sram>
  npu_tile.vpu.binary add %a, %b, %c
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>,
        memref<128x256xf32, #sram>
  return
}

// -----

#sram = #npu_tile.space<sram>

// The same buffers with disjoint lifetimes fit.
func.func @fits() {
  %a = npu_tile.alloc : memref<128x256xf32, #sram>
  npu_tile.vpu.unary exp %a, %a
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>
  %b = npu_tile.alloc : memref<128x256xf32, #sram>
  npu_tile.vpu.unary exp %b, %b
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>
  %c = npu_tile.alloc : memref<128x256xf32, #sram>
  npu_tile.vpu.unary exp %c, %c
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>
  return
}
