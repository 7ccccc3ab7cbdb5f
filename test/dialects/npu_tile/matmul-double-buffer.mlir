// A realistic npu_tile program: C[256,256] += A[256,512] x B[512,256] in
// 128x128x128 tiles. The A and B tiles are double buffered in ping-pong SRAM
// buffers: the copies of k-step s+1 run while the MXU multiplies step s, and
// their tokens travel to the next iteration through scf.for iter_args.
//
// RUN: npu-opt %s | FileCheck %s
// RUN: npu-opt %s | npu-opt | FileCheck %s
// RUN: npu-opt %s --mlir-print-op-generic | npu-opt | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// CHECK: #[[HBM:.+]] = #npu_tile.space<hbm>
// CHECK: #[[SRAM:.+]] = #npu_tile.space<sram>

// CHECK-LABEL: func.func @tiled_matmul
// CHECK-SAME: (%[[A:.+]]: memref<256x512xbf16, #[[HBM]]>, %[[B:.+]]: memref<512x256xbf16, #[[HBM]]>, %[[C:.+]]: memref<256x256xf32, #[[HBM]]>)
func.func @tiled_matmul(%A: memref<256x512xbf16, #hbm>,
                        %B: memref<512x256xbf16, #hbm>,
                        %C: memref<256x256xf32, #hbm>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c128 = arith.constant 128 : index
  %c256 = arith.constant 256 : index
  %c384 = arith.constant 384 : index
  // CHECK: %[[ABUF:.+]] = npu_tile.alloc {alignment = 64 : i64, offset = 0 : i64} : memref<2x128x128xbf16, #[[SRAM]]>
  // CHECK: %[[BBUF:.+]] = npu_tile.alloc {alignment = 64 : i64, offset = 65536 : i64} : memref<2x128x128xbf16, #[[SRAM]]>
  // CHECK: %[[CBUF:.+]] = npu_tile.alloc {alignment = 64 : i64, offset = 131072 : i64} : memref<128x128xf32, #[[SRAM]]>
  %abuf = npu_tile.alloc {alignment = 64 : i64, offset = 0 : i64}
      : memref<2x128x128xbf16, #sram>
  %bbuf = npu_tile.alloc {alignment = 64 : i64, offset = 65536 : i64}
      : memref<2x128x128xbf16, #sram>
  %cbuf = npu_tile.alloc {alignment = 64 : i64, offset = 131072 : i64}
      : memref<128x128xf32, #sram>
  // CHECK: scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
  scf.for %i = %c0 to %c256 step %c128 {
    // CHECK: scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
    scf.for %j = %c0 to %c256 step %c128 {
      // Load the C tile that the k loop accumulates into.
      // CHECK: %[[CT:.+]] = memref.subview %[[C]][%[[I]], %[[J]]] [128, 128] [1, 1]
      // CHECK: %[[TC:.+]] = npu_tile.dma %[[CT]], %[[CBUF]] channel 2 : memref<128x128xf32, strided<[256, 1], offset: ?>, #[[HBM]]> -> memref<128x128xf32, #[[SRAM]]>
      %ct = memref.subview %C[%i, %j] [128, 128] [1, 1]
          : memref<256x256xf32, #hbm>
            to memref<128x128xf32, strided<[256, 1], offset: ?>, #hbm>
      %tc = npu_tile.dma %ct, %cbuf channel 2
          : memref<128x128xf32, strided<[256, 1], offset: ?>, #hbm>
         -> memref<128x128xf32, #sram>

      // Prologue: k-step 0 into slot 0.
      // CHECK: %[[A0:.+]] = memref.subview %[[A]][%[[I]], 0] [128, 128] [1, 1]
      // CHECK: %[[SA0:.+]] = memref.subview %[[ABUF]][0, 0, 0] [1, 128, 128] [1, 1, 1]
      // CHECK: %[[TA0:.+]] = npu_tile.dma %[[A0]], %[[SA0]] channel 0 : memref<128x128xbf16, strided<[512, 1], offset: ?>, #[[HBM]]> -> memref<128x128xbf16, strided<[128, 1]>, #[[SRAM]]>
      // CHECK: %[[TB0:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 1
      // CHECK: npu_tile.wait %[[TC]]
      %a0 = memref.subview %A[%i, 0] [128, 128] [1, 1]
          : memref<256x512xbf16, #hbm>
            to memref<128x128xbf16, strided<[512, 1], offset: ?>, #hbm>
      %b0 = memref.subview %B[0, %j] [128, 128] [1, 1]
          : memref<512x256xbf16, #hbm>
            to memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
      %sa0 = memref.subview %abuf[0, 0, 0] [1, 128, 128] [1, 1, 1]
          : memref<2x128x128xbf16, #sram>
            to memref<128x128xbf16, strided<[128, 1]>, #sram>
      %sb0 = memref.subview %bbuf[0, 0, 0] [1, 128, 128] [1, 1, 1]
          : memref<2x128x128xbf16, #sram>
            to memref<128x128xbf16, strided<[128, 1]>, #sram>
      %ta0 = npu_tile.dma %a0, %sa0 channel 0
          : memref<128x128xbf16, strided<[512, 1], offset: ?>, #hbm>
         -> memref<128x128xbf16, strided<[128, 1]>, #sram>
      %tb0 = npu_tile.dma %b0, %sb0 channel 1
          : memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
         -> memref<128x128xbf16, strided<[128, 1]>, #sram>
      npu_tile.wait %tc

      // Steady state, k = 0, 128, 256: prefetch step k + 128 into the other
      // slot, then wait for step k and multiply it.
      // CHECK: %[[R:.+]]:2 = scf.for %[[K:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[TA:.+]] = %[[TA0]], %[[TB:.+]] = %[[TB0]]) -> (!npu_tile.token, !npu_tile.token) {
      %r:2 = scf.for %k = %c0 to %c384 step %c128
          iter_args(%ta = %ta0, %tb = %tb0)
          -> (!npu_tile.token, !npu_tile.token) {
        %step = arith.divui %k, %c128 : index
        %slot = arith.remui %step, %c2 : index
        %next = arith.subi %c1, %slot : index
        %kn = arith.addi %k, %c128 : index
        %an = memref.subview %A[%i, %kn] [128, 128] [1, 1]
            : memref<256x512xbf16, #hbm>
              to memref<128x128xbf16, strided<[512, 1], offset: ?>, #hbm>
        %bn = memref.subview %B[%kn, %j] [128, 128] [1, 1]
            : memref<512x256xbf16, #hbm>
              to memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
        %san = memref.subview %abuf[%next, 0, 0] [1, 128, 128] [1, 1, 1]
            : memref<2x128x128xbf16, #sram>
              to memref<128x128xbf16, strided<[128, 1], offset: ?>, #sram>
        %sbn = memref.subview %bbuf[%next, 0, 0] [1, 128, 128] [1, 1, 1]
            : memref<2x128x128xbf16, #sram>
              to memref<128x128xbf16, strided<[128, 1], offset: ?>, #sram>
        // CHECK: %[[TAN:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 0 : memref<128x128xbf16, strided<[512, 1], offset: ?>, #[[HBM]]> -> memref<128x128xbf16, strided<[128, 1], offset: ?>, #[[SRAM]]>
        // CHECK: %[[TBN:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 1 : memref<128x128xbf16, strided<[256, 1], offset: ?>, #[[HBM]]> -> memref<128x128xbf16, strided<[128, 1], offset: ?>, #[[SRAM]]>
        %tan = npu_tile.dma %an, %san channel 0
            : memref<128x128xbf16, strided<[512, 1], offset: ?>, #hbm>
           -> memref<128x128xbf16, strided<[128, 1], offset: ?>, #sram>
        %tbn = npu_tile.dma %bn, %sbn channel 1
            : memref<128x128xbf16, strided<[256, 1], offset: ?>, #hbm>
           -> memref<128x128xbf16, strided<[128, 1], offset: ?>, #sram>
        %sa = memref.subview %abuf[%slot, 0, 0] [1, 128, 128] [1, 1, 1]
            : memref<2x128x128xbf16, #sram>
              to memref<128x128xbf16, strided<[128, 1], offset: ?>, #sram>
        %sb = memref.subview %bbuf[%slot, 0, 0] [1, 128, 128] [1, 1, 1]
            : memref<2x128x128xbf16, #sram>
              to memref<128x128xbf16, strided<[128, 1], offset: ?>, #sram>
        // CHECK: npu_tile.wait %[[TA]], %[[TB]]
        // CHECK-NEXT: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %[[CBUF]] accumulate : memref<128x128xbf16, strided<[128, 1], offset: ?>, #[[SRAM]]>, memref<128x128xbf16, strided<[128, 1], offset: ?>, #[[SRAM]]>, memref<128x128xf32, #[[SRAM]]>
        // CHECK-NEXT: scf.yield %[[TAN]], %[[TBN]] : !npu_tile.token, !npu_tile.token
        npu_tile.wait %ta, %tb
        npu_tile.matmul bf16 %sa, %sb, %cbuf accumulate
            : memref<128x128xbf16, strided<[128, 1], offset: ?>, #sram>,
              memref<128x128xbf16, strided<[128, 1], offset: ?>, #sram>,
              memref<128x128xf32, #sram>
        scf.yield %tan, %tbn : !npu_tile.token, !npu_tile.token
      }

      // Epilogue: k-step 3 is in slot 1.
      %sa3 = memref.subview %abuf[1, 0, 0] [1, 128, 128] [1, 1, 1]
          : memref<2x128x128xbf16, #sram>
            to memref<128x128xbf16, strided<[128, 1], offset: 16384>, #sram>
      %sb3 = memref.subview %bbuf[1, 0, 0] [1, 128, 128] [1, 1, 1]
          : memref<2x128x128xbf16, #sram>
            to memref<128x128xbf16, strided<[128, 1], offset: 16384>, #sram>
      // CHECK: npu_tile.wait %[[R]]#0, %[[R]]#1
      // CHECK-NEXT: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %[[CBUF]] accumulate
      npu_tile.wait %r#0, %r#1
      npu_tile.matmul bf16 %sa3, %sb3, %cbuf accumulate
          : memref<128x128xbf16, strided<[128, 1], offset: 16384>, #sram>,
            memref<128x128xbf16, strided<[128, 1], offset: 16384>, #sram>,
            memref<128x128xf32, #sram>

      // Write the C tile back before the next (i, j) reuses the buffer.
      // CHECK: %[[TW:.+]] = npu_tile.dma %[[CBUF]], %[[CT]] channel 2 : memref<128x128xf32, #[[SRAM]]> -> memref<128x128xf32, strided<[256, 1], offset: ?>, #[[HBM]]>
      // CHECK-NEXT: npu_tile.wait %[[TW]]
      %tw = npu_tile.dma %cbuf, %ct channel 2
          : memref<128x128xf32, #sram>
         -> memref<128x128xf32, strided<[256, 1], offset: ?>, #hbm>
      npu_tile.wait %tw
    }
  }
  return
}
