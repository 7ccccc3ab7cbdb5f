//===- npu-compile.cpp - The npu compiler driver --------------------------===//
//
// npu-compile IN.mlir|IN.onnx -o OUT.npub [--target NAME|FILE] [--emit STAGE]
//             [--precision device|fp32] [--no-dma-schedule] [--report FILE]
//             [--input-shape NAME=DIMS]
//             [MLIR options]
//
// Compiles an npu_graph program, or an ONNX model imported to one
// (lib/Import/Onnx, docs/Onnx.md), to a .npub module: the passes of
// docs/Compiler.md, looked up by name in the pass registry and run in three
// stages (graph, tile, isa), then emission with npu::emitModule and the
// runtime's .npub writer. --emit stops after a stage and prints its IR (or
// the assembly of the final program). The standard MLIR options
// (--mlir-print-ir-after-all, --mlir-timing,
// --mlir-pass-pipeline-crash-reproducer, ...) apply to every stage.
//
// Errors are located diagnostics; the exit status is then 1 and no output
// file (nor report) is written.
//
//===----------------------------------------------------------------------===//

#include "npu/Binary/Emit.h"
#include "npu/Import/Onnx.h"
#include "npu/InitAll.h"

#include "npu_isa/NpuIsa.h"

#include "format/Npub.h"
#include "isa/Assembly.h"
#include "isa/ISA.h"
#include "target/Target.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace mlir;
namespace cl = llvm::cl;

