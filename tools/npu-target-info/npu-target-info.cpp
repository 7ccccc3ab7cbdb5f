//===- npu-target-info.cpp - Show target parameters and derived figures ---===//
//
// npu-target-info [--json] [NAME|FILE]...   show targets (default: npu-v1)
// npu-target-info [--json] --list           list the targets in the search
//                                           path
//
// Everything printed comes from the target file and the derived-figure
// methods of Target; the tool has no hardware numbers of its own.
//
//===----------------------------------------------------------------------===//

#include "target/Target.h"

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using ordered_json = nlohmann::ordered_json;

constexpr const char *kUsage =
    "usage: npu-target-info [--json] [NAME|FILE]...\n"
    "       npu-target-info [--json] --list\n"
    "\n"
    "Shows the parameters and derived figures (peak throughput, HBM\n"
    "bandwidth, ridge point, arch hash) of each target. A NAME is looked up\n"
    "as NAME.json in $NPU_TARGET_PATH, then in the installed targets\n"
    "directory; an argument containing '/' or ending in .json is a file.\n"
    "With no target, shows the default target.\n"
    "\n"
    "  --json   machine-readable output (a JSON array, one object per target)\n"
    "  --list   list the known targets\n"
    "  --help   show this message\n";

void printError(const std::string &message) {
  // Messages may hold several problems, one per line; prefix each so every
  // line reads as an error on its own.
  for (absl::string_view line : absl::StrSplit(message, '\n'))
    std::fprintf(stderr, "npu-target-info: error: %.*s\n",
                 static_cast<int>(line.size()), line.data());
}

/// "32 MiB" when exact in a binary unit, else "1.5 MiB" or "100 bytes".
std::string formatBytes(uint64_t bytes) {
  static const char *const kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024)
    return absl::StrFormat("%d bytes", bytes);
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    ++unit;
  }
  if (value == std::floor(value))
    return absl::StrFormat("%.0f %s", value, kUnits[unit]);
  return absl::StrFormat("%.2f %s", value, kUnits[unit]);
}

std::string hexHash(uint64_t hash) { return absl::StrFormat("0x%016x", hash); }

/// DMA channels whose combined cap reaches the HBM bandwidth (0 if all of
/// them together cannot).
uint64_t channelsToSaturateHbm(const npu::Target &target) {
  double needed = std::ceil(target.timing.hbmBytesPerCycle /
                            target.timing.dmaChannelBytesPerCycle);
  return needed <= target.arch.dmaChannels ? static_cast<uint64_t>(needed) : 0;
}

ordered_json derivedJson(const npu::Target &target) {
  ordered_json derived = ordered_json::object();
  derived["peak_flop_per_cycle_bf16"] = target.peakFlopsPerCycleBf16();
  derived["peak_op_per_cycle_int8"] = target.peakFlopsPerCycleInt8();
  derived["peak_tflop_per_s_bf16"] = target.peakFlopsPerSecondBf16() / 1e12;
  derived["peak_top_per_s_int8"] = target.peakFlopsPerSecondInt8() / 1e12;
  derived["hbm_bytes_per_cycle"] = target.timing.hbmBytesPerCycle;
  derived["hbm_gb_per_s"] = target.hbmBytesPerSecond() / 1e9;
  derived["ridge_point_flop_per_byte_bf16"] = target.ridgePointBf16();
  derived["sram_bytes"] = target.arch.sramBytes;
  derived["dma_channels_to_saturate_hbm"] = channelsToSaturateHbm(target);
  return derived;
}

ordered_json targetJson(const npu::Target &target) {
  ordered_json object = ordered_json::parse(npu::formatTarget(target, -1));
  object["source"] = target.source;
  object["arch_hash"] = hexHash(target.archHash());
  object["arch_json"] = target.archJson;
  object["derived"] = derivedJson(target);
  return object;
}

/// A parameter value as written in a target file, with a readable size
/// after byte counts.
std::string formatValue(const std::string &key, const ordered_json &value) {
  std::string text = value.dump();
  if (value.is_number_unsigned() && key.size() > 6 &&
      key.compare(key.size() - 6, 6, "_bytes") == 0 &&
      value.get<uint64_t>() >= 1024)
    text += "  (" + formatBytes(value.get<uint64_t>()) + ")";
  return text;
}

