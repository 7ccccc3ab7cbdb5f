//===- Target.cpp - Reading, checking and describing target files ---------===//
//
// The schema is one table per section (kArchFields, kTimingFields) that the
// parser, the canonical serializer and formatTarget all walk, so a field
// cannot be read but not hashed, or hashed but not printed. The parser
// reports every problem of a file in one go rather than stopping at the
// first, because target files are written by hand.
//
//===----------------------------------------------------------------------===//

#include "target/Target.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <variant>

namespace npu {
namespace {

using nlohmann::json;

// Target files are a few hundred bytes; refusing anything large keeps a
// mistaken path (a binary, /dev/zero) from exhausting memory.
constexpr size_t kMaxTargetFileBytes = 1 << 20;
// Beyond this many problems the rest are noise.
constexpr size_t kMaxDiagnostics = 40;

//===----------------------------------------------------------------------===//
// The schema.
//===----------------------------------------------------------------------===//

template <typename Params>
using Member = std::variant<uint64_t Params::*, uint32_t Params::*,
                            double Params::*, bool Params::*>;

template <typename Params> struct FieldSpec {
  const char *name; // JSON name
  Member<Params> member;
  // Accepted range, inclusive unless minExclusive. Unused for booleans.
  double min;
  bool minExclusive;
  double max;
  // Why the upper bound is what it is; empty when it is only a sanity limit.
  const char *maxReason;
  // Non-empty: the value must be a power of two, for this reason.
  const char *powerOfTwoReason;
};

constexpr double kTiB = 1099511627776.0;
constexpr double kGiB = 1073741824.0;
constexpr double kMiB = 1048576.0;

using ArchField = FieldSpec<ArchParams>;
using TimingField = FieldSpec<TimingParams>;

// Schema order (also the order of formatTarget and docs/Targets.md).
const ArchField kArchFields[] = {
    {"hbm_bytes", &ArchParams::hbmBytes, 1, false, kTiB, "", ""},
    {"sram_bytes", &ArchParams::sramBytes, 1, false, kGiB, "", ""},
    {"sram_banks", &ArchParams::sramBanks, 1, false, 1024, "",
     "the bank of an address is (address / sram_bank_width_bytes) % "
     "sram_banks, taken from address bits"},
    {"sram_bank_width_bytes", &ArchParams::sramBankWidth, 1, false, 4096, "",
     "the bank of an address is (address / sram_bank_width_bytes) % "
     "sram_banks, taken from address bits"},
    {"sram_align_bytes", &ArchParams::sramAlign, 1, false, kMiB, "",
     "tile bases are checked against it with an address mask"},
    {"mxu_rows", &ArchParams::mxuRows, 1, false, 4096, "", ""},
    {"mxu_cols", &ArchParams::mxuCols, 1, false, 4096, "", ""},
    {"vpu_lanes", &ArchParams::vpuLanes, 1, false, 65536, "", ""},
    {"dma_channels", &ArchParams::dmaChannels, 1, false, 16,
     "the ch operand of dma.copy is 4 bits", ""},
    {"semaphores", &ArchParams::semaphores, 1, false, 255,
     "semaphore operands are 8 bits and 255 encodes 'none'", ""},
    {"loop_depth", &ArchParams::loopDepth, 1, false, 64, "", ""},
    {"supports_int8", &ArchParams::supportsInt8, 0, false, 0, "", ""},
    {"supports_int4", &ArchParams::supportsInt4, 0, false, 0, "", ""},
};

const TimingField kTimingFields[] = {
    {"clock_ghz", &TimingParams::clockGHz, 0, true, 10, "", ""},
    {"hbm_bytes_per_cycle", &TimingParams::hbmBytesPerCycle, 0, true, 1e6, "",
     ""},
    {"hbm_latency_cycles", &TimingParams::hbmLatency, 0, false, 1e6, "", ""},
    {"dma_channel_bytes_per_cycle", &TimingParams::dmaChannelBytesPerCycle, 0,
     true, 1e6, "", ""},
    {"sram_dma_bytes_per_cycle", &TimingParams::sramBytesPerCycle, 0, true, 1e6,
     "", ""},
    {"sram_dma_latency_cycles", &TimingParams::sramLatency, 0, false, 1e6, "",
     ""},
    {"dma_queue_depth", &TimingParams::dmaQueueDepth, 1, false, 1024, "", ""},
    {"mxu_queue_depth", &TimingParams::mxuQueueDepth, 1, false, 1024, "", ""},
    {"vpu_queue_depth", &TimingParams::vpuQueueDepth, 1, false, 1024, "", ""},
    {"mxu_fill_latency_cycles", &TimingParams::mxuFillLatency, 0, false, 1e6,
     "", ""},
    {"mxu_int8_speedup", &TimingParams::mxuInt8Speedup, 1, false, 16, "", ""},
    {"vpu_latency_cycles", &TimingParams::vpuLatency, 0, false, 1e6, "", ""},
    {"vpu_transcendental_cost_cycles", &TimingParams::vpuTranscendentalCost, 1,
     false, 1024, "", ""},
    {"issue_cycles", &TimingParams::issueCycles, 1, false, 1024, "", ""},
};

const char *const kTopLevelFields[] = {"schema_version", "name", "description",
                                       "arch", "timing"};

//===----------------------------------------------------------------------===//
// Diagnostics.
//===----------------------------------------------------------------------===//

/// Collects the problems of one file; each line is `source: path: message`.
class Diagnostics {
public:
  explicit Diagnostics(std::string source) : source_(std::move(source)) {}

