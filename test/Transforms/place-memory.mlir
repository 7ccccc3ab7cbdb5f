// Tests of npu-place-memory: SRAM offsets by liveness, alignment, loop- and
// DMA-extended live ranges, HBM scratch reuse.
//
// The sharing by liveness is checked with fresh-memory=false; by default
// buffers get their own memory when they all fit (FRESH).
// RUN: npu-opt %s --npu-place-memory=fresh-memory=false --split-input-file \
// RUN:   | FileCheck %s
// RUN: npu-opt %s --npu-place-memory="target=npu-tiny fresh-memory=false" \
// RUN:   --split-input-file | FileCheck %s --check-prefix=TINY
// RUN: npu-opt %s --npu-place-memory --split-input-file \
// RUN:   | FileCheck %s --check-prefix=FRESH

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// Disjoint lifetimes share an offset; overlapping ones do not. With
// fresh memory (they fit side by side) each has its own, in program order.
// FRESH-LABEL: func.func @disjoint
// FRESH-SAME: npu.sram_peak = 131072 : i64
// FRESH: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<128x128xf32
// FRESH: npu_tile.alloc {alignment = 128 : i64, offset = 65536 : i64} : memref<128x128xf32
// CHECK-LABEL: func.func @disjoint
// CHECK-SAME: npu.scratch_bytes = 0 : i64, npu.sram_peak = 65536 : i64
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<128x128xf32
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<128x128xf32
func.func @disjoint(%x: memref<128x128xf32, #hbm>) {
  %a = npu_tile.alloc : memref<128x128xf32, #sram>
  npu_tile.vpu.unary exp %a, %a
      : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  %b = npu_tile.alloc : memref<128x128xf32, #sram>
  npu_tile.vpu.unary exp %b, %b
      : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  return
}

// -----

#sram = #npu_tile.space<sram>

// CHECK-LABEL: func.func @overlap
// CHECK-SAME: npu.sram_peak = 131072 : i64
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64}
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 65536 : i64}
func.func @overlap() {
  %a = npu_tile.alloc : memref<128x128xf32, #sram>
  %b = npu_tile.alloc : memref<128x128xf32, #sram>
  npu_tile.vpu.unary exp %a, %b
      : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  return
}

// -----

#sram = #npu_tile.space<sram>

// Sizes that are not multiples of the alignment: 3x5 bf16 = 30 bytes, then
// 1x1 f32 = 4 bytes, all live together. npu-v1 aligns to 128, npu-tiny to 32.
// CHECK-LABEL: func.func @alignment
// CHECK-SAME: npu.sram_peak = 260 : i64
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<3x5xbf16
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 128 : i64} : memref<3x5xbf16
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 256 : i64} : memref<1x1xf32
// TINY-LABEL: func.func @alignment
// TINY-SAME: npu.sram_peak = 68 : i64
// TINY: npu_tile.alloc {alignment = 32 : i64, offset = 0 : i64} : memref<3x5xbf16
// TINY: npu_tile.alloc {alignment = 32 : i64, offset = 32 : i64} : memref<3x5xbf16
// TINY: npu_tile.alloc {alignment = 32 : i64, offset = 64 : i64} : memref<1x1xf32
func.func @alignment() {
  %a = npu_tile.alloc : memref<3x5xbf16, #sram>
  %b = npu_tile.alloc : memref<3x5xbf16, #sram>
  %c = npu_tile.alloc : memref<1x1xf32, #sram>
  npu_tile.vpu.binary add %a, %b, %a
      : memref<3x5xbf16, #sram>, memref<3x5xbf16, #sram>,
        memref<3x5xbf16, #sram>
  npu_tile.vpu.unary exp %c, %c
      : memref<1x1xf32, #sram>, memref<1x1xf32, #sram>
  npu_tile.vpu.unary exp %a, %b
      : memref<3x5xbf16, #sram>, memref<3x5xbf16, #sram>
  return
}

