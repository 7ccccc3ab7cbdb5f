//===- Emit.cpp - npu_isa.program to .npub --------------------------------===//

#include "npu/Binary/Emit.h"

#include "npu_isa/Instructions.h"
#include "npu_isa/NpuIsa.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace npu {
namespace {

/// "file:line:col", or "file:line" when the column is 0; empty when `loc`
/// holds no file location.
std::string formatLocation(Location loc) {
  auto file = loc->findInstanceOf<FileLineColLoc>();
  if (!file)
    return "";
  std::string out =
      (file.getFilename().getValue() + ":" + Twine(file.getLine())).str();
  if (file.getColumn() != 0)
    out += ":" + std::to_string(file.getColumn());
  return out;
}

/// Reads the bytes of a constants or state attribute.
FailureOr<std::vector<uint8_t>> readBytes(isa::ProgramOp program,
                                          StringRef what, Attribute attr) {
  std::vector<uint8_t> out;
  if (auto ext = dyn_cast<isa::ExternalDataAttr>(attr)) {
    SmallString<256> path(ext.getPath());
    if (!llvm::sys::path::is_absolute(path))
      if (auto file = program.getLoc()->findInstanceOf<FileLineColLoc>()) {
        SmallString<256> candidate(
            llvm::sys::path::parent_path(file.getFilename().getValue()));
        llvm::sys::path::append(candidate, path);
        if (llvm::sys::fs::exists(candidate))
          path = candidate;
      }
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false);
    if (!buffer)
      return program.emitError() << what << ": cannot read '" << path
                                 << "': " << buffer.getError().message();
    uint64_t size = (*buffer)->getBufferSize();
    if (ext.getOffset() > size || ext.getSize() > size - ext.getOffset())
      return program.emitError()
             << what << ": bytes [" << ext.getOffset() << ", "
             << ext.getOffset() + ext.getSize() << ") are outside '" << path
             << "' (" << size << " bytes)";
    const char *data = (*buffer)->getBufferStart() + ext.getOffset();
    out.assign(data, data + ext.getSize());
    return out;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return program.emitError()
             << what << ": the data of resource '"
             << resource.getRawHandle().getKey()
             << "' is not available (was it elided when printing?)";
    ArrayRef<char> data = blob->getData();
    if (data.size() != uint64_t(resource.getNumElements()))
      return program.emitError()
             << what << ": resource '" << resource.getRawHandle().getKey()
             << "' holds " << data.size() << " bytes for "
             << resource.getNumElements() << " elements";
    out.assign(data.begin(), data.end());
    return out;
  }
  auto elements = dyn_cast<ElementsAttr>(attr);
  if (!elements || !elements.getElementType().isInteger(8))
    return program.emitError() << what << " must be i8 elements";
  auto values = elements.tryGetValues<APInt>();
  if (!values)
    return program.emitError() << what << ": cannot read the elements";
  out.reserve(elements.getNumElements());
  for (APInt v : *values)
    out.push_back(uint8_t(v.getZExtValue()));
  return out;
}

npub::ElemType elemTypeOf(Type t) {
  if (t.isBF16())
    return npub::ElemType::bf16;
  if (t.isSignlessInteger(8))
    return npub::ElemType::int8;
  if (t.isSignlessInteger(32))
    return npub::ElemType::int32;
  if (t.isSignlessInteger(4))
    return npub::ElemType::int4;
  if (t.isSignlessInteger(1)) // stored as one byte, 0 or 1
    return npub::ElemType::boolean;
  return npub::ElemType::fp32; // the verifier allows nothing else
}

} // namespace

/// The bytes of a constants attribute where the program holds them: a
/// resource blob or the raw data of a dense attribute of i8; null when they
/// are elsewhere (a file) or need converting.
static std::optional<ArrayRef<uint8_t>> heldBytes(Attribute attr) {
  ArrayRef<char> data;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != uint64_t(resource.getNumElements()))
      return std::nullopt; // readBytes reports it
    data = blob->getData();
  } else if (auto dense = dyn_cast<DenseIntElementsAttr>(attr)) {
    if (!dense.getElementType().isInteger(8) || dense.isSplat())
      return std::nullopt;
    data = dense.getRawData();
  } else {
    return std::nullopt;
  }
  return ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(data.data()),
                           data.size());
}

