//===- Exec.cpp - Functional semantics of engine instructions -------------===//
//
// Each instruction is executed in two phases: every check first (field
// ranges, enum values, target support, alignment, strides, bounds, DMA
// overlap), then the data movement or arithmetic. Timing-only mode stops
// after the first phase, so a program is rejected identically in both
// modes. The element arithmetic itself lives in Numerics.h.
//
//===----------------------------------------------------------------------===//

#include "sim/Exec.h"
#include "sim/Numerics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

namespace npu::sim {

namespace {

using isa::Opcode;
namespace fields = isa::fields;
namespace num = npu::numerics;
using num::DType;

static_assert(unsigned(isa::Dtype::fp32) == unsigned(DType::FP32) &&
                  unsigned(isa::Dtype::bf16) == unsigned(DType::BF16) &&
                  unsigned(isa::Dtype::int8) == unsigned(DType::INT8) &&
                  unsigned(isa::Dtype::int32) == unsigned(DType::INT32) &&
                  unsigned(isa::Dtype::int4) == unsigned(DType::INT4),
              "Numerics DType must follow the ISA dtype encoding");
static_assert(unsigned(isa::Space::hbm) == unsigned(Space::HBM) &&
                  unsigned(isa::Space::sram) == unsigned(Space::SRAM),
              "sim::Space must follow the ISA space encoding");

// The VPU instructions of one family share a field layout; the code below
// reads them all with the indices of the family's first member.
#define NPU_SAME_FIELD(A, B, F)                                                \
  static_assert(unsigned(fields::A::F) == unsigned(fields::B::F))
#define NPU_SAME_BINARY_LAYOUT(OP)                                             \
  NPU_SAME_FIELD(VPU_ADD, OP, dst_reg);                                        \
  NPU_SAME_FIELD(VPU_ADD, OP, dst_off);                                        \
  NPU_SAME_FIELD(VPU_ADD, OP, a_reg);                                          \
  NPU_SAME_FIELD(VPU_ADD, OP, a_off);                                          \
  NPU_SAME_FIELD(VPU_ADD, OP, b_reg);                                          \
  NPU_SAME_FIELD(VPU_ADD, OP, b_off);                                          \
  NPU_SAME_FIELD(VPU_ADD, OP, rows);                                           \
  NPU_SAME_FIELD(VPU_ADD, OP, cols);                                           \
  NPU_SAME_FIELD(VPU_ADD, OP, dst_ld);                                         \
  NPU_SAME_FIELD(VPU_ADD, OP, a_ld);                                           \
  NPU_SAME_FIELD(VPU_ADD, OP, b_ld);                                           \
  NPU_SAME_FIELD(VPU_ADD, OP, dst_t);                                          \
  NPU_SAME_FIELD(VPU_ADD, OP, a_t);                                            \
  NPU_SAME_FIELD(VPU_ADD, OP, b_t);                                            \
  NPU_SAME_FIELD(VPU_ADD, OP, bcast);                                          \
  NPU_SAME_FIELD(VPU_ADD, OP, imm)
NPU_SAME_BINARY_LAYOUT(VPU_SUB);
NPU_SAME_BINARY_LAYOUT(VPU_MUL);
NPU_SAME_BINARY_LAYOUT(VPU_MAX);
NPU_SAME_BINARY_LAYOUT(VPU_MIN);
NPU_SAME_BINARY_LAYOUT(VPU_POW);
NPU_SAME_BINARY_LAYOUT(VPU_QUANT);
NPU_SAME_BINARY_LAYOUT(VPU_DEQUANT);
NPU_SAME_BINARY_LAYOUT(VPU_CMP);
NPU_SAME_FIELD(VPU_QUANT, VPU_DEQUANT, zp);
#define NPU_SAME_UNARY_LAYOUT(OP)                                              \
  NPU_SAME_FIELD(VPU_MOV, OP, dst_reg);                                        \
  NPU_SAME_FIELD(VPU_MOV, OP, dst_off);                                        \
  NPU_SAME_FIELD(VPU_MOV, OP, a_reg);                                          \
  NPU_SAME_FIELD(VPU_MOV, OP, a_off);                                          \
  NPU_SAME_FIELD(VPU_MOV, OP, rows);                                           \
  NPU_SAME_FIELD(VPU_MOV, OP, cols);                                           \
  NPU_SAME_FIELD(VPU_MOV, OP, dst_ld);                                         \
  NPU_SAME_FIELD(VPU_MOV, OP, a_ld);                                           \
  NPU_SAME_FIELD(VPU_MOV, OP, dst_t);                                          \
  NPU_SAME_FIELD(VPU_MOV, OP, a_t)
NPU_SAME_UNARY_LAYOUT(VPU_EXP);
NPU_SAME_UNARY_LAYOUT(VPU_RSQRT);
NPU_SAME_UNARY_LAYOUT(VPU_RECIP);
NPU_SAME_UNARY_LAYOUT(VPU_TANH);
NPU_SAME_UNARY_LAYOUT(VPU_ERF);
NPU_SAME_UNARY_LAYOUT(VPU_GELU);
NPU_SAME_UNARY_LAYOUT(VPU_GELU_TANH);
NPU_SAME_UNARY_LAYOUT(VPU_SIGMOID);
NPU_SAME_UNARY_LAYOUT(VPU_SILU);
NPU_SAME_UNARY_LAYOUT(VPU_SQRT);
NPU_SAME_UNARY_LAYOUT(VPU_RELU);
NPU_SAME_UNARY_LAYOUT(VPU_LOG);
NPU_SAME_UNARY_LAYOUT(VPU_ABS);
NPU_SAME_UNARY_LAYOUT(VPU_RSUM);
NPU_SAME_UNARY_LAYOUT(VPU_RMAX);
NPU_SAME_UNARY_LAYOUT(VPU_RMIN);
NPU_SAME_UNARY_LAYOUT(VPU_RPROD);
NPU_SAME_UNARY_LAYOUT(VPU_BCAST);
#undef NPU_SAME_UNARY_LAYOUT
#undef NPU_SAME_BINARY_LAYOUT
#undef NPU_SAME_FIELD

/// Above this many runs, comparing a DMA's runs one by one (needed when its
/// destination layout is unusual or its source and destination hulls
/// intersect) would need too much host memory; such a copy is rejected.
constexpr uint64_t kMaxRunsForExactOverlapCheck = uint64_t(1) << 22;

/// A [rows, cols] tile of `type` elements in SRAM, row i at base + i * ld.
struct Tile {
  const char *operand = "";
  const char *strideField = ""; // name of the ld field, for errors
  DType type = DType::FP32;
  uint64_t base = 0;
  uint64_t rows = 0;
  uint64_t cols = 0;
  uint64_t ld = 0;
  const uint8_t *in = nullptr; // source view (maybe a snapshot)
  uint8_t *out = nullptr;      // destination view

