// Every verifier error of the npu_graph operations and attributes.
// RUN: npu-opt %s -split-input-file -verify-diagnostics

func.func @matmul_lhs_rank(%a: tensor<8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{'npu_graph.matmul' op lhs must have rank >= 2, got rank 1}}
  %0 = npu_graph.matmul %a, %b : tensor<8xf32>, tensor<8x4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @matmul_rhs_rank(%a: tensor<2x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'npu_graph.matmul' op rhs must have rank >= 2, got rank 1}}
  %0 = npu_graph.matmul %a, %b : tensor<2x8xf32>, tensor<8xf32> -> tensor<2xf32>
  return
}

// -----

func.func @matmul_element_types(%a: tensor<2x8xf32>, %b: tensor<8x4xbf16>) {
  // expected-error @+1 {{'npu_graph.matmul' op operand element types differ: lhs has 'f32', rhs has 'bf16'}}
  %0 = npu_graph.matmul %a, %b : tensor<2x8xf32>, tensor<8x4xbf16> -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_contracting(%a: tensor<16x768xbf16>, %b: tensor<512x64xbf16>) {
  // expected-error @+1 {{'npu_graph.matmul' op contracting dimensions differ: lhs has 768, rhs has 512}}
  %0 = npu_graph.matmul %a, %b : tensor<16x768xbf16>, tensor<512x64xbf16> -> tensor<16x64xf32>
  return
}

// -----

func.func @matmul_contracting_transposed(%a: tensor<16x64xf32>, %b: tensor<64x32xf32>) {
  // expected-error @+1 {{'npu_graph.matmul' op contracting dimensions differ: lhs has 64, rhs has 32}}
  %0 = npu_graph.matmul %a, %b transpose_b : tensor<16x64xf32>, tensor<64x32xf32> -> tensor<16x64xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<3x2x8xf32>, %b: tensor<4x8x4xf32>) {
  // expected-error @+1 {{'npu_graph.matmul' op batch dimensions are not broadcastable: lhs has [3], rhs has [4]}}
  %0 = npu_graph.matmul %a, %b : tensor<3x2x8xf32>, tensor<4x8x4xf32> -> tensor<3x2x4xf32>
  return
}

// -----

func.func @matmul_result_element(%a: tensor<2x8xbf16>, %b: tensor<8x4xbf16>) {
  // expected-error @+1 {{'npu_graph.matmul' op result element type 'i32' is invalid for 'bf16' operands (expected 'bf16' or 'f32')}}
  %0 = npu_graph.matmul %a, %b : tensor<2x8xbf16>, tensor<8x4xbf16> -> tensor<2x4xi32>
  return
}

// -----

func.func @matmul_result_element_i8(%a: tensor<2x8xi8>, %b: tensor<8x4xi8>) {
  // expected-error @+1 {{'npu_graph.matmul' op result element type 'f32' is invalid for 'i8' operands (expected 'i32')}}
  %0 = npu_graph.matmul %a, %b : tensor<2x8xi8>, tensor<8x4xi8> -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_result_shape(%a: tensor<2x8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{'npu_graph.matmul' op result shape [4, 2] does not match the expected shape [2, 4]}}
  %0 = npu_graph.matmul %a, %b : tensor<2x8xf32>, tensor<8x4xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @matmul_operand_type(%a: tensor<2x8xi32>, %b: tensor<8x4xi32>) {
  // expected-error @+1 {{'npu_graph.matmul' op operand #0 must be statically shaped tensor of 32-bit float or bfloat16 type or 8-bit signless integer values}}
  %0 = npu_graph.matmul %a, %b : tensor<2x8xi32>, tensor<8x4xi32> -> tensor<2x4xi32>
  return
}

// -----

func.func @dynamic_shape(%a: tensor<?x8xf32>) {
  // expected-error @+1 {{'npu_graph.exp' op operand #0 must be statically shaped tensor of 32-bit float or bfloat16 type values}}
  %0 = npu_graph.exp %a : tensor<?x8xf32>
  return
}

// -----

func.func @binary_element_types(%a: tensor<4xf32>, %b: tensor<4xbf16>) {
  // expected-error @+1 {{'npu_graph.add' op element types differ: lhs has 'f32', rhs has 'bf16', result has 'f32'}}
  %0 = npu_graph.add %a, %b : tensor<4xf32>, tensor<4xbf16> -> tensor<4xf32>
  return
}

// -----

func.func @binary_broadcast(%a: tensor<4x8xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'npu_graph.mul' op operands are not broadcastable: lhs has shape [4, 8], rhs has shape [3]}}
  %0 = npu_graph.mul %a, %b : tensor<4x8xf32>, tensor<3xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @binary_result_shape(%a: tensor<4x1xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'npu_graph.sub' op result shape [4, 1] does not match the expected shape [4, 8]}}
  %0 = npu_graph.sub %a, %b : tensor<4x1xf32>, tensor<8xf32> -> tensor<4x1xf32>
  return
}

