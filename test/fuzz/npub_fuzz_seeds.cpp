//===- npub_fuzz_seeds.cpp - Seed corpus for npub_fuzzer ------------------===//
//
// Writes a few valid .npub files into a directory, from a minimal module up
// to one with every section, so the fuzzer starts from well-formed inputs
// instead of having to discover the layout.
//
//===----------------------------------------------------------------------===//

#include "format/Npub.h"

#include <cstdio>
#include <string>

using namespace npu::npub;

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];

  Module minimal;
  minimal.code = {0x101};
  minimal.targetJson = "{}";

  Module io = minimal;
  io.inputs = {{"a", ElemType::bf16, {4, 8}, kFirstIOArg},
               {"b", ElemType::int4, {3}, kFirstIOArg + 1}};
  io.outputs = {{"c", ElemType::fp32, {4, 0, 2}, kFirstIOArg + 2}};
  io.scratchBytes = 4096;

  Module full = io;
  full.archHash = 0x1234;
  full.flags = 1;
  full.code = {0x102, 0x0, 0x101};
  full.constants.assign(40, 0x5a);
  full.stateBytes = 8;
  full.stateInit.assign(8, 0x11);
  full.debugMap = {{0, "m.mlir:1:1"}, {2, "m.mlir:2:3"}};
  full.producer = "seed";
  full.commandLine = "npub_fuzz_seeds";
  full.flops = 10;
  full.compulsoryHbmBytes = 20;
  full.rooflineCycles = 30;

  Module state = minimal;
  state.stateBytes = 1 << 20; // zero-filled

  const std::pair<const char *, const Module *> seeds[] = {
      {"minimal.npub", &minimal},
      {"io.npub", &io},
      {"full.npub", &full},
      {"state.npub", &state}};
  for (const auto &[name, module] : seeds) {
    absl::Status s = writeFile(*module, dir + "/" + name);
    if (!s.ok()) {
      std::fprintf(stderr, "%s/%s: %s\n", dir.c_str(), name,
                   std::string(s.message()).c_str());
      return 1;
    }
  }
  return 0;
}
