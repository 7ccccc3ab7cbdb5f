// npu-schedule-dma: unrolled pairs emitted straight (straight-pairs), and
// copies split over DMA channels. On npu-v1 one channel moves 256 bytes
// per cycle and HBM 1024: a W tile (768x512 bf16, 768 KiB) takes 500 +
// 3072 cycles on one channel, longer than the 128x768x512 matmul it
// overlaps (256 + 6 * 4 * 128 = 3328 cycles), so the double-buffered loads
// are issued as two copies of 384 rows; the very first one, which overlaps
// nothing, as four.
//
// RUN: npu-opt %s --npu-schedule-dma | FileCheck %s
// RUN: npu-opt %s --npu-schedule-dma=straight-pairs=1 \
// RUN:   | FileCheck %s --check-prefix=LOOP

// Six iterations, two pairs: straight code by default.
// CHECK-LABEL: func.func @pieces
// CHECK-NOT: scf.for
// The first W tile, four pieces, hoisted above the load of X (outside
// loops, in four pieces too) and its wait.
// CHECK: %[[W0:.+]] = npu_tile.alloc : memref<768x512xbf16
// CHECK-NEXT: %[[W1:.+]] = npu_tile.alloc : memref<768x512xbf16
// CHECK: %[[A0:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 0 : memref<192x512xbf16
// CHECK: %[[A1:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 1 : memref<192x512xbf16
// CHECK: %[[A2:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 2 : memref<192x512xbf16
// CHECK: %[[A3:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 3 : memref<192x512xbf16
// CHECK: %[[X0:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 4 : memref<32x768xbf16
// CHECK: %[[X1:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 5 : memref<32x768xbf16
// CHECK: %[[X2:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 6 : memref<32x768xbf16
// CHECK: %[[X3:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 7 : memref<32x768xbf16
// CHECK-NEXT: npu_tile.wait %[[X0]], %[[X1]], %[[X2]], %[[X3]]
// The next ones: two pieces.
// CHECK: %[[B0:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 4 : memref<384x512xbf16
// CHECK: %[[B1:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 5 : memref<384x512xbf16
// CHECK: npu_tile.wait %[[A0]], %[[A1]], %[[A2]], %[[A3]]
// CHECK-NEXT: npu_tile.matmul bf16 %{{.+}}, %[[W0]]
// A store followed by compute stays whole (its pieces would all wait for
// the matmul).
// CHECK: %[[S0:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 6 : memref<128x512xf32, #{{.+}}> ->
// CHECK: npu_tile.wait %[[B0]], %[[B1]]
// CHECK-NEXT: npu_tile.matmul bf16 %{{.+}}, %[[W1]]
// The waits of the stores move past the pairs: the one of the first store
// is just before the second store.
// CHECK-NEXT: memref.subview
// CHECK-NEXT: npu_tile.wait %[[S0]]
// CHECK-NEXT: npu_tile.dma %{{.+}}, %{{.+}} channel {{[0-9]}} : memref<128x512xf32, #{{.+}}> ->
// CHECK-COUNT-4: npu_tile.matmul
// The last store, after the last compute, in four pieces.
// CHECK: %[[L0:.+]] = npu_tile.dma %{{.+}}, %{{.+}} : memref<32x512xf32
// CHECK: %[[L1:.+]] = npu_tile.dma %{{.+}}, %{{.+}} : memref<32x512xf32
// CHECK: %[[L2:.+]] = npu_tile.dma %{{.+}}, %{{.+}} : memref<32x512xf32
// CHECK: %[[L3:.+]] = npu_tile.dma %{{.+}}, %{{.+}} : memref<32x512xf32
// CHECK-NEXT: npu_tile.wait %[[L0]], %[[L1]], %[[L2]], %[[L3]]
// CHECK-NEXT: return

// With straight-pairs=1 the pairs stay a loop of two trips; each W load is
// two copies whose tokens are both carried.
// LOOP-LABEL: func.func @pieces
// LOOP: %[[W0:.+]] = npu_tile.alloc : memref<768x512xbf16
// LOOP: %[[T0:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel {{[0-9]}} : memref<384x512xbf16
// LOOP: %[[T1:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel {{[0-9]}} : memref<384x512xbf16
// LOOP: %[[R:.+]]:2 = scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[I0:.+]] = %[[T0]], %[[I1:.+]] = %[[T1]]) -> (!npu_tile.token, !npu_tile.token) {
// LOOP: npu_tile.wait %[[I0]], %[[I1]]
// LOOP-NEXT: npu_tile.matmul bf16 %{{.+}}, %[[W0]]
// LOOP: scf.yield %{{.+}}, %{{.+}} : !npu_tile.token, !npu_tile.token
// LOOP: npu_tile.wait %[[R]]#0, %[[R]]#1
// LOOP-NEXT: npu_tile.matmul bf16 %{{.+}}, %[[W0]]

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

module attributes {npu.target = "npu-v1"} {
  func.func @pieces(%X: memref<128x768xbf16, #hbm>, %W: memref<768x3072xbf16, #hbm>,
                    %Y: memref<128x3072xf32, #hbm>) {
    %c0 = arith.constant 0 : index
    %c512 = arith.constant 512 : index
    %c3072 = arith.constant 3072 : index
    %x = npu_tile.alloc : memref<128x768xbf16, #sram>
    %w = npu_tile.alloc : memref<768x512xbf16, #sram>
    %y = npu_tile.alloc : memref<128x512xf32, #sram>
    %tx = npu_tile.dma %X, %x : memref<128x768xbf16, #hbm> -> memref<128x768xbf16, #sram>
    npu_tile.wait %tx
    scf.for %j = %c0 to %c3072 step %c512 {
      %ws = memref.subview %W[0, %j] [768, 512] [1, 1]
          : memref<768x3072xbf16, #hbm> to memref<768x512xbf16, strided<[3072, 1], offset: ?>, #hbm>
      %tw = npu_tile.dma %ws, %w
          : memref<768x512xbf16, strided<[3072, 1], offset: ?>, #hbm> -> memref<768x512xbf16, #sram>
      npu_tile.wait %tw
      npu_tile.matmul bf16 %x, %w, %y
          : memref<128x768xbf16, #sram>, memref<768x512xbf16, #sram>, memref<128x512xf32, #sram>
      %ys = memref.subview %Y[0, %j] [128, 512] [1, 1]
          : memref<128x3072xf32, #hbm> to memref<128x512xf32, strided<[3072, 1], offset: ?>, #hbm>
      %ty = npu_tile.dma %y, %ys
          : memref<128x512xf32, #sram> -> memref<128x512xf32, strided<[3072, 1], offset: ?>, #hbm>
      npu_tile.wait %ty
    }
    return
  }
}
