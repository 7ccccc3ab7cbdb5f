// npu_graph.reduce: a last-axis reduction of a matrix is a row-op loop of
// vpu.reduce (rsum / rmax) into a [tr, 1] column, times fp32(1 / n) for a
// mean; other axes are first moved last by a transpose and flattened by a
// reshape (collapse/expand views).
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s

// CHECK-LABEL: func.func @sum_rows(
// CHECK-SAME: %[[X:[^:]+]]: memref<40x90xf32, #[[HBM:[a-z]+]]>
// CHECK-SAME: %[[OUT:[^:]+]]: memref<40x1xf32, #[[HBM]]>
// CHECK: %[[COL:.+]] = npu_tile.alloc : memref<[[TR:[0-9]+]]x1xf32, #sram>
// CHECK: scf.for
// CHECK: %[[TILE:.+]] = npu_tile.alloc : memref<[[TR]]x90xf32, #sram>
// CHECK: npu_tile.dma %{{.+}}, %[[TILE]]
// CHECK: npu_tile.vpu.reduce sum %[[TILE]], %[[COL]] : memref<[[TR]]x90xf32, #sram>, memref<[[TR]]x1xf32, #sram>
// CHECK-NOT: vpu.binary
// CHECK: npu_tile.dma %{{.+}}, %{{.+}} : memref<[[TR]]xf32, strided<[1]>, #sram> -> memref<[[TR]]xf32, strided<[1], offset: ?>, #hbm>
func.func @sum_rows(%x: tensor<40x90xf32>) -> tensor<40x1xf32> {
  %0 = npu_graph.reduce sum %x axes = [1] keepdims : tensor<40x90xf32> -> tensor<40x1xf32>
  return %0 : tensor<40x1xf32>
}

// A bf16 mean: sum into an fp32 column, then one multiply by fp32(1/90)
// that writes the bf16 column.
// CHECK-LABEL: func.func @mean_bf16(
// CHECK: npu_tile.vpu.reduce sum %{{.+}}, %[[SUM:[^ ]+]] : memref<{{[0-9]+}}x90xbf16, #sram>, memref<{{[0-9]+}}x1xf32, #sram>
// CHECK-NEXT: npu_tile.vpu.binary mul %[[SUM]], 0.0111111114, %{{.+}} : memref<{{[0-9]+}}x1xf32, #sram>, memref<{{[0-9]+}}x1xbf16, #sram>
func.func @mean_bf16(%x: tensor<8x90xbf16>) -> tensor<8xbf16> {
  %0 = npu_graph.reduce mean %x axes = [-1] : tensor<8x90xbf16> -> tensor<8xbf16>
  return %0 : tensor<8xbf16>
}

// The maximum over axes 0 and 2 of a 4x3x5 tensor: transposed to 3x4x5,
// viewed as 3x20, reduced into 3x1, viewed as the 3-element result.
// CHECK-LABEL: func.func @max_axes(
// CHECK-SAME: %[[X:[^:]+]]: memref<4x3x5xf32, #[[HBM:[a-z]+]]>
// CHECK: memref.transpose %[[X]] (d0, d1, d2) -> (d1, d0, d2)
// CHECK: memref.expand_shape %{{.+}} output_shape [3, 20]
// CHECK: npu_tile.vpu.reduce max %{{.+}} : memref<3x20xf32, #sram>, memref<3x1xf32, #sram>
// CHECK: memref.collapse_shape %{{.+}} : memref<3x1xf32, #[[HBM]]> into memref<3xf32, #[[HBM]]>
func.func @max_axes(%x: tensor<4x3x5xf32>) -> tensor<3xf32> {
  %0 = npu_graph.reduce max %x axes = [0, -1] : tensor<4x3x5xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// min and prod are one vpu.reduce min / prod per row tile.
// CHECK-LABEL: func.func @min_prod(
// CHECK: npu_tile.vpu.reduce min %{{.+}}, %{{.+}} : memref<{{[0-9]+}}x90xf32, #sram>, memref<{{[0-9]+}}x1xf32, #sram>
// CHECK-NOT: vpu.binary
// CHECK: npu_tile.vpu.reduce prod %{{.+}}, %{{.+}} : memref<{{[0-9]+}}x90xbf16, #sram>, memref<{{[0-9]+}}x1xbf16, #sram>
func.func @min_prod(%x: tensor<8x90xf32>, %y: tensor<8x90xbf16>) -> (tensor<8xf32>, tensor<8x1xbf16>) {
  %0 = npu_graph.reduce min %x axes = [1] : tensor<8x90xf32> -> tensor<8xf32>
  %1 = npu_graph.reduce prod %y axes = [-1] keepdims : tensor<8x90xbf16> -> tensor<8x1xbf16>
  return %0, %1 : tensor<8xf32>, tensor<8x1xbf16>
}

// A row longer than the VPU's 65535 columns (a reduction over all axes is
// one row of 90000 elements) or than fits in SRAM (2 f32 rows of 65000 on
// npu-tiny) is reduced in column chunks of an f32 working tile: the first
// chunk fills it, each next one is loaded after column 0 (the running
// result) and reduced with it, in an scf.for over the full chunks, then the
// edge chunk; the result column is converted (mov) to the output.
// CHECK-LABEL: func.func @sum_chunked(
// CHECK: %[[W:.+]] = npu_tile.alloc : memref<1x[[WIDTH:[0-9]+]]xf32, #sram>
// CHECK: npu_tile.vpu.reduce sum %{{.+}}, %{{.+}} : memref<1x[[WIDTH]]xf32, strided<[[[WIDTH]], 1]>, #sram>, memref<1x1xf32, strided<[[[WIDTH]], 1]>, #sram>
// CHECK: scf.for
// CHECK: npu_tile.dma %{{.+}}, %{{.+}} : memref<{{[0-9]+}}xf32, strided<[1], offset: ?>, #hbm> -> memref<{{[0-9]+}}xf32, strided<[1], offset: 1>, #sram>
// CHECK: npu_tile.vpu.reduce sum
// CHECK: }
// CHECK: npu_tile.vpu.reduce sum
// CHECK: npu_tile.vpu.unary mov
func.func @sum_chunked(%x: tensor<300x300xf32>) -> tensor<f32> {
  %y = npu_graph.reduce sum %x axes = [0, 1] : tensor<300x300xf32> -> tensor<f32>
  return %y : tensor<f32>
}

// CHECK-LABEL: func.func @max_chunked_rows(
// CHECK: npu_tile.alloc : memref<{{[0-9]+}}x{{[0-9]+}}xf32, #sram>
// CHECK: npu_tile.vpu.reduce max
func.func @max_chunked_rows(%x: tensor<2x65000xf32>) -> tensor<2xf32> {
  %y = npu_graph.reduce max %x axes = [-1] : tensor<2x65000xf32> -> tensor<2xf32>
  return %y : tensor<2xf32>
}
