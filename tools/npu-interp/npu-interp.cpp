//===- npu-interp.cpp - Run the reference interpreter on npu_graph --------===//
//
// npu-interp IN.mlir --input a.npy ... --output out.npy ... [options]
//
// Evaluates a graph-level function with the reference interpreter
// (include/npu/Reference/Interpreter.h), in fp32 or with the device's
// numerics, so that tests can compare a compiled program's results with the
// reference. Inputs and outputs are .npy files matched to the function's
// arguments and results in order, or by name with NAME=PATH; the element
// type conversions are npu-run's (bf16 read from float .npy files with
// round to nearest even and written as fp32, integers checked for range).
// --check compares an output with a reference .npy as npu-run --check does.
//
//===----------------------------------------------------------------------===//

#include "Check.h"
#include "Npy.h"

#include "absl/strings/str_cat.h"

#include "npu/InitAll.h"
#include "npu/Reference/Interpreter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

using namespace mlir;
namespace cl = llvm::cl;
using npu::reference::ElementType;
using npu::reference::Tensor;
using npu::tools::NpyArray;

namespace {

cl::OptionCategory category("npu-interp options");

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input .mlir>"),
                               cl::Required, cl::cat(category));
cl::list<std::string> inputs("input",
                             cl::desc("Input tensor (.npy), in argument order"),
                             cl::value_desc("[NAME=]PATH"), cl::cat(category));
cl::list<std::string>
    outputs("output", cl::desc("Where to write a result (.npy), in order"),
            cl::value_desc("[NAME=]PATH"), cl::cat(category));
cl::list<std::string> checks("check",
                             cl::desc("Compare a result with a reference .npy"),
                             cl::value_desc("[NAME=]PATH"), cl::cat(category));
cl::opt<double> rtolOption("rtol", cl::desc("Relative tolerance of --check"),
                           cl::init(1e-2), cl::cat(category));
cl::opt<double> atolOption("atol", cl::desc("Absolute tolerance of --check"),
                           cl::init(1e-3), cl::cat(category));
cl::opt<bool>
    deviceNumerics("device-numerics",
                   cl::desc("Follow the device's numerics instead of fp32"),
                   cl::cat(category));
cl::opt<std::string>
    funcName("func",
             cl::desc("Function to run (default: the only one, else 'main')"),
             cl::value_desc("NAME"), cl::cat(category));
cl::opt<bool> printResults("print", cl::desc("Print every result on stdout"),
                           cl::cat(category));
cl::opt<std::string> externalDataDir(
    "external-data-dir",
    cl::desc("Directory that relative #npu_graph.external paths are "
             "resolved against (default: the input file's directory)"),
    cl::value_desc("DIR"), cl::cat(category));

int fail(const llvm::Twine &message) {
  llvm::errs() << "npu-interp: error: " << message << "\n";
  return 1;
}

struct Slot {
  std::string name;
  ElementType type;
  std::vector<int64_t> shape;
};

/// The name of argument/result `index`: its `npu.name` attribute, else
/// `arg<i>` / `out<j>` (the names npu-tile-graph gives the compiled
/// module's inputs and outputs).
std::string slotName(DictionaryAttr attrs, const char *prefix, unsigned index) {
  if (attrs)
    if (auto name = attrs.getAs<StringAttr>("npu.name"))
      return name.str();
  return prefix + std::to_string(index);
}

std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s + "]";
}

/// Assigns each NAME=PATH or PATH binding to a slot: named ones by name, the
/// others in order into the remaining slots (as npu-run does).
std::optional<std::vector<std::optional<std::string>>>
bindSlots(const std::vector<std::string> &bindings,
          const std::vector<Slot> &slots, const char *what) {
  std::vector<std::optional<std::string>> paths(slots.size());
  std::vector<std::string> positional;
  for (const std::string &b : bindings) {
    size_t eq = b.find('=');
    if (eq == std::string::npos) {
      positional.push_back(b);
      continue;
    }
    std::string name = b.substr(0, eq);
    size_t i = 0;
    while (i < slots.size() && slots[i].name != name)
      ++i;
    if (i == slots.size()) {
      std::string names;
      for (const Slot &s : slots)
        names += (names.empty() ? "" : ", ") + s.name;
      fail(llvm::Twine("no ") + what + " named '" + name +
           "'; the function's " + what +
           "s are: " + (names.empty() ? "(none)" : names));
      return std::nullopt;
    }
    if (paths[i]) {
      fail(llvm::Twine(what) + " '" + name + "' given twice");
      return std::nullopt;
    }
    paths[i] = b.substr(eq + 1);
  }
  size_t next = 0;
  for (const std::string &p : positional) {
    while (next < slots.size() && paths[next])
      ++next;
    if (next == slots.size()) {
      fail(llvm::Twine("too many ") + what + "s: the function has " +
           llvm::Twine(slots.size()));
      return std::nullopt;
    }
    paths[next++] = p;
  }
  return paths;
}

