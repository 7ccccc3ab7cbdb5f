//===- Npub.cpp - Writer and loader of the .npub binary -------------------===//
//
// The layout implemented here is specified in docs/BinaryFormat.md; keep the
// two in step. Every multi-byte value is stored little-endian and encoded
// byte by byte, so the layout never depends on the host or on struct padding.
//
// The loader treats its input as hostile: every count is bounded by the
// bytes that remain before anything is allocated, every offset and size is
// checked without overflowing, and the first problem found is returned as an
// error whose message starts with where it is (header, section table,
// "section 3 (Signature): input 2 ...").
//
//===----------------------------------------------------------------------===//

#include "format/Npub.h"

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>

namespace npu::npub {
namespace {

//===----------------------------------------------------------------------===//
// Layout constants (docs/BinaryFormat.md).
//===----------------------------------------------------------------------===//

// Header fields: byte offset within the file. Magic and version never move,
// so any loader can tell which version a file is before reading the rest.
constexpr uint64_t kOffVersionMajor = 8;
constexpr uint64_t kOffVersionMinor = 10;
constexpr uint64_t kOffHeaderSize = 12;
constexpr uint64_t kOffFileSize = 16;
constexpr uint64_t kOffArchHash = 24;
constexpr uint64_t kOffFlags = 32;
constexpr uint64_t kOffSectionCount = 36;
constexpr uint64_t kOffSectionTable = 40;
constexpr uint64_t kOffChecksum = 48;
constexpr uint64_t kOffReserved = 52;
constexpr uint64_t kHeaderSize = 64;

// Section table entry: kind u32, flags u32, offset u64, size u64.
constexpr uint64_t kSectionEntrySize = 24;
constexpr uint64_t kSectionAlignment = 8;

// Smallest encodings, used to bound counts by the bytes that remain.
// Tensor: name length u32, elem type u8, rank u8, reserved u16, argIndex u32.
constexpr uint64_t kMinTensorBytes = 12;
// Debug entry: bundle address u32, location length u32.
constexpr uint64_t kMinDebugEntryBytes = 8;

constexpr uint32_t kNumElemTypes = 6;
constexpr SectionKind kRequiredSections[] = {
    SectionKind::Code, SectionKind::Signature, SectionKind::Target,
    SectionKind::Metadata};

//===----------------------------------------------------------------------===//
// Little-endian helpers and CRC-32.
//===----------------------------------------------------------------------===//

uint64_t loadLE(const uint8_t *p, unsigned numBytes) {
  uint64_t value = 0;
  for (unsigned i = 0; i < numBytes; ++i)
    value |= uint64_t(p[i]) << (8 * i);
  return value;
}

void storeLE(uint8_t *p, uint64_t value, unsigned numBytes) {
  for (unsigned i = 0; i < numBytes; ++i)
    p[i] = uint8_t(value >> (8 * i));
}

constexpr std::array<uint32_t, 256> makeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit)
      c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrcTable = makeCrcTable();

/// CRC-32 of a whole file as if its checksum field were zero, without
/// copying the file.
uint32_t fileChecksum(absl::Span<const uint8_t> file) {
  static constexpr uint8_t kZeros[4] = {};
  uint32_t crc = crc32(file.subspan(0, kOffChecksum));
  crc = crc32(kZeros, crc);
  return crc32(file.subspan(kOffChecksum + 4), crc);
}

uint64_t alignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

absl::Status invalid(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

std::string sectionLabel(uint64_t index, uint32_t kind) {
  const char *name = sectionKindName(SectionKind(kind));
  if (std::strcmp(name, "unknown") == 0)
    return absl::StrCat("section ", index, " (kind ", kind, ")");
  return absl::StrCat("section ", index, " (", name, ")");
}

/// A name for messages: quoted, and cut short so that a hostile 1 MB name
/// does not become a 1 MB message.
std::string quoted(absl::string_view text) {
  constexpr size_t kMaxShown = 64;
  if (text.size() <= kMaxShown)
    return absl::StrCat("\"", text, "\"");
  return absl::StrCat("\"", text.substr(0, kMaxShown), "...\"");
}

/// Names and locations are printed by tools one per line: no control bytes.
absl::Status checkPrintable(absl::string_view text, absl::string_view what) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = uint8_t(text[i]);
    if (c < 0x20 || c == 0x7f)
      return invalid(absl::StrFormat("%s contains control character 0x%02x "
                                     "at byte %d",
                                     what, c, i));
  }
  return absl::OkStatus();
}

//===----------------------------------------------------------------------===//
// Writer.
//===----------------------------------------------------------------------===//