// -----

func.func @binary_integer(%a: tensor<4xi32>) {
  // expected-error @+1 {{'npu_graph.div' op operand #0 must be statically shaped tensor of 32-bit float or bfloat16 type values, but got 'tensor<4xi32>'}}
  %0 = npu_graph.div %a, %a : tensor<4xi32>
  return
}

// -----

func.func @unary_type(%a: tensor<4xf32>) {
  // expected-error @+1 {{'npu_graph.tanh' op requires the same type for all operands and results}}
  %0 = "npu_graph.tanh"(%a) : (tensor<4xf32>) -> tensor<4xbf16>
  return
}

// -----

func.func @gelu_approximation(%a: tensor<4xf32>) {
  // expected-error @+2 {{expected ::npu::graph::GeluApproximation to be one of: none, tanh}}
  // expected-error @+1 {{failed to parse NpuGraph_GeluApproximationAttr parameter 'value'}}
  %0 = npu_graph.gelu %a approximate = sigmoid : tensor<4xf32>
  return
}

// -----

func.func @layer_norm_rank(%a: tensor<f32>) {
  // expected-error @+1 {{'npu_graph.layer_norm' op input must have rank >= 1}}
  %0 = npu_graph.layer_norm %a epsilon = 1.0e-5 : tensor<f32>
  return
}

// -----

func.func @layer_norm_epsilon(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu_graph.layer_norm' op epsilon must be non-negative and finite, got -1.000000e-05}}
  %0 = npu_graph.layer_norm %a epsilon = -1.0e-5 : tensor<2x8xf32>
  return
}

// -----

func.func @layer_norm_gamma(%a: tensor<2x768xf32>, %g: tensor<512xf32>) {
  // expected-error @+1 {{'npu_graph.layer_norm' op gamma must have shape [768] (the last dimension of the input), got [512]}}
  %0 = npu_graph.layer_norm %a gamma(%g : tensor<512xf32>) epsilon = 1.0e-5 : tensor<2x768xf32>
  return
}

// -----

func.func @layer_norm_beta(%a: tensor<2x8xf32>, %b: tensor<1x8xf32>) {
  // expected-error @+1 {{'npu_graph.layer_norm' op beta must have shape [8] (the last dimension of the input), got [1, 8]}}
  %0 = npu_graph.layer_norm %a beta(%b : tensor<1x8xf32>) epsilon = 1.0e-5 : tensor<2x8xf32>
  return
}

// -----

func.func @layer_norm_result(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu_graph.layer_norm' op failed to verify that all of {input, result} have same type}}
  %0 = "npu_graph.layer_norm"(%a) {epsilon = 1.0e-5 : f64, operandSegmentSizes = array<i32: 1, 0, 0>} : (tensor<2x8xf32>) -> tensor<2x8xbf16>
  return
}

// -----

func.func @rms_norm_gamma(%a: tensor<2x8xbf16>, %g: tensor<4xbf16>) {
  // expected-error @+1 {{'npu_graph.rms_norm' op gamma must have shape [8] (the last dimension of the input), got [4]}}
  %0 = npu_graph.rms_norm %a gamma(%g : tensor<4xbf16>) epsilon = 1.0e-6 : tensor<2x8xbf16>
  return
}

// -----

func.func @rms_norm_epsilon(%a: tensor<2x8xbf16>) {
  // expected-error @+1 {{'npu_graph.rms_norm' op epsilon must be non-negative and finite, got INF}}
  %0 = npu_graph.rms_norm %a epsilon = 0x7FF0000000000000 : tensor<2x8xbf16>
  return
}

// -----

func.func @softmax_rank(%a: tensor<f32>) {
  // expected-error @+1 {{'npu_graph.softmax' op input must have rank >= 1}}
  %0 = npu_graph.softmax %a axis = 0 : tensor<f32>
  return
}

// -----

func.func @softmax_axis(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu_graph.softmax' op axis 2 is out of range for a tensor of rank 2}}
  %0 = npu_graph.softmax %a axis = 2 : tensor<2x8xf32>
  return
}

