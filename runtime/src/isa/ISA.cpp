//===- ISA.cpp - Instruction tables, encoding and decoding ----------------===//

#include "isa/ISA.h"

#include "absl/strings/str_cat.h"

#include <unordered_map>

namespace npu::isa {

#define NPU_ISA_GEN_TABLES
#include "npu/ISA/NPUISATables.inc"

namespace {
struct OpcodeIndex {
  const InstInfo *byOpcode[256] = {};
  std::unordered_map<std::string_view, const InstInfo *> byMnemonic;
  OpcodeIndex() {
    for (const InstInfo &I : kInstructions) {
      byOpcode[static_cast<unsigned>(I.opcode)] = &I;
      byMnemonic.emplace(I.mnemonic, &I);
    }
  }
};
const OpcodeIndex &index() {
  static const OpcodeIndex idx;
  return idx;
}

uint64_t fieldMask(unsigned bits) {
  return bits >= 64 ? ~0ull : ((1ull << bits) - 1);
}
} // namespace

const InstInfo &Inst::info() const {
  return *lookupOpcode(static_cast<unsigned>(op));
}

const InstInfo *lookupOpcode(unsigned opcode) {
  return opcode < 256 ? index().byOpcode[opcode] : nullptr;
}

const InstInfo *lookupMnemonic(std::string_view mnemonic) {
  auto it = index().byMnemonic.find(mnemonic);
  return it == index().byMnemonic.end() ? nullptr : it->second;
}

absl::Span<const InstInfo> allInstructions() { return kInstructions; }

const EnumInfo &enumInfo(int i) { return kEnums[i]; }

absl::Span<const EnumInfo> allEnums() { return kEnums; }

const char *slotName(SlotClass slot) {
  return kSlotNames[static_cast<unsigned>(slot)];
}

absl::Status encode(const Inst &inst, std::vector<uint64_t> &out) {
  const InstInfo *info = lookupOpcode(static_cast<unsigned>(inst.op));
  if (!info)
    return absl::InvalidArgumentError(
        absl::StrCat("undefined opcode ", static_cast<unsigned>(inst.op)));
  size_t base = out.size();
  out.resize(base + info->numWords, 0);
  out[base] = static_cast<uint64_t>(inst.op) |
              (uint64_t(inst.endOfBundle) << kEndOfBundleBit);
  for (unsigned i = 0; i < info->numFields; ++i) {
    const FieldInfo &F = info->fields[i];
    int64_t v = inst.f[i];
    bool fits;
    if (F.bits >= 64)
      fits = true;
    else if (F.isSigned)
      fits = v >= -(int64_t(1) << (F.bits - 1)) &&
             v < (int64_t(1) << (F.bits - 1));
    else
      fits = v >= 0 && uint64_t(v) <= fieldMask(F.bits);
    if (!fits)
      return absl::OutOfRangeError(
          absl::StrCat(info->mnemonic, ": value ", v, " of field '", F.name,
                       "' does not fit in ", F.bits,
                       F.isSigned ? " signed" : " unsigned", " bits"));
    out[base + F.word] |= (uint64_t(v) & fieldMask(F.bits)) << F.shift;
  }
  return absl::OkStatus();
}

absl::StatusOr<unsigned> decode(absl::Span<const uint64_t> words, size_t pos,
                                Inst &out) {
  if (pos >= words.size())
    return absl::OutOfRangeError(
        absl::StrCat("word ", pos, ": past the end of the code"));
  uint64_t w0 = words[pos];
  unsigned opcode = w0 & fieldMask(kOpcodeBits);
  const InstInfo *info = lookupOpcode(opcode);
  if (!info)
    return absl::InvalidArgumentError(
        absl::StrCat("word ", pos, ": undefined opcode 0x", absl::Hex(opcode)));
  if (pos + info->numWords > words.size())
    return absl::OutOfRangeError(absl::StrCat(
        "word ", pos, ": ", info->mnemonic, " needs ", info->numWords,
        " words but the code ends after ", words.size() - pos));
  out = Inst();
  out.op = info->opcode;
  out.endOfBundle = (w0 >> kEndOfBundleBit) & 1;
  uint64_t used[kMaxWords] = {};
  used[0] = fieldMask(kEndOfBundleBit + 1);
  for (unsigned i = 0; i < info->numFields; ++i) {
    const FieldInfo &F = info->fields[i];
    uint64_t raw = (words[pos + F.word] >> F.shift) & fieldMask(F.bits);
    used[F.word] |= fieldMask(F.bits) << F.shift;
    int64_t v = int64_t(raw);
    if (F.isSigned && F.bits < 64 && (raw >> (F.bits - 1)) & 1)
      v = int64_t(raw | ~fieldMask(F.bits));
    out.f[i] = v;
  }
  for (unsigned w = 0; w < info->numWords; ++w)
    if (words[pos + w] & ~used[w])
      return absl::InvalidArgumentError(
          absl::StrCat("word ", pos, ": ", info->mnemonic,
                       " has non-zero reserved bits in word ", w));
  return info->numWords;
}

absl::StatusOr<std::vector<Bundle>>
decodeProgram(absl::Span<const uint64_t> words) {
  std::vector<Bundle> bundles;
  size_t pos = 0;
  while (pos < words.size()) {
    Bundle B;
    B.address = pos;
    if (pos > UINT32_MAX)
      return absl::OutOfRangeError("code larger than 2^32 words");
    bool slotUsed[kNumSlotClasses] = {};
    while (true) {
      if (pos >= words.size())
        return absl::InvalidArgumentError(absl::StrCat(
            "bundle at ", B.address, ": code ends before end-of-bundle"));
      Inst I;
      absl::StatusOr<unsigned> n = decode(words, pos, I);
      if (!n.ok())
        return n.status();
      unsigned slot = static_cast<unsigned>(I.info().slot);
      if (slotUsed[slot])
        return absl::InvalidArgumentError(
            absl::StrCat("bundle at ", B.address, ": two ",
                         slotName(I.info().slot), " instructions"));
      slotUsed[slot] = true;
      pos += *n;
      bool end = I.endOfBundle;
      B.insts.push_back(I);
      if (end)
        break;
    }
    bundles.push_back(std::move(B));
  }
  return bundles;
}

} // namespace npu::isa