// -----

#sram = #npu_tile.space<sram>

// A buffer used inside a loop is live over the whole loop, even if its last
// use comes textually before another buffer's first use in the body; a buffer
// allocated in the body is fresh in every iteration; the buffer of the second
// loop reuses the space of %acc, dead after the first loop.
// CHECK-LABEL: func.func @loop_extended
// CHECK-SAME: npu.sram_peak = 192 : i64
// CHECK: %[[ACC:.+]] = npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<4x4xf32
// CHECK: scf.for
// CHECK:   npu_tile.alloc {alignment = 128 : i64, offset = 128 : i64} : memref<4x4xf32
// CHECK: scf.for
// CHECK:   npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<4x4xf32
func.func @loop_extended() {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %acc = npu_tile.alloc : memref<4x4xf32, #sram>
  scf.for %i = %c0 to %c4 step %c1 {
    %tmp = npu_tile.alloc : memref<4x4xf32, #sram>
    npu_tile.vpu.unary exp %tmp, %tmp
        : memref<4x4xf32, #sram>, memref<4x4xf32, #sram>
    npu_tile.vpu.binary add %acc, %tmp, %acc
        : memref<4x4xf32, #sram>, memref<4x4xf32, #sram>,
          memref<4x4xf32, #sram>
  }
  scf.for %i = %c0 to %c4 step %c1 {
    %tmp = npu_tile.alloc : memref<4x4xf32, #sram>
    npu_tile.vpu.unary exp %tmp, %tmp
        : memref<4x4xf32, #sram>, memref<4x4xf32, #sram>
  }
  return
}

// -----

#sram = #npu_tile.space<sram>

// The buffer used only in the first iteration's code before the loop is
// still live over the loop because the loop uses it.
// CHECK-LABEL: func.func @loop_whole
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<8x8xf32
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 256 : i64} : memref<8x8xf32
func.func @loop_whole() {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %a = npu_tile.alloc : memref<8x8xf32, #sram>
  scf.for %i = %c0 to %c4 step %c1 {
    %b = npu_tile.alloc : memref<8x8xf32, #sram>
    // %b is written before %a is read in the body, but %a is live across
    // iterations.
    npu_tile.vpu.unary exp %b, %b
        : memref<8x8xf32, #sram>, memref<8x8xf32, #sram>
    npu_tile.vpu.unary exp %a, %a
        : memref<8x8xf32, #sram>, memref<8x8xf32, #sram>
  }
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// A store of %a is in flight until its wait, after %b is allocated and used:
// they must not share.
// CHECK-LABEL: func.func @dma_extended
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<32x32xf32
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 4096 : i64} : memref<32x32xf32
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<32x32xf32
func.func @dma_extended(%out: memref<32x32xf32, #hbm>,
                        %out2: memref<32x32xf32, #hbm>) {
  %a = npu_tile.alloc : memref<32x32xf32, #sram>
  npu_tile.vpu.unary exp %a, %a
      : memref<32x32xf32, #sram>, memref<32x32xf32, #sram>
  %t = npu_tile.dma %a, %out
      : memref<32x32xf32, #sram> -> memref<32x32xf32, #hbm>
  %b = npu_tile.alloc : memref<32x32xf32, #sram>
  npu_tile.vpu.unary exp %b, %b
      : memref<32x32xf32, #sram>, memref<32x32xf32, #sram>
  %t2 = npu_tile.dma %b, %out2
      : memref<32x32xf32, #sram> -> memref<32x32xf32, #hbm>
  npu_tile.wait %t
  npu_tile.wait %t2
  // After both waits, %c reuses %a's space.
  %c = npu_tile.alloc : memref<32x32xf32, #sram>
  npu_tile.vpu.unary exp %c, %c
      : memref<32x32xf32, #sram>, memref<32x32xf32, #sram>
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// A prefetch token carried through iter_args keeps the ping-pong pair live
// over the loop and the peeled last iteration after it; the buffer
// allocated after the final wait may reuse it.
// CHECK-LABEL: func.func @token_through_loop
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<2x16x16xbf16
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 1024 : i64} : memref<16x16xbf16
// CHECK: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<32x16xbf16
func.func @token_through_loop(%x: memref<64x16xbf16, #hbm>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c48 = arith.constant 48 : index
  %pair = npu_tile.alloc : memref<2x16x16xbf16, #sram>
  %s0 = memref.subview %pair[0, 0, 0] [1, 16, 16] [1, 1, 1]
      : memref<2x16x16xbf16, #sram> to memref<16x16xbf16, strided<[16, 1]>, #sram>
  %x0 = memref.subview %x[0, 0] [16, 16] [1, 1]
      : memref<64x16xbf16, #hbm> to memref<16x16xbf16, strided<[16, 1]>, #hbm>
  %t0 = npu_tile.dma %x0, %s0
      : memref<16x16xbf16, strided<[16, 1]>, #hbm>
     -> memref<16x16xbf16, strided<[16, 1]>, #sram>
  %tmp = npu_tile.alloc : memref<16x16xbf16, #sram>
  %r = scf.for %i = %c0 to %c48 step %c16 iter_args(%t = %t0) -> (!npu_tile.token) {
    npu_tile.wait %t
    %tn = npu_tile.dma %x0, %s0
        : memref<16x16xbf16, strided<[16, 1]>, #hbm>
       -> memref<16x16xbf16, strided<[16, 1]>, #sram>
    npu_tile.vpu.unary exp %tmp, %tmp
        : memref<16x16xbf16, #sram>, memref<16x16xbf16, #sram>
    scf.yield %tn : !npu_tile.token
  }
  npu_tile.wait %r
  %after = npu_tile.alloc : memref<32x16xbf16, #sram>
  npu_tile.vpu.unary exp %after, %after
      : memref<32x16xbf16, #sram>, memref<32x16xbf16, #sram>
  return
}

