//===- Translate.h - .npub translations for npu-translate ------*- C++ -*-===//

#ifndef NPU_BINARY_TRANSLATE_H
#define NPU_BINARY_TRANSLATE_H

#include <string>

namespace npu {

/// Registers the mlir-translate translations
///   --npu-isa-to-npub  (an npu_isa.program to a binary .npub; option
///                       --npu-target=NAME|FILE overrides the program's
///                       target)
///   --npub-to-npu-isa  (a .npub to npu_isa IR).
/// `commandLine` is recorded in the provenance of emitted modules.
void registerNpubTranslations(const std::string &commandLine = "");

} // namespace npu

#endif
