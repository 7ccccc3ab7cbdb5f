// A module whose npu.target names no target.
module attributes {npu.target = "npu-v0"} {
  func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
    return %a : tensor<4xf32>
  }
}