// -----

#hbm = #npu_tile.space<hbm>

// HBM scratch: activations with disjoint lifetimes reuse space, 64-aligned.
// CHECK-LABEL: func.func @scratch
// CHECK-SAME: npu.scratch_bytes = 168 : i64
// CHECK: memref.alloc() {npu.scratch_offset = 128 : i64} : memref<10xf32, #{{.+}}>
// CHECK: memref.alloc() {npu.scratch_offset = 0 : i64} : memref<32xf32, #{{.+}}>
// CHECK: memref.alloc() {npu.scratch_offset = 0 : i64} : memref<10xf32, #{{.+}}>
func.func @scratch(%in: memref<32xf32, #hbm>, %out: memref<32xf32, #hbm>) {
  %a = memref.alloc() : memref<10xf32, #hbm>
  %b = memref.alloc() : memref<32xf32, #hbm>
  %t1 = npu_tile.dma %in, %b : memref<32xf32, #hbm> -> memref<32xf32, #hbm>
  npu_tile.wait %t1
  %sa = memref.subview %in[0] [10] [1]
      : memref<32xf32, #hbm> to memref<10xf32, strided<[1]>, #hbm>
  %t2 = npu_tile.dma %sa, %a
      : memref<10xf32, strided<[1]>, #hbm> -> memref<10xf32, #hbm>
  npu_tile.wait %t2
  %t3 = npu_tile.dma %b, %out : memref<32xf32, #hbm> -> memref<32xf32, #hbm>
  npu_tile.wait %t3
  %c = memref.alloc() : memref<10xf32, #hbm>
  %sc = memref.subview %out[0] [10] [1]
      : memref<32xf32, #hbm> to memref<10xf32, strided<[1]>, #hbm>
  %t4 = npu_tile.dma %sc, %c
      : memref<10xf32, strided<[1]>, #hbm> -> memref<10xf32, #hbm>
  npu_tile.wait %t4
  return
}
