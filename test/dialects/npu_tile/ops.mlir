// Round trip of every npu_tile attribute, type and op, in the custom and in
// the generic form.
//
// RUN: npu-opt %s | FileCheck %s
// RUN: npu-opt %s | npu-opt | FileCheck %s
// RUN: npu-opt %s --mlir-print-op-generic | npu-opt | FileCheck %s

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

// CHECK: #[[HBM:.+]] = #npu_tile.space<hbm>
// CHECK: #[[SRAM:.+]] = #npu_tile.space<sram>

// CHECK-LABEL: func.func @alloc
func.func @alloc() {
  // CHECK: npu_tile.alloc : memref<128x128xbf16, #[[SRAM]]>
  // CHECK: npu_tile.alloc {alignment = 64 : i64, offset = 4096 : i64} : memref<2x128x128xf32, #[[SRAM]]>
  // CHECK: npu_tile.alloc {offset = 0 : i64} : memref<64xi8, #[[SRAM]]>
  // CHECK: npu_tile.alloc : memref<16x32xi32, #[[SRAM]]>
  // CHECK: %[[W:.+]] = npu_tile.alloc : memref<128x64xi4, #[[SRAM]]>
  // CHECK: npu_tile.alloc : memref<f32, #[[SRAM]]>
  // CHECK: npu_tile.dealloc %[[W]] : memref<128x64xi4, #[[SRAM]]>
  %0 = npu_tile.alloc : memref<128x128xbf16, #sram>
  %1 = npu_tile.alloc {alignment = 64 : i64, offset = 4096 : i64}
      : memref<2x128x128xf32, #sram>
  %2 = npu_tile.alloc {offset = 0 : i64} : memref<64xi8, #sram>
  %3 = npu_tile.alloc : memref<16x32xi32, #sram>
  %4 = npu_tile.alloc : memref<128x64xi4, #sram>
  %5 = npu_tile.alloc : memref<f32, #sram>
  npu_tile.dealloc %4 : memref<128x64xi4, #sram>
  return
}

