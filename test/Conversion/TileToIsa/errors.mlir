// Errors of npu-lower-to-isa: each is reported at the offending op.
//
// RUN: npu-opt %s --split-input-file --verify-diagnostics --npu-lower-to-isa

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @no_offset(%x: memref<16x16xf32, #hbm> {npu.io = "input", npu.name = "x"}) {
  // expected-error @+1 {{has no offset: run npu-place-memory before npu-lower-to-isa}}
  %buf = npu_tile.alloc : memref<16x16xf32, #sram>
  %t = npu_tile.dma %x, %buf : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
  npu_tile.wait %t
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @channel(%x: memref<16x16xf32, #hbm> {npu.io = "input", npu.name = "x"}) {
  %buf = npu_tile.alloc {offset = 0 : i64} : memref<16x16xf32, #sram>
  // expected-error @+1 {{uses channel 9 but the target has 8 DMA channels}}
  %t = npu_tile.dma %x, %buf channel 9 : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
  npu_tile.wait %t
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @iter_args(%x: memref<16x16xf32, #hbm> {npu.io = "input", npu.name = "x"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  // expected-error @+1 {{has loop-carried values (iter_args) other than tokens, which npu-lower-to-isa does not support}}
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%s = %c0) -> (index) {
    %n = arith.addi %s, %c1 : index
    scf.yield %n : index
  }
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @too_deep(%x: memref<16x16xf32, #hbm> {npu.io = "input", npu.name = "x"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %buf = npu_tile.alloc {offset = 0 : i64} : memref<16x16xf32, #sram>
  scf.for %a = %c0 to %c2 step %c1 {
    scf.for %b = %c0 to %c2 step %c1 {
      scf.for %c = %c0 to %c2 step %c1 {
        scf.for %d = %c0 to %c2 step %c1 {
          // expected-error @+1 {{nests 5 loops deep; the target's hardware loops nest up to 4}}
          scf.for %e = %c0 to %c2 step %c1 {
            %t = npu_tile.dma %x, %buf : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
            npu_tile.wait %t
          }
        }
      }
    }
  }
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @wait_elsewhere(%x: memref<16x16xf32, #hbm> {npu.io = "input", npu.name = "x"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %buf = npu_tile.alloc {offset = 0 : i64} : memref<16x16xf32, #sram>
  %t = npu_tile.dma %x, %buf : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
  scf.for %i = %c0 to %c2 step %c1 {
    // expected-error @+1 {{waits for a token created in another block}}
    npu_tile.wait %t
  }
  return
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @not_affine(%x: memref<64x16xf32, #hbm> {npu.io = "input", npu.name = "x"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %buf = npu_tile.alloc {offset = 0 : i64} : memref<16x16xf32, #sram>
  scf.for %i = %c0 to %c4 step %c1 {
    %r = arith.divui %i, %c2 : index
    // expected-error @+1 {{offset is not affine in the induction variables of the enclosing loops}}
    %v = memref.subview %x[%r, 0] [16, 16] [1, 1]
        : memref<64x16xf32, #hbm> to memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm>
    %t = npu_tile.dma %v, %buf : memref<16x16xf32, strided<[16, 1], offset: ?>, #hbm> -> memref<16x16xf32, #sram>
    npu_tile.wait %t
  }
  return
}

// -----

#hbm = #npu_tile.space<hbm>

// expected-error @+1 {{argument 0 needs npu.io = "input"|"output" and npu.name}}
func.func @no_io(%x: memref<16x16xf32, #hbm>) {
  return
}

// -----

// expected-error @+1 {{has no entry function to lower}}
module {
}

// -----

#hbm = #npu_tile.space<hbm>
#sram = #npu_tile.space<sram>

func.func @carried_passthrough(%x: memref<16x16xf32, #hbm> {npu.io = "input", npu.name = "x"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %buf = npu_tile.alloc {offset = 0 : i64} : memref<16x16xf32, #sram>
  %t0 = npu_tile.dma %x, %buf : memref<16x16xf32, #hbm> -> memref<16x16xf32, #sram>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%t = %t0) -> (!npu_tile.token) {
    // expected-error @+1 {{operand 0 must be the token of a copy issued in the loop body}}
    scf.yield %t : !npu_tile.token
  }
  npu_tile.wait %r
  return
}
