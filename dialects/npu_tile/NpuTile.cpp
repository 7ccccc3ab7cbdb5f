//===- NpuTile.cpp - The npu_tile dialect ---------------------------------===//

#include "npu_tile/NpuTile.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

#include <cstdint>
#include <cstdlib>
#include <limits>

using namespace mlir;
using namespace npu::tile;

#include "npu_tile/Dialect.cpp.inc"
#include "npu_tile/Enums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "npu_tile/Attrs.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "npu_tile/Types.cpp.inc"

namespace {
/// Prints `#npu_tile.space<hbm>` and `#npu_tile.space<sram>` as the aliases
/// `#hbm` and `#sram`: they appear in almost every type of the dialect.
struct NpuTileOpAsmInterface : public OpAsmDialectInterface {
  using OpAsmDialectInterface::OpAsmDialectInterface;

  AliasResult getAlias(Attribute attr, raw_ostream &os) const override {
    if (auto space = dyn_cast<MemorySpaceAttr>(attr)) {
      os << stringifyMemorySpace(space.getValue());
      return AliasResult::FinalAlias;
    }
    return AliasResult::NoAlias;
  }
};
} // namespace

void NpuTileDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "npu_tile/Attrs.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "npu_tile/Types.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "npu_tile/Ops.cpp.inc"
      >();
  addInterfaces<NpuTileOpAsmInterface>();
}

//===----------------------------------------------------------------------===//
// Layout helpers
//===----------------------------------------------------------------------===//

/// Limits of the instruction fields the layouts end up in.
static constexpr int64_t kMaxU16 = 0xFFFF;
static constexpr int64_t kMaxU32 = 0xFFFFFFFFll;
static constexpr int64_t kMinS32 = std::numeric_limits<int32_t>::min();
static constexpr int64_t kMaxS32 = std::numeric_limits<int32_t>::max();
static constexpr int64_t kNumDmaOuterDims = 3;
static constexpr int64_t kNumDmaChannels = 16; // the 4-bit `ch` field
static constexpr const char *kSupportedTypes = "f32, bf16, i8, i32 or i4";

/// Emits an error through `emitError` if it is set; always returns failure.
template <typename... Args>
static LogicalResult fail(EmitErrorFn emitError, const Args &...args) {
  if (emitError) {
    InFlightDiagnostic diag = emitError();
    (diag << ... << args);
  }
  return failure();
}

/// Prints a shape as [a, b, c].
static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      os << "?";
    else
      os << d;
  });
  os << "]";
  return s;
}

/// Bytes of `elements` elements of `bits` bits each (the caller has checked
/// that an i4 count is even). Saturates instead of overflowing, so that the
/// range checks on the result reject absurd strides.
static int64_t toBytes(int64_t elements, unsigned bits) {
  if (bits == 4)
    return elements / 2;
  if (std::optional<int64_t> bytes =
          llvm::checkedMul<int64_t>(elements, bits / 8))
    return *bytes;
  return elements < 0 ? std::numeric_limits<int64_t>::min()
                      : std::numeric_limits<int64_t>::max();
}

std::optional<MemorySpace> npu::tile::getMemorySpace(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref)
    return std::nullopt;
  auto space = dyn_cast_or_null<MemorySpaceAttr>(memref.getMemorySpace());
  if (!space)
    return std::nullopt;
  return space.getValue();
}

bool npu::tile::isInSpace(Type type, MemorySpace space) {
  return getMemorySpace(type) == space;
}

std::optional<unsigned> npu::tile::getIsaDType(Type elementType) {
  if (elementType.isF32())
    return 0;
  if (elementType.isBF16())
    return 1;
  if (elementType.isSignlessInteger(8))
    return 2;
  if (elementType.isSignlessInteger(32))
    return 3;
  if (elementType.isSignlessInteger(4))
    return 4;
  return std::nullopt;
}

unsigned npu::tile::getElementBits(Type elementType) {
  if (!getIsaDType(elementType))
    return 0;
  return elementType.getIntOrFloatBitWidth();
}