// CHECK-LABEL: func.func @dma
func.func @dma(%x: memref<8x256x512xbf16, #hbm>, %y: memref<4096xi8, #hbm>,
               %w: memref<512x256xi4, #hbm>,
               %xt: memref<128x128xbf16, strided<[1, 512]>, #hbm>) {
  %buf = npu_tile.alloc : memref<128x128xbf16, #sram>
  %buf3 = npu_tile.alloc : memref<2x64x128xbf16, #sram>
  %bytes = npu_tile.alloc : memref<4096xi8, #sram>
  %wbuf = npu_tile.alloc : memref<128x256xi4, #sram>

  // HBM -> SRAM, one run per row.
  // CHECK: %[[T0:.+]] = npu_tile.dma %{{.+}}, %{{.+}} : memref<128x128xbf16, strided<[512, 1], offset: 1024>, #[[HBM]]> -> memref<128x128xbf16, #[[SRAM]]>
  %s0 = memref.subview %x[0, 2, 0] [1, 128, 128] [1, 1, 1]
      : memref<8x256x512xbf16, #hbm>
        to memref<128x128xbf16, strided<[512, 1], offset: 1024>, #hbm>
  %t0 = npu_tile.dma %s0, %buf
      : memref<128x128xbf16, strided<[512, 1], offset: 1024>, #hbm>
     -> memref<128x128xbf16, #sram>

  // 3-D with a channel: rows of two matrices.
  // CHECK: %[[T1:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 3 : memref<2x64x128xbf16, strided<[131072, 512, 1], offset: ?>, #[[HBM]]> -> memref<2x64x128xbf16, #[[SRAM]]>
  %c0 = arith.constant 0 : index
  %s1 = memref.subview %x[%c0, 0, 0] [2, 64, 128] [1, 1, 1]
      : memref<8x256x512xbf16, #hbm>
        to memref<2x64x128xbf16, strided<[131072, 512, 1], offset: ?>, #hbm>
  %t1 = npu_tile.dma %s1, %buf3 channel 3
      : memref<2x64x128xbf16, strided<[131072, 512, 1], offset: ?>, #hbm>
     -> memref<2x64x128xbf16, #sram>

  // Contiguous 1-D copies in every direction (source and destination never
  // overlap).
  // CHECK: %[[T2:.+]] = npu_tile.dma %{{.+}}, %{{.+}} channel 15 : memref<4096xi8, #[[HBM]]> -> memref<4096xi8, #[[SRAM]]>
  %t2 = npu_tile.dma %y, %bytes channel 15
      : memref<4096xi8, #hbm> -> memref<4096xi8, #sram>
  // CHECK: npu_tile.wait %[[T0]], %[[T2]]
  npu_tile.wait %t0, %t2
  %ylo = memref.subview %y[0] [2048] [1]
      : memref<4096xi8, #hbm> to memref<2048xi8, strided<[1]>, #hbm>
  %yhi = memref.subview %y[2048] [2048] [1]
      : memref<4096xi8, #hbm> to memref<2048xi8, strided<[1], offset: 2048>, #hbm>
  %blo = memref.subview %bytes[0] [2048] [1]
      : memref<4096xi8, #sram> to memref<2048xi8, strided<[1]>, #sram>
  %bhi = memref.subview %bytes[2048] [2048] [1]
      : memref<4096xi8, #sram> to memref<2048xi8, strided<[1], offset: 2048>, #sram>
  // CHECK: %[[T3:.+]] = npu_tile.dma %{{.+}}, %{{.+}} : memref<2048xi8, strided<[1]>, #[[SRAM]]> -> memref<2048xi8, strided<[1], offset: 2048>, #[[HBM]]>
  // CHECK: npu_tile.dma %{{.+}}, %{{.+}} : memref<2048xi8, strided<[1]>, #[[SRAM]]> -> memref<2048xi8, strided<[1], offset: 2048>, #[[SRAM]]>
  // CHECK: npu_tile.wait %[[T3]]
  // CHECK: npu_tile.dma %{{.+}}, %{{.+}} : memref<2048xi8, strided<[1], offset: 2048>, #[[HBM]]> -> memref<2048xi8, strided<[1]>, #[[HBM]]>
  %t3 = npu_tile.dma %blo, %yhi
      : memref<2048xi8, strided<[1]>, #sram>
     -> memref<2048xi8, strided<[1], offset: 2048>, #hbm>
  %t5 = npu_tile.dma %blo, %bhi
      : memref<2048xi8, strided<[1]>, #sram>
     -> memref<2048xi8, strided<[1], offset: 2048>, #sram>
  // %t4 reads what %t3 writes.
  npu_tile.wait %t3
  %t4 = npu_tile.dma %yhi, %ylo
      : memref<2048xi8, strided<[1], offset: 2048>, #hbm>
     -> memref<2048xi8, strided<[1]>, #hbm>

  // Transposing copy (%xt is the transpose of a row-major 128x512 matrix):
  // element-sized runs.
  // CHECK: npu_tile.dma %{{.+}}, %{{.+}} : memref<128x128xbf16, strided<[1, 512]>, #[[HBM]]> -> memref<128x128xbf16, #[[SRAM]]>
  %t6 = npu_tile.dma %xt, %buf
      : memref<128x128xbf16, strided<[1, 512]>, #hbm>
     -> memref<128x128xbf16, #sram>

  // i4 weights: whole bytes.
  // CHECK: npu_tile.dma %{{.+}}, %{{.+}} : memref<128x256xi4, strided<[256, 1], offset: 32768>, #[[HBM]]> -> memref<128x256xi4, #[[SRAM]]>
  %sw = memref.subview %w[128, 0] [128, 256] [1, 1]
      : memref<512x256xi4, #hbm>
        to memref<128x256xi4, strided<[256, 1], offset: 32768>, #hbm>
  %t7 = npu_tile.dma %sw, %wbuf
      : memref<128x256xi4, strided<[256, 1], offset: 32768>, #hbm>
     -> memref<128x256xi4, #sram>

  // CHECK: npu_tile.wait %[[T1]], %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}
  npu_tile.wait %t1, %t4, %t5, %t6, %t7
  return
}