class ByteWriter {
public:
  explicit ByteWriter(std::vector<uint8_t> &out) : out(out) {}
  void u8(uint64_t v) { put(v, 1); }
  void u16(uint64_t v) { put(v, 2); }
  void u32(uint64_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void bytes(absl::Span<const uint8_t> data) {
    out.insert(out.end(), data.begin(), data.end());
  }
  /// Length-prefixed (u32) string.
  void str(absl::string_view s) {
    u32(s.size());
    out.insert(out.end(), s.begin(), s.end());
  }
  void padTo(uint64_t alignment) {
    out.resize(alignUp(out.size(), alignment), 0);
  }

private:
  void put(uint64_t v, unsigned numBytes) {
    size_t at = out.size();
    out.resize(at + numBytes);
    storeLE(out.data() + at, v, numBytes);
  }
  std::vector<uint8_t> &out;
};

void encodeTensor(ByteWriter &w, const TensorSig &t) {
  w.str(t.name);
  w.u8(uint8_t(t.type));
  w.u8(t.shape.size());
  w.u16(0); // reserved
  w.u32(t.argIndex);
  for (int64_t dim : t.shape)
    w.u64(uint64_t(dim));
}

/// A section as the writer plans it. Code and Constants are copied straight
/// from the module into the file; the others are encoded into `payload`.
struct PlannedSection {
  SectionKind kind;
  std::vector<uint8_t> payload;
  uint64_t size = 0;
  uint64_t offset = 0;
};

/// The sections of `m` with `constantsSize` bytes of constants.
std::vector<PlannedSection> planSections(const Module &m,
                                         uint64_t constantsSize) {
  std::vector<PlannedSection> sections;
  auto add = [&](SectionKind kind) -> PlannedSection & {
    sections.push_back(PlannedSection{kind, {}, 0, 0});
    return sections.back();
  };
  auto encoded = [](PlannedSection &s) -> ByteWriter {
    return ByteWriter(s.payload);
  };

  add(SectionKind::Code).size = m.code.size() * 8;
  {
    PlannedSection &s = add(SectionKind::Signature);
    ByteWriter w = encoded(s);
    w.u32(m.inputs.size());
    w.u32(m.outputs.size());
    for (const TensorSig &t : m.inputs)
      encodeTensor(w, t);
    for (const TensorSig &t : m.outputs)
      encodeTensor(w, t);
  }
  if (m.stateBytes != 0 || !m.stateInit.empty()) {
    PlannedSection &s = add(SectionKind::State);
    ByteWriter w = encoded(s);
    w.u64(m.stateBytes);
    w.u64(m.stateInit.size());
    w.bytes(m.stateInit);
  }
  {
    PlannedSection &s = add(SectionKind::Target);
    s.payload.assign(m.targetJson.begin(), m.targetJson.end());
  }
  if (!m.debugMap.empty()) {
    PlannedSection &s = add(SectionKind::DebugMap);
    ByteWriter w = encoded(s);
    w.u32(m.debugMap.size());
    for (const DebugEntry &e : m.debugMap) {
      w.u32(e.bundleAddress);
      w.str(e.location);
    }
  }
  if (!m.producer.empty() || !m.commandLine.empty()) {
    PlannedSection &s = add(SectionKind::Provenance);
    ByteWriter w = encoded(s);
    w.str(m.producer);
    w.str(m.commandLine);
  }
  {
    PlannedSection &s = add(SectionKind::Metadata);
    ByteWriter w = encoded(s);
    w.u64(m.scratchBytes);
    w.u64(m.flops);
    w.u64(m.compulsoryHbmBytes);
    w.u64(m.rooflineCycles);
  }
  // Last, so that its page alignment costs at most one gap.
  if (constantsSize != 0)
    add(SectionKind::Constants).size = constantsSize;

  for (PlannedSection &s : sections)
    if (s.kind != SectionKind::Code && s.kind != SectionKind::Constants)
      s.size = s.payload.size();
  return sections;
}

//===----------------------------------------------------------------------===//
// Loader.
//===----------------------------------------------------------------------===//

/// Reads a section payload. The first failed read records an error naming
/// the field and makes every later read return zero or empty, so a caller
/// only has to check ok() before it allocates or loops on what it read.
class ByteReader {
public:
  explicit ByteReader(absl::Span<const uint8_t> data) : data(data) {}

  bool ok() const { return error.empty(); }
  absl::Status status() const {
    return ok() ? absl::OkStatus() : invalid(error);
  }
  uint64_t remaining() const { return data.size() - pos; }

  uint64_t u8(absl::string_view what) { return take(1, what); }
  uint64_t u16(absl::string_view what) { return take(2, what); }
  uint64_t u32(absl::string_view what) { return take(4, what); }
  uint64_t u64(absl::string_view what) { return take(8, what); }

  absl::Span<const uint8_t> bytes(uint64_t n, absl::string_view what) {
    if (!reserve(n, what))
      return {};
    absl::Span<const uint8_t> result = data.subspan(pos, n);
    pos += n;
    return result;
  }

