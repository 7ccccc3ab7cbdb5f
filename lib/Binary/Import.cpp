//===- Import.cpp - .npub to npu_isa.program ------------------------------===//

#include "npu/Binary/Emit.h"

#include "npu_isa/Instructions.h"
#include "npu_isa/NpuIsa.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Format.h"

#include <map>
#include <set>

using namespace mlir;

namespace npu {
namespace {

/// "file:line[:col]" as a file location; anything else as a name location.
Location parseLocation(MLIRContext &context, StringRef text) {
  auto number = [](StringRef s, unsigned &out) {
    return !s.empty() && !s.getAsInteger(10, out);
  };
  auto [rest, last] = text.rsplit(':');
  unsigned line, column = 0;
  if (!rest.empty() && number(last, line)) {
    auto [file, maybeLine] = rest.rsplit(':');
    unsigned l;
    if (!file.empty() && number(maybeLine, l)) {
      column = line;
      line = l;
      rest = file;
    }
    return FileLineColLoc::get(&context, rest, line, column);
  }
  return NameLoc::get(StringAttr::get(&context, text));
}

Type elementType(MLIRContext &context, npub::ElemType t) {
  switch (t) {
  case npub::ElemType::fp32:
    return Float32Type::get(&context);
  case npub::ElemType::bf16:
    return BFloat16Type::get(&context);
  case npub::ElemType::int8:
    return IntegerType::get(&context, 8);
  case npub::ElemType::int32:
    return IntegerType::get(&context, 32);
  case npub::ElemType::int4:
    return IntegerType::get(&context, 4);
  case npub::ElemType::boolean:
    return IntegerType::get(&context, 1);
  }
  return {};
}

/// A `dense_resource` attribute holding `bytes` as tensor<Nxi8>.
Attribute bytesAttr(MLIRContext &context, StringRef name,
                    const std::vector<uint8_t> &bytes) {
  auto type = RankedTensorType::get({int64_t(bytes.size())},
                                    IntegerType::get(&context, 8));
  ArrayRef<char> data(reinterpret_cast<const char *>(bytes.data()),
                      bytes.size());
  return DenseResourceElementsAttr::get(
      type, name,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(data, alignof(uint64_t)));
}

} // namespace

OwningOpRef<isa::ProgramOp> importModule(const npub::Module &module,
                                         MLIRContext &context) {
  return importModule(module, context, ImportOptions(),
                      UnknownLoc::get(&context));
}

OwningOpRef<isa::ProgramOp> importModule(const npub::Module &module,
                                         MLIRContext &context,
                                         const ImportOptions &options,
                                         Location loc) {
  context.loadDialect<isa::NpuIsaDialect>();

  absl::StatusOr<std::vector<isa::Bundle>> bundles =
      isa::decodeProgram(module.code);
  if (!bundles.ok()) {
    emitError(loc) << "cannot decode the code: "
                   << std::string(bundles.status().message());
    return nullptr;
  }

  // Labels for branch and loop targets.
  std::set<int64_t> bundleAddresses;
  for (const isa::Bundle &B : *bundles)
    bundleAddresses.insert(B.address);
  std::map<int64_t, StringAttr> labels;
  {
    uint64_t pos = 0;
    for (const isa::Bundle &B : *bundles)
      for (const isa::Inst &I : B.insts) {
        const isa::InstInfo &info = I.info();
        for (unsigned o = 0; o < info.numOperands; ++o) {
          const isa::OperandInfo &operand = info.operands[o];
          if (operand.kind != isa::OperandKind::Target)
            continue;
          int64_t target = I.f[operand.firstField];
          if (!bundleAddresses.count(target)) {
            emitError(loc) << "word " << pos << ": operand '" << operand.name
                           << "' of " << info.mnemonic << " is " << target
                           << ", which is not the address of a bundle";
            return nullptr;
          }
          std::string name;
          llvm::raw_string_ostream(name)
              << "L" << llvm::format("%llx", (unsigned long long)target);
          labels.emplace(target, StringAttr::get(&context, name));
        }
        pos += info.numWords;
      }
  }

  std::string targetName = std::string(kDefaultTargetName);
  if (absl::StatusOr<Target> target =
          parseTarget(module.targetJson, "the module's target section");
      target.ok())
    targetName = target->name;
  else
    emitWarning(loc) << std::string(target.status().message())
                     << "; assuming target '" << targetName << "'";

  OpBuilder builder(&context);
  OwningOpRef<isa::ProgramOp> program =
      isa::ProgramOp::create(builder, loc, options.name, targetName);

  // Signature.
  auto signature = [&](const std::vector<npub::TensorSig> &tensors,
                       uint32_t &arg, ArrayAttr &names,
                       ArrayAttr &types) -> LogicalResult {
    SmallVector<Attribute> n, t;
    for (const npub::TensorSig &sig : tensors) {
      if (sig.argIndex != arg)
        return emitError(loc)
               << "tensor '" << sig.name << "' has launch argument "
               << sig.argIndex << " where " << arg
               << " is expected: npu_isa programs number their I/O "
                  "tensors in order";
      ++arg;
      Type elem = elementType(context, sig.type);
      if (!elem)
        return emitError(loc)
               << "tensor '" << sig.name << "' has an invalid element type";
      n.push_back(builder.getStringAttr(sig.name));
      t.push_back(TypeAttr::get(RankedTensorType::get(sig.shape, elem)));
    }
    names = builder.getArrayAttr(n);
    types = builder.getArrayAttr(t);
    return success();
  };
  uint32_t arg = npub::kFirstIOArg;
  ArrayAttr names, types;
  if (failed(signature(module.inputs, arg, names, types)))
    return nullptr;
  program->setInputNamesAttr(names);
  program->setInputTypesAttr(types);
  if (failed(signature(module.outputs, arg, names, types)))
    return nullptr;
  program->setOutputNamesAttr(names);
  program->setOutputTypesAttr(types);

  // Data and metadata.
  auto i64 = [&](uint64_t v) { return builder.getI64IntegerAttr(int64_t(v)); };
  if (module.scratchBytes)
    program->setScratchAttr(i64(module.scratchBytes));
  if (module.stateBytes)
    program->setStateAttr(i64(module.stateBytes));
  if (!module.stateInit.empty())
    program->setStateInitAttr(
        bytesAttr(context, "npu_state_init", module.stateInit));
  if (!module.constants.empty())
    program->setConstantsAttr(
        bytesAttr(context, "npu_constants", module.constants));
  if (module.flops)
    program->setFlopsAttr(i64(module.flops));
  if (module.compulsoryHbmBytes)
    program->setCompulsoryHbmBytesAttr(i64(module.compulsoryHbmBytes));
  if (module.rooflineCycles)
    program->setRooflineCyclesAttr(i64(module.rooflineCycles));
  if (module.flags)
    program->setFlagsAttr(builder.getI32IntegerAttr(int32_t(module.flags)));

  // Bundles.
  llvm::DenseMap<uint32_t, StringRef> where;
  for (const npub::DebugEntry &e : module.debugMap)
    where.try_emplace(e.bundleAddress, e.location);
  auto nameTarget = [&](int64_t address) -> FailureOr<StringAttr> {
    return labels.at(address);
  };
  builder.setInsertionPointToEnd(&program->getBody().front());
  for (const isa::Bundle &B : *bundles) {
    auto it = where.find(B.address);
    Location bundleLoc = it == where.end() ? UnknownLoc::get(&context)
                                           : parseLocation(context, it->second);
    auto label = labels.find(B.address);
    auto bundle = isa::BundleOp::create(
        builder, bundleLoc,
        label == labels.end() ? StringRef() : label->second.getValue());
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(&bundle.getBody().front());
    for (const isa::Inst &I : B.insts)
      if (failed(isa::createInstruction(builder, bundleLoc, I, nameTarget)))
        return nullptr;
  }

  if (failed(verify(*program)))
    return nullptr;
  return program;
}

} // namespace npu