  uint64_t rowBytes() const { return num::bytesOf(type, cols); }
  /// Bytes from the first byte of row 0 to the end of the last row.
  uint64_t extent() const {
    return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + rowBytes();
  }
  /// Bytes the engine actually moves (no stride padding).
  uint64_t logicalBytes() const { return rows * rowBytes(); }
  const uint8_t *inRow(uint64_t i) const { return in + i * ld; }
  uint8_t *outRow(uint64_t i) const { return out + i * ld; }
};

/// Where one of the two VPU field layouts (binary: VPU_ADD's, unary:
/// VPU_MOV's; the static_asserts above give every VPU opcode one of them)
/// keeps the fields every VPU instruction has.
struct VpuFields {
  unsigned dstReg, dstOff, dstLd, dstT, aReg, aOff, aLd, aT, rows, cols;
};
#define NPU_VPU_FIELDS(L)                                                      \
  VpuFields {                                                                  \
    fields::L::dst_reg, fields::L::dst_off, fields::L::dst_ld,                 \
        fields::L::dst_t, fields::L::a_reg, fields::L::a_off, fields::L::a_ld, \
        fields::L::a_t, fields::L::rows, fields::L::cols                       \
  }
constexpr VpuFields kVpuBinaryFields = NPU_VPU_FIELDS(VPU_ADD);
constexpr VpuFields kVpuUnaryFields = NPU_VPU_FIELDS(VPU_MOV);
constexpr VpuFields kVpuSelFields = NPU_VPU_FIELDS(VPU_SEL);
#undef NPU_VPU_FIELDS

/// The dst and a operands of a VPU instruction, [rows, cols] each.
struct VpuTiles {
  Tile dst, a;
  uint64_t rows = 0, cols = 0;
};

/// One side of a DMA: `base` plus the strided offsets of every run.
struct DmaSide {
  const char *operand;
  Space space;
  uint64_t base;
  int64_t stride[3];
  // Offsets relative to base of the lowest byte and one past the highest
  // byte touched: the hull of all runs.
  int64_t lo = 0, hi = 0;
  uint64_t low = 0;        // base + lo
  uint8_t *data = nullptr; // points at address `low`
};

bool rangesOverlap(uint64_t a, uint64_t aBytes, uint64_t b, uint64_t bBytes) {
  if (aBytes == 0 || bBytes == 0)
    return false;
  // Ranges are known to be in bounds, so the ends do not wrap.
  return a < b + bBytes && b < a + aBytes;
}

/// State and helpers shared by the execution of one instruction.
class Executor {
public:
  Executor(const isa::InstInfo &info, const isa::Inst &inst,
           const RegFile &regs, ExecContext &ctx)
      : info_(info), inst_(inst), regs_(regs), ctx_(ctx) {}

  absl::StatusOr<ExecInfo> run();

private:
  int64_t field(unsigned index) const { return inst_.f[index]; }
  uint64_t ufield(unsigned index) const { return uint64_t(inst_.f[index]); }
  /// regs[reg] + sext(off), modulo 2^64; r0 reads as zero.
  uint64_t address(unsigned regField, unsigned offField) const {
    uint64_t reg = ufield(regField);
    uint64_t base = reg == 0 ? 0 : regs_[reg];
    return base + ufield(offField);
  }

  absl::Status error(absl::StatusCode code, absl::string_view operand,
                     absl::string_view message) const {
    if (operand.empty())
      return absl::Status(code, absl::StrCat(info_.mnemonic, ": ", message));
    return absl::Status(code, absl::StrCat(info_.mnemonic, ": operand ",
                                           operand, ": ", message));
  }
  absl::Status invalid(absl::string_view operand,
                       absl::string_view message) const {
    return error(absl::StatusCode::kInvalidArgument, operand, message);
  }

  absl::Status checkFieldRanges() const;
  absl::StatusOr<DType> dtypeField(unsigned index, const char *name) const;
  /// The `b` operand of a binary or select instruction over a [rows, cols]
  /// tile, from its fields: the whole tile, a row (bcast=row) or a column
  /// (bcast=col); with bcast=imm it is not read.
  absl::StatusOr<Tile> broadcastOperand(unsigned typeField, unsigned regField,
                                        unsigned offField, unsigned ldField,
                                        isa::Bcast bcast, uint64_t rows,
                                        uint64_t cols) const;

  /// Alignment of the base and a row stride that keeps rows apart.
  absl::Status checkLayout(const Tile &t) const;
  /// Bounds of a non-empty tile; points t.in (and t.out if `written`) at it.
  absl::Status bindMemory(Tile &t, bool written);
  absl::Status checkTile(Tile &t, bool written) {
    if (absl::Status st = checkLayout(t); !st.ok())
      return st;
    return bindMemory(t, written);
  }
  /// The name of value `value` of the enum operand `operand`.
  const char *enumName(absl::string_view operand, int64_t value) const;
  /// Points t.in at a private copy of the tile when `dst` overlaps it, so
  /// that every source is read as it was before the instruction.
  void snapshotIfAliased(Tile &t, const Tile &dst);

  /// The dst and a tiles of a VPU instruction with the types its dst_t and
  /// a_t fields name (validated), [rows, cols] each.
  absl::StatusOr<VpuTiles> vpuTiles(const VpuFields &f) const;
  /// Checks and binds the sources (in order) and `dst`, and returns the
  /// counts of a VPU instruction processing `elements` elements.
  absl::StatusOr<ExecInfo> bindVpu(std::initializer_list<Tile *> sources,
                                   Tile &dst, uint64_t elements);

  absl::StatusOr<ExecInfo> execDma();
  absl::StatusOr<ExecInfo> finishDma(const DmaSide &dst, const DmaSide &src,
                                     const uint64_t count[3], uint64_t size,
                                     uint64_t totalBytes, uint64_t dstHull);
  absl::StatusOr<ExecInfo> execDmaGather();
  absl::StatusOr<ExecInfo> execMatmul();
  absl::StatusOr<ExecInfo> execVpuBinary();
  absl::StatusOr<ExecInfo> execVpuSel();
  absl::StatusOr<ExecInfo> execVpuUnary();
  absl::StatusOr<ExecInfo> execVpuReduce();
  absl::StatusOr<ExecInfo> execVpuBcast();

