//===- Npub.h - The .npub binary: one definition for writer and loader ----===//
//
// The on-disk layout is documented in docs/BinaryFormat.md. Everything that
// knows the layout is in Npub.cpp: `serialize` writes it and `parse` reads
// and validates it, so the writer and the loader cannot drift apart.
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_FORMAT_NPUB_H
#define NPURT_FORMAT_NPUB_H

#include "absl/status/statusor.h"
#include "absl/types/span.h"

#include <cstdint>
#include <string>
#include <vector>

namespace npu::npub {

constexpr char kMagic[8] = {'N', 'P', 'U', 'B', '\r', '\n', 0x1a, '\n'};
constexpr uint16_t kVersionMajor = 1;
constexpr uint16_t kVersionMinor = 0;
/// Constants start at a multiple of this in the file so they can be mapped.
constexpr uint64_t kConstantsAlignment = 4096;

enum class SectionKind : uint32_t {
  Code = 1,       // instruction words (little-endian uint64)
  Constants = 2,  // raw bytes, loaded to HBM; address = launch arg 0
  Signature = 3,  // inputs and outputs
  State = 4,      // persistent state (e.g. KV cache): size and initial bytes
  Target = 5,     // the target file the module was built for (JSON text)
  DebugMap = 6,   // bundle address -> source location
  Provenance = 7, // producer and command line
  Metadata = 8,   // scratch size, roofline figures
};

/// Element types of I/O tensors; same numbering as the ISA's dtype enum.
/// `boolean` (after the ISA's types) is one byte holding 0 or 1; the device
/// computes on it as int8.
enum class ElemType : uint8_t {
  fp32 = 0,
  bf16 = 1,
  int8 = 2,
  int32 = 3,
  int4 = 4,
  boolean = 5
};
/// "fp32", "bf16", ...; "invalid" for a value outside the enum.
const char *elemTypeName(ElemType t);
/// Storage bytes of `count` elements (int4 packs two per byte, rounded up).
/// Saturates at UINT64_MAX; `parse` rejects sizes that would overflow.
uint64_t storageBytes(ElemType t, uint64_t count);
/// Largest rank of an I/O tensor.
constexpr uint32_t kMaxRank = 8;

struct TensorSig {
  std::string name;
  ElemType type = ElemType::fp32;
  std::vector<int64_t> shape;
  /// Index in the launch argument table holding the tensor's HBM address.
  uint32_t argIndex = 0;
  /// Saturates at UINT64_MAX; negative dimensions count as 0.
  uint64_t byteSize() const;
};

struct DebugEntry {
  uint32_t bundleAddress = 0;
  std::string location; // e.g. "model.mlir:12:5" or "matmul.s:40"
};

struct Module {
  uint64_t archHash = 0;
  uint32_t flags = 0;
  std::vector<uint64_t> code;
  std::vector<uint8_t> constants;
  std::vector<TensorSig> inputs;
  std::vector<TensorSig> outputs;
  uint64_t stateBytes = 0;
  std::vector<uint8_t> stateInit; // empty: zero-filled; else stateBytes long
  std::string targetJson;
  std::vector<DebugEntry> debugMap;
  std::string producer;
  std::string commandLine;
  // Metadata.
  uint64_t scratchBytes = 0; // HBM workspace; address = launch arg 1
  uint64_t flops = 0;        // 0 when unknown
  uint64_t compulsoryHbmBytes = 0;
  uint64_t rooflineCycles = 0;
};

/// Launch argument table layout (docs/ISA.md): constants, scratch, state,
/// then one entry per input, then per output, then user arguments.
constexpr uint32_t kArgConstants = 0;
constexpr uint32_t kArgScratch = 1;
constexpr uint32_t kArgState = 2;
constexpr uint32_t kFirstIOArg = 3;

bool operator==(const TensorSig &a, const TensorSig &b);
bool operator==(const DebugEntry &a, const DebugEntry &b);
bool operator==(const Module &a, const Module &b);
inline bool operator!=(const Module &a, const Module &b) { return !(a == b); }

/// Does not validate: a module that `parse` would reject (e.g. stateInit of
/// the wrong size) serializes to a file that `parse` rejects.
std::vector<uint8_t> serialize(const Module &module);
/// The bytes `serialize` gives for `module` with `constants` as its
/// constants (`module.constants` is not read), up to the constants: they
/// are the last section and end the file, so the file is these bytes then
/// `constants`. The header checksum covers both. Lets a writer stream a
/// module with large constants to a file without a copy of them.
std::vector<uint8_t> serializeHead(const Module &module,
                                   absl::Span<const uint8_t> constants);
/// Validates every field, offset and size; never reads out of bounds.
/// Error messages do not contain a path: callers that have one prepend it.
absl::StatusOr<Module> parse(absl::Span<const uint8_t> bytes);
absl::StatusOr<Module> readFile(const std::string &path);
/// Fails, writing nothing, if `parse` would reject the serialized module.
absl::Status writeFile(const Module &module, const std::string &path);

/// One entry of the section table, for tools that show the file layout.
struct SectionEntry {
  SectionKind kind = SectionKind::Code;
  uint32_t flags = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
};
/// "Code", "Constants", ...; "unknown" for a kind outside the enum.
const char *sectionKindName(SectionKind kind);
/// The section table of `bytes`, in table order, after validating the whole
/// file exactly as `parse` does.
absl::StatusOr<std::vector<SectionEntry>>
readSectionTable(absl::Span<const uint8_t> bytes);

/// The header fields, for tools that show the file layout.
struct FileHeader {
  uint16_t versionMajor = 0;
  uint16_t versionMinor = 0;
  uint32_t flags = 0;
  uint64_t archHash = 0;
  uint32_t checksum = 0; // as stored (and verified)
  uint64_t fileSize = 0;
};
/// The header of `bytes`, after validating the whole file exactly as
/// `parse` does.
absl::StatusOr<FileHeader> readHeader(absl::Span<const uint8_t> bytes);

/// CRC-32 as in zlib and IEEE 802.3 (reflected polynomial 0xEDB88320); pass
/// a previous result as `crc` to continue a running checksum.
uint32_t crc32(absl::Span<const uint8_t> bytes, uint32_t crc = 0);
/// Recomputes the header checksum of a serialized file in place, for tests
/// and tools that patch bytes. Does nothing if `file` is shorter than the
/// header.
void updateChecksum(absl::Span<uint8_t> file);

} // namespace npu::npub

#endif