  void error(const std::string &path, const std::string &message) {
    add(absl::StrCat(source_, ": ", path, ": ", message));
  }
  /// For problems that belong to no field (the file as a whole).
  void fileError(const std::string &message) {
    add(absl::StrCat(source_, ": ", message));
  }
  bool empty() const { return messages_.empty(); }
  absl::Status status() const {
    std::string text = absl::StrJoin(messages_, "\n");
    if (truncated_)
      absl::StrAppend(&text, "\n", source_, ": too many errors; stopping");
    return absl::InvalidArgumentError(text);
  }

private:
  void add(std::string line) {
    if (messages_.size() < kMaxDiagnostics)
      messages_.push_back(std::move(line));
    else
      truncated_ = true;
  }

  std::string source_;
  std::vector<std::string> messages_;
  bool truncated_ = false;
};

/// A short rendering of a JSON value for "got ..." in messages.
std::string describeValue(const json &value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 40)
    text = text.substr(0, 37) + "...";
  return absl::StrCat(value.type_name(), " ", text);
}

/// Bounds are whole numbers up to 2^40 or plain decimals; print them
/// without an exponent or trailing zeros.
std::string formatBound(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    return absl::StrCat(static_cast<int64_t>(value));
  return absl::StrCat(value);
}

/// Edit distance counting a swap of adjacent letters as one edit (optimal
/// string alignment), since swaps are the commonest typo.
size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1,
                                     std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

/// The closest of `candidates` to `name`, or empty when none is close
/// enough to be a plausible typo.
std::string closestName(std::string_view name,
                        const std::vector<std::string_view> &candidates) {
  size_t limit = std::max<size_t>(1, std::min<size_t>(3, name.size() / 3));
  std::string_view best;
  size_t bestDistance = limit + 1;
  for (std::string_view candidate : candidates) {
    size_t distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return std::string(best);
}

template <typename Params>
std::vector<std::string_view> fieldNames(const FieldSpec<Params> *begin,
                                         const FieldSpec<Params> *end) {
  std::vector<std::string_view> names;
  for (const FieldSpec<Params> *f = begin; f != end; ++f)
    names.push_back(f->name);
  return names;
}

std::vector<std::string_view> archFieldNames() {
  return fieldNames(std::begin(kArchFields), std::end(kArchFields));
}
std::vector<std::string_view> timingFieldNames() {
  return fieldNames(std::begin(kTimingFields), std::end(kTimingFields));
}
std::vector<std::string_view> topLevelFieldNames() {
  return {std::begin(kTopLevelFields), std::end(kTopLevelFields)};
}

bool contains(const std::vector<std::string_view> &names,
              std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// Reports a field that is not in the schema of `section` ("" for the top
/// level), suggesting the field it was probably meant to be.
void reportUnknownField(Diagnostics &diags, const std::string &section,
                        const std::string &name) {
  std::string message = absl::StrCat("unknown field '", name, "'");
  // A field put in the wrong section is a common slip; name the right one.
  std::string home;
  if (section != "arch" && contains(archFieldNames(), name))
    home = "arch";
  else if (section != "timing" && contains(timingFieldNames(), name))
    home = "timing";
  if (!home.empty()) {
    absl::StrAppend(&message, "; it belongs in ", home);
  } else {
    std::vector<std::string_view> candidates =
        section == "arch"     ? archFieldNames()
        : section == "timing" ? timingFieldNames()
                              : topLevelFieldNames();
    std::string suggestion = closestName(name, candidates);
    if (!suggestion.empty())
      absl::StrAppend(&message, "; did you mean '", suggestion, "'?");
  }
  if (section.empty())
    diags.fileError(message);
  else
    diags.error(section, message);
}

//===----------------------------------------------------------------------===//
// Field readers.
//===----------------------------------------------------------------------===//

bool isPowerOfTwo(uint64_t value) {
  return value != 0 && (value & (value - 1)) == 0;
}

/// Reads an unsigned integer field; reports and returns false on error.
template <typename Params>
bool readUnsigned(Diagnostics &diags, const std::string &path,
                  const FieldSpec<Params> &spec, const json &value,
                  uint64_t &out) {
  if (value.is_number_float()) {
    diags.error(path,
                absl::StrCat("must be an integer, got ", describeValue(value),
                             " (write it without '.' or an exponent)"));
    return false;
  }
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    std::string bound = spec.min >= 1 ? "must be > 0" : "must be >= 0";
    diags.error(path, absl::StrCat(bound, ", got ", value.get<int64_t>()));
    return false;
  }
  if (!value.is_number_unsigned()) {
    diags.error(path, absl::StrCat("must be an unsigned integer, got ",
                                   describeValue(value)));
    return false;
  }
  uint64_t number = value.get<uint64_t>();
  if (static_cast<double>(number) < spec.min) {
    std::string bound =
        spec.min == 1 ? std::string("must be > 0")
                      : absl::StrCat("must be >= ", formatBound(spec.min));
    diags.error(path, absl::StrCat(bound, ", got ", number));
    return false;
  }
  if (static_cast<double>(number) > spec.max) {
    std::string message =
        absl::StrCat("must be <= ", formatBound(spec.max), ", got ", number);
    if (*spec.maxReason)
      absl::StrAppend(&message, " (", spec.maxReason, ")");
    diags.error(path, message);
    return false;
  }
  if (*spec.powerOfTwoReason && !isPowerOfTwo(number)) {
    diags.error(path, absl::StrCat("must be a power of two, got ", number, " (",
                                   spec.powerOfTwoReason, ")"));
    return false;
  }
  out = number;
  return true;
}

template <typename Params>
bool readReal(Diagnostics &diags, const std::string &path,
              const FieldSpec<Params> &spec, const json &value, double &out) {
  if (!value.is_number()) {
    diags.error(path,
                absl::StrCat("must be a number, got ", describeValue(value)));
    return false;
  }
  double number = value.get<double>();
  bool tooSmall =
      spec.minExclusive ? !(number > spec.min) : !(number >= spec.min);
  if (tooSmall || !std::isfinite(number)) {
    diags.error(path,
                absl::StrCat(spec.minExclusive ? "must be > " : "must be >= ",
                             formatBound(spec.min), ", got ", value.dump()));
    return false;
  }
  if (number > spec.max) {
    std::string message = absl::StrCat("must be <= ", formatBound(spec.max),
                                       ", got ", value.dump());
    if (*spec.maxReason)
      absl::StrAppend(&message, " (", spec.maxReason, ")");
    diags.error(path, message);
    return false;
  }
  out = number;
  return true;
}

/// Reads every field of `section` into `params`; returns the names of the
/// fields that were read successfully.
template <typename Params, size_t N>
std::set<std::string> readSection(Diagnostics &diags,
                                  const std::string &sectionName,
                                  const FieldSpec<Params> (&specs)[N],
                                  const json &section, Params &params) {
  std::set<std::string> good;
  for (const auto &[key, unused] : section.items()) {
    bool known = std::any_of(std::begin(specs), std::end(specs),
                             [&](const auto &s) { return key == s.name; });
    if (!known)
      reportUnknownField(diags, sectionName, key);
  }
  for (const FieldSpec<Params> &spec : specs) {
    std::string path = absl::StrCat(sectionName, ".", spec.name);
    auto it = section.find(spec.name);
    if (it == section.end()) {
      diags.error(path, "missing required field");
      continue;
    }
    const json &value = *it;
    bool ok = std::visit(
        [&](auto member) -> bool {
          using T = std::remove_reference_t<decltype(params.*member)>;
          if constexpr (std::is_same_v<T, bool>) {
            if (!value.is_boolean()) {
              diags.error(path, absl::StrCat("must be true or false, got ",
                                             describeValue(value)));
              return false;
            }
            params.*member = value.get<bool>();
            return true;
          } else if constexpr (std::is_same_v<T, double>) {
            return readReal(diags, path, spec, value, params.*member);
          } else {
            uint64_t number = 0;
            if (!readUnsigned(diags, path, spec, value, number))
              return false;
            params.*member = static_cast<T>(number);
            return true;
          }
        },
        spec.member);
    if (ok)
      good.insert(spec.name);
  }
  return good;
}

/// Constraints between arch fields, checked once each field is valid alone.
void checkArchConsistency(Diagnostics &diags, const ArchParams &arch,
                          const std::set<std::string> &good) {
  auto have = [&](std::initializer_list<const char *> names) {
    return std::all_of(names.begin(), names.end(),
                       [&](const char *n) { return good.count(n) != 0; });
  };
  if (have({"sram_bytes", "sram_banks", "sram_bank_width_bytes"})) {
    uint64_t stripe = uint64_t(arch.sramBanks) * arch.sramBankWidth;
    if (arch.sramBytes % stripe != 0)
      diags.error("arch.sram_bytes",
                  absl::StrCat("must be a multiple of sram_banks * "
                               "sram_bank_width_bytes = ",
                               stripe,
                               " so that every bank has the same "
                               "number of rows, got ",
                               arch.sramBytes));
  }
  if (have({"sram_bytes", "sram_align_bytes"}) &&
      arch.sramAlign > arch.sramBytes)
    diags.error("arch.sram_align_bytes",
                absl::StrCat("must be <= sram_bytes (", arch.sramBytes,
                             "), got ", arch.sramAlign));
}

/// Rejects repeated keys, which nlohmann-json would silently resolve to the
/// last one: in a hand-written file the first is as likely to be intended.
class DuplicateKeyFinder {
public:
  explicit DuplicateKeyFinder(Diagnostics &diags) : diags_(diags) {}

  bool operator()(int, json::parse_event_t event, json &parsed) {
    switch (event) {
    case json::parse_event_t::object_start:
    case json::parse_event_t::array_start:
      levels_.push_back({});
      break;
    case json::parse_event_t::object_end:
    case json::parse_event_t::array_end:
      if (!levels_.empty())
        levels_.pop_back();
      break;
    case json::parse_event_t::key: {
      if (levels_.empty() || !parsed.is_string())
        break;
      Level &level = levels_.back();
      level.current = parsed.get<std::string>();
      if (!level.keys.insert(level.current).second)
        diags_.error(path(),
                     absl::StrCat("duplicate field '", level.current, "'"));
      break;
    }
    case json::parse_event_t::value:
      break;
    }
    return true;
  }

private:
  struct Level {
    std::set<std::string> keys;
    std::string current;
  };
  std::string path() const {
    std::vector<std::string> parts;
    for (const Level &level : levels_)
      parts.push_back(level.current.empty() ? "[]" : level.current);
    return absl::StrJoin(parts, ".");
  }

  Diagnostics &diags_;
  std::vector<Level> levels_;
};

/// `file:line:column: message` for a JSON syntax error at 1-based byte
/// `byte`.
std::string syntaxErrorMessage(const std::string &source, std::string_view text,
                               size_t byte, const char *what) {
  size_t before = std::min(byte == 0 ? 0 : byte - 1, text.size());
  size_t line = 1 + std::count(text.begin(), text.begin() + before, '\n');
  size_t lineStart = text.rfind('\n', before == 0 ? 0 : before - 1);
  lineStart =
      (lineStart == std::string_view::npos || before == 0) ? 0 : lineStart + 1;
  size_t column = before - lineStart + 1;
  // nlohmann's text is "[json.exception...] parse error at line L, column
  // C: detail"; keep only the detail, the position is rendered above.
  std::string detail = what;
  size_t colon = detail.find(": ");
  if (colon != std::string::npos)
    detail.erase(0, colon + 2);
  return absl::StrCat(source, ":", line, ":", column,
                      ": invalid JSON: ", detail);
}

bool isValidTargetName(std::string_view name) {
  if (name.empty() || name.size() > 64)
    return false;
  if (!std::isalnum(static_cast<unsigned char>(name[0])))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
           c == '_' || c == '.';
  });
}