/// A .npy array as a tensor of `slot`'s type: floats are rounded to the
/// element type (bf16: nearest even), integers must be exact and in range.
std::optional<Tensor> toTensor(const NpyArray &a, const Slot &slot,
                               const std::string &path) {
  if (llvm::ArrayRef<int64_t>(a.shape) != llvm::ArrayRef<int64_t>(slot.shape)) {
    fail(path + ": shape " + shapeString(a.shape) + " does not match input '" +
         slot.name + "' " + shapeString(slot.shape));
    return std::nullopt;
  }
  uint64_t n = a.numElements();
  std::vector<double> values(n);
  bool isFloatFile = a.descr[1] == 'f';
  for (uint64_t i = 0; i < n; ++i) {
    double v = a.at(i);
    if (!npu::reference::isFloat(slot.type)) {
      double lo = slot.type == ElementType::I8   ? -128
                  : slot.type == ElementType::I1 ? 0
                                                 : -2147483648.0;
      double hi = slot.type == ElementType::I8   ? 127
                  : slot.type == ElementType::I1 ? 1
                                                 : 2147483647.0;
      if (isFloatFile || v < lo || v > hi || v != std::floor(v)) {
        fail(path + ": element " + llvm::Twine(i) + " (" + absl::StrCat(v) +
             ") is not a valid " +
             npu::reference::getElementTypeName(slot.type) +
             " value for input '" + slot.name +
             "'; give an integer .npy in range");
        return std::nullopt;
      }
    } else if (slot.type == ElementType::F32) {
      // As npu-run: the value is converted to fp32 first (a float64 .npy is
      // rounded once, to fp32).
      v = static_cast<float>(v);
    }
    values[i] = v;
  }
  return Tensor::fromValues(slot.type, slot.shape, values);
}

/// A tensor as a .npy array: f32 and bf16 as float32, i8 as int8, i32 as
/// int32.
NpyArray toNpy(const Tensor &t) {
  NpyArray a;
  a.shape.assign(t.getShape().begin(), t.getShape().end());
  uint64_t n = t.getNumElements();
  switch (t.getElementType()) {
  case ElementType::F32:
  case ElementType::BF16: {
    a.descr = "<f4";
    a.data.resize(n * 4);
    for (uint64_t i = 0; i < n; ++i) {
      float f = static_cast<float>(t[i]);
      std::memcpy(&a.data[i * 4], &f, 4);
    }
    break;
  }
  case ElementType::I1:
    a.descr = "|b1";
    a.data.resize(n);
    for (uint64_t i = 0; i < n; ++i)
      a.data[i] = t[i] != 0 ? 1 : 0;
    break;
  case ElementType::I8:
    a.descr = "|i1";
    a.data.resize(n);
    for (uint64_t i = 0; i < n; ++i)
      a.data[i] = static_cast<uint8_t>(static_cast<int8_t>(t[i]));
    break;
  case ElementType::I32:
    a.descr = "<i4";
    a.data.resize(n * 4);
    for (uint64_t i = 0; i < n; ++i) {
      int32_t v = static_cast<int32_t>(t[i]);
      std::memcpy(&a.data[i * 4], &v, 4);
    }
    break;
  }
  return a;
}

