// Maximum over the middle axis.
func.func @main(%x: tensor<3x50x90xf32>) -> tensor<3x90xf32> {
  %0 = npu_graph.reduce max %x axes = [1] : tensor<3x50x90xf32> -> tensor<3x90xf32>
  return %0 : tensor<3x90xf32>
}
