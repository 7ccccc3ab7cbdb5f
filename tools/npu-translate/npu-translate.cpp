//===- npu-translate.cpp - Translations to and from .npub -----------------===//
//
// mlir-translate with the npu translations:
//
//   npu-translate --npu-isa-to-npub program.mlir -o program.npub
//   npu-translate --npub-to-npu-isa program.npub -o program.mlir
//
// Same flags as mlir-translate (-o, --split-input-file,
// --mlir-print-debuginfo, ...), plus --npu-target and --npu-program.
//
//===----------------------------------------------------------------------===//

#include "npu/Binary/Translate.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

#include <string>

int main(int argc, char **argv) {
  std::string commandLine;
  for (int i = 0; i < argc; ++i)
    commandLine += (i ? " " : "") + std::string(argv[i]);
  npu::registerNpubTranslations(commandLine);
  return mlir::failed(
             mlir::mlirTranslateMain(argc, argv, "npu translation driver\n"))
             ? 1
             : 0;
}