namespace {

/// Recorded in the provenance section of every module.
constexpr const char *kVersion = "0.1.0";

enum class Stage { Graph, Tile, Isa, Asm, Npub };

cl::OptionCategory category("npu-compile options");

cl::opt<std::string> inputFile(cl::Positional,
                               cl::desc("<input .mlir or .onnx>"),
                               cl::init("-"), cl::cat(category));
cl::opt<std::string> outputFile("o", cl::desc("Output file (default: stdout)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::cat(category));
cl::opt<std::string> targetOption(
    "target",
    cl::desc("Target name or file (default: the module's npu.target, else "
             "npu-v1)"),
    cl::value_desc("name|file"), cl::cat(category));
cl::opt<Stage> emitOption(
    "emit", cl::desc("Stop after a stage and write its result"),
    cl::values(
        clEnumValN(Stage::Graph, "graph", "the canonicalized npu_graph IR"),
        clEnumValN(Stage::Tile, "tile",
                   "the npu_tile IR after tiling, DMA scheduling and memory "
                   "placement"),
        clEnumValN(Stage::Isa, "isa", "the bundled npu_isa program"),
        clEnumValN(Stage::Asm, "asm",
                   "the assembly text of the emitted program"),
        clEnumValN(Stage::Npub, "npub", "the .npub module (default)")),
    cl::init(Stage::Npub), cl::cat(category));
enum class Precision { Device, Fp32 };
cl::opt<Precision> precisionOption(
    "precision", cl::desc("Arithmetic of f32 matmuls"),
    cl::values(clEnumValN(Precision::Device, "device",
                          "the device's: operands rounded to bf16 on the "
                          "MXU, fp32 accumulation (default)"),
               clEnumValN(Precision::Fp32, "fp32",
                          "faithful to fp32: operands split into 3 bf16 "
                          "parts, 6 MXU matmuls each (npu-split-precision)")),
    cl::init(Precision::Device), cl::cat(category));
cl::opt<bool> noDmaSchedule(
    "no-dma-schedule",
    cl::desc("Skip npu-schedule-dma (synchronous DMA; for benchmarks)"),
    cl::cat(category));
cl::opt<std::string>
    reportFile("report",
               cl::desc("Write a JSON report: per source op estimates, "
                        "totals and the roofline bound"),
               cl::value_desc("file"), cl::cat(category));

cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("ONNX input: static shape of a model input, e.g. "
                         "input_ids=1x128 (repeatable)"),
                cl::value_desc("NAME=DIMS"), cl::cat(category));

int fail(const llvm::Twine &message) {
  llvm::errs() << "npu-compile: error: " << message << "\n";
  return 1;
}

const char *stageName(Stage stage) {
  switch (stage) {
  case Stage::Graph:
    return "graph";
  case Stage::Tile:
    return "tile";
  case Stage::Isa:
    return "isa";
  case Stage::Asm:
    return "asm";
  case Stage::Npub:
    return "npub";
  }
  return "?";
}

/// The passes of each stage, in order (docs/Compiler.md).
std::vector<std::string> stagePasses(Stage stage) {
  switch (stage) {
  case Stage::Graph:
    return {"canonicalize"};
  case Stage::Tile: {
    // npu-tile-graph fuses attentions (or decomposes those that do not
    // fit); with --precision fp32 they are decomposed first, so that
    // npu-split-precision also splits their matmuls.
    std::vector<std::string> passes = {"npu-decompose-rope"};
    if (precisionOption == Precision::Fp32) {
      passes.push_back("npu-decompose-attention");
      passes.push_back("npu-split-precision");
    }
    passes.push_back("npu-tile-graph");
    if (!noDmaSchedule)
      passes.push_back("npu-schedule-dma");
    passes.push_back("npu-place-memory");
    passes.push_back("npu-estimate-cost");
    return passes;
  }
  default:
    return {"npu-lower-to-isa", "npu-pack-bundles"};
  }
}

//===----------------------------------------------------------------------===//
// Report
//===----------------------------------------------------------------------===//

/// "file:line:col" of the first file location in `loc`, or "unknown".
std::string formatLocation(Location loc) {
  auto file = loc->findInstanceOf<FileLineColLoc>();
  if (!file)
    return "unknown";
  return llvm::formatv("{0}:{1}:{2}", file.getFilename().getValue(),
                       file.getLine(), file.getColumn())
      .str();
}

std::optional<int64_t> intAttr(Operation *op, StringRef name) {
  if (auto attr = op->getAttrOfType<IntegerAttr>(name))
    return attr.getValue().getSExtValue();
  return std::nullopt;
}

/// Bytes of a statically shaped memref or tensor (i4 packs two per byte; a
/// boolean takes one).
std::optional<int64_t> byteSize(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasStaticShape() ||
      !shaped.getElementType().isIntOrFloat())
    return std::nullopt;
  Type elt = shaped.getElementType();
  int64_t bits = shaped.getNumElements() *
                 (elt.isInteger(1) ? 8 : elt.getIntOrFloatBitWidth());
  return (bits + 7) / 8;
}

struct OpEntry {
  std::string op;   // name of the source (graph) op, if known
  std::string type; // its result type
  // The names in its location (NameLoc): for an imported ONNX model, the
  // node, or every node fused into the op (docs/Onnx.md).
  std::vector<std::string> nodes;
  std::optional<int64_t> estCycles, hbmBytes, sramBytes;
  std::optional<int64_t> instructions, bundles; // after npu-pack-bundles
  std::string fusedInto; // location of the op whose work includes this one
};

/// What the stages leave in the IR for the report (docs/Compiler.md,
/// "npu-compile").
struct Report {
  // By source location, in order of appearance.
  llvm::MapVector<std::string, OpEntry, std::map<std::string, unsigned>> ops;
  std::optional<int64_t> spillBytes;
  // For an imported ONNX model (the module's npu.onnx_nodes): the nodes no
  // op carries in its location, in graph order: folded at compile time
  // (shape computations, masks, constants) or forwarded (Identity,
  // inference Dropout).
  std::optional<std::vector<std::string>> foldedNodes;
  std::optional<int64_t> flops, compulsoryHbmBytes, sramPeakBytes, scratchBytes,
      moduleRooflineCycles, bundles, codeWords, constantBytes;
  // The same figures computed from the graph, when no pass records them.
  int64_t graphFlops = 0, graphHbmBytes = 0;
  Stage lastStage = Stage::Graph;