// Tokens flow through scf.if like any value.
// CHECK-LABEL: func.func @token_through_if
// CHECK: %[[T:.+]] = scf.if %{{.+}} -> (!npu_tile.token) {
// CHECK: npu_tile.wait %[[T]]
func.func @token_through_if(%c: i1, %a: memref<64xf32, #hbm>,
                            %b: memref<64xf32, #hbm>) {
  %buf = npu_tile.alloc : memref<64xf32, #sram>
  %t = scf.if %c -> (!npu_tile.token) {
    %ta = npu_tile.dma %a, %buf : memref<64xf32, #hbm> -> memref<64xf32, #sram>
    scf.yield %ta : !npu_tile.token
  } else {
    %tb = npu_tile.dma %b, %buf : memref<64xf32, #hbm> -> memref<64xf32, #sram>
    scf.yield %tb : !npu_tile.token
  }
  npu_tile.wait %t
  return
}

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a16: memref<128x256xbf16, #sram>,
                  %b16: memref<256x64xbf16, #sram>,
                  %c32: memref<128x64xf32, #sram>,
                  %a8: memref<128x256xi8, #sram>,
                  %b8: memref<256x64xi8, #sram>,
                  %ci: memref<128x64xi32, #sram>,
                  %b4: memref<256x64xi4, #sram>,
                  %s: memref<4x64xbf16, #sram>,
                  %s3: memref<3x64xbf16, #sram>,
                  %big: memref<256x256xbf16, #sram>) {
  // CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %{{.+}} : memref<128x256xbf16, #[[SRAM]]>, memref<256x64xbf16, #[[SRAM]]>, memref<128x64xf32, #[[SRAM]]>
  // CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %{{.+}} accumulate : memref<128x256xbf16, #[[SRAM]]>
  // CHECK: npu_tile.matmul int8 %{{.+}}, %{{.+}}, %{{.+}} accumulate : memref<128x256xi8, #[[SRAM]]>, memref<256x64xi8, #[[SRAM]]>, memref<128x64xi32, #[[SRAM]]>
  // CHECK: npu_tile.matmul w8 %{{.+}}, %{{.+}}, %{{.+}} scales %{{.+}} group 64 : memref<128x256xbf16, #[[SRAM]]>, memref<256x64xi8, #[[SRAM]]>, memref<128x64xf32, #[[SRAM]]>, memref<4x64xbf16, #[[SRAM]]>
  // CHECK: npu_tile.matmul w4 %{{.+}}, %{{.+}}, %{{.+}} scales %{{.+}} group 100 accumulate : memref<128x256xbf16, #[[SRAM]]>, memref<256x64xi4, #[[SRAM]]>, memref<128x64xf32, #[[SRAM]]>, memref<3x64xbf16, #[[SRAM]]>
  npu_tile.matmul bf16 %a16, %b16, %c32
      : memref<128x256xbf16, #sram>, memref<256x64xbf16, #sram>,
        memref<128x64xf32, #sram>
  npu_tile.matmul bf16 %a16, %b16, %c32 accumulate
      : memref<128x256xbf16, #sram>, memref<256x64xbf16, #sram>,
        memref<128x64xf32, #sram>
  npu_tile.matmul int8 %a8, %b8, %ci accumulate
      : memref<128x256xi8, #sram>, memref<256x64xi8, #sram>,
        memref<128x64xi32, #sram>
  npu_tile.matmul w8 %a16, %b8, %c32 scales %s group 64
      : memref<128x256xbf16, #sram>, memref<256x64xi8, #sram>,
        memref<128x64xf32, #sram>, memref<4x64xbf16, #sram>
  npu_tile.matmul w4 %a16, %b4, %c32 scales %s3 group 100 accumulate
      : memref<128x256xbf16, #sram>, memref<256x64xi4, #sram>,
        memref<128x64xf32, #sram>, memref<3x64xbf16, #sram>

  // Strided tiles (subviews of a larger buffer).
  // CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %{{.+}} : memref<128x128xbf16, strided<[256, 1]>, #[[SRAM]]>, memref<128x64xbf16, strided<[256, 1], offset: 128>, #[[SRAM]]>, memref<128x64xf32, #[[SRAM]]>
  %ta = memref.subview %big[0, 0] [128, 128] [1, 1]
      : memref<256x256xbf16, #sram> to memref<128x128xbf16, strided<[256, 1]>, #sram>
  %tb = memref.subview %big[0, 128] [128, 64] [1, 1]
      : memref<256x256xbf16, #sram>
        to memref<128x64xbf16, strided<[256, 1], offset: 128>, #sram>
  npu_tile.matmul bf16 %ta, %tb, %c32
      : memref<128x128xbf16, strided<[256, 1]>, #sram>,
        memref<128x64xbf16, strided<[256, 1], offset: 128>, #sram>,
        memref<128x64xf32, #sram>

  // transpose_b: B is [n, k] = [64, 256].
  // CHECK: npu_tile.matmul bf16 %{{.+}}, %{{.+}}, %{{.+}} accumulate transpose_b : memref<128x256xbf16, #[[SRAM]]>, memref<64x256xbf16, strided<[256, 1]>, #[[SRAM]]>, memref<128x64xf32, #[[SRAM]]>
  %bt = memref.subview %big[0, 0] [64, 256] [1, 1]
      : memref<256x256xbf16, #sram> to memref<64x256xbf16, strided<[256, 1]>, #sram>
  npu_tile.matmul bf16 %a16, %bt, %c32 accumulate transpose_b
      : memref<128x256xbf16, #sram>, memref<64x256xbf16, strided<[256, 1]>, #sram>,
        memref<128x64xf32, #sram>
  return
}

