// Booleans, comparisons and select in npu-tile-graph: i1 tensors are i8
// memrefs of 0/1 (I/O arguments marked npu.bool, i1 constants stored as i8
// globals); compare is vpu.binary cmp_<pred> (mirrored when the chain's
// working tile is the right operand), logical and/or/xor are min/max/cmp_ne,
// not and a cast to i1 compare with 0, and select is a chain step
// vpu.select whose condition is loaded as a full i8 tile.
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s

// CHECK-LABEL: func.func @chain(
// CHECK-SAME: memref<8x32xf32, #[[HBM:[a-z]+]]> {npu.io = "input", npu.name = "arg0"}
// CHECK-SAME: memref<1x32xi8, #[[HBM]]> {npu.bool, npu.io = "input", npu.name = "arg1"}
// CHECK-SAME: memref<8x32xi8, #[[HBM]]> {npu.bool, npu.io = "output", npu.name = "out0"}
// CHECK: npu_tile.vpu.binary cmp_gt %{{.+}}, 0.000000e+00, %[[B:[^ ]+]] : memref<8x32xf32, #[[SRAM:[a-z]+]]>, memref<8x32xi8, #[[SRAM]]>
// CHECK: npu_tile.vpu.binary min %[[B]], row %{{.+}}, %[[B]] : memref<8x32xi8, #[[SRAM]]>, memref<1x32xi8, #[[SRAM]]>, memref<8x32xi8, #[[SRAM]]>
// CHECK: npu_tile.vpu.binary cmp_eq %[[B]], 0.000000e+00, %[[B]]
func.func @chain(%x: tensor<8x32xf32>, %m: tensor<1x32xi1>) -> tensor<8x32xi1> {
  %zero = npu_graph.constant dense<0.0> : tensor<f32>
  %pos = npu_graph.compare gt %x, %zero : tensor<8x32xf32>, tensor<f32> -> tensor<8x32xi1>
  %and = npu_graph.logical and %pos, %m : tensor<8x32xi1>, tensor<1x32xi1> -> tensor<8x32xi1>
  %not = npu_graph.not %and : tensor<8x32xi1>
  return %not : tensor<8x32xi1>
}

// The working tile is the right operand of lt: the chain compares gt.
// CHECK-LABEL: func.func @mirrored(
// CHECK: npu_tile.vpu.unary exp
// CHECK: npu_tile.vpu.binary cmp_gt %{{.+}}, %{{.+}}, %{{.+}} : memref<8x32xf32, #[[SRAM2:[a-z]+]]>, memref<8x32xf32, #[[SRAM2]]>, memref<8x32xi8, #[[SRAM2]]>
func.func @mirrored(%x: tensor<8x32xf32>, %y: tensor<8x32xf32>) -> tensor<8x32xi1> {
  %e = npu_graph.exp %x : tensor<8x32xf32>
  %lt = npu_graph.compare lt %y, %e : tensor<8x32xf32>, tensor<8x32xf32> -> tensor<8x32xi1>
  return %lt : tensor<8x32xi1>
}

// masked_fill with a run-time condition that broadcasts (materialised
// first) and a -inf immediate; a select whose false value is the only full
// one keeps it as the working tile (inv); a constant i1 condition is an i8
// global.
// CHECK-LABEL: func.func @select(
// CHECK-DAG: memref.get_global @{{.+}} : memref<8x32xi8, #[[HBM3:[a-z]+]]>
// CHECK: npu_tile.vpu.select %{{.+}}, %{{.+}}, 0xFF800000, %{{.+}} :
// CHECK: npu_tile.vpu.select %{{.+}}, %{{.+}}, row %{{.+}}, %{{.+}} inv :
func.func @select(%x: tensor<2x8x32xf32>, %c: tensor<2x1x32xi1>, %r: tensor<32xf32>, %w: tensor<8x32xf32>) -> (tensor<2x8x32xf32>, tensor<8x32xf32>) {
  %ninf = npu_graph.constant dense<0xFF800000> : tensor<f32>
  %y = npu_graph.select %c, %ninf, %x : tensor<2x1x32xi1>, tensor<f32>, tensor<2x8x32xf32> -> tensor<2x8x32xf32>
  %k = npu_graph.constant dense<true> : tensor<8x32xi1>
  %e = npu_graph.exp %r : tensor<32xf32>
  %z = npu_graph.select %k, %e, %w : tensor<8x32xi1>, tensor<32xf32>, tensor<8x32xf32> -> tensor<8x32xf32>
  return %y, %z : tensor<2x8x32xf32>, tensor<8x32xf32>
}