void printTarget(const npu::Target &target) {
  ordered_json file = ordered_json::parse(npu::formatTarget(target, -1));
  std::printf("%s: %s\n", target.name.c_str(), target.description.c_str());
  std::printf("  %-32s %s\n", "source", target.source.c_str());
  std::printf("  %-32s %s\n", "arch hash", hexHash(target.archHash()).c_str());
  for (const char *section : {"arch", "timing"}) {
    std::printf("%s:\n", section);
    for (const auto &[key, value] : file[section].items())
      std::printf("  %-32s %s\n", key.c_str(), formatValue(key, value).c_str());
  }
  std::printf("derived:\n");
  std::printf("  %-32s %.0f FLOP/cycle, %.3f TFLOP/s\n", "peak bf16",
              target.peakFlopsPerCycleBf16(),
              target.peakFlopsPerSecondBf16() / 1e12);
  if (target.arch.supportsInt8)
    std::printf("  %-32s %.0f OP/cycle, %.3f TOP/s\n", "peak int8",
                target.peakFlopsPerCycleInt8(),
                target.peakFlopsPerSecondInt8() / 1e12);
  else
    std::printf("  %-32s unsupported\n", "peak int8");
  std::printf("  %-32s %g bytes/cycle, %.3f GB/s\n", "HBM bandwidth",
              target.timing.hbmBytesPerCycle, target.hbmBytesPerSecond() / 1e9);
  std::printf("  %-32s %.3f FLOP/byte\n", "ridge point bf16",
              target.ridgePointBf16());
  std::printf("  %-32s %s in %u banks of %u bytes\n", "SRAM",
              formatBytes(target.arch.sramBytes).c_str(), target.arch.sramBanks,
              target.arch.sramBankWidth);
  std::printf("  %-32s %s\n", "HBM", formatBytes(target.arch.hbmBytes).c_str());
  uint64_t channels = channelsToSaturateHbm(target);
  if (channels)
    std::printf("  %-32s %llu of %u\n", "DMA channels to saturate HBM",
                static_cast<unsigned long long>(channels),
                target.arch.dmaChannels);
  else
    std::printf("  %-32s not reachable with %u\n",
                "DMA channels to saturate HBM", target.arch.dmaChannels);
}

int listTargets(bool asJson) {
  int status = 0;
  ordered_json list = ordered_json::array();
  for (const std::string &name : npu::knownTargetNames()) {
    absl::StatusOr<npu::Target> target = npu::loadTarget(name);
    if (!target.ok()) {
      printError(std::string(target.status().message()));
      status = 1;
      continue;
    }
    bool isDefault = name == npu::kDefaultTargetName;
    if (asJson) {
      ordered_json entry = ordered_json::object();
      entry["name"] = name;
      entry["source"] = target->source;
      entry["description"] = target->description;
      entry["default"] = isDefault;
      list.push_back(entry);
    } else {
      std::printf("%-12s %s%s\n  %s\n", name.c_str(), target->source.c_str(),
                  isDefault ? "  (default)" : "", target->description.c_str());
    }
  }
  if (asJson)
    std::printf("%s\n", list.dump(2).c_str());
  return status;
}

int run(int argc, char **argv) {
  bool asJson = false, list = false, optionsDone = false;
  std::vector<std::string> names;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!optionsDone && arg == "--") {
      optionsDone = true;
    } else if (!optionsDone && (arg == "--help" || arg == "-h")) {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (!optionsDone && arg == "--json") {
      asJson = true;
    } else if (!optionsDone && arg == "--list") {
      list = true;
    } else if (!optionsDone && arg.size() > 1 && arg[0] == '-') {
      printError("unknown option '" + arg + "'; see --help");
      return 1;
    } else {
      names.push_back(arg);
    }
  }
  if (list) {
    if (!names.empty()) {
      printError("--list takes no target names");
      return 1;
    }
    return listTargets(asJson);
  }
  if (names.empty())
    names.emplace_back(npu::kDefaultTargetName);

  int status = 0;
  ordered_json all = ordered_json::array();
  bool first = true;
  for (const std::string &name : names) {
    absl::StatusOr<npu::Target> target = npu::loadTarget(name);
    if (!target.ok()) {
      printError(std::string(target.status().message()));
      status = 1;
      continue;
    }
    if (asJson) {
      all.push_back(targetJson(*target));
      continue;
    }
    if (!first)
      std::printf("\n");
    first = false;
    printTarget(*target);
  }
  if (asJson)
    std::printf("%s\n", all.dump(2).c_str());
  return status;
}

} // namespace

int main(int argc, char **argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception &e) {
    // Nothing above should throw; this keeps a bug from aborting silently.
    printError(std::string("internal error: ") + e.what());
    return 1;
  }
}