FailureOr<TileLayout> npu::tile::getTileLayout(Type type, StringRef what,
                                               EmitErrorFn emitError) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref)
    return fail(emitError, what, " must be a memref, got ", type);
  if (!isInSpace(memref, MemorySpace::SRAM))
    return fail(emitError, what,
                " must be in SRAM (#npu_tile.space<sram>), got ", type);
  if (memref.getRank() != 2)
    return fail(emitError, what, " must be a 2-D tile [rows, cols], got rank ",
                memref.getRank());
  if (!memref.hasStaticShape())
    return fail(emitError, what, " must have a static shape, got ",
                shapeString(memref.getShape()));
  unsigned bits = getElementBits(memref.getElementType());
  if (!bits)
    return fail(emitError, what, " has element type ", memref.getElementType(),
                "; expected ", kSupportedTypes);
  TileLayout layout;
  layout.rows = memref.getDimSize(0);
  layout.cols = memref.getDimSize(1);
  if (layout.rows > kMaxU16 || layout.cols > kMaxU16)
    return fail(emitError, what, " is ", shapeString(memref.getShape()),
                "; tile rows and columns are 16-bit fields (at most 65535)");

  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(memref.getStridesAndOffset(strides, offset)))
    return fail(emitError, what, " must have a strided layout, got ", type);
  if (llvm::any_of(strides, ShapedType::isDynamic))
    return fail(emitError, what,
                " must have static strides (row strides are instruction "
                "immediates), got ",
                type);
  if (layout.cols > 1 && strides[1] != 1)
    return fail(emitError, what,
                " must be contiguous along a row (innermost stride 1), got "
                "stride ",
                strides[1]);
  if (bits == 4 && !ShapedType::isDynamic(offset) && offset % 2 != 0)
    return fail(emitError, what, " is an i4 tile at an odd element offset (",
                offset, "); i4 tiles must start on a byte");
  if (layout.rows > 1) {
    int64_t ld = strides[0];
    if (ld < layout.cols)
      return fail(emitError, what, " has row stride ", ld,
                  ", less than its row length ", layout.cols,
                  ": the hardware needs rows that do not overlap");
    if (bits == 4 && ld % 2 != 0)
      return fail(emitError, what, " is an i4 tile with odd row stride ", ld,
                  "; i4 rows must start on a byte");
    layout.rowStrideBytes = toBytes(ld, bits);
    if (layout.rowStrideBytes > kMaxU32)
      return fail(emitError, what, " has a row stride of ",
                  layout.rowStrideBytes,
                  " bytes, which does not fit the 32-bit stride field");
  } else {
    layout.rowStrideBytes = (layout.cols * bits + 7) / 8;
  }
  return layout;
}

