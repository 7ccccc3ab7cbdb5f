//===- ExamplePlugin.cpp - Dialect and pass plugin example ----------------===//
//
// The npu_example dialect and the npu-count-ops pass, exported through
// MLIR's plugin entry points so that npu-opt (and any mlir-opt built on the
// same shared MLIR) can load them.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"

#include <map>

#include "ExampleDialect.h.inc"
#define GET_OP_CLASSES
#include "ExampleOps.h.inc"

#include "ExampleDialect.cpp.inc"
#define GET_OP_CLASSES
#include "ExampleOps.cpp.inc"

void npu::example::NpuExampleDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ExampleOps.cpp.inc"
      >();
}

namespace npu::example {
#define GEN_PASS_DECL
#define GEN_PASS_DEF_NPUCOUNTOPS
#include "ExamplePasses.h.inc"
} // namespace npu::example

namespace {

struct CountOpsPass : public npu::example::impl::NpuCountOpsBase<CountOpsPass> {
  void runOnOperation() override {
    mlir::ModuleOp module = getOperation();
    // Sorted, so the remarks come in a stable order.
    std::map<std::string, unsigned> counts;
    module.walk([&](mlir::Operation *op) {
      if (op != module.getOperation())
        ++counts[op->getName().getDialectNamespace().str()];
    });
    for (const auto &[dialect, count] : counts)
      module.emitRemark() << dialect << ": " << count << " ops";
  }
};

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "NpuExample", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            registry->insert<npu::example::NpuExampleDialect>();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "NpuExample", LLVM_VERSION_STRING,
          []() { mlir::PassRegistration<CountOpsPass>(); }};
}
