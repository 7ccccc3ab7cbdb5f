// The memory effects of the npu_tile ops, as generic passes see them: an
// unused alloc is dead, copies, waits and compute ops are never removed or
// merged.
//
// RUN: npu-opt %s -cse -canonicalize | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// CHECK-LABEL: func.func @effects
func.func @effects(%x: memref<16x16xf32, #hbm>) {
  // CHECK-NOT: npu_tile.alloc : memref<8xf32
  %unused = npu_tile.alloc : memref<8xf32, #sram>
  // CHECK: %[[BUF:.+]] = npu_tile.alloc : memref<16x16xf32, #[[SRAM:.+]]>
  %buf = npu_tile.alloc : memref<16x16xf32, #sram>
  // CHECK: %[[T:.+]] = npu_tile.dma %{{.+}}, %[[BUF]]
  // CHECK: npu_tile.wait %[[T]]
  // CHECK: %[[T1:.+]] = npu_tile.dma %{{.+}}, %[[BUF]]
  // CHECK: npu_tile.wait %[[T1]]
  %t0 = npu_tile.dma %x, %buf : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
  npu_tile.wait %t0
  %t1 = npu_tile.dma %x, %buf : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
  npu_tile.wait %t1
  // CHECK: npu_tile.vpu.unary exp
  // CHECK: npu_tile.vpu.unary exp
  // CHECK: npu_tile.vpu.reduce sum
  npu_tile.vpu.unary exp %buf, %buf : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
  npu_tile.vpu.unary exp %buf, %buf : memref<16x16xf32, #sram>, memref<16x16xf32, #sram>
  %col = npu_tile.alloc : memref<16x1xf32, #sram>
  npu_tile.vpu.reduce sum %buf, %col : memref<16x16xf32, #sram>, memref<16x1xf32, #sram>
  // A copy whose token is never waited is not dead either (it completes
  // before the program ends).
  // CHECK: npu_tile.dma %[[BUF]], %{{.+}}
  // CHECK-NEXT: return
  %t2 = npu_tile.dma %buf, %x : memref<16x16xf32, #sram> -> memref<16x16xf32, #hbm>
  return
}
