// Constants become private constant HBM globals (64-byte aligned) read with
// memref.get_global: dense and dense_resource values are the initial value,
// #npu_graph.external data is referenced by an npu.external attribute.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s

// CHECK-DAG: memref.global "private" constant @[[W:__constant[_0-9]*]] : memref<32x16xbf16, #[[HBM:[a-z]+]]> {alignment = 64 : i64, npu.external = #npu_graph.external<"weights.bin", 64> : tensor<32x16xbf16>}
// CHECK-DAG: memref.global "private" constant @[[B:__constant[_0-9]*]] : memref<16xf32, #[[HBM]]> = dense<[0.000000e+00, 1.000000e+00, {{.+}}]> {alignment = 64 : i64}

// CHECK-LABEL: func.func @linear(
// CHECK-SAME: %[[X:[^:]+]]: memref<8x32xbf16, #[[HBM]]> {npu.io = "input", npu.name = "tokens"}
// CHECK-SAME: %[[Y:[^:]+]]: memref<8x16xf32, #[[HBM]]> {npu.io = "output", npu.name = "logits"}
// Inputs, outputs and constants, each once: 512 + 512 + 1024 + 64.
// CHECK-SAME: npu.compulsory_hbm_bytes = 2112 : i64, npu.flops = 8192 : i64
// CHECK-DAG: %[[WV:.+]] = memref.get_global @[[W]] : memref<32x16xbf16, #[[HBM]]>
// CHECK-DAG: %[[BV:.+]] = memref.get_global @[[B]] : memref<16xf32, #[[HBM]]>
// CHECK: npu_tile.dma %[[WV]], %{{.+}}
// CHECK: npu_tile.matmul
// CHECK: npu_tile.dma %[[BV]], %{{.+}} : memref<16xf32, #[[HBM]]> -> memref<16xf32, strided<[1]>, #{{[a-z]+}}>
// CHECK: npu_tile.vpu.binary add %{{.+}}, row
// A splat operand is an immediate: no global.
// CHECK-NOT: memref.global
// CHECK: npu_tile.vpu.binary mul %{{.+}}, 5.000000e-01
// CHECK: npu_tile.dma %{{.+}}, %[[Y]]
func.func @linear(%x: tensor<8x32xbf16> {npu.name = "tokens"}) -> (tensor<8x16xf32> {npu.name = "logits"}) {
  %w = npu_graph.constant #npu_graph.external<"weights.bin", 64> : tensor<32x16xbf16>
  %b = npu_graph.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0]> : tensor<16xf32>
  %y = npu_graph.matmul %x, %w : tensor<8x32xbf16>, tensor<32x16xbf16> -> tensor<8x16xf32>
  %z = npu_graph.add %y, %b : tensor<8x16xf32>, tensor<16xf32> -> tensor<8x16xf32>
  %h = npu_graph.constant dense<0.5> : tensor<16xf32>
  %o = npu_graph.mul %z, %h : tensor<8x16xf32>, tensor<16xf32> -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// A returned constant is copied into its output.
// CHECK: memref.global "private" constant @[[R:__constant[_0-9]*]] : memref<8xf32, #[[HBM]]> = dense_resource<bias> {alignment = 64 : i64}
// CHECK-LABEL: func.func @resource(
// CHECK-SAME: %[[O:[^:]+]]: memref<8xf32, #[[HBM]]> {npu.io = "output", npu.name = "out0"}
// CHECK: %[[RV:.+]] = memref.get_global @[[R]]
// CHECK: %[[T:.+]] = npu_tile.dma %[[RV]], %[[O]]
// CHECK: npu_tile.wait %[[T]]
func.func @resource() -> tensor<8xf32> {
  %0 = npu_graph.constant dense_resource<bias> : tensor<8xf32>
  return %0 : tensor<8xf32>
}

{-#
  dialect_resources: {
    builtin: {
      bias: "0x04000000000080BF0000803F000000400000404000008040000000000000A0400000C040"
    }
  }
#-}
