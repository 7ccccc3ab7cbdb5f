//===- Ops.td - Operations of the npu_graph dialect ------------*- tablegen -*-===//

#ifndef NPU_GRAPH_OPS_TD
#define NPU_GRAPH_OPS_TD

include "npu_graph/Dialect.td"
include "npu_graph/Attrs.td"

include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def NpuGraph_Tensor : StaticShapeTensorOf<[F32, BF16, I8, I32, I1]>;
def NpuGraph_FloatTensor : StaticShapeTensorOf<[F32, BF16]>;
def NpuGraph_QuantTensor : StaticShapeTensorOf<[I8, I32]>;
def NpuGraph_IndexTensor : StaticShapeTensorOf<[I32]>;
def NpuGraph_BoolTensor : StaticShapeTensorOf<[I1]>;
def NpuGraph_ComparableTensor : StaticShapeTensorOf<[F32, BF16, I8, I32, I1]>;
def NpuGraph_SelectableTensor : StaticShapeTensorOf<[F32, BF16, I8, I32, I1]>;
def NpuGraph_MatmulOperand : StaticShapeTensorOf<[F32, BF16, I8]>;
def NpuGraph_MatmulResult : StaticShapeTensorOf<[F32, BF16, I32]>;

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

def NpuGraph_MatmulOp : NpuGraph_Op<"matmul", [Pure]> {
  let summary = "matrix product, batched with broadcast batch dimensions";
  let description = [{
`lhs` is `[..., m, k]` and `rhs` is `[..., k, n]`, or `[..., n, k]` with
`transpose_b` (the layout of a PyTorch `Linear` weight); both have rank >= 2.
The leading (batch) dimensions broadcast like NumPy, so a 2-D weight applies
to every batch: the result is `[broadcast(batch), m, n]`.

```mlir
%y = npu_graph.matmul %x, %w : tensor<16x768xbf16>, tensor<768x3072xbf16> -> tensor<16x3072xf32>
%s = npu_graph.matmul %q, %k transpose_b : tensor<1x8x16x64xf32>, tensor<1x8x16x64xf32> -> tensor<1x8x16x16xf32>
%z = npu_graph.matmul %a, %b : tensor<4x8x32xi8>, tensor<32x16xi8> -> tensor<4x8x16xi32>
```

Element types: both operands have the same type. `f32` operands give `f32`,
`bf16` operands give `bf16` or `f32` (the accumulator), `i8` operands give
`i32`.

Device numerics: float operands are rounded to bf16 (the MXU's operand
type) and every output element is accumulated in fp32, strictly
sequentially over `k` from +0 (`c = fp32(c + fp32(a * b))`); `i8` operands
accumulate in int32 modulo 2^32. The fp32 sum is then stored in the result
type.
  }];
  let arguments = (ins NpuGraph_MatmulOperand:$lhs,
                       NpuGraph_MatmulOperand:$rhs,
                       UnitAttr:$transpose_b);
  let results = (outs NpuGraph_MatmulResult:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`transpose_b` $transpose_b^)? attr-dict `:` type($lhs) `,`
    type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary operations
//===----------------------------------------------------------------------===//

class NpuGraph_BinaryOp<string mnemonic, string expr, string device,
                        list<Trait> traits = []>
    : NpuGraph_Op<mnemonic, !listconcat([Pure], traits)> {
  let summary = "elementwise `" # expr # "` with broadcasting";
  let description = [{
Computes `}] # expr # [{` for every element, broadcasting `lhs` and `rhs`
like NumPy. The operands and the result have the same element type (`f32`
or `bf16`); the result has the broadcast shape. The type is written once
when all three types are equal.

```mlir
%c = npu_graph.}] # mnemonic # [{ %a, %b : tensor<4x8xf32>
%d = npu_graph.}] # mnemonic # [{ %a, %bias : tensor<4x8xbf16>, tensor<8xbf16> -> tensor<4x8xbf16>
```

Device numerics: }] # device;
  let arguments = (ins NpuGraph_FloatTensor:$lhs, NpuGraph_FloatTensor:$rhs);
  let results = (outs NpuGraph_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:`
    custom<BinaryTypes>(type($lhs), type($rhs), type($result))
  }];
  let hasVerifier = 1;
  let builders = [
    OpBuilder<(ins "::mlir::Value":$lhs, "::mlir::Value":$rhs), [{
      build($_builder, $_state,
            inferBroadcastType(lhs.getType(), rhs.getType()), lhs, rhs);
    }]>
  ];
}

def NpuGraph_AddOp : NpuGraph_BinaryOp<"add", "lhs + rhs",
    "one fp32 addition.", [Commutative]>;
def NpuGraph_SubOp : NpuGraph_BinaryOp<"sub", "lhs - rhs",
    "one fp32 subtraction.">;
def NpuGraph_MulOp : NpuGraph_BinaryOp<"mul", "lhs * rhs",
    "one fp32 multiplication.", [Commutative]>;
def NpuGraph_DivOp : NpuGraph_BinaryOp<"div", "lhs / rhs",
    "the VPU has no division: `fp32(lhs * fp32(1 / rhs))`, a reciprocal "
    "and a multiplication, each rounded to fp32.">;
def NpuGraph_MaxOp : NpuGraph_BinaryOp<"max", "max(lhs, rhs)",
    "NaN if either input is NaN; -0 orders below +0.", [Commutative]>;
def NpuGraph_MinOp : NpuGraph_BinaryOp<"min", "min(lhs, rhs)",
    "NaN if either input is NaN; -0 orders below +0.", [Commutative]>;
def NpuGraph_PowOp : NpuGraph_BinaryOp<"pow", "pow(lhs, rhs)",
    "`vpu.pow`: C `pow` evaluated in double from the fp32 operands and "
    "rounded once to fp32; a negative base with an integral exponent is "
    "defined (`pow(-2, 3) = -8`), with a non-integral one it is NaN; "
    "`pow(x, 0) = 1` and `pow(1, y) = 1` even for NaN.">;

//===----------------------------------------------------------------------===//
// Comparisons, booleans and selection
//===----------------------------------------------------------------------===//

def NpuGraph_CompareOp : NpuGraph_Op<"compare", [Pure]> {
  let summary = "elementwise comparison with broadcasting, giving booleans";
  let description = [{
`result = lhs pred rhs` for every element (`pred` is `eq`, `ne`, `lt`,
`le`, `gt` or `ge`), broadcasting `lhs` and `rhs` like NumPy. The operands
have the same element type (`f32`, `bf16`, `i8`, `i32` or `i1`); the result
is an `i1` tensor of the broadcast shape. Comparisons are exact and follow
IEEE: a NaN compares false except with `ne`, and `-0 == +0`.

```mlir
%m = npu_graph.compare lt %a, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xi1>
```

Device numerics: `vpu.cmp` (exact, no rounding); booleans are stored as one
byte holding 0 or 1.
  }];
  let arguments = (ins NpuGraph_ComparePredicateAttr:$predicate,
                       NpuGraph_ComparableTensor:$lhs,
                       NpuGraph_ComparableTensor:$rhs);
  let results = (outs NpuGraph_BoolTensor:$result);
  let assemblyFormat = [{
    $predicate $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def NpuGraph_LogicalOp : NpuGraph_Op<"logical", [Pure]> {
  let summary = "elementwise boolean and/or/xor with broadcasting";
  let description = [{
`result = lhs kind rhs` on `i1` tensors, broadcasting like NumPy; the
result is `i1` of the broadcast shape.

```mlir
%m = npu_graph.logical and %a, %b : tensor<4x8xi1>, tensor<1x8xi1> -> tensor<4x8xi1>
```

Device numerics: on 0/1 bytes, `and` is `vpu.min`, `or` is `vpu.max` and
`xor` is `vpu.cmp ne`.
  }];
  let arguments = (ins NpuGraph_LogicalKindAttr:$kind,
                       NpuGraph_BoolTensor:$lhs, NpuGraph_BoolTensor:$rhs);
  let results = (outs NpuGraph_BoolTensor:$result);
  let assemblyFormat = [{
    $kind $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def NpuGraph_NotOp : NpuGraph_Op<"not", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise boolean negation";
  let description = [{
`result = !input` on an `i1` tensor.

```mlir
%n = npu_graph.not %m : tensor<4x8xi1>
```

Device numerics: `vpu.cmp eq` with the immediate 0.
  }];
  let arguments = (ins NpuGraph_BoolTensor:$input);
  let results = (outs NpuGraph_BoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def NpuGraph_SelectOp : NpuGraph_Op<"select", [Pure]> {
  let summary = "elementwise choice between two tensors (ONNX Where)";
  let description = [{
`result = condition ? true_value : false_value` for every element,
broadcasting the three operands like NumPy. `condition` is `i1`; the two
values and the result have the same element type; the result has the
broadcast shape of all three.

```mlir
%y = npu_graph.select %mask, %scores, %neg_inf
    : tensor<1x1x8x8xi1>, tensor<1x4x8x8xf32>, tensor<f32> -> tensor<1x4x8x8xf32>
```

Device numerics: `vpu.sel`, an exact choice: the value not chosen (even a
NaN or an infinity) does not affect the result.
  }];
  let arguments = (ins NpuGraph_BoolTensor:$condition,
                       NpuGraph_SelectableTensor:$true_value,
                       NpuGraph_SelectableTensor:$false_value);
  let results = (outs NpuGraph_SelectableTensor:$result);
  let assemblyFormat = [{
    $condition `,` $true_value `,` $false_value attr-dict `:`
    type($condition) `,` type($true_value) `,` type($false_value) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary operations
//===----------------------------------------------------------------------===//

class NpuGraph_UnaryOp<string mnemonic, string expr, string device,
                       list<Trait> traits = []>
    : NpuGraph_Op<mnemonic, !listconcat([Pure, SameOperandsAndResultType],
                                        traits)> {
  let summary = "elementwise `" # expr # "`";
  let description = [{
Computes `}] # expr # [{` for every element of an `f32` or `bf16` tensor;
the result has the operand's type.

```mlir
%y = npu_graph.}] # mnemonic # [{ %x : tensor<4x8xf32>
```

Device numerics: }] # device;
  let arguments = (ins NpuGraph_FloatTensor:$input);
  let results = (outs NpuGraph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def NpuGraph_NegOp : NpuGraph_UnaryOp<"neg", "-x",
    "`x * -1` in fp32 (exact; NaN becomes the canonical NaN).">;
def NpuGraph_ExpOp : NpuGraph_UnaryOp<"exp", "e^x", "`vpu.exp`.">;
def NpuGraph_RsqrtOp : NpuGraph_UnaryOp<"rsqrt", "1 / sqrt(x)",
    "`vpu.rsqrt`.">;
def NpuGraph_SqrtOp : NpuGraph_UnaryOp<"sqrt", "sqrt(x)",
    "`vpu.sqrt`, the correctly rounded fp32 square root.">;
def NpuGraph_ReciprocalOp : NpuGraph_UnaryOp<"reciprocal", "1 / x",
    "`vpu.recip`, the fp32 division `1 / x`.">;
def NpuGraph_TanhOp : NpuGraph_UnaryOp<"tanh", "tanh(x)", "`vpu.tanh`.">;
def NpuGraph_ErfOp : NpuGraph_UnaryOp<"erf", "erf(x)", "`vpu.erf`.">;
def NpuGraph_SiluOp : NpuGraph_UnaryOp<"silu", "x * sigmoid(x)",
    "`vpu.silu`, `x / (1 + exp(-x))` in double.">;
def NpuGraph_SigmoidOp : NpuGraph_UnaryOp<"sigmoid", "1 / (1 + e^-x)",
    "`vpu.sigmoid`.">;
def NpuGraph_ReluOp : NpuGraph_UnaryOp<"relu", "max(x, 0)",
    "`vpu.relu`: `relu(-0) = +0`, `relu(NaN) = NaN`.">;
def NpuGraph_LogOp : NpuGraph_UnaryOp<"log", "ln(x)",
    "`vpu.log`: `log` in double, rounded once; `log(0) = -inf`, "
    "`log(x < 0) = NaN`.">;
def NpuGraph_AbsOp : NpuGraph_UnaryOp<"abs", "|x|",
    "`vpu.abs`, exact (clears the sign bit).">;

def NpuGraph_GeluOp : NpuGraph_Op<"gelu", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise GELU, exact or with the tanh approximation";
  let description = [{
`approximate = none` (the default, not printed) is the exact GELU
`0.5 * x * (1 + erf(x / sqrt(2)))`; `approximate = tanh` is
`0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`.

```mlir
%y = npu_graph.gelu %x : tensor<16x3072xbf16>
%z = npu_graph.gelu %x approximate = tanh : tensor<16x3072xbf16>
```

Device numerics: `vpu.gelu` and `vpu.gelu_tanh`.
  }];
  let arguments = (ins NpuGraph_FloatTensor:$input,
      DefaultValuedAttr<NpuGraph_GeluApproximationAttr,
                        "::npu::graph::GeluApproximation::none">:$approximate);
  let results = (outs NpuGraph_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`approximate` `=` `` $approximate^)? attr-dict `:` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Normalisation and softmax
//===----------------------------------------------------------------------===//

def NpuGraph_LayerNormOp : NpuGraph_Op<"layer_norm",
    [Pure, AttrSizedOperandSegments, AllTypesMatch<["input", "result"]>]> {
  let summary = "layer normalisation over the last dimension";
  let description = [{
Normalises every row (the last dimension, of size `n`):
`y = (x - mean) / sqrt(var + epsilon) * gamma + beta`, where `var` is the
biased variance (divided by `n`). `gamma` and `beta` are optional `[n]`
tensors (`f32` or `bf16`); without them the scale is 1 and the offset 0.

```mlir
%y = npu_graph.layer_norm %x gamma(%g : tensor<768xbf16>) beta(%b : tensor<768xbf16>) epsilon = 1.000000e-05 : tensor<16x768xbf16>
%z = npu_graph.layer_norm %x epsilon = 1.000000e-05 : tensor<16x768xf32>
```

Device numerics, per row, all in fp32 with `vpu.rsum` (sequential from the
first element): `mean = rsum(x) * fp32(1 / n)`; `c = x - mean`;
`var = rsum(c * c) * fp32(1 / n)`; `r = rsqrt(var + fp32(epsilon))`;
`y = c * r`, then `y * gamma`, then `y + beta`.
  }];
  let arguments = (ins NpuGraph_FloatTensor:$input,
                       Optional<NpuGraph_FloatTensor>:$gamma,
                       Optional<NpuGraph_FloatTensor>:$beta,
                       F64Attr:$epsilon);
  let results = (outs NpuGraph_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`gamma` `(` $gamma^ `:` type($gamma) `)`)?
    (`beta` `(` $beta^ `:` type($beta) `)`)? `epsilon` `=` $epsilon attr-dict
    `:` type($input)
  }];
  let hasVerifier = 1;
}

