//===- NpubTest.cpp - Writer and loader of the .npub binary ---------------===//
//
// Round trips, and a loader that rejects every malformed file with a message
// saying where the problem is. Hostile files are made by serializing a valid
// module, patching bytes at the offsets docs/BinaryFormat.md gives (the
// offsets are repeated here on purpose: the test checks the documented
// layout, not the writer's idea of it) and recomputing the checksum, so that
// each check behind the checksum is reached.
//
//===----------------------------------------------------------------------===//

#include "format/Npub.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>

namespace npu::npub {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// docs/BinaryFormat.md, "Header" and "Section table".
constexpr size_t kOffVersionMajor = 8;
constexpr size_t kOffVersionMinor = 10;
constexpr size_t kOffHeaderSize = 12;
constexpr size_t kOffFileSize = 16;
constexpr size_t kOffArchHash = 24;
constexpr size_t kOffFlags = 32;
constexpr size_t kOffSectionCount = 36;
constexpr size_t kOffSectionTable = 40;
constexpr size_t kOffChecksum = 48;
constexpr size_t kHeaderSize = 64;
constexpr size_t kEntrySize = 24;

using Bytes = std::vector<uint8_t>;

uint64_t get(const Bytes &b, size_t at, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i)
    v |= uint64_t(b.at(at + i)) << (8 * i);
  return v;
}

void put(Bytes &b, size_t at, uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; ++i)
    b.at(at + i) = uint8_t(v >> (8 * i));
}