// -----

func.func @softmax_negative_axis(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu_graph.softmax' op axis -3 is out of range for a tensor of rank 2}}
  %0 = npu_graph.softmax %a axis = -3 : tensor<2x8xf32>
  return
}

// -----

func.func @softmax_offset_without_causal(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu_graph.softmax' op offset 3 requires causal}}
  %0 = npu_graph.softmax %a axis = -1 offset = 3 : tensor<2x8xf32>
  return
}

// -----

func.func @softmax_negative_offset(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu_graph.softmax' op offset must be non-negative, got -1}}
  %0 = npu_graph.softmax %a axis = -1 causal offset = -1 : tensor<2x8xf32>
  return
}

// -----

func.func @softmax_causal_rank(%a: tensor<8xf32>) {
  // expected-error @+1 {{'npu_graph.softmax' op causal masking needs rank >= 2, got rank 1}}
  %0 = npu_graph.softmax %a axis = 0 causal : tensor<8xf32>
  return
}

// -----

func.func @softmax_causal_axis(%a: tensor<2x8x8xf32>) {
  // expected-error @+1 {{'npu_graph.softmax' op causal masking needs axis to be the last dimension (2), got 1}}
  %0 = npu_graph.softmax %a axis = 1 causal : tensor<2x8x8xf32>
  return
}

// -----

