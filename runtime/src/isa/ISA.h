//===- ISA.h - Instruction tables, encoding and decoding -------*- C++ -*-===//
//
// The instruction set as data: everything here comes from the tables that
// npu-tblgen generates from include/npu/ISA/NPUISA.td. No LLVM dependency.
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_ISA_ISA_H
#define NPURT_ISA_ISA_H

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace npu::isa {

#define NPU_ISA_GEN_DECLS
#include "npu/ISA/NPUISATables.inc"

struct FieldInfo {
  const char *name;
  uint8_t word;
  uint8_t shift;
  uint8_t bits;
  bool isSigned;
};

struct OperandInfo {
  const char *name;
  OperandKind kind;
  bool positional;
  const char *defaultValue; // nullptr: required
  int enumIndex;            // index for enumInfo(), -1 if not an enum
  uint8_t firstField;
  uint8_t numFields;
  const char *doc;
};

struct EnumInfo {
  const char *name;
  uint8_t bits;
  uint8_t numValues;
  const char *const *values;
};

struct InstInfo {
  Opcode opcode;
  const char *mnemonic;
  SlotClass slot;
  bool async;
  uint8_t numWords;
  uint8_t numOperands;
  const OperandInfo *operands;
  uint8_t numFields;
  const FieldInfo *fields;
  const char *summary;
};

constexpr unsigned kNumRegs = 32;
/// Encoded semaphore value meaning "no semaphore".
constexpr int64_t kNoSem = 255;
constexpr unsigned kOpcodeBits = 8;
constexpr unsigned kEndOfBundleBit = 8;

/// A decoded instruction: the opcode and the value of each encoded field, in
/// the order of fields::<OPCODE>::* (signed fields are sign-extended).
struct Inst {
  Opcode op = Opcode::NOP;
  bool endOfBundle = false;
  int64_t f[kMaxFields] = {};

  const InstInfo &info() const;
  int64_t operator[](unsigned field) const { return f[field]; }
};

/// nullptr if the opcode is not defined.
const InstInfo *lookupOpcode(unsigned opcode);
const InstInfo *lookupMnemonic(std::string_view mnemonic);
absl::Span<const InstInfo> allInstructions();
const EnumInfo &enumInfo(int index);
absl::Span<const EnumInfo> allEnums();
const char *slotName(SlotClass slot);

/// Appends the encoding of `inst` to `out`. Fails if a field value does not
/// fit its encoded width.
absl::Status encode(const Inst &inst, std::vector<uint64_t> &out);

/// Decodes the instruction starting at `words[pos]`. Fails on an undefined
/// opcode, a truncated instruction or non-zero reserved bits. Returns the
/// number of words consumed.
absl::StatusOr<unsigned> decode(absl::Span<const uint64_t> words, size_t pos,
                                Inst &out);

/// A bundle: instructions issued together, at most one per slot class.
struct Bundle {
  uint32_t address = 0; // word index of the first instruction
  std::vector<Inst> insts;
};

/// Decodes a whole code section into bundles and checks the bundle rules
/// (one instruction per slot class, a final end-of-bundle flag).
absl::StatusOr<std::vector<Bundle>>
decodeProgram(absl::Span<const uint64_t> words);

} // namespace npu::isa

#endif