/// Little-endian payload builder for hand-made sections.
struct Payload {
  Bytes bytes;
  Payload &u8(uint64_t v) { return add(v, 1); }
  Payload &u16(uint64_t v) { return add(v, 2); }
  Payload &u32(uint64_t v) { return add(v, 4); }
  Payload &u64(uint64_t v) { return add(v, 8); }
  Payload &str(const std::string &s) {
    u32(s.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
    return *this;
  }
  Payload &add(uint64_t v, unsigned n) {
    bytes.resize(bytes.size() + n);
    put(bytes, bytes.size() - n, v, n);
    return *this;
  }
};

/// Payload of one signature tensor as docs/BinaryFormat.md lays it out.
Payload &tensor(Payload &p, const std::string &name, uint8_t type,
                std::vector<int64_t> dims, uint32_t argIndex,
                uint64_t rank = ~0ull) {
  p.str(name).u8(type).u8(rank == ~0ull ? dims.size() : rank).u16(0);
  p.u32(argIndex);
  for (int64_t d : dims)
    p.u64(uint64_t(d));
  return p;
}

Module minimalModule() {
  Module m;
  m.code = {0x101}; // halt, end of bundle
  m.targetJson = "{}";
  return m;
}

Module populatedModule() {
  Module m;
  m.archHash = 0x0123456789abcdefull;
  m.flags = 0x5;
  m.code = {0x0000000000000102ull, 0xfedcba9876543210ull, 0x101};
  for (int i = 0; i < 300; ++i)
    m.constants.push_back(uint8_t(i * 7));
  m.inputs = {{"x", ElemType::bf16, {2, 3}, kFirstIOArg},
              {"weights", ElemType::int4, {5, 7, 1}, kFirstIOArg + 1},
              {"scalar", ElemType::int32, {}, kFirstIOArg + 2}};
  m.outputs = {{"y", ElemType::fp32, {2, 0, 4}, kFirstIOArg + 3},
               {"z", ElemType::int8, {9}, kFirstIOArg + 4}};
  m.stateBytes = 16;
  m.stateInit = Bytes(16, 0xab);
  m.targetJson = R"({"name": "npu-tiny", "arch": {}})";
  m.debugMap = {
      {0, "model.mlir:12:5"}, {0, "model.mlir:13:1"}, {2, "matmul.s:40"}};
  m.producer = "npu-as 0.1";
  m.commandLine = "npu-as prog.s -o prog.npub";
  m.scratchBytes = 1 << 20;
  m.flops = 123456789;
  m.compulsoryHbmBytes = 4096;
  m.rooflineCycles = 777;
  return m;
}

std::string parseError(const Bytes &b) {
  absl::StatusOr<Module> m = parse(b);
  if (m.ok())
    return "<parsed successfully>";
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(m.status().message());
}

void fixChecksum(Bytes &b) { updateChecksum(absl::MakeSpan(b)); }

size_t sectionCount(const Bytes &b) { return get(b, kOffSectionCount, 4); }

/// Byte offset of the table entry of `kind`.
size_t entryOf(const Bytes &b, SectionKind kind) {
  size_t table = get(b, kOffSectionTable, 8);
  for (size_t i = 0; i < sectionCount(b); ++i)
    if (get(b, table + i * kEntrySize, 4) == uint32_t(kind))
      return table + i * kEntrySize;
  ADD_FAILURE() << "no section " << sectionKindName(kind);
  return 0;
}

size_t payloadOf(const Bytes &b, SectionKind kind) {
  return get(b, entryOf(b, kind) + 8, 8);
}

/// Points `kind`'s entry at `payload`, appended at the end of the file, and
/// fixes the file size and checksum. The old payload becomes an unused gap.
void replaceSection(Bytes &b, SectionKind kind, const Bytes &payload) {
  size_t entry = entryOf(b, kind);
  b.resize((b.size() + 7) / 8 * 8, 0);
  put(b, entry + 8, b.size(), 8);
  put(b, entry + 16, payload.size(), 8);
  b.insert(b.end(), payload.begin(), payload.end());
  put(b, kOffFileSize, b.size(), 8);
  fixChecksum(b);
}

/// Removes `kind` from the table by moving the last entry into its place.
void dropSection(Bytes &b, SectionKind kind) {
  size_t entry = entryOf(b, kind);
  size_t table = get(b, kOffSectionTable, 8);
  size_t last = table + (sectionCount(b) - 1) * kEntrySize;
  for (size_t i = 0; i < kEntrySize; ++i)
    b[entry + i] = b[last + i];
  put(b, kOffSectionCount, sectionCount(b) - 1, 4);
  fixChecksum(b);
}

//===----------------------------------------------------------------------===//
// Round trips and layout.
//===----------------------------------------------------------------------===//

TEST(Npub, RoundTripPopulated) {
  Module m = populatedModule();
  Bytes bytes = serialize(m);
  absl::StatusOr<Module> back = parse(bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == m);
  // Deterministic, and stable through a second round.
  EXPECT_EQ(serialize(*back), bytes);
}

TEST(Npub, RoundTripMinimal) {
  Module m = minimalModule();
  Bytes bytes = serialize(m);
  absl::StatusOr<Module> back = parse(bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == m);
  absl::StatusOr<std::vector<SectionEntry>> table = readSectionTable(bytes);
  ASSERT_TRUE(table.ok()) << table.status();
  // Only the required sections are written.
  ASSERT_EQ(table->size(), 4u);
  EXPECT_EQ((*table)[0].kind, SectionKind::Code);
  EXPECT_EQ((*table)[1].kind, SectionKind::Signature);
  EXPECT_EQ((*table)[2].kind, SectionKind::Target);
  EXPECT_EQ((*table)[3].kind, SectionKind::Metadata);
}

TEST(Npub, SerializeHeadThenConstantsIsTheFile) {
  Module m = populatedModule();
  ASSERT_FALSE(m.constants.empty());
  Bytes whole = serialize(m);
  // The constants given apart (the module's own are not read).
  std::vector<uint8_t> constants = m.constants;
  m.constants.clear();
  Bytes head = serializeHead(m, constants);
  ASSERT_EQ(head.size() + constants.size(), whole.size());
  head.insert(head.end(), constants.begin(), constants.end());
  EXPECT_EQ(head, whole);
  // Different constants change the checksum: it covers them.
  constants[0] ^= 1;
  EXPECT_NE(serializeHead(m, constants),
            Bytes(whole.begin(), whole.end() - constants.size()));
  // Without constants the head is the whole file.
  EXPECT_EQ(serializeHead(m, {}), serialize(m));
}

TEST(Npub, EmptyCodeRoundTrips) {
  Module m = minimalModule();
  m.code.clear();
  absl::StatusOr<Module> back = parse(serialize(m));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == m);
}