func.func @transpose_size(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu_graph.transpose' op permutation has 3 entries, expected 2 (the input rank)}}
  %0 = npu_graph.transpose %a permutation = [0, 1, 2] : tensor<2x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @transpose_permutation(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu_graph.transpose' op permutation [1, 1] is not a permutation of 0..1}}
  %0 = npu_graph.transpose %a permutation = [1, 1] : tensor<2x8xf32> -> tensor<8x8xf32>
  return
}

// -----

func.func @transpose_element_type(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu_graph.transpose' op result element type 'bf16' differs from the input element type 'f32'}}
  %0 = npu_graph.transpose %a permutation = [1, 0] : tensor<2x8xf32> -> tensor<8x2xbf16>
  return
}

// -----

func.func @transpose_shape(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu_graph.transpose' op result shape [2, 8] does not match the expected shape [8, 2]}}
  %0 = npu_graph.transpose %a permutation = [1, 0] : tensor<2x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @reshape_count(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.reshape' op cannot reshape [4, 8] (32 elements) into [5, 6] (30 elements)}}
  %0 = npu_graph.reshape %a : tensor<4x8xf32> -> tensor<5x6xf32>
  return
}

// -----

func.func @reshape_element_type(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.reshape' op result element type 'i32' differs from the input element type 'f32'}}
  %0 = npu_graph.reshape %a : tensor<4x8xf32> -> tensor<32xi32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+1 {{'npu_graph.concat' op needs at least one input}}
  %0 = "npu_graph.concat"() {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_rank0(%a: tensor<f32>) {
  // expected-error @+1 {{'npu_graph.concat' op inputs must have rank >= 1}}
  %0 = npu_graph.concat %a, %a axis = 0 : tensor<f32>, tensor<f32> -> tensor<2xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x4xf32>) {
  // expected-error @+1 {{'npu_graph.concat' op axis 2 is out of range for a tensor of rank 2}}
  %0 = npu_graph.concat %a, %a axis = 2 : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @concat_element_type(%a: tensor<2x4xf32>, %b: tensor<2x4xbf16>) {
  // expected-error @+1 {{'npu_graph.concat' op input #1 has element type 'bf16', expected 'f32'}}
  %0 = npu_graph.concat %a, %b axis = 0 : tensor<2x4xf32>, tensor<2x4xbf16> -> tensor<4x4xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'npu_graph.concat' op input #1 has rank 1, expected 2}}
  %0 = npu_graph.concat %a, %b axis = 0 : tensor<2x4xf32>, tensor<4xf32> -> tensor<3x4xf32>
  return
}

// -----

func.func @concat_sizes(%a: tensor<2x4xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+1 {{'npu_graph.concat' op input #1 has size 5 in dimension 1, expected 4 (inputs differ only along axis 0)}}
  %0 = npu_graph.concat %a, %b axis = 0 : tensor<2x4xf32>, tensor<3x5xf32> -> tensor<5x4xf32>
  return
}

// -----

func.func @concat_result(%a: tensor<2x4xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'npu_graph.concat' op result shape [6, 4] does not match the expected shape [5, 4]}}
  %0 = npu_graph.concat %a, %b axis = -2 : tensor<2x4xf32>, tensor<3x4xf32> -> tensor<6x4xf32>
  return
}

// -----

func.func @concat_result_element(%a: tensor<2x4xf32>) {
  // expected-error @+1 {{'npu_graph.concat' op result element type 'bf16' differs from the input element type 'f32'}}
  %0 = npu_graph.concat %a axis = 0 : tensor<2x4xf32> -> tensor<2x4xbf16>
  return
}

// -----

func.func @slice_entries(%a: tensor<8x8xf32>) {
  // expected-error @+1 {{'npu_graph.slice' op sizes has 1 entries, expected 2 (the input rank)}}
  %0 = npu_graph.slice %a starts = [0, 0] sizes = [4] strides = [1, 1] : tensor<8x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @slice_start(%a: tensor<8x8xf32>) {
  // expected-error @+1 {{'npu_graph.slice' op start -1 in dimension 1 is negative}}
  %0 = npu_graph.slice %a starts = [0, -1] sizes = [4, 4] strides = [1, 1] : tensor<8x8xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @slice_size(%a: tensor<8x8xf32>) {
  // expected-error @+1 {{'npu_graph.slice' op size 0 in dimension 0 must be at least 1}}
  %0 = "npu_graph.slice"(%a) {starts = array<i64: 0, 0>, sizes = array<i64: 0, 4>, strides = array<i64: 1, 1>} : (tensor<8x8xf32>) -> tensor<0x4xf32>
  return
}

// -----

func.func @slice_stride(%a: tensor<8x8xf32>) {
  // expected-error @+1 {{'npu_graph.slice' op stride 0 in dimension 1 must be at least 1}}
  %0 = npu_graph.slice %a starts = [0, 0] sizes = [4, 4] strides = [1, 0] : tensor<8x8xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @slice_bounds(%a: tensor<8x8xf32>) {
  // expected-error @+1 {{'npu_graph.slice' op slice reads index 9 of dimension 1, which has size 8}}
  %0 = npu_graph.slice %a starts = [0, 3] sizes = [4, 4] strides = [1, 2] : tensor<8x8xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @slice_result(%a: tensor<8x8xf32>) {
  // expected-error @+1 {{'npu_graph.slice' op result shape [4, 2] does not match the expected shape [4, 4]}}
  %0 = npu_graph.slice %a starts = [0, 0] sizes = [4, 4] strides = [1, 1] : tensor<8x8xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @slice_element(%a: tensor<8x8xf32>) {
  // expected-error @+1 {{'npu_graph.slice' op result element type 'bf16' differs from the input element type 'f32'}}
  %0 = npu_graph.slice %a starts = [0, 0] sizes = [4, 4] strides = [1, 1] : tensor<8x8xf32> -> tensor<4x4xbf16>
  return
}

// -----

func.func @gather_table_rank(%t: tensor<f32>, %i: tensor<4xi32>) {
  // expected-error @+1 {{'npu_graph.gather' op table must have rank >= 1}}
  %0 = npu_graph.gather %t[%i] : tensor<f32>, tensor<4xi32> -> tensor<4xf32>
  return
}

// -----

func.func @gather_shape(%t: tensor<100x64xf32>, %i: tensor<2x8xi32>) {
  // expected-error @+1 {{'npu_graph.gather' op result shape [16, 64] does not match the expected shape [2, 8, 64]}}
  %0 = npu_graph.gather %t[%i] : tensor<100x64xf32>, tensor<2x8xi32> -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_element(%t: tensor<100x64xf32>, %i: tensor<8xi32>) {
  // expected-error @+1 {{'npu_graph.gather' op result element type 'bf16' differs from the table element type 'f32'}}
  %0 = npu_graph.gather %t[%i] : tensor<100x64xf32>, tensor<8xi32> -> tensor<8x64xbf16>
  return
}

// -----

func.func @gather_indices(%t: tensor<100x64xf32>, %i: tensor<8xi8>) {
  // expected-error @+1 {{'npu_graph.gather' op operand #1 must be statically shaped tensor of 32-bit signless integer values, but got 'tensor<8xi8>'}}
  %0 = npu_graph.gather %t[%i] : tensor<100x64xf32>, tensor<8xi8> -> tensor<8x64xf32>
  return
}

// -----

func.func @rope_rank(%x: tensor<64xf32>) {
  // expected-error @+1 {{'npu_graph.rope' op input must have rank >= 2 ([..., seq, head_dim]), got rank 1}}
  %0 = npu_graph.rope %x theta = 10000.0 : tensor<64xf32>
  return
}

// -----

func.func @rope_odd(%x: tensor<4x63xf32>) {
  // expected-error @+1 {{'npu_graph.rope' op the last dimension (63) must be even}}
  %0 = npu_graph.rope %x theta = 10000.0 : tensor<4x63xf32>
  return
}

// -----

func.func @rope_cos_only(%x: tensor<4x64xf32>, %c: tensor<4x64xf32>) {
  // expected-error @+1 {{'npu_graph.rope' op cos and sin must be given together}}
  %0 = npu_graph.rope %x cos(%c : tensor<4x64xf32>) : tensor<4x64xf32>
  return
}

// -----

func.func @rope_both(%x: tensor<4x64xf32>, %c: tensor<4x64xf32>) {
  // expected-error @+1 {{'npu_graph.rope' op takes either cos/sin tables or theta, not both}}
  %0 = npu_graph.rope %x cos(%c : tensor<4x64xf32>) sin(%c : tensor<4x64xf32>) theta = 10000.0 : tensor<4x64xf32>
  return
}

// -----

func.func @rope_neither(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{'npu_graph.rope' op needs cos/sin tables or theta}}
  %0 = npu_graph.rope %x : tensor<4x64xf32>
  return
}

// -----

func.func @rope_table_shape(%x: tensor<2x4x64xf32>, %c: tensor<4x64xf32>, %s: tensor<4x32xf32>) {
  // expected-error @+1 {{'npu_graph.rope' op sin must have shape [4, 64] ([seq, head_dim] of the input), got [4, 32]}}
  %0 = npu_graph.rope %x cos(%c : tensor<4x64xf32>) sin(%s : tensor<4x32xf32>) : tensor<2x4x64xf32>
  return
}

// -----

func.func @rope_table_offset(%x: tensor<4x64xf32>, %c: tensor<4x64xf32>) {
  // expected-error @+1 {{'npu_graph.rope' op offset is only allowed with theta}}
  %0 = npu_graph.rope %x cos(%c : tensor<4x64xf32>) sin(%c : tensor<4x64xf32>) offset = 2 : tensor<4x64xf32>
  return
}

// -----

func.func @rope_theta(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{'npu_graph.rope' op theta must be positive and finite, got 0.000000e+00}}
  %0 = npu_graph.rope %x theta = 0.0 : tensor<4x64xf32>
  return
}

// -----

func.func @rope_negative_offset(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{'npu_graph.rope' op offset must be non-negative, got -4}}
  %0 = npu_graph.rope %x theta = 10000.0 offset = -4 : tensor<4x64xf32>
  return
}

// -----

func.func @attention_rank(%q: tensor<8x16x64xf32>, %k: tensor<1x8x16x64xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op q must have rank 4 ([batch, heads, seq, head_dim]), got rank 3}}
  %0 = npu_graph.attention %q, %k, %k scale = 0.125 : tensor<8x16x64xf32>, tensor<1x8x16x64xf32>, tensor<1x8x16x64xf32> -> tensor<8x16x64xf32>
  return
}

// -----

func.func @attention_element(%q: tensor<1x8x16x64xf32>, %k: tensor<1x8x16x64xbf16>) {
  // expected-error @+1 {{'npu_graph.attention' op element types differ: q has 'f32', k has 'bf16', v has 'bf16', result has 'f32'}}
  %0 = npu_graph.attention %q, %k, %k scale = 0.125 : tensor<1x8x16x64xf32>, tensor<1x8x16x64xbf16>, tensor<1x8x16x64xbf16> -> tensor<1x8x16x64xf32>
  return
}

// -----

func.func @attention_batch(%q: tensor<2x8x16x64xf32>, %k: tensor<1x8x16x64xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op batch sizes differ: q has 2, k has 1, v has 1}}
  %0 = npu_graph.attention %q, %k, %k scale = 0.125 : tensor<2x8x16x64xf32>, tensor<1x8x16x64xf32>, tensor<1x8x16x64xf32> -> tensor<2x8x16x64xf32>
  return
}

// -----

func.func @attention_head_dim(%q: tensor<1x8x16x64xf32>, %k: tensor<1x8x16x32xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op head dimensions differ: q has 64, k has 32}}
  %0 = npu_graph.attention %q, %k, %k scale = 0.125 : tensor<1x8x16x64xf32>, tensor<1x8x16x32xf32>, tensor<1x8x16x32xf32> -> tensor<1x8x16x32xf32>
  return
}

// -----

func.func @attention_kv(%q: tensor<1x8x16x64xf32>, %k: tensor<1x8x16x64xf32>, %v: tensor<1x8x12x64xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op k and v must have the same heads and sequence length: k has [1, 8, 16, 64], v has [1, 8, 12, 64]}}
  %0 = npu_graph.attention %q, %k, %v scale = 0.125 : tensor<1x8x16x64xf32>, tensor<1x8x16x64xf32>, tensor<1x8x12x64xf32> -> tensor<1x8x16x64xf32>
  return
}

