// The causal mask of a softmax tiled into several row tiles is a strip that
// holds every tile's mask (getCausalMaskStrip in RowOps.h).
// The strip's values: with a budget for 2-row tiles of 5 rows of 16, the
// tiles start at rows 0, 2 and 4, the strip is [2, 16 + 4] and element
// [i, k] is masked iff k > i + 0 + 4; the tile at row r reads the columns
// from 4 - r.
// RUN: npu-opt --npu-tile-graph="target=npu-tiny sram-reserve=261694" %s | FileCheck %s --check-prefix=STRIP
// STRIP: memref.global "private" constant @[[MASK:__causal_mask[_0-9]*]] : memref<2x20xbf16, #[[HBM:[a-z]+]]> = dense<{{\[}}[0x7F80, 0x7F80, 0x7F80, 0x7F80, 0x7F80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80], [0x7F80, 0x7F80, 0x7F80, 0x7F80, 0x7F80, 0x7F80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80, 0xFF80]]>
// STRIP-LABEL: func.func @strip(
// STRIP-DAG: %[[C4:.+]] = arith.constant 4 : index
// STRIP-DAG: %[[C2:.+]] = arith.constant 2 : index
// STRIP: %[[MG:.+]] = memref.get_global @[[MASK]]
// STRIP: scf.for %[[R:.+]] = %{{.+}} to %[[C4]] step %[[C2]] {
// STRIP-NEXT: %[[MC:.+]] = arith.subi %[[C4]], %[[R]] : index
// STRIP-NEXT: npu_tile.alloc : memref<2x16xbf16
// STRIP-NEXT: memref.subview %[[MG]][0, %[[MC]]] [2, 16] [1, 1]
// STRIP: }
// STRIP: memref.subview %[[MG]][0, 0] [1, 16] [1, 1]
func.func @strip(%x: tensor<5x16xf32>) -> tensor<5x16xf32> {
  %y = npu_graph.softmax %x axis = -1 causal : tensor<5x16xf32>
  return %y : tensor<5x16xf32>
}