  const isa::InstInfo &info_;
  const isa::Inst &inst_;
  const RegFile &regs_;
  ExecContext &ctx_;
  std::vector<std::vector<uint8_t>> snapshots_;
};

absl::Status Executor::checkFieldRanges() const {
  // A decoded instruction always passes; an Inst built by hand may not, and
  // every size computation below relies on these widths to not overflow.
  for (unsigned i = 0; i < info_.numFields; ++i) {
    const isa::FieldInfo &F = info_.fields[i];
    int64_t v = inst_.f[i];
    bool fits;
    if (F.bits >= 64)
      fits = true;
    else if (F.isSigned)
      fits = v >= -(int64_t(1) << (F.bits - 1)) &&
             v < (int64_t(1) << (F.bits - 1));
    else
      fits = v >= 0 && v < (int64_t(1) << F.bits);
    if (!fits)
      return error(absl::StatusCode::kInvalidArgument, "",
                   absl::StrFormat("field %s = %d does not fit in %d %s bits",
                                   F.name, v, F.bits,
                                   F.isSigned ? "signed" : "unsigned"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Tile> Executor::broadcastOperand(
    unsigned typeField, unsigned regField, unsigned offField, unsigned ldField,
    isa::Bcast bcast, uint64_t rows, uint64_t cols) const {
  absl::StatusOr<DType> type = dtypeField(typeField, "b_t");
  if (!type.ok())
    return type.status();
  bool empty = rows == 0 || cols == 0;
  Tile b{"b",  "b_ld", *type,          address(regField, offField),
         rows, cols,   ufield(ldField)};
  if (bcast == isa::Bcast::row)
    b.rows = empty ? 0 : 1;
  else if (bcast == isa::Bcast::col)
    b.cols = empty ? 0 : 1;
  return b;
}

absl::StatusOr<DType> Executor::dtypeField(unsigned index,
                                           const char *name) const {
  if (!num::isValidDType(ufield(index)))
    return invalid(name,
                   absl::StrFormat("invalid element type %d", field(index)));
  return DType(field(index));
}

absl::Status Executor::checkLayout(const Tile &t) const {
  uint64_t align = std::max<uint32_t>(ctx_.arch.sramAlign, 1);
  if (t.base % align != 0)
    return invalid(t.operand,
                   absl::StrFormat("tile base 0x%x is not a multiple of the "
                                   "sram alignment %d",
                                   t.base, align));
  if (t.rows > 1 && t.cols > 0 && t.ld < t.rowBytes())
    return invalid(t.operand,
                   absl::StrFormat("row stride %s = %d is smaller than a row "
                                   "of %d %s elements (%d bytes)",
                                   t.strideField, t.ld, t.cols,
                                   num::dtypeName(t.type), t.rowBytes()));
  return absl::OkStatus();
}

absl::Status Executor::bindMemory(Tile &t, bool written) {
  uint64_t bytes = t.extent();
  if (bytes == 0)
    return absl::OkStatus();
  absl::StatusOr<uint8_t *> p = ctx_.memory.span(Space::SRAM, t.base, bytes);
  if (!p.ok())
    return error(p.status().code(), t.operand, p.status().message());
  t.in = *p;
  if (written) {
    t.out = *p;
    ctx_.memory.noteSramWrite(t.base, bytes);
  }
  return absl::OkStatus();
}

const char *Executor::enumName(absl::string_view operand, int64_t value) const {
  for (unsigned i = 0; i < info_.numOperands; ++i) {
    const isa::OperandInfo &O = info_.operands[i];
    if (O.name != operand || O.enumIndex < 0)
      continue;
    const isa::EnumInfo &E = isa::enumInfo(O.enumIndex);
    if (value >= 0 && value < E.numValues)
      return E.values[value];
  }
  return "?";
}

void Executor::snapshotIfAliased(Tile &t, const Tile &dst) {
  if (!rangesOverlap(t.base, t.extent(), dst.base, dst.extent()))
    return;
  snapshots_.emplace_back(t.in, t.in + t.extent());
  t.in = snapshots_.back().data();
}

//===----------------------------------------------------------------------===//
// dma.copy
//===----------------------------------------------------------------------===//

/// Calls fn(i1, i2, i3) for every run, in the order of the copy.
template <typename Fn> void forEachRun(const uint64_t count[3], Fn &&fn) {
  for (uint64_t i3 = 0; i3 < count[2]; ++i3)
    for (uint64_t i2 = 0; i2 < count[1]; ++i2)
      for (uint64_t i1 = 0; i1 < count[0]; ++i1)
        fn(int64_t(i1), int64_t(i2), int64_t(i3));
}

/// Offset of a run's first byte from the side's lowest address.
uint64_t runOffset(const DmaSide &s, int64_t i1, int64_t i2, int64_t i3) {
  return uint64_t(i1 * s.stride[0] + i2 * s.stride[1] + i3 * s.stride[2] -
                  s.lo);
}

/// Whether the runs are pairwise disjoint by construction: with the
/// dimensions of count > 1 ordered by |stride|, every stride steps over
/// everything the smaller dimensions cover. (The usual dense or padded
/// layouts, in any dimension order and with any signs.)
bool runsDisjointByLayout(uint64_t size, const uint64_t count[3],
                          const int64_t stride[3]) {
  std::pair<uint64_t, uint64_t> dims[3]; // |stride|, count
  int numDims = 0;
  for (int d = 0; d < 3; ++d)
    if (count[d] > 1)
      dims[numDims++] = {uint64_t(stride[d] < 0 ? -stride[d] : stride[d]),
                         count[d]};
  // Insertion sort: std::sort on three elements trips GCC's -Warray-bounds.
  for (int i = 1; i < numDims; ++i)
    for (int j = i; j > 0 && dims[j] < dims[j - 1]; --j)
      std::swap(dims[j], dims[j - 1]);
  uint64_t covered = size; // < 2^50: strides < 2^31, counts < 2^16
  for (int d = 0; d < numDims; ++d) {
    if (dims[d].first < covered)
      return false;
    covered += (dims[d].second - 1) * dims[d].first;
  }
  return true;
}

absl::StatusOr<ExecInfo> Executor::execDma() {
  namespace F = fields::DMA_COPY;
  ExecInfo out;
  if (ufield(F::dst_space) > 1)
    return invalid(
        "dst", absl::StrFormat("invalid memory space %d", field(F::dst_space)));
  if (ufield(F::src_space) > 1)
    return invalid(
        "src", absl::StrFormat("invalid memory space %d", field(F::src_space)));
  if (ufield(F::ch) >= ctx_.arch.dmaChannels)
    return invalid("ch",
                   absl::StrFormat("channel %d does not exist (the target "
                                   "has %d DMA channels)",
                                   field(F::ch), ctx_.arch.dmaChannels));
  uint64_t size = ufield(F::size);
  uint64_t count[3] = {ufield(F::n1), ufield(F::n2), ufield(F::n3)};
  if (size == 0 || count[0] == 0 || count[1] == 0 || count[2] == 0)
    return out; // copies nothing; addresses are not accessed
  uint64_t runs = count[0] * count[1] * count[2]; // < 2^48
  if (runs > std::numeric_limits<uint64_t>::max() / size)
    return invalid("", "total copy size exceeds 2^64 bytes");
  uint64_t totalBytes = runs * size;

  DmaSide dst{"dst",
              Space(field(F::dst_space)),
              address(F::dst_reg, F::dst_off),
              {field(F::dst_st1), field(F::dst_st2), field(F::dst_st3)}};
  DmaSide src{"src",
              Space(field(F::src_space)),
              address(F::src_reg, F::src_off),
              {field(F::src_st1), field(F::src_st2), field(F::src_st3)}};
  for (DmaSide *side : {&dst, &src}) {
    // |(n-1) * stride| < 2^47 per dimension, so the sums cannot overflow.
    side->lo = 0;
    side->hi = int64_t(size);
    for (int d = 0; d < 3; ++d) {
      int64_t span = int64_t(count[d] - 1) * side->stride[d];
      (span < 0 ? side->lo : side->hi) += span;
    }
    if (side->lo < 0 && uint64_t(-side->lo) > side->base)
      return error(absl::StatusCode::kOutOfRange, side->operand,
                   absl::StrFormat("negative strides reach below address 0 "
                                   "(base 0x%x, lowest offset %d)",
                                   side->base, side->lo));
    side->low = side->base + uint64_t(side->lo);
    uint64_t hullBytes = uint64_t(side->hi - side->lo);
    absl::StatusOr<uint8_t *> p =
        ctx_.memory.span(side->space, side->low, hullBytes);
    if (!p.ok())
      return error(p.status().code(), side->operand, p.status().message());
    side->data = *p;
  }

  uint64_t dstHull = uint64_t(dst.hi - dst.lo);
  uint64_t srcHull = uint64_t(src.hi - src.lo);
  bool sameSpaceHullsMeet = dst.space == src.space &&
                            rangesOverlap(dst.low, dstHull, src.low, srcHull);
  bool dstDisjointByLayout = runsDisjointByLayout(size, count, dst.stride);
  if (!sameSpaceHullsMeet && dstDisjointByLayout)
    return finishDma(dst, src, count, size, totalBytes, dstHull);

  // Compare the actual runs. This needs every destination run start, which
  // a copy of many runs cannot afford; then the copy is rejected.
  if (runs > kMaxRunsForExactOverlapCheck)
    return invalid(
        "", absl::StrFormat(
                "cannot prove that the destination runs in %s [0x%x, 0x%x) "
                "%s: %d runs are too many to compare",
                spaceName(dst.space), dst.low, dst.low + dstHull,
                dstDisjointByLayout
                    ? absl::StrFormat("do not overlap the source %s [0x%x, "
                                      "0x%x)",
                                      spaceName(src.space), src.low,
                                      src.low + srcHull)
                    : std::string("are disjoint"),
                runs));
  std::vector<uint64_t> dstStarts;
  dstStarts.reserve(runs);
  forEachRun(count, [&](int64_t i1, int64_t i2, int64_t i3) {
    dstStarts.push_back(dst.low + runOffset(dst, i1, i2, i3));
  });
  std::sort(dstStarts.begin(), dstStarts.end());
  // Writing a byte twice in one copy is never meaningful, and forbidding it
  // bounds the work of a copy by the size of its destination.
  for (size_t r = 1; r < dstStarts.size(); ++r)
    if (dstStarts[r] - dstStarts[r - 1] < size)
      return invalid("dst",
                     absl::StrFormat("destination runs %s [0x%x, 0x%x) and "
                                     "[0x%x, 0x%x) overlap",
                                     spaceName(dst.space), dstStarts[r - 1],
                                     dstStarts[r - 1] + size, dstStarts[r],
                                     dstStarts[r] + size));
  if (sameSpaceHullsMeet) {
    // All runs have the same size, so the last destination run starting
    // before a source run's end is the only one that can overlap it.
    absl::Status overlap = absl::OkStatus();
    forEachRun(count, [&](int64_t i1, int64_t i2, int64_t i3) {
      if (!overlap.ok())
        return;
      uint64_t s = src.low + runOffset(src, i1, i2, i3);
      auto it = std::lower_bound(dstStarts.begin(), dstStarts.end(), s + size);
      if (it == dstStarts.begin())
        return;
      uint64_t d = *std::prev(it);
      if (d + size > s)
        overlap =
            invalid("", absl::StrFormat("source run %s [0x%x, 0x%x) overlaps "
                                        "destination run [0x%x, 0x%x)",
                                        spaceName(src.space), s, s + size, d,
                                        d + size));
    });
    if (!overlap.ok())
      return overlap;
  }
  return finishDma(dst, src, count, size, totalBytes, dstHull);
}

absl::StatusOr<ExecInfo> Executor::finishDma(const DmaSide &dst,
                                             const DmaSide &src,
                                             const uint64_t count[3],
                                             uint64_t size, uint64_t totalBytes,
                                             uint64_t dstHull) {
  ExecInfo out;
  out.bytes = totalBytes;
  (src.space == Space::HBM ? out.hbmBytesRead : out.sramBytesRead) = totalBytes;
  (dst.space == Space::HBM ? out.hbmBytesWritten : out.sramBytesWritten) =
      totalBytes;
  if (dst.space == Space::SRAM)
    ctx_.memory.noteSramWrite(dst.low, dstHull);
  if (ctx_.timingOnly)
    return out;

  // No byte is both read and written, so memcpy is safe and the run order
  // does not matter.
  forEachRun(count, [&](int64_t i1, int64_t i2, int64_t i3) {
    std::memcpy(dst.data + runOffset(dst, i1, i2, i3),
                src.data + runOffset(src, i1, i2, i3), size);
  });
  return out;
}

//===----------------------------------------------------------------------===//
// dma.gather
//===----------------------------------------------------------------------===//

absl::StatusOr<ExecInfo> Executor::execDmaGather() {
  namespace F = fields::DMA_GATHER;
  ExecInfo out;
  for (auto [field, name] :
       {std::pair{F::dst_space, "dst"}, std::pair{F::src_space, "src"},
        std::pair{F::idx_space, "idx"}})
    if (ufield(field) > 1)
      return invalid(name,
                     absl::StrFormat("invalid memory space %d", ufield(field)));
  if (ufield(F::ch) >= ctx_.arch.dmaChannels)
    return invalid("ch",
                   absl::StrFormat("channel %d does not exist (the target "
                                   "has %d DMA channels)",
                                   field(F::ch), ctx_.arch.dmaChannels));
  uint64_t size = ufield(F::size);
  uint64_t count = ufield(F::count);
  uint64_t limit = ufield(F::limit);
  if (size == 0 || count == 0)
    return out; // copies nothing; addresses are not accessed
  if (limit == 0)
    return invalid("limit", "the table has no rows (limit=0) but rows are "
                            "copied");
  int64_t dstStride = field(F::dst_st);
  int64_t srcStride = field(F::src_st);
  if (count > 1 && uint64_t(dstStride < 0 ? -dstStride : dstStride) < size)
    return invalid("dst_st", absl::StrFormat(
                                 "destination rows overlap: |dst_st| = %d "
                                 "is smaller than the row size %d",
                                 dstStride < 0 ? -dstStride : dstStride, size));

  // Hulls: the destination rows, the whole table, the index array. Bounds
  // are checked on the whole table, independent of the index values, so
  // that timing-only mode rejects the same programs.
  struct Range {
    const char *operand;
    Space space;
    uint64_t low;
    uint64_t bytes;
    uint8_t *data = nullptr;
  };
  auto hull = [&](const char *operand, Space space, uint64_t base, int64_t span,
                  uint64_t runBytes, Range &r) -> absl::Status {
    // |span| < 2^48 (count < 2^16 or limit < 2^32, stride < 2^31).
    if (span < 0 && uint64_t(-span) > base)
      return error(absl::StatusCode::kOutOfRange, operand,
                   absl::StrFormat("negative stride reaches below address 0 "
                                   "(base 0x%x, lowest offset %d)",
                                   base, span));
    r = Range{operand, space, span < 0 ? base + uint64_t(span) : base,
              uint64_t(span < 0 ? -span : span) + runBytes};
    absl::StatusOr<uint8_t *> p = ctx_.memory.span(space, r.low, r.bytes);
    if (!p.ok())
      return error(p.status().code(), operand, p.status().message());
    r.data = *p;
    return absl::OkStatus();
  };
  Range dst, table, idx;
  if (absl::Status st = hull("dst", Space(field(F::dst_space)),
                             address(F::dst_reg, F::dst_off),
                             int64_t(count - 1) * dstStride, size, dst);
      !st.ok())
    return st;
  if (absl::Status st = hull("src", Space(field(F::src_space)),
                             address(F::src_reg, F::src_off),
                             int64_t(limit - 1) * srcStride, size, table);
      !st.ok())
    return st;
  if (absl::Status st =
          hull("idx", Space(field(F::idx_space)),
               address(F::idx_reg, F::idx_off), 0, 4 * count, idx);
      !st.ok())
    return st;
  for (const Range *other : {&table, &idx})
    if (dst.space == other->space &&
        rangesOverlap(dst.low, dst.bytes, other->low, other->bytes))
      return invalid("dst",
                     absl::StrFormat("destination rows %s [0x%x, 0x%x) "
                                     "overlap operand %s [0x%x, 0x%x)",
                                     spaceName(dst.space), dst.low,
                                     dst.low + dst.bytes, other->operand,
                                     other->low, other->low + other->bytes));

  uint64_t totalBytes = count * size; // < 2^48
  out.bytes = totalBytes;
  (table.space == Space::HBM ? out.hbmBytesRead : out.sramBytesRead) =
      totalBytes;
  (idx.space == Space::HBM ? out.hbmBytesRead : out.sramBytesRead) += 4 * count;
  (dst.space == Space::HBM ? out.hbmBytesWritten : out.sramBytesWritten) =
      totalBytes;
  if (dst.space == Space::SRAM)
    ctx_.memory.noteSramWrite(dst.low, dst.bytes);
  // The index values are data: in timing-only mode they are not computed,
  // so neither checked nor used.
  if (ctx_.timingOnly)
    return out;

  uint64_t dstBase = address(F::dst_reg, F::dst_off);
  uint64_t srcBase = address(F::src_reg, F::src_off);
  for (uint64_t i = 0; i < count; ++i) {
    int32_t row;
    std::memcpy(&row, idx.data + 4 * i, 4);
    // limit < 2^32: int64_t holds -limit.
    if (int64_t(row) < -int64_t(limit) || int64_t(row) >= int64_t(limit))
      return error(absl::StatusCode::kOutOfRange, "idx",
                   absl::StrFormat("index %d (element %d of %s [0x%x, "
                                   "0x%x)) is outside the table [-%d, %d)",
                                   row, i, spaceName(idx.space), idx.low,
                                   idx.low + idx.bytes, limit, limit));
  }
  // Nothing read is written (checked above), so the row order is free.
  for (uint64_t i = 0; i < count; ++i) {
    int32_t row;
    std::memcpy(&row, idx.data + 4 * i, 4);
    // A negative index counts from the end of the table (numpy wrap).
    int64_t wrapped = row < 0 ? int64_t(row) + int64_t(limit) : int64_t(row);
    uint64_t from = srcBase + uint64_t(wrapped * srcStride);
    uint64_t to = dstBase + uint64_t(int64_t(i) * dstStride);
    std::memcpy(dst.data + (to - dst.low), table.data + (from - table.low),
                size);
  }
  return out;
}

//===----------------------------------------------------------------------===//
// mxu.matmul
//===----------------------------------------------------------------------===//

absl::StatusOr<ExecInfo> Executor::execMatmul() {
  namespace F = fields::MXU_MATMUL;
  ExecInfo out;
  uint64_t modeValue = ufield(F::mode);
  if (modeValue > unsigned(isa::MxuMode::w4))
    return invalid("mode", absl::StrFormat("invalid mode %d", modeValue));
  auto mode = isa::MxuMode(modeValue);
  const char *modeName = enumName("mode", int64_t(modeValue));
  bool weightOnly = mode == isa::MxuMode::w8 || mode == isa::MxuMode::w4;
  if ((mode == isa::MxuMode::int8 || mode == isa::MxuMode::w8) &&
      !ctx_.arch.supportsInt8)
    return error(absl::StatusCode::kFailedPrecondition, "mode",
                 absl::StrCat("mode ", modeName,
                              " is not supported by the target (no int8)"));
  if (mode == isa::MxuMode::w4 && !ctx_.arch.supportsInt4)
    return error(absl::StatusCode::kFailedPrecondition, "mode",
                 "mode w4 is not supported by the target (no int4)");
  uint64_t group = ufield(F::group);
  if (weightOnly && group == 0)
    return invalid("group",
                   absl::StrCat("group must be > 0 in mode ", modeName));

  uint64_t m = ufield(F::m), k = ufield(F::k), n = ufield(F::n);
  bool accumulate = field(F::acc) != 0;
  // tb=1: B is stored [n, k]; element B[p][j] is at row j, column p.
  bool transposedB = field(F::tb) != 0;
  bool intMode = mode == isa::MxuMode::int8;
  DType aType = intMode ? DType::INT8 : DType::BF16;
  DType bType = mode == isa::MxuMode::bf16 ? DType::BF16
                : mode == isa::MxuMode::w4 ? DType::INT4
                                           : DType::INT8;
  DType cType = intMode ? DType::INT32 : DType::FP32;
  uint64_t scaleRows = weightOnly ? (k + group - 1) / group : 0;

  Tile c{"dst", "ldc", cType,         address(F::dst_reg, F::dst_off),
         m,     n,     ufield(F::ldc)};
  Tile a{"a", "lda", aType, address(F::a_reg, F::a_off), m, k, ufield(F::lda)};
  Tile b{"b",
         "ldb",
         bType,
         address(F::b_reg, F::b_off),
         transposedB ? n : k,
         transposedB ? k : n,
         ufield(F::ldb)};
  Tile s{"scale",   "lds", DType::BF16,   address(F::scale_reg, F::scale_off),
         scaleRows, n,     ufield(F::lds)};
  for (const Tile *t : {&c, &a, &b, &s})
    if (t != &s || weightOnly)
      if (absl::Status st = checkLayout(*t); !st.ok())
        return st;
  // An empty product reads nothing; C is left alone when m or n is 0, or
  // when k is 0 and acc=1 (with acc=0 it is zeroed).
  bool writesC = m != 0 && n != 0 && !(k == 0 && accumulate);
  if (!writesC)
    c.rows = a.rows = b.rows = s.rows = 0;
  if (absl::Status st = bindMemory(a, false); !st.ok())
    return st;
  if (absl::Status st = bindMemory(b, false); !st.ok())
    return st;
  if (weightOnly)
    if (absl::Status st = bindMemory(s, false); !st.ok())
      return st;
  if (absl::Status st = bindMemory(c, true); !st.ok())
    return st;

  out.elements = m * n;
  out.macs = m * k * n;
  if (writesC) {
    out.sramBytesRead = a.logicalBytes() + b.logicalBytes() +
                        (weightOnly ? s.logicalBytes() : 0) +
                        (accumulate ? c.logicalBytes() : 0);
    out.sramBytesWritten = c.logicalBytes();
  }
  if (ctx_.timingOnly || !writesC)
    return out;

  // C is accumulated in a private buffer and written at the end, so A, B
  // and the scales are all read before C changes even if they alias it.
  // The loop order i, p, j keeps each C[i][j] accumulated in p order.
  if (intMode) {
    std::vector<int32_t> accum(m * n, 0);
    if (accumulate)
      for (uint64_t i = 0; i < m; ++i)
        std::memcpy(&accum[i * n], c.inRow(i), n * 4);
    std::vector<int8_t> bRow(n);
    for (uint64_t p = 0; p < k; ++p) {
      for (uint64_t j = 0; j < n; ++j)
        bRow[j] = transposedB ? int8_t(b.inRow(j)[p]) : int8_t(b.inRow(p)[j]);
      for (uint64_t i = 0; i < m; ++i) {
        int32_t av = int8_t(a.inRow(i)[p]);
        int32_t *cRow = &accum[i * n];
        for (uint64_t j = 0; j < n; ++j)
          cRow[j] = num::macInt8(cRow[j], av, bRow[j]);
      }
    }
    for (uint64_t i = 0; i < m; ++i)
      std::memcpy(c.outRow(i), &accum[i * n], n * 4);
    return out;
  }

  std::vector<float> accum(m * n, 0.0f);
  if (accumulate)
    for (uint64_t i = 0; i < m; ++i)
      for (uint64_t j = 0; j < n; ++j)
        accum[i * n + j] = num::loadF32(DType::FP32, c.inRow(i), j);
  std::vector<float> weights(n);
  for (uint64_t p = 0; p < k; ++p) {
    for (uint64_t j = 0; j < n; ++j) {
      const uint8_t *bRow = transposedB ? b.inRow(j) : b.inRow(p);
      uint64_t bCol = transposedB ? p : j;
      if (!weightOnly) {
        weights[j] = num::loadF32(DType::BF16, bRow, bCol);
        continue;
      }
      int32_t w = int32_t(num::loadExact(bType, bRow, bCol));
      float scale = num::loadF32(DType::BF16, s.inRow(p / group), j);
      weights[j] = num::effectiveWeight(w, scale);
    }
    for (uint64_t i = 0; i < m; ++i) {
      float av = num::loadF32(DType::BF16, a.inRow(i), p);
      float *cRow = &accum[i * n];
      for (uint64_t j = 0; j < n; ++j)
        cRow[j] = num::macBf16(cRow[j], av, weights[j]);
    }
  }
  for (uint64_t i = 0; i < m; ++i)
    for (uint64_t j = 0; j < n; ++j)
      num::storeF32(DType::FP32, c.outRow(i), j, accum[i * n + j]);
  return out;
}

//===----------------------------------------------------------------------===//
// VPU
//===----------------------------------------------------------------------===//

absl::StatusOr<VpuTiles> Executor::vpuTiles(const VpuFields &f) const {
  absl::StatusOr<DType> dstT = dtypeField(f.dstT, "dst_t");
  if (!dstT.ok())
    return dstT.status();
  absl::StatusOr<DType> aT = dtypeField(f.aT, "a_t");
  if (!aT.ok())
    return aT.status();
  VpuTiles t;
  t.rows = ufield(f.rows);
  t.cols = ufield(f.cols);
  t.dst = Tile{"dst",  "dst_ld", *dstT,          address(f.dstReg, f.dstOff),
               t.rows, t.cols,   ufield(f.dstLd)};
  t.a = Tile{"a",    "a_ld", *aT,          address(f.aReg, f.aOff),
             t.rows, t.cols, ufield(f.aLd)};
  return t;
}

absl::StatusOr<ExecInfo>
Executor::bindVpu(std::initializer_list<Tile *> sources, Tile &dst,
                  uint64_t elements) {
  ExecInfo out;
  out.elements = elements;
  for (Tile *source : sources) {
    if (absl::Status st = checkTile(*source, false); !st.ok())
      return st;
    out.sramBytesRead += source->logicalBytes();
  }
  if (absl::Status st = checkTile(dst, true); !st.ok())
    return st;
  out.sramBytesWritten = dst.logicalBytes();
  return out;
}

/// `a pred b` with IEEE semantics: a NaN compares unequal to everything.
bool comparePred(isa::CmpPred pred, double a, double b) {
  switch (pred) {
  case isa::CmpPred::eq:
    return a == b;
  case isa::CmpPred::ne:
    return a != b;
  case isa::CmpPred::lt:
    return a < b;
  case isa::CmpPred::le:
    return a <= b;
  case isa::CmpPred::gt:
    return a > b;
  default:
    return a >= b;
  }
}

absl::StatusOr<ExecInfo> Executor::execVpuBinary() {
  namespace F = fields::VPU_ADD;
  absl::StatusOr<VpuTiles> tiles = vpuTiles(kVpuBinaryFields);
  if (!tiles.ok())
    return tiles.status();
  auto &[dst, a, rows, cols] = *tiles;
  auto bcast = isa::Bcast(field(F::bcast)); // 2 bits: every value is valid
  absl::StatusOr<Tile> bTile =
      broadcastOperand(F::b_t, F::b_reg, F::b_off, F::b_ld, bcast, rows, cols);
  if (!bTile.ok())
    return bTile.status();
  Tile &b = *bTile;
  Opcode op = inst_.op;
  if (op == Opcode::VPU_QUANT && num::isFloatType(dst.type))
    return invalid("dst_t",
                   absl::StrCat("quantising to ", num::dtypeName(dst.type),
                                ": dst_t must be int8, int4 or "
                                "int32"));
  if (op == Opcode::VPU_DEQUANT && num::isFloatType(a.type))
    return invalid("a_t", absl::StrCat("dequantising ", num::dtypeName(a.type),
                                       ": a_t must be int8, int4 or int32"));

  bool empty = rows == 0 || cols == 0;
  absl::StatusOr<ExecInfo> out = bcast == isa::Bcast::imm
                                     ? bindVpu({&a}, dst, rows * cols)
                                     : bindVpu({&a, &b}, dst, rows * cols);
  if (!out.ok() || ctx_.timingOnly || empty)
    return out;

  snapshotIfAliased(a, dst);
  if (bcast != isa::Bcast::imm)
    snapshotIfAliased(b, dst);
  float immValue = num::f32FromBits(uint32_t(ufield(F::imm)));
  num::BinaryOp binary = num::BinaryOp::Add;
  switch (op) {
  case Opcode::VPU_SUB:
    binary = num::BinaryOp::Sub;
    break;
  case Opcode::VPU_MUL:
    binary = num::BinaryOp::Mul;
    break;
  case Opcode::VPU_MAX:
    binary = num::BinaryOp::Max;
    break;
  case Opcode::VPU_MIN:
    binary = num::BinaryOp::Min;
    break;
  case Opcode::VPU_POW:
    binary = num::BinaryOp::Pow;
    break;
  default:
    break;
  }
  auto pred = op == Opcode::VPU_CMP ? isa::CmpPred(field(fields::VPU_CMP::pred))
                                    : isa::CmpPred::eq;
  if (op == Opcode::VPU_CMP && unsigned(pred) > unsigned(isa::CmpPred::ge))
    return invalid("pred", absl::StrCat("pred ", field(fields::VPU_CMP::pred),
                                        " is not a comparison"));
  int32_t zp = op == Opcode::VPU_QUANT || op == Opcode::VPU_DEQUANT
                   ? int32_t(field(fields::VPU_QUANT::zp))
                   : 0;
  for (uint64_t i = 0; i < rows; ++i) {
    for (uint64_t j = 0; j < cols; ++j) {
      float bv;
      switch (bcast) {
      case isa::Bcast::none:
        bv = num::loadF32(b.type, b.inRow(i), j);
        break;
      case isa::Bcast::row:
        bv = num::loadF32(b.type, b.inRow(0), j);
        break;
      case isa::Bcast::col:
        bv = num::loadF32(b.type, b.inRow(i), 0);
        break;
      default:
        bv = immValue;
        break;
      }
      if (op == Opcode::VPU_CMP) {
        // Exact comparison: int32 and float values widen to double
        // losslessly; the immediate is an f32.
        double av = num::loadExact(a.type, a.inRow(i), j);
        double bx =
            bcast == isa::Bcast::imm    ? double(immValue)
            : bcast == isa::Bcast::none ? num::loadExact(b.type, b.inRow(i), j)
            : bcast == isa::Bcast::row  ? num::loadExact(b.type, b.inRow(0), j)
                                        : num::loadExact(b.type, b.inRow(i), 0);
        num::storeF32(dst.type, dst.outRow(i), j,
                      comparePred(pred, av, bx) ? 1.0f : 0.0f);
      } else if (op == Opcode::VPU_QUANT) {
        float av = num::loadF32(a.type, a.inRow(i), j);
        num::storeExact(dst.type, dst.outRow(i), j,
                        num::quantize(av, bv, zp, dst.type));
      } else if (op == Opcode::VPU_DEQUANT) {
        auto av = int32_t(num::loadExact(a.type, a.inRow(i), j));
        num::storeF32(dst.type, dst.outRow(i), j, num::dequantize(av, zp, bv));
      } else {
        float av = num::loadF32(a.type, a.inRow(i), j);
        num::storeF32(dst.type, dst.outRow(i), j,
                      num::applyBinary(binary, av, bv));
      }
    }
  }
  return out;
}

absl::StatusOr<ExecInfo> Executor::execVpuSel() {
  namespace F = fields::VPU_SEL;
  absl::StatusOr<VpuTiles> tiles = vpuTiles(kVpuSelFields);
  if (!tiles.ok())
    return tiles.status();
  auto &[dst, a, rows, cols] = *tiles;
  auto bcast = isa::Bcast(field(F::bcast));
  absl::StatusOr<Tile> bTile =
      broadcastOperand(F::b_t, F::b_reg, F::b_off, F::b_ld, bcast, rows, cols);
  if (!bTile.ok())
    return bTile.status();
  Tile &b = *bTile;
  absl::StatusOr<DType> cT = dtypeField(F::c_t, "c_t");
  if (!cT.ok())
    return cT.status();
  bool empty = rows == 0 || cols == 0;
  Tile c{"c",  "c_ld",         *cT, address(F::c_reg, F::c_off), rows,
         cols, ufield(F::c_ld)};
  absl::StatusOr<ExecInfo> out = bcast == isa::Bcast::imm
                                     ? bindVpu({&c, &a}, dst, rows * cols)
                                     : bindVpu({&c, &a, &b}, dst, rows * cols);
  if (!out.ok() || ctx_.timingOnly || empty)
    return out;

  snapshotIfAliased(a, dst);
  snapshotIfAliased(c, dst);
  if (bcast != isa::Bcast::imm)
    snapshotIfAliased(b, dst);
  double immValue = num::f32FromBits(uint32_t(ufield(F::imm)));
  bool inv = field(F::inv) != 0;
  for (uint64_t i = 0; i < rows; ++i)
    for (uint64_t j = 0; j < cols; ++j) {
      bool takeA = (num::loadExact(c.type, c.inRow(i), j) != 0) != inv;
      double v;
      if (takeA)
        v = num::loadExact(a.type, a.inRow(i), j);
      else if (bcast == isa::Bcast::imm)
        v = immValue;
      else
        v = num::loadExact(b.type, b.inRow(bcast == isa::Bcast::row ? 0 : i),
                           bcast == isa::Bcast::col ? 0 : j);
      num::storeExact(dst.type, dst.outRow(i), j, v);
    }
  return out;
}

absl::StatusOr<ExecInfo> Executor::execVpuUnary() {
  absl::StatusOr<VpuTiles> tiles = vpuTiles(kVpuUnaryFields);
  if (!tiles.ok())
    return tiles.status();
  auto &[dst, a, rows, cols] = *tiles;
  absl::StatusOr<ExecInfo> out = bindVpu({&a}, dst, rows * cols);
  if (!out.ok() || ctx_.timingOnly || rows == 0 || cols == 0)
    return out;

  snapshotIfAliased(a, dst);
  if (inst_.op == Opcode::VPU_MOV) {
    for (uint64_t i = 0; i < rows; ++i)
      for (uint64_t j = 0; j < cols; ++j)
        num::storeExact(dst.type, dst.outRow(i), j,
                        num::loadExact(a.type, a.inRow(i), j));
    return out;
  }
  num::UnaryOp unary;
  switch (inst_.op) {
  case Opcode::VPU_EXP:
    unary = num::UnaryOp::Exp;
    break;
  case Opcode::VPU_RSQRT:
    unary = num::UnaryOp::Rsqrt;
    break;
  case Opcode::VPU_RECIP:
    unary = num::UnaryOp::Recip;
    break;
  case Opcode::VPU_TANH:
    unary = num::UnaryOp::Tanh;
    break;
  case Opcode::VPU_ERF:
    unary = num::UnaryOp::Erf;
    break;
  case Opcode::VPU_GELU:
    unary = num::UnaryOp::Gelu;
    break;
  case Opcode::VPU_GELU_TANH:
    unary = num::UnaryOp::GeluTanh;
    break;
  case Opcode::VPU_SIGMOID:
    unary = num::UnaryOp::Sigmoid;
    break;
  case Opcode::VPU_SILU:
    unary = num::UnaryOp::Silu;
    break;
  case Opcode::VPU_SQRT:
    unary = num::UnaryOp::Sqrt;
    break;
  case Opcode::VPU_LOG:
    unary = num::UnaryOp::Log;
    break;
  case Opcode::VPU_ABS:
    unary = num::UnaryOp::Abs;
    break;
  default:
    unary = num::UnaryOp::Relu;
    break;
  }
  for (uint64_t i = 0; i < rows; ++i)
    for (uint64_t j = 0; j < cols; ++j)
      num::storeF32(
          dst.type, dst.outRow(i), j,
          num::applyUnary(unary, num::loadF32(a.type, a.inRow(i), j)));
  return out;
}

absl::StatusOr<ExecInfo> Executor::execVpuReduce() {
  absl::StatusOr<VpuTiles> tiles = vpuTiles(kVpuUnaryFields);
  if (!tiles.ok())
    return tiles.status();
  auto &[dst, a, rows, cols] = *tiles;
  dst.cols = 1;
  absl::StatusOr<ExecInfo> out = bindVpu({&a}, dst, rows * cols);
  if (!out.ok() || ctx_.timingOnly || rows == 0)
    return out;

  snapshotIfAliased(a, dst);
  num::ReduceOp reduce = num::ReduceOp::Sum;
  if (inst_.op == Opcode::VPU_RMAX)
    reduce = num::ReduceOp::Max;
  else if (inst_.op == Opcode::VPU_RMIN)
    reduce = num::ReduceOp::Min;
  else if (inst_.op == Opcode::VPU_RPROD)
    reduce = num::ReduceOp::Prod;
  for (uint64_t i = 0; i < rows; ++i) {
    // An empty row reduces to the identity (reduceIdentity).
    float accum = num::reduceIdentity(reduce);
    for (uint64_t j = 0; j < cols; ++j) {
      float v = num::loadF32(a.type, a.inRow(i), j);
      accum = j == 0 ? v : num::applyReduce(reduce, accum, v);
    }
    num::storeF32(dst.type, dst.outRow(i), 0, accum);
  }
  return out;
}

absl::StatusOr<ExecInfo> Executor::execVpuBcast() {
  namespace F = fields::VPU_BCAST;
  absl::StatusOr<VpuTiles> tiles = vpuTiles(kVpuUnaryFields);
  if (!tiles.ok())
    return tiles.status();
  auto &[dst, a, rows, cols] = *tiles;
  auto mode = isa::Bcast(field(F::mode));
  if (mode != isa::Bcast::row && mode != isa::Bcast::col)
    return invalid("mode",
                   absl::StrCat("mode ", enumName("mode", field(F::mode)),
                                " is invalid: use row or col"));
  bool empty = rows == 0 || cols == 0;
  if (mode == isa::Bcast::row)
    a.rows = empty ? 0 : 1;
  else
    a.cols = empty ? 0 : 1;
  absl::StatusOr<ExecInfo> out = bindVpu({&a}, dst, rows * cols);
  if (!out.ok() || ctx_.timingOnly || empty)
    return out;

  snapshotIfAliased(a, dst);
  for (uint64_t i = 0; i < rows; ++i)
    for (uint64_t j = 0; j < cols; ++j) {
      double v = mode == isa::Bcast::row
                     ? num::loadExact(a.type, a.inRow(0), j)
                     : num::loadExact(a.type, a.inRow(i), 0);
      num::storeExact(dst.type, dst.outRow(i), j, v);
    }
  return out;
}

absl::StatusOr<ExecInfo> Executor::run() {
  if (info_.slot == isa::SlotClass::Scalar)
    return invalid("", "scalar instructions are executed by the scalar unit, "
                       "not by an engine");
  if (absl::Status st = checkFieldRanges(); !st.ok())
    return st;
  switch (inst_.op) {
  case Opcode::DMA_COPY:
    return execDma();
  case Opcode::DMA_GATHER:
    return execDmaGather();
  case Opcode::MXU_MATMUL:
    return execMatmul();
  case Opcode::VPU_ADD:
  case Opcode::VPU_SUB:
  case Opcode::VPU_MUL:
  case Opcode::VPU_MAX:
  case Opcode::VPU_MIN:
  case Opcode::VPU_POW:
  case Opcode::VPU_QUANT:
  case Opcode::VPU_DEQUANT:
  case Opcode::VPU_CMP:
    return execVpuBinary();
  case Opcode::VPU_SEL:
    return execVpuSel();
  case Opcode::VPU_MOV:
  case Opcode::VPU_EXP:
  case Opcode::VPU_RSQRT:
  case Opcode::VPU_RECIP:
  case Opcode::VPU_TANH:
  case Opcode::VPU_ERF:
  case Opcode::VPU_GELU:
  case Opcode::VPU_GELU_TANH:
  case Opcode::VPU_SIGMOID:
  case Opcode::VPU_SILU:
  case Opcode::VPU_SQRT:
  case Opcode::VPU_RELU:
  case Opcode::VPU_LOG:
  case Opcode::VPU_ABS:
    return execVpuUnary();
  case Opcode::VPU_RSUM:
  case Opcode::VPU_RMAX:
  case Opcode::VPU_RMIN:
  case Opcode::VPU_RPROD:
    return execVpuReduce();
  case Opcode::VPU_BCAST:
    return execVpuBcast();
  default:
    return invalid("", "no functional semantics for this instruction");
  }
}

} // namespace

absl::StatusOr<ExecInfo> execute(const isa::Inst &inst, const RegFile &regs,
                                 ExecContext &ctx) {
  const isa::InstInfo *info = isa::lookupOpcode(static_cast<unsigned>(inst.op));
  if (!info)
    return absl::InvalidArgumentError(absl::StrFormat(
        "undefined opcode 0x%x", static_cast<unsigned>(inst.op)));
  return Executor(*info, inst, regs, ctx).run();
}

} // namespace npu::sim
