//===- npu-as.cpp - Assemble a source file into an .npub module -----------===//
//
// npu-as IN.s -o OUT.npub [--target NAME|FILE]
//
// The language is described in docs/Assembly.md. `-` reads the source from
// standard input. Errors are printed as FILE:LINE:COL: error: MESSAGE, all
// of them (up to a limit), and the exit status is 1.
//
//===----------------------------------------------------------------------===//

#include "asm/Assembler.h"
#include "format/Npub.h"
#include "isa/Assembly.h"
#include "isa/ISA.h"

#include "absl/strings/str_cat.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

namespace {

constexpr const char *kUsage =
    "usage: npu-as IN.s -o OUT.npub [--target NAME|FILE]\n"
    "\n"
    "Assembles IN.s ('-' for standard input) into the module OUT.npub.\n"
    "The assembly language is described in docs/Assembly.md.\n"
    "\n"
    "  -o FILE          output module (required)\n"
    "  --target T       target name or target file; overrides the .target\n"
    "                   directive (default: npu-v1)\n"
    "  --max-errors N   stop after N errors (default 20)\n"
    "  --list-instructions\n"
    "                   print the syntax of every instruction and exit\n"
    "  --help           show this message\n";

int fail(const std::string &message) {
  std::fprintf(stderr, "npu-as: error: %s\n", message.c_str());
  return 1;
}

int usageError(const std::string &message) {
  std::fprintf(stderr, "npu-as: error: %s\n%s", message.c_str(), kUsage);
  return 1;
}

std::string shellQuote(const std::string &arg) {
  bool plain = !arg.empty() &&
               arg.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                     "-_./=+:,@%") == std::string::npos;
  if (plain)
    return arg;
  std::string out = "'";
  for (char c : arg)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace

int main(int argc, char **argv) {
  std::string input, output;
  npu::as::AssembleOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *flag) -> const char * {
      if (i + 1 >= argc)
        return nullptr;
      (void)flag;
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--list-instructions") {
      for (const npu::isa::InstInfo &info : npu::isa::allInstructions())
        std::printf("%s\n", npu::isa::instSyntax(info).c_str());
      return 0;
    } else if (arg == "-o") {
      const char *v = value("-o");
      if (!v)
        return usageError("-o needs a file name");
      output = v;
    } else if (arg.rfind("-o", 0) == 0 && arg.size() > 2 && arg[2] != '-') {
      output = arg.substr(2);
    } else if (arg == "--target" || arg == "-target") {
      const char *v = value("--target");
      if (!v)
        return usageError("--target needs a target name or file");
      options.targetOverride = v;
    } else if (arg.rfind("--target=", 0) == 0) {
      options.targetOverride = arg.substr(9);
    } else if (arg == "--max-errors" || arg.rfind("--max-errors=", 0) == 0) {
      const char *v =
          arg == "--max-errors" ? value("--max-errors") : argv[i] + 13;
      char *end = nullptr;
      unsigned long n = v ? std::strtoul(v, &end, 10) : 0;
      if (!v || *v == '\0' || *end != '\0' || n == 0 || n > 100000)
        return usageError("--max-errors needs a number from 1 to 100000");
      options.maxErrors = unsigned(n);
    } else if (arg != "-" && arg.size() > 1 && arg[0] == '-') {
      return usageError(absl::StrCat("unknown option '", arg, "'"));
    } else if (input.empty()) {
      input = arg;
    } else {
      return usageError(absl::StrCat("more than one input file ('", input,
                                     "' and '", arg, "')"));
    }
  }
  if (input.empty())
    return usageError("no input file");
  if (output.empty())
    return usageError("no output file (-o OUT.npub)");

  std::string source;
  if (input == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    source = buffer.str();
    options.fileName = "<stdin>";
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec))
      return fail(absl::StrCat(input, ": is a directory"));
    std::ifstream in(input, std::ios::binary);
    if (!in)
      return fail(absl::StrCat(input, ": cannot read: ", std::strerror(errno)));
    source.assign(std::istreambuf_iterator<char>(in),
                  std::istreambuf_iterator<char>());
    if (in.bad())
      return fail(absl::StrCat(input, ": read error"));
    options.fileName = input;
  }

  for (int i = 0; i < argc; ++i)
    absl::StrAppend(&options.commandLine, i ? " " : "", shellQuote(argv[i]));

  absl::StatusOr<npu::npub::Module> module = npu::as::assemble(source, options);
  if (!module.ok()) {
    // One diagnostic per line, already formatted as FILE:LINE:COL: error: ...
    std::fprintf(stderr, "%s\n",
                 std::string(module.status().message()).c_str());
    return 1;
  }
  absl::Status written = npu::npub::writeFile(*module, output);
  if (!written.ok())
    return fail(absl::StrCat(output, ": ", written.message()));
  return 0;
}
