//===- npu-opt.cpp - The npu optimizer driver -----------------------------===//
//
// mlir-opt with the npu dialects and passes: same flags, including
// --load-pass-plugin and --load-dialect-plugin.
//
//===----------------------------------------------------------------------===//

#include "npu/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace {

/// MlirOptMain reports a pass plugin that fails to load and then carries on
/// ("Request ignored"), exiting 0 when the pipeline does not name its
/// passes. A missing plugin is a mistake on the command line, so npu-opt
/// checks every plugin first and stops with an error naming it.
bool checkPlugins(int argc, char **argv) {
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    for (llvm::StringRef flag :
         {"--load-pass-plugin", "-load-pass-plugin", "--load-dialect-plugin",
          "-load-dialect-plugin"}) {
      if (!arg.starts_with(flag))
        continue;
      llvm::StringRef path = arg.drop_front(flag.size());
      if (path.consume_front("=")) {
      } else if (path.empty() && i + 1 < argc) {
        path = argv[i + 1];
      } else {
        continue;
      }
      bool isPass = flag.contains("pass");
      llvm::Error error =
          isPass ? mlir::PassPlugin::load(path.str()).takeError()
                 : mlir::DialectPlugin::load(path.str()).takeError();
      if (error) {
        llvm::WithColor::error(llvm::errs(), "npu-opt")
            << "cannot load " << (isPass ? "pass" : "dialect") << " plugin '"
            << path << "': " << llvm::toString(std::move(error)) << "\n";
        ok = false;
      }
      break;
    }
  }
  return ok;
}

} // namespace

int main(int argc, char **argv) {
  if (!checkPlugins(argc, argv))
    return 1;
  mlir::DialectRegistry registry;
  npu::registerAllDialects(registry);
  npu::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "npu optimizer driver\n", registry));
}