FailureOr<npub::Module> emitModule(isa::ProgramOp program, const Target &target,
                                   const EmitOptions &options,
                                   ArrayRef<uint8_t> *constantsView) {
  npub::Module m;

  // Bundle addresses.
  llvm::DenseMap<StringAttr, int64_t> labels;
  uint64_t address = 0;
  unsigned numBundles = 0;
  for (isa::BundleOp bundle : program.getBundles()) {
    ++numBundles;
    if (StringAttr label = bundle.getSymNameAttr())
      labels[label] = address;
    for (isa::InstructionOpInterface inst : bundle.getInstructions())
      address += inst.getNumWords();
    if (address > uint64_t(UINT32_MAX) + 1)
      return bundle.emitOpError()
             << "ends past word 2^32: branch targets are 32-bit bundle "
                "addresses";
  }
  if (numBundles == 0)
    return program.emitOpError() << "has no bundles to emit";

  // Instructions.
  m.code.reserve(address);
  for (isa::BundleOp bundle : program.getBundles()) {
    auto insts = llvm::to_vector(bundle.getInstructions());
    if (insts.empty())
      return bundle.emitOpError() << "holds no instruction";
    uint64_t start = m.code.size();
    for (auto [i, op] : llvm::enumerate(insts)) {
      isa::Inst inst;
      auto resolve = [&](FlatSymbolRefAttr label) -> FailureOr<int64_t> {
        auto it = labels.find(label.getAttr());
        if (it == labels.end())
          return op.emitOpError()
                 << "names " << label
                 << ", which is not the label of a bundle of the program";
        return it->second;
      };
      if (failed(isa::readInstruction(op, inst, resolve)))
        return failure();
      inst.endOfBundle = i + 1 == insts.size();
      // Semaphores exist on the target.
      const isa::InstInfo &info = isa::getInstInfo(op);
      for (unsigned o = 0; o < info.numOperands; ++o) {
        const isa::OperandInfo &operand = info.operands[o];
        int64_t sem = inst.f[operand.firstField];
        if (operand.kind == isa::OperandKind::Sem && sem != isa::kNoSem &&
            uint64_t(sem) >= target.arch.semaphores)
          return op.emitOpError()
                 << "operand '" << operand.name << "' uses semaphore s" << sem
                 << ", but target '" << target.name << "' has "
                 << target.arch.semaphores << " (s0..s"
                 << int64_t(target.arch.semaphores) - 1 << ")";
      }
      if (absl::Status s = isa::encode(inst, m.code); !s.ok())
        return op.emitOpError() << std::string(s.message());
    }
    std::string where = formatLocation(bundle.getLoc());
    if (where.empty())
      where = formatLocation(insts.front()->getLoc());
    if (!where.empty())
      m.debugMap.push_back({uint32_t(start), where});
  }

  // Signature: launch arguments 3, 4, ... in order.
  uint32_t arg = npub::kFirstIOArg;
  auto addTensors = [&](ArrayAttr names, ArrayAttr types,
                        std::vector<npub::TensorSig> &out) {
    for (auto [name, type] : llvm::zip(names.getAsRange<StringAttr>(),
                                       types.getAsRange<TypeAttr>())) {
      auto tensor = cast<RankedTensorType>(type.getValue());
      npub::TensorSig sig;
      sig.name = name.getValue().str();
      sig.type = elemTypeOf(tensor.getElementType());
      sig.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
      sig.argIndex = arg++;
      out.push_back(std::move(sig));
    }
  };
  addTensors(program.getInputNames(), program.getInputTypes(), m.inputs);
  addTensors(program.getOutputNames(), program.getOutputTypes(), m.outputs);

  // Data.
  if (constantsView)
    *constantsView = {};
  if (Attribute constants = program.getConstantsAttr()) {
    std::optional<ArrayRef<uint8_t>> held = heldBytes(constants);
    if (constantsView && held) {
      *constantsView = *held;
    } else {
      FailureOr<std::vector<uint8_t>> bytes =
          readBytes(program, "constants", constants);
      if (failed(bytes))
        return failure();
      m.constants = std::move(*bytes);
    }
  }
  if (Attribute init = program.getStateInitAttr()) {
    FailureOr<std::vector<uint8_t>> bytes =
        readBytes(program, "state_init", init);
    if (failed(bytes))
      return failure();
    m.stateInit = std::move(*bytes);
  }
  m.stateBytes = program.getState() ? uint64_t(*program.getState())
                                    : uint64_t(m.stateInit.size());
  if (m.stateInit.size() > m.stateBytes)
    return program.emitOpError()
           << "state_init has " << m.stateInit.size()
           << " bytes, more than the state's " << m.stateBytes;
  if (!m.stateInit.empty())
    m.stateInit.resize(m.stateBytes, 0);
  m.scratchBytes = program.getScratch().value_or(0);

  // Target, provenance, metadata.
  m.archHash = target.archHash();
  m.targetJson = formatTarget(target);
  m.producer = options.producer;
  m.commandLine = options.commandLine;
  m.flops = program.getFlops().value_or(0);
  m.compulsoryHbmBytes = program.getCompulsoryHbmBytes().value_or(0);
  m.rooflineCycles = program.getRooflineCycles().value_or(0);
  // The roofline bound: compute at the MXU's bf16 peak or compulsory HBM
  // traffic at full bandwidth, whichever takes longer.
  if (!m.rooflineCycles && (m.flops || m.compulsoryHbmBytes)) {
    double computeCycles = m.flops / target.peakFlopsPerCycleBf16();
    double memoryCycles = m.compulsoryHbmBytes / target.timing.hbmBytesPerCycle;
    m.rooflineCycles =
        static_cast<uint64_t>(std::ceil(std::max(computeCycles, memoryCycles)));
  }
  m.flags = program.getFlags().value_or(0);

  // What the loader would reject (the constants, raw bytes, are checked
  // only for their placement, which does not depend on them: a view is left
  // out rather than copied).
  absl::StatusOr<std::vector<npub::SectionEntry>> check =
      npub::readSectionTable(npub::serialize(m));
  if (!check.ok())
    return program.emitOpError() << "gives an invalid module: "
                                 << std::string(check.status().message());
  return m;
}

} // namespace npu