/// Canonical form of the arch section: every field, sorted keys (json's
/// object is a std::map), no whitespace. Built from the parsed values, so it
/// is independent of how the file was written.
template <typename Json> Json archToJson(const ArchParams &arch) {
  Json object = Json::object();
  for (const ArchField &spec : kArchFields)
    std::visit([&](auto member) { object[spec.name] = arch.*member; },
               spec.member);
  return object;
}

template <typename Json> Json timingToJson(const TimingParams &timing) {
  Json object = Json::object();
  for (const TimingField &spec : kTimingFields)
    std::visit([&](auto member) { object[spec.name] = timing.*member; },
               spec.member);
  return object;
}

absl::StatusOr<std::string> readTargetFile(const std::string &path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": is a directory, not a target file"));
  FILE *file = std::fopen(path.c_str(), "rb");
  if (!file) {
    int error = errno;
    std::string message = absl::StrCat("cannot open target file '", path,
                                       "': ", std::strerror(error));
    if (error == ENOENT)
      return absl::NotFoundError(message);
    return absl::InvalidArgumentError(message);
  }
  std::string text;
  char buffer[8192];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    text.append(buffer, got);
    if (text.size() > kMaxTargetFileBytes)
      break;
  }
  bool readError = std::ferror(file);
  std::fclose(file);
  if (readError)
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": read error: ", std::strerror(errno)));
  if (text.size() > kMaxTargetFileBytes)
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": file is larger than ", kMaxTargetFileBytes,
                     " bytes; not a target file"));
  return text;
}

