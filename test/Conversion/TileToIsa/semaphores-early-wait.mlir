// npu-lower-to-isa with more copies in flight than semaphores: npu-tiny
// has 16, and 18 copies are issued before their wait. The oldest copies of
// the block are waited early (a stall) and their semaphores reused; their
// own wait then emits nothing.
//
// RUN: npu-opt %s --npu-lower-to-isa | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// CHECK-LABEL: npu_isa.program
// CHECK-COUNT-16: npu_isa.dma.copy
// CHECK-NOT: npu_isa.dma.copy
// CHECK: npu_isa.sem.wait s0
// CHECK: npu_isa.dma.copy {{.*}}, signal = s0
// CHECK: npu_isa.sem.wait s1
// CHECK: npu_isa.dma.copy {{.*}}, signal = s1
// CHECK-NOT: npu_isa.dma.copy
// CHECK-COUNT-16: npu_isa.sem.wait s{{[0-9]+}}
// CHECK-NOT: npu_isa.sem.wait
// CHECK: npu_isa.halt
module attributes {npu.target = "npu-tiny"} {
  func.func @many(%x: memref<18x16xbf16, #hbm> {npu.io = "input", npu.name = "x"}) {
    %buf = npu_tile.alloc {offset = 0 : i64} : memref<18x16xbf16, #sram>
    %s0 = memref.subview %x[0, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 0>, #hbm>
    %d0 = memref.subview %buf[0, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 0>, #sram>
    %t0 = npu_tile.dma %s0, %d0 : memref<16xbf16, strided<[1], offset: 0>, #hbm> -> memref<16xbf16, strided<[1], offset: 0>, #sram>
    %s1 = memref.subview %x[1, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 16>, #hbm>
    %d1 = memref.subview %buf[1, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 16>, #sram>
    %t1 = npu_tile.dma %s1, %d1 : memref<16xbf16, strided<[1], offset: 16>, #hbm> -> memref<16xbf16, strided<[1], offset: 16>, #sram>
    %s2 = memref.subview %x[2, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 32>, #hbm>
    %d2 = memref.subview %buf[2, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 32>, #sram>
    %t2 = npu_tile.dma %s2, %d2 : memref<16xbf16, strided<[1], offset: 32>, #hbm> -> memref<16xbf16, strided<[1], offset: 32>, #sram>
    %s3 = memref.subview %x[3, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 48>, #hbm>
    %d3 = memref.subview %buf[3, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 48>, #sram>
    %t3 = npu_tile.dma %s3, %d3 : memref<16xbf16, strided<[1], offset: 48>, #hbm> -> memref<16xbf16, strided<[1], offset: 48>, #sram>
    %s4 = memref.subview %x[4, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 64>, #hbm>
    %d4 = memref.subview %buf[4, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 64>, #sram>
    %t4 = npu_tile.dma %s4, %d4 : memref<16xbf16, strided<[1], offset: 64>, #hbm> -> memref<16xbf16, strided<[1], offset: 64>, #sram>
    %s5 = memref.subview %x[5, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 80>, #hbm>
    %d5 = memref.subview %buf[5, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 80>, #sram>
    %t5 = npu_tile.dma %s5, %d5 : memref<16xbf16, strided<[1], offset: 80>, #hbm> -> memref<16xbf16, strided<[1], offset: 80>, #sram>
    %s6 = memref.subview %x[6, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 96>, #hbm>
    %d6 = memref.subview %buf[6, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 96>, #sram>
    %t6 = npu_tile.dma %s6, %d6 : memref<16xbf16, strided<[1], offset: 96>, #hbm> -> memref<16xbf16, strided<[1], offset: 96>, #sram>
    %s7 = memref.subview %x[7, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 112>, #hbm>
    %d7 = memref.subview %buf[7, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 112>, #sram>
    %t7 = npu_tile.dma %s7, %d7 : memref<16xbf16, strided<[1], offset: 112>, #hbm> -> memref<16xbf16, strided<[1], offset: 112>, #sram>
    %s8 = memref.subview %x[8, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 128>, #hbm>
    %d8 = memref.subview %buf[8, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 128>, #sram>
    %t8 = npu_tile.dma %s8, %d8 : memref<16xbf16, strided<[1], offset: 128>, #hbm> -> memref<16xbf16, strided<[1], offset: 128>, #sram>
    %s9 = memref.subview %x[9, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 144>, #hbm>
    %d9 = memref.subview %buf[9, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 144>, #sram>
    %t9 = npu_tile.dma %s9, %d9 : memref<16xbf16, strided<[1], offset: 144>, #hbm> -> memref<16xbf16, strided<[1], offset: 144>, #sram>
    %s10 = memref.subview %x[10, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 160>, #hbm>
    %d10 = memref.subview %buf[10, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 160>, #sram>
    %t10 = npu_tile.dma %s10, %d10 : memref<16xbf16, strided<[1], offset: 160>, #hbm> -> memref<16xbf16, strided<[1], offset: 160>, #sram>
    %s11 = memref.subview %x[11, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 176>, #hbm>
    %d11 = memref.subview %buf[11, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 176>, #sram>
    %t11 = npu_tile.dma %s11, %d11 : memref<16xbf16, strided<[1], offset: 176>, #hbm> -> memref<16xbf16, strided<[1], offset: 176>, #sram>
    %s12 = memref.subview %x[12, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 192>, #hbm>
    %d12 = memref.subview %buf[12, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 192>, #sram>
    %t12 = npu_tile.dma %s12, %d12 : memref<16xbf16, strided<[1], offset: 192>, #hbm> -> memref<16xbf16, strided<[1], offset: 192>, #sram>
    %s13 = memref.subview %x[13, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 208>, #hbm>
    %d13 = memref.subview %buf[13, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 208>, #sram>
    %t13 = npu_tile.dma %s13, %d13 : memref<16xbf16, strided<[1], offset: 208>, #hbm> -> memref<16xbf16, strided<[1], offset: 208>, #sram>
    %s14 = memref.subview %x[14, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 224>, #hbm>
    %d14 = memref.subview %buf[14, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 224>, #sram>
    %t14 = npu_tile.dma %s14, %d14 : memref<16xbf16, strided<[1], offset: 224>, #hbm> -> memref<16xbf16, strided<[1], offset: 224>, #sram>
    %s15 = memref.subview %x[15, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 240>, #hbm>
    %d15 = memref.subview %buf[15, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 240>, #sram>
    %t15 = npu_tile.dma %s15, %d15 : memref<16xbf16, strided<[1], offset: 240>, #hbm> -> memref<16xbf16, strided<[1], offset: 240>, #sram>
    %s16 = memref.subview %x[16, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 256>, #hbm>
    %d16 = memref.subview %buf[16, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 256>, #sram>
    %t16 = npu_tile.dma %s16, %d16 : memref<16xbf16, strided<[1], offset: 256>, #hbm> -> memref<16xbf16, strided<[1], offset: 256>, #sram>
    %s17 = memref.subview %x[17, 0] [1, 16] [1, 1] : memref<18x16xbf16, #hbm> to memref<16xbf16, strided<[1], offset: 272>, #hbm>
    %d17 = memref.subview %buf[17, 0] [1, 16] [1, 1] : memref<18x16xbf16, #sram> to memref<16xbf16, strided<[1], offset: 272>, #sram>
    %t17 = npu_tile.dma %s17, %d17 : memref<16xbf16, strided<[1], offset: 272>, #hbm> -> memref<16xbf16, strided<[1], offset: 272>, #sram>
    npu_tile.wait %t0, %t1, %t2, %t3, %t4, %t5, %t6, %t7, %t8, %t9, %t10, %t11, %t12, %t13, %t14, %t15, %t16, %t17
    return
  }
}