  /// The npu_graph ops (but constants) of the canonicalized program.
  void collectGraph(ModuleOp module) {
    // Matmul FLOPs (2 per multiply-accumulate) and the compulsory HBM bytes:
    // every input, constant and output moved once.
    for (func::FuncOp func : module.getOps<func::FuncOp>()) {
      for (Type type : func.getArgumentTypes())
        graphHbmBytes += byteSize(type).value_or(0);
      for (Type type : func.getResultTypes())
        graphHbmBytes += byteSize(type).value_or(0);
    }
    module.walk([&](Operation *op) {
      StringRef name = op->getName().getStringRef();
      if (name == "npu_graph.constant" && op->getNumResults() == 1)
        graphHbmBytes += byteSize(op->getResult(0).getType()).value_or(0);
      if (name == "npu_graph.matmul" && op->getNumResults() == 1) {
        auto lhs = dyn_cast<ShapedType>(op->getOperand(0).getType());
        auto result = dyn_cast<ShapedType>(op->getResult(0).getType());
        if (lhs && result && lhs.hasStaticShape() && result.hasStaticShape())
          graphFlops += 2 * result.getNumElements() * lhs.getShape().back();
      }
    });
    module.walk([&](Operation *op) {
      if (op->getDialect() && op->getDialect()->getNamespace() == "npu_graph" &&
          op->getName().getStringRef() != "npu_graph.constant") {
        OpEntry &entry = ops[formatLocation(op->getLoc())];
        std::vector<std::string> nodes;
        op->getLoc()->walk([&](Location loc) {
          if (auto name = dyn_cast<NameLoc>(loc))
            nodes.push_back(name.getName().str());
          return WalkResult::advance();
        });
        // Of the ops at one location (e.g. a raised attention and the
        // transpose of K made for it at the same node), the one that
        // names the most nodes stands for them: the fused one.
        if (entry.op.empty() || nodes.size() > entry.nodes.size()) {
          entry.op = op->getName().getStringRef().str();
          entry.nodes = std::move(nodes);
          entry.type.clear();
          if (op->getNumResults() == 1) {
            llvm::raw_string_ostream os(entry.type);
            os << op->getResult(0).getType();
          }
        }
      }
    });
    collectFoldedNodes(module);
  }

  /// The imported nodes that no op of the graph carries.
  void collectFoldedNodes(ModuleOp module) {
    auto names = module->getAttrOfType<ArrayAttr>("npu.onnx_nodes");
    if (!names)
      return;
    llvm::StringSet<> carried;
    for (const auto &entry : ops)
      for (const std::string &node : entry.second.nodes)
        carried.insert(node);
    foldedNodes.emplace();
    for (auto name : names.getAsRange<StringAttr>())
      if (!carried.contains(name.getValue()))
        foldedNodes->push_back(name.str());
  }

