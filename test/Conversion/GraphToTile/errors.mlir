// Operations the pass does not lower yet are located errors and the pass
// fails.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s -split-input-file -verify-diagnostics
// RUN: not npu-opt --npu-tile-graph=target=npu-tiny %s -split-input-file 2>&1 | FileCheck %s
// RUN: not npu-opt --npu-tile-graph=target=no-such-target %s -split-input-file 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not npu-opt --npu-tile-graph="target=npu-tiny sram-reserve=262144" %s -split-input-file 2>&1 | FileCheck %s --check-prefix=RESERVE

// CHECK: error: npu-tile-graph: 'npu_graph.slice' is not supported yet
// TARGET: error: npu-tile-graph: cannot load target 'no-such-target'
// RESERVE: error: npu-tile-graph: sram-reserve (262144) leaves no SRAM on target 'npu-tiny'
func.func @slice(%x: tensor<4x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{npu-tile-graph: 'npu_graph.slice' is not supported yet}}
  %y = npu_graph.slice %x starts = [0, 0] sizes = [2, 8] strides = [1, 1] : tensor<4x8xf32> -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
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

// Both operands broadcast (an outer sum): no single VPU broadcast does it.
func.func @outer(%a: tensor<4x1xf32>, %b: tensor<1x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{npu-tile-graph: 'npu_graph.add' with these operand shapes/types is not supported yet (broadcasts: full, row, column or splat constant)}}
  %c = npu_graph.add %a, %b : tensor<4x1xf32>, tensor<1x8xf32> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

// sub is not commutative: the broadcast operand must be on the right.
func.func @sub_row(%a: tensor<8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{npu-tile-graph: 'npu_graph.sub' with these operand shapes/types is not supported yet}}
  %c = npu_graph.sub %a, %b : tensor<8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
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

// -----

func.func @attention(%q: tensor<1x2x4x8xbf16>, %k: tensor<1x2x4x8xbf16>, %v: tensor<1x2x4x8xbf16>) -> tensor<1x2x4x8xbf16> {
  // expected-error @+1 {{npu-tile-graph: 'npu_graph.attention' must be decomposed first (run npu-decompose-attention)}}
  %o = npu_graph.attention %q, %k, %v scale = 0.5 : tensor<1x2x4x8xbf16>, tensor<1x2x4x8xbf16>, tensor<1x2x4x8xbf16> -> tensor<1x2x4x8xbf16>
  return %o : tensor<1x2x4x8xbf16>
}