  /// Length-prefixed (u32) string, as a view into the payload.
  absl::string_view str(absl::string_view what) {
    uint64_t length = u32(absl::StrCat(what, " length"));
    absl::Span<const uint8_t> text = bytes(length, what);
    return absl::string_view(reinterpret_cast<const char *>(text.data()),
                             text.size());
  }

  /// Fails unless at least `n` bytes remain.
  bool reserve(uint64_t n, absl::string_view what) {
    if (!ok())
      return false;
    if (n > remaining()) {
      error = absl::StrCat(what, ": needs ", n, " bytes at payload offset ",
                           pos, ", only ", remaining(), " left");
      return false;
    }
    return true;
  }

private:
  uint64_t take(unsigned n, absl::string_view what) {
    if (!reserve(n, what))
      return 0;
    uint64_t value = loadLE(data.data() + pos, n);
    pos += n;
    return value;
  }

  absl::Span<const uint8_t> data;
  uint64_t pos = 0;
  std::string error;
};

/// What decoding needs besides the payload.
struct DecodeContext {
  /// A file of a newer minor version may append fields this loader does not
  /// know: then trailing and reserved bytes are ignored instead of rejected.
  bool strict = true;
  /// False when only validating (writeFile): big blobs are checked, not
  /// copied.
  bool copyBlobs = true;
  uint64_t codeWords = 0;
};

absl::Status checkConsumed(const ByteReader &r, const DecodeContext &ctx) {
  if (ctx.strict && r.remaining() != 0)
    return invalid(
        absl::StrCat(r.remaining(), " unexpected bytes after the last field"));
  return absl::OkStatus();
}

absl::Status decodeCode(absl::Span<const uint8_t> payload, Module &m,
                        DecodeContext &ctx) {
  if (payload.size() % 8 != 0)
    return invalid(absl::StrCat("size ", payload.size(),
                                " is not a multiple of 8 (instruction words)"));
  ctx.codeWords = payload.size() / 8;
  if (ctx.copyBlobs) {
    m.code.resize(ctx.codeWords);
    for (uint64_t i = 0; i < ctx.codeWords; ++i)
      m.code[i] = loadLE(payload.data() + 8 * i, 8);
  }
  return absl::OkStatus();
}

/// Element count times element size, or an error if it overflows 64 bits.
absl::Status checkedByteSize(const TensorSig &t, uint64_t &byteSize) {
  uint64_t count = 1;
  bool empty = std::find(t.shape.begin(), t.shape.end(), 0) != t.shape.end();
  if (!empty) {
    for (int64_t dim : t.shape) {
      if (uint64_t(dim) > std::numeric_limits<uint64_t>::max() / count)
        return invalid("element count overflows 64 bits");
      count *= uint64_t(dim);
    }
  } else {
    count = 0;
  }
  if (t.type != ElemType::int4 &&
      count > std::numeric_limits<uint64_t>::max() / storageBytes(t.type, 1))
    return invalid("byte size overflows 64 bits");
  byteSize = storageBytes(t.type, count);
  return absl::OkStatus();
}

absl::Status decodeSignature(absl::Span<const uint8_t> payload, Module &m,
                             const DecodeContext &ctx) {
  ByteReader r(payload);
  uint64_t numInputs = r.u32("input count");
  uint64_t numOutputs = r.u32("output count");
  if (!r.ok())
    return r.status();
  uint64_t total = numInputs + numOutputs;
  if (total > r.remaining() / kMinTensorBytes)
    return invalid(absl::StrCat(
        "input count ", numInputs, " and output count ", numOutputs,
        " cannot fit in the ", r.remaining(),
        " bytes left (a tensor takes at least ", kMinTensorBytes, ")"));

  m.inputs.reserve(numInputs);
  m.outputs.reserve(numOutputs);
  // Name -> label of the tensor that has it; views into the payload.
  absl::flat_hash_map<absl::string_view, std::string> seen;
  for (uint64_t i = 0; i < total; ++i) {
    bool isInput = i < numInputs;
    std::string label = absl::StrCat(isInput ? "input " : "output ",
                                     isInput ? i : i - numInputs);
    TensorSig t;
    absl::string_view name = r.str(absl::StrCat(label, ": name"));
    uint64_t type = r.u8(absl::StrCat(label, ": element type"));
    uint64_t rank = r.u8(absl::StrCat(label, ": rank"));
    uint64_t reserved = r.u16(absl::StrCat(label, ": reserved"));
    t.argIndex = r.u32(absl::StrCat(label, ": argument index"));
    if (!r.ok())
      return r.status();

    if (name.empty())
      return invalid(absl::StrCat(label, ": name is empty"));
    if (absl::Status s = checkPrintable(name, absl::StrCat(label, ": name"));
        !s.ok())
      return s;
    label = absl::StrCat(label, " (", quoted(name), ")");
    auto [it, inserted] = seen.try_emplace(name, label);
    if (!inserted)
      return invalid(absl::StrCat(label, ": name duplicates ", it->second));
    t.name = std::string(name);

    if (type >= kNumElemTypes)
      return invalid(absl::StrCat(label, ": element type ", type,
                                  " is not valid (0 to ", kNumElemTypes - 1,
                                  ")"));
    t.type = ElemType(type);
    if (rank > kMaxRank)
      return invalid(
          absl::StrCat(label, ": rank ", rank, " exceeds ", kMaxRank));
    if (ctx.strict && reserved != 0)
      return invalid(
          absl::StrCat(label, ": reserved field is ", reserved, ", must be 0"));
    uint64_t expectedArg = kFirstIOArg + i;
    if (t.argIndex != expectedArg)
      return invalid(absl::StrCat(
          label, ": argument index ", t.argIndex, ", expected ", expectedArg,
          " (inputs then outputs, from argument ", kFirstIOArg, ")"));

    if (!r.reserve(rank * 8, absl::StrCat(label, ": dimensions")))
      return r.status();
    t.shape.resize(rank);
    for (uint64_t d = 0; d < rank; ++d) {
      t.shape[d] = int64_t(r.u64(absl::StrCat(label, ": dimension ", d)));
      if (t.shape[d] < 0)
        return invalid(absl::StrCat(label, ": dimension ", d, " is negative (",
                                    t.shape[d], ")"));
    }
    uint64_t byteSize = 0;
    if (absl::Status s = checkedByteSize(t, byteSize); !s.ok())
      return invalid(absl::StrCat(label, ": ", s.message()));

    (isInput ? m.inputs : m.outputs).push_back(std::move(t));
  }
  return checkConsumed(r, ctx);
}

absl::Status decodeState(absl::Span<const uint8_t> payload, Module &m,
                         const DecodeContext &ctx) {
  ByteReader r(payload);
  m.stateBytes = r.u64("state size");
  uint64_t initBytes = r.u64("initial value size");
  if (!r.ok())
    return r.status();
  if (initBytes != 0 && initBytes != m.stateBytes)
    return invalid(absl::StrCat("initial value has ", initBytes,
                                " bytes, expected 0 or ", m.stateBytes,
                                " (the state size)"));
  absl::Span<const uint8_t> init = r.bytes(initBytes, "initial value");
  if (!r.ok())
    return r.status();
  if (ctx.copyBlobs)
    m.stateInit.assign(init.begin(), init.end());
  return checkConsumed(r, ctx);
}

absl::Status decodeTarget(absl::Span<const uint8_t> payload, Module &m) {
  if (payload.empty())
    return invalid("the target description is empty");
  m.targetJson.assign(payload.begin(), payload.end());
  return absl::OkStatus();
}

absl::Status decodeDebugMap(absl::Span<const uint8_t> payload, Module &m,
                            const DecodeContext &ctx) {
  ByteReader r(payload);
  uint64_t count = r.u32("entry count");
  if (!r.ok())
    return r.status();
  if (count > r.remaining() / kMinDebugEntryBytes)
    return invalid(absl::StrCat(
        "entry count ", count, " cannot fit in the ", r.remaining(),
        " bytes left (an entry takes at least ", kMinDebugEntryBytes, ")"));
  m.debugMap.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    std::string label = absl::StrCat("entry ", i);
    DebugEntry e;
    e.bundleAddress = r.u32(absl::StrCat(label, ": bundle address"));
    absl::string_view location = r.str(absl::StrCat(label, ": location"));
    if (!r.ok())
      return r.status();
    if (e.bundleAddress >= ctx.codeWords)
      return invalid(absl::StrCat(label, ": bundle address ", e.bundleAddress,
                                  " is outside the code (", ctx.codeWords,
                                  " words)"));
    if (i > 0 && e.bundleAddress < m.debugMap.back().bundleAddress)
      return invalid(absl::StrCat(label, ": bundle address ", e.bundleAddress,
                                  " is less than entry ", i - 1, "'s ",
                                  m.debugMap.back().bundleAddress,
                                  " (entries are sorted by address)"));
    if (location.empty())
      return invalid(absl::StrCat(label, ": location is empty"));
    if (absl::Status s =
            checkPrintable(location, absl::StrCat(label, ": location"));
        !s.ok())
      return s;
    e.location = std::string(location);
    m.debugMap.push_back(std::move(e));
  }
  return checkConsumed(r, ctx);
}

