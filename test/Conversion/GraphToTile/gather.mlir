// npu_graph.gather becomes npu_tile.gather from the table to the result in
// HBM (no SRAM): the table viewed as [v, d], the indices as [n], the result
// as [n, d]; more than 65535 rows take several gathers.
//
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[T:.+]]: memref<50x24xbf16, #[[HBM:.+]]> {{{.*}}}, %[[I:.+]]: memref<2x7xi32, #[[HBM]]> {{{.*}}}, %[[O:.+]]: memref<2x7x24xbf16, #[[HBM]]> {{{.*}}})
// CHECK: %[[IF:.+]] = memref.collapse_shape %[[I]] {{\[\[}}0, 1]] : memref<2x7xi32, #[[HBM]]> into memref<14xi32, #[[HBM]]>
// CHECK: %[[OF:.+]] = memref.collapse_shape %[[O]] {{\[\[}}0, 1, 2]]
// CHECK: %[[OV:.+]] = memref.expand_shape %[[OF]] {{\[\[}}0, 1]] output_shape [14, 24]
// CHECK: %[[TOK:.+]] = npu_tile.gather %[[T]][%[[IF]]], %[[OV]] : memref<50x24xbf16, #[[HBM]]>, memref<14xi32, #[[HBM]]> -> memref<14x24xbf16, #[[HBM]]>
// CHECK-NEXT: npu_tile.wait %[[TOK]]
// CHECK-NOT: npu_tile.gather
// CHECK: return
func.func @embedding(%t: tensor<50x24xbf16>, %i: tensor<2x7xi32>) -> tensor<2x7x24xbf16> {
  %y = npu_graph.gather %t[%i] : tensor<50x24xbf16>, tensor<2x7xi32> -> tensor<2x7x24xbf16>
  return %y : tensor<2x7x24xbf16>
}

// -----

// A table of rank 3 is [v, d0 * d1]; the result feeds an elementwise op
// through HBM scratch.
// CHECK-LABEL: func.func @rank3_then_add
// CHECK: %[[S:.+]] = memref.alloc() : memref<5x3x4xf32, #{{.+}}>
// CHECK: %[[TF:.+]] = memref.collapse_shape %{{.+}} {{\[\[}}0, 1, 2]] : memref<10x3x4xf32, #{{.+}}> into memref<120xf32, #{{.+}}>
// CHECK: %[[TV:.+]] = memref.expand_shape %[[TF]] {{\[\[}}0, 1]] output_shape [10, 12]
// CHECK: memref.collapse_shape %[[S]]
// CHECK: npu_tile.gather %[[TV]][%{{.+}}], %{{.+}} : memref<10x12xf32, #{{.+}}>, memref<5xi32, #{{.+}}> -> memref<5x12xf32, #{{.+}}>
// CHECK: npu_tile.vpu.binary add
func.func @rank3_then_add(%t: tensor<10x3x4xf32>, %i: tensor<5xi32>) -> tensor<5x3x4xf32> {
  %y = npu_graph.gather %t[%i] : tensor<10x3x4xf32>, tensor<5xi32> -> tensor<5x3x4xf32>
  %z = npu_graph.add %y, %y : tensor<5x3x4xf32>, tensor<5x3x4xf32> -> tensor<5x3x4xf32>
  return %z : tensor<5x3x4xf32>
}

// -----

// 70000 rows: a gather of 65535 and one of 4465.
// CHECK-LABEL: func.func @many_rows
// CHECK: memref.subview %{{.+}}[0] [65535] [1]
// CHECK: memref.subview %{{.+}}[0, 0] [65535, 2] [1, 1]
// CHECK: npu_tile.gather {{.*}} memref<65535xi32, {{.*}}> -> memref<65535x2xi8, {{.*}}>
// CHECK: memref.subview %{{.+}}[65535] [4465] [1]
// CHECK: npu_tile.gather {{.*}} memref<4465xi32, {{.*}}> -> memref<4465x2xi8, {{.*}}>
func.func @many_rows(%t: tensor<8x2xi8>, %i: tensor<70000xi32>) -> tensor<70000x2xi8> {
  %y = npu_graph.gather %t[%i] : tensor<8x2xi8>, tensor<70000xi32> -> tensor<70000x2xi8>
  return %y : tensor<70000x2xi8>
}