/// A file path, as opposed to a target name: has a directory part or the
/// .json extension.
bool looksLikePath(std::string_view nameOrPath) {
  return nameOrPath.find('/') != std::string_view::npos ||
         (nameOrPath.size() >= 5 &&
          nameOrPath.substr(nameOrPath.size() - 5) == ".json");
}

absl::StatusOr<Target> loadTargetFile(const std::string &path) {
  absl::StatusOr<std::string> text = readTargetFile(path);
  if (!text.ok())
    return text.status();
  return parseTarget(*text, path);
}

} // namespace

//===----------------------------------------------------------------------===//
// Public interface.
//===----------------------------------------------------------------------===//

uint64_t Target::archHash() const {
  uint64_t hash = 14695981039346656037ull; // FNV-1a 64 offset basis
  for (unsigned char c : archJson) {
    hash ^= c;
    hash *= 1099511628211ull; // FNV-1a 64 prime
  }
  return hash;
}

double Target::peakFlopsPerCycleBf16() const {
  return 2.0 * arch.mxuRows * arch.mxuCols;
}

double Target::peakFlopsPerCycleInt8() const {
  // Without int8 support there is no int8 throughput to speak of.
  if (!arch.supportsInt8)
    return 0;
  return peakFlopsPerCycleBf16() * timing.mxuInt8Speedup;
}

