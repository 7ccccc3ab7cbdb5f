// Spilling in npu-place-memory: when the buffers live at the point of
// highest pressure exceed the SRAM, a buffer that the op there does not
// touch leaves SRAM around it (copied to HBM scratch and back), or, when it
// holds nothing yet, is allocated later.
//
// RUN: npu-opt %s --npu-place-memory=target=npu-tiny --split-input-file \
// RUN:   --verify-diagnostics | FileCheck %s

#sram = #npu_tile.space<sram>

// npu-tiny has 256 KiB of SRAM. %a (128 KiB) holds a result across the add
// of %b and %c (128 KiB each): it is copied out after its last use before
// the add and back into a new buffer before its next use.
// CHECK-LABEL: func.func @spill_around
// CHECK-SAME: npu.spill_bytes = 131072 : i64, npu.spills = 1 : i64
// CHECK-SAME: npu.sram_peak = 262144 : i64
// CHECK: %[[A:.*]] = npu_tile.alloc {{.*}}offset = [[AOFF:[0-9]+]] : i64} : memref<128x256xf32
// CHECK-NEXT: npu_tile.vpu.unary exp %[[A]], %[[A]]
// CHECK-NEXT: %[[S:.*]] = memref.alloc() {npu.scratch_offset = 0 : i64} : memref<128x256xf32, #hbm>
// CHECK-NEXT: %[[OUT:.*]] = npu_tile.dma %[[A]], %[[S]] {npu.spill}
// CHECK-NEXT: npu_tile.wait %[[OUT]]
// CHECK: npu_tile.vpu.binary add
// CHECK-NEXT: %[[A2:.*]] = npu_tile.alloc
// CHECK-NEXT: %[[IN:.*]] = npu_tile.dma %[[S]], %[[A2]] {npu.spill}
// CHECK-NEXT: npu_tile.wait %[[IN]]
// CHECK-NEXT: npu_tile.vpu.unary exp %[[A2]], %[[A2]]
func.func @spill_around() {
  %a = npu_tile.alloc : memref<128x256xf32, #sram>
  npu_tile.vpu.unary exp %a, %a
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>
  %b = npu_tile.alloc : memref<128x256xf32, #sram>
  %c = npu_tile.alloc : memref<128x256xf32, #sram>
  npu_tile.vpu.binary add %b, %b, %c
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>,
        memref<128x256xf32, #sram>
  npu_tile.vpu.unary exp %a, %a
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>
  return
}

// -----

#sram = #npu_tile.space<sram>

// Buffers allocated ahead of their first use: nothing to copy, the
// allocations move down to their first use and the function fits.
// CHECK-LABEL: func.func @sink
// CHECK-NOT: npu.spills
// CHECK-SAME: npu.sram_peak = 262144 : i64
// CHECK-NOT: npu_tile.dma
// CHECK: npu_tile.alloc
// CHECK: npu_tile.alloc
// CHECK: npu_tile.vpu.binary add
// CHECK-NEXT: npu_tile.alloc
// CHECK-NEXT: npu_tile.vpu.unary exp
func.func @sink() {
  %a = npu_tile.alloc : memref<128x256xf32, #sram>
  %b = npu_tile.alloc : memref<128x256xf32, #sram>
  %c = npu_tile.alloc : memref<128x256xf32, #sram>
  npu_tile.vpu.binary add %a, %b, %a
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>,
        memref<128x256xf32, #sram>
  npu_tile.vpu.unary exp %c, %c
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>
  return
}

// -----

#sram = #npu_tile.space<sram>

// After %a is spilled, %b, %c and %d are still used together by one op
// and need 384 KiB.
// expected-error @+1 {{SRAM working set does not fit: placement needs 393216 bytes, target 'npu-tiny' has 262144 bytes; 3 buffers live at the peak (393216 bytes): 'memref<128x256xf32, #npu_tile.space<sram>>' (131072 bytes), 'memref<128x256xf32, #npu_tile.space<sram>>' (131072 bytes), 'memref<128x256xf32, #npu_tile.space<sram>>' (131072 bytes); none can be spilled (each is used by the op there or by a copy in flight across it) after spilling 1 buffers (65536 bytes)}}
func.func @still_too_big() {
  %a = npu_tile.alloc : memref<64x256xf32, #sram>
  npu_tile.vpu.unary exp %a, %a
      : memref<64x256xf32, #sram>, memref<64x256xf32, #sram>
  // expected-note @+1 {{live at the peak: 131072 bytes}}
  %b = npu_tile.alloc : memref<128x256xf32, #sram>
  // expected-note @+1 {{live at the peak: 131072 bytes}}
  %c = npu_tile.alloc : memref<128x256xf32, #sram>
  // expected-note @+1 {{live at the peak: 131072 bytes}}
  %d = npu_tile.alloc : memref<128x256xf32, #sram>
  npu_tile.vpu.binary add %b, %c, %d
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>,
        memref<128x256xf32, #sram>
  npu_tile.vpu.unary exp %a, %a
      : memref<64x256xf32, #sram>, memref<64x256xf32, #sram>
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// A copy in flight across the peak pins its buffer: %a's load is waited
// only after the add, so %a cannot leave SRAM there.
// expected-error @+1 {{none can be spilled}}
func.func @in_flight(%x: memref<128x256xf32, #hbm>) {
  // expected-note @+1 {{live at the peak: 131072 bytes}}
  %a = npu_tile.alloc : memref<128x256xf32, #sram>
  %t = npu_tile.dma %x, %a : memref<128x256xf32, #hbm> -> memref<128x256xf32, #sram>
  // expected-note @+1 {{live at the peak: 131072 bytes}}
  %b = npu_tile.alloc : memref<128x256xf32, #sram>
  // expected-note @+1 {{live at the peak: 131072 bytes}}
  %c = npu_tile.alloc : memref<128x256xf32, #sram>
  npu_tile.vpu.binary add %b, %b, %c
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>,
        memref<128x256xf32, #sram>
  npu_tile.wait %t
  npu_tile.vpu.unary exp %a, %a
      : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>
  return
}

// -----

#sram = #npu_tile.space<sram>

// Buffers used in a loop: %a lives across the loop that adds %b and %c
// and is spilled around the whole loop.
// CHECK-LABEL: func.func @loop
// CHECK-SAME: npu.spill_bytes = 65536 : i64, npu.spills = 1 : i64
// CHECK: npu_tile.dma {{.*}} {npu.spill}
// CHECK: scf.for
// CHECK: npu_tile.vpu.binary add
// CHECK: }
// CHECK: npu_tile.dma {{.*}} {npu.spill}
func.func @loop() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = npu_tile.alloc : memref<64x256xf32, #sram>
  npu_tile.vpu.unary exp %a, %a
      : memref<64x256xf32, #sram>, memref<64x256xf32, #sram>
  %b = npu_tile.alloc : memref<128x256xf32, #sram>
  %c = npu_tile.alloc : memref<128x256xf32, #sram>
  scf.for %i = %c0 to %c4 step %c1 {
    npu_tile.vpu.binary add %b, %b, %c
        : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>,
          memref<128x256xf32, #sram>
  }
  npu_tile.vpu.unary exp %a, %a
      : memref<64x256xf32, #sram>, memref<64x256xf32, #sram>
  return
}
