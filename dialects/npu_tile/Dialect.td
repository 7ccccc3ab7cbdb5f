//===- Dialect.td - The npu_tile dialect ----------------------*- tablegen -*-===//

#ifndef NPU_TILE_DIALECT_TD
#define NPU_TILE_DIALECT_TD

include "mlir/IR/OpBase.td"

def NpuTile_Dialect : Dialect {
  let name = "npu_tile";
  let cppNamespace = "::npu::tile";
  let summary = "Tiles in explicit memory spaces, async DMA and on-chip compute";
  let description = [{
The tile level: buffers placed in HBM or SRAM, asynchronous DMA copies that
yield tokens, MXU and VPU compute on SRAM tiles, and waits on tokens, inside
ordinary `scf` loops. This is where tiling, memory placement and DMA
scheduling decisions are visible.
  }];
}

class NpuTile_Op<string mnemonic, list<Trait> traits = []>
    : Op<NpuTile_Dialect, mnemonic, traits>;

#endif // NPU_TILE_DIALECT_TD