double Target::peakFlopsPerSecondBf16() const {
  return peakFlopsPerCycleBf16() * timing.clockGHz * 1e9;
}

double Target::peakFlopsPerSecondInt8() const {
  return peakFlopsPerCycleInt8() * timing.clockGHz * 1e9;
}

double Target::hbmBytesPerSecond() const {
  return timing.hbmBytesPerCycle * timing.clockGHz * 1e9;
}

double Target::ridgePointBf16() const {
  // A default-constructed target has no bandwidth; avoid inf/NaN.
  if (timing.hbmBytesPerCycle <= 0)
    return 0;
  return peakFlopsPerCycleBf16() / timing.hbmBytesPerCycle;
}

absl::StatusOr<Target> parseTarget(std::string_view text,
                                   std::string_view sourceNameView) {
  const std::string sourceName(sourceNameView);
  Diagnostics diags(sourceName);
  // Every nlohmann exception stays in here; callers only see a Status.
  try {
    json root;
    try {
      root = json::parse(text.begin(), text.end(), DuplicateKeyFinder(diags));
    } catch (const json::parse_error &e) {
      return absl::InvalidArgumentError(
          syntaxErrorMessage(sourceName, text, e.byte, e.what()));
    } catch (const json::exception &e) {
      // e.g. a number too large for a double.
      std::string detail = e.what();
      size_t bracket = detail.find("] ");
      if (bracket != std::string::npos)
        detail.erase(0, bracket + 2);
      return absl::InvalidArgumentError(
          absl::StrCat(sourceName, ": invalid JSON: ", detail));
    }

    if (!root.is_object()) {
      diags.fileError(
          absl::StrCat("must hold a JSON object, got ", describeValue(root)));
      return diags.status();
    }

    Target target;
    target.source = std::string(sourceName);

    for (const auto &[key, unused] : root.items())
      if (!contains(topLevelFieldNames(), key))
        reportUnknownField(diags, "", key);

    if (auto it = root.find("schema_version"); it == root.end()) {
      diags.error("schema_version", "missing required field");
    } else if (!it->is_number_unsigned()) {
      diags.error("schema_version",
                  absl::StrCat("must be an unsigned integer, got ",
                               describeValue(*it)));
    } else if (it->get<uint64_t>() != kTargetSchemaVersion) {
      diags.error("schema_version",
                  absl::StrCat("unsupported version ", it->get<uint64_t>(),
                               "; this build reads version ",
                               kTargetSchemaVersion));
    }

    if (auto it = root.find("name"); it == root.end()) {
      diags.error("name", "missing required field");
    } else if (!it->is_string()) {
      diags.error("name",
                  absl::StrCat("must be a string, got ", describeValue(*it)));
    } else if (!isValidTargetName(it->get<std::string>())) {
      diags.error("name",
                  absl::StrCat("must be 1 to 64 letters, digits, '-', '_' or "
                               "'.', starting with a letter or digit, got ",
                               describeValue(*it)));
    } else {
      target.name = it->get<std::string>();
    }

    if (auto it = root.find("description"); it == root.end()) {
      diags.error("description", "missing required field");
    } else if (!it->is_string()) {
      diags.error("description",
                  absl::StrCat("must be a string, got ", describeValue(*it)));
    } else {
      target.description = it->get<std::string>();
    }

    if (auto it = root.find("arch"); it == root.end()) {
      diags.error("arch", "missing required section");
    } else if (!it->is_object()) {
      diags.error("arch",
                  absl::StrCat("must be an object, got ", describeValue(*it)));
    } else {
      std::set<std::string> good =
          readSection(diags, "arch", kArchFields, *it, target.arch);
      checkArchConsistency(diags, target.arch, good);
    }

    if (auto it = root.find("timing"); it == root.end()) {
      diags.error("timing", "missing required section");
    } else if (!it->is_object()) {
      diags.error("timing",
                  absl::StrCat("must be an object, got ", describeValue(*it)));
    } else {
      readSection(diags, "timing", kTimingFields, *it, target.timing);
    }

    if (!diags.empty())
      return diags.status();
    target.archJson = archToJson<json>(target.arch).dump();
    return target;
  } catch (const std::exception &e) {
    return absl::InternalError(
        absl::StrCat(sourceName, ": unexpected error: ", e.what()));
  }
}

