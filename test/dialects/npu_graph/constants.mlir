// Constants whose data lives outside the IR text print without their data:
// #npu_graph.external names a file, and dense_resource blobs are elided
// with --mlir-elide-resource-strings-if-larger.
// RUN: npu-opt %s | FileCheck %s --check-prefix=EXTERNAL
// RUN: npu-opt %s --mlir-elide-resource-strings-if-larger=16 | FileCheck %s --check-prefix=ELIDED
// RUN: npu-opt %s --mlir-elide-resource-strings-if-larger=16 | npu-opt | FileCheck %s --check-prefix=ELIDED
// RUN: npu-opt %s | FileCheck %s --check-prefix=KEPT

// EXTERNAL-LABEL: func.func @weights
// EXTERNAL: npu_graph.constant #npu_graph.external<"weights.bin", 0> : tensor<4096x4096xbf16>
// EXTERNAL: npu_graph.constant #npu_graph.external<"weights.bin", 33554432> : tensor<4096xf32>
// EXTERNAL: npu_graph.constant #npu_graph.external<"/data/model/embed.bin", 128> : tensor<32000x4096xi8>
// EXTERNAL-NOT: {{"0x|dense<}}
// EXTERNAL: return
func.func @weights() -> (tensor<4096x4096xbf16>, tensor<4096xf32>, tensor<32000x4096xi8>) {
  %w = npu_graph.constant #npu_graph.external<"weights.bin", 0> : tensor<4096x4096xbf16>
  %b = npu_graph.constant #npu_graph.external<"weights.bin", 33554432> : tensor<4096xf32>
  %e = npu_graph.constant #npu_graph.external<"/data/model/embed.bin", 128> : tensor<32000x4096xi8>
  return %w, %b, %e : tensor<4096x4096xbf16>, tensor<4096xf32>, tensor<32000x4096xi8>
}

// ELIDED-LABEL: func.func @resource
// ELIDED: npu_graph.constant dense_resource<bias> : tensor<8xf32>
// ELIDED-NOT: 0x04000000
// KEPT: bias: "0x04000000000080BF
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