absl::Status decodeProvenance(absl::Span<const uint8_t> payload, Module &m,
                              const DecodeContext &ctx) {
  ByteReader r(payload);
  m.producer = std::string(r.str("producer"));
  m.commandLine = std::string(r.str("command line"));
  if (!r.ok())
    return r.status();
  return checkConsumed(r, ctx);
}

absl::Status decodeMetadata(absl::Span<const uint8_t> payload, Module &m,
                            const DecodeContext &ctx) {
  ByteReader r(payload);
  m.scratchBytes = r.u64("scratch size");
  m.flops = r.u64("flops");
  m.compulsoryHbmBytes = r.u64("compulsory HBM bytes");
  m.rooflineCycles = r.u64("roofline cycles");
  if (!r.ok())
    return r.status();
  return checkConsumed(r, ctx);
}

absl::Status decodeSection(SectionKind kind, absl::Span<const uint8_t> payload,
                           Module &m, DecodeContext &ctx) {
  switch (kind) {
  case SectionKind::Code:
    return decodeCode(payload, m, ctx);
  case SectionKind::Constants:
    if (ctx.copyBlobs)
      m.constants.assign(payload.begin(), payload.end());
    return absl::OkStatus();
  case SectionKind::Signature:
    return decodeSignature(payload, m, ctx);
  case SectionKind::State:
    return decodeState(payload, m, ctx);
  case SectionKind::Target:
    return decodeTarget(payload, m);
  case SectionKind::DebugMap:
    return decodeDebugMap(payload, m, ctx);
  case SectionKind::Provenance:
    return decodeProvenance(payload, m, ctx);
  case SectionKind::Metadata:
    return decodeMetadata(payload, m, ctx);
  }
  return invalid("unknown section kind"); // unreachable: kinds are checked
}