FailureOr<DmaShape> npu::tile::getDmaShape(MemRefType src, MemRefType dst,
                                           EmitErrorFn emitError) {
  if (src.getShape() != dst.getShape())
    return fail(emitError, "source and destination shapes differ: ",
                shapeString(src.getShape()), " vs ",
                shapeString(dst.getShape()));
  if (src.getElementType() != dst.getElementType())
    return fail(emitError, "source and destination element types differ: ",
                src.getElementType(), " vs ", dst.getElementType());
  unsigned bits = getElementBits(src.getElementType());
  if (!bits)
    return fail(emitError, "element type ", src.getElementType(),
                " is not supported; expected ", kSupportedTypes);
  if (!src.hasStaticShape())
    return fail(emitError, "copies must have a static shape, got ",
                shapeString(src.getShape()));

  SmallVector<int64_t> srcStrides, dstStrides;
  int64_t srcOffset, dstOffset;
  for (auto [memref, strides, offset, side] :
       {std::make_tuple(src, &srcStrides, &srcOffset, "source"),
        std::make_tuple(dst, &dstStrides, &dstOffset, "destination")}) {
    if (failed(memref.getStridesAndOffset(*strides, *offset)))
      return fail(emitError, "the ", side, " must have a strided layout, got ",
                  memref);
    if (llvm::any_of(*strides, ShapedType::isDynamic))
      return fail(emitError, "the ", side,
                  " must have static strides (DMA strides are instruction "
                  "immediates), got ",
                  memref);
    if (bits == 4 && !ShapedType::isDynamic(*offset) && *offset % 2 != 0)
      return fail(emitError, "the ", side, " is i4 at an odd element offset (",
                  *offset, "); i4 copies must start on a byte");
  }

  DmaShape result;
  if (src.getNumElements() == 0)
    return result;

  // Dimensions innermost first, unit dimensions dropped, and merged with
  // the next inner one when contiguous with it on both sides. Strides are
  // still in elements here.
  SmallVector<DmaDim> dims;
  for (int64_t d = src.getRank() - 1; d >= 0; --d) {
    int64_t size = src.getDimSize(d);
    if (size == 1)
      continue;
    if (!dims.empty()) {
      DmaDim &inner = dims.back();
      if (srcStrides[d] == inner.srcStrideBytes * inner.count &&
          dstStrides[d] == inner.dstStrideBytes * inner.count) {
        inner.count *= size;
        continue;
      }
    }
    dims.push_back({size, srcStrides[d], dstStrides[d]});
  }

  // The contiguous run: the innermost dimension if it has stride 1 on both
  // sides, otherwise a single element.
  int64_t runElements = 1;
  if (!dims.empty() && dims.front().srcStrideBytes == 1 &&
      dims.front().dstStrideBytes == 1) {
    runElements = dims.front().count;
    dims.erase(dims.begin());
  }
  if (bits == 4 && runElements % 2 != 0)
    return fail(emitError,
                "i4 copies need a contiguous innermost run of an even number "
                "of elements on both sides, got ",
                runElements, " element(s)");
  result.runBytes = toBytes(runElements, bits);
  if (result.runBytes > kMaxU32)
    return fail(emitError, "the contiguous run of ", result.runBytes,
                " bytes does not fit the 32-bit size field");
  if (static_cast<int64_t>(dims.size()) > kNumDmaOuterDims)
    return fail(emitError, "the copy needs ", dims.size(),
                " strided dimensions besides the contiguous run of ",
                result.runBytes,
                " bytes; dma.copy has 3 (dimensions contiguous on both sides "
                "are merged first)");

  for (auto [index, dim] : llvm::enumerate(dims)) {
    if (dim.count > kMaxU16)
      return fail(emitError, "dimension n", index + 1, " of the copy has ",
                  dim.count, " iterations; the count fields are 16 bits");
    if (dim.dstStrideBytes == 0)
      return fail(emitError, "the destination has stride 0 in dimension n",
                  index + 1, ": a byte would be written twice");
    if (bits == 4 && (dim.srcStrideBytes % 2 != 0 || dim.dstStrideBytes % 2))
      return fail(emitError, "i4 copies need even strides (whole bytes), got ",
                  dim.srcStrideBytes, " (source) and ", dim.dstStrideBytes,
                  " (destination) in dimension n", index + 1);
    dim.srcStrideBytes = toBytes(dim.srcStrideBytes, bits);
    dim.dstStrideBytes = toBytes(dim.dstStrideBytes, bits);
    for (int64_t stride : {dim.srcStrideBytes, dim.dstStrideBytes})
      if (stride < kMinS32 || stride > kMaxS32)
        return fail(emitError, "a byte stride of ", stride, " in dimension n",
                    index + 1, " does not fit the signed 32-bit stride fields");
  }
  result.dims = std::move(dims);
  return result;
}

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// The second operand of the VPU binary and quantisation ops:
///   %b        bcast = none
///   row %b    bcast = row
///   col %b    bcast = col
///   <float>   bcast = imm, imm = <float>
static ParseResult
parseVpuOperandB(OpAsmParser &parser,
                 std::optional<OpAsmParser::UnresolvedOperand> &b,
                 BroadcastAttr &bcast, FloatAttr &imm) {
  MLIRContext *ctx = parser.getContext();
  OpAsmParser::UnresolvedOperand operand;
  OptionalParseResult parsed = parser.parseOptionalOperand(operand);
  if (parsed.has_value()) {
    if (failed(*parsed))
      return failure();
    b = operand;
    return success();
  }
  for (Broadcast mode : {Broadcast::Row, Broadcast::Col}) {
    if (succeeded(parser.parseOptionalKeyword(stringifyBroadcast(mode)))) {
      if (parser.parseOperand(operand))
        return failure();
      b = operand;
      bcast = BroadcastAttr::get(ctx, mode);
      return success();
    }
  }
  SMLoc loc = parser.getCurrentLocation();
  APFloat value(0.0f);
  if (parser.parseFloat(APFloat::IEEEsingle(), value))
    return parser.emitError(loc, "expected a tile (%b, row %b, col %b) or "
                                 "an f32 immediate");
  bcast = BroadcastAttr::get(ctx, Broadcast::Imm);
  imm = FloatAttr::get(Float32Type::get(ctx), value);
  return success();
}