TEST(Npub, HeaderLayout) {
  Module m = populatedModule();
  Bytes b = serialize(m);
  EXPECT_EQ(0, std::memcmp(b.data(), kMagic, 8));
  EXPECT_EQ(get(b, kOffVersionMajor, 2), kVersionMajor);
  EXPECT_EQ(get(b, kOffVersionMinor, 2), kVersionMinor);
  EXPECT_EQ(get(b, kOffHeaderSize, 4), kHeaderSize);
  EXPECT_EQ(get(b, kOffFileSize, 8), b.size());
  EXPECT_EQ(get(b, kOffArchHash, 8), m.archHash);
  EXPECT_EQ(get(b, kOffFlags, 4), m.flags);
  EXPECT_EQ(get(b, kOffSectionCount, 4), 8u);
  EXPECT_EQ(get(b, kOffSectionTable, 8), kHeaderSize);
  for (size_t i = 52; i < kHeaderSize; ++i)
    EXPECT_EQ(b[i], 0) << "reserved byte " << i;
  // The checksum is the CRC-32 of the file with the field zeroed.
  uint32_t stored = get(b, kOffChecksum, 4);
  put(b, kOffChecksum, 0, 4);
  EXPECT_EQ(stored, crc32(b));
  put(b, kOffChecksum, stored, 4);

  absl::StatusOr<FileHeader> header = readHeader(b);
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->versionMajor, kVersionMajor);
  EXPECT_EQ(header->versionMinor, kVersionMinor);
  EXPECT_EQ(header->flags, m.flags);
  EXPECT_EQ(header->archHash, m.archHash);
  EXPECT_EQ(header->checksum, stored);
  EXPECT_EQ(header->fileSize, b.size());
  b[kHeaderSize] ^= 1;
  EXPECT_FALSE(readHeader(b).ok()); // validates the whole file
  b[kHeaderSize] ^= 1;

  absl::StatusOr<std::vector<SectionEntry>> table = readSectionTable(b);
  ASSERT_TRUE(table.ok()) << table.status();
  for (const SectionEntry &e : *table) {
    EXPECT_EQ(e.offset % 8, 0u) << sectionKindName(e.kind);
    EXPECT_EQ(e.flags, 0u);
    if (e.kind == SectionKind::Constants) {
      EXPECT_EQ(e.offset % kConstantsAlignment, 0u);
      EXPECT_EQ(e.size, m.constants.size());
      EXPECT_EQ(0, std::memcmp(b.data() + e.offset, m.constants.data(),
                               m.constants.size()));
    }
    if (e.kind == SectionKind::Code) {
      EXPECT_EQ(e.size, m.code.size() * 8);
      EXPECT_EQ(get(b, e.offset + 8, 8), m.code[1]); // little-endian words
    }
  }
}

TEST(Npub, Crc32KnownValues) {
  const std::string check = "123456789";
  EXPECT_EQ(crc32(absl::MakeConstSpan(
                reinterpret_cast<const uint8_t *>(check.data()), check.size())),
            0xCBF43926u);
  EXPECT_EQ(crc32({}), 0u);
  // Running checksum over two pieces equals the checksum of the whole.
  Bytes whole(check.begin(), check.end());
  uint32_t first = crc32(absl::MakeConstSpan(whole).subspan(0, 4));
  EXPECT_EQ(crc32(absl::MakeConstSpan(whole).subspan(4), first), 0xCBF43926u);
}

TEST(Npub, Helpers) {
  EXPECT_STREQ(elemTypeName(ElemType::bf16), "bf16");
  EXPECT_STREQ(elemTypeName(ElemType::int4), "int4");
  EXPECT_STREQ(elemTypeName(ElemType(9)), "invalid");
  EXPECT_STREQ(sectionKindName(SectionKind::DebugMap), "DebugMap");
  EXPECT_STREQ(sectionKindName(SectionKind(42)), "unknown");
  EXPECT_EQ(storageBytes(ElemType::fp32, 3), 12u);
  EXPECT_EQ(storageBytes(ElemType::bf16, 3), 6u);
  EXPECT_EQ(storageBytes(ElemType::int8, 3), 3u);
  EXPECT_EQ(storageBytes(ElemType::int32, 3), 12u);
  EXPECT_EQ(storageBytes(ElemType::int4, 3), 2u);
  EXPECT_EQ(storageBytes(ElemType::boolean, 3), 3u);
  EXPECT_STREQ(elemTypeName(ElemType::boolean), "bool");
  EXPECT_EQ(storageBytes(ElemType::int4, ~0ull), 1ull << 63);
  EXPECT_EQ(storageBytes(ElemType::fp32, ~0ull), ~0ull); // saturates
  EXPECT_EQ((TensorSig{"t", ElemType::int4, {5, 7, 1}, 3}.byteSize()), 18u);
  EXPECT_EQ((TensorSig{"t", ElemType::fp32, {}, 3}.byteSize()), 4u);
  EXPECT_EQ((TensorSig{"t", ElemType::fp32, {4, 0}, 3}.byteSize()), 0u);
  EXPECT_EQ((TensorSig{"t", ElemType::fp32, {1ll << 62, 8}, 3}.byteSize()),
            ~0ull);
}

//===----------------------------------------------------------------------===//
// Header.
//===----------------------------------------------------------------------===//

TEST(Npub, RejectsEmptyFile) {
  EXPECT_EQ(parseError({}), "not an .npub file: the file is empty");
}