// -----

func.func @attention_heads(%q: tensor<1x8x16x64xf32>, %k: tensor<1x3x16x64xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op key/value heads (3) must divide query heads (8)}}
  %0 = npu_graph.attention %q, %k, %k scale = 0.125 : tensor<1x8x16x64xf32>, tensor<1x3x16x64xf32>, tensor<1x3x16x64xf32> -> tensor<1x8x16x64xf32>
  return
}

// -----

func.func @attention_mask_element(%q: tensor<1x8x16x64xbf16>, %k: tensor<1x2x16x64xbf16>, %m: tensor<1x1x1x16xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op mask element type 'f32' differs from q's 'bf16'}}
  %0 = npu_graph.attention %q, %k, %k mask %m scale = 0.125 : tensor<1x8x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x1x1x16xf32> -> tensor<1x8x16x64xbf16>
  return
}

// -----

func.func @attention_mask_rank(%q: tensor<1x8x16x64xf32>, %k: tensor<1x2x16x64xf32>, %m: tensor<1x16xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op mask must have rank 4 (broadcast to the scores [1, 8, 16, 16]), got rank 2}}
  %0 = npu_graph.attention %q, %k, %k mask %m scale = 0.125 : tensor<1x8x16x64xf32>, tensor<1x2x16x64xf32>, tensor<1x2x16x64xf32>, tensor<1x16xf32> -> tensor<1x8x16x64xf32>
  return
}

