// f32 operands: the tiles are loaded as f32 and rounded to bf16, the MXU
// operand type, with vpu.unary mov before the matmul.
// RUN: npu-opt --npu-tile-graph=target=npu-v1 %s | FileCheck %s

// CHECK-LABEL: func.func @f32mm(
// CHECK: %[[AB:.+]] = npu_tile.alloc : memref<50x70xbf16, #[[SRAM:[a-z]+]]>
// CHECK: %[[BB:.+]] = npu_tile.alloc : memref<70x40xbf16, #[[SRAM]]>
// CHECK: %[[CB:.+]] = npu_tile.alloc : memref<50x40xf32, #[[SRAM]]>
// CHECK: %[[AS:.+]] = npu_tile.alloc : memref<50x70xf32, #[[SRAM]]>
// CHECK: %[[BS:.+]] = npu_tile.alloc : memref<70x40xf32, #[[SRAM]]>
// CHECK: %[[TA:.+]] = npu_tile.dma %{{.+}}, %[[AS]] : memref<50x70xf32, #{{[a-z]+}}> -> memref<50x70xf32, #[[SRAM]]>
// CHECK-NEXT: npu_tile.wait %[[TA]]
// CHECK-NEXT: npu_tile.vpu.unary mov %[[AS]], %[[AB]] : memref<50x70xf32, #[[SRAM]]>, memref<50x70xbf16, #[[SRAM]]>
// CHECK: %[[TB:.+]] = npu_tile.dma %{{.+}}, %[[BS]]
// CHECK-NEXT: npu_tile.wait %[[TB]]
// CHECK-NEXT: npu_tile.vpu.unary mov %[[BS]], %[[BB]]
// CHECK-NEXT: npu_tile.matmul bf16 %[[AB]], %[[BB]], %[[CB]] :
func.func @f32mm(%a: tensor<50x70xf32>, %b: tensor<70x40xf32>) -> tensor<50x40xf32> {
  %c = npu_graph.matmul %a, %b : tensor<50x70xf32>, tensor<70x40xf32> -> tensor<50x40xf32>
  return %c : tensor<50x40xf32>
}
