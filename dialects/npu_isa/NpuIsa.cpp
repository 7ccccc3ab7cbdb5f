//===- NpuIsa.cpp - The npu_isa dialect -----------------------------------===//

#include "npu_isa/NpuIsa.h"
#include "npu_isa/Instructions.h"

#include "format/Npub.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace npu::isa;

#include "npu_isa/Dialect.cpp.inc"
#include "npu_isa/Enums.cpp.inc"
#include "npu_isa/Interfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "npu_isa/Attrs.cpp.inc"

void NpuIsaDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "npu_isa/Attrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "npu_isa/Ops.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Signature: ("name": tensor<...>, ...)
//===----------------------------------------------------------------------===//

static ParseResult parseSignature(OpAsmParser &parser, ArrayAttr &names,
                                  ArrayAttr &types) {
  SmallVector<Attribute> nameList, typeList;
  if (parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            std::string name;
            Type type;
            if (parser.parseString(&name) || parser.parseColonType(type))
              return failure();
            nameList.push_back(parser.getBuilder().getStringAttr(name));
            typeList.push_back(TypeAttr::get(type));
            return success();
          }))
    return failure();
  names = parser.getBuilder().getArrayAttr(nameList);
  types = parser.getBuilder().getArrayAttr(typeList);
  return success();
}

static void printSignature(OpAsmPrinter &p, ProgramOp, ArrayAttr names,
                           ArrayAttr types) {
  p << "(";
  for (auto [i, name] : llvm::enumerate(names.getAsRange<StringAttr>())) {
    if (i)
      p << ", ";
    p.printString(name.getValue());
    p << ": ";
    if (i < types.size())
      p.printAttributeWithoutType(types[i]);
  }
  p << ")";
}

//===----------------------------------------------------------------------===//
// ProgramOp
//===----------------------------------------------------------------------===//

void ProgramOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                      StringRef target) {
  state.addAttribute(getSymNameAttrName(state.name),
                     builder.getStringAttr(name));
  state.addAttribute(getTargetAttrName(state.name),
                     builder.getStringAttr(target));
  ArrayAttr empty = builder.getArrayAttr({});
  state.addAttribute(getInputNamesAttrName(state.name), empty);
  state.addAttribute(getInputTypesAttrName(state.name), empty);
  state.addAttribute(getOutputNamesAttrName(state.name), empty);
  state.addAttribute(getOutputTypesAttrName(state.name), empty);
  state.addRegion()->emplaceBlock();
}

/// The I/O element types and the .npub element type each stands for.
static std::optional<npu::npub::ElemType> elemTypeOf(Type t) {
  if (t.isF32())
    return npu::npub::ElemType::fp32;
  if (t.isBF16())
    return npu::npub::ElemType::bf16;
  if (t.isSignlessInteger(8))
    return npu::npub::ElemType::int8;
  if (t.isSignlessInteger(32))
    return npu::npub::ElemType::int32;
  if (t.isSignlessInteger(4))
    return npu::npub::ElemType::int4;
  if (t.isSignlessInteger(1))
    return npu::npub::ElemType::boolean;
  return std::nullopt;
}

/// Byte size of a bytes attribute, or failure with a diagnostic on `op`.
static FailureOr<uint64_t> verifyBytes(Operation *op, StringRef what,
                                       Attribute attr) {
  if (auto ext = dyn_cast<ExternalDataAttr>(attr)) {
    if (ext.getPath().empty())
      return op->emitOpError() << what << ": the external file has no path";
    return ext.getSize();
  }
  auto elements = cast<ElementsAttr>(attr);
  if (!elements.getElementType().isInteger(8))
    return op->emitOpError() << what << " must have 8-bit integer elements "
                             << "(bytes), not " << elements.getElementType();
  return uint64_t(elements.getNumElements());
}

