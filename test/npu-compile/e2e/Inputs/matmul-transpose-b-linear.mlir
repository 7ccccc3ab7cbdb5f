// Used by ../matmul-transpose-b.mlir: a Linear layer on 3-D f32 activations
// (a [out, in] weight shared by the batch; f32 tiles rounded to bf16).
func.func @main(%x: tensor<3x37x29xf32>, %w: tensor<45x29xf32>) -> tensor<3x37x45xf32> {
  %0 = npu_graph.matmul %x, %w transpose_b : tensor<3x37x29xf32>, tensor<45x29xf32> -> tensor<3x37x45xf32>
  return %0 : tensor<3x37x45xf32>
}