static void printVpuOperandB(OpAsmPrinter &printer, Operation *, Value b,
                             BroadcastAttr bcast, FloatAttr imm) {
  Broadcast mode = bcast ? bcast.getValue() : Broadcast::None;
  if (mode == Broadcast::Imm && imm && !b) {
    printer.printFloat(imm.getValue());
    return;
  }
  if (mode == Broadcast::Row || mode == Broadcast::Col)
    printer << stringifyBroadcast(mode) << ' ';
  printer << b;
}

//===----------------------------------------------------------------------===//
// Op verifiers
//===----------------------------------------------------------------------===//

LogicalResult AllocOp::verify() {
  MemRefType type = getType();
  if (!type.hasStaticShape())
    return emitOpError("SRAM buffers must have a static shape, got ") << type;
  if (!type.getLayout().isIdentity())
    return emitOpError("SRAM buffers must have the identity layout "
                       "(contiguous, row-major), got ")
           << type;
  unsigned bits = getElementBits(type.getElementType());
  if (!bits)
    return emitOpError("element type ")
           << type.getElementType() << " is not supported; expected "
           << kSupportedTypes;
  if (bits == 4 && type.getRank() >= 2 &&
      type.getDimSize(type.getRank() - 1) % 2 != 0)
    return emitOpError("i4 buffers need an even innermost size so that "
                       "every row starts on a byte, got ")
           << type;
  std::optional<int64_t> offset = getOffset();
  std::optional<int64_t> alignment = getAlignment();
  if (offset && *offset < 0)
    return emitOpError("offset must be non-negative, got ") << *offset;
  if (alignment && (*alignment <= 0 || !llvm::isPowerOf2_64(*alignment)))
    return emitOpError("alignment must be a positive power of two, got ")
           << *alignment;
  if (offset && alignment && *offset % *alignment != 0)
    return emitOpError("offset ")
           << *offset << " is not a multiple of the alignment " << *alignment;
  return success();
}

LogicalResult DeallocOp::verify() {
  if (!getMemref().getDefiningOp<AllocOp>())
    return emitOpError("operand must be the result of an npu_tile.alloc");
  return success();
}

LogicalResult DmaOp::verify() {
  if (failed(getDmaShape(getSrc().getType(), getDst().getType(),
                         [&] { return emitOpError(); })))
    return failure();
  if (std::optional<int64_t> channel = getChannel())
    if (*channel < 0 || *channel >= kNumDmaChannels)
      return emitOpError("channel must be in [0, ")
             << kNumDmaChannels - 1 << "] (the 4-bit ch field), got "
             << *channel;
  return success();
}

