//===- Ops.td - Operations of the npu_tile dialect ---------*- tablegen -*-===//

#ifndef NPU_TILE_OPS_TD
#define NPU_TILE_OPS_TD

include "npu_tile/Dialect.td"
include "npu_tile/Attrs.td"
include "npu_tile/Types.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Assembly formats start with "``" before an enum attribute: the printer of
// an EnumAttr with the default "$value" format already emits the space that
// separates the keyword from the op name.

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def NpuTile_MemRef
    : Type<And<[IsMemRefTypePred,
                CPred<"::npu::tile::getMemorySpace($_self).has_value()">]>,
           "memref in `#npu_tile.space<hbm>` or `#npu_tile.space<sram>`",
           "::mlir::MemRefType">;

def NpuTile_SramMemRef
    : Type<And<[IsMemRefTypePred,
                CPred<"::npu::tile::isInSpace($_self, "
                      "::npu::tile::MemorySpace::SRAM)">]>,
           "memref in `#npu_tile.space<sram>`", "::mlir::MemRefType">;

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

def NpuTile_AllocOp : NpuTile_Op<"alloc"> {
  let summary = "allocate an SRAM buffer";
  let description = [{
Creates a buffer in SRAM. The type has a static shape, the identity
(row-major, contiguous) layout, the memory space `#npu_tile.space<sram>` and
one of the element types `f32`, `bf16`, `i8`, `i32`, `i4` (an `i4` buffer
of rank >= 2 needs an even innermost size so that every row starts on a
byte).

`offset` (bytes from the start of SRAM) and `alignment` (bytes, a power of
two, dividing `offset`) are filled in by `npu-place-memory`; the lowering
requires `offset`. A buffer allocated inside a loop body is a fresh buffer
in every iteration.

Lifetime: the buffer is live from the `npu_tile.alloc` to its last use in
its block (uses in nested regions count as uses of the op containing
them), where the use of a buffer (or of a view of it) by `npu_tile.dma`
lasts until the `npu_tile.wait` on that copy's token. `npu_tile.dealloc` is
optional and ends the live range explicitly; memory placement never needs
it.

Lowering: nothing is emitted; `offset` is the buffer's SRAM address.

```mlir
%buf = npu_tile.alloc : memref<2x128x128xbf16, #npu_tile.space<sram>>
%acc = npu_tile.alloc {alignment = 64 : i64, offset = 65536 : i64}
    : memref<128x128xf32, #npu_tile.space<sram>>
```
  }];
  let arguments = (ins OptionalAttr<I64Attr>:$offset,
                       OptionalAttr<I64Attr>:$alignment);
  let results = (outs Res<NpuTile_SramMemRef, "the SRAM buffer",
                          [MemAlloc]>:$memref);
  let assemblyFormat = "attr-dict `:` type($memref)";
  let builders = [
    // A buffer not placed yet (no offset or alignment).
    OpBuilder<(ins "::mlir::MemRefType":$type), [{
      build($_builder, $_state, type, ::mlir::IntegerAttr(),
            ::mlir::IntegerAttr());
    }]>
  ];
  let hasVerifier = 1;
}

