//===- ISAModel.cpp - Read, check and lay out the ISA ---------------------===//

#include "ISAModel.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/TableGen/Error.h"
#include "llvm/TableGen/Record.h"

#include <algorithm>
#include <map>

using namespace llvm;

namespace npu::tblgen {

const char *kindName(OperandKind K) {
  switch (K) {
  case OperandKind::Reg:
    return "Reg";
  case OperandKind::Sem:
    return "Sem";
  case OperandKind::UImm:
    return "UImm";
  case OperandKind::SImm:
    return "SImm";
  case OperandKind::F32:
    return "F32";
  case OperandKind::Enum:
    return "Enum";
  case OperandKind::Flag:
    return "Flag";
  case OperandKind::Target:
    return "Target";
  case OperandKind::Mem:
    return "Mem";
  case OperandKind::Sram:
    return "Sram";
  }
  return "?";
}

namespace {
// Bits 0..7 opcode, bit 8 end-of-bundle.
constexpr unsigned kFirstFieldBit = 9;

struct Layout {
  unsigned word = 0;
  unsigned bit = kFirstFieldBit;

  FieldModel place(const std::string &name, unsigned bits, bool isSigned) {
    if (bit + bits > 64) {
      ++word;
      bit = 0;
    }
    FieldModel F{name, word, bit, bits, isSigned};
    bit += bits;
    return F;
  }
  unsigned numWords() const { return bit == 0 ? word : word + 1; }
};

OperandKind classify(const Record *R) {
  if (R->isSubClassOf("RegOp"))
    return OperandKind::Reg;
  if (R->isSubClassOf("SemOp"))
    return OperandKind::Sem;
  if (R->isSubClassOf("UImmOp"))
    return OperandKind::UImm;
  if (R->isSubClassOf("SImmOp"))
    return OperandKind::SImm;
  if (R->isSubClassOf("F32Op"))
    return OperandKind::F32;
  if (R->isSubClassOf("EnumOp"))
    return OperandKind::Enum;
  if (R->isSubClassOf("FlagOp"))
    return OperandKind::Flag;
  if (R->isSubClassOf("TargetOp"))
    return OperandKind::Target;
  if (R->isSubClassOf("MemOp"))
    return OperandKind::Mem;
  if (R->isSubClassOf("SramOp"))
    return OperandKind::Sram;
  PrintFatalError(R->getLoc(), "operand '" + R->getName() +
                                   "' is not of a known operand class");
}
} // namespace

ISAModel buildISAModel(const RecordKeeper &records) {
  ISAModel M;
  for (const Record *R : records.getAllDerivedDefinitions("Slot"))
    M.slots.push_back({R->getName().str(), R->getValueAsString("Name").str(),
                       R->getValueAsString("Doc").str()});

  std::map<const Record *, int> enumIndex;
  for (const Record *R : records.getAllDerivedDefinitions("NpuEnum")) {
    EnumModel E;
    E.defName = R->getName().str();
    E.name = R->getValueAsString("Name").str();
    E.bits = R->getValueAsInt("Bits");
    for (StringRef V : R->getValueAsListOfStrings("Values"))
      E.values.push_back(V.str());
    E.doc = R->getValueAsString("Doc").str();
    if (E.values.empty() || E.values.size() > (1ull << E.bits))
      PrintFatalError(R->getLoc(), "enum '" + E.name + "' has " +
                                       Twine(E.values.size()) +
                                       " values, which do not fit in " +
                                       Twine(E.bits) + " bits");
    enumIndex[R] = M.enums.size();
    M.enums.push_back(std::move(E));
  }

  StringSet<> mnemonics;
  std::map<unsigned, const Record *> byOpcode;
  for (const Record *R : records.getAllDerivedDefinitions("Inst")) {
    InstModel I;
    I.defName = R->getName().str();
    int64_t opcode = R->getValueAsInt("Opcode");
    if (opcode < 0 || opcode > 255)
      PrintFatalError(R->getLoc(),
                      "opcode of '" + I.defName + "' must be in [0, 255]");
    I.opcode = opcode;
    if (auto [it, inserted] = byOpcode.emplace(I.opcode, R); !inserted)
      PrintFatalError(R->getLoc(), "opcode " + Twine(opcode) + " of '" +
                                       I.defName + "' is already used by '" +
                                       it->second->getName() + "'");
    I.mnemonic = R->getValueAsString("Mnemonic").str();
    if (!mnemonics.insert(I.mnemonic).second)
      PrintFatalError(R->getLoc(),
                      "mnemonic '" + I.mnemonic + "' is defined twice");
    I.slot = R->getValueAsDef("SlotClass")->getValueAsString("Name").str();
    I.async = R->getValueAsBit("Async");
    I.summary = R->getValueAsString("Summary").str();
    I.semantics = R->getValueAsString("Semantics").str();

    Layout L;
    StringSet<> operandNames;
    bool sawNamed = false;
    for (const Record *O : R->getValueAsListOfDefs("Operands")) {
      OperandModel Op;
      Op.name = O->getValueAsString("Name").str();
      Op.doc = O->getValueAsString("Doc").str();
      Op.kind = classify(O);
      Op.positional = O->getValueAsBit("Positional");
      Op.defaultValue = O->getValueAsString("Default").str();
      if (!operandNames.insert(Op.name).second)
        PrintFatalError(R->getLoc(), "'" + I.mnemonic +
                                         "' has two operands named '" +
                                         Op.name + "'");
      if (Op.positional && sawNamed)
        PrintFatalError(R->getLoc(), "'" + I.mnemonic +
                                         "': positional operand '" + Op.name +
                                         "' follows a named operand");
      sawNamed |= !Op.positional;
      if (Op.positional && !Op.defaultValue.empty())
        PrintFatalError(R->getLoc(), "'" + I.mnemonic +
                                         "': positional operand '" + Op.name +
                                         "' cannot have a default");
      Op.firstField = I.fields.size();
      auto add = [&](const std::string &suffix, unsigned bits, bool isSigned) {
        I.fields.push_back(L.place(
            suffix.empty() ? Op.name : Op.name + "_" + suffix, bits, isSigned));
      };
      switch (Op.kind) {
      case OperandKind::Reg:
        add("", 5, false);
        break;
      case OperandKind::Sem:
        add("", 8, false);
        break;
      case OperandKind::UImm:
      case OperandKind::SImm: {
        int64_t bits = O->getValueAsInt("Bits");
        if (bits < 1 || bits > 64)
          PrintFatalError(O->getLoc(), "immediate width must be in [1, 64]");
        add("", bits, Op.kind == OperandKind::SImm);
        break;
      }
      case OperandKind::F32:
        add("", 32, false);
        break;
      case OperandKind::Enum: {
        const Record *E = O->getValueAsDef("Enum");
        Op.enumIndex = enumIndex.at(E);
        add("", M.enums[Op.enumIndex].bits, false);
        break;
      }
      case OperandKind::Flag:
        add("", 1, false);
        break;
      case OperandKind::Target:
        add("", 32, false);
        break;
      case OperandKind::Mem:
        add("space", 2, false);
        add("reg", 5, false);
        add("off", 32, true);
        break;
      case OperandKind::Sram:
        add("reg", 5, false);
        add("off", 32, true);
        break;
      }
      Op.numFields = I.fields.size() - Op.firstField;
      I.operands.push_back(std::move(Op));
    }
    I.numWords = L.numWords();
    M.maxFields = std::max<unsigned>(M.maxFields, I.fields.size());
    M.maxWords = std::max(M.maxWords, I.numWords);
    M.insts.push_back(std::move(I));
  }
  std::sort(M.insts.begin(), M.insts.end(),
            [](const InstModel &A, const InstModel &B) {
              return A.opcode < B.opcode;
            });
  return M;
}

} // namespace npu::tblgen
