// Operations the pass does not lower yet are located errors and the pass
// fails.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s -split-input-file -verify-diagnostics
// RUN: not npu-opt --npu-tile-graph=target=npu-tiny %s -split-input-file 2>&1 | FileCheck %s
// RUN: not npu-opt --npu-tile-graph=target=no-such-target %s -split-input-file 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not npu-opt --npu-tile-graph="target=npu-tiny sram-reserve=262144" %s -split-input-file 2>&1 | FileCheck %s --check-prefix=RESERVE

// CHECK: error: npu-tile-graph: 'npu_graph.quantize' is not supported yet
// TARGET: error: npu-tile-graph: cannot load target 'no-such-target'
// RESERVE: error: npu-tile-graph: sram-reserve (262144) leaves no SRAM on target 'npu-tiny'
func.func @quantize(%x: tensor<4x8xf32>) -> tensor<4x8xi8> {
  // expected-error @+1 {{npu-tile-graph: 'npu_graph.quantize' is not supported yet}}
  %y = npu_graph.quantize %x scales = [5.000000e-01] zero_points = [0] : tensor<4x8xf32> -> tensor<4x8xi8>
  return %y : tensor<4x8xi8>
}

// -----

func.func @rope(%x: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  // expected-error @+1 {{npu-tile-graph: 'npu_graph.rope' must be decomposed first: run npu-decompose-rope (npu-compile does)}}
  %y = npu_graph.rope %x theta = 1.000000e+04 : tensor<1x2x4x8xf32>
  return %y : tensor<1x2x4x8xf32>
}

// -----

// dma.gather's limit is 32 bits.
func.func @gather_huge_table(%t: tensor<4294967296x2xbf16>, %i: tensor<4xi32>) -> tensor<4x2xbf16> {
  // expected-error @+1 {{npu-tile-graph: 'npu_graph.gather' table too large for dma.gather (rows of at most 2^31 bytes, fewer than 2^32 rows)}}
  %y = npu_graph.gather %t[%i] : tensor<4294967296x2xbf16>, tensor<4xi32> -> tensor<4x2xbf16>
  return %y : tensor<4x2xbf16>
}

// -----

func.func @int8_matmul(%a: tensor<4x8xi8>, %b: tensor<8x4xi8>) -> tensor<4x4xi32> {
  // expected-error @+1 {{npu-tile-graph: 'npu_graph.matmul' with 'i8' operands is not supported yet (bf16 and f32 only)}}
  %c = npu_graph.matmul %a, %b : tensor<4x8xi8>, tensor<8x4xi8> -> tensor<4x4xi32>
  return %c : tensor<4x4xi32>
}

// -----

func.func @int_cast(%a: tensor<4x8xf32>) -> tensor<4x8xi8> {
  // expected-error @+1 {{npu-tile-graph: 'npu_graph.cast' with these operand shapes/types is not supported yet}}
  %c = npu_graph.cast %a : tensor<4x8xf32> to tensor<4x8xi8>
  return %c : tensor<4x8xi8>
}

// -----

func.func @transpose_too_long(%x: tensor<2x65536xbf16>) -> tensor<65536x2xbf16> {
  // expected-error @+1 {{npu-tile-graph: 'npu_graph.transpose' with a dimension larger than 65535 is not supported yet}}
  %t = npu_graph.transpose %x permutation = [1, 0] : tensor<2x65536xbf16> -> tensor<65536x2xbf16>
  return %t : tensor<65536x2xbf16>
}
