// matmul-odd.mlir with a bf16 result (one program per file: npu-compile
// compiles a whole module into one program).
func.func @main(%x: tensor<100x130xbf16>, %w: tensor<130x70xbf16>) -> tensor<100x70xbf16> {
  %0 = npu_graph.matmul %x, %w : tensor<100x130xbf16>, tensor<130x70xbf16> -> tensor<100x70xbf16>
  return %0 : tensor<100x70xbf16>
}
