// Sum over the last axis (rows of 90, 150 of them: edge tiles on npu-tiny).
func.func @main(%x: tensor<3x50x90xf32>) -> tensor<3x50xf32> {
  %0 = npu_graph.reduce sum %x axes = [-1] : tensor<3x50x90xf32> -> tensor<3x50xf32>
  return %0 : tensor<3x50xf32>
}
