// npu-schedule-dma: trip counts, loop-carried values, waits on several
// tokens, the target from the module, and a run with npu-place-memory.
//
// The loops of 5 and 6 iterations stay loops with straight-pairs=1.
// RUN: npu-opt %s --npu-schedule-dma=straight-pairs=1 --split-input-file \
// RUN:   | FileCheck %s
// RUN: npu-opt %s --npu-schedule-dma=straight-pairs=1 --npu-place-memory \
// RUN:   --split-input-file | FileCheck %s --check-prefix=PLACED
// RUN: npu-opt %s --npu-schedule-dma=carry-tokens=false --split-input-file \
// RUN:   | FileCheck %s --check-prefix=NOCARRY

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// Three iterations: the one unrolled pair is emitted straight, not as a
// loop of one trip (loads of iterations 0 and 1, compute 0, load of 2 into
// slot 0, compute 1), then the last iteration.
// CHECK-LABEL: func.func @three
// CHECK-NOT: scf.for
// CHECK: %[[T0:.+]] = npu_tile.dma
// CHECK: %[[T1:.+]] = npu_tile.dma
// CHECK-NEXT: npu_tile.wait %[[T0]]
// CHECK-NEXT: npu_tile.vpu.unary relu
// CHECK: %[[T2:.+]] = npu_tile.dma
// CHECK-NEXT: npu_tile.wait %[[T1]]
// CHECK-NEXT: npu_tile.vpu.unary relu
// CHECK-NEXT: npu_tile.wait %[[T2]]
// CHECK-NEXT: npu_tile.vpu.unary relu
// CHECK-NEXT: return
// Placement: both slots (1 KiB each) are live over the loop and the peeled
// iteration.
// PLACED-LABEL: func.func @three
// PLACED-SAME: npu.sram_peak = 2048
// PLACED: npu_tile.alloc {alignment = 128 : i64, offset = 0 : i64} : memref<16x16xf32
// PLACED-NEXT: npu_tile.alloc {alignment = 128 : i64, offset = 1024 : i64} : memref<16x16xf32
// Without carried tokens: the one pair is peeled (both loads first), then
// the odd last iteration.
// NOCARRY-LABEL: func.func @three
// NOCARRY-NOT: scf.for
// NOCARRY: %[[T0:.+]] = npu_tile.dma
// NOCARRY: %[[T1:.+]] = npu_tile.dma
// NOCARRY: npu_tile.wait %[[T0]]
// NOCARRY-NEXT: npu_tile.vpu.unary relu
// NOCARRY: npu_tile.wait %[[T1]]
// NOCARRY-NEXT: npu_tile.vpu.unary relu
// NOCARRY: %[[T2:.+]] = npu_tile.dma
// NOCARRY: npu_tile.wait %[[T2]]
// NOCARRY-NEXT: npu_tile.vpu.unary relu
// NOCARRY-NEXT: return
func.func @three(%x: memref<48x16xf32, #hbm>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c48 = arith.constant 48 : index
  scf.for %i = %c0 to %c48 step %c16 {
    %in = npu_tile.alloc : memref<16x16xf32, #sram>
    %xs = memref.subview %x[%i, 0] [16, 16] [1, 1]
        : memref<48x16xf32, #hbm> to memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm>
    %t = npu_tile.dma %xs, %in
        : memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm> -> memref<16x16xf32, #sram>
    npu_tile.wait %t
    npu_tile.vpu.unary relu %in, %in : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
  }
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// Two iterations: no loop is left, both iterations are peeled and the
// second load is issued before the first compute.
// CHECK-LABEL: func.func @two
// CHECK-NOT: scf.for
// CHECK: %[[T0:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 0
// CHECK: %[[T1:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 1
// CHECK: npu_tile.wait %[[T0]]
// CHECK-NEXT: npu_tile.vpu.unary relu
// CHECK: npu_tile.wait %[[T1]]
// CHECK-NEXT: npu_tile.vpu.unary relu
// CHECK-NEXT: return
func.func @two(%x: memref<32x16xf32, #hbm>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  scf.for %i = %c0 to %c32 step %c16 {
    %in = npu_tile.alloc : memref<16x16xf32, #sram>
    %xs = memref.subview %x[%i, 0] [16, 16] [1, 1]
        : memref<32x16xf32, #hbm> to memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm>
    %t = npu_tile.dma %xs, %in
        : memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm> -> memref<16x16xf32, #sram>
    npu_tile.wait %t
    npu_tile.vpu.unary relu %in, %in : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
  }
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// Existing loop-carried values are kept (before the tokens), a wait on two
// tokens keeps the one that is not pipelined, and a copy from a global
// (the loop never writes it) is pipelined. The target comes from the
// module: npu-v1 has 8 channels, so the three loads in flight together get
// three channels.
// CHECK-LABEL: func.func @carried
// CHECK: %[[TW0:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 0
// CHECK: %[[R:.+]]:2 = scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}}, %[[TW:.+]] = %[[TW0]]) -> (index, !npu_tile.token)
// CHECK:   %[[TW1:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 1
// CHECK:   %[[TO:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 2
// CHECK:   npu_tile.wait %[[TO]], %[[TW]]
// CHECK:   %[[ACC1:.+]] = arith.addi %[[ACC]]
// CHECK:   npu_tile.wait %{{.+}}, %[[TW1]]
// CHECK:   %[[ACC2:.+]] = arith.addi %[[ACC1]]
// CHECK:   scf.yield %[[ACC2]], %{{.+}} : index, !npu_tile.token
// CHECK: npu_tile.wait %{{.+}}, %[[R]]#1
// CHECK: %[[ACC3:.+]] = arith.addi %[[R]]#0
// CHECK: npu_tile.vpu.unary relu
// CHECK: return %[[ACC3]]
module attributes {npu.target = "npu-v1"} {
  memref.global "private" constant @w : memref<80x16xbf16, #hbm> = dense<1.0>
  func.func @carried(%x: memref<16x16xbf16, #hbm>) -> index {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c16 = arith.constant 16 : index
    %c80 = arith.constant 80 : index
    %w = memref.get_global @w : memref<80x16xbf16, #hbm>
    %other = npu_tile.alloc : memref<16x16xbf16, #sram>
    %r = scf.for %i = %c0 to %c80 step %c16 iter_args(%acc = %c0) -> (index) {
      %wb = npu_tile.alloc : memref<16x16xbf16, #sram>
      %ws = memref.subview %w[%i, 0] [16, 16] [1, 1]
          : memref<80x16xbf16, #hbm> to memref<16x16xbf16, strided<[16, 1], offset: ?>, #hbm>
      %tw = npu_tile.dma %ws, %wb
          : memref<16x16xbf16, strided<[16, 1], offset: ?>, #hbm> -> memref<16x16xbf16, #sram>
      %to = npu_tile.dma %x, %other
          : memref<16x16xbf16, #hbm> -> memref<16x16xbf16, #sram>
      npu_tile.wait %to, %tw
      npu_tile.vpu.binary add %wb, %other, %other
          : memref<16x16xbf16, #sram>, memref<16x16xbf16, #sram>, memref<16x16xbf16, #sram>
      %next = arith.addi %acc, %c1 : index
      scf.yield %next : index
    }
    // %other is used after the loop: its load is not double buffered.
    npu_tile.vpu.unary relu %other, %other
        : memref<16x16xbf16, #sram>, memref<16x16xbf16, #sram>
    return %r : index
  }
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// The form npu-tile-graph emits: buffers allocated once before the loops.
// A buffer used only inside a loop, and written by the load before any
// other use in each iteration, is replaced by a pair before the loop (the
// original alloc and its dealloc are dropped). Here on npu-tiny (256 KiB):
// the A tile (16 KiB) of the inner loop is double buffered, but the B panel
// (128 KiB) of the outer loop is not, because two B buffers, the A pair and
// the C tile pair would not fit. The C tile, overwritten and stored in
// every iteration of the inner loop, is double buffered too.
// CHECK-LABEL: func.func @panel
// CHECK: %[[C:.+]] = npu_tile.alloc : memref<16x128xf32
// CHECK-NEXT: %[[C1:.+]] = npu_tile.alloc : memref<16x128xf32
// CHECK-NEXT: %[[B:.+]] = npu_tile.alloc : memref<512x128xbf16
// CHECK-NOT: npu_tile.alloc : memref<16x512xbf16
// CHECK: scf.for
// The slots and the first load of A are hoisted above the load of the B
// panel and its wait, so that both loads are in flight together.
// CHECK: %[[A0:.+]] = npu_tile.alloc : memref<16x512xbf16
// CHECK-NEXT: %[[A1:.+]] = npu_tile.alloc : memref<16x512xbf16
// CHECK: npu_tile.dma %{{.+}}, %[[A0]]
// CHECK-NEXT: %[[TB:.+]] = npu_tile.dma %{{.+}}, %[[B]]
// CHECK-NEXT: npu_tile.wait %[[TB]]
// CHECK: scf.for {{.+}} iter_args
// CHECK-NOT: npu_tile.dealloc
// CHECK: return
// Without carried tokens the inner loop (6 iterations) becomes a loop of
// three pairs without iteration arguments.
// NOCARRY-LABEL: func.func @panel
// NOCARRY: scf.for
// NOCARRY: %[[A0:.+]] = npu_tile.alloc : memref<16x512xbf16
// NOCARRY-NEXT: %[[A1:.+]] = npu_tile.alloc : memref<16x512xbf16
// NOCARRY: scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
// NOCARRY-NEXT: memref.subview %{{.+}}[%[[I]], 0] [16, 512]
// NOCARRY-NEXT: %[[T0:.+]] = npu_tile.dma %{{.+}}, %[[A0]]
// NOCARRY-NEXT: %[[I1:.+]] = arith.addi %[[I]]
// NOCARRY-NEXT: memref.subview %{{.+}}[%[[I1]], 0] [16, 512]
// NOCARRY-NEXT: %[[T1:.+]] = npu_tile.dma %{{.+}}, %[[A1]]
// NOCARRY: npu_tile.wait %[[T0]]
// NOCARRY-NEXT: npu_tile.matmul
// NOCARRY: npu_tile.wait %[[T1]]
// NOCARRY: }
// NOCARRY-NOT: scf.for
// NOCARRY: return
// PLACED-LABEL: func.func @panel
// PLACED-SAME: npu.sram_peak = 180224
module attributes {npu.target = "npu-tiny"} {
  func.func @panel(%A: memref<96x512xbf16, #hbm>, %B: memref<512x256xbf16, #hbm>,
                   %C: memref<96x256xf32, #hbm>) {
    %c0 = arith.constant 0 : index
    %c16 = arith.constant 16 : index
    %c96 = arith.constant 96 : index
    %c128 = arith.constant 128 : index
    %c256 = arith.constant 256 : index
    %a = npu_tile.alloc : memref<16x512xbf16, #sram>
    %c = npu_tile.alloc : memref<16x128xf32, #sram>
    %b = npu_tile.alloc : memref<512x128xbf16, #sram>
    scf.for %j = %c0 to %c256 step %c128 {
      %bs = memref.subview %B[0, %j] [512, 128] [1, 1]
          : memref<512x256xbf16, #hbm> to memref<512x128xbf16, strided<[256, 1], offset: ?>, #hbm>
      %tb = npu_tile.dma %bs, %b
          : memref<512x128xbf16, strided<[256, 1], offset: ?>, #hbm> -> memref<512x128xbf16, #sram>
      npu_tile.wait %tb
      scf.for %i = %c0 to %c96 step %c16 {
        %as = memref.subview %A[%i, 0] [16, 512] [1, 1]
            : memref<96x512xbf16, #hbm> to memref<16x512xbf16, strided<[512, 1], offset: ?>, #hbm>
        %ta = npu_tile.dma %as, %a
            : memref<16x512xbf16, strided<[512, 1], offset: ?>, #hbm> -> memref<16x512xbf16, #sram>
        npu_tile.wait %ta
        npu_tile.matmul bf16 %a, %b, %c
            : memref<16x512xbf16, #sram>, memref<512x128xbf16, #sram>, memref<16x128xf32, #sram>
        %cs = memref.subview %C[%i, %j] [16, 128] [1, 1]
            : memref<96x256xf32, #hbm> to memref<16x128xf32, strided<[256, 1], offset: ?>, #hbm>
        %tc = npu_tile.dma %c, %cs
            : memref<16x128xf32, #sram> -> memref<16x128xf32, strided<[256, 1], offset: ?>, #hbm>
        npu_tile.wait %tc
      }
    }
    npu_tile.dealloc %a : memref<16x512xbf16, #sram>
    return
  }
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// An output tile allocated before the loop, overwritten by a matmul and
// stored to HBM in every iteration, is double buffered with the loads: the
// original alloc is slot 0, a second alloc (and dealloc) slot 1. The store
// of slot 0 completes while the matmul of the next iteration writes slot 1;
// its wait moves down to the next store to %C.
// CHECK-LABEL: func.func @out_pair
// CHECK: %[[C0:.+]] = npu_tile.alloc : memref<16x128xf32
// CHECK-NEXT: %[[C1:.+]] = npu_tile.alloc : memref<16x128xf32
// CHECK: scf.for {{.+}} iter_args
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %[[C0]]
// CHECK: %[[TS0:.+]] = npu_tile.dma %[[C0]], %{{.+}}
// CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %[[C1]]
// CHECK-NEXT: memref.subview
// CHECK-NEXT: npu_tile.wait %[[TS0]]
// CHECK-NEXT: %[[TS1:.+]] = npu_tile.dma %[[C1]], %{{.+}}
// CHECK-NEXT: npu_tile.wait %[[TS1]]
// The last store, outside the loop (8 KiB), is split in two copies of 8
// rows, one per channel of npu-tiny, waited together.
// CHECK: %[[P0:.+]] = memref.subview %[[C1]][0, 0] [8, 128] [1, 1]
// CHECK-NEXT: %[[H0:.+]] = memref.subview %{{.+}}[0, 0] [8, 128] [1, 1]
// CHECK-NEXT: %[[TS3:.+]] = npu_tile.dma %[[P0]], %[[H0]] channel 0 :
// CHECK-NEXT: %[[P1:.+]] = memref.subview %[[C1]][8, 0] [8, 128] [1, 1]
// CHECK-NEXT: %[[H1:.+]] = memref.subview %{{.+}}[8, 0] [8, 128] [1, 1]
// CHECK-NEXT: %[[TS4:.+]] = npu_tile.dma %[[P1]], %[[H1]] channel 1 :
// CHECK-NEXT: npu_tile.dealloc %[[C0]]
// CHECK-NEXT: npu_tile.wait %[[TS3]], %[[TS4]]
// CHECK-NEXT: npu_tile.dealloc %[[C1]]
// CHECK-NEXT: return
// PLACED-LABEL: func.func @out_pair
// NOCARRY-LABEL: func.func @out_pair
// NOCARRY: %[[C0:.+]] = npu_tile.alloc : memref<16x128xf32
// NOCARRY-NEXT: %[[C1:.+]] = npu_tile.alloc : memref<16x128xf32
module attributes {npu.target = "npu-tiny"} {
  func.func @out_pair(%A: memref<96x512xbf16, #hbm>, %B: memref<512x128xbf16, #hbm>,
                      %C: memref<96x128xf32, #hbm>) {
    %c0 = arith.constant 0 : index
    %c16 = arith.constant 16 : index
    %c96 = arith.constant 96 : index
    %b = npu_tile.alloc : memref<512x128xbf16, #sram>
    %a = npu_tile.alloc : memref<16x512xbf16, #sram>
    %c = npu_tile.alloc : memref<16x128xf32, #sram>
    %tb = npu_tile.dma %B, %b : memref<512x128xbf16, #hbm> -> memref<512x128xbf16, #sram>
    npu_tile.wait %tb
    scf.for %i = %c0 to %c96 step %c16 {
      %as = memref.subview %A[%i, 0] [16, 512] [1, 1]
          : memref<96x512xbf16, #hbm> to memref<16x512xbf16, strided<[512, 1], offset: ?>, #hbm>
      %ta = npu_tile.dma %as, %a
          : memref<16x512xbf16, strided<[512, 1], offset: ?>, #hbm> -> memref<16x512xbf16, #sram>
      npu_tile.wait %ta
      npu_tile.matmul bf16 %a, %b, %c
          : memref<16x512xbf16, #sram>, memref<512x128xbf16, #sram>, memref<16x128xf32, #sram>
      %cs = memref.subview %C[%i, 0] [16, 128] [1, 1]
          : memref<96x128xf32, #hbm> to memref<16x128xf32, strided<[128, 1], offset: ?>, #hbm>
      %tc = npu_tile.dma %c, %cs
          : memref<16x128xf32, #sram> -> memref<16x128xf32, strided<[128, 1], offset: ?>, #hbm>
      npu_tile.wait %tc
    }
    npu_tile.dealloc %c : memref<16x128xf32, #sram>
    return
  }
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// An accumulating matmul reads the tile: it is not double buffered.
// CHECK-LABEL: func.func @out_acc
// CHECK: npu_tile.alloc : memref<16x128xf32
// CHECK-NOT: npu_tile.alloc : memref<16x128xf32
// CHECK: return
// PLACED-LABEL: func.func @out_acc
// NOCARRY-LABEL: func.func @out_acc
module attributes {npu.target = "npu-tiny"} {
  func.func @out_acc(%A: memref<64x512xbf16, #hbm>, %B: memref<512x128xbf16, #hbm>,
                     %C: memref<64x128xf32, #hbm>) {
    %c0 = arith.constant 0 : index
    %c16 = arith.constant 16 : index
    %c64 = arith.constant 64 : index
    %b = npu_tile.alloc : memref<512x128xbf16, #sram>
    %a = npu_tile.alloc : memref<16x512xbf16, #sram>
    %c = npu_tile.alloc : memref<16x128xf32, #sram>
    %tb = npu_tile.dma %B, %b : memref<512x128xbf16, #hbm> -> memref<512x128xbf16, #sram>
    npu_tile.wait %tb
    scf.for %i = %c0 to %c64 step %c16 {
      %as = memref.subview %A[%i, 0] [16, 512] [1, 1]
          : memref<64x512xbf16, #hbm> to memref<16x512xbf16, strided<[512, 1], offset: ?>, #hbm>
      %ta = npu_tile.dma %as, %a
          : memref<16x512xbf16, strided<[512, 1], offset: ?>, #hbm> -> memref<16x512xbf16, #sram>
      npu_tile.wait %ta
      npu_tile.matmul bf16 %a, %b, %c accumulate
          : memref<16x512xbf16, #sram>, memref<512x128xbf16, #sram>, memref<16x128xf32, #sram>
      %cs = memref.subview %C[%i, 0] [16, 128] [1, 1]
          : memref<64x128xf32, #hbm> to memref<16x128xf32, strided<[128, 1], offset: ?>, #hbm>
      %tc = npu_tile.dma %c, %cs
          : memref<16x128xf32, #sram> -> memref<16x128xf32, strided<[128, 1], offset: ?>, #hbm>
      npu_tile.wait %tc
    }
    return
  }
}

// -----

// A buffer allocated before the loop and used before it (the first
// iteration peeled, as npu-tile-graph emits the non-accumulating first k
// step) is still double buffered: the uses before the loop keep the
// original buffer, the loop uses the two slots.
// CHECK-LABEL: func.func @peeled
// CHECK: %[[IN:.+]] = npu_tile.alloc : memref<16x16xf32
// CHECK: npu_tile.dma %{{.+}}, %[[IN]]
// CHECK: npu_tile.vpu.unary exp %[[IN]]
// CHECK-NEXT: %[[S0:.+]] = npu_tile.alloc : memref<16x16xf32
// CHECK-NEXT: %[[S1:.+]] = npu_tile.alloc : memref<16x16xf32
// CHECK: %[[T0:.+]] = npu_tile.dma %{{.+}}, %[[S0]]
// CHECK: scf.for {{.+}} iter_args(%{{.+}} = %[[T0]])
// CHECK-NOT: %[[IN]]
// CHECK: return
#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-tiny"} {
  func.func @peeled(%x: memref<96x16xf32, #hbm>) {
    %c16 = arith.constant 16 : index
    %c96 = arith.constant 96 : index
    %in = npu_tile.alloc : memref<16x16xf32, #sram>
    %acc = npu_tile.alloc : memref<16x16xf32, #sram>
    %x0 = memref.subview %x[0, 0] [16, 16] [1, 1]
        : memref<96x16xf32, #hbm> to memref<16x16xf32, strided<[16, 1]>, #hbm>
    %t0 = npu_tile.dma %x0, %in
        : memref<16x16xf32, strided<[16, 1]>, #hbm> -> memref<16x16xf32, #sram>
    npu_tile.wait %t0
    npu_tile.vpu.unary exp %in, %acc : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
    scf.for %i = %c16 to %c96 step %c16 {
      %xs = memref.subview %x[%i, 0] [16, 16] [1, 1]
          : memref<96x16xf32, #hbm> to memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm>
      %t = npu_tile.dma %xs, %in
          : memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm> -> memref<16x16xf32, #sram>
      npu_tile.wait %t
      npu_tile.vpu.binary add %acc, %in, %acc
          : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
    }
    return
  }
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// A load that writes its buffer through a reshape (two heads' rows stacked
// in one [8, 16] buffer, copied as [2, 4, 16] in one copy, as the fused
// attention kernel loads a group's queries) is double buffered like any:
// each slot gets its own reshape, and the next iteration's copy is issued
// before the current one's compute.
// CHECK-LABEL: func.func @reshaped
// CHECK: %[[S0:.+]] = npu_tile.alloc : memref<8x16xf32
// CHECK-NEXT: %[[S1:.+]] = npu_tile.alloc : memref<8x16xf32
// CHECK: %[[E0:.+]] = memref.expand_shape %[[S0]] {{\[\[}}0, 1], [2]] output_shape [2, 4, 16]
// CHECK-NEXT: %[[T0:.+]] = npu_tile.dma %{{.+}}, %[[E0]]
// CHECK: %[[E1:.+]] = memref.expand_shape %[[S1]] {{\[\[}}0, 1], [2]] output_shape [2, 4, 16]
// CHECK-NEXT: %[[T1:.+]] = npu_tile.dma %{{.+}}, %[[E1]]
// CHECK-NEXT: npu_tile.wait %[[T0]]
// CHECK-NEXT: npu_tile.vpu.unary relu %[[S0]], %[[S0]]
// CHECK-NOT: npu_tile.alloc : memref<8x16xf32
// CHECK: npu_tile.wait %[[T1]]
// CHECK-NEXT: npu_tile.vpu.unary relu %[[S1]], %[[S1]]
// CHECK-NOT: memref.expand_shape
// CHECK: return
func.func @reshaped(%x: memref<2x8x4x16xf32, #hbm>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  scf.for %i = %c0 to %c2 step %c1 {
    %in = npu_tile.alloc : memref<8x16xf32, #sram>
    %xs = memref.subview %x[0, %i, 0, 0] [1, 2, 4, 16] [1, 1, 1, 1]
        : memref<2x8x4x16xf32, #hbm> to memref<2x4x16xf32, strided<[64, 16, 1], offset: ?>, #hbm>
    %view = memref.expand_shape %in [[0, 1], [2]] output_shape [2, 4, 16]
        : memref<8x16xf32, #sram> into memref<2x4x16xf32, #sram>
    %t = npu_tile.dma %xs, %view
        : memref<2x4x16xf32, strided<[64, 16, 1], offset: ?>, #hbm> -> memref<2x4x16xf32, #sram>
    npu_tile.wait %t
    npu_tile.vpu.unary relu %in, %in : memref<8x16xf32, #sram>, memref<8x16xf32, #sram>
  }
  return
}
