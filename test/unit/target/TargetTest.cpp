//===- TargetTest.cpp - Target files: parsing, hashing, derived figures ---===//
//
// Expected derived figures are computed here from each target's own
// parameters, so retuning a shipped target does not break these tests; what
// is pinned down is the formulas and the properties the targets are meant
// to have (npu-tiny is small, npu-v1 needs several channels for full HBM
// bandwidth).
//
//===----------------------------------------------------------------------===//

#include "target/Target.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

namespace npu {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::string kTargetsDir = NPU_SOURCE_DIR "/targets";

std::string readText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

json shippedJson(const std::string &name) {
  return json::parse(readText(kTargetsDir + "/" + name + ".json"));
}

/// Parses `doc` as if read from "t.json"; expects success.
Target parseOk(const json &doc) {
  absl::StatusOr<Target> target = parseTarget(doc.dump(2), "t.json");
  EXPECT_TRUE(target.ok()) << target.status();
  return target.ok() ? *target : Target();
}

/// Parses `text` as if read from "bad.json"; expects failure and returns the
/// message.
std::string parseTextError(const std::string &text) {
  absl::StatusOr<Target> target = parseTarget(text, "bad.json");
  EXPECT_FALSE(target.ok()) << "accepted:\n" << text;
  if (target.ok())
    return "";
  EXPECT_EQ(target.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(target.status().message());
}

std::string parseError(const json &doc) { return parseTextError(doc.dump(2)); }

/// Sets an environment variable for the lifetime of the object.
class ScopedEnv {
public:
  ScopedEnv(const char *name, const std::string &value) : name_(name) {
    if (const char *old = std::getenv(name))
      old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      setenv(name_, old_->c_str(), 1);
    else
      unsetenv(name_);
  }

private:
  const char *name_;
  std::optional<std::string> old_;
};

/// A fresh directory under the test temp dir.
fs::path makeTempDir(const std::string &name) {
  fs::path dir =
      fs::path(testing::TempDir()) / ("npu-target-test-" + name + "-" +
                                      std::to_string(std::random_device()()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void writeText(const fs::path &path, const std::string &text) {
  std::ofstream(path, std::ios::binary) << text;
}

//===----------------------------------------------------------------------===//
// Shipped targets.
//===----------------------------------------------------------------------===//

class ShippedTarget : public testing::TestWithParam<const char *> {};

TEST_P(ShippedTarget, ParsesAndDerivesFiguresFromItsParameters) {
  std::string name = GetParam();
  absl::StatusOr<Target> loaded =
      loadTarget(kTargetsDir + "/" + name + ".json");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const Target &t = *loaded;
  EXPECT_EQ(t.name, name);
  EXPECT_FALSE(t.description.empty());
  EXPECT_EQ(t.source, kTargetsDir + "/" + name + ".json");

  // The values in the file, read independently of the parser.
  json doc = shippedJson(name);
  const json &arch = doc["arch"], &timing = doc["timing"];
  EXPECT_EQ(t.arch.sramBytes, arch["sram_bytes"].get<uint64_t>());
  EXPECT_EQ(t.arch.mxuRows, arch["mxu_rows"].get<uint32_t>());
  EXPECT_EQ(t.timing.hbmLatency, timing["hbm_latency_cycles"].get<uint32_t>());

  double rows = arch["mxu_rows"].get<double>();
  double cols = arch["mxu_cols"].get<double>();
  double clockHz = timing["clock_ghz"].get<double>() * 1e9;
  double hbmPerCycle = timing["hbm_bytes_per_cycle"].get<double>();
  double bf16PerCycle = 2 * rows * cols;
  double int8PerCycle = bf16PerCycle * timing["mxu_int8_speedup"].get<double>();
  EXPECT_DOUBLE_EQ(t.peakFlopsPerCycleBf16(), bf16PerCycle);
  EXPECT_DOUBLE_EQ(t.peakFlopsPerCycleInt8(), int8PerCycle);
  EXPECT_DOUBLE_EQ(t.peakFlopsPerSecondBf16(), bf16PerCycle * clockHz);
  EXPECT_DOUBLE_EQ(t.peakFlopsPerSecondInt8(), int8PerCycle * clockHz);
  EXPECT_DOUBLE_EQ(t.hbmBytesPerSecond(), hbmPerCycle * clockHz);
  EXPECT_DOUBLE_EQ(t.ridgePointBf16(), bf16PerCycle / hbmPerCycle);

  // The SRAM divides evenly into banks.
  EXPECT_EQ(t.arch.sramBytes %
                (uint64_t(t.arch.sramBanks) * t.arch.sramBankWidth),
            0u);
}

TEST_P(ShippedTarget, IsFoundByName) {
  std::string name = GetParam();
  ScopedEnv env("NPU_TARGET_PATH", kTargetsDir);
  absl::StatusOr<Target> byName = loadTarget(name);
  ASSERT_TRUE(byName.ok()) << byName.status();
  EXPECT_EQ(byName->name, name);
  EXPECT_EQ(byName->archHash(),
            loadTarget(kTargetsDir + "/" + name + ".json")->archHash());
}

TEST_P(ShippedTarget, FormatTargetRoundTrips) {
  absl::StatusOr<Target> t =
      loadTarget(kTargetsDir + "/" + std::string(GetParam()) + ".json");
  ASSERT_TRUE(t.ok()) << t.status();
  for (int indent : {-1, 2}) {
    absl::StatusOr<Target> back =
        parseTarget(formatTarget(*t, indent), "formatted.json");
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->name, t->name);
    EXPECT_EQ(back->description, t->description);
    EXPECT_EQ(back->archJson, t->archJson);
    EXPECT_EQ(formatTarget(*back), formatTarget(*t));
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, ShippedTarget,
                         testing::Values("npu-v1", "npu-tiny"));

TEST(ShippedTargets, HaveTheIntendedCharacter) {
  Target v1 = *loadTarget(kTargetsDir + "/npu-v1.json");
  Target tiny = *loadTarget(kTargetsDir + "/npu-tiny.json");
  // npu-v1: a single DMA channel cannot saturate HBM, all of them can.
  EXPECT_LT(v1.timing.dmaChannelBytesPerCycle, v1.timing.hbmBytesPerCycle);
  EXPECT_GE(v1.timing.dmaChannelBytesPerCycle * v1.arch.dmaChannels,
            v1.timing.hbmBytesPerCycle);
  // npu-tiny is smaller in every resource the compiler must tile for.
  EXPECT_LT(tiny.arch.sramBytes, v1.arch.sramBytes);
  EXPECT_LT(tiny.arch.mxuRows, v1.arch.mxuRows);
  EXPECT_LT(tiny.arch.dmaChannels, v1.arch.dmaChannels);
  EXPECT_LT(tiny.arch.semaphores, v1.arch.semaphores);
  EXPECT_LT(tiny.timing.hbmBytesPerCycle, v1.timing.hbmBytesPerCycle);
  EXPECT_NE(tiny.archHash(), v1.archHash());
  // The default target exists.
  EXPECT_EQ(std::string(kDefaultTargetName), v1.name);
}

//===----------------------------------------------------------------------===//
// Derived figures of hand-built targets.
//===----------------------------------------------------------------------===//

TEST(Derived, DefaultConstructedTargetHasNoInfiniteFigures) {
  Target t;
  EXPECT_EQ(t.ridgePointBf16(), 0);
  EXPECT_EQ(t.peakFlopsPerSecondBf16(), 0);
  EXPECT_TRUE(std::isfinite(t.hbmBytesPerSecond()));
}

TEST(Derived, NoInt8ThroughputWithoutInt8Support) {
  json doc = shippedJson("npu-v1");
  doc["arch"]["supports_int8"] = false;
  Target t = parseOk(doc);
  EXPECT_EQ(t.peakFlopsPerCycleInt8(), 0);
  EXPECT_EQ(t.peakFlopsPerSecondInt8(), 0);
  EXPECT_GT(t.peakFlopsPerCycleBf16(), 0);
}

//===----------------------------------------------------------------------===//
// The arch hash.
//===----------------------------------------------------------------------===//

/// The same JSON with every object's keys in reverse order and no
/// whitespace: a different text for the same content.
std::string reversedCompact(const json &doc) {
  if (!doc.is_object())
    return doc.dump();
  std::string out = "{";
  bool first = true;
  for (auto it = doc.rbegin(); it != doc.rend(); ++it) {
    out += (first ? "" : ",") + json(it.key()).dump() + ":" +
           reversedCompact(it.value());
    first = false;
  }
  return out + "}";
}

TEST(ArchHash, IgnoresFormattingAndKeyOrder) {
  json doc = shippedJson("npu-v1");
  Target pretty = parseOk(doc);
  absl::StatusOr<Target> compact =
      parseTarget(reversedCompact(doc), "compact.json");
  ASSERT_TRUE(compact.ok()) << compact.status();
  absl::StatusOr<Target> spaced = parseTarget(doc.dump(8), "spaced.json");
  ASSERT_TRUE(spaced.ok()) << spaced.status();
  EXPECT_EQ(compact->archJson, pretty.archJson);
  EXPECT_EQ(compact->archHash(), pretty.archHash());
  EXPECT_EQ(spaced->archHash(), pretty.archHash());
  // Name and description are not part of the architecture either.
  doc["name"] = "renamed";
  doc["description"] = "another description";
  EXPECT_EQ(parseOk(doc).archHash(), pretty.archHash());
}

TEST(ArchHash, IsCanonicalSortedCompactJson) {
  Target t = parseOk(shippedJson("npu-tiny"));
  EXPECT_EQ(t.archJson.find_first_of(" \n\t"), std::string::npos);
  json arch = json::parse(t.archJson);
  EXPECT_EQ(arch, shippedJson("npu-tiny")["arch"]);
  EXPECT_EQ(arch.dump(), t.archJson); // nlohmann's json sorts keys
}

TEST(ArchHash, IsFnv1a64OfArchJson) {
  Target t;
  t.archJson = "";
  EXPECT_EQ(t.archHash(), 0xcbf29ce484222325ull); // FNV-1a 64 offset basis
  t.archJson = "a";
  EXPECT_EQ(t.archHash(), 0xaf63dc4c8601ec8cull); // published test vector
}

TEST(ArchHash, IgnoresEveryTimingField) {
  json doc = shippedJson("npu-v1");
  Target base = parseOk(doc);
  for (auto &[key, value] : doc["timing"].items()) {
    json changed = doc;
    if (value.is_number_float())
      changed["timing"][key] = value.get<double>() * 0.5;
    else
      changed["timing"][key] = value.get<uint64_t>() + 1;
    Target t = parseOk(changed);
    EXPECT_EQ(t.archHash(), base.archHash()) << "timing." << key;
    EXPECT_NE(formatTarget(t), formatTarget(base)) << "timing." << key;
  }
}

TEST(ArchHash, ChangesWithEveryArchField) {
  json doc = shippedJson("npu-v1");
  Target base = parseOk(doc);
  for (auto &[key, value] : doc["arch"].items()) {
    json changed = doc;
    // Doubling keeps powers of two and bank multiples valid.
    if (value.is_boolean())
      changed["arch"][key] = !value.get<bool>();
    else
      changed["arch"][key] = value.get<uint64_t>() * 2;
    Target t = parseOk(changed);
    EXPECT_NE(t.archHash(), base.archHash()) << "arch." << key;
  }
}

TEST(WithTimingOf, TakesArchFromBaseAndTimingFromOther) {
  Target v1 = *loadTarget(kTargetsDir + "/npu-v1.json");
  Target tiny = *loadTarget(kTargetsDir + "/npu-tiny.json");
  Target mixed = withTimingOf(v1, tiny);
  EXPECT_EQ(mixed.name, v1.name);
  EXPECT_EQ(mixed.archHash(), v1.archHash());
  EXPECT_EQ(mixed.arch.sramBytes, v1.arch.sramBytes);
  EXPECT_EQ(mixed.timing.clockGHz, tiny.timing.clockGHz);
  EXPECT_EQ(mixed.timing.hbmLatency, tiny.timing.hbmLatency);
  EXPECT_DOUBLE_EQ(mixed.hbmBytesPerSecond(), tiny.hbmBytesPerSecond());
}

//===----------------------------------------------------------------------===//
// Errors: each class names the file and the field.
//===----------------------------------------------------------------------===//

TEST(Errors, UnknownFieldSuggestsTheClosestName) {
  json doc = shippedJson("npu-v1");
  doc["arch"]["sram_byts"] = doc["arch"]["sram_bytes"];
  doc["arch"].erase("sram_bytes");
  std::string message = parseError(doc);
  EXPECT_NE(message.find("bad.json: arch: unknown field 'sram_byts'; did you "
                         "mean 'sram_bytes'?"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("bad.json: arch.sram_bytes: missing required field"),
            std::string::npos)
      << message;
}

TEST(Errors, SwappedLettersAreATypoToo) {
  json doc = shippedJson("npu-v1");
  doc["nmae"] = "x";
  EXPECT_NE(parseError(doc).find("bad.json: unknown field 'nmae'; did you mean "
                                 "'name'?"),
            std::string::npos);
}

TEST(Errors, FieldInTheWrongSectionNamesTheRightOne) {
  json doc = shippedJson("npu-v1");
  doc["arch"]["clock_ghz"] = doc["timing"]["clock_ghz"];
  doc["timing"].erase("clock_ghz");
  std::string message = parseError(doc);
  EXPECT_NE(
      message.find("bad.json: arch: unknown field 'clock_ghz'; it belongs in "
                   "timing"),
      std::string::npos)
      << message;
}

TEST(Errors, UnrelatedUnknownFieldHasNoSuggestion) {
  json doc = shippedJson("npu-v1");
  doc["timing"]["warp_drive"] = 9;
  std::string message = parseError(doc);
  EXPECT_NE(message.find("bad.json: timing: unknown field 'warp_drive'"),
            std::string::npos);
  EXPECT_EQ(message.find("did you mean"), std::string::npos) << message;
}

TEST(Errors, MissingFieldsAndSections) {
  json doc = shippedJson("npu-v1");
  doc["timing"].erase("issue_cycles");
  doc.erase("description");
  EXPECT_NE(
      parseError(doc).find("bad.json: timing.issue_cycles: missing required "
                           "field"),
      std::string::npos);
  EXPECT_NE(parseError(doc).find("bad.json: description: missing required "
                                 "field"),
            std::string::npos);
  doc.erase("arch");
  EXPECT_NE(parseError(doc).find("bad.json: arch: missing required section"),
            std::string::npos);
}

struct BadValue {
  const char *section;
  const char *field;
  json value;
  const char *expected; // after "bad.json: section.field: "
};

class BadValues : public testing::TestWithParam<BadValue> {};

TEST_P(BadValues, NameFileFieldAndProblem) {
  const BadValue &bad = GetParam();
  json doc = shippedJson("npu-v1");
  doc[bad.section][bad.field] = bad.value;
  std::string expected = std::string("bad.json: ") + bad.section + "." +
                         bad.field + ": " + bad.expected;
  std::string message = parseError(doc);
  EXPECT_NE(message.find(expected), std::string::npos)
      << "expected: " << expected << "\nmessage:  " << message;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, BadValues,
    testing::Values(
        // Zero and negative sizes.
        BadValue{"arch", "sram_bytes", 0, "must be > 0, got 0"},
        BadValue{"arch", "hbm_bytes", -4096, "must be > 0, got -4096"},
        BadValue{"timing", "clock_ghz", 0.0, "must be > 0, got 0.0"},
        BadValue{"timing", "hbm_bytes_per_cycle", -1.5,
                 "must be > 0, got -1.5"},
        BadValue{"timing", "hbm_latency_cycles", -1, "must be >= 0, got -1"},
        BadValue{"timing", "issue_cycles", 0, "must be > 0, got 0"},
        // Hardware that needs powers of two.
        BadValue{"arch", "sram_banks", 24, "must be a power of two, got 24"},
        BadValue{"arch", "sram_bank_width_bytes", 96,
                 "must be a power of two, got 96"},
        BadValue{"arch", "sram_align_bytes", 100,
                 "must be a power of two, got 100"},
        // Limits of the ISA encoding and absurd values.
        BadValue{"arch", "dma_channels", 17,
                 "must be <= 16, got 17 (the ch operand of dma.copy is 4 "
                 "bits)"},
        BadValue{"arch", "semaphores", 256, "must be <= 255, got 256"},
        BadValue{"arch", "hbm_bytes", uint64_t(1) << 50,
                 "must be <= 1099511627776"},
        BadValue{"timing", "clock_ghz", 1000.0, "must be <= 10, got 1000.0"},
        BadValue{"arch", "mxu_rows", 100000, "must be <= 4096"},
        // Wrong types.
        BadValue{"arch", "sram_bytes", "32 MiB",
                 "must be an unsigned integer, got string \"32 MiB\""},
        BadValue{"arch", "mxu_cols", 128.5, "must be an integer, got number"},
        BadValue{"arch", "mxu_cols", 1e2, "must be an integer, got number"},
        BadValue{"arch", "supports_int4", 1,
                 "must be true or false, got number 1"},
        BadValue{"arch", "loop_depth", nullptr,
                 "must be an unsigned integer, got null"},
        BadValue{"timing", "clock_ghz", "fast", "must be a number, got string"},
        BadValue{"timing", "dma_queue_depth", json::array({16}),
                 "must be an unsigned integer, got array [16]"}));

TEST(Errors, SramMustSplitEvenlyIntoBanks) {
  json doc = shippedJson("npu-v1");
  doc["arch"]["sram_bytes"] = 33554432 + 128;
  EXPECT_NE(parseError(doc).find("bad.json: arch.sram_bytes: must be a "
                                 "multiple of sram_banks * "
                                 "sram_bank_width_bytes = 4096"),
            std::string::npos);
}

TEST(Errors, AlignmentLargerThanSram) {
  json doc = shippedJson("npu-tiny");
  doc["arch"]["sram_align_bytes"] = 1 << 20;
  EXPECT_NE(parseError(doc).find("bad.json: arch.sram_align_bytes: must be "
                                 "<= sram_bytes"),
            std::string::npos);
}

TEST(Errors, SectionsAndTopLevelMustBeObjects) {
  json doc = shippedJson("npu-v1");
  doc["timing"] = json::array();
  EXPECT_NE(parseError(doc).find("bad.json: timing: must be an object, got "
                                 "array"),
            std::string::npos);
  EXPECT_NE(parseTextError("[1, 2]").find("bad.json: must hold a JSON object, "
                                          "got array"),
            std::string::npos);
  EXPECT_NE(
      parseTextError("\"npu-v1\"").find("bad.json: must hold a JSON object"),
      std::string::npos);
}

TEST(Errors, SchemaVersionAndName) {
  json doc = shippedJson("npu-v1");
  doc["schema_version"] = 2;
  doc["name"] = "../evil";
  std::string message = parseError(doc);
  EXPECT_NE(message.find("bad.json: schema_version: unsupported version 2; "
                         "this build reads version 1"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("bad.json: name: must be 1 to 64 letters"),
            std::string::npos)
      << message;
  doc.erase("schema_version");
  EXPECT_NE(parseError(doc).find("bad.json: schema_version: missing"),
            std::string::npos);
}

TEST(Errors, SyntaxErrorsGiveLineAndColumn) {
  std::string message = parseTextError("{\n  \"schema_version\": 1,\n"
                                       "  \"name\": npu\n}\n");
  // The lexer reads "n" as the start of null and fails at the "p".
  EXPECT_EQ(message.rfind("bad.json:3:12: invalid JSON: ", 0), 0u) << message;
  message = parseTextError("{\"arch\": {\"a\": 1,}}");
  EXPECT_EQ(message.rfind("bad.json:1:18: invalid JSON: ", 0), 0u) << message;
  EXPECT_EQ(parseTextError("").rfind("bad.json:1:1: invalid JSON: ", 0), 0u);
  EXPECT_EQ(
      parseTextError("{\"a\": 1e999}").rfind("bad.json: invalid JSON: ", 0),
      0u);
}

TEST(Errors, DuplicateFieldsAreRejected) {
  std::string text = shippedJson("npu-tiny").dump(2);
  // Repeat a field inside arch.
  size_t arch = text.find("\"arch\": {");
  ASSERT_NE(arch, std::string::npos);
  text.insert(arch + 9, "\"mxu_rows\": 8,");
  EXPECT_NE(
      parseTextError(text).find("bad.json: arch.mxu_rows: duplicate field "
                                "'mxu_rows'"),
      std::string::npos);
}

TEST(Errors, AllProblemsAreReportedAtOnce) {
  json doc = shippedJson("npu-v1");
  doc["arch"]["sram_banks"] = 3;
  doc["timing"]["clock_ghz"] = -1;
  doc["arch"]["semaphores"] = "many";
  std::string message = parseError(doc);
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 2) << message;
}

TEST(Errors, NoInputCrashesTheParser) {
  // Every prefix of a valid file, and random corruptions of it, must give a
  // status (not an exception or a crash) that names the file.
  std::string text = readText(kTargetsDir + "/npu-v1.json");
  for (size_t length = 0; length < text.size(); ++length) {
    absl::StatusOr<Target> t = parseTarget(text.substr(0, length), "cut.json");
    if (!t.ok()) {
      EXPECT_EQ(t.status().message().rfind("cut.json", 0), 0u) << t.status();
    }
  }
  std::mt19937 random(1234);
  for (int round = 0; round < 2000; ++round) {
    std::string mutated = text;
    for (int edits = 1 + round % 4; edits > 0; --edits)
      mutated[random() % mutated.size()] = static_cast<char>(random() % 256);
    absl::StatusOr<Target> t = parseTarget(mutated, "fuzz.json");
    if (!t.ok()) {
      EXPECT_EQ(t.status().message().rfind("fuzz.json", 0), 0u) << t.status();
    }
  }
}

//===----------------------------------------------------------------------===//
// Finding targets.
//===----------------------------------------------------------------------===//

TEST(Load, NameIsLookedUpInTargetPathFirst) {
  fs::path dir = makeTempDir("path");
  json doc = shippedJson("npu-tiny");
  doc["name"] = "npu-v1";
  doc["description"] = "shadows the installed npu-v1";
  writeText(dir / "npu-v1.json", doc.dump());
  ScopedEnv env("NPU_TARGET_PATH", "/nonexistent:" + dir.string());
  absl::StatusOr<Target> t = loadTarget("npu-v1");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->description, "shadows the installed npu-v1");
  EXPECT_EQ(t->source, (dir / "npu-v1.json").string());
  // The installed directory is still searched after $NPU_TARGET_PATH.
  EXPECT_TRUE(loadTarget("npu-tiny").ok());
  fs::remove_all(dir);
}

TEST(Load, InstalledDirectoryWithoutTargetPath) {
  ScopedEnv env("NPU_TARGET_PATH", "");
  absl::StatusOr<Target> t = loadTarget(std::string(kDefaultTargetName));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->name, kDefaultTargetName);
}

TEST(Load, UnknownNameListsKnownTargets) {
  fs::path dir = makeTempDir("known");
  json doc = shippedJson("npu-tiny");
  doc["name"] = "custom";
  writeText(dir / "custom.json", doc.dump());
  writeText(dir / "notes.txt", "not a target");
  ScopedEnv env("NPU_TARGET_PATH", dir.string());
  EXPECT_EQ(knownTargetNames(),
            (std::vector<std::string>{"custom", "npu-tiny", "npu-v1"}));
  absl::StatusOr<Target> t = loadTarget("npu-v9");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(std::string(t.status().message())
                .rfind("unknown target 'npu-v9'; known targets: custom, "
                       "npu-tiny, npu-v1 (searched ",
                       0),
            0u)
      << t.status();
  fs::remove_all(dir);
}

TEST(Load, NameMustMatchFileName) {
  fs::path dir = makeTempDir("mismatch");
  writeText(dir / "copy.json", shippedJson("npu-tiny").dump());
  ScopedEnv env("NPU_TARGET_PATH", dir.string());
  absl::StatusOr<Target> t = loadTarget("copy");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("copy.json: name: is 'npu-tiny' but "
                                      "the file is found as target 'copy'"),
            std::string::npos)
      << t.status();
  // As an explicit path the file is fine.
  EXPECT_TRUE(loadTarget((dir / "copy.json").string()).ok());
  fs::remove_all(dir);
}

TEST(Load, FileErrors) {
  absl::StatusOr<Target> missing = loadTarget("/nonexistent/x.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("'/nonexistent/x.json'"),
            std::string::npos);

  fs::path dir = makeTempDir("files");
  absl::StatusOr<Target> directory = loadTarget(dir.string() + "/");
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.status().message().find("is a directory"),
            std::string::npos);

  writeText(dir / "huge.json", std::string(2 << 20, ' '));
  absl::StatusOr<Target> huge = loadTarget((dir / "huge.json").string());
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.status().message().find("huge.json: file is larger than"),
            std::string::npos);

  writeText(dir / "bad.json", "{\"schema_version\": 1,}");
  absl::StatusOr<Target> bad = loadTarget((dir / "bad.json").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::string(bad.status().message())
                .rfind((dir / "bad.json").string() + ":1:", 0),
            0u)
      << bad.status();

  EXPECT_FALSE(loadTarget("").ok());
  fs::remove_all(dir);
}

} // namespace
} // namespace npu
