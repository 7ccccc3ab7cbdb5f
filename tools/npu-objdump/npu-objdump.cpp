//===- npu-objdump.cpp - Show the contents of .npub modules ---------------===//
//
// npu-objdump [-h] [--signature] [-d] [--debug-map] [--provenance] [-x]
//             FILE.npub...
// npu-objdump --asm FILE.npub
//
// Everything is read through the validating loader (format/Npub.h) and the
// table-driven decoder and printer (isa/ISA.h, isa/Assembly.h); the tool
// knows neither the file layout nor the instruction set.
//
//===----------------------------------------------------------------------===//

#include "format/Npub.h"
#include "isa/Assembly.h"
#include "isa/ISA.h"
#include "target/Target.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

constexpr const char *kUsage =
    "usage: npu-objdump [options] FILE.npub...\n"
    "\n"
    "Shows the contents of .npub modules (default: -h -d).\n"
    "\n"
    "  -h, --headers       file header, section table and metadata\n"
    "      --signature     inputs, outputs, constants, scratch and state\n"
    "  -d, --disassemble   the code, one instruction per line, by bundle\n"
    "      --debug-map     bundle address -> source location\n"
    "      --provenance    producer and command line\n"
    "  -x, --all           all of the above\n"
    "      --asm           print the module as assembly that npu-as turns\n"
    "                      back into the same code, constants, signature\n"
    "                      and state (cannot be combined with the others)\n"
    "      --help          show this message\n";

struct Options {
  bool headers = false;
  bool signature = false;
  bool disassemble = false;
  bool debugMap = false;
  bool provenance = false;
  bool assembly = false;
};

void printError(const std::string &path, const std::string &message) {
  std::fprintf(stderr, "npu-objdump: error: %s: %s\n", path.c_str(),
               message.c_str());
}

/// The whole file, or an error message.
bool readBytes(const std::string &path, std::vector<uint8_t> &bytes,
               std::string &message) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    message = "is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    message = errno == ENOENT
                  ? std::string("no such file")
                  : absl::StrCat("cannot open: ", std::strerror(errno));
    return false;
  }
  bytes.assign(std::istreambuf_iterator<char>(in),
               std::istreambuf_iterator<char>());
  if (in.bad()) {
    message = "read error";
    return false;
  }
  return true;
}

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    absl::StrAppend(&out, i ? ", " : "", shape[i]);
  return out + "]";
}

