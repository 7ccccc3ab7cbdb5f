// The inner dimensions do not match.
func.func @main(%a: tensor<4x8xbf16>, %b: tensor<6x4xbf16>) -> tensor<4x4xf32> {
  %0 = npu_graph.matmul %a, %b : tensor<4x8xbf16>, tensor<6x4xbf16> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