/// Validates the header: magic, version, sizes and checksum. On success
/// `ctx.strict` says whether this loader knows every field of the file.
absl::Status checkHeader(absl::Span<const uint8_t> file, DecodeContext &ctx) {
  if (file.empty())
    return invalid("not an .npub file: the file is empty");
  if (file.size() < sizeof(kMagic) ||
      std::memcmp(file.data(), kMagic, sizeof(kMagic)) != 0)
    return invalid("not an .npub file (bad magic)");
  if (file.size() < kOffHeaderSize)
    return invalid(absl::StrCat("truncated: file has ", file.size(),
                                " bytes, less than the ", kHeaderSize,
                                "-byte header"));

  uint64_t major = loadLE(file.data() + kOffVersionMajor, 2);
  uint64_t minor = loadLE(file.data() + kOffVersionMinor, 2);
  if (major > kVersionMajor)
    return invalid(absl::StrCat("version ", major, ".", minor,
                                " is newer than this loader's ", kVersionMajor,
                                ".", kVersionMinor, ": use a newer runtime"));
  if (major < kVersionMajor)
    return invalid(absl::StrCat("version ", major, ".", minor,
                                " is not supported; this loader reads version ",
                                kVersionMajor, ".x"));
  ctx.strict = minor <= kVersionMinor;

  if (file.size() < kHeaderSize)
    return invalid(absl::StrCat("truncated: file has ", file.size(),
                                " bytes, less than the ", kHeaderSize,
                                "-byte header"));
  uint64_t headerSize = loadLE(file.data() + kOffHeaderSize, 4);
  if (headerSize < kHeaderSize || headerSize % 8 != 0 ||
      (ctx.strict && headerSize != kHeaderSize))
    return invalid(absl::StrCat(
        "header: header size ", headerSize, " is not valid for version ", major,
        ".", minor, " (expected ", kHeaderSize,
        ctx.strict ? "" : " or more, a multiple of 8", ")"));
  uint64_t fileSize = loadLE(file.data() + kOffFileSize, 8);
  if (fileSize > file.size())
    return invalid(absl::StrCat("truncated: header says ", fileSize,
                                " bytes, file has ", file.size()));
  if (fileSize < file.size())
    return invalid(absl::StrCat("trailing data: header says ", fileSize,
                                " bytes, file has ", file.size()));
  if (headerSize > fileSize)
    return invalid(absl::StrCat("truncated: header size ", headerSize,
                                " exceeds the file size ", fileSize));

  uint32_t stored = loadLE(file.data() + kOffChecksum, 4);
  uint32_t computed = fileChecksum(file);
  if (stored != computed)
    return invalid(absl::StrFormat("checksum mismatch: stored 0x%08x, "
                                   "computed 0x%08x",
                                   stored, computed));

  if (ctx.strict)
    for (uint64_t i = kOffReserved; i < kHeaderSize; ++i)
      if (file[i] != 0)
        return invalid(
            absl::StrCat("header: reserved byte ", i, " is not zero"));
  return absl::OkStatus();
}

/// A byte range of the file, for the overlap check.
struct Region {
  uint64_t begin;
  uint64_t end;
  int64_t section; // index in the section table, or -1
  std::string label;
};