// -----

func.func @attention_mask_keys(%q: tensor<1x8x16x64xf32>, %k: tensor<1x2x24x64xf32>, %m: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op mask's last dimension must be the key length 24, got mask [1, 1, 1, 1]}}
  %0 = npu_graph.attention %q, %k, %k mask %m scale = 0.125 : tensor<1x8x16x64xf32>, tensor<1x2x24x64xf32>, tensor<1x2x24x64xf32>, tensor<1x1x1x1xf32> -> tensor<1x8x16x64xf32>
  return
}

// -----

func.func @attention_mask_broadcast(%q: tensor<1x8x16x64xf32>, %k: tensor<1x2x24x64xf32>, %m: tensor<1x2x16x24xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op mask [1, 2, 16, 24] does not broadcast to the scores [1, 8, 16, 24] (dimension 1 must be 1 or 8)}}
  %0 = npu_graph.attention %q, %k, %k mask %m scale = 0.125 : tensor<1x8x16x64xf32>, tensor<1x2x24x64xf32>, tensor<1x2x24x64xf32>, tensor<1x2x16x24xf32> -> tensor<1x8x16x64xf32>
  return
}

// -----

func.func @attention_offset(%q: tensor<1x8x16x64xf32>, %k: tensor<1x2x16x64xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op offset 4 requires causal}}
  %0 = npu_graph.attention %q, %k, %k scale = 0.125 offset = 4 : tensor<1x8x16x64xf32>, tensor<1x2x16x64xf32>, tensor<1x2x16x64xf32> -> tensor<1x8x16x64xf32>
  return
}

// -----

func.func @attention_result(%q: tensor<1x8x16x64xf32>, %k: tensor<1x2x32x64xf32>, %v: tensor<1x2x32x16xf32>) {
  // expected-error @+1 {{'npu_graph.attention' op result shape [1, 8, 16, 64] does not match the expected shape [1, 8, 16, 16]}}
  %0 = npu_graph.attention %q, %k, %v scale = 0.125 causal : tensor<1x8x16x64xf32>, tensor<1x2x32x64xf32>, tensor<1x2x32x16xf32> -> tensor<1x8x16x64xf32>
  return
}

// -----

func.func @cast_shape(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.cast' op requires the same shape for all operands and results}}
  %0 = npu_graph.cast %a : tensor<4x8xf32> to tensor<8x4xbf16>
  return
}

// -----

func.func @quantize_per_tensor(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.quantize' op per-tensor quantisation needs exactly one scale, got 2 (give axis for per-axis scales)}}
  %0 = npu_graph.quantize %a scales = [1.0, 2.0] zero_points = [0, 0] : tensor<4x8xf32> -> tensor<4x8xi8>
  return
}

