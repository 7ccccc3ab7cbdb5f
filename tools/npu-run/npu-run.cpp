//===- npu-run.cpp - Run a compiled .npub on a device ---------------------===//
//
// npu-run M.npub --input a.npy ... --output out.npy ... [options]
//
// Inputs and outputs are matched to the module's signature in order, or by
// name with NAME=PATH. Prints a result check (with --check) and a
// performance summary; --stats-json writes the figures as JSON.
//
//===----------------------------------------------------------------------===//

#include "Check.h"
#include "Npy.h"

#include "npurt/npurt.hpp"
#include "sim/Numerics.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>

using npu::tools::NpyArray;

namespace {

const char *kUsage =
    "usage: npu-run MODULE.npub [options]\n"
    "  --input PATH | NAME=PATH      input tensor (.npy), in signature order\n"
    "  --output PATH | NAME=PATH     where to write an output (.npy)\n"
    "  --check PATH | NAME=PATH      compare an output with a reference .npy\n"
    "  --rtol X --atol X             tolerance of --check (default 1e-2, "
    "1e-3)\n"
    "  --stats-json FILE             write statistics as JSON\n"
    "  --trace FILE                  write a Chrome/Perfetto trace\n"
    "  --device NAME                 device to run on (default: sim)\n"
    "  --target NAME|FILE            re-time with this target's timing\n"
    "  --timing-only                 skip arithmetic (outputs undefined)\n"
    "  --max-cycles N                stop with an error after N cycles\n"
    "  --arg N                       append a user launch argument\n"
    "  --quiet                       print nothing but errors\n";

struct Binding {
  std::string name; // empty: by position
  std::string path;
};

Binding parseBinding(const std::string &text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos)
    return {"", text};
  return {text.substr(0, eq), text.substr(eq + 1)};
}

int fail(const std::string &message) {
  fprintf(stderr, "npu-run: error: %s\n", message.c_str());
  return 1;
}

std::string shapeString(const int64_t *shape, size_t rank) {
  std::string s = "[";
  for (size_t i = 0; i < rank; ++i)
    absl::StrAppend(&s, i ? "x" : "", shape[i]);
  return s + "]";
}

const char *dtypeName(npurt_dtype t) {
  switch (t) {
  case NPURT_FP32:
    return "fp32";
  case NPURT_BF16:
    return "bf16";
  case NPURT_INT8:
    return "int8";
  case NPURT_INT32:
    return "int32";
  case NPURT_INT4:
    return "int4";
  case NPURT_BOOL:
    return "bool";
  }
  return "?";
}

/// Assigns each binding to a signature slot: named ones by name, the others
/// in order into the remaining slots.
absl::StatusOr<std::vector<std::optional<std::string>>>
bindTensors(const std::vector<Binding> &bindings,
            const std::vector<npurt_tensor_info> &sig, const char *what) {
  std::vector<std::optional<std::string>> slots(sig.size());
  for (const Binding &b : bindings) {
    if (b.name.empty())
      continue;
    size_t i = 0;
    while (i < sig.size() && b.name != sig[i].name)
      ++i;
    if (i == sig.size()) {
      std::string names;
      for (const npurt_tensor_info &t : sig)
        absl::StrAppend(&names, names.empty() ? "" : ", ", t.name);
      return absl::InvalidArgumentError(
          absl::StrCat("no ", what, " named '", b.name, "'; the module's ",
                       what, "s are: ", names.empty() ? "(none)" : names));
    }
    if (slots[i])
      return absl::InvalidArgumentError(
          absl::StrCat(what, " '", b.name, "' given twice"));
    slots[i] = b.path;
  }
  size_t next = 0;
  for (const Binding &b : bindings) {
    if (!b.name.empty())
      continue;
    while (next < sig.size() && slots[next])
      ++next;
    if (next == sig.size())
      return absl::InvalidArgumentError(
          absl::StrCat("too many ", what, "s: the module has ", sig.size()));
    slots[next++] = b.path;
  }
  return slots;
}