TEST(Npub, RejectsWrongMagic) {
  Bytes b = serialize(minimalModule());
  b[3] = 'X';
  EXPECT_THAT(parseError(b), StartsWith("not an .npub file"));
  std::string elf = "\x7f"
                    "ELF\x02\x01\x01\x00";
  EXPECT_THAT(parseError(Bytes(elf.begin(), elf.end())),
              StartsWith("not an .npub file"));
}

TEST(Npub, RejectsNewerMajorVersion) {
  Bytes b = serialize(minimalModule());
  put(b, kOffVersionMajor, 2, 2);
  put(b, kOffVersionMinor, 3, 2);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "version 2.3 is newer than this loader's 1.0: use "
                           "a newer runtime");
  put(b, kOffVersionMajor, 0, 2);
  fixChecksum(b);
  EXPECT_THAT(parseError(b), HasSubstr("version 0.3 is not supported"));
}

TEST(Npub, NewerMinorVersionSkipsWhatItDoesNotKnow) {
  Bytes b = serialize(populatedModule());
  put(b, kOffVersionMinor, kVersionMinor + 1, 2);
  b[60] = 0x42; // a header field this loader does not know
  // A field appended to the Metadata payload.
  Payload meta;
  meta.u64(1 << 20).u64(123456789).u64(4096).u64(777).u64(99);
  replaceSection(b, SectionKind::Metadata, meta.bytes);
  absl::StatusOr<Module> m = parse(b);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(*m == populatedModule());

  // The same file claiming the current minor version is rejected.
  put(b, kOffVersionMinor, kVersionMinor, 2);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "header: reserved byte 60 is not zero");
  b[60] = 0;
  fixChecksum(b);
  EXPECT_EQ(parseError(b),
            "section 6 (Metadata): 8 unexpected bytes after the last field");
}

TEST(Npub, RejectsBadHeaderSize) {
  Bytes b = serialize(minimalModule());
  put(b, kOffHeaderSize, 32, 4);
  fixChecksum(b);
  EXPECT_THAT(parseError(b), StartsWith("header: header size 32 is not valid"));
  put(b, kOffHeaderSize, 72, 4);
  fixChecksum(b);
  EXPECT_THAT(parseError(b), StartsWith("header: header size 72 is not valid"));
}

TEST(Npub, RejectsFileSizeMismatch) {
  Bytes b = serialize(minimalModule());
  size_t size = b.size();
  b.push_back(0);
  EXPECT_EQ(parseError(b), "trailing data: header says " +
                               std::to_string(size) + " bytes, file has " +
                               std::to_string(size + 1));
  b.pop_back();
  put(b, kOffFileSize, size + 100, 8);
  EXPECT_EQ(parseError(b), "truncated: header says " +
                               std::to_string(size + 100) +
                               " bytes, file has " + std::to_string(size));
}

TEST(Npub, RejectsEveryTruncation) {
  for (const Module &m : {minimalModule(), populatedModule()}) {
    Bytes b = serialize(m);
    for (size_t len = 0; len < b.size(); ++len) {
      std::string error =
          parseError(Bytes(b.begin(), b.begin() + std::ptrdiff_t(len)));
      if (len == 0)
        EXPECT_EQ(error, "not an .npub file: the file is empty");
      else if (len < 8)
        EXPECT_EQ(error, "not an .npub file (bad magic)") << len;
      else if (len < kHeaderSize)
        EXPECT_THAT(error, StartsWith("truncated: file has")) << len;
      else
        EXPECT_EQ(error, "truncated: header says " + std::to_string(b.size()) +
                             " bytes, file has " + std::to_string(len));
    }
  }
}

TEST(Npub, RejectsEverySingleBitFlip) {
  Bytes good = serialize(populatedModule());
  Bytes b = good;
  for (size_t at = 0; at < b.size(); ++at) {
    for (int bit = 0; bit < 8; ++bit) {
      b[at] ^= uint8_t(1 << bit);
      absl::StatusOr<Module> m = parse(b);
      EXPECT_FALSE(m.ok()) << "byte " << at << " bit " << bit;
      b[at] = good[at];
    }
  }
  // Outside the magic, version and size fields, the checksum is what says so.
  b[kHeaderSize + 5] ^= 1;
  EXPECT_THAT(parseError(b), StartsWith("checksum mismatch: stored 0x"));
  b = good;
  b.back() ^= 0x80;
  EXPECT_THAT(parseError(b), StartsWith("checksum mismatch: stored 0x"));
}

