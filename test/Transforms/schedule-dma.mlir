// Tests of npu-schedule-dma: double buffering of loads, asynchronous
// stores, channel assignment.
//
// The loops of 6 iterations (two pairs) stay loops with straight-pairs=1.
// RUN: npu-opt %s --npu-schedule-dma="target=npu-tiny straight-pairs=1" \
// RUN:   --split-input-file | FileCheck %s
// RUN: npu-opt %s --npu-schedule-dma="target=npu-tiny disable=true" \
// RUN:   --split-input-file | FileCheck %s --check-prefix=OFF
// RUN: not npu-opt %s --npu-schedule-dma=target=nope --split-input-file 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BADTARGET

// BADTARGET: error: option 'target' 'nope': unknown target 'nope'

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// The load of %x is double buffered in two 16x32 buffers (slots). The loop
// is unrolled by two so that each half uses a fixed slot (addresses stay
// affine): the load of iteration 0 goes to slot 0 before the loop; each half
// of the loop body first issues the load of the next iteration into the
// other slot, then waits for its own. The last two iterations are peeled,
// without loads past the end. The store of the first half completes while
// the second half computes (its wait moves down to the next store to %y).
// Prefetches and stores use the two channels of npu-tiny.
// CHECK-LABEL: func.func @simple
// CHECK-SAME: (%[[X:.+]]: memref<96x32xf32, #{{.+}}>, %[[Y:.+]]: memref<96x32xf32, #{{.+}}>)
// CHECK: %[[S0:.+]] = npu_tile.alloc : memref<16x32xf32, #[[SRAM:.+]]>
// CHECK-NEXT: %[[S1:.+]] = npu_tile.alloc : memref<16x32xf32, #[[SRAM]]>
// CHECK: %[[X0:.+]] = memref.subview %[[X]][%{{.+}}, 0] [16, 32] [1, 1]
// CHECK-NEXT: %[[T0:.+]] = npu_tile.dma %[[X0]], %[[S0]] channel 0
// CHECK-DAG: %[[LB:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[UB:.+]] = arith.constant 64 : index
// CHECK-DAG: %[[STEP2:.+]] = arith.constant 32 : index
// CHECK-DAG: %[[STEP:.+]] = arith.constant 16 : index
// CHECK: %[[R:.+]] = scf.for %[[I:.+]] = %[[LB]] to %[[UB]] step %[[STEP2]] iter_args(%[[T:.+]] = %[[T0]]) -> (!npu_tile.token) {
// CHECK-NEXT:   %[[I1:.+]] = arith.addi %[[I]], %[[STEP]] : index
// CHECK-NEXT:   %[[X1:.+]] = memref.subview %[[X]][%[[I1]], 0] [16, 32] [1, 1]
// CHECK-NEXT:   %[[T1:.+]] = npu_tile.dma %[[X1]], %[[S1]] channel 1
// CHECK-NEXT:   npu_tile.wait %[[T]]
// CHECK-NEXT:   %[[OUT0:.+]] = npu_tile.alloc : memref<16x32xf32, #[[SRAM]]>
// CHECK-NEXT:   npu_tile.vpu.unary exp %[[S0]], %[[OUT0]]
// CHECK-NEXT:   %[[Y0:.+]] = memref.subview %[[Y]][%[[I]], 0]
// CHECK-NEXT:   %[[TS0:.+]] = npu_tile.dma %[[OUT0]], %[[Y0]] channel 0
// CHECK-NEXT:   %[[I2:.+]] = arith.addi %[[I1]], %[[STEP]] : index
// CHECK-NEXT:   %[[X2:.+]] = memref.subview %[[X]][%[[I2]], 0] [16, 32] [1, 1]
// CHECK-NEXT:   %[[T2:.+]] = npu_tile.dma %[[X2]], %[[S0]] channel 1
// CHECK-NEXT:   npu_tile.wait %[[T1]]
// CHECK-NEXT:   %[[OUT1:.+]] = npu_tile.alloc : memref<16x32xf32, #[[SRAM]]>
// CHECK-NEXT:   npu_tile.vpu.unary exp %[[S1]], %[[OUT1]]
// CHECK-NEXT:   %[[Y1:.+]] = memref.subview %[[Y]][%[[I1]], 0]
// CHECK-NEXT:   npu_tile.wait %[[TS0]]
// CHECK-NEXT:   %[[TS1:.+]] = npu_tile.dma %[[OUT1]], %[[Y1]] channel 0
// CHECK-NEXT:   npu_tile.wait %[[TS1]]
// CHECK-NEXT:   scf.yield %[[T2]] : !npu_tile.token
// CHECK-NEXT: }
// CHECK-NEXT: %[[C80:.+]] = arith.constant 80 : index
// CHECK-NEXT: %[[X3:.+]] = memref.subview %[[X]][%[[C80]], 0]
// CHECK-NEXT: %[[T3:.+]] = npu_tile.dma %[[X3]], %[[S1]] channel 1
// CHECK-NEXT: %[[C64:.+]] = arith.constant 64 : index
// CHECK-NEXT: npu_tile.wait %[[R]]
// CHECK-NEXT: %[[OUT2:.+]] = npu_tile.alloc
// CHECK-NEXT: npu_tile.vpu.unary exp %[[S0]], %[[OUT2]]
// CHECK-NEXT: %[[Y2:.+]] = memref.subview %[[Y]][%[[C64]], 0]
// CHECK-NEXT: %[[TS2:.+]] = npu_tile.dma %[[OUT2]], %[[Y2]] channel 0
// CHECK-NEXT: %[[C80B:.+]] = arith.constant 80 : index
// CHECK-NEXT: npu_tile.wait %[[T3]]
// CHECK-NEXT: %[[OUT3:.+]] = npu_tile.alloc
// CHECK-NEXT: npu_tile.vpu.unary exp %[[S1]], %[[OUT3]]
// CHECK-NEXT: %[[Y3:.+]] = memref.subview %[[Y]][%[[C80B]], 0]
// CHECK-NEXT: npu_tile.wait %[[TS2]]
// CHECK-NEXT: %[[TS3:.+]] = npu_tile.dma %[[OUT3]], %[[Y3]] channel 1
// CHECK-NEXT: npu_tile.wait %[[TS3]]
// CHECK-NEXT: return
// OFF-LABEL: func.func @simple
// OFF: scf.for
// OFF-NEXT: npu_tile.alloc
// OFF-NOT: channel
func.func @simple(%x: memref<96x32xf32, #hbm>, %y: memref<96x32xf32, #hbm>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c96 = arith.constant 96 : index
  scf.for %i = %c0 to %c96 step %c16 {
    %in = npu_tile.alloc : memref<16x32xf32, #sram>
    %xs = memref.subview %x[%i, 0] [16, 32] [1, 1]
        : memref<96x32xf32, #hbm> to memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm>
    %t = npu_tile.dma %xs, %in
        : memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm> -> memref<16x32xf32, #sram>
    npu_tile.wait %t
    %out = npu_tile.alloc : memref<16x32xf32, #sram>
    npu_tile.vpu.unary exp %in, %out
        : memref<16x32xf32, #sram>, memref<16x32xf32, #sram>
    %ys = memref.subview %y[%i, 0] [16, 32] [1, 1]
        : memref<96x32xf32, #hbm> to memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm>
    %ts = npu_tile.dma %out, %ys
        : memref<16x32xf32, #sram> -> memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm>
    npu_tile.wait %ts
  }
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// A matmul nest as npu-tile-graph emits it (synchronous loads). The k loop
// double buffers A and B; the C tile is stored from the (i, j) body.
// CHECK-LABEL: func.func @matmul
// CHECK: scf.for %[[I:.+]] =
// CHECK-NEXT: scf.for %[[J:.+]] =
// CHECK-NEXT: %[[CBUF:.+]] = npu_tile.alloc : memref<32x32xf32
// CHECK-NEXT: npu_tile.vpu.binary mul
// CHECK-NEXT: %[[A0:.+]] = npu_tile.alloc : memref<32x32xbf16
// CHECK-NEXT: %[[A1:.+]] = npu_tile.alloc : memref<32x32xbf16
// CHECK-NEXT: %[[B0:.+]] = npu_tile.alloc : memref<32x32xbf16
// CHECK-NEXT: %[[B1:.+]] = npu_tile.alloc : memref<32x32xbf16
// CHECK: %[[TA0:.+]] = npu_tile.dma %{{.+}}, %[[A0]] channel 0
// CHECK: %[[TB0:.+]] = npu_tile.dma %{{.+}}, %[[B0]] channel 1
// CHECK: %[[R:.+]]:2 = scf.for %[[K:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[TA:.+]] = %[[TA0]], %[[TB:.+]] = %[[TB0]]) -> (!npu_tile.token, !npu_tile.token) {
// CHECK-NEXT:   %[[K1:.+]] = arith.addi %[[K]]
// CHECK-NEXT:   %[[AS1:.+]] = memref.subview %{{.+}}[%[[I]], %[[K1]]] [32, 32] [1, 1]
// CHECK-NEXT:   %[[TA1:.+]] = npu_tile.dma %[[AS1]], %[[A1]] channel 0
// CHECK-NEXT:   %[[BS1:.+]] = memref.subview %{{.+}}[%[[K1]], %[[J]]] [32, 32] [1, 1]
// CHECK-NEXT:   %[[TB1:.+]] = npu_tile.dma %[[BS1]], %[[B1]] channel 1
// CHECK-NEXT:   npu_tile.wait %[[TA]]
// CHECK-NEXT:   npu_tile.wait %[[TB]]
// CHECK-NEXT:   npu_tile.matmul bf16 %[[A0]], %[[B0]], %[[CBUF]] accumulate
// CHECK-NEXT:   %[[K2:.+]] = arith.addi %[[K1]]
// CHECK-NEXT:   %[[AS2:.+]] = memref.subview %{{.+}}[%[[I]], %[[K2]]] [32, 32] [1, 1]
// CHECK-NEXT:   %[[TA2:.+]] = npu_tile.dma %[[AS2]], %[[A0]] channel 0
// CHECK-NEXT:   %[[BS2:.+]] = memref.subview %{{.+}}[%[[K2]], %[[J]]] [32, 32] [1, 1]
// CHECK-NEXT:   %[[TB2:.+]] = npu_tile.dma %[[BS2]], %[[B0]] channel 1
// CHECK-NEXT:   npu_tile.wait %[[TA1]]
// CHECK-NEXT:   npu_tile.wait %[[TB1]]
// CHECK-NEXT:   npu_tile.matmul bf16 %[[A1]], %[[B1]], %[[CBUF]] accumulate
// CHECK-NEXT:   scf.yield %[[TA2]], %[[TB2]]
// CHECK-NEXT: }
// CHECK: %[[TA3:.+]] = npu_tile.dma %{{.+}}, %[[A1]] channel 0
// CHECK: %[[TB3:.+]] = npu_tile.dma %{{.+}}, %[[B1]] channel 1
// CHECK: npu_tile.wait %[[R]]#0
// CHECK-NEXT: npu_tile.wait %[[R]]#1
// CHECK-NEXT: npu_tile.matmul bf16 %[[A0]], %[[B0]]
// CHECK: npu_tile.wait %[[TA3]]
// CHECK-NEXT: npu_tile.wait %[[TB3]]
// CHECK-NEXT: npu_tile.matmul bf16 %[[A1]], %[[B1]]
// CHECK: %[[TC:.+]] = npu_tile.dma %[[CBUF]], %{{.+}} channel
// CHECK-NEXT: npu_tile.wait %[[TC]]
// CHECK-NEXT: }
// CHECK-NEXT: }
func.func @matmul(%A: memref<64x192xbf16, #hbm>, %B: memref<192x64xbf16, #hbm>,
                  %C: memref<64x64xf32, #hbm>) {
  %c0 = arith.constant 0 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %c192 = arith.constant 192 : index
  scf.for %i = %c0 to %c64 step %c32 {
    scf.for %j = %c0 to %c64 step %c32 {
      %cbuf = npu_tile.alloc : memref<32x32xf32, #sram>
      npu_tile.vpu.binary mul %cbuf, 0.0, %cbuf
          : memref<32x32xf32, #sram>, memref<32x32xf32, #sram>
      scf.for %k = %c0 to %c192 step %c32 {
        %abuf = npu_tile.alloc : memref<32x32xbf16, #sram>
        %as = memref.subview %A[%i, %k] [32, 32] [1, 1]
            : memref<64x192xbf16, #hbm> to memref<32x32xbf16, strided<[192, 1], offset: ?>, #hbm>
        %ta = npu_tile.dma %as, %abuf
            : memref<32x32xbf16, strided<[192, 1], offset: ?>, #hbm> -> memref<32x32xbf16, #sram>
        npu_tile.wait %ta
        %bbuf = npu_tile.alloc : memref<32x32xbf16, #sram>
        %bs = memref.subview %B[%k, %j] [32, 32] [1, 1]
            : memref<192x64xbf16, #hbm> to memref<32x32xbf16, strided<[64, 1], offset: ?>, #hbm>
        %tb = npu_tile.dma %bs, %bbuf
            : memref<32x32xbf16, strided<[64, 1], offset: ?>, #hbm> -> memref<32x32xbf16, #sram>
        npu_tile.wait %tb
        npu_tile.matmul bf16 %abuf, %bbuf, %cbuf accumulate
            : memref<32x32xbf16, #sram>, memref<32x32xbf16, #sram>, memref<32x32xf32, #sram>
      }
      %cs = memref.subview %C[%i, %j] [32, 32] [1, 1]
          : memref<64x64xf32, #hbm> to memref<32x32xf32, strided<[64, 1], offset: ?>, #hbm>
      %tc = npu_tile.dma %cbuf, %cs
          : memref<32x32xf32, #sram> -> memref<32x32xf32, strided<[64, 1], offset: ?>, #hbm>
      npu_tile.wait %tc
    }
  }
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// A store in the middle of the body completes while the rest of the body
// runs: its wait moves down to the end of the block, but not past an op
// that writes its source.
// CHECK-LABEL: func.func @store
// CHECK: %[[T1:.+]] = npu_tile.dma %[[B:.+]], %{{.+}} channel 1
// CHECK-NEXT: npu_tile.vpu.unary relu
// CHECK-NEXT: %[[T2:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 0
// CHECK-NEXT: npu_tile.wait %[[T1]]
// CHECK-NEXT: npu_tile.vpu.unary exp %{{.+}}, %[[B]]
// CHECK-NEXT: npu_tile.wait %[[T2]]
// CHECK-NEXT: return
func.func @store(%x: memref<16x16xf32, #hbm>, %y: memref<16x16xf32, #hbm>,
                 %z: memref<16x16xf32, #hbm>) {
  %a = npu_tile.alloc : memref<16x16xf32, #sram>
  %b = npu_tile.alloc : memref<16x16xf32, #sram>
  %t0 = npu_tile.dma %x, %a : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
  npu_tile.wait %t0
  npu_tile.vpu.unary exp %a, %b : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
  %t1 = npu_tile.dma %b, %y : memref<16x16xf32, #sram> -> memref<16x16xf32, #hbm>
  npu_tile.wait %t1
  // Reads %b: fine while the store is in flight.
  npu_tile.vpu.unary relu %b, %a : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
  %t2 = npu_tile.dma %a, %z : memref<16x16xf32, #sram> -> memref<16x16xf32, #hbm>
  npu_tile.wait %t2
  // Writes %b: the store of %b must have completed.
  npu_tile.vpu.unary exp %a, %b : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// Loops that must not be transformed.
// CHECK-LABEL: func.func @not_transformed
// CHECK-NOT: iter_args(%{{.+}} = %{{.+}}) -> (!npu_tile.token
// CHECK: scf.for
// CHECK-NEXT: npu_tile.alloc : memref<16x32xf32
// CHECK: scf.for
// CHECK-NEXT: npu_tile.alloc : memref<16x32xf32
// CHECK: scf.for
// CHECK-NEXT: npu_tile.alloc : memref<16x32xf32
// CHECK: scf.for
// CHECK-NEXT: npu_tile.alloc : memref<16x32xf32
// CHECK: scf.for
// CHECK-NEXT: npu_tile.alloc : memref<16x32xf32
// CHECK-NOT: scf.for
// CHECK: return
func.func @not_transformed(%x: memref<64x32xf32, #hbm>, %y: memref<64x32xf32, #hbm>,
                           %n: index) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c48 = arith.constant 48 : index
  %c64 = arith.constant 64 : index
  // The address depends on a loop-carried value, not only on %i.
  %r = scf.for %i = %c0 to %c64 step %c16 iter_args(%row = %c0) -> (index) {
    %in = npu_tile.alloc : memref<16x32xf32, #sram>
    %xs = memref.subview %x[%row, 0] [16, 32] [1, 1]
        : memref<64x32xf32, #hbm> to memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm>
    %t = npu_tile.dma %xs, %in
        : memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm> -> memref<16x32xf32, #sram>
    npu_tile.wait %t
    npu_tile.vpu.unary exp %in, %in : memref<16x32xf32, #sram>, memref<16x32xf32, #sram>
    %next = arith.addi %row, %c16 : index
    scf.yield %next : index
  }
  // The loop writes the buffer it loads from (in place): a prefetch could
  // read data before the previous iteration's store.
  scf.for %i = %c0 to %c48 step %c16 {
    %in = npu_tile.alloc : memref<16x32xf32, #sram>
    %i1 = arith.addi %i, %c16 : index
    %xs = memref.subview %x[%i1, 0] [16, 32] [1, 1]
        : memref<64x32xf32, #hbm> to memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm>
    %t = npu_tile.dma %xs, %in
        : memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm> -> memref<16x32xf32, #sram>
    npu_tile.wait %t
    npu_tile.vpu.unary exp %in, %in : memref<16x32xf32, #sram>, memref<16x32xf32, #sram>
    %xo = memref.subview %x[%i, 0] [16, 32] [1, 1]
        : memref<64x32xf32, #hbm> to memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm>
    %ts = npu_tile.dma %in, %xo
        : memref<16x32xf32, #sram> -> memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm>
    npu_tile.wait %ts
  }
  // Not constant bounds.
  scf.for %i = %c0 to %n step %c16 {
    %in = npu_tile.alloc : memref<16x32xf32, #sram>
    %xs = memref.subview %x[%i, 0] [16, 32] [1, 1]
        : memref<64x32xf32, #hbm> to memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm>
    %t = npu_tile.dma %xs, %in
        : memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm> -> memref<16x32xf32, #sram>
    npu_tile.wait %t
    npu_tile.vpu.unary exp %in, %in : memref<16x32xf32, #sram>, memref<16x32xf32, #sram>
  }
  // A single iteration.
  scf.for %i = %c0 to %c16 step %c16 {
    %in = npu_tile.alloc : memref<16x32xf32, #sram>
    %xs = memref.subview %x[%i, 0] [16, 32] [1, 1]
        : memref<64x32xf32, #hbm> to memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm>
    %t = npu_tile.dma %xs, %in
        : memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm> -> memref<16x32xf32, #sram>
    npu_tile.wait %t
    npu_tile.vpu.unary exp %in, %in : memref<16x32xf32, #sram>, memref<16x32xf32, #sram>
  }
  // The buffer is written before the load (not the first use).
  scf.for %i = %c0 to %c64 step %c16 {
    %in = npu_tile.alloc : memref<16x32xf32, #sram>
    npu_tile.vpu.unary exp %in, %in : memref<16x32xf32, #sram>, memref<16x32xf32, #sram>
    %xs = memref.subview %x[%i, 0] [16, 32] [1, 1]
        : memref<64x32xf32, #hbm> to memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm>
    %t = npu_tile.dma %xs, %in
        : memref<16x32xf32, strided<[32, 1], offset: ?>, #hbm> -> memref<16x32xf32, #sram>
    npu_tile.wait %t
    npu_tile.vpu.unary exp %in, %in : memref<16x32xf32, #sram>, memref<16x32xf32, #sram>
  }
  return
}

// -----

// Channel assignment: the load of %z goes to channel 0, not to channel 1
// that has fewer bytes but whose last copy is a store: the store waits at
// the head of its channel's queue for the exp that produces its source,
// and would hold up a load queued behind it.
// CHECK-LABEL: func.func @behind_store
// CHECK: npu_tile.dma %{{.+}}, %{{.+}} channel 0 : memref<16x48xf32
// CHECK: npu_tile.dma %{{.+}}, %{{.+}} channel 1 : memref<16x16xf32, #{{.+}}> -> memref<16x16xf32, #hbm>
// CHECK-NEXT: npu_tile.dma %{{.+}}, %{{.+}} channel 0 : memref<16x16xf32, #hbm>
// OFF-LABEL: func.func @behind_store
#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @behind_store(%x: memref<16x48xf32, #hbm>, %y: memref<16x16xf32, #hbm>,
                        %z: memref<16x16xf32, #hbm>) {
  %a = npu_tile.alloc : memref<16x48xf32, #sram>
  %b = npu_tile.alloc : memref<16x16xf32, #sram>
  %c = npu_tile.alloc : memref<16x16xf32, #sram>
  %t0 = npu_tile.dma %x, %a : memref<16x48xf32, #hbm> -> memref<16x48xf32, #sram>
  npu_tile.wait %t0
  %a0 = memref.subview %a[0, 0] [16, 16] [1, 1]
      : memref<16x48xf32, #sram> to memref<16x16xf32, strided<[48, 1]>, #sram>
  npu_tile.vpu.unary exp %a0, %b : memref<16x16xf32, strided<[48, 1]>, #sram>, memref<16x16xf32, #sram>
  %t1 = npu_tile.dma %b, %y : memref<16x16xf32, #sram> -> memref<16x16xf32, #hbm>
  %t2 = npu_tile.dma %z, %c : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
  npu_tile.wait %t2
  npu_tile.vpu.unary relu %c, %c : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
  npu_tile.wait %t1
  return
}
