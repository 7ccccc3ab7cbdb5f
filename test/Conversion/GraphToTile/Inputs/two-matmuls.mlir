func.func @mlp(%x: tensor<24x40xbf16>, %w1: tensor<40x72xbf16>, %b1: tensor<72xbf16>, %w2: tensor<72x40xbf16>) -> tensor<24x40xf32> {
  %h = npu_graph.matmul %x, %w1 : tensor<24x40xbf16>, tensor<40x72xbf16> -> tensor<24x72xbf16>
  %hb = npu_graph.add %h, %b1 : tensor<24x72xbf16>, tensor<72xbf16> -> tensor<24x72xbf16>
  %a = npu_graph.gelu %hb approximate = tanh : tensor<24x72xbf16>
  %y = npu_graph.matmul %a, %w2 : tensor<24x72xbf16>, tensor<72x40xbf16> -> tensor<24x40xf32>
  %r = npu_graph.add %y, %y : tensor<24x40xf32>
  return %r : tensor<24x40xf32>
}