TEST(Npub, RejectsNonZeroReservedHeaderBytes) {
  Bytes b = serialize(minimalModule());
  b[52] = 1;
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "header: reserved byte 52 is not zero");
}

//===----------------------------------------------------------------------===//
// Section table (checksums fixed, so these reach the table checks).
//===----------------------------------------------------------------------===//

TEST(Npub, RejectsSectionTablePastTheEnd) {
  Bytes b = serialize(minimalModule());
  put(b, kOffSectionTable, b.size(), 8);
  fixChecksum(b);
  EXPECT_THAT(parseError(b),
              StartsWith("section table: 4 entries of 24 bytes at offset"));
  EXPECT_THAT(parseError(b), HasSubstr("extend past the end of the file"));

  put(b, kOffSectionTable, ~0ull - 7, 8);
  fixChecksum(b);
  EXPECT_THAT(parseError(b), StartsWith("section table: 4 entries"));
}

TEST(Npub, RejectsHugeSectionCount) {
  Bytes b = serialize(minimalModule());
  put(b, kOffSectionCount, 0xffffffff, 4);
  fixChecksum(b);
  EXPECT_THAT(parseError(b), StartsWith("section table: 4294967295 entries"));
}

TEST(Npub, RejectsBadSectionTableOffset) {
  Bytes b = serialize(minimalModule());
  put(b, kOffSectionTable, 68, 8);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "section table: offset 68 is not a multiple of 8");
  put(b, kOffSectionTable, 0, 8);
  fixChecksum(b);
  EXPECT_EQ(parseError(b),
            "section table: offset 0 overlaps the header (64 bytes)");
}

TEST(Npub, RejectsSectionPastTheEnd) {
  Bytes b = serialize(minimalModule());
  size_t entry = entryOf(b, SectionKind::Target);
  put(b, entry + 8, b.size() + 8, 8);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "section 2 (Target): offset " +
                               std::to_string(b.size() + 8) +
                               " + size 2 extends past the end of the file (" +
                               std::to_string(b.size()) + " bytes)");
}

TEST(Npub, RejectsSectionSizeThatWraps) {
  Bytes b = serialize(minimalModule());
  size_t entry = entryOf(b, SectionKind::Signature);
  // offset + size == 2^64 + 8: wraps to 8 in 64-bit arithmetic.
  put(b, entry + 8, 16, 8);
  put(b, entry + 16, ~0ull - 7, 8);
  fixChecksum(b);
  EXPECT_THAT(parseError(b),
              StartsWith("section 1 (Signature): offset 16 + size "
                         "18446744073709551608 extends past the end"));
  put(b, entry + 8, ~0ull - 7, 8);
  put(b, entry + 16, 16, 8);
  fixChecksum(b);
  EXPECT_THAT(parseError(b), HasSubstr("extends past the end of the file"));
}

TEST(Npub, RejectsOverlappingSections) {
  Bytes b = serialize(populatedModule());
  put(b, entryOf(b, SectionKind::Signature) + 8,
      payloadOf(b, SectionKind::Code), 8);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "section 1 (Signature): overlaps section 0 (Code)");

  // A section that starts inside another one.
  b = serialize(populatedModule());
  put(b, entryOf(b, SectionKind::Target) + 8,
      payloadOf(b, SectionKind::Signature) + 8, 8);
  fixChecksum(b);
  EXPECT_EQ(parseError(b),
            "section 3 (Target): overlaps section 1 (Signature)");
}

TEST(Npub, RejectsSectionOverlappingHeaderOrTable) {
  Bytes b = serialize(minimalModule());
  put(b, entryOf(b, SectionKind::Code) + 8, 0, 8);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "section 0 (Code): overlaps the header");
  put(b, entryOf(b, SectionKind::Code) + 8, kHeaderSize + 8, 8);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "section 0 (Code): overlaps the section table");
}

TEST(Npub, RejectsMisalignedSections) {
  Bytes b = serialize(populatedModule());
  size_t entry = entryOf(b, SectionKind::Target);
  put(b, entry + 8, get(b, entry + 8, 8) + 4, 8);
  put(b, entry + 16, 1, 8);
  fixChecksum(b);
  EXPECT_THAT(parseError(b), HasSubstr("section 3 (Target): offset "));
  EXPECT_THAT(parseError(b), HasSubstr(" is not a multiple of 8"));

  b = serialize(populatedModule());
  entry = entryOf(b, SectionKind::Constants);
  put(b, entry + 8, get(b, entry + 8, 8) - 8, 8);
  fixChecksum(b);
  EXPECT_THAT(parseError(b), StartsWith("section 7 (Constants): offset "));
  EXPECT_THAT(parseError(b), HasSubstr(" is not a multiple of 4096"));
}