// CHECK-LABEL: func.func @vpu
func.func @vpu(%x: memref<128x128xf32, #sram>, %y: memref<128x128xbf16, #sram>,
               %row: memref<1x128xf32, #sram>, %col: memref<128x1xf32, #sram>,
               %q8: memref<128x128xi8, #sram>, %q4: memref<128x128xi4, #sram>,
               %qi: memref<128x128xi32, #sram>, %big: memref<256x256xf32, #sram>) {
  // CHECK: npu_tile.vpu.binary add %[[X:[^,]+]], %[[X]], %[[X]] : memref<128x128xf32, #[[SRAM]]>, memref<128x128xf32, #[[SRAM]]>, memref<128x128xf32, #[[SRAM]]>
  // CHECK: npu_tile.vpu.binary sub %{{.+}}, row %{{.+}}, %{{.+}} : memref<128x128xf32, #[[SRAM]]>, memref<1x128xf32, #[[SRAM]]>, memref<128x128xbf16, #[[SRAM]]>
  // CHECK: npu_tile.vpu.binary mul %{{.+}}, col %{{.+}}, %{{.+}} : memref<128x128xf32, #[[SRAM]]>, memref<128x1xf32, #[[SRAM]]>, memref<128x128xf32, #[[SRAM]]>
  // CHECK: npu_tile.vpu.binary max %{{.+}}, 0.000000e+00, %{{.+}} : memref<128x128xbf16, #[[SRAM]]>, memref<128x128xbf16, #[[SRAM]]>
  // CHECK: npu_tile.vpu.binary min %{{.+}}, -1.500000e+00, %{{.+}} : memref<128x128xi8, #[[SRAM]]>, memref<128x128xi32, #[[SRAM]]>
  npu_tile.vpu.binary add %x, %x, %x
      : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>,
        memref<128x128xf32, #sram>
  npu_tile.vpu.binary sub %x, row %row, %y
      : memref<128x128xf32, #sram>, memref<1x128xf32, #sram>,
        memref<128x128xbf16, #sram>
  npu_tile.vpu.binary mul %x, col %col, %x
      : memref<128x128xf32, #sram>, memref<128x1xf32, #sram>,
        memref<128x128xf32, #sram>
  npu_tile.vpu.binary max %y, 0.0, %y
      : memref<128x128xbf16, #sram>, memref<128x128xbf16, #sram>
  npu_tile.vpu.binary min %q8, -1.5, %qi
      : memref<128x128xi8, #sram>, memref<128x128xi32, #sram>
  // CHECK: npu_tile.vpu.binary max %{{.+}}, 0xFF800000, %{{.+}} : memref<128x128xf32, #[[SRAM]]>, memref<128x128xf32, #[[SRAM]]>
  npu_tile.vpu.binary max %x, 0xFF800000, %x
      : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>

  // CHECK: npu_tile.vpu.unary mov %{{.+}}, %{{.+}} : memref<128x128xf32, #[[SRAM]]>, memref<128x128xbf16, #[[SRAM]]>
  // CHECK: npu_tile.vpu.unary exp
  // CHECK: npu_tile.vpu.unary rsqrt
  // CHECK: npu_tile.vpu.unary recip
  // CHECK: npu_tile.vpu.unary sqrt
  // CHECK: npu_tile.vpu.unary tanh
  // CHECK: npu_tile.vpu.unary erf
  // CHECK: npu_tile.vpu.unary gelu %
  // CHECK: npu_tile.vpu.unary gelu_tanh
  // CHECK: npu_tile.vpu.unary sigmoid
  // CHECK: npu_tile.vpu.unary silu
  // CHECK: npu_tile.vpu.unary relu %{{.+}}, %{{.+}} : memref<128x128xi4, #[[SRAM]]>, memref<128x128xi4, #[[SRAM]]>
  npu_tile.vpu.unary mov %x, %y
      : memref<128x128xf32, #sram>, memref<128x128xbf16, #sram>
  npu_tile.vpu.unary exp %x, %x : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.unary rsqrt %x, %x : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.unary recip %x, %x : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.unary sqrt %x, %x : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.unary tanh %x, %x : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.unary erf %x, %x : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.unary gelu %x, %x : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.unary gelu_tanh %x, %x : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.unary sigmoid %x, %x : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.unary silu %x, %x : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.unary relu %q4, %q4 : memref<128x128xi4, #sram>, memref<128x128xi4, #sram>

  // CHECK: npu_tile.vpu.reduce sum %{{.+}}, %{{.+}} : memref<128x128xf32, #[[SRAM]]>, memref<128x1xf32, #[[SRAM]]>
  // CHECK: npu_tile.vpu.reduce max %{{.+}}, %{{.+}} : memref<128x128xbf16, #[[SRAM]]>, memref<128x1xf32, #[[SRAM]]>
  npu_tile.vpu.reduce sum %x, %col : memref<128x128xf32, #sram>, memref<128x1xf32, #sram>
  npu_tile.vpu.reduce max %y, %col : memref<128x128xbf16, #sram>, memref<128x1xf32, #sram>

  // CHECK: npu_tile.vpu.bcast row %{{.+}}, %{{.+}} : memref<1x128xf32, #[[SRAM]]>, memref<128x128xf32, #[[SRAM]]>
  // CHECK: npu_tile.vpu.bcast col %{{.+}}, %{{.+}} : memref<128x1xf32, #[[SRAM]]>, memref<128x128xbf16, #[[SRAM]]>
  npu_tile.vpu.bcast row %row, %x : memref<1x128xf32, #sram>, memref<128x128xf32, #sram>
  npu_tile.vpu.bcast col %col, %y : memref<128x1xf32, #sram>, memref<128x128xbf16, #sram>

  // CHECK: npu_tile.vpu.quant %{{.+}}, col %{{.+}}, %{{.+}} zp -3 : memref<128x128xf32, #[[SRAM]]>, memref<128x1xf32, #[[SRAM]]>, memref<128x128xi8, #[[SRAM]]>
  // CHECK: npu_tile.vpu.quant %{{.+}}, 2.500000e-01, %{{.+}} : memref<128x128xbf16, #[[SRAM]]>, memref<128x128xi4, #[[SRAM]]>
  // CHECK: npu_tile.vpu.quant %{{.+}}, %{{.+}}, %{{.+}} zp 7 : memref<128x128xf32, #[[SRAM]]>, memref<128x128xf32, #[[SRAM]]>, memref<128x128xi32, #[[SRAM]]>
  npu_tile.vpu.quant %x, col %col, %q8 zp -3
      : memref<128x128xf32, #sram>, memref<128x1xf32, #sram>,
        memref<128x128xi8, #sram>
  npu_tile.vpu.quant %y, 0.25, %q4
      : memref<128x128xbf16, #sram>, memref<128x128xi4, #sram>
  npu_tile.vpu.quant %x, %x, %qi zp 7
      : memref<128x128xf32, #sram>, memref<128x128xf32, #sram>,
        memref<128x128xi32, #sram>

  // CHECK: npu_tile.vpu.dequant %{{.+}}, row %{{.+}}, %{{.+}} zp 2 : memref<128x128xi8, #[[SRAM]]>, memref<1x128xf32, #[[SRAM]]>, memref<128x128xbf16, #[[SRAM]]>
  // CHECK: npu_tile.vpu.dequant %{{.+}}, 1.000000e+00, %{{.+}} : memref<128x128xi32, #[[SRAM]]>, memref<128x128xf32, #[[SRAM]]>
  npu_tile.vpu.dequant %q8, row %row, %y zp 2
      : memref<128x128xi8, #sram>, memref<1x128xf32, #sram>,
        memref<128x128xbf16, #sram>
  npu_tile.vpu.dequant %qi, 1.0, %x
      : memref<128x128xi32, #sram>, memref<128x128xf32, #sram>

  // Strided tiles: a quadrant of a larger buffer, a column of it.
  // CHECK: npu_tile.vpu.reduce sum %{{.+}}, %{{.+}} : memref<128x128xf32, strided<[256, 1], offset: 128>, #[[SRAM]]>, memref<128x1xf32, strided<[256, 1]>, #[[SRAM]]>
  %q = memref.subview %big[0, 128] [128, 128] [1, 1]
      : memref<256x256xf32, #sram>
        to memref<128x128xf32, strided<[256, 1], offset: 128>, #sram>
  %c = memref.subview %big[0, 0] [128, 1] [1, 1]
      : memref<256x256xf32, #sram> to memref<128x1xf32, strided<[256, 1]>, #sram>
  npu_tile.vpu.reduce sum %q, %c
      : memref<128x128xf32, strided<[256, 1], offset: 128>, #sram>,
        memref<128x1xf32, strided<[256, 1]>, #sram>
  return
}

