func.func @elt(%x: tensor<3x50x90xf32>, %col: tensor<3x50x1xf32>, %row: tensor<90xf32>) -> tensor<3x50x90xbf16> {
  %s = npu_graph.constant dense<2.0> : tensor<f32>
  %a = npu_graph.mul %x, %s : tensor<3x50x90xf32>, tensor<f32> -> tensor<3x50x90xf32>
  %b = npu_graph.div %a, %col : tensor<3x50x90xf32>, tensor<3x50x1xf32> -> tensor<3x50x90xf32>
  %c = npu_graph.sub %b, %row : tensor<3x50x90xf32>, tensor<90xf32> -> tensor<3x50x90xf32>
  %d = npu_graph.exp %c : tensor<3x50x90xf32>
  %e = npu_graph.cast %d : tensor<3x50x90xf32> to tensor<3x50x90xbf16>
  return %e : tensor<3x50x90xbf16>
}