/// Validates the section table and every section's bounds, alignment,
/// kind and uniqueness; returns the entries in table order.
absl::Status readTable(absl::Span<const uint8_t> file, const DecodeContext &ctx,
                       std::vector<SectionEntry> &entries) {
  uint64_t fileSize = file.size();
  uint64_t headerSize = loadLE(file.data() + kOffHeaderSize, 4);
  uint64_t count = loadLE(file.data() + kOffSectionCount, 4);
  uint64_t tableOffset = loadLE(file.data() + kOffSectionTable, 8);
  if (tableOffset % kSectionAlignment != 0)
    return invalid(absl::StrCat("section table: offset ", tableOffset,
                                " is not a multiple of ", kSectionAlignment));
  if (tableOffset < headerSize)
    return invalid(absl::StrCat("section table: offset ", tableOffset,
                                " overlaps the header (", headerSize,
                                " bytes)"));
  if (tableOffset > fileSize ||
      count > (fileSize - tableOffset) / kSectionEntrySize)
    return invalid(absl::StrCat(
        "section table: ", count, " entries of ", kSectionEntrySize,
        " bytes at offset ", tableOffset, " extend past the end of the file (",
        fileSize, " bytes)"));

  std::vector<Region> regions;
  regions.push_back({0, headerSize, -1, "the header"});
  if (count != 0)
    regions.push_back({tableOffset, tableOffset + count * kSectionEntrySize, -1,
                       "the section table"});
  // Kind -> index of the section that has it.
  absl::flat_hash_map<uint32_t, uint64_t> byKind;
  for (uint64_t i = 0; i < count; ++i) {
    const uint8_t *entry = file.data() + tableOffset + i * kSectionEntrySize;
    auto kind = uint32_t(loadLE(entry, 4));
    auto flags = uint32_t(loadLE(entry + 4, 4));
    uint64_t offset = loadLE(entry + 8, 8);
    uint64_t size = loadLE(entry + 16, 8);
    std::string label = sectionLabel(i, kind);

    if (kind < uint32_t(SectionKind::Code) ||
        kind > uint32_t(SectionKind::Metadata))
      return invalid(absl::StrCat(label, ": unknown section kind ", kind));
    if (ctx.strict && flags != 0)
      return invalid(absl::StrFormat(
          "%s: flags 0x%x are reserved and must be zero", label, flags));
    if (size > fileSize || offset > fileSize - size)
      return invalid(absl::StrCat(label, ": offset ", offset, " + size ", size,
                                  " extends past the end of the file (",
                                  fileSize, " bytes)"));
    uint64_t alignment = SectionKind(kind) == SectionKind::Constants
                             ? kConstantsAlignment
                             : kSectionAlignment;
    if (offset % alignment != 0)
      return invalid(absl::StrCat(label, ": offset ", offset,
                                  " is not a multiple of ", alignment));
    auto [it, inserted] = byKind.try_emplace(kind, i);
    if (!inserted)
      return invalid(
          absl::StrCat(label, ": duplicate of section ", it->second));
    if (size != 0)
      regions.push_back({offset, offset + size, int64_t(i), label});
    entries.push_back({SectionKind(kind), flags, offset, size});
  }

  for (SectionKind kind : kRequiredSections)
    if (!byKind.contains(uint32_t(kind)))
      return invalid(
          absl::StrCat("missing required section ", sectionKindName(kind)));

  // Sort by start (header and table first on a tie) and sweep: a region
  // that starts before the furthest end seen so far overlaps that region.
  std::sort(regions.begin(), regions.end(),
            [](const Region &a, const Region &b) {
              if (a.begin != b.begin)
                return a.begin < b.begin;
              return a.section < b.section;
            });
  const Region *furthest = &regions[0];
  for (size_t i = 1; i < regions.size(); ++i) {
    const Region &r = regions[i];
    if (r.begin < furthest->end) {
      // Always name a section first: the header and the table are fixed.
      const Region &section = r.section >= 0 ? r : *furthest;
      const Region &other = r.section >= 0 ? *furthest : r;
      return invalid(absl::StrCat(section.label, ": overlaps ", other.label));
    }
    if (r.end > furthest->end)
      furthest = &r;
  }
  return absl::OkStatus();
}

absl::Status parseInto(absl::Span<const uint8_t> file, DecodeContext &ctx,
                       Module &m, std::vector<SectionEntry> &entries) {
  if (absl::Status s = checkHeader(file, ctx); !s.ok())
    return s;
  if (absl::Status s = readTable(file, ctx, entries); !s.ok())
    return s;
  m.archHash = loadLE(file.data() + kOffArchHash, 8);
  m.flags = uint32_t(loadLE(file.data() + kOffFlags, 4));

  // In kind order: the debug map is checked against the code size.
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return entries[a].kind < entries[b].kind;
  });
  for (size_t i : order) {
    const SectionEntry &e = entries[i];
    absl::Span<const uint8_t> payload = file.subspan(e.offset, e.size);
    if (absl::Status s = decodeSection(e.kind, payload, m, ctx); !s.ok())
      return invalid(
          absl::StrCat(sectionLabel(i, uint32_t(e.kind)), ": ", s.message()));
  }
  return absl::OkStatus();
}

} // namespace

//===----------------------------------------------------------------------===//
// Public interface.
//===----------------------------------------------------------------------===//

