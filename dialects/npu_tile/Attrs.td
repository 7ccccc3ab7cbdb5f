//===- Attrs.td - Attributes of the npu_tile dialect -------*- tablegen -*-===//
//
// Enumerations and attributes. Enum values that have an ISA counterpart use
// the ISA's encoding (NPUISA.td), so the lowering can convert by value.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TILE_ATTRS_TD
#define NPU_TILE_ATTRS_TD

include "npu_tile/Dialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Memory spaces
//===----------------------------------------------------------------------===//

def NpuTile_MemorySpace
    : I32Enum<"MemorySpace", "npu memory space", [
        I32EnumCase<"HBM", 0, "hbm">,
        I32EnumCase<"SRAM", 1, "sram">
      ]> {
  let cppNamespace = "::npu::tile";
}

def NpuTile_MemorySpaceAttr
    : EnumAttr<NpuTile_Dialect, NpuTile_MemorySpace, "space"> {
  let summary = "memory space of a memref: `hbm` or `sram`";
  let description = [{
The memory space of every memref the `npu_tile` ops use:

```mlir
memref<256x512xbf16, #npu_tile.space<hbm>>   // device DRAM
memref<128x128xbf16, #npu_tile.space<sram>>  // on-chip scratchpad
```

- `hbm`: device DRAM, byte addressed. Function arguments (the program's
  inputs and outputs), constants and HBM scratch live here. Only DMA can
  access HBM.
- `sram`: the on-chip scratchpad. Buffers are created by `npu_tile.alloc`.
  The operands of `npu_tile.matmul` and of the VPU ops must be in SRAM.

A memref without a `#npu_tile.space` memory space is rejected by every
`npu_tile` op, so the space of a buffer is always explicit. The values match
the ISA's `space` enumeration (`hbm` = 0, `sram` = 1). The printer uses the
aliases `#hbm = #npu_tile.space<hbm>` and `#sram = #npu_tile.space<sram>`.
  }];
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// MXU
//===----------------------------------------------------------------------===//

def NpuTile_MatmulMode
    : I32Enum<"MatmulMode", "MXU operand types", [
        I32EnumCase<"BF16", 0, "bf16">,
        I32EnumCase<"Int8", 1, "int8">,
        I32EnumCase<"W8", 2, "w8">,
        I32EnumCase<"W4", 3, "w4">
      ]> {
  let cppNamespace = "::npu::tile";
}

def NpuTile_MatmulModeAttr
    : EnumAttr<NpuTile_Dialect, NpuTile_MatmulMode, "mxu_mode"> {
  let summary = "MXU mode: `bf16`, `int8`, `w8` or `w4`";
  let description = [{
The operand types of `npu_tile.matmul`, as the `mode` field of `mxu.matmul`
(same encoding):

| Mode | A | B | C | scales |
|---|---|---|---|---|
| `bf16` | bf16 | bf16 | f32 | none |
| `int8` | i8 | i8 | i32 | none |
| `w8` | bf16 | i8 | f32 | bf16 `[ceil(k/group), n]` |
| `w4` | bf16 | i4 | f32 | bf16 `[ceil(k/group), n]` |
  }];
}

//===----------------------------------------------------------------------===//
// VPU
//===----------------------------------------------------------------------===//

def NpuTile_VpuBinaryKind
    : I32Enum<"VpuBinaryKind", "VPU elementwise binary operation", [
        I32EnumCase<"Add", 0, "add">,
        I32EnumCase<"Sub", 1, "sub">,
        I32EnumCase<"Mul", 2, "mul">,
        I32EnumCase<"Max", 3, "max">,
        I32EnumCase<"Min", 4, "min">,
        I32EnumCase<"Pow", 5, "pow">,
        I32EnumCase<"CmpEq", 6, "cmp_eq">,
        I32EnumCase<"CmpNe", 7, "cmp_ne">,
        I32EnumCase<"CmpLt", 8, "cmp_lt">,
        I32EnumCase<"CmpLe", 9, "cmp_le">,
        I32EnumCase<"CmpGt", 10, "cmp_gt">,
        I32EnumCase<"CmpGe", 11, "cmp_ge">
      ]> {
  let cppNamespace = "::npu::tile";
}

def NpuTile_VpuBinaryKindAttr
    : EnumAttr<NpuTile_Dialect, NpuTile_VpuBinaryKind, "binary_kind"> {
  let summary = "operation of `npu_tile.vpu.binary`";
  let description = [{
`add`, `sub`, `mul`, `max`, `min`, `pow`: the instructions `vpu.add` ...
`vpu.pow` (opcode `0x60` + value). `cmp_eq`, `cmp_ne`, `cmp_lt`, `cmp_le`,
`cmp_gt`, `cmp_ge`: `vpu.cmp` with `pred` = `eq` ... `ge` (1 or 0 in
`dst`).
  }];
}

def NpuTile_VpuUnaryKind
    : I32Enum<"VpuUnaryKind", "VPU elementwise unary operation", [
        I32EnumCase<"Mov", 0, "mov">,
        I32EnumCase<"Exp", 1, "exp">,
        I32EnumCase<"Rsqrt", 2, "rsqrt">,
        I32EnumCase<"Recip", 3, "recip">,
        I32EnumCase<"Tanh", 4, "tanh">,
        I32EnumCase<"Erf", 5, "erf">,
        I32EnumCase<"Gelu", 6, "gelu">,
        I32EnumCase<"GeluTanh", 7, "gelu_tanh">,
        I32EnumCase<"Sigmoid", 8, "sigmoid">,
        I32EnumCase<"Silu", 9, "silu">,
        I32EnumCase<"Sqrt", 10, "sqrt">,
        I32EnumCase<"Relu", 11, "relu">,
        I32EnumCase<"Log", 12, "log">,
        I32EnumCase<"Abs", 13, "abs">
      ]> {
  let cppNamespace = "::npu::tile";
}

def NpuTile_VpuUnaryKindAttr
    : EnumAttr<NpuTile_Dialect, NpuTile_VpuUnaryKind, "unary_kind"> {
  let summary = "operation of `npu_tile.vpu.unary`";
  let description = [{
`mov` (conversion between element types), `exp`, `rsqrt`, `recip`, `tanh`,
`erf`, `gelu`, `gelu_tanh`, `sigmoid`, `silu`, `sqrt`, `relu`, `log`,
`abs`: the instructions `vpu.mov` ... `vpu.abs` (opcode `0x70` + value).
  }];
}

def NpuTile_VpuReduceKind
    : I32Enum<"VpuReduceKind", "VPU row reduction", [
        I32EnumCase<"Sum", 0, "sum">,
        I32EnumCase<"Max", 1, "max">,
        I32EnumCase<"Min", 2, "min">,
        I32EnumCase<"Prod", 3, "prod">
      ]> {
  let cppNamespace = "::npu::tile";
}

def NpuTile_VpuReduceKindAttr
    : EnumAttr<NpuTile_Dialect, NpuTile_VpuReduceKind, "reduce_kind"> {
  let summary = "operation of `npu_tile.vpu.reduce`";
  let description = [{
`sum` (`vpu.rsum`), `max` (`vpu.rmax`), `min` (`vpu.rmin`) or `prod`
(`vpu.rprod`).
  }];
}

def NpuTile_Broadcast
    : I32Enum<"Broadcast", "VPU broadcast of operand b", [
        I32EnumCase<"None", 0, "none">,
        I32EnumCase<"Row", 1, "row">,
        I32EnumCase<"Col", 2, "col">,
        I32EnumCase<"Imm", 3, "imm">
      ]> {
  let cppNamespace = "::npu::tile";
}

def NpuTile_BroadcastAttr
    : EnumAttr<NpuTile_Dialect, NpuTile_Broadcast, "bcast"> {
  let summary = "how the second VPU operand is broadcast over `[rows, cols]`";
  let description = [{
Same values and encoding as the ISA's `bcast` enumeration:

| Value | Second operand | Read as |
|---|---|---|
| `none` | `[rows, cols]` tile | `b[i][j]` |
| `row` | `[1, cols]` tile | `b[0][j]` |
| `col` | `[rows, 1]` tile | `b[i][0]` |
| `imm` | no operand: the f32 attribute `imm` | `imm` |

`npu_tile.vpu.bcast` accepts only `row` and `col`.
  }];
}

#endif // NPU_TILE_ATTRS_TD
