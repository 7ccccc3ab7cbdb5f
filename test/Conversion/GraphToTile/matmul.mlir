// A single matmul: tiles, loop steps and buffers follow the cost model's plan
// for the target (npu-v1 holds the whole problem in SRAM; npu-tiny's 16x16
// MXU and 256 KiB SRAM need loops). Loads are synchronous (dma + wait).
// RUN: npu-opt --npu-tile-graph %s | FileCheck %s --check-prefix=V1
// RUN: npu-opt --npu-tile-graph=target=npu-tiny %s | FileCheck %s --check-prefix=TINY
// The module attribute selects the target when the option is absent.
// RUN: sed 's/^module {/module attributes {npu.target = "npu-tiny"} {/' %s | npu-opt --npu-tile-graph | FileCheck %s --check-prefix=TINY

// V1: #[[HBM:.+]] = #npu_tile.space<hbm>
// V1: #[[SRAM:.+]] = #npu_tile.space<sram>
// V1-LABEL: func.func @mm(
// V1-SAME: %[[A:.+]]: memref<256x512xbf16, #[[HBM]]> {npu.io = "input", npu.name = "arg0"}
// V1-SAME: %[[B:.+]]: memref<512x384xbf16, #[[HBM]]> {npu.io = "input", npu.name = "arg1"}
// V1-SAME: %[[C:.+]]: memref<256x384xf32, #[[HBM]]> {npu.io = "output", npu.name = "out0"})
// V1-SAME: attributes {npu.compulsory_hbm_bytes = 1048576 : i64, npu.flops = 100663296 : i64}
// V1-NOT: scf.for
// V1: %[[AB:.+]] = npu_tile.alloc : memref<256x512xbf16, #[[SRAM]]>
// V1: %[[BB:.+]] = npu_tile.alloc : memref<512x384xbf16, #[[SRAM]]>
// V1: %[[CB:.+]] = npu_tile.alloc : memref<256x384xf32, #[[SRAM]]>
// V1: %[[T0:.+]] = npu_tile.dma %[[A]], %[[AB]]
// V1-NEXT: npu_tile.wait %[[T0]]
// V1: %[[T1:.+]] = npu_tile.dma %[[B]], %[[BB]]
// V1-NEXT: npu_tile.wait %[[T1]]
// V1-NEXT: npu_tile.matmul bf16 %[[AB]], %[[BB]], %[[CB]] :
// V1-NEXT: %[[T2:.+]] = npu_tile.dma %[[CB]], %[[C]]
// V1-NEXT: npu_tile.wait %[[T2]]
// V1-NEXT: return

// TINY-LABEL: func.func @mm(
// TINY-DAG: %[[C0:.+]] = arith.constant 0 : index
// TINY-DAG: %[[C16:.+]] = arith.constant 16 : index
// TINY-DAG: %[[C96:.+]] = arith.constant 96 : index
// TINY-DAG: %[[C256:.+]] = arith.constant 256 : index
// TINY-DAG: %[[C384:.+]] = arith.constant 384 : index
// TINY: %[[AB:.+]] = npu_tile.alloc : memref<16x512xbf16, #{{[a-z]+}}>
// TINY: %[[BB:.+]] = npu_tile.alloc : memref<512x96xbf16, #{{[a-z]+}}>
// TINY: %[[CB:.+]] = npu_tile.alloc : memref<16x96xf32, #{{[a-z]+}}>
// The plan is n, m, k with one k tile: each B column block is loaded once.
// TINY: scf.for %[[N:.+]] = %[[C0]] to %[[C384]] step %[[C96]] {
// TINY: memref.subview %{{.+}}[0, %[[N]]] [512, 96] [1, 1]
// TINY: npu_tile.dma %{{.+}}, %[[BB]]
// TINY: npu_tile.wait
// TINY: scf.for %[[M:.+]] = %[[C0]] to %[[C256]] step %[[C16]] {
// TINY: memref.subview %{{.+}}[%[[M]], 0] [16, 512] [1, 1]
// TINY: npu_tile.dma %{{.+}}, %[[AB]]
// TINY: npu_tile.wait
// TINY-NEXT: npu_tile.matmul bf16 %[[AB]], %[[BB]], %[[CB]] :
// TINY: memref.subview %{{.+}}[%[[M]], %[[N]]] [16, 96] [1, 1]
// TINY: npu_tile.dma %[[CB]], %{{.+}} : memref<16x96xf32, #{{[a-z]+}}> -> memref<16x96xf32, strided<[384, 1], offset: ?>, #{{[a-z]+}}>
// TINY: npu_tile.wait
module {
func.func @mm(%a: tensor<256x512xbf16>, %b: tensor<512x384xbf16>) -> tensor<256x384xf32> {
  %c = npu_graph.matmul %a, %b : tensor<256x512xbf16>, tensor<512x384xbf16> -> tensor<256x384xf32>
  return %c : tensor<256x384xf32>
}
}

// A larger sram-reserve leaves a smaller budget: smaller tiles.
// RUN: npu-opt --npu-tile-graph="target=npu-tiny sram-reserve=196608" %s | FileCheck %s --check-prefix=RESERVE
// RESERVE-LABEL: func.func @mm(
// RESERVE: npu_tile.alloc : memref<64x64xbf16
// RESERVE: npu_tile.alloc : memref<64x64xbf16
// RESERVE: npu_tile.alloc : memref<64x64xf32
// RESERVE: npu_tile.matmul bf16 {{.+}} accumulate