/// Converts a .npy array to the device layout of `info`.
absl::StatusOr<std::vector<uint8_t>> toDevice(const NpyArray &a,
                                              const npurt_tensor_info &info,
                                              const std::string &path) {
  bool sameShape = a.shape.size() == info.rank;
  for (size_t d = 0; sameShape && d < info.rank; ++d)
    sameShape = a.shape[d] == info.shape[d];
  if (!sameShape) {
    std::string got = "[";
    for (size_t d = 0; d < a.shape.size(); ++d)
      absl::StrAppend(&got, d ? "x" : "", a.shape[d]);
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": shape ", got, "] does not match input '",
                     info.name, "' ", shapeString(info.shape, info.rank)));
  }
  uint64_t n = a.numElements();
  std::vector<uint8_t> out(info.byte_size, 0);
  bool isFloat = a.descr[1] == 'f';
  for (uint64_t i = 0; i < n; ++i) {
    double v = a.at(i);
    switch (info.dtype) {
    case NPURT_FP32: {
      float f = static_cast<float>(v);
      memcpy(&out[i * 4], &f, 4);
      break;
    }
    case NPURT_BF16: {
      uint16_t b = npu::numerics::f64ToBf16(v);
      memcpy(&out[i * 2], &b, 2);
      break;
    }
    case NPURT_BOOL:
      if (isFloat || (v != 0 && v != 1))
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": element ", i, " (", v,
                         ") is not a valid bool value for "
                         "input '",
                         info.name, "'; give a bool or 0/1 integer .npy"));
      out[i] = v != 0;
      break;
    case NPURT_INT8:
    case NPURT_INT32:
    case NPURT_INT4: {
      double lo = info.dtype == NPURT_INT8   ? -128
                  : info.dtype == NPURT_INT4 ? -8
                                             : -2147483648.0;
      double hi = info.dtype == NPURT_INT8   ? 127
                  : info.dtype == NPURT_INT4 ? 7
                                             : 2147483647.0;
      if (isFloat || v < lo || v > hi || v != std::floor(v))
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": element ", i, " (", v, ") is not a valid ",
                         dtypeName(info.dtype), " value for input '", info.name,
                         "'; give an integer .npy in range"));
      int64_t iv = static_cast<int64_t>(v);
      if (info.dtype == NPURT_INT8)
        out[i] = static_cast<uint8_t>(iv);
      else if (info.dtype == NPURT_INT32) {
        int32_t w = static_cast<int32_t>(iv);
        memcpy(&out[i * 4], &w, 4);
      } else {
        npu::numerics::storeInt4(out.data(), i, static_cast<int>(iv));
      }
      break;
    }
    }
  }
  return out;
}

/// Converts device bytes of `info` to a .npy array (bf16 widens to fp32,
/// int4 to int8).
NpyArray fromDevice(const std::vector<uint8_t> &bytes,
                    const npurt_tensor_info &info) {
  NpyArray a;
  a.shape.assign(info.shape, info.shape + info.rank);
  uint64_t n = a.numElements();
  switch (info.dtype) {
  case NPURT_FP32:
    a.descr = "<f4";
    a.data = bytes;
    break;
  case NPURT_BF16:
    a.descr = "<f4";
    a.data.resize(n * 4);
    for (uint64_t i = 0; i < n; ++i) {
      uint16_t b;
      memcpy(&b, &bytes[i * 2], 2);
      float f = npu::numerics::bf16ToF32(b);
      memcpy(&a.data[i * 4], &f, 4);
    }
    break;
  case NPURT_INT8:
    a.descr = "|i1";
    a.data = bytes;
    break;
  case NPURT_BOOL:
    a.descr = "|b1";
    a.data.resize(n);
    for (uint64_t i = 0; i < n; ++i)
      a.data[i] = bytes[i] != 0;
    break;
  case NPURT_INT32:
    a.descr = "<i4";
    a.data = bytes;
    break;
  case NPURT_INT4:
    a.descr = "|i1";
    a.data.resize(n);
    for (uint64_t i = 0; i < n; ++i)
      a.data[i] =
          static_cast<uint8_t>(npu::numerics::loadInt4(bytes.data(), i));
    break;
  }
  return a;
}

std::string jsonEscape(const std::string &s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
      continue;
    }
    out += c;
  }
  return out;
}

} // namespace