// -----

func.func @quantize_axis(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.quantize' op axis 2 is out of range for a tensor of rank 2}}
  %0 = npu_graph.quantize %a axis = 2 scales = [1.0] zero_points = [0] : tensor<4x8xf32> -> tensor<4x8xi8>
  return
}

// -----

func.func @quantize_per_axis(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.quantize' op per-axis quantisation along axis 0 needs 4 scales, got 2}}
  %0 = npu_graph.quantize %a axis = 0 scales = [1.0, 2.0] zero_points = [0, 0] : tensor<4x8xf32> -> tensor<4x8xi8>
  return
}

// -----

func.func @quantize_zero_points(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.quantize' op zero_points has 0 entries, expected 1 (one per scale)}}
  %0 = npu_graph.quantize %a scales = [1.0] zero_points = [] : tensor<4x8xf32> -> tensor<4x8xi8>
  return
}

// -----

func.func @quantize_scale(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.quantize' op scale #1 must be positive and finite, got -5.000000e-01}}
  %0 = npu_graph.quantize %a axis = -2 scales = [1.0, -0.5, 1.0, 1.0] zero_points = [0, 0, 0, 0] : tensor<4x8xf32> -> tensor<4x8xi8>
  return
}

// -----

func.func @quantize_zero_point_range(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.quantize' op zero point #0 (200) is out of the range [-128, 127] of 'i8'}}
  %0 = npu_graph.quantize %a scales = [1.0] zero_points = [200] : tensor<4x8xf32> -> tensor<4x8xi8>
  return
}

// -----

func.func @quantize_result(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.quantize' op result #0 must be statically shaped tensor of 8-bit signless integer values, but got 'tensor<4x8xi32>'}}
  %0 = npu_graph.quantize %a scales = [1.0] zero_points = [0] : tensor<4x8xf32> -> tensor<4x8xi32>
  return
}

// -----

func.func @dequantize_zero_point(%a: tensor<4x8xi8>) {
  // expected-error @+1 {{'npu_graph.dequantize' op zero point #0 (-129) is out of the range [-128, 127] of 'i8'}}
  %0 = npu_graph.dequantize %a scales = [1.0] zero_points = [-129] : tensor<4x8xi8> -> tensor<4x8xf32>
  return
}

// -----

func.func @dequantize_shape(%a: tensor<4x8xi8>) {
  // expected-error @+1 {{'npu_graph.dequantize' op requires the same shape for all operands and results}}
  %0 = npu_graph.dequantize %a scales = [1.0] zero_points = [0] : tensor<4x8xi8> -> tensor<8x4xf32>
  return
}

// -----