std::vector<std::string> targetSearchDirs() {
  std::vector<std::string> dirs;
  if (const char *path = std::getenv("NPU_TARGET_PATH"))
    for (absl::string_view dir : absl::StrSplit(path, ':', absl::SkipEmpty()))
      dirs.emplace_back(dir);
#ifdef NPU_TARGETS_DIR
  dirs.emplace_back(NPU_TARGETS_DIR);
#endif
  // $NPU_TARGET_PATH often names the installed directory too; list each
  // directory once so that messages stay short.
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (const std::string &dir : dirs) {
    std::error_code ec;
    std::filesystem::path canonical =
        std::filesystem::weakly_canonical(dir, ec);
    if (seen.insert(ec ? dir : canonical.string()).second)
      unique.push_back(dir);
  }
  return unique;
}

std::vector<std::string> knownTargetNames() {
  std::set<std::string> names;
  for (const std::string &dir : targetSearchDirs()) {
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const std::filesystem::path &path = it->path();
      std::error_code typeError;
      if (path.extension() == ".json" && it->is_regular_file(typeError) &&
          !typeError)
        names.insert(path.stem().string());
    }
  }
  return {names.begin(), names.end()};
}

absl::StatusOr<Target> loadTarget(std::string_view nameOrPathView) {
  const std::string nameOrPath(nameOrPathView);
  if (nameOrPath.empty())
    return absl::InvalidArgumentError("empty target name");
  if (looksLikePath(nameOrPath))
    return loadTargetFile(std::string(nameOrPath));

  std::vector<std::string> dirs = targetSearchDirs();
  for (const std::string &dir : dirs) {
    std::filesystem::path candidate =
        std::filesystem::path(dir) / absl::StrCat(nameOrPath, ".json");
    std::error_code ec;
    if (!std::filesystem::exists(candidate, ec))
      continue;
    absl::StatusOr<Target> target = loadTargetFile(candidate.string());
    if (target.ok() && target->name != nameOrPath)
      // A copied file whose name was not updated would otherwise put the
      // wrong name into every binary built for it.
      return absl::InvalidArgumentError(
          absl::StrCat(candidate.string(), ": name: is '", target->name,
                       "' but the file is found as target '", nameOrPath,
                       "'; the name must match the file name"));
    return target;
  }

  std::vector<std::string> known = knownTargetNames();
  std::string message = absl::StrCat("unknown target '", nameOrPath, "'; ");
  if (known.empty())
    absl::StrAppend(&message, "no targets found");
  else
    absl::StrAppend(&message, "known targets: ", absl::StrJoin(known, ", "));
  absl::StrAppend(&message, " (searched ",
                  dirs.empty() ? std::string("nothing: $NPU_TARGET_PATH is "
                                             "unset")
                               : absl::StrJoin(dirs, ", "),
                  ")");
  return absl::NotFoundError(message);
}

Target withTimingOf(const Target &base, const Target &other) {
  Target result = base;
  result.timing = other.timing;
  return result;
}

std::string formatTarget(const Target &target, int indent) {
  using ordered = nlohmann::ordered_json;
  ordered root = ordered::object();
  root["schema_version"] = kTargetSchemaVersion;
  root["name"] = target.name;
  root["description"] = target.description;
  root["arch"] = archToJson<ordered>(target.arch);
  root["timing"] = timingToJson<ordered>(target.timing);
  // A hand-built Target may hold invalid UTF-8; replace rather than throw.
  return root.dump(indent, ' ', false, json::error_handler_t::replace);
}

} // namespace npu