TEST(Npub, RejectsDuplicateSections) {
  Bytes b = serialize(minimalModule());
  put(b, entryOf(b, SectionKind::Target), uint32_t(SectionKind::Code), 4);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "section 2 (Code): duplicate of section 0");
}

TEST(Npub, RejectsUnknownSectionKinds) {
  for (uint32_t kind : {0u, 9u, 99u, 0xffffffffu}) {
    Bytes b = serialize(minimalModule());
    put(b, entryOf(b, SectionKind::Target), kind, 4);
    fixChecksum(b);
    EXPECT_EQ(parseError(b), "section 2 (kind " + std::to_string(kind) +
                                 "): unknown section kind " +
                                 std::to_string(kind));
  }
}

TEST(Npub, RejectsSectionFlags) {
  Bytes b = serialize(minimalModule());
  put(b, entryOf(b, SectionKind::Code) + 4, 0x10, 4);
  fixChecksum(b);
  EXPECT_EQ(parseError(b),
            "section 0 (Code): flags 0x10 are reserved and must be zero");
}

TEST(Npub, RejectsMissingRequiredSections) {
  for (SectionKind kind : {SectionKind::Code, SectionKind::Signature,
                           SectionKind::Target, SectionKind::Metadata}) {
    Bytes b = serialize(populatedModule());
    dropSection(b, kind);
    EXPECT_EQ(parseError(b),
              std::string("missing required section ") + sectionKindName(kind));
  }
  // Optional sections may be missing.
  for (SectionKind kind : {SectionKind::Constants, SectionKind::State,
                           SectionKind::DebugMap, SectionKind::Provenance}) {
    Bytes b = serialize(populatedModule());
    dropSection(b, kind);
    EXPECT_TRUE(parse(b).ok()) << sectionKindName(kind);
  }
}

//===----------------------------------------------------------------------===//
// Payloads.
//===----------------------------------------------------------------------===//

TEST(Npub, RejectsCodeSizeNotWords) {
  Bytes b = serialize(populatedModule());
  put(b, entryOf(b, SectionKind::Code) + 16, 20, 8);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "section 0 (Code): size 20 is not a multiple of 8 "
                           "(instruction words)");
}

// The populated module's Signature payload starts with input "x":
// counts (8) | name length (4) "x" (1) | type (1) | rank (1) | reserved (2)
// | argIndex (4) | dims.
constexpr size_t kFirstType = 13, kFirstRank = 14, kFirstArg = 17,
                 kFirstDims = 21;

TEST(Npub, RejectsRank200) {
  Bytes b = serialize(populatedModule());
  b[payloadOf(b, SectionKind::Signature) + kFirstRank] = 200;
  fixChecksum(b);
  EXPECT_EQ(parseError(b),
            "section 1 (Signature): input 0 (\"x\"): rank 200 exceeds 8");
}

TEST(Npub, RejectsNegativeDimension) {
  Bytes b = serialize(populatedModule());
  put(b, payloadOf(b, SectionKind::Signature) + kFirstDims + 8, uint64_t(-4),
      8);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "section 1 (Signature): input 0 (\"x\"): "
                           "dimension 1 is negative (-4)");
}

TEST(Npub, RejectsBadElementType) {
  Bytes b = serialize(populatedModule());
  b[payloadOf(b, SectionKind::Signature) + kFirstType] = 6;
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "section 1 (Signature): input 0 (\"x\"): element "
                           "type 6 is not valid (0 to 5)");
}

TEST(Npub, RejectsWrongArgumentIndex) {
  Bytes b = serialize(populatedModule());
  put(b, payloadOf(b, SectionKind::Signature) + kFirstArg, 0, 4);
  fixChecksum(b);
  EXPECT_EQ(parseError(b), "section 1 (Signature): input 0 (\"x\"): argument "
                           "index 0, expected 3 (inputs then outputs, from "
                           "argument 3)");
}

TEST(Npub, RejectsHugeTensorCounts) {
  Bytes b = serialize(populatedModule());
  put(b, payloadOf(b, SectionKind::Signature), 0xffffffff, 4);
  fixChecksum(b);
  EXPECT_THAT(parseError(b),
              StartsWith("section 1 (Signature): input count 4294967295 and "
                         "output count 2 cannot fit in the"));
}

