// Used by ../matmul-transpose-b.mlir: a batched Q.K^T-shaped matmul.
func.func @main(%q: tensor<3x37x29xbf16>, %k: tensor<3x45x29xbf16>) -> tensor<3x37x45xbf16> {
  %0 = npu_graph.matmul %q, %k transpose_b : tensor<3x37x29xbf16>, tensor<3x45x29xbf16> -> tensor<3x37x45xbf16>
  return %0 : tensor<3x37x45xbf16>
}
