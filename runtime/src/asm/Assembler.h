//===- Assembler.h - Assembly source to an .npub module --------*- C++ -*-===//
//
// Assembles a whole source file (docs/Assembly.md) into an in-memory .npub
// module: code, constants, signature, scratch and state sizes, the target
// and a debug map. Instruction syntax comes from isa/Assembly.h; this layer
// adds bundles, labels, directives and data.
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_ASM_ASSEMBLER_H
#define NPURT_ASM_ASSEMBLER_H

#include "format/Npub.h"

#include "absl/status/statusor.h"

#include <string>
#include <string_view>
#include <vector>

namespace npu::as {

/// Recorded as the producer of every module: "npu-as <version>".
constexpr const char *kAssemblerVersion = "0.1.0";

struct AssembleOptions {
  /// Names the source in diagnostics and in the debug map; relative
  /// `.incbin` and `.target` paths are resolved against its directory.
  std::string fileName = "<stdin>";
  /// Target name or file that overrides `.target` (npu-as --target).
  std::string targetOverride;
  /// Recorded in the module's provenance.
  std::string commandLine;
  /// Assembly stops after this many errors.
  unsigned maxErrors = 20;
};

struct Diagnostic {
  std::string file;
  unsigned line = 0;   // 1-based; 0 when the error is not tied to a line
  unsigned column = 0; // 1-based; 0 when the error is not tied to a column
  std::string message;
  /// "FILE:LINE:COL: error: MESSAGE" (or "FILE: error: MESSAGE").
  std::string format() const;
};

/// Assembles `source`. On failure the status message holds every
/// diagnostic, one formatted line each, and `diagnostics` (if given)
/// receives them.
absl::StatusOr<npub::Module>
assemble(std::string_view source, const AssembleOptions &options,
         std::vector<Diagnostic> *diagnostics = nullptr);

} // namespace npu::as

#endif
