//===- ISAModel.h - The ISA as read from NPUISA.td -------------*- C++ -*-===//
//
// npu-tblgen's view of the instruction set: records are read once, checked,
// and laid out into encoded fields here so that every emitter sees the same
// encoding.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TBLGEN_ISAMODEL_H
#define NPU_TBLGEN_ISAMODEL_H

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class RecordKeeper;
} // namespace llvm

namespace npu::tblgen {

struct EnumModel {
  std::string defName;
  std::string name;
  unsigned bits;
  std::vector<std::string> values;
  std::string doc;
};

enum class OperandKind {
  Reg,
  Sem,
  UImm,
  SImm,
  F32,
  Enum,
  Flag,
  Target,
  Mem,
  Sram
};
constexpr OperandKind kAllOperandKinds[] = {
    OperandKind::Reg, OperandKind::Sem,  OperandKind::UImm, OperandKind::SImm,
    OperandKind::F32, OperandKind::Enum, OperandKind::Flag, OperandKind::Target,
    OperandKind::Mem, OperandKind::Sram};

const char *kindName(OperandKind K);

struct FieldModel {
  std::string name;
  unsigned word;
  unsigned shift;
  unsigned bits;
  bool isSigned;
};

struct OperandModel {
  std::string name;
  std::string doc;
  OperandKind kind;
  bool positional;
  std::string defaultValue;
  int enumIndex = -1; // into ISAModel::enums
  unsigned firstField;
  unsigned numFields;
};

struct InstModel {
  std::string defName;
  unsigned opcode;
  std::string mnemonic;
  std::string slot;
  bool async;
  std::string summary;
  std::string semantics;
  std::vector<OperandModel> operands;
  std::vector<FieldModel> fields;
  unsigned numWords;
};

struct SlotModel {
  std::string defName;
  std::string name;
  std::string doc;
};

struct ISAModel {
  std::vector<SlotModel> slots;
  std::vector<EnumModel> enums;
  std::vector<InstModel> insts; // sorted by opcode
  unsigned maxFields = 0;
  unsigned maxWords = 0;
};

/// Reads and checks the ISA; reports errors through llvm::PrintFatalError.
ISAModel buildISAModel(const llvm::RecordKeeper &records);

} // namespace npu::tblgen

#endif
