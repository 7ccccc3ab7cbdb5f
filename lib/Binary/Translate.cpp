//===- Translate.cpp - --npu-isa-to-npub and --npub-to-npu-isa ------------===//

#include "npu/Binary/Translate.h"
#include "npu/Binary/Emit.h"

#include "npu_isa/NpuIsa.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

namespace npu {
namespace {

llvm::cl::opt<std::string> targetOption(
    "npu-target",
    llvm::cl::desc("Target name or file to emit for (--npu-isa-to-npub); "
                   "default: the program's `target`"),
    llvm::cl::value_desc("name|file"));

llvm::cl::opt<std::string> programOption(
    "npu-program",
    llvm::cl::desc("Symbol name of the npu_isa.program to emit "
                   "(--npu-isa-to-npub), when the input holds several"),
    llvm::cl::value_desc("name"));

std::string &commandLineStorage() {
  static std::string commandLine;
  return commandLine;
}

LogicalResult toNpub(Operation *op, raw_ostream &output) {
  SmallVector<isa::ProgramOp> programs;
  op->walk<WalkOrder::PreOrder>([&](Operation *nested) {
    if (auto program = dyn_cast<isa::ProgramOp>(nested)) {
      if (programOption.empty() || program.getSymName() == programOption)
        programs.push_back(program);
      return WalkResult::skip();
    }
    return WalkResult::advance();
  });
  if (programs.size() != 1) {
    InFlightDiagnostic diag = op->emitError();
    if (programs.empty())
      diag << "no 'npu_isa.program'"
           << (programOption.empty() ? "" : " named '" + programOption + "'")
           << " to emit";
    else
      diag << programs.size()
           << " 'npu_isa.program's to emit; choose one with --npu-program";
    return diag;
  }
  isa::ProgramOp program = programs.front();
  std::string targetName =
      targetOption.empty() ? program.getTarget().str() : targetOption;
  absl::StatusOr<Target> target = loadTarget(targetName);
  if (!target.ok())
    return program.emitError()
           << (targetOption.empty() ? "target" : "--npu-target") << " '"
           << targetName << "': " << std::string(target.status().message());
  EmitOptions options;
  options.commandLine = commandLineStorage();
  // The constants are written from the program, not copied.
  ArrayRef<uint8_t> constants;
  FailureOr<npub::Module> module =
      emitModule(program, *target, options, &constants);
  if (failed(module))
    return failure();
  if (constants.empty())
    constants = module->constants;
  std::vector<uint8_t> head = npub::serializeHead(
      *module, absl::MakeConstSpan(constants.data(), constants.size()));
  output.write(reinterpret_cast<const char *>(head.data()), head.size());
  output.write(reinterpret_cast<const char *>(constants.data()),
               constants.size());
  return success();
}

OwningOpRef<Operation *> fromNpub(llvm::SourceMgr &sourceMgr,
                                  MLIRContext *context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  StringRef file = buffer->getBufferIdentifier();
  Location loc = FileLineColLoc::get(context, file, 0, 0);
  absl::StatusOr<npub::Module> module = npub::parse(absl::MakeConstSpan(
      reinterpret_cast<const uint8_t *>(buffer->getBufferStart()),
      buffer->getBufferSize()));
  if (!module.ok()) {
    emitError(loc) << std::string(module.status().message());
    return nullptr;
  }
  ImportOptions options;
  StringRef stem = llvm::sys::path::stem(file);
  if (!stem.empty() && stem != "-" && stem != "<stdin>")
    options.name = stem.str();
  OwningOpRef<isa::ProgramOp> program =
      importModule(*module, *context, options, loc);
  if (!program)
    return nullptr;
  OwningOpRef<ModuleOp> top = ModuleOp::create(UnknownLoc::get(context));
  top->push_back(program.release());
  return OwningOpRef<Operation *>(top.release());
}

} // namespace

void registerNpubTranslations(const std::string &commandLine) {
  commandLineStorage() = commandLine;
  auto dialects = [](DialectRegistry &registry) {
    registry.insert<isa::NpuIsaDialect>();
  };
  static TranslateFromMLIRRegistration toBinary(
      "npu-isa-to-npub",
      "Encode an npu_isa.program into a .npub module (binary output)", toNpub,
      dialects);
  static TranslateToMLIRRegistration fromBinary(
      "npub-to-npu-isa", "Decode a .npub module into an npu_isa.program",
      TranslateRawSourceMgrToMLIRFunction(fromNpub), dialects);
}

} // namespace npu