const char *elemTypeName(ElemType t) {
  switch (t) {
  case ElemType::fp32:
    return "fp32";
  case ElemType::bf16:
    return "bf16";
  case ElemType::int8:
    return "int8";
  case ElemType::int32:
    return "int32";
  case ElemType::int4:
    return "int4";
  case ElemType::boolean:
    return "bool";
  }
  return "invalid";
}

uint64_t storageBytes(ElemType t, uint64_t count) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  uint64_t elemBytes = 0;
  switch (t) {
  case ElemType::int4:
    return count / 2 + count % 2;
  case ElemType::int8:
  case ElemType::boolean:
    elemBytes = 1;
    break;
  case ElemType::bf16:
    elemBytes = 2;
    break;
  case ElemType::fp32:
  case ElemType::int32:
    elemBytes = 4;
    break;
  }
  if (elemBytes == 0)
    return 0; // not a valid element type
  return count > kMax / elemBytes ? kMax : count * elemBytes;
}

uint64_t TensorSig::byteSize() const {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  uint64_t count = 1;
  for (int64_t dim : shape) {
    if (dim <= 0)
      return 0;
    count = uint64_t(dim) > kMax / count ? kMax : count * uint64_t(dim);
  }
  return storageBytes(type, count);
}

const char *sectionKindName(SectionKind kind) {
  switch (kind) {
  case SectionKind::Code:
    return "Code";
  case SectionKind::Constants:
    return "Constants";
  case SectionKind::Signature:
    return "Signature";
  case SectionKind::State:
    return "State";
  case SectionKind::Target:
    return "Target";
  case SectionKind::DebugMap:
    return "DebugMap";
  case SectionKind::Provenance:
    return "Provenance";
  case SectionKind::Metadata:
    return "Metadata";
  }
  return "unknown";
}

bool operator==(const TensorSig &a, const TensorSig &b) {
  return a.name == b.name && a.type == b.type && a.shape == b.shape &&
         a.argIndex == b.argIndex;
}

bool operator==(const DebugEntry &a, const DebugEntry &b) {
  return a.bundleAddress == b.bundleAddress && a.location == b.location;
}

bool operator==(const Module &a, const Module &b) {
  return a.archHash == b.archHash && a.flags == b.flags && a.code == b.code &&
         a.constants == b.constants && a.inputs == b.inputs &&
         a.outputs == b.outputs && a.stateBytes == b.stateBytes &&
         a.stateInit == b.stateInit && a.targetJson == b.targetJson &&
         a.debugMap == b.debugMap && a.producer == b.producer &&
         a.commandLine == b.commandLine && a.scratchBytes == b.scratchBytes &&
         a.flops == b.flops && a.compulsoryHbmBytes == b.compulsoryHbmBytes &&
         a.rooflineCycles == b.rooflineCycles;
}

uint32_t crc32(absl::Span<const uint8_t> bytes, uint32_t crc) {
  crc = ~crc;
  for (uint8_t byte : bytes)
    crc = kCrcTable[(crc ^ byte) & 0xff] ^ (crc >> 8);
  return ~crc;
}

void updateChecksum(absl::Span<uint8_t> file) {
  if (file.size() < kHeaderSize)
    return;
  storeLE(file.data() + kOffChecksum, fileChecksum(file), 4);
}

std::vector<uint8_t> serialize(const Module &m) {
  std::vector<uint8_t> out = serializeHead(m, m.constants);
  out.insert(out.end(), m.constants.begin(), m.constants.end());
  return out;
}

std::vector<uint8_t> serializeHead(const Module &m,
                                   absl::Span<const uint8_t> constants) {
  std::vector<PlannedSection> sections = planSections(m, constants.size());

  // Place the sections after the header and the table.
  uint64_t tableOffset = kHeaderSize;
  uint64_t cursor = tableOffset + sections.size() * kSectionEntrySize;
  for (PlannedSection &s : sections) {
    cursor =
        alignUp(cursor, s.kind == SectionKind::Constants ? kConstantsAlignment
                                                         : kSectionAlignment);
    s.offset = cursor;
    cursor += s.size;
  }
  uint64_t fileSize = cursor;
  // The constants are last: the head ends where they start.
  uint64_t headSize =
      constants.empty() ? fileSize : fileSize - constants.size();

  std::vector<uint8_t> out(headSize, 0);
  uint8_t *p = out.data();
  std::memcpy(p, kMagic, sizeof(kMagic));
  storeLE(p + kOffVersionMajor, kVersionMajor, 2);
  storeLE(p + kOffVersionMinor, kVersionMinor, 2);
  storeLE(p + kOffHeaderSize, kHeaderSize, 4);
  storeLE(p + kOffFileSize, fileSize, 8);
  storeLE(p + kOffArchHash, m.archHash, 8);
  storeLE(p + kOffFlags, m.flags, 4);
  storeLE(p + kOffSectionCount, sections.size(), 4);
  storeLE(p + kOffSectionTable, tableOffset, 8);

  for (size_t i = 0; i < sections.size(); ++i) {
    const PlannedSection &s = sections[i];
    uint8_t *entry = p + tableOffset + i * kSectionEntrySize;
    storeLE(entry, uint32_t(s.kind), 4);
    storeLE(entry + 4, 0, 4); // flags
    storeLE(entry + 8, s.offset, 8);
    storeLE(entry + 16, s.size, 8);

    uint8_t *payload = p + s.offset;
    if (s.kind == SectionKind::Code) {
      for (size_t w = 0; w < m.code.size(); ++w)
        storeLE(payload + 8 * w, m.code[w], 8);
    } else if (s.kind != SectionKind::Constants && !s.payload.empty()) {
      std::memcpy(payload, s.payload.data(), s.payload.size());
    }
  }
  // The checksum of the whole file: the head (checksum field as zero), then
  // the constants, read in place.
  storeLE(p + kOffChecksum, crc32(constants, fileChecksum(out)), 4);
  return out;
}

