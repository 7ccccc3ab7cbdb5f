//===- npub_fuzzer.cpp - libFuzzer target for the .npub loader ------------===//
//
// Feeds arbitrary bytes to npu::npub::parse. Besides "never crash, never read
// out of bounds, never allocate absurdly" (ASan, UBSan and libFuzzer's
// -rss_limit_mb/-malloc_limit_mb check those), every accepted file must
// survive a round trip: serialize(parse(x)) parses to the same module.
//
// Random bytes almost never carry a valid CRC-32, which would stop the
// fuzzer at the checksum check. The custom mutator therefore usually patches
// the file size and checksum fields after mutating, so that mutations reach
// the section table and payload checks behind them; it leaves some inputs
// unpatched so the header checks stay covered too.
//
// Run it through scripts/fuzz-npub.sh.
//
//===----------------------------------------------------------------------===//

#include "format/Npub.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace npu::npub;

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace {

[[noreturn]] void fail(const char *what) {
  std::fprintf(stderr, "npub_fuzzer: %s\n", what);
  std::abort();
}

// docs/BinaryFormat.md, "Header".
constexpr size_t kOffFileSize = 16;
constexpr size_t kHeaderSize = 64;

} // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned int seed) {
  size = LLVMFuzzerMutate(data, size, maxSize);
  std::minstd_rand rng(seed);
  if (size >= kHeaderSize && rng() % 8 != 0) {
    if (rng() % 8 != 0)
      for (unsigned i = 0; i < 8; ++i)
        data[kOffFileSize + i] = uint8_t(uint64_t(size) >> (8 * i));
    updateChecksum(absl::MakeSpan(data, size));
  }
  return size;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  absl::Span<const uint8_t> bytes(data, size);
  absl::StatusOr<Module> module = parse(bytes);
  absl::StatusOr<std::vector<SectionEntry>> table = readSectionTable(bytes);
  if (module.ok() != table.ok())
    fail("parse and readSectionTable disagree");
  if (!module.ok()) {
    if (module.status().message().empty())
      fail("rejected without a message");
    if (module.status().message() != table.status().message())
      fail("parse and readSectionTable give different errors");
    return 0;
  }
  std::vector<uint8_t> again = serialize(*module);
  absl::StatusOr<Module> back = parse(again);
  if (!back.ok()) {
    std::fprintf(stderr, "%s\n", std::string(back.status().message()).c_str());
    fail("a module the loader accepted serializes to a file it rejects");
  }
  if (!(*back == *module))
    fail("round trip changed the module");
  return 0;
}
