// npu-estimate-cost attributes the fused attention kernel's additive mask
// to the attention: with a [2, 1, 1, 10] bf16 padding mask the op's HBM
// bytes grow by the mask rows it loads (one row per batch: 2 x 10 x 2 = 40
// bytes) and its SRAM bytes by the mask tile (20 bytes, double-buffered by
// npu-schedule-dma); the unmasked attention is the same op without it.
// RUN: npu-compile %s --target npu-v1 --report %t.json -o %t.npub
// RUN: FileCheck %s --check-prefix=MASKED < %t.json
// RUN: sed -e 's/ mask %%m//' -e 's/, tensor<2x1x1x10xbf16> ->/ ->/' %s > %t.plain.mlir
// RUN: npu-compile %t.plain.mlir --target npu-v1 --report %t.plain.json -o %t.plain.npub
// RUN: FileCheck %s --check-prefix=PLAIN < %t.plain.json
// MASKED: "op": "npu_graph.attention",
// MASKED: "hbm_bytes": 4264,
// MASKED-NEXT: "sram_bytes": 5416,
// PLAIN: "op": "npu_graph.attention",
// PLAIN: "hbm_bytes": 4224,
// PLAIN-NEXT: "sram_bytes": 5376,
func.func @pad(%q: tensor<2x4x6x16xbf16>, %k: tensor<2x2x10x16xbf16>, %v: tensor<2x2x10x8xbf16>, %m: tensor<2x1x1x10xbf16>) -> tensor<2x4x6x8xbf16> {
  %o = npu_graph.attention %q, %k, %v mask %m scale = 2.500000e-01 : tensor<2x4x6x16xbf16>, tensor<2x2x10x16xbf16>, tensor<2x2x10x8xbf16>, tensor<2x1x1x10xbf16> -> tensor<2x4x6x8xbf16>
  return %o : tensor<2x4x6x8xbf16>
}
