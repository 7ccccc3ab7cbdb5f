// Every verifier error of npu_tile.gather.
//
// RUN: npu-opt %s -split-input-file -verify-diagnostics

#hbm = #npu_tile.space<hbm>

func.func @rank(%t: memref<50x24x2xf32, #hbm>, %i: memref<4xi32, #hbm>, %o: memref<4x24xf32, #hbm>) {
  // expected-error @+1 {{expects a [v, d] table, [n] indices and an [n, d] destination}}
  %0 = npu_tile.gather %t[%i], %o : memref<50x24x2xf32, #hbm>, memref<4xi32, #hbm> -> memref<4x24xf32, #hbm>
  return
}

// -----

#hbm = #npu_tile.space<hbm>

func.func @index_type(%t: memref<50x24xf32, #hbm>, %i: memref<4xi8, #hbm>, %o: memref<4x24xf32, #hbm>) {
  // expected-error @+1 {{expects i32 indices, got 'i8'}}
  %0 = npu_tile.gather %t[%i], %o : memref<50x24xf32, #hbm>, memref<4xi8, #hbm> -> memref<4x24xf32, #hbm>
  return
}

// -----

#hbm = #npu_tile.space<hbm>

func.func @element_type(%t: memref<50x24xf32, #hbm>, %i: memref<4xi32, #hbm>, %o: memref<4x24xbf16, #hbm>) {
  // expected-error @+1 {{expects the same element type for the table and the destination, got 'f32' and 'bf16'}}
  %0 = npu_tile.gather %t[%i], %o : memref<50x24xf32, #hbm>, memref<4xi32, #hbm> -> memref<4x24xbf16, #hbm>
  return
}

// -----

#hbm = #npu_tile.space<hbm>

func.func @shape(%t: memref<50x24xf32, #hbm>, %i: memref<4xi32, #hbm>, %o: memref<5x24xf32, #hbm>) {
  // expected-error @+1 {{expects a destination of shape [4, 24], got [5, 24]}}
  %0 = npu_tile.gather %t[%i], %o : memref<50x24xf32, #hbm>, memref<4xi32, #hbm> -> memref<5x24xf32, #hbm>
  return
}

// -----

#hbm = #npu_tile.space<hbm>

func.func @count(%t: memref<50x24xf32, #hbm>, %i: memref<70000xi32, #hbm>, %o: memref<70000x24xf32, #hbm>) {
  // expected-error @+1 {{gathers 70000 rows; dma.gather copies at most 65535 (16-bit count)}}
  %0 = npu_tile.gather %t[%i], %o : memref<50x24xf32, #hbm>, memref<70000xi32, #hbm> -> memref<70000x24xf32, #hbm>
  return
}

// -----

#hbm = #npu_tile.space<hbm>

func.func @half_bytes(%t: memref<50x3xi4, #hbm>, %i: memref<4xi32, #hbm>, %o: memref<4x3xi4, #hbm>) {
  // expected-error @+1 {{rows of 3 'i4' elements are not whole bytes}}
  %0 = npu_tile.gather %t[%i], %o : memref<50x3xi4, #hbm>, memref<4xi32, #hbm> -> memref<4x3xi4, #hbm>
  return
}

// -----

#hbm = #npu_tile.space<hbm>

func.func @strided_rows(%t: memref<50x24xf32, strided<[48, 2]>, #hbm>, %i: memref<4xi32, #hbm>, %o: memref<4x24xf32, #hbm>) {
  // expected-error @+1 {{table rows must be contiguous (innermost stride 1), got stride 2}}
  %0 = npu_tile.gather %t[%i], %o : memref<50x24xf32, strided<[48, 2]>, #hbm>, memref<4xi32, #hbm> -> memref<4x24xf32, #hbm>
  return
}

// -----

#hbm = #npu_tile.space<hbm>

func.func @strided_indices(%t: memref<50x24xf32, #hbm>, %i: memref<4xi32, strided<[2]>, #hbm>, %o: memref<4x24xf32, #hbm>) {
  // expected-error @+1 {{indices must be contiguous, got stride 2}}
  %0 = npu_tile.gather %t[%i], %o : memref<50x24xf32, #hbm>, memref<4xi32, strided<[2]>, #hbm> -> memref<4x24xf32, #hbm>
  return
}

// -----

#hbm = #npu_tile.space<hbm>

func.func @overlapping_rows(%t: memref<50x24xf32, #hbm>, %i: memref<4xi32, #hbm>, %o: memref<4x24xf32, strided<[8, 1]>, #hbm>) {
  // expected-error @+1 {{destination rows overlap: row stride of 32 bytes is smaller than a row}}
  %0 = npu_tile.gather %t[%i], %o : memref<50x24xf32, #hbm>, memref<4xi32, #hbm> -> memref<4x24xf32, strided<[8, 1]>, #hbm>
  return
}

// -----

#hbm = #npu_tile.space<hbm>

func.func @channel(%t: memref<50x24xf32, #hbm>, %i: memref<4xi32, #hbm>, %o: memref<4x24xf32, #hbm>) {
  // expected-error @+1 {{channel must be in [0, 15] (the 4-bit ch field), got 16}}
  %0 = npu_tile.gather %t[%i], %o channel 16 : memref<50x24xf32, #hbm>, memref<4xi32, #hbm> -> memref<4x24xf32, #hbm>
  return
}
