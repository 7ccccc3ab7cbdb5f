// --emit tile, isa and asm stop after their stage; the default writes the
// .npub.
// RUN: rm -rf %t && mkdir -p %t
// RUN: npu-compile %s --target npu-tiny --emit tile | FileCheck %s --check-prefix=TILE
// TILE: module attributes {npu.target = "npu-tiny"}
// TILE: func.func @main(%{{.*}}: memref<32x48xbf16, #{{.*}}> {npu.io = "input", npu.name = "arg0"}
// TILE: npu_tile.matmul
// TILE-NOT: npu_graph.
// RUN: npu-compile %s --target npu-tiny --emit tile --no-dma-schedule --mlir-print-ir-after-all -o %t/tile.mlir 2>&1 | FileCheck %s --check-prefix=NO-DMA
// NO-DMA-NOT: npu-schedule-dma
// NO-DMA: (npu-place-memory)
// RUN: npu-compile %s --target npu-tiny --emit isa | FileCheck %s --check-prefix=ISA
// ISA: npu_isa.program
// ISA: npu_isa.bundle
// RUN: npu-compile %s --target npu-tiny --emit asm | FileCheck %s --check-prefix=ASM
// ASM: .target npu-tiny
// ASM: .input arg0 bf16 [32, 48]
// ASM: .output out0 fp32 [32, 16]
// ASM: halt
// RUN: npu-compile %s --target npu-tiny -o %t/out.npub
// RUN: npu-objdump --signature %t/out.npub | FileCheck %s --check-prefix=NPUB
// NPUB: bf16
func.func @main(%a: tensor<32x48xbf16>, %b: tensor<48x16xbf16>) -> tensor<32x16xf32> {
  %0 = npu_graph.matmul %a, %b : tensor<32x48xbf16>, tensor<48x16xbf16> -> tensor<32x16xf32>
  return %0 : tensor<32x16xf32>
}