LogicalResult GatherOp::verify() {
  auto table = cast<MemRefType>(getTable().getType());
  auto indices = cast<MemRefType>(getIndices().getType());
  auto dst = cast<MemRefType>(getDst().getType());
  if (std::optional<int64_t> channel = getChannel())
    if (*channel < 0 || *channel >= kNumDmaChannels)
      return emitOpError("channel must be in [0, ")
             << kNumDmaChannels - 1 << "] (the 4-bit ch field), got "
             << *channel;
  if (table.getRank() != 2 || dst.getRank() != 2 || indices.getRank() != 1)
    return emitOpError("expects a [v, d] table, [n] indices and an [n, d] "
                       "destination");
  if (!table.hasStaticShape() || !dst.hasStaticShape() ||
      !indices.hasStaticShape())
    return emitOpError("expects static shapes");
  if (!indices.getElementType().isInteger(32))
    return emitOpError("expects i32 indices, got ") << indices.getElementType();
  if (table.getElementType() != dst.getElementType())
    return emitOpError("expects the same element type for the table and the "
                       "destination, got ")
           << table.getElementType() << " and " << dst.getElementType();
  unsigned bits = getElementBits(table.getElementType());
  if (bits == 0)
    return emitOpError("unsupported element type ") << table.getElementType();
  int64_t v = table.getDimSize(0), d = table.getDimSize(1);
  int64_t n = indices.getDimSize(0);
  if (dst.getDimSize(0) != n || dst.getDimSize(1) != d)
    return emitOpError("expects a destination of shape [")
           << n << ", " << d << "], got [" << dst.getDimSize(0) << ", "
           << dst.getDimSize(1) << "]";
  if (n > 65535)
    return emitOpError("gathers ")
           << n << " rows; dma.gather copies at most 65535 (16-bit count)";
  if (v >= (int64_t(1) << 32))
    return emitOpError("table of ") << v << " rows exceeds the 32-bit limit";
  if ((d * bits) % 8)
    return emitOpError("rows of ") << d << " " << table.getElementType()
                                   << " elements are not whole bytes";
  if (d * bits / 8 > int64_t(UINT32_MAX))
    return emitOpError("row of ") << d * bits / 8 << " bytes exceeds 32 bits";
  auto rowStrideBytes = [&](MemRefType t, StringRef what,
                            int64_t &bytes) -> LogicalResult {
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(t.getStridesAndOffset(strides, offset)) ||
        ShapedType::isDynamic(strides[0]) ||
        ShapedType::isDynamic(strides.back()))
      return emitOpError() << what << " must have static strides";
    if (t.getRank() == 2 && t.getDimSize(1) > 1 && strides[1] != 1)
      return emitOpError() << what << " rows must be contiguous (innermost "
                           << "stride 1), got stride " << strides[1];
    if (t.getRank() == 1 && t.getDimSize(0) > 1 && strides[0] != 1)
      return emitOpError() << what << " must be contiguous, got stride "
                           << strides[0];
    if (t.getRank() == 1)
      return success();
    if ((strides[0] * bits) % 8)
      return emitOpError() << what << " row stride is not a whole number of "
                           << "bytes";
    bytes = strides[0] * int64_t(bits) / 8;
    if (bytes < INT32_MIN || bytes > INT32_MAX)
      return emitOpError() << what << " row stride of " << bytes
                           << " bytes does not fit 32 bits";
    return success();
  };
  int64_t tableStride = 0, dstStride = 0, unused = 0;
  if (failed(rowStrideBytes(table, "table", tableStride)) ||
      failed(rowStrideBytes(dst, "destination", dstStride)) ||
      failed(rowStrideBytes(indices, "indices", unused)))
    return failure();
  if (n > 1 && d > 0 && std::abs(dstStride) < d * int64_t(bits) / 8)
    return emitOpError("destination rows overlap: row stride of ")
           << dstStride << " bytes is smaller than a row";
  return success();
}

LogicalResult WaitOp::verify() {
  if (getTokens().empty())
    return emitOpError("requires at least one token");
  return success();
}

/// Checks that the element type of tile `what` is `expected`.
static LogicalResult expectElementType(Operation *op, StringRef context,
                                       StringRef what, Value value,
                                       Type expected) {
  Type actual = cast<MemRefType>(value.getType()).getElementType();
  if (actual == expected)
    return success();
  return op->emitOpError() << context << " expects " << what
                           << " of element type " << expected << ", got "
                           << actual;
}