TEST(Npub, RejectsHugeNameLength) {
  Bytes b = serialize(populatedModule());
  put(b, payloadOf(b, SectionKind::Signature) + 8, 0xfffffff0, 4);
  fixChecksum(b);
  EXPECT_THAT(parseError(b), StartsWith("section 1 (Signature): input 0: "
                                        "name: needs 4294967280 bytes"));
}

/// A one-section replacement on the minimal module.
std::string errorWithSection(SectionKind kind, const Payload &p,
                             Module m = minimalModule()) {
  Bytes b = serialize(m);
  replaceSection(b, kind, p.bytes);
  return parseError(b);
}

TEST(Npub, RejectsDuplicateNames) {
  Payload p;
  p.u32(1).u32(1);
  tensor(p, "x", 0, {2}, 3);
  tensor(p, "x", 0, {2}, 4);
  EXPECT_EQ(errorWithSection(SectionKind::Signature, p),
            "section 1 (Signature): output 0 (\"x\"): name duplicates input 0 "
            "(\"x\")");
}

TEST(Npub, RejectsBadNames) {
  Payload empty;
  empty.u32(1).u32(0);
  tensor(empty, "", 0, {2}, 3);
  EXPECT_EQ(errorWithSection(SectionKind::Signature, empty),
            "section 1 (Signature): input 0: name is empty");
  Payload control;
  control.u32(0).u32(1);
  tensor(control, "a\nb", 0, {2}, 3);
  EXPECT_EQ(errorWithSection(SectionKind::Signature, control),
            "section 1 (Signature): output 0: name contains control "
            "character 0x0a at byte 1");
}

TEST(Npub, RejectsByteSizeOverflow) {
  Payload count;
  count.u32(1).u32(0);
  tensor(count, "t", 0, {1ll << 62, 4}, 3);
  EXPECT_EQ(errorWithSection(SectionKind::Signature, count),
            "section 1 (Signature): input 0 (\"t\"): element count overflows "
            "64 bits");
  Payload bytes;
  bytes.u32(1).u32(0);
  tensor(bytes, "t", 0, {1ll << 62, 2}, 3); // 2^63 fp32 elements
  EXPECT_EQ(errorWithSection(SectionKind::Signature, bytes),
            "section 1 (Signature): input 0 (\"t\"): byte size overflows 64 "
            "bits");
  // A zero dimension makes the tensor empty whatever the others are.
  Payload empty;
  empty.u32(1).u32(0);
  tensor(empty, "t", 0, {1ll << 62, 1ll << 62, 0}, 3);
  EXPECT_EQ(errorWithSection(SectionKind::Signature, empty),
            "<parsed successfully>");
}

TEST(Npub, RejectsTruncatedDimensions) {
  Payload p;
  p.u32(1).u32(0);
  tensor(p, "t", 0, {4}, 3, /*rank=*/3);
  EXPECT_EQ(errorWithSection(SectionKind::Signature, p),
            "section 1 (Signature): input 0 (\"t\"): dimensions: needs 24 "
            "bytes at payload offset 21, only 8 left");
}

TEST(Npub, RejectsSignatureTrailingBytes) {
  Payload p;
  p.u32(0).u32(0).u32(7);
  EXPECT_EQ(errorWithSection(SectionKind::Signature, p),
            "section 1 (Signature): 4 unexpected bytes after the last field");
}

TEST(Npub, RejectsBadState) {
  Module m = populatedModule();
  Payload wrong;
  wrong.u64(16).u64(8).u64(0);
  EXPECT_EQ(errorWithSection(SectionKind::State, wrong, m),
            "section 2 (State): initial value has 8 bytes, expected 0 or 16 "
            "(the state size)");
  Payload truncated;
  truncated.u64(16).u64(16).u64(0);
  EXPECT_EQ(errorWithSection(SectionKind::State, truncated, m),
            "section 2 (State): initial value: needs 16 bytes at payload "
            "offset 16, only 8 left");
  Payload zeroFilled;
  zeroFilled.u64(1ull << 40).u64(0); // big state, no initial bytes
  Bytes b = serialize(m);
  replaceSection(b, SectionKind::State, zeroFilled.bytes);
  absl::StatusOr<Module> back = parse(b);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->stateBytes, 1ull << 40);
  EXPECT_TRUE(back->stateInit.empty());
}