absl::StatusOr<Module> parse(absl::Span<const uint8_t> bytes) {
  DecodeContext ctx;
  Module m;
  std::vector<SectionEntry> entries;
  if (absl::Status s = parseInto(bytes, ctx, m, entries); !s.ok())
    return s;
  return m;
}

absl::StatusOr<std::vector<SectionEntry>>
readSectionTable(absl::Span<const uint8_t> bytes) {
  DecodeContext ctx;
  ctx.copyBlobs = false;
  Module m;
  std::vector<SectionEntry> entries;
  if (absl::Status s = parseInto(bytes, ctx, m, entries); !s.ok())
    return s;
  return entries;
}

absl::StatusOr<FileHeader> readHeader(absl::Span<const uint8_t> bytes) {
  if (absl::StatusOr<std::vector<SectionEntry>> table = readSectionTable(bytes);
      !table.ok())
    return table.status();
  FileHeader h;
  h.versionMajor = uint16_t(loadLE(bytes.data() + kOffVersionMajor, 2));
  h.versionMinor = uint16_t(loadLE(bytes.data() + kOffVersionMinor, 2));
  h.flags = uint32_t(loadLE(bytes.data() + kOffFlags, 4));
  h.archHash = loadLE(bytes.data() + kOffArchHash, 8);
  h.checksum = uint32_t(loadLE(bytes.data() + kOffChecksum, 4));
  h.fileSize = loadLE(bytes.data() + kOffFileSize, 8);
  return h;
}

absl::StatusOr<Module> readFile(const std::string &path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return absl::InvalidArgumentError("is a directory");
  std::unique_ptr<FILE, int (*)(FILE *)> file(std::fopen(path.c_str(), "rb"),
                                              &std::fclose);
  if (!file)
    return errno == ENOENT ? absl::NotFoundError("no such file")
                           : absl::PermissionDeniedError(absl::StrCat(
                                 "cannot open: ", std::strerror(errno)));

  // Read in chunks (the file may be a pipe) and give up after the first one
  // if it is not an .npub, so pointing a tool at a huge file costs nothing.
  constexpr size_t kChunk = 1 << 20;
  std::vector<uint8_t> bytes;
  for (;;) {
    size_t at = bytes.size();
    bytes.resize(at + kChunk);
    size_t got = std::fread(bytes.data() + at, 1, kChunk, file.get());
    bytes.resize(at + got);
    if (at == 0) {
      if (bytes.size() >= sizeof(kMagic) &&
          std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0)
        return parse(bytes);
      uintmax_t expected = std::filesystem::file_size(path, ec);
      if (!ec && expected > bytes.size())
        bytes.reserve(expected);
    }
    if (got < kChunk)
      break;
  }
  if (std::ferror(file.get()))
    return absl::DataLossError(
        absl::StrCat("read error: ", std::strerror(errno)));
  return parse(bytes);
}

absl::Status writeFile(const Module &module, const std::string &path) {
  std::vector<uint8_t> bytes = serialize(module);
  // Validate without copying the big blobs a second time.
  if (absl::StatusOr<std::vector<SectionEntry>> check = readSectionTable(bytes);
      !check.ok())
    return absl::InvalidArgumentError(absl::StrCat(
        "refusing to write an invalid module: ", check.status().message()));

  std::unique_ptr<FILE, int (*)(FILE *)> file(std::fopen(path.c_str(), "wb"),
                                              &std::fclose);
  if (!file)
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create: ", std::strerror(errno)));
  if (std::fwrite(bytes.data(), 1, bytes.size(), file.get()) != bytes.size() ||
      std::fflush(file.get()) != 0)
    return absl::DataLossError(
        absl::StrCat("write error: ", std::strerror(errno)));
  if (std::fclose(file.release()) != 0)
    return absl::DataLossError(
        absl::StrCat("write error: ", std::strerror(errno)));
  return absl::OkStatus();
}

} // namespace npu::npub