/// `name` as npu-as reads it back: bare when it is a plain word, else as a
/// "..." string.
std::string asmName(const std::string &name) {
  bool plain = !name.empty() && name[0] != '"';
  for (char c : name)
    plain &= std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
             c == '.' || c == '$' || c == '-' || c == ':';
  if (plain)
    return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

/// The target the module was built for, or an explanation.
std::string targetName(const npu::npub::Module &m, bool *ok = nullptr) {
  absl::StatusOr<npu::Target> target =
      npu::parseTarget(m.targetJson, "<target section>");
  if (ok)
    *ok = target.ok();
  if (!target.ok())
    return absl::StrCat("(invalid target section: ", target.status().message(),
                        ")");
  return target->name;
}

void printHeaders(const npu::npub::Module &m,
                  const npu::npub::FileHeader &header,
                  const std::vector<npu::npub::SectionEntry> &sections) {
  std::printf("Header:\n");
  std::printf("  version:    %u.%u\n", header.versionMajor,
              header.versionMinor);
  std::printf("  flags:      0x%08x\n", header.flags);
  absl::StatusOr<npu::Target> target =
      npu::parseTarget(m.targetJson, "<target section>");
  std::string hashNote;
  if (target.ok())
    hashNote = target->archHash() == header.archHash
                   ? " (matches the target section)"
                   : absl::StrFormat(" (MISMATCH: the target section hashes "
                                     "to 0x%016x)",
                                     target->archHash());
  std::printf("  arch hash:  0x%016llx%s\n",
              static_cast<unsigned long long>(header.archHash),
              hashNote.c_str());
  std::printf("  checksum:   0x%08x\n", header.checksum);
  std::printf("  file size:  %llu bytes\n",
              static_cast<unsigned long long>(header.fileSize));
  std::printf("  target:     %s\n", targetName(m).c_str());
  std::printf("\nSections:\n");
  std::printf("  Idx Kind         Offset              Size\n");
  for (size_t i = 0; i < sections.size(); ++i) {
    const npu::npub::SectionEntry &s = sections[i];
    std::printf("  %3zu %-12s 0x%016llx  0x%016llx\n", i,
                npu::npub::sectionKindName(s.kind),
                static_cast<unsigned long long>(s.offset),
                static_cast<unsigned long long>(s.size));
  }
  std::printf("\nMetadata:\n");
  std::printf("  scratch:              %llu bytes\n",
              static_cast<unsigned long long>(m.scratchBytes));
  std::printf("  flops:                %llu\n",
              static_cast<unsigned long long>(m.flops));
  std::printf("  compulsory HBM bytes: %llu\n",
              static_cast<unsigned long long>(m.compulsoryHbmBytes));
  std::printf("  roofline cycles:      %llu\n",
              static_cast<unsigned long long>(m.rooflineCycles));
}

void printSignature(const npu::npub::Module &m) {
  std::printf("Signature:\n");
  auto printTensor = [](const char *kind, const npu::npub::TensorSig &t) {
    std::printf("  %-6s %s: %s %s, %llu bytes, launch argument %u\n", kind,
                t.name.c_str(), npu::npub::elemTypeName(t.type),
                shapeText(t.shape).c_str(),
                static_cast<unsigned long long>(t.byteSize()), t.argIndex);
  };
  for (const npu::npub::TensorSig &t : m.inputs)
    printTensor("input", t);
  for (const npu::npub::TensorSig &t : m.outputs)
    printTensor("output", t);
  if (m.inputs.empty() && m.outputs.empty())
    std::printf("  (no inputs or outputs)\n");
  std::printf("  constants: %zu bytes (launch argument %u)\n",
              m.constants.size(), npu::npub::kArgConstants);
  std::printf("  scratch:   %llu bytes (launch argument %u)\n",
              static_cast<unsigned long long>(m.scratchBytes),
              npu::npub::kArgScratch);
  std::printf("  state:     %llu bytes, %s (launch argument %u)\n",
              static_cast<unsigned long long>(m.stateBytes),
              m.stateInit.empty() ? "zero-filled" : "with an initial value",
              npu::npub::kArgState);
}

void printDebugMap(const npu::npub::Module &m) {
  std::printf("Debug map (%zu entries):\n", m.debugMap.size());
  for (const npu::npub::DebugEntry &e : m.debugMap)
    std::printf("  %08x  %s\n", e.bundleAddress, e.location.c_str());
}

void printProvenance(const npu::npub::Module &m) {
  std::printf("Provenance:\n");
  std::printf("  producer:     %s\n", m.producer.c_str());
  std::printf("  command line: %s\n", m.commandLine.c_str());
}

void printDisassembly(const npu::npub::Module &m,
                      const std::vector<npu::isa::Bundle> &bundles) {
  std::printf("Disassembly of the code (%zu words, %zu bundles):\n",
              m.code.size(), bundles.size());
  std::map<uint32_t, std::string> locations;
  for (const npu::npub::DebugEntry &e : m.debugMap)
    locations.emplace(e.bundleAddress, e.location);
  npu::isa::PrintOptions print;
  print.targetName = [](uint32_t address) {
    return absl::StrFormat("0x%x", address);
  };
  constexpr size_t kCommentColumn = 56;
  for (const npu::isa::Bundle &b : bundles) {
    uint32_t address = b.address;
    for (size_t i = 0; i < b.insts.size(); ++i) {
      bool first = i == 0, last = i + 1 == b.insts.size();
      bool grouped = b.insts.size() > 1;
      std::string line = absl::StrFormat(
          "%08x: %s%s%s", address, grouped && first ? "{ " : "  ",
          npu::isa::printInst(b.insts[i], print), grouped && last ? " }" : "");
      auto location = locations.find(b.address);
      if (first && location != locations.end()) {
        line.resize(std::max(line.size() + 2, kCommentColumn), ' ');
        absl::StrAppend(&line, "// ", location->second);
      }
      std::printf("%s\n", line.c_str());
      address += b.insts[i].info().numWords;
    }
  }
}

/// Data bytes as .u8 lines, with runs of zeros as .zero.
void printData(const std::vector<uint8_t> &bytes) {
  constexpr size_t kPerLine = 16;
  auto zeroRun = [&](size_t at) {
    size_t n = 0;
    while (at + n < bytes.size() && bytes[at + n] == 0)
      ++n;
    return n;
  };
  // A run worth a .zero line: long, or reaching the end.
  auto isLongRun = [&](size_t at) {
    size_t n = zeroRun(at);
    return n > 0 && (n >= kPerLine || at + n == bytes.size());
  };
  size_t i = 0;
  while (i < bytes.size()) {
    if (isLongRun(i)) {
      size_t n = zeroRun(i);
      std::printf("        .zero %zu\n", n);
      i += n;
      continue;
    }
    std::string line = "        .u8 ";
    size_t j = i;
    while (j < bytes.size() && j - i < kPerLine &&
           !(bytes[j] == 0 && isLongRun(j))) {
      absl::StrAppend(&line, j > i ? ", " : "",
                      absl::StrFormat("0x%02x", bytes[j]));
      ++j;
    }
    std::printf("%s\n", line.c_str());
    i = j;
  }
}

void printAssembly(const npu::npub::Module &m,
                   const std::vector<npu::isa::Bundle> &bundles) {
  // No path here: the listing of a module and of its re-assembly must be
  // identical.
  std::printf("// Printed by npu-objdump --asm.\n");
  bool targetOk = false;
  std::string name = targetName(m, &targetOk);
  if (targetOk) {
    absl::StatusOr<npu::Target> installed = npu::loadTarget(name);
    if (!installed.ok() || installed->archHash() != m.archHash)
      std::printf("// warning: the module's target section differs from the "
                  "target '%s'\n// found by name; assemble with --target and "
                  "the original target file.\n",
                  name.c_str());
    std::printf(".target %s\n", asmName(name).c_str());
  } else {
    std::printf("// warning: %s\n", name.c_str());
  }
  for (const npu::npub::TensorSig &t : m.inputs)
    std::printf(".input %s %s %s\n", asmName(t.name).c_str(),
                npu::npub::elemTypeName(t.type), shapeText(t.shape).c_str());
  for (const npu::npub::TensorSig &t : m.outputs)
    std::printf(".output %s %s %s\n", asmName(t.name).c_str(),
                npu::npub::elemTypeName(t.type), shapeText(t.shape).c_str());
  if (m.scratchBytes)
    std::printf(".scratch %llu\n",
                static_cast<unsigned long long>(m.scratchBytes));
  if (m.stateBytes)
    std::printf(".state %llu\n", static_cast<unsigned long long>(m.stateBytes));
  if (m.flags)
    std::printf("// note: header flags 0x%08x are not expressible in "
                "assembly\n",
                m.flags);
  if (m.flops || m.compulsoryHbmBytes || m.rooflineCycles)
    std::printf("// note: metadata (flops %llu, compulsory HBM bytes %llu, "
                "roofline cycles %llu) is not expressible in assembly\n",
                static_cast<unsigned long long>(m.flops),
                static_cast<unsigned long long>(m.compulsoryHbmBytes),
                static_cast<unsigned long long>(m.rooflineCycles));

  // Labels for every branch and loop target that starts a bundle; other
  // targets stay numbers, which assemble to the same bits.
  std::set<uint32_t> bundleStarts;
  for (const npu::isa::Bundle &b : bundles)
    bundleStarts.insert(b.address);
  std::set<uint32_t> targets;
  for (const npu::isa::Bundle &b : bundles)
    for (const npu::isa::Inst &inst : b.insts) {
      const npu::isa::InstInfo &info = inst.info();
      for (unsigned o = 0; o < info.numOperands; ++o)
        if (info.operands[o].kind == npu::isa::OperandKind::Target) {
          uint32_t t = uint32_t(inst.f[info.operands[o].firstField]);
          if (bundleStarts.count(t))
            targets.insert(t);
        }
    }
  auto label = [](uint32_t address) { return absl::StrFormat("L%x", address); };
  npu::isa::PrintOptions print;
  print.targetName = [&](uint32_t address) {
    return targets.count(address) ? label(address) : std::string();
  };

  std::printf("\n");
  for (const npu::isa::Bundle &b : bundles) {
    if (targets.count(b.address))
      std::printf("%s:\n", label(b.address).c_str());
    for (size_t i = 0; i < b.insts.size(); ++i) {
      bool grouped = b.insts.size() > 1;
      std::printf("        %s%s%s\n", grouped ? (i ? "  " : "{ ") : "",
                  npu::isa::printInst(b.insts[i], print).c_str(),
                  grouped && i + 1 == b.insts.size() ? " }" : "");
    }
  }
  if (!m.constants.empty()) {
    std::printf("\n.const\n");
    printData(m.constants);
  }
  if (!m.stateInit.empty()) {
    std::printf("\n.state_init\n");
    printData(m.stateInit);
  }
}

/// Shows one file; false (after printing the error) if it is unusable.
bool dump(const std::string &path, const Options &options, bool many) {
  std::vector<uint8_t> bytes;
  std::string message;
  if (!readBytes(path, bytes, message)) {
    printError(path, message);
    return false;
  }
  absl::StatusOr<npu::npub::Module> module = npu::npub::parse(bytes);
  if (!module.ok()) {
    printError(path, std::string(module.status().message()));
    return false;
  }
  // Decoded only when needed, so that -h still works on bad code.
  std::vector<npu::isa::Bundle> bundles;
  auto decode = [&] {
    absl::StatusOr<std::vector<npu::isa::Bundle>> decoded =
        npu::isa::decodeProgram(module->code);
    if (!decoded.ok()) {
      std::fflush(stdout);
      printError(path, absl::StrCat("code: ", decoded.status().message()));
      return false;
    }
    bundles = std::move(*decoded);
    return true;
  };
  if (options.assembly) {
    if (!decode())
      return false;
    printAssembly(*module, bundles);
    return true;
  }

  std::printf("%s%s: npub module for target %s\n", many ? "\n" : "",
              path.c_str(), targetName(*module).c_str());
  if (options.headers) {
    absl::StatusOr<npu::npub::FileHeader> header = npu::npub::readHeader(bytes);
    absl::StatusOr<std::vector<npu::npub::SectionEntry>> sections =
        npu::npub::readSectionTable(bytes);
    if (!header.ok() || !sections.ok()) {
      printError(path, std::string(!header.ok() ? header.status().message()
                                                : sections.status().message()));
      return false;
    }
    std::printf("\n");
    printHeaders(*module, *header, *sections);
  }
  if (options.signature) {
    std::printf("\n");
    printSignature(*module);
  }
  if (options.disassemble) {
    std::printf("\n");
    if (!decode())
      return false;
    printDisassembly(*module, bundles);
  }
  if (options.debugMap) {
    std::printf("\n");
    printDebugMap(*module);
  }
  if (options.provenance) {
    std::printf("\n");
    printProvenance(*module);
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  bool anyOutput = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "-h" || arg == "--headers") {
      options.headers = anyOutput = true;
    } else if (arg == "--signature") {
      options.signature = anyOutput = true;
    } else if (arg == "-d" || arg == "--disassemble") {
      options.disassemble = anyOutput = true;
    } else if (arg == "--debug-map") {
      options.debugMap = anyOutput = true;
    } else if (arg == "--provenance") {
      options.provenance = anyOutput = true;
    } else if (arg == "-x" || arg == "--all") {
      options.headers = options.signature = options.disassemble =
          options.debugMap = options.provenance = anyOutput = true;
    } else if (arg == "--asm") {
      options.assembly = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::fprintf(stderr, "npu-objdump: error: unknown option '%s'\n%s",
                   arg.c_str(), kUsage);
      return 1;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "npu-objdump: error: no input file\n%s", kUsage);
    return 1;
  }
  if (options.assembly && (anyOutput || files.size() > 1)) {
    std::fprintf(stderr, "npu-objdump: error: --asm takes one file and no "
                         "other output option\n");
    return 1;
  }
  if (!anyOutput)
    options.headers = options.disassemble = true;
  bool ok = true;
  for (const std::string &file : files)
    ok &= dump(file, options, files.size() > 1);
  return ok ? 0 : 1;
}