TEST(Npub, RejectsBadDebugMap) {
  Module m = populatedModule(); // 3 code words
  Payload outside;
  outside.u32(1).u32(3).str("a.s:1");
  EXPECT_EQ(errorWithSection(SectionKind::DebugMap, outside, m),
            "section 4 (DebugMap): entry 0: bundle address 3 is outside the "
            "code (3 words)");
  Payload unsorted;
  unsorted.u32(2).u32(2).str("a.s:1").u32(1).str("a.s:2");
  EXPECT_EQ(errorWithSection(SectionKind::DebugMap, unsorted, m),
            "section 4 (DebugMap): entry 1: bundle address 1 is less than "
            "entry 0's 2 (entries are sorted by address)");
  Payload huge;
  huge.u32(0x80000000).u32(0).str("a.s:1");
  EXPECT_THAT(errorWithSection(SectionKind::DebugMap, huge, m),
              StartsWith("section 4 (DebugMap): entry count 2147483648 cannot "
                         "fit in the 13 bytes left"));
  Payload emptyLocation;
  emptyLocation.u32(1).u32(0).str("");
  EXPECT_EQ(errorWithSection(SectionKind::DebugMap, emptyLocation, m),
            "section 4 (DebugMap): entry 0: location is empty");
}

TEST(Npub, RejectsBadProvenanceMetadataAndTarget) {
  Module m = populatedModule();
  Payload provenance;
  provenance.str("npu-as").u32(100).u32(0);
  EXPECT_EQ(errorWithSection(SectionKind::Provenance, provenance, m),
            "section 5 (Provenance): command line: needs 100 bytes at payload "
            "offset 14, only 4 left");
  Payload metadata;
  metadata.u64(1).u64(2).u64(3);
  EXPECT_EQ(errorWithSection(SectionKind::Metadata, metadata, m),
            "section 6 (Metadata): roofline cycles: needs 8 bytes at payload "
            "offset 24, only 0 left");
  EXPECT_EQ(errorWithSection(SectionKind::Target, Payload(), m),
            "section 3 (Target): the target description is empty");
}

// Seeded random corruption of valid files, with checksums fixed so the
// structural checks are exercised: never a crash, and anything accepted is
// a module that round-trips. (The libFuzzer target in test/fuzz goes much
// further; this keeps a cheap version in every test run.)
TEST(Npub, SurvivesRandomCorruption) {
  std::mt19937_64 rng(12345);
  Bytes good = serialize(populatedModule());
  size_t accepted = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    Bytes b = good;
    int edits = 1 + int(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % b.size();
      switch (rng() % 3) {
      case 0:
        b[at] ^= uint8_t(1u << (rng() % 8));
        break;
      case 1:
        b[at] = uint8_t(rng());
        break;
      default: // a 32-bit extreme value, as in lengths and counts
        if (at + 4 <= b.size())
          put(b, at, (rng() % 2) ? 0xffffffffu : 0x80000000u, 4);
      }
    }
    if (rng() % 2)
      fixChecksum(b);
    absl::StatusOr<Module> m = parse(b);
    if (m.ok()) {
      ++accepted;
      absl::StatusOr<Module> again = parse(serialize(*m));
      ASSERT_TRUE(again.ok()) << again.status();
      EXPECT_TRUE(*again == *m);
    }
  }
  // Edits in padding or in free-form fields are accepted; most are not.
  EXPECT_LT(accepted, 20000u);
}

//===----------------------------------------------------------------------===//
// Files.
//===----------------------------------------------------------------------===//

std::string tempPath(const std::string &name) {
  return (std::filesystem::temp_directory_path() /
          ("npub-test-" + std::to_string(getpid()) + "-" + name))
      .string();
}

TEST(Npub, WriteAndReadFile) {
  std::string path = tempPath("ok.npub");
  Module m = populatedModule();
  ASSERT_TRUE(writeFile(m, path).ok());
  absl::StatusOr<Module> back = readFile(path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == m);
  std::filesystem::remove(path);
}

TEST(Npub, WriteFileRefusesInvalidModule) {
  std::string path = tempPath("bad.npub");
  Module m = populatedModule();
  m.stateInit.resize(3);
  absl::Status s = writeFile(m, path);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "refusing to write an invalid module: section 2 "
                         "(State): initial value has 3 bytes, expected 0 or "
                         "16 (the state size)");
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(Npub, ReadFileErrors) {
  absl::StatusOr<Module> missing = readFile(tempPath("does-not-exist"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "no such file");

  absl::StatusOr<Module> dir =
      readFile(std::filesystem::temp_directory_path().string());
  EXPECT_EQ(dir.status().message(), "is a directory");

  std::string path = tempPath("text");
  FILE *f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("hello, this is not a module\n", f);
  std::fclose(f);
  absl::StatusOr<Module> text = readFile(path);
  EXPECT_EQ(text.status().message(), "not an .npub file (bad magic)");
  std::filesystem::remove(path);
}

} // namespace
} // namespace npu::npub