func.func @dequantize_input(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'npu_graph.dequantize' op operand #0 must be statically shaped tensor of 8-bit signless integer or 32-bit signless integer values, but got 'tensor<4x8xf32>'}}
  %0 = npu_graph.dequantize %a scales = [1.0] zero_points = [0] : tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @constant_kind() {
  // expected-error @+1 {{'npu_graph.constant' op value must be a dense, dense_resource or #npu_graph.external attribute, got sparse<0, 1.000000e+00> : tensor<4xf32>}}
  %0 = npu_graph.constant sparse<[[0]], [1.0]> : tensor<4xf32>
  return
}

// -----

func.func @constant_type() {
  // expected-error @+1 {{'npu_graph.constant' op result #0 must be statically shaped tensor of 32-bit float or bfloat16 type or 8-bit signless integer or 32-bit signless integer or 1-bit signless integer values, but got 'tensor<2xf64>'}}
  %0 = npu_graph.constant dense<[1.0, 2.0]> : tensor<2xf64>
  return
}

// -----

func.func @external_path() {
  // expected-error @+1 {{#npu_graph.external needs a non-empty file path}}
  %0 = npu_graph.constant #npu_graph.external<"", 0> : tensor<4xf32>
  return
}

// -----

func.func @external_type() {
  // expected-error @+1 {{#npu_graph.external must have a statically shaped tensor type of f32, bf16, i8 or i32, got 'tensor<?xf32>'}}
  %0 = npu_graph.constant #npu_graph.external<"w.bin", 0> : tensor<?xf32>
  return
}

// -----

func.func @external_scalar_type() {
  // expected-error @+1 {{#npu_graph.external must have a statically shaped tensor type of f32, bf16, i8 or i32, got 'f32'}}
  %0 = npu_graph.constant #npu_graph.external<"w.bin", 0> : f32
  return
}

// -----

func.func @reduce_no_axes(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npu_graph.reduce' op axes must not be empty}}
  %0 = npu_graph.reduce sum %x axes = [] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @reduce_axis_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npu_graph.reduce' op axis 2 is out of range for a tensor of rank 2}}
  %0 = npu_graph.reduce sum %x axes = [2] : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @reduce_twice(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npu_graph.reduce' op axis -1 is reduced twice}}
  %0 = npu_graph.reduce max %x axes = [1, -1] : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @reduce_shape(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npu_graph.reduce' op result shape [2] should be [2, 1] (the input shape with the reduced axes set to 1)}}
  %0 = npu_graph.reduce mean %x axes = [1] keepdims : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @reduce_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npu_graph.reduce' op result element type 'bf16' differs from the input element type 'f32'}}
  %0 = npu_graph.reduce sum %x axes = [1] : tensor<2x3xf32> -> tensor<2xbf16>
  return
}

// -----

func.func @reduce_kind(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{expected ::npu::graph::ReduceKind to be one of: sum, mean, max, min, prod}}
  // expected-error @+1 {{failed to parse NpuGraph_ReduceKindAttr parameter 'value'}}
  %0 = npu_graph.reduce median %x axes = [1] : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @pow_broadcast(%a: tensor<4x8xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'npu_graph.pow' op operands are not broadcastable: lhs has shape [4, 8], rhs has shape [3]}}
  %0 = npu_graph.pow %a, %b : tensor<4x8xf32>, tensor<3xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @reduce_prod_shape(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npu_graph.reduce' op result shape [2, 3] should be [2]}}
  %0 = npu_graph.reduce prod %x axes = [1] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @compare_shapes(%a: tensor<4x8xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'npu_graph.compare' op operands are not broadcastable: lhs has shape [4, 8], rhs has shape [3]}}
  %0 = npu_graph.compare eq %a, %b : tensor<4x8xf32>, tensor<3xf32> -> tensor<4x8xi1>
  return
}

// -----

func.func @compare_types(%a: tensor<4xf32>, %b: tensor<4xi32>) {
  // expected-error @+1 {{'npu_graph.compare' op operand element types differ: lhs has 'f32', rhs has 'i32'}}
  %0 = npu_graph.compare eq %a, %b : tensor<4xf32>, tensor<4xi32> -> tensor<4xi1>
  return
}

// -----

func.func @compare_result_type(%a: tensor<4xf32>) {
  // expected-error @+1 {{'npu_graph.compare' op result #0 must be statically shaped tensor of 1-bit signless integer values}}
  %0 = npu_graph.compare eq %a, %a : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @compare_result_shape(%a: tensor<4xf32>) {
  // expected-error @+1 {{'npu_graph.compare' op result shape [2, 4] does not match the expected shape [4]}}
  %0 = npu_graph.compare eq %a, %a : tensor<4xf32>, tensor<4xf32> -> tensor<2x4xi1>
  return
}

// -----

func.func @logical_operands(%a: tensor<4xi8>) {
  // expected-error @+1 {{'npu_graph.logical' op operand #0 must be statically shaped tensor of 1-bit signless integer values}}
  %0 = npu_graph.logical and %a, %a : tensor<4xi8>, tensor<4xi8> -> tensor<4xi1>
  return
}

// -----

func.func @select_condition(%c: tensor<4xf32>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'npu_graph.select' op operand #0 must be statically shaped tensor of 1-bit signless integer values}}
  %0 = npu_graph.select %c, %a, %a : tensor<4xf32>, tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @select_shapes(%c: tensor<3xi1>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'npu_graph.select' op operands are not broadcastable: condition has shape [3], true_value has shape [4], false_value has shape [4]}}
  %0 = npu_graph.select %c, %a, %a : tensor<3xi1>, tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @select_value_types(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xbf16>) {
  // expected-error @+1 {{'npu_graph.select' op value element types differ: true_value has 'f32', false_value has 'bf16'}}
  %0 = npu_graph.select %c, %a, %b : tensor<4xi1>, tensor<4xf32>, tensor<4xbf16> -> tensor<4xf32>
  return
}

// -----

func.func @select_result_type(%c: tensor<4xi1>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'npu_graph.select' op result element type 'bf16' differs from the value element type 'f32'}}
  %0 = npu_graph.select %c, %a, %a : tensor<4xi1>, tensor<4xf32>, tensor<4xf32> -> tensor<4xbf16>
  return
}