  /// The npu.est_cycles / npu.hbm_bytes / npu.sram_bytes annotations and
  /// the function-level figures of the tile-level program.
  void collectTile(ModuleOp module) {
    int64_t allocPeak = -1;
    module.walk([&](Operation *op) {
      // A fused group's ops carry a FusedLoc of its source ops, head first:
      // the head's entry gets the estimates, the others name it.
      if (auto fused = dyn_cast<FusedLoc>(op->getLoc())) {
        std::string head = formatLocation(fused);
        for (Location member : fused.getLocations()) {
          std::string location = formatLocation(member);
          // Only graph ops have entries: an imported op's own FusedLoc of
          // ONNX nodes is listed in its `nodes`.
          auto entry = ops.find(location);
          if (location != head && entry != ops.end())
            entry->second.fusedInto = head;
        }
      }
      std::optional<int64_t> cycles = intAttr(op, "npu.est_cycles");
      std::optional<int64_t> hbm = intAttr(op, "npu.hbm_bytes");
      std::optional<int64_t> sram = intAttr(op, "npu.sram_bytes");
      if (cycles || hbm || sram) {
        OpEntry &entry = ops[formatLocation(op->getLoc())];
        if (entry.op.empty())
          entry.op = op->getName().getStringRef().str();
        if (cycles)
          entry.estCycles = entry.estCycles.value_or(0) + *cycles;
        if (hbm)
          entry.hbmBytes = entry.hbmBytes.value_or(0) + *hbm;
        if (sram)
          entry.sramBytes = std::max(entry.sramBytes.value_or(0), *sram);
      }
      if (isa<func::FuncOp>(op)) {
        if (auto v = intAttr(op, "npu.flops"))
          flops = flops.value_or(0) + *v;
        if (auto v = intAttr(op, "npu.compulsory_hbm_bytes"))
          compulsoryHbmBytes = compulsoryHbmBytes.value_or(0) + *v;
        if (auto v = intAttr(op, "npu.sram_peak"))
          sramPeakBytes = std::max(sramPeakBytes.value_or(0), *v);
        if (auto v = intAttr(op, "npu.spill_bytes"))
          spillBytes = spillBytes.value_or(0) + *v;
        if (auto v = intAttr(op, "npu.scratch_bytes"))
          scratchBytes = std::max(scratchBytes.value_or(0), *v);
      }
      // Placed SRAM buffers: the highest end, when no pass records a peak.
      if (op->getName().getStringRef() == "npu_tile.alloc" &&
          op->getNumResults() == 1)
        if (auto offset = intAttr(op, "offset"))
          if (auto bytes = byteSize(op->getResult(0).getType()))
            allocPeak = std::max(allocPeak, *offset + *bytes);
    });
    if (!sramPeakBytes && allocPeak >= 0)
      sramPeakBytes = allocPeak;
  }

  void collectProgram(npu::isa::ProgramOp program) {
    if (!flops && program.getFlops())
      flops = int64_t(*program.getFlops());
    if (!compulsoryHbmBytes && program.getCompulsoryHbmBytes())
      compulsoryHbmBytes = int64_t(*program.getCompulsoryHbmBytes());
    if (program.getRooflineCycles())
      moduleRooflineCycles = int64_t(*program.getRooflineCycles());
    if (!scratchBytes && program.getScratch())
      scratchBytes = int64_t(*program.getScratch());
    bundles =
        std::distance(program.getBundles().begin(), program.getBundles().end());
    // What each source op became: the instructions that carry its location
    // (a fused group's carry its head's), and the bundles that start with
    // one of them.
    for (npu::isa::BundleOp bundle : program.getBundles()) {
      bool first = true;
      for (Operation &inst : bundle.getBody().front()) {
        auto entry = ops.find(formatLocation(inst.getLoc()));
        if (entry != ops.end()) {
          entry->second.instructions =
              entry->second.instructions.value_or(0) + 1;
          if (first)
            entry->second.bundles = entry->second.bundles.value_or(0) + 1;
        }
        first = false;
      }
    }
  }

  /// `viewedConstants`: the bytes of constants emitModule left in the
  /// program.
  void collectModule(const npu::npub::Module &m, size_t viewedConstants) {
    codeWords = int64_t(m.code.size());
    constantBytes = int64_t(m.constants.size() + viewedConstants);
  }