def NpuGraph_RmsNormOp : NpuGraph_Op<"rms_norm",
    [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "RMS normalisation over the last dimension";
  let description = [{
Normalises every row (the last dimension, of size `n`) by its root mean
square: `y = x / sqrt(mean(x^2) + epsilon) * gamma` (Llama's `RMSNorm`).
`gamma` is an optional `[n]` tensor (`f32` or `bf16`).

```mlir
%y = npu_graph.rms_norm %x gamma(%g : tensor<4096xbf16>) epsilon = 1.000000e-06 : tensor<16x4096xbf16>
```

Device numerics, per row, in fp32: `ms = rsum(x * x) * fp32(1 / n)`;
`r = rsqrt(ms + fp32(epsilon))`; `y = x * r`, then `y * gamma`.
  }];
  let arguments = (ins NpuGraph_FloatTensor:$input,
                       Optional<NpuGraph_FloatTensor>:$gamma,
                       F64Attr:$epsilon);
  let results = (outs NpuGraph_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`gamma` `(` $gamma^ `:` type($gamma) `)`)? `epsilon` `=` $epsilon
    attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

def NpuGraph_SoftmaxOp : NpuGraph_Op<"softmax",
    [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "softmax along an axis, optionally with a causal mask";
  let description = [{
`y = exp(x - max(x)) / sum(exp(x - max(x)))` along `axis` (negative counts
from the end).

With `causal`, `axis` must be the last dimension and the tensor has rank >= 2:
element `[..., i, j]` (`i` indexes the second-to-last dimension, `j` the
last) is masked, as if it were `-inf`, when `j > i + offset`; its result is
0. `offset` (default 0, >= 0) is the number of earlier positions every query
may also see, e.g. the length of a KV cache in front of the queries.

```mlir
%p = npu_graph.softmax %s axis = -1 : tensor<1x8x16x16xf32>
%q = npu_graph.softmax %s axis = 3 causal offset = 16 : tensor<1x8x16x32xf32>
```

Device numerics, per row, in fp32: masked elements become `min(x, -inf)`
(`-inf`, except that a NaN stays NaN); `m = rmax(x)`; `e = exp(x - m)`;
`s = rsum(e)` (sequential); `r = recip(s)`; `y = e * r`.
  }];
  let arguments = (ins NpuGraph_FloatTensor:$input, I64Attr:$axis,
                       UnitAttr:$causal,
                       DefaultValuedAttr<I64Attr, "0">:$offset);
  let results = (outs NpuGraph_FloatTensor:$result);
  let assemblyFormat = [{
    $input `axis` `=` $axis (`causal` $causal^)? (`offset` `=` $offset^)?
    attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

def NpuGraph_ReduceOp : NpuGraph_Op<"reduce", [Pure]> {
  let summary = "sum, mean, maximum, minimum or product over a set of axes";
  let description = [{
Reduces `input` over the dimensions `axes` (a non-empty set of distinct
axes; negative ones count from the end): `sum`, `mean` (the sum divided by
the number of reduced elements `n`), `max`, `min` or `prod`. With `keepdims` the reduced
dimensions stay in the result with size 1; without, they are removed. The
result has the input's element type.

```mlir
%s = npu_graph.reduce sum %x axes = [-1] : tensor<4x16xf32> -> tensor<4xf32>
%m = npu_graph.reduce mean %x axes = [0, 2] keepdims : tensor<2x3x4xbf16> -> tensor<1x3x1xbf16>
```

Device numerics: the `n` reduced elements of each result element are read
in row-major order of the reduced axes (taken in increasing axis order) and
reduced in fp32 strictly sequentially, as `vpu.rsum` / `vpu.rmax` /
`vpu.rmin` / `vpu.rprod` do: `sum` is `acc = acc + x` and `prod` is
`acc = acc * x` with one fp32 rounding per step, `max` is `vpu.max` and `min`
is `vpu.min` (a NaN gives NaN). `mean` is that fp32 sum times `fp32(1 / n)` (one more fp32
rounding; not a division). The fp32 value is then rounded to the result
type (round to nearest even for bf16).
  }];
  let arguments = (ins NpuGraph_ReduceKindAttr:$kind,
                       NpuGraph_FloatTensor:$input,
                       DenseI64ArrayAttr:$axes,
                       UnitAttr:$keepdims);
  let results = (outs NpuGraph_FloatTensor:$result);
  let assemblyFormat = [{
    $kind $input `axes` `=` $axes (`keepdims` $keepdims^)? attr-dict `:`
    type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// `axes` in [0, rank), sorted.
    ::llvm::SmallVector<int64_t> getNormalizedAxes();
    /// The number of input elements reduced into each result element.
    int64_t getReducedCount();
  }];
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def NpuGraph_TransposeOp : NpuGraph_Op<"transpose", [Pure]> {
  let summary = "permutes the dimensions";
  let description = [{
Dimension `i` of the result is dimension `permutation[i]` of the input
(NumPy's `transpose(x, permutation)`).

```mlir
%t = npu_graph.transpose %x permutation = [0, 2, 1, 3] : tensor<1x16x8x64xf32> -> tensor<1x8x16x64xf32>
```

Folds away when the permutation is the identity, and two transposes in a row
fold into one.
  }];
  let arguments = (ins NpuGraph_Tensor:$input,
                       DenseI64ArrayAttr:$permutation);
  let results = (outs NpuGraph_Tensor:$result);
  let assemblyFormat = [{
    $input `permutation` `=` $permutation attr-dict `:` type($input) `->`
    type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input,
                   "::llvm::ArrayRef<int64_t>":$permutation)>
  ];
}

def NpuGraph_ReshapeOp : NpuGraph_Op<"reshape", [Pure]> {
  let summary = "changes the shape, keeping the row-major element order";
  let description = [{
The result has the same element type and number of elements as the input,
read in row-major order.

```mlir
%r = npu_graph.reshape %x : tensor<16x768xf32> -> tensor<16x12x64xf32>
```

Folds away when the types are equal; a reshape of a reshape folds into one.
  }];
  let arguments = (ins NpuGraph_Tensor:$input);
  let results = (outs NpuGraph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NpuGraph_ConcatOp : NpuGraph_Op<"concat", [Pure]> {
  let summary = "concatenates tensors along an axis";
  let description = [{
All inputs have the same element type and rank, and the same sizes except
along `axis` (negative counts from the end); the result's size along `axis`
is the sum of theirs.

```mlir
%c = npu_graph.concat %a, %b axis = 0 : tensor<2x4xf32>, tensor<3x4xf32> -> tensor<5x4xf32>
```

A concatenation of a single tensor folds to it.
  }];
  let arguments = (ins Variadic<NpuGraph_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs NpuGraph_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` `=` $axis attr-dict `:` type($inputs) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def NpuGraph_SliceOp : NpuGraph_Op<"slice", [Pure]> {
  let summary = "a strided box of a tensor";
  let description = [{
Result element `[r0, r1, ...]` is input element
`[starts[0] + r0 * strides[0], starts[1] + r1 * strides[1], ...]`. `starts`,
`sizes` and `strides` have one entry per dimension; starts are >= 0, strides
>= 1, sizes >= 1 and every index read is inside the input. The result shape
is `sizes`.

```mlir
%s = npu_graph.slice %x starts = [0, 64] sizes = [16, 64] strides = [1, 1] : tensor<16x768xf32> -> tensor<16x64xf32>
```

A slice that covers the whole input folds to it.
  }];
  let arguments = (ins NpuGraph_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$strides);
  let results = (outs NpuGraph_Tensor:$result);
  let assemblyFormat = [{
    $input `starts` `=` $starts `sizes` `=` $sizes `strides` `=` $strides
    attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NpuGraph_GatherOp : NpuGraph_Op<"gather", [Pure]> {
  let summary = "embedding lookup: rows of a table selected by indices";
  let description = [{
`table` is `[v, d...]` and `indices` is an `i32` tensor of any shape `[s...]`;
the result is `[s..., d...]` with `result[s..., :] = table[indices[s...], :]`.
Every index must be in `[-v, v)`; a negative index counts from the end
(`table[indices + v]`, as numpy and ONNX `Gather`). An index outside is a
device error of `dma.gather` (the simulator reports it, as does the
reference interpreter).

```mlir
%e = npu_graph.gather %table[%ids] : tensor<32000x4096xbf16>, tensor<1x16xi32> -> tensor<1x16x4096xbf16>
```
  }];
  let arguments = (ins NpuGraph_Tensor:$table, NpuGraph_IndexTensor:$indices);
  let results = (outs NpuGraph_Tensor:$result);
  let assemblyFormat = [{
    $table `[` $indices `]` attr-dict `:` type($table) `,` type($indices) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Rotary embedding and attention
//===----------------------------------------------------------------------===//

def NpuGraph_RopeOp : NpuGraph_Op<"rope",
    [Pure, AttrSizedOperandSegments, AllTypesMatch<["input", "result"]>]> {
  let summary = "rotary position embedding on the last dimension";
  let description = [{
`input` is `[..., s, d]` (e.g. `[batch, heads, seq, head_dim]`) with `d`
even. The convention is Llama's and Hugging Face's `rotate_half`: the last
dimension is split in two halves, and element `k < d/2` is rotated together
with element `k + d/2` (not the interleaved pairs `(2i, 2i+1)` of the
original RoFormer/GPT-J code):

```
rotate_half(x) = concat(-x[..., d/2:], x[..., :d/2])
y = x * cos + rotate_half(x) * sin
```

`cos` and `sin` are `[s, d]` tables, row `i` applying to sequence position
`i` of the input and broadcast over the leading dimensions; in the Hugging
Face layout the two halves of a row are equal. Alternatively `theta` gives
the standard frequencies and the tables are implied: for position
`p = i + offset` and `k` in `[0, d)`,
`angle = p * theta^(-2 * (k mod d/2) / d)`, `cos[i][k] = cos(angle)`,
`sin[i][k] = sin(angle)` (computed in double, rounded once to fp32).
Exactly one of the tables and `theta` is given; `offset` (default 0) is
only allowed with `theta`.

```mlir
%y = npu_graph.rope %x cos(%c : tensor<16x64xf32>) sin(%s : tensor<16x64xf32>) : tensor<1x8x16x64xf32>
%z = npu_graph.rope %x theta = 1.000000e+04 offset = 16 : tensor<1x8x1x64xbf16>
```

Device numerics: the tables are read as fp32; `y = fp32(x * cos) +
fp32(rotate_half(x) * sin)`, each step rounded to fp32 (the negation is
exact).
  }];
  let arguments = (ins NpuGraph_FloatTensor:$input,
                       Optional<NpuGraph_FloatTensor>:$cos,
                       Optional<NpuGraph_FloatTensor>:$sin,
                       OptionalAttr<F64Attr>:$theta,
                       DefaultValuedAttr<I64Attr, "0">:$offset);
  let results = (outs NpuGraph_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`cos` `(` $cos^ `:` type($cos) `)`)?
    (`sin` `(` $sin^ `:` type($sin) `)`)? (`theta` `=` $theta^)?
    (`offset` `=` $offset^)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

def NpuGraph_AttentionOp : NpuGraph_Op<"attention", [Pure]> {
  let summary = "scaled dot-product attention with grouped-query heads";
  let description = [{
`q` is `[b, hq, sq, d]`, `k` is `[b, hkv, skv, d]`, `v` is `[b, hkv, skv, dv]`
and the result is `[b, hq, sq, dv]`:

```
out[b, h] = softmax(q[b, h] @ k[b, g]^T * scale) @ v[b, g],  g = h / (hq / hkv)
```

`hkv` must divide `hq` (grouped-query attention: consecutive groups of
`hq / hkv` query heads share one key/value head; `hkv = hq` is multi-head,
`hkv = 1` multi-query attention). `scale` is usually `1 / sqrt(d)`. With
`causal` the scores `[i, j]` with `j > i + offset` are masked, as in
`npu_graph.softmax`; for queries that follow a KV cache, `offset = skv - sq`.
All three inputs and the result have the same element type.

The optional `mask` is added to the scaled scores before the softmax (and
before the causal mask): an additive mask such as BERT's padding mask
`(1 - attention_mask) * -large`. It has rank 4 and is broadcast to
`[b, hq, sq, skv]` as by numpy, with its last dimension `skv` (typically
`[b, 1, 1, skv]`, one row per sequence, or `[b, 1, sq, skv]`); its element
type is that of `q`.

```
out[b, h] = softmax(q[b, h] @ k[b, g]^T * scale + mask[b, h]) @ v[b, g]
```

```mlir
%o = npu_graph.attention %q, %k, %v scale = 1.250000e-01 causal : tensor<1x32x16x64xbf16>, tensor<1x8x16x64xbf16>, tensor<1x8x16x64xbf16> -> tensor<1x32x16x64xbf16>
%p = npu_graph.attention %q, %k, %v mask %m scale = 1.250000e-01 : tensor<2x4x16x64xf32>, tensor<2x4x16x64xf32>, tensor<2x4x16x64xf32>, tensor<2x1x1x16xf32> -> tensor<2x4x16x64xf32>
```

Device numerics: `s = matmul(q, k^T)` as `npu_graph.matmul` (bf16 operands,
sequential fp32 sums) then `s * fp32(scale)`; with a mask, `s + fp32(mask)`
(one fp32 addition, as `npu_graph.add`); the probabilities `p` as
`npu_graph.softmax` in fp32; `out = matmul(p, v)` with `p` and `v` rounded to
bf16, stored in the result type.
  }];
  let arguments = (ins NpuGraph_FloatTensor:$q, NpuGraph_FloatTensor:$k,
                       NpuGraph_FloatTensor:$v,
                       Optional<NpuGraph_FloatTensor>:$mask, F64Attr:$scale,
                       UnitAttr:$causal,
                       DefaultValuedAttr<I64Attr, "0">:$offset);
  let results = (outs NpuGraph_FloatTensor:$result);
  let assemblyFormat = [{
    $q `,` $k `,` $v (`mask` $mask^)? `scale` `=` $scale (`causal` $causal^)?
    (`offset` `=` $offset^)? attr-dict `:` type($q) `,` type($k) `,`
    type($v) (`,` type($mask)^)? `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Conversions and quantisation
//===----------------------------------------------------------------------===//

def NpuGraph_CastOp : NpuGraph_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "converts the element type";
  let description = [{
Converts every element to the result's element type: to a float type with
round to nearest even; to an integer type by rounding half to even and
saturating (NaN becomes 0); integer to integer saturates; to `i1` gives
`x != 0` (NaN is true); from `i1` gives 0 or 1.

```mlir
%h = npu_graph.cast %x : tensor<16x768xf32> to tensor<16x768xbf16>
```

Device numerics: `vpu.mov`, one rounding of the exact value. (The fp32
reference interpreter keeps `bf16` values in fp32, so a cast to `bf16` only
rounds with device numerics.)
  }];
  let arguments = (ins NpuGraph_Tensor:$input);
  let results = (outs NpuGraph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasFolder = 1;
}

class NpuGraph_QuantOpBase<string mnemonic> : NpuGraph_Op<mnemonic,
    [Pure, SameOperandsAndResultShape]> {
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The quantisation axis in [0, rank), or -1 for per-tensor parameters.
    int64_t getNormalizedAxis();
  }];
}

def NpuGraph_QuantizeOp : NpuGraph_QuantOpBase<"quantize"> {
  let summary = "affine quantisation to i8, per tensor or per axis";
  let description = [{
`q = saturate_i8(round_half_even(x / scale) + zero_point)`. Per tensor,
`scales` and `zero_points` have one entry; per axis, `axis` is given and they
have one entry per index of that dimension. Scales are positive and finite,
zero points in [-128, 127].

```mlir
%q = npu_graph.quantize %x scales = [2.500000e-01] zero_points = [0] : tensor<16x768xf32> -> tensor<16x768xi8>
%w = npu_graph.quantize %x axis = 0 scales = [1.000000e-01, 2.000000e-01] zero_points = [0, 0] : tensor<2x8xbf16> -> tensor<2x8xi8>
```

Device numerics: `vpu.quant` with the fp32 reciprocal of the scale,
`saturate(round_half_even(fp32(x * fp32(1 / scale))) + zero_point)`; a NaN
product counts as 0.
  }];
  let arguments = (ins NpuGraph_FloatTensor:$input,
                       OptionalAttr<I64Attr>:$axis,
                       DenseF32ArrayAttr:$scales,
                       DenseI32ArrayAttr:$zero_points);
  let results = (outs StaticShapeTensorOf<[I8]>:$result);
  let assemblyFormat = [{
    $input (`axis` `=` $axis^)? `scales` `=` $scales `zero_points` `=`
    $zero_points attr-dict `:` type($input) `->` type($result)
  }];
}

def NpuGraph_DequantizeOp : NpuGraph_QuantOpBase<"dequantize"> {
  let summary = "affine dequantisation, per tensor or per axis";
  let description = [{
`x = (q - zero_point) * scale` from an `i8` or `i32` tensor to an `f32` or
`bf16` one, with `axis`, `scales` and `zero_points` as in
`npu_graph.quantize` (zero points in the range of the input type).

```mlir
%x = npu_graph.dequantize %q scales = [2.500000e-01] zero_points = [0] : tensor<16x768xi8> -> tensor<16x768xf32>
```

Device numerics: `vpu.dequant`, `fp32(fp32(q - zero_point) * scale)`.
  }];
  let arguments = (ins NpuGraph_QuantTensor:$input,
                       OptionalAttr<I64Attr>:$axis,
                       DenseF32ArrayAttr:$scales,
                       DenseI32ArrayAttr:$zero_points);
  let results = (outs NpuGraph_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`axis` `=` $axis^)? `scales` `=` $scales `zero_points` `=`
    $zero_points attr-dict `:` type($input) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

def NpuGraph_ConstantOp : NpuGraph_Op<"constant",
    [Pure, ConstantLike, AllTypesMatch<["value", "result"]>]> {
  let summary = "a constant tensor, inline or stored outside the IR";
  let description = [{
The value is one of:

- a `DenseElementsAttr` (`dense<...>`), for small constants and splats;
- a `DenseResourceElementsAttr` (`dense_resource<name>`): the data is an MLIR
  resource blob in the file's `dialect_resources` section, which printing
  can elide (`--mlir-elide-resource-strings-if-larger`);
- a `#npu_graph.external<"path", offset>`: the data is in a raw file, never
  in the IR text. Weights use this.

```mlir
%c = npu_graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
%w = npu_graph.constant #npu_graph.external<"weights.bin", 0> : tensor<768x768xbf16>
%r = npu_graph.constant dense_resource<wq> : tensor<64x64xbf16>
```
  }];
  let arguments = (ins TypedAttrInterface:$value);
  let results = (outs NpuGraph_Tensor:$result);
  let assemblyFormat = "$value attr-dict";
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // NPU_GRAPH_OPS_TD