/// The slot of a ranked tensor type, or an error message.
std::optional<Slot> makeSlot(Type type, std::string name, Location loc,
                             const char *what) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  std::optional<ElementType> elementType =
      tensorType ? npu::reference::getElementType(tensorType.getElementType())
                 : std::nullopt;
  if (!elementType || !tensorType.hasStaticShape()) {
    emitError(loc) << what << " '" << name << "' has type " << type
                   << "; npu-interp takes statically shaped tensors of f32, "
                      "bf16, i8 or i32";
    return std::nullopt;
  }
  return Slot{std::move(name), *elementType,
              std::vector<int64_t>(tensorType.getShape().begin(),
                                   tensorType.getShape().end())};
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerMLIRContextCLOptions();
  cl::HideUnrelatedOptions({&category, &cl::getGeneralCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "npu reference interpreter\n\n"
      "Runs a graph-level (npu_graph) function on .npy inputs in fp32 or with "
      "the\ndevice's numerics (--device-numerics).\n");

  DialectRegistry registry;
  npu::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(inputFile, &errorMessage);
  if (!file)
    return fail(errorMessage);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  // The function to run.
  func::FuncOp func;
  std::vector<func::FuncOp> funcs(module->getOps<func::FuncOp>().begin(),
                                  module->getOps<func::FuncOp>().end());
  if (!funcName.empty()) {
    func = module->lookupSymbol<func::FuncOp>(funcName);
    if (!func)
      return fail("no function named '" + funcName + "' in " + inputFile);
  } else if (funcs.size() == 1) {
    func = funcs.front();
  } else {
    func = module->lookupSymbol<func::FuncOp>("main");
    if (!func) {
      std::string names;
      for (func::FuncOp f : funcs)
        names += (names.empty() ? "" : ", ") + f.getSymName().str();
      return fail(inputFile + " has " + llvm::Twine(funcs.size()) +
                  " functions (" + names +
                  ") and none is named 'main'; choose one with --func");
    }
  }

  std::vector<Slot> inSlots, outSlots;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    std::optional<Slot> slot = makeSlot(
        func.getArgumentTypes()[i], slotName(func.getArgAttrDict(i), "arg", i),
        func.getArgument(i).getLoc(), "argument");
    if (!slot)
      return 1;
    inSlots.push_back(*slot);
  }
  for (unsigned i = 0; i < func.getNumResults(); ++i) {
    std::optional<Slot> slot = makeSlot(
        func.getResultTypes()[i], slotName(func.getResultAttrDict(i), "out", i),
        func.getLoc(), "result");
    if (!slot)
      return 1;
    outSlots.push_back(*slot);
  }

  auto list = [](const cl::list<std::string> &l) {
    return std::vector<std::string>(l.begin(), l.end());
  };
  auto inPaths = bindSlots(list(inputs), inSlots, "input");
  auto outPaths = bindSlots(list(outputs), outSlots, "output");
  auto checkPaths = bindSlots(list(checks), outSlots, "output");
  if (!inPaths || !outPaths || !checkPaths)
    return 1;

  std::vector<Tensor> args;
  for (size_t i = 0; i < inSlots.size(); ++i) {
    const Slot &slot = inSlots[i];
    if (!(*inPaths)[i])
      return fail("missing input " + llvm::Twine(i) + " '" + slot.name + "' (" +
                  npu::reference::getElementTypeName(slot.type) + " " +
                  shapeString(slot.shape) + "); pass --input " + slot.name +
                  "=FILE.npy");
    const std::string &path = *(*inPaths)[i];
    absl::StatusOr<NpyArray> array = npu::tools::readNpy(path);
    if (!array.ok())
      return fail(std::string(array.status().message()));
    std::optional<Tensor> tensor = toTensor(*array, slot, path);
    if (!tensor)
      return 1;
    args.push_back(std::move(*tensor));
  }

  npu::reference::InterpreterOptions options;
  options.deviceNumerics = deviceNumerics;
  options.externalDataDir = externalDataDir;
  llvm::Expected<std::vector<Tensor>> results =
      npu::reference::interpret(func, args, options);
  if (!results)
    return fail(llvm::toString(results.takeError()));

  bool checkFailed = false;
  for (size_t i = 0; i < outSlots.size(); ++i) {
    const Tensor &result = (*results)[i];
    if (printResults)
      llvm::outs() << outSlots[i].name << " = " << result.toString() << "\n";
    if (!(*outPaths)[i] && !(*checkPaths)[i])
      continue;
    NpyArray array = toNpy(result);
    if ((*outPaths)[i])
      if (absl::Status s = npu::tools::writeNpy(*(*outPaths)[i], array);
          !s.ok())
        return fail(std::string(s.message()));
    if ((*checkPaths)[i]) {
      const std::string &path = *(*checkPaths)[i];
      absl::StatusOr<NpyArray> ref = npu::tools::readNpy(path);
      if (!ref.ok())
        return fail(std::string(ref.status().message()));
      if (ref->numElements() != array.numElements())
        return fail(path + ": has " + llvm::Twine(ref->numElements()) +
                    " elements, output '" + outSlots[i].name + "' has " +
                    llvm::Twine(array.numElements()));
      npu::tools::CheckResult c =
          npu::tools::compare(array, *ref, rtolOption, atolOption);
      checkFailed |= !c.ok();
      llvm::outs() << npu::tools::formatCheck(outSlots[i].name, c, rtolOption,
                                              atolOption)
                   << "\n";
    }
  }
  llvm::outs().flush();
  return checkFailed ? 2 : 0;
}
