// A tile-level program whose working set does not fit npu-tiny's 256 KiB:
// %a (128 KiB) holds x * 2 while %b and %c (128 KiB each) compute
// out1 = y * 0.5, then out0 = %a * 3. npu-place-memory must spill %a.
#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>
module attributes {npu.target = "npu-tiny"} {
  func.func @spill(%x: memref<128x256xf32, #hbm> {npu.io = "input", npu.name = "x"},
                   %y: memref<128x256xf32, #hbm> {npu.io = "input", npu.name = "y"},
                   %out0: memref<128x256xf32, #hbm> {npu.io = "output", npu.name = "out0"},
                   %out1: memref<128x256xf32, #hbm> {npu.io = "output", npu.name = "out1"}) {
    %a = npu_tile.alloc : memref<128x256xf32, #sram>
    %ta = npu_tile.dma %x, %a : memref<128x256xf32, #hbm> -> memref<128x256xf32, #sram>
    npu_tile.wait %ta
    npu_tile.vpu.binary mul %a, 2.0, %a : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>
    %b = npu_tile.alloc : memref<128x256xf32, #sram>
    %c = npu_tile.alloc : memref<128x256xf32, #sram>
    %tb = npu_tile.dma %y, %b : memref<128x256xf32, #hbm> -> memref<128x256xf32, #sram>
    npu_tile.wait %tb
    npu_tile.vpu.binary mul %b, 0.5, %c : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>
    %tc = npu_tile.dma %c, %out1 : memref<128x256xf32, #sram> -> memref<128x256xf32, #hbm>
    npu_tile.wait %tc
    npu_tile.vpu.binary mul %a, 3.0, %a : memref<128x256xf32, #sram>, memref<128x256xf32, #sram>
    %to = npu_tile.dma %a, %out0 : memref<128x256xf32, #sram> -> memref<128x256xf32, #hbm>
    npu_tile.wait %to
    return
  }
}
