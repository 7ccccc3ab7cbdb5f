//===- npu-import.cpp - Import an ONNX model to npu_graph -----------------===//
//
// npu-import model.onnx [-o out.mlir] [--input-shape NAME=1x128 ...]
//            [--function-name NAME] [MLIR printing options]
//
// Prints the npu_graph function the ONNX importer builds (docs/Onnx.md).
// The weights are resource blobs at the end of the output (in the
// `dialect_resources` section); --mlir-elide-resource-strings-if-larger=N
// leaves the large ones out of the text. Errors are diagnostics; the exit
// status is then 1 and no output is written.
//
//===----------------------------------------------------------------------===//

#include "npu/Import/Onnx.h"
#include "npu/InitAll.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("npu-import options");
cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                               cl::Required, cl::cat(category));
cl::opt<std::string> outputFile("o", cl::desc("Output file (default: stdout)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::cat(category));
cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("Static shape of a model input, e.g. input_ids=1x128 "
                         "(repeatable)"),
                cl::value_desc("NAME=DIMS"), cl::cat(category));
cl::opt<std::string> functionName("function-name",
                                  cl::desc("Name of the generated function"),
                                  cl::init("main"), cl::cat(category));

int fail(const llvm::Twine &message) {
  llvm::errs() << "npu-import: error: " << message << "\n";
  return 1;
}

/// Prints `module` exactly as ModuleOp::print does, but writes the hex text
/// of the resource blobs (the weights) in pieces: MLIR's printer builds each
/// blob's text whole, and LLVM's toHex twice, which holds 4x the largest
/// weight on top of the weights. The blobs are taken out while the printer
/// runs, so that it writes each as its alignment only, and their bytes are
/// inserted where they go. When that text cannot be found (or resources
/// are elided), the printer prints them itself.
void printModule(ModuleOp module, llvm::raw_ostream &os) {
  OpPrintingFlags flags;
  if (flags.getLargeResourceStringLimit()) {
    module->print(os, flags);
    return;
  }
  struct Taken {
    DenseResourceElementsHandle handle;
    AsmResourceBlob blob;
  };
  std::vector<Taken> taken;
  llvm::DenseSet<void *> seen;
  module->walk([&](Operation *op) {
    op->getAttrDictionary().walk([&](DenseResourceElementsAttr attr) {
      DenseResourceElementsHandle handle = attr.getRawHandle();
      AsmResourceBlob *blob = handle.getBlob();
      if (!blob || !seen.insert(handle.getResource()).second)
        return;
      size_t alignment = blob->getDataAlignment();
      taken.push_back({handle, std::move(*blob)});
      handle.getResource()->setBlob(
          AsmResourceBlob(ArrayRef<char>(), alignment, nullptr, false));
    });
  });
  std::string text;
  llvm::raw_string_ostream textStream(text);
  module->print(textStream, flags);
  // Where each blob's bytes go: before the closing quote of its entry
  // `key: "0x<alignment>"` in the dialect_resources section.
  std::vector<std::pair<size_t, const Taken *>> inserts;
  size_t section = text.rfind("\n  dialect_resources: {\n");
  for (const Taken &t : taken) {
    uint32_t alignment = llvm::support::endian::byte_swap<uint32_t>(
        uint32_t(t.blob.getDataAlignment()), llvm::endianness::little);
    std::string entry =
        ("\n      " + t.handle.getKey() + ": \"0x" +
         llvm::toHex(llvm::StringRef(reinterpret_cast<const char *>(&alignment),
                                     sizeof(alignment))) +
         "\"")
            .str();
    size_t at = section == std::string::npos ? std::string::npos
                                             : text.find(entry, section);
    if (at == std::string::npos) {
      inserts.clear();
      break;
    }
    inserts.push_back({at + entry.size() - 1, &t});
  }
  for (Taken &t : taken)
    t.handle.getResource()->setBlob(std::move(t.blob));
  if (inserts.size() != taken.size()) {
    module->print(os, flags);
    return;
  }
  llvm::sort(inserts, llvm::less_first());
  size_t done = 0;
  for (auto [at, t] : inserts) {
    os << llvm::StringRef(text).slice(done, at);
    ArrayRef<char> data = t->handle.getBlob()->getData();
    constexpr size_t kChunk = 1 << 16;
    for (size_t i = 0; i < data.size(); i += kChunk)
      os << llvm::toHex(
          llvm::StringRef(data.data() + i, std::min(kChunk, data.size() - i)));
    done = at;
  }
  os << llvm::StringRef(text).substr(done);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerMLIRContextCLOptions();
  registerAsmPrinterCLOptions();
  cl::ParseCommandLineOptions(argc, argv,
                              "ONNX to npu_graph importer (docs/Onnx.md)\n");

  npu::onnx_import::ImportOptions options;
  options.functionName = functionName;
  for (const std::string &shape : inputShapes) {
    std::string error = npu::onnx_import::parseInputShape(shape, options);
    if (!error.empty())
      return fail(error);
  }

  std::string errorMessage;
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(
      inputFile, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fail("cannot read '" + inputFile +
                "': " + buffer.getError().message());

  DialectRegistry registry;
  npu::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  // A file is parsed as a stream (importOnnxFile), so that its weights are
  // not also held in a copy of the file; the buffer only checked that it
  // can be read.
  OwningOpRef<ModuleOp> module;
  if (!llvm::sys::fs::is_regular_file(inputFile)) { // stdin, a pipe
    module = npu::onnx_import::importOnnxModel((*buffer)->getBuffer(),
                                               inputFile, context, options);
  } else {
    buffer->reset();
    module = npu::onnx_import::importOnnxFile(inputFile, context, options);
  }
  if (!module)
    return 1;

  std::unique_ptr<llvm::ToolOutputFile> out =
      openOutputFile(outputFile, &errorMessage);
  if (!out)
    return fail(errorMessage);
  printModule(*module, out->os());
  out->os() << "\n";
  out->keep();
  return 0;
}
