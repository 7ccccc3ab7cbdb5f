//===- npu-opt.cpp - The npu optimizer driver -----------------------------===//
//
// mlir-opt with the npu dialects and passes: same flags, including
// --load-pass-plugin and --load-dialect-plugin.
//
//===----------------------------------------------------------------------===//

#include "npu/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  npu::registerAllDialects(registry);
  npu::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "npu optimizer driver\n", registry));
}