def NpuTile_DeallocOp : NpuTile_Op<"dealloc"> {
  let summary = "end the lifetime of an SRAM buffer";
  let description = [{
Optional: marks the end of the live range of a buffer created by
`npu_tile.alloc` (the operand must be the result of an `npu_tile.alloc`,
not a view of it). Without it the buffer lives until its last use (see
`npu_tile.alloc`). Using the buffer after the dealloc, or deallocating it
while a copy that uses it is in flight (not yet waited), is undefined.

Lowering: nothing is emitted.

```mlir
npu_tile.dealloc %buf : memref<128x128xf32, #npu_tile.space<sram>>
```
  }];
  let arguments = (ins Arg<NpuTile_SramMemRef, "the buffer to free",
                           [MemFree]>:$memref);
  let assemblyFormat = "$memref attr-dict `:` type($memref)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// DMA
//===----------------------------------------------------------------------===//

def NpuTile_DmaOp : NpuTile_Op<"dma"> {
  let summary = "asynchronous copy between two memrefs";
  let description = [{
Starts copying `src` to `dst` and returns a token; `npu_tile.wait` on the
token waits for the copy to complete. The copy starts after every earlier
op in program order has taken effect. Until the wait, the source must not
be written and the destination must not be read or written (see the
execution model in the dialect description). Any pair of spaces is allowed
(HBM to SRAM, SRAM to HBM, SRAM to SRAM, HBM to HBM); source and
destination must not overlap.

`src` and `dst` have the same static shape and the same element type
(`f32`, `bf16`, `i8`, `i32` or `i4`), and static strided layouts
(typically results of `memref.subview`). Offsets may be dynamic. The
elements are copied as bytes, with no conversion.

`channel` is the DMA channel (the `ch` field, 0-15). `npu-schedule-dma`
assigns it; when it is absent the lowering chooses one. Copies on one
channel run in order; whether the channel exists on the target
(`arch.dma_channels`) is checked by the lowering.

**Layouts one `dma.copy` can do.** The instruction copies runs of `size`
contiguous bytes, repeated over up to 3 outer dimensions with arbitrary
signed byte strides on each side (`n1..n3`, `src_st1..3`, `dst_st1..3`).
The verifier maps the memrefs onto it as follows:

1. Dimensions of size 1 are dropped.
2. Adjacent dimensions `d, d+1` are merged when they are contiguous with
   each other on *both* sides (`stride[d] == stride[d+1] * size[d+1]`).
3. If the innermost remaining dimension has stride 1 on both sides, it is
   the contiguous run (`size` = its length in bytes); otherwise the run is a
   single element (correct, but slow: e.g. a transposing copy).
4. At most 3 dimensions may remain besides the run. So any rank is fine as
   long as the copy collapses to a 4-D strided copy; a 2-D tile out of a
   row-major matrix is one run per row.
5. Counts must fit 16 bits (`n1..n3` <= 65535), the run 32 bits, byte
   strides signed 32 bits.
6. No destination dimension may have stride 0 (a byte would be written
   twice). Source strides may be 0 (broadcast).
7. `i4` (two elements per byte): the innermost dimension must be contiguous
   on both sides with an even length, and every other stride and every
   static offset must be even.

A copy with a zero-sized dimension copies nothing and is valid.

Lowering: one `dma.copy` with `ch` = `channel` and `signal=` the
semaphore of the token; the addresses are base registers computed from the
subview offsets.

```mlir
%t = npu_tile.dma %a_tile, %a_buf channel 1
    : memref<128x128xbf16, strided<[512, 1], offset: ?>, #npu_tile.space<hbm>>
   -> memref<128x128xbf16, #npu_tile.space<sram>>
```
  }];
  let arguments = (ins Arg<NpuTile_MemRef, "source", [MemRead]>:$src,
                       Arg<NpuTile_MemRef, "destination", [MemWrite]>:$dst,
                       OptionalAttr<I64Attr>:$channel);
  let results = (outs NpuTile_TokenType:$token);
  let assemblyFormat = [{
    $src `,` $dst (`channel` $channel^)? attr-dict `:` type($src) `->`
    type($dst)
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Value":$src, "::mlir::Value":$dst,
                   CArg<"std::optional<int64_t>", "std::nullopt">:$channel), [{
      build($_builder, $_state, TokenType::get($_builder.getContext()), src,
            dst, channel ? $_builder.getI64IntegerAttr(*channel)
                         : ::mlir::IntegerAttr());
    }]>
  ];
  let hasVerifier = 1;
}

def NpuTile_GatherOp : NpuTile_Op<"gather"> {
  let summary = "asynchronous indexed row copy (embedding lookup)";
  let description = [{
Starts copying rows of `table` selected by the run-time `indices` to `dst`
and returns a token, like `npu_tile.dma`: `dst[i, :] = table[indices[i],
:]` for `i < n`. The same rules apply as for `npu_tile.dma` (the copy
starts after every earlier op; until the `npu_tile.wait` on the token, the
sources must not be written and `dst` must not be read or written; `dst`
must not overlap `table` or `indices`). Any memory spaces are allowed.

- `table` is `[v, d]`, `dst` is `[n, d]`, with the same element type
  (`f32`, `bf16`, `i8`, `i32` or `i4`) and contiguous rows (innermost
  stride 1; an `i4` row must have an even length); the row strides are
  static and any (non-zero for `dst` when `n > 1`).
- `indices` is a contiguous `[n]` memref of `i32`.
- `n` <= 65535 (the 16-bit `count` field), `v` < 2^32, row sizes and
  strides in bytes fit 32 bits.

A negative index in `[-v, 0)` counts from the end (row `index + v`, numpy
and ONNX wrap). An index outside `[-v, v)` is a device error raised by the
DMA engine (the `limit` operand of `dma.gather` is `v`), not a silent read.

`channel` is the DMA channel as for `npu_tile.dma`.

Lowering: one `dma.gather` with `size` = the row bytes, `count` = `n`,
`src_st`/`dst_st` = the row strides in bytes, `limit` = `v`, `ch` =
`channel` and `signal=` the semaphore of the token.

```mlir
%t = npu_tile.gather %table[%ids], %rows channel 0
    : memref<50x24xbf16, #npu_tile.space<hbm>>,
      memref<14xi32, #npu_tile.space<hbm>>
   -> memref<14x24xbf16, #npu_tile.space<hbm>>
```
  }];
  let arguments = (ins Arg<NpuTile_MemRef, "the table", [MemRead]>:$table,
                       Arg<NpuTile_MemRef, "row indices", [MemRead]>:$indices,
                       Arg<NpuTile_MemRef, "destination", [MemWrite]>:$dst,
                       OptionalAttr<I64Attr>:$channel);
  let results = (outs NpuTile_TokenType:$token);
  let assemblyFormat = [{
    $table `[` $indices `]` `,` $dst (`channel` $channel^)? attr-dict `:`
    type($table) `,` type($indices) `->` type($dst)
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Value":$table, "::mlir::Value":$indices,
                   "::mlir::Value":$dst), [{
      build($_builder, $_state, TokenType::get($_builder.getContext()), table,
            indices, dst, ::mlir::IntegerAttr());
    }]>
  ];
  let hasVerifier = 1;
}

def NpuTile_WaitOp
    : NpuTile_Op<"wait", [MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "wait for DMA copies to complete";
  let description = [{
Returns when the copies that produced `tokens` have completed: ops after
the wait see the destinations' new contents and may overwrite the sources.
At least one token is required. Each token may be waited at most once on
any execution path (see `!npu_tile.token`).

The op reads and writes memory as far as MLIR's side-effect analyses are
concerned, so nothing that touches memory moves across it.

Lowering: for each token, `sem.wait sN` on the semaphore its copy signals,
or (an optimisation of the lowering) the `wait=sN` operand of the first
MXU/VPU/DMA instruction that depends on the copy.

```mlir
npu_tile.wait %ta, %tb
```
  }];
  let arguments = (ins Variadic<NpuTile_TokenType>:$tokens);
  let assemblyFormat = "$tokens attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// MXU
//===----------------------------------------------------------------------===//

def NpuTile_MatmulOp : NpuTile_Op<"matmul"> {
  let summary = "matrix multiply on SRAM tiles (MXU)";
  let description = [{
`C = A x B`, or `C += A x B` with `accumulate`, where `A` is `[m, k]`, `B`
is `[k, n]` and `C` is `[m, n]`; all operands are SRAM tiles (2-D, static
shape, innermost stride 1, static row stride covering a row; see the
dialect description). With `transpose_b` the operand `B` holds the
transpose: it is `[n, k]` and the product is `A x B^T` (the layout of `K`
in `Q x K^T` and of PyTorch `Linear` weights); the scales stay
`[ceil(k/group), n]`. Element types by `mode`:

| Mode | A | B | C | scales |
|---|---|---|---|---|
| `bf16` | bf16 | bf16 | f32 | none |
| `int8` | i8 | i8 | i32 | none |
| `w8` | bf16 | i8 | f32 | bf16 `[ceil(k/group), n]` |
| `w4` | bf16 | i4 | f32 | bf16 `[ceil(k/group), n]` |

In `w8`/`w4` (weight-only quantisation) `scales` and `group` (> 0, at most
65535: rows of B sharing one row of scales) are required; in `bf16`/`int8`
they must be absent. The numerics (strictly sequential accumulation over
`k`, rounding, int8 wrap-around) are those of `mxu.matmul` in docs/ISA.md.
`int8`/`w8` need a target with `supports_int8` and `w4` one with
`supports_int4`; the lowering checks that.

The op is synchronous (see the execution model): it takes effect in
program order, so it sees the data of every copy waited before it and of
every earlier compute op, and a later `npu_tile.dma` of `C` copies its
result. Operands may overlap (all sources are read before `C` is written).

Lowering: one `mxu.matmul` with `mode`, `m`, `k`, `n`, `lda`/`ldb`/`ldc`
(row strides in bytes), `scale`/`lds`/`group` (w8/w4),
`acc = accumulate` and `tb = transpose_b`.

```mlir
npu_tile.matmul bf16 %a, %b, %c accumulate
    : memref<128x128xbf16, #npu_tile.space<sram>>,
      memref<128x128xbf16, #npu_tile.space<sram>>,
      memref<128x128xf32, #npu_tile.space<sram>>
npu_tile.matmul w4 %x, %w, %y scales %s group 64
    : memref<16x256xbf16, #npu_tile.space<sram>>,
      memref<256x128xi4, #npu_tile.space<sram>>,
      memref<16x128xf32, #npu_tile.space<sram>>,
      memref<4x128xbf16, #npu_tile.space<sram>>
npu_tile.matmul bf16 %q, %k, %s transpose_b
    : memref<16x64xbf16, #npu_tile.space<sram>>,
      memref<32x64xbf16, #npu_tile.space<sram>>,
      memref<16x32xf32, #npu_tile.space<sram>>
```
  }];
  let arguments = (ins NpuTile_MatmulModeAttr:$mode,
                       Arg<NpuTile_SramMemRef, "A: [m, k]", [MemRead]>:$a,
                       Arg<NpuTile_SramMemRef,
                           "B: [k, n], or [n, k] with transpose_b",
                           [MemRead]>:$b,
                       Arg<NpuTile_SramMemRef, "C: [m, n]",
                           [MemRead, MemWrite]>:$c,
                       Arg<Optional<NpuTile_SramMemRef>,
                           "w8/w4 scales: [ceil(k/group), n] bf16",
                           [MemRead]>:$scales,
                       OptionalAttr<I64Attr>:$group,
                       UnitAttr:$accumulate,
                       UnitAttr:$transpose_b);
  let assemblyFormat = [{
    `` $mode $a `,` $b `,` $c (`scales` $scales^)? (`group` $group^)?
    (`accumulate` $accumulate^)? (`transpose_b` $transpose_b^)? attr-dict
    `:` type(operands)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// VPU
//===----------------------------------------------------------------------===//

class NpuTile_VpuOp<string mnemonic, list<Trait> traits = []>
    : NpuTile_Op<"vpu." # mnemonic, traits> {
  let hasVerifier = 1;
}

// The second operand of the binary ops and of quant/dequant: a tile (bcast
// none/row/col) or an f32 immediate (bcast imm).
defvar VpuOperandBArgs = (ins Arg<Optional<NpuTile_SramMemRef>,
                                  "second operand (absent with bcast = imm)",
                                  [MemRead]>:$b,
                              DefaultValuedAttr<NpuTile_BroadcastAttr,
                                  "::npu::tile::Broadcast::None">:$bcast,
                              OptionalAttr<F32Attr>:$imm);

def NpuTile_VpuBinaryOp : NpuTile_VpuOp<"binary"> {
  let summary = "elementwise binary operation on SRAM tiles (VPU)";
  let description = [{
`dst[i][j] = kind(a[i][j], b')` for `kind` in `add`, `sub`, `mul`, `max`,
`min`, `pow`, computed in fp32 and converted to the element type of `dst` (the ISA
arithmetic rule). `a` and `dst` are `[rows, cols]` SRAM tiles; the second
operand `b'` is, by `bcast`:

| Syntax | `bcast` | b | b' |
|---|---|---|---|
| `%a, %b, %dst` | `none` | `[rows, cols]` | `b[i][j]` |
| `%a, row %b, %dst` | `row` | `[1, cols]` | `b[0][j]` |
| `%a, col %b, %dst` | `col` | `[rows, 1]` | `b[i][0]` |
| `%a, 0.5, %dst` | `imm` | no operand: f32 `imm` | `imm` |

The immediate is an f32 literal, or its IEEE bit pattern in hexadecimal
(`0xFF800000` is -inf). Each tile may be `f32`, `bf16`, `i8`, `i32` or
`i4`, independently. `dst` may alias `a` or `b` (in place).

Synchronous (program order). Lowering: `vpu.add`/`sub`/`mul`/`max`/`min`/
`pow` with `rows`, `cols`, `*_ld`, `*_t`, `bcast` and `imm`.

```mlir
npu_tile.vpu.binary add %x, row %bias, %x
    : memref<128x128xf32, #npu_tile.space<sram>>,
      memref<1x128xf32, #npu_tile.space<sram>>,
      memref<128x128xf32, #npu_tile.space<sram>>
npu_tile.vpu.binary mul %x, 1.250000e-01, %y
    : memref<128x128xf32, #npu_tile.space<sram>>,
      memref<128x128xbf16, #npu_tile.space<sram>>
```
  }];
  let arguments = !con(
      (ins NpuTile_VpuBinaryKindAttr:$kind,
           Arg<NpuTile_SramMemRef, "first operand", [MemRead]>:$a),
      VpuOperandBArgs,
      (ins Arg<NpuTile_SramMemRef, "destination", [MemWrite]>:$dst));
  let assemblyFormat = [{
    `` $kind $a `,` custom<VpuOperandB>($b, $bcast, $imm) `,` $dst attr-dict
    `:` type(operands)
  }];
  let builders = [
    // b is a tile broadcast by `bcast` (none, row or col).
    OpBuilder<(ins "::npu::tile::VpuBinaryKind":$kind, "::mlir::Value":$a,
                   "::mlir::Value":$b, "::npu::tile::Broadcast":$bcast,
                   "::mlir::Value":$dst), [{
      build($_builder, $_state, kind, a, b, bcast, ::mlir::FloatAttr(), dst);
    }]>,
    // b is the f32 immediate `imm`.
    OpBuilder<(ins "::npu::tile::VpuBinaryKind":$kind, "::mlir::Value":$a,
                   "float":$imm, "::mlir::Value":$dst), [{
      build($_builder, $_state, kind, a, ::mlir::Value(),
            ::npu::tile::Broadcast::Imm, $_builder.getF32FloatAttr(imm), dst);
    }]>
  ];
}

def NpuTile_VpuSelectOp : NpuTile_VpuOp<"select"> {
  let summary = "elementwise choice between two SRAM tiles (VPU)";
  let description = [{
`dst[i][j] = (c[i][j] != 0) xor inv ? a[i][j] : b'`, where `b'` is the
second operand broadcast as in `npu_tile.vpu.binary` (a tile with `bcast`
none/row/col, or the f32 immediate). `c`, `a` and `dst` are `[rows, cols]`
tiles; the chosen value is converted to the type of `dst` exactly like
`vpu.unary mov`; the other one is not read into the result.

Synchronous (program order). Lowering: `vpu.sel`.

```mlir
npu_tile.vpu.select %mask, %x, 0xFF800000, %y inv
    : memref<8x8xi8, #npu_tile.space<sram>>,
      memref<8x8xf32, #npu_tile.space<sram>>,
      memref<8x8xf32, #npu_tile.space<sram>>
```
  }];
  let arguments = !con(
      (ins Arg<NpuTile_SramMemRef, "condition", [MemRead]>:$c,
           Arg<NpuTile_SramMemRef, "value where c != 0", [MemRead]>:$a),
      VpuOperandBArgs,
      (ins Arg<NpuTile_SramMemRef, "destination", [MemWrite]>:$dst,
           UnitAttr:$inv));
  let assemblyFormat = [{
    $c `,` $a `,` custom<VpuOperandB>($b, $bcast, $imm) `,` $dst
    (`inv` $inv^)? attr-dict `:` type(operands)
  }];
}

def NpuTile_VpuUnaryOp : NpuTile_VpuOp<"unary"> {
  let summary = "elementwise unary operation on SRAM tiles (VPU)";
  let description = [{
`dst[i][j] = kind(a[i][j])` on two `[rows, cols]` SRAM tiles of the same
shape. `kind` is `mov`, `exp`, `rsqrt`, `recip`, `sqrt`, `tanh`, `erf`,
`gelu`, `gelu_tanh`, `sigmoid`, `silu` or `relu`. `mov` is the conversion
between element types (one rounding of the exact value, integers
saturate); the others compute in fp32 and convert the result (ISA
numerics). Element types: `f32`, `bf16`, `i8`, `i32`, `i4`, independently.

Synchronous (program order). Lowering: `vpu.<kind>`.

```mlir
npu_tile.vpu.unary exp %x, %x
    : memref<128x128xf32, #npu_tile.space<sram>>,
      memref<128x128xf32, #npu_tile.space<sram>>
npu_tile.vpu.unary mov %acc, %out
    : memref<128x128xf32, #npu_tile.space<sram>>,
      memref<128x128xbf16, #npu_tile.space<sram>>
```
  }];
  let arguments = (ins NpuTile_VpuUnaryKindAttr:$kind,
                       Arg<NpuTile_SramMemRef, "source", [MemRead]>:$a,
                       Arg<NpuTile_SramMemRef, "destination",
                           [MemWrite]>:$dst);
  let assemblyFormat = "`` $kind $a `,` $dst attr-dict `:` type(operands)";
}

def NpuTile_VpuReduceOp : NpuTile_VpuOp<"reduce"> {
  let summary = "row reduction of an SRAM tile (VPU)";
  let description = [{
`dst[i][0] = sum_j a[i][j]` (`sum`), `max_j` (`max`), `min_j` (`min`) or
`prod_j a[i][j]` (`prod`), reduced in
fp32 strictly left to right; `a` is `[rows, cols]`, `dst` is `[rows, 1]`.
Element types: `f32`, `bf16`, `i8`, `i32`, `i4`, independently.

Synchronous (program order). Lowering: `vpu.rsum` / `vpu.rmax` /
`vpu.rmin` / `vpu.rprod`.

```mlir
npu_tile.vpu.reduce max %x, %m
    : memref<128x128xf32, #npu_tile.space<sram>>,
      memref<128x1xf32, #npu_tile.space<sram>>
```
  }];
  let arguments = (ins NpuTile_VpuReduceKindAttr:$kind,
                       Arg<NpuTile_SramMemRef, "source", [MemRead]>:$a,
                       Arg<NpuTile_SramMemRef, "destination",
                           [MemWrite]>:$dst);
  let assemblyFormat = "`` $kind $a `,` $dst attr-dict `:` type(operands)";
}

def NpuTile_VpuBcastOp : NpuTile_VpuOp<"bcast"> {
  let summary = "broadcast a row or a column over an SRAM tile (VPU)";
  let description = [{
`dst[i][j] = a[0][j]` (`row`, `a` is `[1, cols]`) or `a[i][0]` (`col`, `a`
is `[rows, 1]`), for `dst` `[rows, cols]`, converted as by `mov`. Only
`row` and `col` are valid modes.

Synchronous (program order). Lowering: `vpu.bcast` with `mode`.

```mlir
npu_tile.vpu.bcast col %m, %y
    : memref<128x1xf32, #npu_tile.space<sram>>,
      memref<128x128xf32, #npu_tile.space<sram>>
```
  }];
  let arguments = (ins NpuTile_BroadcastAttr:$mode,
                       Arg<NpuTile_SramMemRef, "source row or column",
                           [MemRead]>:$a,
                       Arg<NpuTile_SramMemRef, "destination",
                           [MemWrite]>:$dst);
  let assemblyFormat = "`` $mode $a `,` $dst attr-dict `:` type(operands)";
}

def NpuTile_VpuQuantOp : NpuTile_VpuOp<"quant"> {
  let summary = "quantise an SRAM tile (VPU)";
  let description = [{
`dst[i][j] = saturate(round_half_even(a[i][j] * b') + zp)`, where `b'` is
the **reciprocal** scale, given like the second operand of
`npu_tile.vpu.binary` (a tile, `row`/`col` broadcast, or an f32
immediate), and `zp` is the zero point (a signed 16-bit integer, default
0). `dst` must be `i8`, `i4` or `i32`; `a` and `b` any of `f32`, `bf16`,
`i8`, `i32`, `i4`.

Synchronous (program order). Lowering: `vpu.quant`.

```mlir
npu_tile.vpu.quant %x, col %rscale, %q zp -3
    : memref<128x128xf32, #npu_tile.space<sram>>,
      memref<128x1xf32, #npu_tile.space<sram>>,
      memref<128x128xi8, #npu_tile.space<sram>>
```
  }];
  let arguments = !con(
      (ins Arg<NpuTile_SramMemRef, "source", [MemRead]>:$a),
      VpuOperandBArgs,
      (ins Arg<NpuTile_SramMemRef, "destination", [MemWrite]>:$dst,
           DefaultValuedAttr<I64Attr, "0">:$zp));
  let assemblyFormat = [{
    $a `,` custom<VpuOperandB>($b, $bcast, $imm) `,` $dst (`zp` $zp^)?
    attr-dict `:` type(operands)
  }];
  let builders = [
    // b is a tile broadcast by `bcast` (none, row or col).
    OpBuilder<(ins "::mlir::Value":$a, "::mlir::Value":$b,
                   "::npu::tile::Broadcast":$bcast, "::mlir::Value":$dst,
                   CArg<"int64_t", "0">:$zp), [{
      build($_builder, $_state, a, b, bcast, ::mlir::FloatAttr(), dst, zp);
    }]>,
    // b is the f32 immediate `imm`.
    OpBuilder<(ins "::mlir::Value":$a, "float":$imm, "::mlir::Value":$dst,
                   CArg<"int64_t", "0">:$zp), [{
      build($_builder, $_state, a, ::mlir::Value(),
            ::npu::tile::Broadcast::Imm, $_builder.getF32FloatAttr(imm), dst,
            zp);
    }]>
  ];
}

def NpuTile_VpuDequantOp : NpuTile_VpuOp<"dequant"> {
  let summary = "dequantise an SRAM tile (VPU)";
  let description = [{
`dst[i][j] = (a[i][j] - zp) * b'`, with `a - zp` exact, then one fp32
multiply by the scale `b'` (a tile, `row`/`col` broadcast, or an f32
immediate, as for `npu_tile.vpu.binary`); the result is converted to the
element type of `dst`. `a` must be `i8`, `i4` or `i32`; `zp` is a signed
16-bit zero point (default 0).

Synchronous (program order). Lowering: `vpu.dequant`.

```mlir
npu_tile.vpu.dequant %q, row %scale, %x
    : memref<128x128xi8, #npu_tile.space<sram>>,
      memref<1x128xbf16, #npu_tile.space<sram>>,
      memref<128x128xbf16, #npu_tile.space<sram>>
```
  }];
  let arguments = !con(
      (ins Arg<NpuTile_SramMemRef, "quantised source", [MemRead]>:$a),
      VpuOperandBArgs,
      (ins Arg<NpuTile_SramMemRef, "destination", [MemWrite]>:$dst,
           DefaultValuedAttr<I64Attr, "0">:$zp));
  let assemblyFormat = [{
    $a `,` custom<VpuOperandB>($b, $bcast, $imm) `,` $dst (`zp` $zp^)?
    attr-dict `:` type(operands)
  }];
  let builders = [
    // b is a tile broadcast by `bcast` (none, row or col).
    OpBuilder<(ins "::mlir::Value":$a, "::mlir::Value":$b,
                   "::npu::tile::Broadcast":$bcast, "::mlir::Value":$dst,
                   CArg<"int64_t", "0">:$zp), [{
      build($_builder, $_state, a, b, bcast, ::mlir::FloatAttr(), dst, zp);
    }]>,
    // b is the f32 immediate `imm`.
    OpBuilder<(ins "::mlir::Value":$a, "float":$imm, "::mlir::Value":$dst,
                   CArg<"int64_t", "0">:$zp), [{
      build($_builder, $_state, a, ::mlir::Value(),
            ::npu::tile::Broadcast::Imm, $_builder.getF32FloatAttr(imm), dst,
            zp);
    }]>
  ];
}

#endif // NPU_TILE_OPS_TD