LogicalResult MatmulOp::verify() {
  auto emit = [&] { return emitOpError(); };
  FailureOr<TileLayout> a = getTileLayout(getA().getType(), "A", emit);
  if (failed(a))
    return failure();
  FailureOr<TileLayout> b = getTileLayout(getB().getType(), "B", emit);
  if (failed(b))
    return failure();
  FailureOr<TileLayout> c = getTileLayout(getC().getType(), "C", emit);
  if (failed(c))
    return failure();
  bool transposed = getTransposeB();
  int64_t m = a->rows, k = a->cols, n = transposed ? b->rows : b->cols;
  if ((transposed ? b->cols : b->rows) != k)
    return emitOpError("A is [m, k] = [")
           << m << ", " << k << "] but B is [" << b->rows << ", " << b->cols
           << "]: B must have k = " << k
           << (transposed ? " columns (transpose_b: B is [n, k])" : " rows");
  if (c->rows != m || c->cols != n)
    return emitOpError("C must be [m, n] = [")
           << m << ", " << n << "], got [" << c->rows << ", " << c->cols << "]";

  Builder builder(getContext());
  Type bf16 = builder.getBF16Type(), f32 = builder.getF32Type();
  Type i8 = builder.getI8Type(), i32 = builder.getI32Type();
  Type i4 = builder.getIntegerType(4);
  MatmulMode mode = getMode();
  std::string context = ("mode " + stringifyMatmulMode(mode)).str();
  Type aType = bf16, bType = bf16, cType = f32;
  switch (mode) {
  case MatmulMode::BF16:
    break;
  case MatmulMode::Int8:
    aType = i8, bType = i8, cType = i32;
    break;
  case MatmulMode::W8:
    bType = i8;
    break;
  case MatmulMode::W4:
    bType = i4;
    break;
  }
  if (failed(expectElementType(*this, context, "A", getA(), aType)) ||
      failed(expectElementType(*this, context, "B", getB(), bType)) ||
      failed(expectElementType(*this, context, "C", getC(), cType)))
    return failure();

  bool quantised = mode == MatmulMode::W8 || mode == MatmulMode::W4;
  if (!quantised) {
    if (getScales())
      return emitOpError() << context << " takes no scales operand";
    if (getGroup())
      return emitOpError() << context << " takes no group";
    return success();
  }
  if (!getScales())
    return emitOpError() << context
                         << " requires a scales operand [ceil(k/group), n]";
  std::optional<int64_t> group = getGroup();
  if (!group)
    return emitOpError() << context << " requires a group";
  if (*group <= 0 || *group > kMaxU16)
    return emitOpError("group must be in [1, 65535], got ") << *group;
  FailureOr<TileLayout> s =
      getTileLayout(getScales().getType(), "the scales", emit);
  if (failed(s))
    return failure();
  if (failed(expectElementType(*this, context, "scales", getScales(), bf16)))
    return failure();
  int64_t groups = llvm::divideCeil(k, *group);
  if (s->rows != groups || s->cols != n)
    return emitOpError("the scales must be [ceil(k/group), n] = [")
           << groups << ", " << n << "], got [" << s->rows << ", " << s->cols
           << "]";
  return success();
}

/// Checks that `a` and `dst` are tiles and returns their common shape.
static FailureOr<TileLayout> verifySameShapeTiles(Operation *op, Value a,
                                                  Value dst) {
  auto emit = [&] { return op->emitOpError(); };
  FailureOr<TileLayout> la = getTileLayout(a.getType(), "a", emit);
  if (failed(la))
    return failure();
  FailureOr<TileLayout> ld = getTileLayout(dst.getType(), "dst", emit);
  if (failed(ld))
    return failure();
  if (la->rows != ld->rows || la->cols != ld->cols)
    return op->emitOpError("a and dst must have the same shape, got [")
           << la->rows << ", " << la->cols << "] and [" << ld->rows << ", "
           << ld->cols << "]";
  return la;
}

/// Checks the second operand of the binary and quantisation ops against
/// `bcast` for a [rows, cols] operation.
static LogicalResult verifyOperandB(Operation *op, Value b, Broadcast bcast,
                                    std::optional<APFloat> imm,
                                    const TileLayout &shape) {
  if (bcast == Broadcast::Imm) {
    if (b)
      return op->emitOpError("bcast = imm takes no b operand");
    if (!imm)
      return op->emitOpError("bcast = imm requires the 'imm' attribute");
    return success();
  }
  if (imm)
    return op->emitOpError("'imm' is only valid with bcast = imm");
  if (!b)
    return op->emitOpError("bcast = ")
           << stringifyBroadcast(bcast) << " requires a b operand";
  FailureOr<TileLayout> lb =
      getTileLayout(b.getType(), "b", [&] { return op->emitOpError(); });
  if (failed(lb))
    return failure();
  int64_t rows = shape.rows, cols = shape.cols;
  if (bcast == Broadcast::Row)
    rows = 1;
  else if (bcast == Broadcast::Col)
    cols = 1;
  if (lb->rows != rows || lb->cols != cols)
    return op->emitOpError("with bcast = ")
           << stringifyBroadcast(bcast) << ", b must be [" << rows << ", "
           << cols << "], got [" << lb->rows << ", " << lb->cols << "]";
  return success();
}