  std::string toJson(const npu::Target &target, StringRef targetName) const {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvm::json::OStream j(os, 2);
    auto optional = [&](StringRef key, std::optional<int64_t> v) {
      if (v)
        j.attribute(key, *v);
      else
        j.attribute(key, nullptr);
    };
    j.object([&] {
      j.attribute("producer", std::string("npu-compile ") + kVersion);
      j.attribute("input", inputFile.getValue());
      j.attribute("target", targetName);
      j.attribute("stage", stageName(lastStage));
      j.attribute("dma_schedule", !noDmaSchedule);
      j.attribute("precision",
                  precisionOption == Precision::Fp32 ? "fp32" : "device");
      std::optional<int64_t> totalCycles, totalHbm, peakSram;
      j.attributeArray("ops", [&] {
        for (const auto &[location, entry] : ops) {
          j.object([&] {
            j.attribute("location", location);
            j.attribute("op", entry.op);
            if (!entry.type.empty())
              j.attribute("type", entry.type);
            if (!entry.nodes.empty())
              j.attributeArray("nodes", [&] {
                for (const std::string &node : entry.nodes)
                  j.value(node);
              });
            if (!entry.fusedInto.empty())
              j.attribute("fused_into", entry.fusedInto);
            optional("est_cycles", entry.estCycles);
            optional("hbm_bytes", entry.hbmBytes);
            optional("sram_bytes", entry.sramBytes);
            if (lastStage != Stage::Graph && lastStage != Stage::Tile) {
              optional("instructions", entry.instructions.value_or(0));
              optional("bundles", entry.bundles.value_or(0));
            }
          });
          if (entry.estCycles)
            totalCycles = totalCycles.value_or(0) + *entry.estCycles;
          if (entry.hbmBytes)
            totalHbm = totalHbm.value_or(0) + *entry.hbmBytes;
          if (entry.sramBytes)
            peakSram = std::max(peakSram.value_or(0), *entry.sramBytes);
        }
      });
      if (foldedNodes)
        j.attributeArray("folded_nodes", [&] {
          for (const std::string &node : *foldedNodes)
            j.value(node);
        });
      j.attributeObject("totals", [&] {
        optional("est_cycles", totalCycles);
        optional("hbm_bytes", totalHbm);
        optional("sram_peak_bytes", sramPeakBytes ? sramPeakBytes : peakSram);
        optional("scratch_bytes", scratchBytes);
        // Bytes npu-place-memory copied out of SRAM to make the work fit
        // (0 when nothing was spilled).
        optional("spill_bytes",
                 lastStage == Stage::Graph
                     ? std::nullopt
                     : std::optional<int64_t>(spillBytes.value_or(0)));
        optional("bundles", bundles);
        optional("code_words", codeWords);
        optional("constant_bytes", constantBytes);
      });
      j.attributeObject("roofline", [&] {
        double peak = target.peakFlopsPerCycleBf16();
        double bandwidth = target.timing.hbmBytesPerCycle;
        // Recorded by the passes, else computed from the graph.
        bool fromPasses = flops && compulsoryHbmBytes;
        std::optional<int64_t> flops = this->flops, bytes = compulsoryHbmBytes;
        if (!fromPasses) {
          flops = graphFlops;
          bytes = graphHbmBytes;
        }
        j.attribute("source", fromPasses ? "passes" : "graph");
        optional("flops", flops);
        optional("compulsory_hbm_bytes", bytes);
        j.attribute("peak_flops_per_cycle", peak);
        j.attribute("hbm_bytes_per_cycle", bandwidth);
        j.attribute("clock_ghz", target.timing.clockGHz);
        if (peak > 0 && bandwidth > 0) {
          double compute = double(*flops) / peak;
          double memory = double(*bytes) / bandwidth;
          double cycles = std::max(compute, memory);
          j.attribute("compute_cycles", compute);
          j.attribute("memory_cycles", memory);
          j.attribute("cycles", cycles);
          j.attribute("bound", memory >= compute ? "memory" : "compute");
          if (totalCycles && *totalCycles > 0)
            j.attribute("estimated_efficiency", cycles / double(*totalCycles));
          else
            j.attribute("estimated_efficiency", nullptr);
        }
        optional("module_roofline_cycles", moduleRooflineCycles);
      });
    });
    os << "\n";
    return text;
  }
};

//===----------------------------------------------------------------------===//
// Assembly
//===----------------------------------------------------------------------===//

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

/// `name` as npu-as reads it: bare when it is a plain word, else a "..."
/// string.
std::string asmName(const std::string &name) {
  bool plain = !name.empty();
  for (char c : name)
    plain &= llvm::isAlnum(c) || c == '_' || c == '.' || c == '$' || c == '-' ||
             c == ':';
  if (plain)
    return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

/// The module's code as assembly (docs/Assembly.md): the signature as
/// directives, then the bundles with labels on branch and loop targets.
/// The constants are summarised, not printed.
LogicalResult printAssembly(const npu::npub::Module &m, StringRef targetName,
                            raw_ostream &os, Location loc) {
  absl::StatusOr<std::vector<npu::isa::Bundle>> bundles =
      npu::isa::decodeProgram(m.code);
  if (!bundles.ok())
    return emitError(loc) << "cannot decode the emitted code: "
                          << std::string(bundles.status().message());
  os << "// Printed by npu-compile --emit asm.\n";
  os << ".target " << asmName(targetName.str()) << "\n";
  for (const npu::npub::TensorSig &t : m.inputs)
    os << ".input " << asmName(t.name) << " " << npu::npub::elemTypeName(t.type)
       << " " << shapeText(t.shape) << "\n";
  for (const npu::npub::TensorSig &t : m.outputs)
    os << ".output " << asmName(t.name) << " "
       << npu::npub::elemTypeName(t.type) << " " << shapeText(t.shape) << "\n";
  if (m.scratchBytes)
    os << ".scratch " << m.scratchBytes << "\n";
  if (m.stateBytes)
    os << ".state " << m.stateBytes << "\n";
  if (!m.constants.empty())
    os << "// constants: " << m.constants.size() << " bytes (not printed)\n";
  if (m.flops || m.compulsoryHbmBytes || m.rooflineCycles)
    os << "// metadata: flops " << m.flops << ", compulsory HBM bytes "
       << m.compulsoryHbmBytes << ", roofline cycles " << m.rooflineCycles
       << "\n";

  std::set<uint32_t> starts, targets;
  for (const npu::isa::Bundle &b : *bundles)
    starts.insert(b.address);
  for (const npu::isa::Bundle &b : *bundles)
    for (const npu::isa::Inst &inst : b.insts) {
      const npu::isa::InstInfo &info = inst.info();
      for (unsigned o = 0; o < info.numOperands; ++o)
        if (info.operands[o].kind == npu::isa::OperandKind::Target) {
          uint32_t t = uint32_t(inst.f[info.operands[o].firstField]);
          if (starts.count(t))
            targets.insert(t);
        }
    }
  auto label = [](uint32_t address) {
    return llvm::formatv("L{0:x}", address).str();
  };
  npu::isa::PrintOptions print;
  print.targetName = [&](uint32_t address) {
    return targets.count(address) ? label(address) : std::string();
  };
  os << "\n";
  for (const npu::isa::Bundle &b : *bundles) {
    if (targets.count(b.address))
      os << label(b.address) << ":\n";
    bool grouped = b.insts.size() > 1;
    for (size_t i = 0; i < b.insts.size(); ++i)
      os << "        " << (grouped ? (i ? "  " : "{ ") : "")
         << npu::isa::printInst(b.insts[i], print)
         << (grouped && i + 1 == b.insts.size() ? " }" : "") << "\n";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

std::string quoteArg(StringRef arg) {
  if (!arg.empty() && arg.find_first_of(" \t\n'\"\\$`") == StringRef::npos)
    return arg.str();
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

/// An output: `bytes` then `tail` (which stays where it is, e.g. the
/// constants of a .npub in the program's blob) written to `path`.
struct OutputFile {
  std::string path;
  std::string bytes;
  ArrayRef<char> tail;
};

/// Writes each output ("-": stdout). Every file is complete or, on any
/// failure, none is left behind.
LogicalResult writeOutputs(llvm::ArrayRef<OutputFile> outputs) {
  std::vector<std::unique_ptr<llvm::ToolOutputFile>> files;
  for (const auto &[path, bytes, tail] : outputs) {
    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> out = openOutputFile(path, &error);
    if (!out) {
      fail(error);
      return failure();
    }
    out->os() << bytes;
    out->os().write(tail.data(), tail.size());
    out->os().flush();
    if (out->os().has_error()) {
      fail("cannot write '" + path + "': " + out->os().error().message());
      out->os().clear_error();
      return failure();
    }
    files.push_back(std::move(out));
  }
  for (std::unique_ptr<llvm::ToolOutputFile> &file : files)
    file->keep();
  return success();
}

/// Runs `passes` on `module` in a pass manager set up from the MLIR
/// command-line options.
LogicalResult runStage(ModuleOp module, Stage stage,
                       const std::vector<std::string> &passes,
                       TimingScope &timing) {
  PassManager pm(module->getContext(), ModuleOp::getOperationName(),
                 OpPassManager::Nesting::Implicit);
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  TimingScope stageTiming =
      timing.nest(std::string(stageName(stage)) + " stage");
  pm.enableTiming(stageTiming);
  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  if (failed(parsePassPipeline(llvm::join(passes, ","), pm, errorStream))) {
    fail("cannot build the " + std::string(stageName(stage)) +
         " stage pipeline '" + llvm::join(passes, ",") + "': " + errors);
    return failure();
  }
  return pm.run(module);
}

int compile(int argc, char **argv) {
  std::string commandLine;
  for (int i = 0; i < argc; ++i)
    commandLine += (i ? " " : "") + quoteArg(argv[i]);

  Stage stop = emitOption;
  std::vector<Stage> stages = {Stage::Graph};
  if (stop != Stage::Graph)
    stages.push_back(Stage::Tile);
  if (stop != Stage::Graph && stop != Stage::Tile)
    stages.push_back(Stage::Isa);

  DefaultTimingManager timingManager;
  applyDefaultTimingManagerCLOptions(timingManager);
  TimingScope timing = timingManager.getRootScope();

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

  OwningOpRef<ModuleOp> module;
  llvm::StringRef bytes =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())->getBuffer();
  if (npu::onnx_import::looksLikeOnnx(inputFile, bytes)) {
    TimingScope importTiming = timing.nest("import");
    npu::onnx_import::ImportOptions importOptions;
    for (const std::string &shape : inputShapes) {
      std::string error =
          npu::onnx_import::parseInputShape(shape, importOptions);
      if (!error.empty())
        return fail(error);
    }
    // A file is parsed as a stream: the mapped input is left untouched
    // beyond the bytes looksLikeOnnx reads, so the weights are not held
    // twice.
    if (!llvm::sys::fs::is_regular_file(inputFile)) // stdin, a pipe
      module = npu::onnx_import::importOnnxModel(bytes, inputFile, context,
                                                 importOptions);
    else
      module =
          npu::onnx_import::importOnnxFile(inputFile, context, importOptions);
  } else {
    if (!inputShapes.empty())
      return fail("--input-shape applies to ONNX models only");
    TimingScope parseTiming = timing.nest("parse");
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module)
    return 1;

  // The target: --target, else the module's npu.target, else the default.
  std::string targetName = targetOption;
  if (targetName.empty()) {
    if (auto attr = (*module)->getAttr("npu.target")) {
      auto name = dyn_cast<StringAttr>(attr);
      if (!name) {
        emitError(module->getLoc())
            << "'npu.target' must be a string attribute naming a target";
        return 1;
      }
      targetName = name.str();
    } else {
      targetName = std::string(npu::kDefaultTargetName);
    }
  }
  absl::StatusOr<npu::Target> target = npu::loadTarget(targetName);
  if (!target.ok()) {
    if (!targetOption.empty())
      return fail("--target '" + targetName +
                  "': " + std::string(target.status().message()));
    emitError(module->getLoc())
        << "target '" << targetName
        << "': " << std::string(target.status().message());
    return 1;
  }
  (*module)->setAttr("npu.target", StringAttr::get(&context, targetName));

  // Every pass the requested stages need must be registered (the pipeline is
  // built by name, so passes built elsewhere plug in without this tool
  // knowing them).
  std::vector<std::string> missing;
  for (Stage stage : stages)
    for (const std::string &pass : stagePasses(stage))
      if (!PassInfo::lookup(pass) && !PassPipelineInfo::lookup(pass))
        missing.push_back(pass);
  if (!missing.empty())
    return fail(llvm::Twine("pass") + (missing.size() > 1 ? "es '" : " '") +
                llvm::join(missing, "', '") + "' needed for --emit " +
                stageName(stop) + (missing.size() > 1 ? " are" : " is") +
                " not registered in this build (npu::registerAllPasses); "
                "--emit graph needs none of the npu passes");

  Report report;
  for (Stage stage : stages) {
    if (failed(runStage(*module, stage, stagePasses(stage), timing)))
      return 1;
    report.lastStage = stage;
    if (stage == Stage::Graph)
      report.collectGraph(*module);
    else if (stage == Stage::Tile)
      report.collectTile(*module);
  }

  std::string output;
  // Written after `output` without a copy: the constants of a .npub.
  ArrayRef<char> outputTail;
  if (stop == Stage::Graph || stop == Stage::Tile || stop == Stage::Isa) {
    TimingScope printTiming = timing.nest("print");
    llvm::raw_string_ostream os(output);
    module->print(os, OpPrintingFlags());
    if (stop == Stage::Isa)
      module->walk(
          [&](npu::isa::ProgramOp program) { report.collectProgram(program); });
  } else {
    // Emission: exactly one program.
    TimingScope emitTiming = timing.nest("emit");
    std::vector<npu::isa::ProgramOp> programs;
    module->walk(
        [&](npu::isa::ProgramOp program) { programs.push_back(program); });
    if (programs.size() != 1) {
      emitError(module->getLoc())
          << "expected one 'npu_isa.program' after npu-pack-bundles, found "
          << programs.size();
      return 1;
    }
    npu::isa::ProgramOp program = programs.front();
    report.collectProgram(program);
    std::string programTarget = program.getTarget().str();
    absl::StatusOr<npu::Target> emitTarget =
        programTarget == targetName ? target : npu::loadTarget(programTarget);
    if (!emitTarget.ok()) {
      program.emitError() << "target '" << programTarget << "': "
                          << std::string(emitTarget.status().message());
      return 1;
    }
    npu::EmitOptions options;
    options.producer = std::string("npu-compile ") + kVersion;
    options.commandLine = commandLine;
    // For the .npub, the constants (the weights) are not copied: they are
    // written from the program's blob after the rest of the file.
    ArrayRef<uint8_t> constants;
    FailureOr<npu::npub::Module> npub =
        npu::emitModule(program, *emitTarget, options,
                        stop == Stage::Asm ? nullptr : &constants);
    if (failed(npub))
      return 1;
    report.collectModule(*npub, constants.size());
    if (stop == Stage::Asm) {
      llvm::raw_string_ostream os(output);
      if (failed(printAssembly(*npub, programTarget, os, program.getLoc())))
        return 1;
    } else {
      // emitModule has validated the module as the loader would.
      std::vector<uint8_t> head = npu::npub::serializeHead(
          *npub, constants.empty() ? absl::MakeConstSpan(npub->constants)
                                   : absl::MakeConstSpan(constants));
      output.assign(head.begin(), head.end());
      if (constants.empty())
        output.append(npub->constants.begin(), npub->constants.end());
      else
        outputTail = ArrayRef<char>(
            reinterpret_cast<const char *>(constants.data()), constants.size());
    }
  }

  TimingScope writeTiming = timing.nest("write");
  std::vector<OutputFile> outputs = {
      {outputFile, std::move(output), outputTail}};
  if (!reportFile.empty())
    outputs.push_back({reportFile, report.toJson(*target, targetName), {}});
  if (failed(writeOutputs(outputs)))
    return 1;
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerMLIRContextCLOptions();
  registerAsmPrinterCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  // The npu passes (and upstream ones such as canonicalize), by name.
  npu::registerAllPasses();
  cl::ParseCommandLineOptions(
      argc, argv,
      "npu compiler\n\n"
      "Compiles an npu_graph program to a .npub module:\n"
      "  canonicalize, npu-decompose-rope, npu-tile-graph (fused attention),\n"
      "  npu-schedule-dma, npu-place-memory, npu-estimate-cost,\n"
      "  npu-lower-to-isa, npu-pack-bundles, then emission.\n");
  return compile(argc, argv);
}
