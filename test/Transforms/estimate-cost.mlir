// Tests of npu-estimate-cost: per-location busy cycles of each engine times
// the loop trip counts, the busiest engine plus the first load's and last
// store's HBM latency, HBM bytes and SRAM bytes.
//
// RUN: npu-opt %s --npu-estimate-cost=target=npu-tiny --split-input-file \
// RUN:   | FileCheck %s
// Running it twice replaces the annotations (no double counting):
// RUN: npu-opt %s --npu-estimate-cost=target=npu-tiny \
// RUN:   --npu-estimate-cost=target=npu-tiny --split-input-file | FileCheck %s
// RUN: not npu-opt %s --npu-estimate-cost=target=no-such-target \
// RUN:   --split-input-file 2>&1 | FileCheck %s --check-prefix=BADTARGET

// BADTARGET: error: option 'target' 'no-such-target':

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// npu-tiny: 16x16 MXU with a 32-cycle fill, so a 16x16x16 matmul takes
// 32 + 16 = 48 cycles; VPU mov of 256 elements on 64 lanes: 4 + 4 = 8;
// HBM at min(32, 2 channels x 16) = 32 bytes/cycle, 200 cycles latency;
// SRAM-to-SRAM copies at 2 channels x 32 bytes/cycle.
//
// Work "a": B loaded once (512 bytes), then 4 iterations of: load A (512),
// matmul, mov, store (512). HBM: 512 + 4 * 1024 = 4608 bytes = 144 cycles;
// MXU: 4 * 48 = 192; VPU: 4 * 8 = 32. 192 + 200 + 200 = 592 cycles.
// SRAM: A, B, D (512 each) and C (1024) = 2560 bytes.
// CHECK-LABEL: func.func @loop
// CHECK: npu_tile.alloc {npu.est_cycles = 592 : i64, npu.hbm_bytes = 4608 : i64, npu.sram_bytes = 2560 : i64}
// CHECK-NOT: npu.est_cycles
// Work "b": one SRAM-to-SRAM copy of 1024 bytes at 64 bytes/cycle, into
// a 1024-byte buffer; the first op of the work carries the figures.
// CHECK: npu_tile.alloc {npu.est_cycles = 16 : i64, npu.hbm_bytes = 0 : i64, npu.sram_bytes = 1024 : i64}
// CHECK-NOT: npu.est_cycles
func.func @loop(%x: memref<64x16xbf16, #hbm>, %w: memref<16x16xbf16, #hbm>,
                %y: memref<64x16xbf16, #hbm>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %a = npu_tile.alloc : memref<16x16xbf16, #sram> loc("a")
  %b = npu_tile.alloc : memref<16x16xbf16, #sram> loc("a")
  %c = npu_tile.alloc : memref<16x16xf32, #sram> loc("a")
  %d = npu_tile.alloc : memref<16x16xbf16, #sram> loc("a")
  %tb = npu_tile.dma %w, %b : memref<16x16xbf16, #hbm> -> memref<16x16xbf16, #sram> loc("a")
  npu_tile.wait %tb loc("a")
  scf.for %i = %c0 to %c4 step %c1 {
    %row = arith.muli %i, %c4 : index
    %xs = memref.subview %x[%row, 0] [16, 16] [1, 1] : memref<64x16xbf16, #hbm> to memref<16x16xbf16, strided<[16, 1], offset: ?>, #hbm>
    %ta = npu_tile.dma %xs, %a : memref<16x16xbf16, strided<[16, 1], offset: ?>, #hbm> -> memref<16x16xbf16, #sram> loc("a")
    npu_tile.wait %ta loc("a")
    npu_tile.matmul bf16 %a, %b, %c : memref<16x16xbf16, #sram>, memref<16x16xbf16, #sram>, memref<16x16xf32, #sram> loc("a")
    npu_tile.vpu.unary mov %c, %d : memref<16x16xf32, #sram>, memref<16x16xbf16, #sram> loc("a")
    %ys = memref.subview %y[%row, 0] [16, 16] [1, 1] : memref<64x16xbf16, #hbm> to memref<16x16xbf16, strided<[16, 1], offset: ?>, #hbm>
    %ty = npu_tile.dma %d, %ys : memref<16x16xbf16, #sram> -> memref<16x16xbf16, strided<[16, 1], offset: ?>, #hbm> loc("a")
    npu_tile.wait %ty loc("a")
  }
  %e = npu_tile.alloc : memref<16x16xf32, #sram> loc("b")
  %tc = npu_tile.dma %c, %e : memref<16x16xf32, #sram> -> memref<16x16xf32, #sram> loc("b")
  npu_tile.wait %tc loc("b")
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// A loop bound that is not a constant: the loop counts once and the
// estimate says it is inexact. exp is transcendental: 4 + 4 * 8 = 36.
// CHECK-LABEL: func.func @dynamic
// CHECK: npu_tile.vpu.unary exp {{.*}} {npu.est_cycles = 36 : i64, npu.est_inexact, npu.hbm_bytes = 0 : i64, npu.sram_bytes = 0 : i64}
func.func @dynamic(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %t = npu_tile.alloc : memref<16x16xf32, #sram> loc("t")
  scf.for %i = %c0 to %n step %c1 {
    npu_tile.vpu.unary exp %t, %t : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
  }
  return
}

// -----

#sram = #npu_tile.space<sram>

// transpose_b: B is [n, k] = [16, 64], so n = 16 and k = 64: 32 + 4 * 1 *
// 16 = 96 cycles (reading B as [k, n] would give 32 + 4 * 4 * 16 = 288).
// SRAM: A and B (2048 bytes each) and C (1024).
// CHECK-LABEL: func.func @transpose_b
// CHECK: npu_tile.alloc {npu.est_cycles = 96 : i64, npu.hbm_bytes = 0 : i64, npu.sram_bytes = 5120 : i64}
func.func @transpose_b() {
  %a = npu_tile.alloc : memref<16x64xbf16, #sram> loc("t")
  %b = npu_tile.alloc : memref<16x64xbf16, #sram> loc("t")
  %c = npu_tile.alloc : memref<16x16xf32, #sram> loc("t")
  npu_tile.matmul bf16 %a, %b, %c transpose_b : memref<16x64xbf16, #sram>, memref<16x64xbf16, #sram>, memref<16x16xf32, #sram> loc("t")
  return
}

// -----

#hbm = #npu_tile.space<hbm>

// A gather from HBM to HBM: the 4 gathered rows (128 bytes) and the 4
// indices (16 bytes) at 32 bytes/cycle, plus a load and a store latency:
// 4.5 + 200 + 200, rounded up.
// CHECK-LABEL: func.func @gather
// CHECK: npu_tile.gather {{.*}} {npu.est_cycles = 405 : i64, npu.hbm_bytes = 144 : i64, npu.sram_bytes = 0 : i64}
func.func @gather(%t: memref<50x16xbf16, #hbm>, %i: memref<4xi32, #hbm>, %o: memref<4x16xbf16, #hbm>) {
  %tk = npu_tile.gather %t[%i], %o : memref<50x16xbf16, #hbm>, memref<4xi32, #hbm> -> memref<4x16xbf16, #hbm>
  npu_tile.wait %tk
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// vpu.cmp and vpu.sel cost like the other non-transcendental VPU ops:
// 256 elements on 64 lanes, 4 + 4 = 8 cycles each, 16 together.
// CHECK-LABEL: func.func @compare_select
// CHECK: npu_tile.vpu.binary cmp_lt {{.*}} {npu.est_cycles = 16 : i64, npu.hbm_bytes = 0 : i64, npu.sram_bytes = 0 : i64}
func.func @compare_select(%x: memref<16x16xf32, #sram>, %m: memref<16x16xi8, #sram>) {
  npu_tile.vpu.binary cmp_lt %x, 0.000000e+00, %m : memref<16x16xf32, #sram>, memref<16x16xi8, #sram> loc("s")
  npu_tile.vpu.select %m, %x, 0xFF800000, %x : memref<16x16xi8, #sram>, memref<16x16xf32, #sram>, memref<16x16xf32, #sram> loc("s")
  return
}

// -----

#sram = #npu_tile.space<sram>

// pow and log are transcendental (4 + 4 * 8 = 36 cycles each on 256
// elements), abs and the row reductions min and prod are not (4 + 4):
// 36 + 36 + 3 * 8 = 96. SRAM: 1024 + 64 bytes.
// CHECK-LABEL: func.func @math
// CHECK: npu_tile.alloc {npu.est_cycles = 96 : i64, npu.hbm_bytes = 0 : i64, npu.sram_bytes = 1088 : i64}
// CHECK-NOT: npu.est_cycles
func.func @math() {
  %t = npu_tile.alloc : memref<16x16xf32, #sram> loc("m")
  %c = npu_tile.alloc : memref<16x1xf32, #sram> loc("m")
  npu_tile.vpu.binary pow %t, col %c, %t : memref<16x16xf32, #sram>, memref<16x1xf32, #sram>, memref<16x16xf32, #sram> loc("m")
  npu_tile.vpu.unary log %t, %t : memref<16x16xf32, #sram>, memref<16x16xf32, #sram> loc("m")
  npu_tile.vpu.unary abs %t, %t : memref<16x16xf32, #sram>, memref<16x16xf32, #sram> loc("m")
  npu_tile.vpu.reduce min %t, %c : memref<16x16xf32, #sram>, memref<16x1xf32, #sram> loc("m")
  npu_tile.vpu.reduce prod %t, %c : memref<16x16xf32, #sram>, memref<16x1xf32, #sram> loc("m")
  return
}
