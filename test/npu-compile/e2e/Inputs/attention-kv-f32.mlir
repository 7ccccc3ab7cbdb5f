// Used by ../attention-kv.mlir: the same attention in f32, not masked.
func.func @decode(%q: tensor<1x6x5x16xf32>, %k: tensor<1x2x11x16xf32>, %v: tensor<1x2x11x12xf32>) -> tensor<1x6x5x12xf32> {
  %o = npu_graph.attention %q, %k, %v scale = 2.500000e-01 : tensor<1x6x5x16xf32>, tensor<1x2x11x16xf32>, tensor<1x2x11x12xf32> -> tensor<1x6x5x12xf32>
  return %o : tensor<1x6x5x12xf32>
}