// CHECK-LABEL: func.func @vpu_compare_select
func.func @vpu_compare_select(%x: memref<8x16xf32, #sram>, %y: memref<8x16xbf16, #sram>,
                              %m: memref<8x16xi8, #sram>, %row: memref<1x16xf32, #sram>) {
  // CHECK: npu_tile.vpu.binary cmp_lt %{{.+}}, row %{{.+}}, %{{.+}} : memref<8x16xf32, #[[SRAM]]>, memref<1x16xf32, #[[SRAM]]>, memref<8x16xi8, #[[SRAM]]>
  npu_tile.vpu.binary cmp_lt %x, row %row, %m
      : memref<8x16xf32, #sram>, memref<1x16xf32, #sram>, memref<8x16xi8, #sram>
  // CHECK: npu_tile.vpu.select %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} : memref<8x16xi8, #[[SRAM]]>, memref<8x16xf32, #[[SRAM]]>, memref<8x16xbf16, #[[SRAM]]>, memref<8x16xf32, #[[SRAM]]>
  npu_tile.vpu.select %m, %x, %y, %x
      : memref<8x16xi8, #sram>, memref<8x16xf32, #sram>, memref<8x16xbf16, #sram>, memref<8x16xf32, #sram>
  // CHECK: npu_tile.vpu.select %{{.+}}, %{{.+}}, 0xFF800000, %{{.+}} inv : memref<8x16xi8, #[[SRAM]]>, memref<8x16xf32, #[[SRAM]]>, memref<8x16xf32, #[[SRAM]]>
  npu_tile.vpu.select %m, %x, 0xFF800000, %x inv
      : memref<8x16xi8, #sram>, memref<8x16xf32, #sram>, memref<8x16xf32, #sram>
  return
}
