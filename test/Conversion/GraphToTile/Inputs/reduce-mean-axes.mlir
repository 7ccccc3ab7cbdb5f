// Mean over the first and last axes of a bf16 tensor, kept: a transpose
// moves them last, a reshape flattens them into rows of 3 * 90.
func.func @main(%x: tensor<3x50x90xf32>) -> tensor<1x50x1xbf16> {
  %b = npu_graph.cast %x : tensor<3x50x90xf32> to tensor<3x50x90xbf16>
  %0 = npu_graph.reduce mean %b axes = [0, 2] keepdims : tensor<3x50x90xbf16> -> tensor<1x50x1xbf16>
  return %0 : tensor<1x50x1xbf16>
}
