//===- Dialect.td - The npu_tile dialect -------------------*- tablegen -*-===//

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

Buffers are upstream `memref`s whose memory space is `#npu_tile.space<hbm>`
or `#npu_tile.space<sram>`; addresses are computed with `memref.subview`
(and the other upstream view ops), loops are `scf.for`, index arithmetic is
`arith`. The `npu_tile` ops only move and compute data.

## Execution model

- **Compute is synchronous.** `npu_tile.matmul` and the `npu_tile.vpu.*`
  ops have no tokens: they take effect in program order, as if each
  finished before the next op starts. The MXU and the VPU are asynchronous
  engines in hardware; `npu-lower-to-isa` inserts the semaphores needed to
  keep program order between them (and between them and DMAs) wherever two
  ops touch overlapping memory.
- **DMA is asynchronous.** `npu_tile.dma` *starts* a copy after every op
  before it in program order has taken effect, and returns a
  `!npu_tile.token`. The copy completes at an unspecified time before
  `npu_tile.wait` on its token returns. Between the `npu_tile.dma` and the
  wait on its token, no op (including another DMA) may write the copy's
  source or read or write its destination; a program that does has
  undefined results. Two copies in flight at the same time may read the
  same memory.
- **Waits.** `npu_tile.wait` returns when its tokens' copies have completed.
  A token must be waited at most once on any path (see `!npu_tile.token`).

This split keeps the IR easy to produce and to analyse (only DMA overlaps
computation, and overlap is explicit in the token def-use chains) while
letting the lowering run DMA, MXU and VPU concurrently.

## Buffers and layouts

- `npu_tile.alloc` creates an SRAM buffer (static shape, identity layout).
  `npu-place-memory` fills in its byte `offset`. A buffer is live from its
  `npu_tile.alloc` to its last use, where a use by `npu_tile.dma` extends
  to the `npu_tile.wait` on the copy's token; `npu_tile.dealloc` is
  optional and only ends the live range early.
- HBM buffers are function arguments (inputs and outputs) and subviews of
  them.
- **SRAM tiles** (operands of MXU and VPU ops) are 2-D memrefs
  `[rows, cols]` with a static shape (at most 65535 rows and columns) and
  a static strided layout whose innermost stride is 1 (any stride when
  `cols = 1`); the row stride becomes the instruction's `ld` field in
  bytes and must cover one row (`stride >= cols` when `rows > 1`). The
  offset may be dynamic (it becomes a base register plus an immediate).
  For `i4`, row strides and static offsets must be even (rows start on a
  byte).
- **DMA operands** may have any rank and any static strides: see
  `npu_tile.dma` for which layouts a single `dma.copy` can do.
- Alignment of SRAM tile addresses (`arch.sram_align_bytes`) depends on
  the target and is established by memory placement, not checked by the
  verifiers.

## Element types

| memref element type | ISA `dtype` | Bits |
|---|---|---|
| `f32` | `fp32` | 32 |
| `bf16` | `bf16` | 16 |
| `i8` | `int8` | 8 |
| `i32` | `int32` | 32 |
| `i4` | `int4` | 4, two per byte, element `2i` in the low nibble |

Integers are signless in the IR and signed (two's complement) on the
device.

## Lowering to `npu_isa`

| `npu_tile` | `npu_isa` |
|---|---|
| `npu_tile.alloc`, `npu_tile.dealloc` | nothing: `offset` is the SRAM address |
| `memref.subview` etc. | base register + immediate offset (`addi`, `muli`, `add`) |
| `scf.for` | `loop`/`loopi` hardware loop (or branches) |
| `npu_tile.dma` | one `dma.copy`: `size`, `n1..n3` and byte strides from the layouts, `ch` = `channel`, `signal=` the token's semaphore |
| `npu_tile.gather` | one `dma.gather`: `size` = row bytes, `count` = `n`, `src_st`/`dst_st` = row strides, `limit` = table rows, `ch` = `channel`, `signal=` the token's semaphore |
| `npu_tile.wait` | `sem.wait sN` per token, or the `wait=sN` operand of the first instruction that depends on the copy |
| `npu_tile.matmul` | `mxu.matmul` with `mode`, `m`/`k`/`n`, `lda`/`ldb`/`ldc`, `scale`/`lds`/`group` (w8/w4), `acc` = `accumulate`, `tb` = `transpose_b` |
| `npu_tile.vpu.binary` | `vpu.add`/`sub`/`mul`/`max`/`min` with `bcast` and `imm` |
| `npu_tile.vpu.unary` | `vpu.mov`/`exp`/`rsqrt`/`recip`/`tanh`/`erf`/`gelu`/`gelu_tanh`/`sigmoid`/`silu`/`sqrt`/`relu` |
| `npu_tile.vpu.reduce` | `vpu.rsum` (`sum`) / `vpu.rmax` (`max`) |
| `npu_tile.vpu.bcast` | `vpu.bcast` with `mode=row`/`col` |
| `npu_tile.vpu.quant`, `npu_tile.vpu.dequant` | `vpu.quant`, `vpu.dequant` with `bcast`, `imm`, `zp` |
| program order between engines | `wait=`/`signal=` semaphores on the MXU/VPU/DMA instructions |

VPU element types become the `dst_t`/`a_t`/`b_t` fields (table above). The
row strides become `*_ld` fields in bytes; `rows`/`cols` (and `m`/`k`/`n`)
are 16-bit fields, so tiles are limited to 65535 rows and columns. The C++
helpers `npu::tile::getTileLayout` and `npu::tile::getDmaShape`
(`npu_tile/NpuTile.h`) compute these fields with exactly the rules the
verifiers apply.
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
}

class NpuTile_Op<string mnemonic, list<Trait> traits = []>
    : Op<NpuTile_Dialect, mnemonic, traits>;

#endif // NPU_TILE_DIALECT_TD