LogicalResult ProgramOp::verify() {
  llvm::StringMap<StringRef> seen;
  auto checkSignature = [&](StringRef what, ArrayAttr names,
                            ArrayAttr types) -> LogicalResult {
    if (names.size() != types.size())
      return emitOpError() << "has " << names.size() << " " << what
                           << " names but " << types.size() << " types";
    for (auto [i, nameAttr, typeAttr] : llvm::enumerate(
             names.getAsRange<StringAttr>(), types.getAsRange<TypeAttr>())) {
      StringRef name = nameAttr.getValue();
      std::string label = (what + " " + Twine(i)).str();
      if (name.empty())
        return emitOpError() << label << " has an empty name";
      if (auto [it, inserted] = seen.try_emplace(name, what); !inserted)
        return emitOpError()
               << label << " is named '" << name << "' like an " << it->second;
      auto type = dyn_cast<RankedTensorType>(typeAttr.getValue());
      if (!type || !type.hasStaticShape())
        return emitOpError() << label << " ('" << name
                             << "') must be a statically shaped tensor, not "
                             << typeAttr.getValue();
      if (type.getRank() > int64_t(npu::npub::kMaxRank))
        return emitOpError()
               << label << " ('" << name << "') has rank " << type.getRank()
               << "; at most " << npu::npub::kMaxRank << " is supported";
      if (!elemTypeOf(type.getElementType()))
        return emitOpError() << label << " ('" << name << "') has element type "
                             << type.getElementType()
                             << "; supported are f32, bf16, i8, i32, i4 and i1";
    }
    return success();
  };
  if (failed(checkSignature("input", getInputNames(), getInputTypes())) ||
      failed(checkSignature("output", getOutputNames(), getOutputTypes())))
    return failure();
  for (auto [what, value] :
       {std::pair<StringRef, std::optional<int64_t>>{"scratch", getScratch()},
        {"state", getState()},
        {"flops", getFlops()},
        {"compulsory_hbm_bytes", getCompulsoryHbmBytes()},
        {"roofline_cycles", getRooflineCycles()}})
    if (value && *value < 0)
      return emitOpError() << what << " must not be negative";
  if (Attribute constants = getConstantsAttr())
    if (failed(verifyBytes(*this, "constants", constants)))
      return failure();
  if (Attribute init = getStateInitAttr()) {
    FailureOr<uint64_t> size = verifyBytes(*this, "state_init", init);
    if (failed(size))
      return failure();
    if (getState() && *size > uint64_t(*getState()))
      return emitOpError() << "state_init has " << *size
                           << " bytes, more than the state's " << *getState();
  }
  return success();
}

LogicalResult ProgramOp::verifyRegions() {
  llvm::DenseSet<StringAttr> labels;
  for (Operation &op : getBody().front()) {
    auto bundle = dyn_cast<BundleOp>(op);
    if (!bundle)
      return op.emitOpError()
             << "cannot appear in an 'npu_isa.program', which holds only "
                "'npu_isa.bundle' operations";
    if (StringAttr label = bundle.getSymNameAttr())
      labels.insert(label);
  }
  // Branch and loop targets name bundles of this program.
  WalkResult result = getBody().walk([&](InstructionOpInterface inst) {
    const InstInfo &info = getInstInfo(inst);
    for (unsigned i = 0; i < info.numOperands; ++i) {
      const OperandInfo &o = info.operands[i];
      if (o.kind != OperandKind::Target)
        continue;
      std::optional<Attribute> attr =
          inst->getInherentAttr(info.fields[o.firstField].name);
      auto sym = dyn_cast_or_null<FlatSymbolRefAttr>(attr ? *attr : nullptr);
      if (!sym)
        continue; // the operation's own verifier reports it
      if (!labels.contains(sym.getAttr())) {
        inst->emitOpError() << "operand '" << o.name << "' names " << sym
                            << ", which is not the label of a bundle of "
                               "this program";
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

//===----------------------------------------------------------------------===//
// BundleOp
//===----------------------------------------------------------------------===//

void BundleOp::build(OpBuilder &builder, OperationState &state,
                     StringRef label) {
  if (!label.empty())
    state.addAttribute(getSymNameAttrName(state.name),
                       builder.getStringAttr(label));
  state.addRegion()->emplaceBlock();
}

bool BundleOp::isOptionalSymbol() { return true; }

LogicalResult BundleOp::verifyRegions() {
  Block &block = getBody().front();
  if (block.empty())
    return emitOpError() << "must hold at least one instruction";
  llvm::SmallDenseMap<unsigned, Operation *, 4> bySlot;
  for (Operation &op : block) {
    auto inst = dyn_cast<InstructionOpInterface>(op);
    if (!inst)
      return op.emitOpError()
             << "cannot appear in an 'npu_isa.bundle', which holds only "
                "instruction operations";
    SlotClass slot = getInstInfo(inst).slot;
    auto [it, inserted] = bySlot.try_emplace(unsigned(slot), &op);
    if (!inserted) {
      InFlightDiagnostic diag =
          op.emitOpError()
          << "is a second '" << slotName(slot)
          << "' instruction in this bundle; a bundle holds at most one "
             "instruction per slot class";
      diag.attachNote(it->second->getLoc())
          << "the first '" << slotName(slot) << "' instruction is '"
          << it->second->getName() << "'";
      return diag;
    }
  }
  return success();
}

#define GET_OP_CLASSES
#include "npu_isa/Ops.cpp.inc"