/// Shared verifier of vpu.binary, vpu.quant and vpu.dequant.
template <typename OpTy> static LogicalResult verifyBinaryLike(OpTy op) {
  FailureOr<TileLayout> shape =
      verifySameShapeTiles(op, op.getA(), op.getDst());
  if (failed(shape))
    return failure();
  return verifyOperandB(op, op.getB(), op.getBcast(), op.getImm(), *shape);
}

static bool isIntegerTile(Value value) {
  return cast<MemRefType>(value.getType()).getElementType().isSignlessInteger();
}

static LogicalResult verifyZeroPoint(Operation *op, int64_t zp) {
  if (zp < std::numeric_limits<int16_t>::min() ||
      zp > std::numeric_limits<int16_t>::max())
    return op->emitOpError("zero point must fit the signed 16-bit zp field, "
                           "got ")
           << zp;
  return success();
}

LogicalResult VpuBinaryOp::verify() { return verifyBinaryLike(*this); }

LogicalResult VpuSelectOp::verify() {
  if (failed(verifyBinaryLike(*this)))
    return failure();
  auto emit = [&] { return emitOpError(); };
  FailureOr<TileLayout> lc = getTileLayout(getC().getType(), "c", emit);
  FailureOr<TileLayout> ld = getTileLayout(getDst().getType(), "dst", emit);
  if (failed(lc) || failed(ld))
    return failure();
  if (lc->rows != ld->rows || lc->cols != ld->cols)
    return emitOpError("c and dst must have the same shape, got [")
           << lc->rows << ", " << lc->cols << "] and [" << ld->rows << ", "
           << ld->cols << "]";
  return success();
}

LogicalResult VpuUnaryOp::verify() {
  return verifySameShapeTiles(*this, getA(), getDst());
}

LogicalResult VpuReduceOp::verify() {
  auto emit = [&] { return emitOpError(); };
  FailureOr<TileLayout> a = getTileLayout(getA().getType(), "a", emit);
  if (failed(a))
    return failure();
  FailureOr<TileLayout> dst = getTileLayout(getDst().getType(), "dst", emit);
  if (failed(dst))
    return failure();
  if (dst->rows != a->rows || dst->cols != 1)
    return emitOpError("dst must be a column [rows, 1] = [")
           << a->rows << ", 1], got [" << dst->rows << ", " << dst->cols << "]";
  return success();
}

LogicalResult VpuBcastOp::verify() {
  Broadcast mode = getMode();
  if (mode != Broadcast::Row && mode != Broadcast::Col)
    return emitOpError("mode must be row or col, got ")
           << stringifyBroadcast(mode);
  auto emit = [&] { return emitOpError(); };
  FailureOr<TileLayout> a = getTileLayout(getA().getType(), "a", emit);
  if (failed(a))
    return failure();
  FailureOr<TileLayout> dst = getTileLayout(getDst().getType(), "dst", emit);
  if (failed(dst))
    return failure();
  int64_t rows = mode == Broadcast::Row ? 1 : dst->rows;
  int64_t cols = mode == Broadcast::Col ? 1 : dst->cols;
  if (a->rows != rows || a->cols != cols)
    return emitOpError("with mode ")
           << stringifyBroadcast(mode) << ", a must be [" << rows << ", "
           << cols << "], got [" << a->rows << ", " << a->cols << "]";
  return success();
}

LogicalResult VpuQuantOp::verify() {
  if (failed(verifyBinaryLike(*this)))
    return failure();
  if (!isIntegerTile(getDst()))
    return emitOpError("dst must be i8, i4 or i32, got ")
           << getDst().getType().getElementType();
  return verifyZeroPoint(*this, getZp());
}

LogicalResult VpuDequantOp::verify() {
  if (failed(verifyBinaryLike(*this)))
    return failure();
  if (!isIntegerTile(getA()))
    return emitOpError("a must be i8, i4 or i32, got ")
           << getA().getType().getElementType();
  return verifyZeroPoint(*this, getZp());
}

#define GET_OP_CLASSES
#include "npu_tile/Ops.cpp.inc"
