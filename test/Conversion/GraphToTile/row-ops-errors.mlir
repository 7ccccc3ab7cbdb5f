// Row operations the pass cannot lower are located errors: rows that do not
// fit in SRAM (the kernels keep whole rows in SRAM) or in the VPU's 16-bit
// cols field. (A softmax along another axis than the last is transposed;
// see softmax-axis.mlir.)
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s -split-input-file -verify-diagnostics

// One row needs the f32 input tile and the f32 c * c tile, 2 x 160000
// bytes, plus the aligned per-row value: more than 15/16 of 256 KiB.
func.func @long_rows(%x: tensor<2x40000xf32>) -> tensor<2x40000xf32> {
  // expected-error @+1 {{npu-tile-graph: cannot tile 'npu_graph.layer_norm' with rows of 40000 elements: a row of 40000 elements needs 320032 bytes of SRAM in this kernel; the budget on 'npu-tiny' is 245760 bytes}}
  %y = npu_graph.layer_norm %x epsilon = 1.0e-5 : tensor<2x40000xf32>
  return %y : tensor<2x40000xf32>
}

// -----

func.func @too_long_for_vpu(%x: tensor<70000xbf16>) -> tensor<70000xbf16> {
  // expected-error @+1 {{npu-tile-graph: cannot tile 'npu_graph.rms_norm' with rows of 70000 elements: rows of 70000 elements are longer than 65535 (the 16-bit cols field of the VPU)}}
  %y = npu_graph.rms_norm %x epsilon = 1.0e-6 : tensor<70000xbf16>
  return %y : tensor<70000xbf16>
}

// -----

// An error in the second of two row ops: the function is left as it was.
func.func @second(%x: tensor<4x8xf32>, %y: tensor<70000xbf16>) -> (tensor<4x8xf32>, tensor<70000xbf16>) {
  %a = npu_graph.softmax %x axis = -1 : tensor<4x8xf32>
  // expected-error @+1 {{npu-tile-graph: cannot tile 'npu_graph.rms_norm' with rows of 70000 elements}}
  %b = npu_graph.rms_norm %y epsilon = 1.0e-6 : tensor<70000xbf16>
  return %a, %b : tensor<4x8xf32>, tensor<70000xbf16>
}

// -----

func.func @no_rows(%x: tensor<0x8xf32>) -> tensor<0x8xf32> {
  // expected-error @+1 {{npu-tile-graph: cannot tile 'npu_graph.softmax' with rows of 8 elements: row operation on 0x8: dimensions must be positive}}
  %y = npu_graph.softmax %x axis = -1 : tensor<0x8xf32>
  return %y : tensor<0x8xf32>
}