int main(int argc, char **argv) {
  std::string modulePath, statsPath, tracePath, device = "sim", timingTarget;
  std::vector<Binding> inputs, outputs, checks;
  std::vector<uint64_t> userArgs;
  double rtol = 1e-2, atol = 1e-3;
  bool timingOnly = false, quiet = false;
  uint64_t maxCycles = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string &out) -> bool {
      if (i + 1 >= argc)
        return false;
      out = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "-h" || arg == "--help") {
      fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--input" || arg == "--output" || arg == "--check") {
      if (!value(v))
        return fail(arg + " needs a value");
      (arg == "--input"    ? inputs
       : arg == "--output" ? outputs
                           : checks)
          .push_back(parseBinding(v));
    } else if (arg == "--stats-json") {
      if (!value(statsPath))
        return fail("--stats-json needs a file");
    } else if (arg == "--trace") {
      if (!value(tracePath))
        return fail("--trace needs a file");
    } else if (arg == "--device") {
      if (!value(device))
        return fail("--device needs a name");
    } else if (arg == "--target") {
      if (!value(timingTarget))
        return fail("--target needs a target name or file");
    } else if (arg == "--rtol" || arg == "--atol") {
      double x;
      if (!value(v) || !absl::SimpleAtod(v, &x) || x < 0)
        return fail(arg + " needs a non-negative number");
      (arg == "--rtol" ? rtol : atol) = x;
    } else if (arg == "--max-cycles") {
      if (!value(v) || !absl::SimpleAtoi(v, &maxCycles))
        return fail("--max-cycles needs a number");
    } else if (arg == "--arg") {
      uint64_t x;
      if (!value(v) || !absl::SimpleAtoi(v, &x))
        return fail("--arg needs an unsigned integer");
      userArgs.push_back(x);
    } else if (arg == "--timing-only") {
      timingOnly = true;
    } else if (arg == "--quiet" || arg == "-q") {
      quiet = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return fail("unknown option '" + arg + "'\n" + kUsage);
    } else if (modulePath.empty()) {
      modulePath = arg;
    } else {
      return fail("more than one module given: '" + modulePath + "' and '" +
                  arg + "'");
    }
  }
  if (modulePath.empty())
    return fail(std::string("no module given\n") + kUsage);

  absl::StatusOr<npurt::Device> dev = npurt::Device::open(device);
  if (!dev.ok())
    return fail(std::string(dev.status().message()));
  absl::StatusOr<npurt::Module> module = dev->loadFile(modulePath);
  if (!module.ok())
    return fail(std::string(module.status().message()));

  std::vector<npurt_tensor_info> inSig, outSig;
  for (size_t i = 0; i < module->numInputs(); ++i)
    inSig.push_back(*module->input(i));
  for (size_t i = 0; i < module->numOutputs(); ++i)
    outSig.push_back(*module->output(i));

  auto inPaths = bindTensors(inputs, inSig, "input");
  if (!inPaths.ok())
    return fail(std::string(inPaths.status().message()));
  auto outPaths = bindTensors(outputs, outSig, "output");
  if (!outPaths.ok())
    return fail(std::string(outPaths.status().message()));
  auto checkPaths = bindTensors(checks, outSig, "output");
  if (!checkPaths.ok())
    return fail(std::string(checkPaths.status().message()));

  std::vector<npurt::Buffer> inBuffers, outBuffers;
  for (size_t i = 0; i < inSig.size(); ++i) {
    if (!(*inPaths)[i])
      return fail(absl::StrCat("missing input ", i, " '", inSig[i].name, "' (",
                               dtypeName(inSig[i].dtype), " ",
                               shapeString(inSig[i].shape, inSig[i].rank),
                               "); pass --input ", inSig[i].name, "=FILE.npy"));
    absl::StatusOr<NpyArray> a = npu::tools::readNpy(*(*inPaths)[i]);
    if (!a.ok())
      return fail(std::string(a.status().message()));
    absl::StatusOr<std::vector<uint8_t>> bytes =
        toDevice(*a, inSig[i], *(*inPaths)[i]);
    if (!bytes.ok())
      return fail(std::string(bytes.status().message()));
    absl::StatusOr<npurt::Buffer> b = dev->allocate(inSig[i].byte_size);
    if (!b.ok())
      return fail(std::string(b.status().message()));
    if (absl::Status s = b->write(bytes->data(), bytes->size()); !s.ok())
      return fail(std::string(s.message()));
    inBuffers.push_back(std::move(*b));
  }
  for (const npurt_tensor_info &t : outSig) {
    absl::StatusOr<npurt::Buffer> b = dev->allocate(t.byte_size);
    if (!b.ok())
      return fail(std::string(b.status().message()));
    outBuffers.push_back(std::move(*b));
  }

  npurt_launch_options options = {};
  options.timing_only = timingOnly;
  options.trace_path = tracePath.empty() ? nullptr : tracePath.c_str();
  options.max_cycles = maxCycles;
  options.timing_target = timingTarget.empty() ? nullptr : timingTarget.c_str();
  std::vector<npurt::Buffer *> inPtrs, outPtrs;
  for (auto &b : inBuffers)
    inPtrs.push_back(&b);
  for (auto &b : outBuffers)
    outPtrs.push_back(&b);
  absl::StatusOr<npurt::LaunchResult> result =
      module->run(inPtrs, outPtrs, userArgs, &options);
  if (!result.ok())
    return fail(absl::StrCat(modulePath,
                             ": launch failed: ", result.status().message()));

  bool checkFailed = false;
  for (size_t i = 0; i < outSig.size(); ++i) {
    if (!(*outPaths)[i] && !(*checkPaths)[i])
      continue;
    std::vector<uint8_t> bytes(outSig[i].byte_size);
    if (absl::Status s = outBuffers[i].read(bytes.data(), bytes.size());
        !s.ok())
      return fail(std::string(s.message()));
    NpyArray a = fromDevice(bytes, outSig[i]);
    if ((*outPaths)[i])
      if (absl::Status s = npu::tools::writeNpy(*(*outPaths)[i], a); !s.ok())
        return fail(std::string(s.message()));
    if ((*checkPaths)[i]) {
      absl::StatusOr<NpyArray> ref = npu::tools::readNpy(*(*checkPaths)[i]);
      if (!ref.ok())
        return fail(std::string(ref.status().message()));
      if (ref->numElements() != a.numElements())
        return fail(absl::StrCat(*(*checkPaths)[i], ": has ",
                                 ref->numElements(), " elements, output '",
                                 outSig[i].name, "' has ", a.numElements()));
      npu::tools::CheckResult c = npu::tools::compare(a, *ref, rtol, atol);
      checkFailed |= !c.ok();
      printf("%s\n",
             npu::tools::formatCheck(outSig[i].name, c, rtol, atol).c_str());
    }
  }

  const npurt_stats &s = result->stats;
  double timeUs = s.clock_ghz > 0 ? s.cycles / (s.clock_ghz * 1e3) : 0;
  if (!quiet) {
    printf("cycles: %llu (%.3f us at %.3g GHz), bundles: %llu\n",
           (unsigned long long)s.cycles, timeUs, s.clock_ghz,
           (unsigned long long)s.bundles);
    printf("hbm: %llu bytes read, %llu bytes written; sram peak: %llu "
           "bytes; macs: %llu\n",
           (unsigned long long)s.hbm_bytes_read,
           (unsigned long long)s.hbm_bytes_written,
           (unsigned long long)s.sram_peak_bytes, (unsigned long long)s.macs);
    if (s.roofline_cycles)
      printf("roofline: %llu cycles, efficiency %.3f\n",
             (unsigned long long)s.roofline_cycles,
             s.cycles ? double(s.roofline_cycles) / s.cycles : 0.0);
    for (const npurt::EngineStats &e : result->engines) {
      printf("  %-7s %8llu instrs  busy %10llu cycles (%5.1f%%)",
             e.name.c_str(), (unsigned long long)e.instructions,
             (unsigned long long)e.busyCycles,
             s.cycles ? 100.0 * e.busyCycles / s.cycles : 0.0);
      for (const auto &[reason, cycles] : e.stallCycles)
        if (cycles)
          printf("  stall[%s] %llu", reason.c_str(),
                 (unsigned long long)cycles);
      printf("\n");
    }
  }

  if (!statsPath.empty()) {
    std::string json = "{\n";
    absl::StrAppendFormat(&json, "  \"module\": \"%s\",\n",
                          jsonEscape(modulePath));
    absl::StrAppendFormat(&json, "  \"cycles\": %d,\n", s.cycles);
    absl::StrAppendFormat(&json, "  \"clock_ghz\": %.17g,\n", s.clock_ghz);
    absl::StrAppendFormat(&json, "  \"time_us\": %.17g,\n", timeUs);
    absl::StrAppendFormat(&json, "  \"bundles\": %d,\n", s.bundles);
    absl::StrAppendFormat(&json, "  \"hbm_bytes_read\": %d,\n",
                          s.hbm_bytes_read);
    absl::StrAppendFormat(&json, "  \"hbm_bytes_written\": %d,\n",
                          s.hbm_bytes_written);
    absl::StrAppendFormat(&json, "  \"sram_peak_bytes\": %d,\n",
                          s.sram_peak_bytes);
    absl::StrAppendFormat(&json, "  \"macs\": %d,\n", s.macs);
    if (s.roofline_cycles) {
      absl::StrAppendFormat(&json, "  \"roofline_cycles\": %d,\n",
                            s.roofline_cycles);
      absl::StrAppendFormat(&json, "  \"efficiency\": %.17g,\n",
                            s.cycles ? double(s.roofline_cycles) / s.cycles
                                     : 0.0);
    }
    json += "  \"engines\": {";
    for (size_t e = 0; e < result->engines.size(); ++e) {
      const npurt::EngineStats &es = result->engines[e];
      absl::StrAppendFormat(&json,
                            "%s\n    \"%s\": {\"instructions\": %d, "
                            "\"busy_cycles\": %d, \"stall_cycles\": {",
                            e ? "," : "", jsonEscape(es.name), es.instructions,
                            es.busyCycles);
      for (size_t r = 0; r < es.stallCycles.size(); ++r)
        absl::StrAppendFormat(&json, "%s\"%s\": %d", r ? ", " : "",
                              jsonEscape(es.stallCycles[r].first),
                              es.stallCycles[r].second);
      json += "}}";
    }
    json += "\n  }\n}\n";
    std::ofstream out(statsPath);
    out << json;
    if (!out)
      return fail(statsPath + ": cannot write");
  }
  return checkFailed ? 2 : 0;
}
