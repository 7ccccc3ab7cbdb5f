// Every verifier error of the npu_tile dialect.
//
// RUN: npu-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// npu_tile.alloc, npu_tile.dealloc
//===----------------------------------------------------------------------===//

func.func @alloc_hbm() {
  // expected-error @+1 {{result #0 must be memref in `#npu_tile.space<sram>`, but got 'memref<16xf32, #npu_tile.space<hbm>>'}}
  %0 = npu_tile.alloc : memref<16xf32, #npu_tile.space<hbm>>
  return
}

// -----

func.func @alloc_no_space() {
  // expected-error @+1 {{result #0 must be memref in `#npu_tile.space<sram>`, but got 'memref<16xf32>'}}
  %0 = npu_tile.alloc : memref<16xf32>
  return
}

// -----

func.func @alloc_dynamic(%n: index) {
  // expected-error @+1 {{SRAM buffers must have a static shape, got 'memref<?x128xbf16, #npu_tile.space<sram>>'}}
  %0 = "npu_tile.alloc"() : () -> memref<?x128xbf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @alloc_layout() {
  // expected-error @+1 {{SRAM buffers must have the identity layout (contiguous, row-major)}}
  %0 = npu_tile.alloc : memref<16x16xf32, strided<[32, 1]>, #npu_tile.space<sram>>
  return
}

// -----

func.func @alloc_element_type() {
  // expected-error @+1 {{element type 'f16' is not supported; expected f32, bf16, i8, i32 or i4}}
  %0 = npu_tile.alloc : memref<16xf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @alloc_i4_odd_rows() {
  // expected-error @+1 {{i4 buffers need an even innermost size so that every row starts on a byte}}
  %0 = npu_tile.alloc : memref<16x7xi4, #npu_tile.space<sram>>
  return
}

// -----

func.func @alloc_negative_offset() {
  // expected-error @+1 {{offset must be non-negative, got -64}}
  %0 = npu_tile.alloc {offset = -64 : i64} : memref<16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @alloc_alignment() {
  // expected-error @+1 {{alignment must be a positive power of two, got 48}}
  %0 = npu_tile.alloc {alignment = 48 : i64} : memref<16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @alloc_misaligned() {
  // expected-error @+1 {{offset 96 is not a multiple of the alignment 64}}
  %0 = npu_tile.alloc {alignment = 64 : i64, offset = 96 : i64} : memref<16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @dealloc_view() {
  %0 = npu_tile.alloc : memref<16xf32, #npu_tile.space<sram>>
  %1 = memref.subview %0[0] [8] [1] : memref<16xf32, #npu_tile.space<sram>> to memref<8xf32, strided<[1]>, #npu_tile.space<sram>>
  // expected-error @+1 {{operand must be the result of an npu_tile.alloc}}
  npu_tile.dealloc %1 : memref<8xf32, strided<[1]>, #npu_tile.space<sram>>
  return
}

// -----

func.func @dealloc_hbm(%x: memref<16xf32, #npu_tile.space<hbm>>) {
  // expected-error @+1 {{operand #0 must be memref in `#npu_tile.space<sram>`, but got 'memref<16xf32, #npu_tile.space<hbm>>'}}
  npu_tile.dealloc %x : memref<16xf32, #npu_tile.space<hbm>>
  return
}

//===----------------------------------------------------------------------===//
// npu_tile.dma, npu_tile.wait
//===----------------------------------------------------------------------===//

// -----

func.func @dma_no_space(%x: memref<16xf32>, %y: memref<16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{operand #0 must be memref in `#npu_tile.space<hbm>` or `#npu_tile.space<sram>`, but got 'memref<16xf32>'}}
  %t = npu_tile.dma %x, %y : memref<16xf32> -> memref<16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_other_space(%x: memref<16xf32, #npu_tile.space<hbm>>, %y: memref<16xf32, 3>) {
  // expected-error @+1 {{operand #1 must be memref in `#npu_tile.space<hbm>` or `#npu_tile.space<sram>`, but got 'memref<16xf32, 3>'}}
  %t = npu_tile.dma %x, %y : memref<16xf32, #npu_tile.space<hbm>> -> memref<16xf32, 3>
  return
}

// -----

func.func @dma_shape(%x: memref<16x8xf32, #npu_tile.space<hbm>>, %y: memref<8x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{source and destination shapes differ: [16, 8] vs [8, 16]}}
  %t = npu_tile.dma %x, %y : memref<16x8xf32, #npu_tile.space<hbm>> -> memref<8x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_element_type(%x: memref<16xf32, #npu_tile.space<hbm>>, %y: memref<16xi32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{source and destination element types differ: 'f32' vs 'i32'}}
  %t = npu_tile.dma %x, %y : memref<16xf32, #npu_tile.space<hbm>> -> memref<16xi32, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_unsupported_type(%x: memref<16xf16, #npu_tile.space<hbm>>, %y: memref<16xf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{element type 'f16' is not supported; expected f32, bf16, i8, i32 or i4}}
  %t = npu_tile.dma %x, %y : memref<16xf16, #npu_tile.space<hbm>> -> memref<16xf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_dynamic_shape(%x: memref<?xf32, #npu_tile.space<hbm>>, %y: memref<?xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{copies must have a static shape, got [?]}}
  %t = npu_tile.dma %x, %y : memref<?xf32, #npu_tile.space<hbm>> -> memref<?xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_not_strided(%x: memref<16x16xf32, affine_map<(d0, d1) -> (d0 floordiv 2, d1)>, #npu_tile.space<hbm>>, %y: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{the source must have a strided layout}}
  %t = npu_tile.dma %x, %y : memref<16x16xf32, affine_map<(d0, d1) -> (d0 floordiv 2, d1)>, #npu_tile.space<hbm>> -> memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_dynamic_stride(%x: memref<16x16xf32, strided<[?, 1]>, #npu_tile.space<hbm>>, %y: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{the source must have static strides (DMA strides are instruction immediates)}}
  %t = npu_tile.dma %x, %y : memref<16x16xf32, strided<[?, 1]>, #npu_tile.space<hbm>> -> memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

// Five strided dimensions that cannot be merged: one run and four outer dims.
func.func @dma_too_many_dims(%x: memref<2x2x2x2x8xf32, strided<[1024, 256, 64, 16, 1]>, #npu_tile.space<hbm>>, %y: memref<2x2x2x2x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{the copy needs 4 strided dimensions besides the contiguous run of 32 bytes; dma.copy has 3}}
  %t = npu_tile.dma %x, %y : memref<2x2x2x2x8xf32, strided<[1024, 256, 64, 16, 1]>, #npu_tile.space<hbm>> -> memref<2x2x2x2x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_count(%x: memref<65536x2xf32, strided<[4, 1]>, #npu_tile.space<hbm>>, %y: memref<65536x2xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{dimension n1 of the copy has 65536 iterations; the count fields are 16 bits}}
  %t = npu_tile.dma %x, %y : memref<65536x2xf32, strided<[4, 1]>, #npu_tile.space<hbm>> -> memref<65536x2xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_run_size(%x: memref<1073741824xf32, #npu_tile.space<hbm>>, %y: memref<1073741824xf32, #npu_tile.space<hbm>>) {
  // expected-error @+1 {{the contiguous run of 4294967296 bytes does not fit the 32-bit size field}}
  %t = npu_tile.dma %x, %y : memref<1073741824xf32, #npu_tile.space<hbm>> -> memref<1073741824xf32, #npu_tile.space<hbm>>
  return
}

// -----

func.func @dma_stride_range(%x: memref<2x16xf32, strided<[1073741824, 1]>, #npu_tile.space<hbm>>, %y: memref<2x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{a byte stride of 4294967296 in dimension n1 does not fit the signed 32-bit stride fields}}
  %t = npu_tile.dma %x, %y : memref<2x16xf32, strided<[1073741824, 1]>, #npu_tile.space<hbm>> -> memref<2x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_dst_stride_zero(%x: memref<4x16xf32, #npu_tile.space<sram>>, %y: memref<4x16xf32, strided<[0, 1]>, #npu_tile.space<hbm>>) {
  // expected-error @+1 {{the destination has stride 0 in dimension n1: a byte would be written twice}}
  %t = npu_tile.dma %x, %y : memref<4x16xf32, #npu_tile.space<sram>> -> memref<4x16xf32, strided<[0, 1]>, #npu_tile.space<hbm>>
  return
}

// -----

func.func @dma_i4_odd_run(%x: memref<4x8xi4, strided<[16, 2]>, #npu_tile.space<hbm>>, %y: memref<4x8xi4, #npu_tile.space<sram>>) {
  // expected-error @+1 {{i4 copies need a contiguous innermost run of an even number of elements on both sides, got 1 element(s)}}
  %t = npu_tile.dma %x, %y : memref<4x8xi4, strided<[16, 2]>, #npu_tile.space<hbm>> -> memref<4x8xi4, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_i4_odd_stride(%x: memref<4x8xi4, strided<[9, 1]>, #npu_tile.space<hbm>>, %y: memref<4x8xi4, #npu_tile.space<sram>>) {
  // expected-error @+1 {{i4 copies need even strides (whole bytes), got 9 (source) and 8 (destination) in dimension n1}}
  %t = npu_tile.dma %x, %y : memref<4x8xi4, strided<[9, 1]>, #npu_tile.space<hbm>> -> memref<4x8xi4, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_i4_odd_offset(%x: memref<4x8xi4, strided<[16, 1], offset: 3>, #npu_tile.space<hbm>>, %y: memref<4x8xi4, #npu_tile.space<sram>>) {
  // expected-error @+1 {{the source is i4 at an odd element offset (3); i4 copies must start on a byte}}
  %t = npu_tile.dma %x, %y : memref<4x8xi4, strided<[16, 1], offset: 3>, #npu_tile.space<hbm>> -> memref<4x8xi4, #npu_tile.space<sram>>
  return
}

// -----

func.func @dma_channel(%x: memref<16xf32, #npu_tile.space<hbm>>, %y: memref<16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{channel must be in [0, 15] (the 4-bit ch field), got 16}}
  %t = npu_tile.dma %x, %y channel 16 : memref<16xf32, #npu_tile.space<hbm>> -> memref<16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @wait_nothing() {
  // expected-error @+1 {{requires at least one token}}
  npu_tile.wait
  return
}

// -----

// expected-note @+1 {{prior use here}}
func.func @wait_not_a_token(%x: i32) {
  // expected-error @+1 {{use of value '%x' expects different type than prior uses: '!npu_tile.token' vs 'i32'}}
  npu_tile.wait %x
  return
}

//===----------------------------------------------------------------------===//
// npu_tile.matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_hbm(%a: memref<16x32xbf16, #npu_tile.space<hbm>>, %b: memref<32x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{operand #0 must be memref in `#npu_tile.space<sram>`, but got 'memref<16x32xbf16, #npu_tile.space<hbm>>'}}
  npu_tile.matmul bf16 %a, %b, %c : memref<16x32xbf16, #npu_tile.space<hbm>>, memref<32x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_rank(%a: memref<2x16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{A must be a 2-D tile [rows, cols], got rank 3}}
  npu_tile.matmul bf16 %a, %b, %c : memref<2x16x32xbf16, #npu_tile.space<sram>>, memref<32x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_dynamic(%a: memref<?x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{A must have a static shape, got [?, 32]}}
  npu_tile.matmul bf16 %a, %b, %c : memref<?x32xbf16, #npu_tile.space<sram>>, memref<32x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_tile_type(%a: memref<16x32xf16, #npu_tile.space<sram>>, %b: memref<32x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{A has element type 'f16'; expected f32, bf16, i8, i32 or i4}}
  npu_tile.matmul bf16 %a, %b, %c : memref<16x32xf16, #npu_tile.space<sram>>, memref<32x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_too_big(%a: memref<16x65536xbf16, #npu_tile.space<sram>>, %b: memref<65536x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{A is [16, 65536]; tile rows and columns are 16-bit fields (at most 65535)}}
  npu_tile.matmul bf16 %a, %b, %c : memref<16x65536xbf16, #npu_tile.space<sram>>, memref<65536x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_dynamic_stride(%a: memref<16x32xbf16, strided<[?, 1]>, #npu_tile.space<sram>>, %b: memref<32x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{A must have static strides (row strides are instruction immediates)}}
  npu_tile.matmul bf16 %a, %b, %c : memref<16x32xbf16, strided<[?, 1]>, #npu_tile.space<sram>>, memref<32x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_inner_stride(%a: memref<16x32xbf16, strided<[64, 2]>, #npu_tile.space<sram>>, %b: memref<32x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{A must be contiguous along a row (innermost stride 1), got stride 2}}
  npu_tile.matmul bf16 %a, %b, %c : memref<16x32xbf16, strided<[64, 2]>, #npu_tile.space<sram>>, memref<32x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_row_stride(%a: memref<16x32xbf16, strided<[16, 1]>, #npu_tile.space<sram>>, %b: memref<32x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{A has row stride 16, less than its row length 32: the hardware needs rows that do not overlap}}
  npu_tile.matmul bf16 %a, %b, %c : memref<16x32xbf16, strided<[16, 1]>, #npu_tile.space<sram>>, memref<32x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_i4_row_stride(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xi4, strided<[9, 1]>, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>, %s: memref<1x8xbf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{B is an i4 tile with odd row stride 9; i4 rows must start on a byte}}
  npu_tile.matmul w4 %a, %b, %c scales %s group 32 : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xi4, strided<[9, 1]>, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>, memref<1x8xbf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_i4_offset(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xi4, strided<[8, 1], offset: 1>, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>, %s: memref<1x8xbf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{B is an i4 tile at an odd element offset (1); i4 tiles must start on a byte}}
  npu_tile.matmul w4 %a, %b, %c scales %s group 32 : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xi4, strided<[8, 1], offset: 1>, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>, memref<1x8xbf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_k(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<64x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{A is [m, k] = [16, 32] but B is [64, 8]: B must have k = 32 rows}}
  npu_tile.matmul bf16 %a, %b, %c : memref<16x32xbf16, #npu_tile.space<sram>>, memref<64x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_transpose_b_k(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<8x64xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{A is [m, k] = [16, 32] but B is [8, 64]: B must have k = 32 columns (transpose_b: B is [n, k])}}
  npu_tile.matmul bf16 %a, %b, %c transpose_b : memref<16x32xbf16, #npu_tile.space<sram>>, memref<8x64xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_transpose_b_n(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<8x32xbf16, #npu_tile.space<sram>>, %c: memref<16x32xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{C must be [m, n] = [16, 8], got [16, 32]}}
  npu_tile.matmul bf16 %a, %b, %c transpose_b : memref<16x32xbf16, #npu_tile.space<sram>>, memref<8x32xbf16, #npu_tile.space<sram>>, memref<16x32xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_c_shape(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xbf16, #npu_tile.space<sram>>, %c: memref<8x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{C must be [m, n] = [16, 8], got [8, 16]}}
  npu_tile.matmul bf16 %a, %b, %c : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xbf16, #npu_tile.space<sram>>, memref<8x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_bf16_a(%a: memref<16x32xf32, #npu_tile.space<sram>>, %b: memref<32x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{mode bf16 expects A of element type 'bf16', got 'f32'}}
  npu_tile.matmul bf16 %a, %b, %c : memref<16x32xf32, #npu_tile.space<sram>>, memref<32x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_int8_c(%a: memref<16x32xi8, #npu_tile.space<sram>>, %b: memref<32x8xi8, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{mode int8 expects C of element type 'i32', got 'f32'}}
  npu_tile.matmul int8 %a, %b, %c : memref<16x32xi8, #npu_tile.space<sram>>, memref<32x8xi8, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_w4_b(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xi8, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>, %s: memref<1x8xbf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{mode w4 expects B of element type 'i4', got 'i8'}}
  npu_tile.matmul w4 %a, %b, %c scales %s group 32 : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xi8, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>, memref<1x8xbf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_bf16_scales(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xbf16, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>, %s: memref<1x8xbf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{mode bf16 takes no scales operand}}
  npu_tile.matmul bf16 %a, %b, %c scales %s : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xbf16, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>, memref<1x8xbf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_int8_group(%a: memref<16x32xi8, #npu_tile.space<sram>>, %b: memref<32x8xi8, #npu_tile.space<sram>>, %c: memref<16x8xi32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{mode int8 takes no group}}
  npu_tile.matmul int8 %a, %b, %c group 32 : memref<16x32xi8, #npu_tile.space<sram>>, memref<32x8xi8, #npu_tile.space<sram>>, memref<16x8xi32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_w8_no_scales(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xi8, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{mode w8 requires a scales operand [ceil(k/group), n]}}
  npu_tile.matmul w8 %a, %b, %c group 32 : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xi8, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_w8_no_group(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xi8, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>, %s: memref<1x8xbf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{mode w8 requires a group}}
  npu_tile.matmul w8 %a, %b, %c scales %s : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xi8, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>, memref<1x8xbf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_group_zero(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xi8, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>, %s: memref<1x8xbf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{group must be in [1, 65535], got 0}}
  npu_tile.matmul w8 %a, %b, %c scales %s group 0 : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xi8, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>, memref<1x8xbf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_scales_type(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xi8, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>, %s: memref<1x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{mode w8 expects scales of element type 'bf16', got 'f32'}}
  npu_tile.matmul w8 %a, %b, %c scales %s group 32 : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xi8, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>, memref<1x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_scales_shape(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xi8, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>, %s: memref<2x8xbf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{the scales must be [ceil(k/group), n] = [3, 8], got [2, 8]}}
  npu_tile.matmul w8 %a, %b, %c scales %s group 12 : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xi8, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>, memref<2x8xbf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @matmul_scales_rank(%a: memref<16x32xbf16, #npu_tile.space<sram>>, %b: memref<32x8xi8, #npu_tile.space<sram>>, %c: memref<16x8xf32, #npu_tile.space<sram>>, %s: memref<8xbf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{the scales must be a 2-D tile [rows, cols], got rank 1}}
  npu_tile.matmul w8 %a, %b, %c scales %s group 32 : memref<16x32xbf16, #npu_tile.space<sram>>, memref<32x8xi8, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>, memref<8xbf16, #npu_tile.space<sram>>
  return
}

//===----------------------------------------------------------------------===//
// VPU ops
//===----------------------------------------------------------------------===//

// -----

func.func @binary_hbm(%x: memref<16x16xf32, #npu_tile.space<hbm>>, %y: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{operand #0 must be memref in `#npu_tile.space<sram>`}}
  npu_tile.vpu.binary add %x, %y, %y : memref<16x16xf32, #npu_tile.space<hbm>>, memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @binary_shape(%x: memref<16x16xf32, #npu_tile.space<sram>>, %y: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{a and dst must have the same shape, got [16, 16] and [16, 8]}}
  npu_tile.vpu.binary add %x, %x, %y : memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @binary_b_shape(%x: memref<16x16xf32, #npu_tile.space<sram>>, %b: memref<16x8xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{with bcast = none, b must be [16, 16], got [16, 8]}}
  npu_tile.vpu.binary add %x, %b, %x : memref<16x16xf32, #npu_tile.space<sram>>, memref<16x8xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @binary_row_shape(%x: memref<16x16xf32, #npu_tile.space<sram>>, %b: memref<16x1xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{with bcast = row, b must be [1, 16], got [16, 1]}}
  npu_tile.vpu.binary mul %x, row %b, %x : memref<16x16xf32, #npu_tile.space<sram>>, memref<16x1xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @binary_col_shape(%x: memref<16x16xf32, #npu_tile.space<sram>>, %b: memref<1x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{with bcast = col, b must be [16, 1], got [1, 16]}}
  npu_tile.vpu.binary mul %x, col %b, %x : memref<16x16xf32, #npu_tile.space<sram>>, memref<1x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @binary_b_type(%x: memref<16x16xf32, #npu_tile.space<sram>>, %b: memref<16x16xf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{b has element type 'f16'; expected f32, bf16, i8, i32 or i4}}
  npu_tile.vpu.binary mul %x, %b, %x : memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf16, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @binary_imm_with_b(%x: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{bcast = imm takes no b operand}}
  "npu_tile.vpu.binary"(%x, %x, %x) <{kind = #npu_tile<binary_kind add>, bcast = #npu_tile<bcast imm>, imm = 1.0 : f32}> : (memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>) -> ()
  return
}

// -----

func.func @binary_imm_missing(%x: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{bcast = imm requires the 'imm' attribute}}
  "npu_tile.vpu.binary"(%x, %x) <{kind = #npu_tile<binary_kind add>, bcast = #npu_tile<bcast imm>}> : (memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>) -> ()
  return
}

// -----

func.func @binary_imm_not_imm(%x: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{'imm' is only valid with bcast = imm}}
  "npu_tile.vpu.binary"(%x, %x, %x) <{kind = #npu_tile<binary_kind add>, imm = 1.0 : f32}> : (memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>) -> ()
  return
}

// -----

func.func @binary_b_missing(%x: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{bcast = row requires a b operand}}
  "npu_tile.vpu.binary"(%x, %x) <{kind = #npu_tile<binary_kind add>, bcast = #npu_tile<bcast row>}> : (memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>) -> ()
  return
}

// -----

func.func @binary_bad_operand(%x: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+2 {{expected floating point literal}}
  // expected-error @+1 {{expected a tile (%b, row %b, col %b) or an f32 immediate}}
  npu_tile.vpu.binary add %x, diag %x, %x : memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @unary_shape(%x: memref<16x16xf32, #npu_tile.space<sram>>, %y: memref<16x1xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{a and dst must have the same shape, got [16, 16] and [16, 1]}}
  npu_tile.vpu.unary exp %x, %y : memref<16x16xf32, #npu_tile.space<sram>>, memref<16x1xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @unary_kind(%x: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+2 {{expected one of [mov, exp, rsqrt, recip, tanh, erf, gelu, gelu_tanh, sigmoid, silu, sqrt, relu, log, abs] for VPU elementwise unary operation, got: sin}}
  // expected-error @+1 {{failed to parse NpuTile_VpuUnaryKindAttr parameter 'value'}}
  npu_tile.vpu.unary sin %x, %x : memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @unary_not_strided(%x: memref<16x16xf32, affine_map<(d0, d1) -> (d0 floordiv 2, d1)>, #npu_tile.space<sram>>, %y: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{a must have a strided layout}}
  npu_tile.vpu.unary exp %x, %y : memref<16x16xf32, affine_map<(d0, d1) -> (d0 floordiv 2, d1)>, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @unary_row_stride_range(%x: memref<2x16xf32, strided<[1073741824, 1]>, #npu_tile.space<sram>>, %y: memref<2x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{a has a row stride of 4294967296 bytes, which does not fit the 32-bit stride field}}
  npu_tile.vpu.unary exp %x, %y : memref<2x16xf32, strided<[1073741824, 1]>, #npu_tile.space<sram>>, memref<2x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @reduce_dst(%x: memref<16x16xf32, #npu_tile.space<sram>>, %y: memref<1x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{dst must be a column [rows, 1] = [16, 1], got [1, 16]}}
  npu_tile.vpu.reduce sum %x, %y : memref<16x16xf32, #npu_tile.space<sram>>, memref<1x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @bcast_mode(%x: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{mode must be row or col, got imm}}
  npu_tile.vpu.bcast imm %x, %x : memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @bcast_shape(%x: memref<16x1xf32, #npu_tile.space<sram>>, %y: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{with mode row, a must be [1, 16], got [16, 1]}}
  npu_tile.vpu.bcast row %x, %y : memref<16x1xf32, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @quant_dst(%x: memref<16x16xf32, #npu_tile.space<sram>>, %y: memref<16x16xbf16, #npu_tile.space<sram>>) {
  // expected-error @+1 {{dst must be i8, i4 or i32, got 'bf16'}}
  npu_tile.vpu.quant %x, 2.0, %y : memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xbf16, #npu_tile.space<sram>>
  return
}

// -----

func.func @quant_zp(%x: memref<16x16xf32, #npu_tile.space<sram>>, %y: memref<16x16xi8, #npu_tile.space<sram>>) {
  // expected-error @+1 {{zero point must fit the signed 16-bit zp field, got 40000}}
  npu_tile.vpu.quant %x, 2.0, %y zp 40000 : memref<16x16xf32, #npu_tile.space<sram>>, memref<16x16xi8, #npu_tile.space<sram>>
  return
}

// -----

func.func @quant_scale_shape(%x: memref<16x16xf32, #npu_tile.space<sram>>, %s: memref<1x16xf32, #npu_tile.space<sram>>, %y: memref<16x16xi8, #npu_tile.space<sram>>) {
  // expected-error @+1 {{with bcast = col, b must be [16, 1], got [1, 16]}}
  npu_tile.vpu.quant %x, col %s, %y : memref<16x16xf32, #npu_tile.space<sram>>, memref<1x16xf32, #npu_tile.space<sram>>, memref<16x16xi8, #npu_tile.space<sram>>
  return
}

// -----

func.func @dequant_src(%x: memref<16x16xbf16, #npu_tile.space<sram>>, %y: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{a must be i8, i4 or i32, got 'bf16'}}
  npu_tile.vpu.dequant %x, 0.5, %y : memref<16x16xbf16, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @dequant_zp(%x: memref<16x16xi8, #npu_tile.space<sram>>, %y: memref<16x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{zero point must fit the signed 16-bit zp field, got -32769}}
  npu_tile.vpu.dequant %x, 0.5, %y zp -32769 : memref<16x16xi8, #npu_tile.space<sram>>, memref<16x16xf32, #npu_tile.space<sram>>
  return
}

//===----------------------------------------------------------------------===//
// Attributes and types
//===----------------------------------------------------------------------===//

// -----

// expected-error @+2 {{expected one of [hbm, sram] for npu memory space, got: dram}}
// expected-error @+1 {{failed to parse NpuTile_MemorySpaceAttr parameter 'value'}}
func.func @bad_space(%x: memref<16xf32, #npu_tile.space<dram>>) {
  return
}

// -----

// expected-error @+1 {{unknown  type `tokens` in dialect `npu_tile`}}
func.func @bad_type(%x: !npu_tile.tokens) {
  return
}

// -----

func.func @select_c_shape(%c: memref<8x8xi8, #npu_tile.space<sram>>, %x: memref<8x16xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{c and dst must have the same shape, got [8, 8] and [8, 16]}}
  npu_tile.vpu.select %c, %x, %x, %x : memref<8x8xi8, #npu_tile.space<sram>>, memref<8x16xf32, #npu_tile.space<sram>>, memref<8x16xf32, #npu_tile.space<sram>>, memref<8x16xf32, #npu_tile.space<sram>>
  return
}

// -----

func.func @select_b_row(%c: memref<8x16xi8, #npu_tile.space<sram>>, %x: memref<8x16xf32, #npu_tile.space<sram>>, %r: memref<8x1xf32, #npu_tile.space<sram>>) {
  // expected-error @+1 {{with bcast = row, b must be [1, 16], got [8, 1]}}
  npu_tile.vpu.select %c, %x, row %r, %x : memref<8x16xi8, #npu_tile.space<sram>>, memref<8x16xf32, #npu_tile.space<sram>>, memref<8x1xf32, #npu_tile.space<sram>>, memref<8x16xf32, #npu_tile.space<sram>>
  return
}
