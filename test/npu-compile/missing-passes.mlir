// Until every pass of the pipeline is registered, npu-compile names the
// missing ones; --emit graph needs none of them.
// UNSUPPORTED: npu-pipeline
// RUN: rm -rf %t && mkdir -p %t
// RUN: not npu-compile %s -o %t/out.npub 2>&1 | FileCheck %s
// CHECK: npu-compile: error: {{pass|passes}} '{{.*}}' needed for --emit npub {{is|are}} not registered in this build (npu::registerAllPasses); --emit graph needs none of the npu passes
// RUN: not ls %t/out.npub
// RUN: npu-compile %s --emit graph | FileCheck %s --check-prefix=GRAPH
// GRAPH: npu_graph.matmul

func.func @main(%a: tensor<4x8xbf16>, %b: tensor<8x4xbf16>) -> tensor<4x4xf32> {
  %0 = npu_graph.matmul %a, %b : tensor<4x8xbf16>, tensor<8x4xbf16> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
