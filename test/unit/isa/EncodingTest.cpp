//===- EncodingTest.cpp - Encode/decode of every instruction --------------===//
//
// Iterates allInstructions(), so an instruction added to NPUISA.td is
// covered without touching this file.
//
//===----------------------------------------------------------------------===//

#include "isa/ISA.h"

#include "gtest/gtest.h"

#include <random>
#include <string>
#include <vector>

using namespace npu::isa;

namespace {

int64_t fieldMin(const FieldInfo &F) {
  if (!F.isSigned)
    return 0;
  return F.bits >= 64 ? INT64_MIN : -(int64_t(1) << (F.bits - 1));
}

int64_t fieldMax(const FieldInfo &F) {
  if (F.isSigned)
    return F.bits >= 64 ? INT64_MAX : (int64_t(1) << (F.bits - 1)) - 1;
  return F.bits >= 63 ? INT64_MAX : (int64_t(1) << F.bits) - 1;
}

/// Instances of `info` with every field at its minimum, at its maximum,
/// alternating between the two, and at random values.
std::vector<Inst> extremeInstances(const InstInfo &info) {
  std::vector<Inst> out;
  std::mt19937_64 rng(static_cast<unsigned>(info.opcode));
  for (int pattern = 0; pattern < 8; ++pattern) {
    Inst I;
    I.op = info.opcode;
    I.endOfBundle = pattern & 1;
    for (unsigned f = 0; f < info.numFields; ++f) {
      const FieldInfo &F = info.fields[f];
      switch (pattern) {
      case 0:
      case 1:
        I.f[f] = pattern ? fieldMax(F) : fieldMin(F);
        break;
      case 2:
      case 3:
        I.f[f] = (f + pattern) % 2 ? fieldMax(F) : fieldMin(F);
        break;
      default: {
        uint64_t raw = rng();
        if (F.bits < 64)
          raw &= (uint64_t(1) << F.bits) - 1;
        int64_t v = int64_t(raw);
        if (F.isSigned && F.bits < 64 && (raw >> (F.bits - 1)) & 1)
          v = int64_t(raw | ~((uint64_t(1) << F.bits) - 1));
        I.f[f] = v;
      }
      }
    }
    out.push_back(I);
  }
  return out;
}

std::string describe(const Inst &I) {
  std::string s = I.info().mnemonic;
  for (unsigned f = 0; f < I.info().numFields; ++f)
    s += " " + std::string(I.info().fields[f].name) + "=" +
         std::to_string(I.f[f]);
  return s;
}

TEST(Encoding, TablesAreConsistent) {
  ASSERT_EQ(allInstructions().size(), kNumInstructions);
  for (const InstInfo &info : allInstructions()) {
    SCOPED_TRACE(info.mnemonic);
    EXPECT_EQ(lookupOpcode(static_cast<unsigned>(info.opcode)), &info);
    EXPECT_EQ(lookupMnemonic(info.mnemonic), &info);
    EXPECT_GE(info.numWords, 1u);
    EXPECT_LE(info.numWords, kMaxWords);
    EXPECT_LE(info.numFields, kMaxFields);
    unsigned fieldsCovered = 0;
    for (unsigned o = 0; o < info.numOperands; ++o) {
      const OperandInfo &op = info.operands[o];
      EXPECT_EQ(op.firstField, fieldsCovered) << op.name;
      fieldsCovered += op.numFields;
    }
    EXPECT_EQ(fieldsCovered, info.numFields);
    // Fields never overlap each other or the opcode/end-of-bundle bits.
    uint64_t used[kMaxWords] = {(uint64_t(1) << (kEndOfBundleBit + 1)) - 1};
    for (unsigned f = 0; f < info.numFields; ++f) {
      const FieldInfo &F = info.fields[f];
      ASSERT_LT(F.word, info.numWords) << F.name;
      ASSERT_LE(F.shift + F.bits, 64u) << F.name;
      uint64_t mask = (F.bits >= 64 ? ~0ull : (1ull << F.bits) - 1) << F.shift;
      EXPECT_EQ(used[F.word] & mask, 0u) << F.name << " overlaps";
      used[F.word] |= mask;
    }
  }
}

TEST(Encoding, RoundTripsExtremeValues) {
  for (const InstInfo &info : allInstructions()) {
    for (const Inst &I : extremeInstances(info)) {
      SCOPED_TRACE(describe(I));
      std::vector<uint64_t> words = {0xdeadbeef}; // encode appends
      ASSERT_TRUE(encode(I, words).ok());
      ASSERT_EQ(words.size(), 1u + info.numWords);
      Inst back;
      auto consumed = decode(words, 1, back);
      ASSERT_TRUE(consumed.ok()) << consumed.status();
      EXPECT_EQ(*consumed, info.numWords);
      EXPECT_EQ(back.op, I.op);
      EXPECT_EQ(back.endOfBundle, I.endOfBundle);
      for (unsigned f = 0; f < info.numFields; ++f)
        EXPECT_EQ(back.f[f], I.f[f]) << info.fields[f].name;
    }
  }
}

TEST(Encoding, RejectsValuesOutsideTheFieldWidth) {
  for (const InstInfo &info : allInstructions()) {
    for (unsigned f = 0; f < info.numFields; ++f) {
      const FieldInfo &F = info.fields[f];
      if (F.bits >= 64)
        continue;
      for (int64_t bad : {fieldMax(F) + 1, fieldMin(F) - 1}) {
        Inst I;
        I.op = info.opcode;
        I.f[f] = bad;
        std::vector<uint64_t> words;
        absl::Status status = encode(I, words);
        EXPECT_FALSE(status.ok())
            << info.mnemonic << " " << F.name << "=" << bad;
        EXPECT_NE(std::string(status.message()).find(F.name), std::string::npos)
            << status;
      }
    }
  }
}

TEST(Encoding, DecodeRejectsUndefinedOpcodes) {
  unsigned undefined = 0;
  for (unsigned opcode = 0; opcode < 256; ++opcode) {
    if (lookupOpcode(opcode))
      continue;
    ++undefined;
    std::vector<uint64_t> words(kMaxWords, 0);
    words[0] = opcode | (1u << kEndOfBundleBit);
    Inst I;
    auto result = decode(words, 0, I);
    ASSERT_FALSE(result.ok()) << opcode;
    EXPECT_NE(std::string(result.status().message()).find("undefined opcode"),
              std::string::npos)
        << result.status();
  }
  EXPECT_EQ(undefined, 256 - kNumInstructions);
}

TEST(Encoding, DecodeRejectsTruncation) {
  for (const InstInfo &info : allInstructions()) {
    Inst I;
    I.op = info.opcode;
    I.endOfBundle = true;
    std::vector<uint64_t> words;
    ASSERT_TRUE(encode(I, words).ok());
    for (size_t keep = 1; keep < words.size(); ++keep) {
      std::vector<uint64_t> truncated(words.begin(), words.begin() + keep);
      Inst back;
      auto result = decode(truncated, 0, back);
      EXPECT_FALSE(result.ok()) << info.mnemonic << " cut to " << keep;
      auto program = decodeProgram(truncated);
      EXPECT_FALSE(program.ok()) << info.mnemonic << " cut to " << keep;
    }
    Inst back;
    EXPECT_FALSE(decode(words, words.size(), back).ok());
  }
}

TEST(Encoding, DecodeRejectsReservedBits) {
  for (const InstInfo &info : allInstructions()) {
    uint64_t used[kMaxWords] = {(uint64_t(1) << (kEndOfBundleBit + 1)) - 1};
    for (unsigned f = 0; f < info.numFields; ++f) {
      const FieldInfo &F = info.fields[f];
      used[F.word] |= (F.bits >= 64 ? ~0ull : (1ull << F.bits) - 1) << F.shift;
    }
    Inst I;
    I.op = info.opcode;
    I.endOfBundle = true;
    std::vector<uint64_t> words;
    ASSERT_TRUE(encode(I, words).ok());
    for (unsigned w = 0; w < info.numWords; ++w) {
      for (unsigned bit = 0; bit < 64; ++bit) {
        if (used[w] >> bit & 1)
          continue;
        std::vector<uint64_t> bad = words;
        bad[w] |= uint64_t(1) << bit;
        Inst back;
        auto result = decode(bad, 0, back);
        EXPECT_FALSE(result.ok())
            << info.mnemonic << " word " << w << " bit " << bit;
      }
    }
  }
}

TEST(Encoding, DecodeProgramChecksBundles) {
  auto inst = [](Opcode op, bool end) {
    Inst I;
    I.op = op;
    I.endOfBundle = end;
    return I;
  };
  std::vector<uint64_t> words;
  ASSERT_TRUE(encode(inst(Opcode::NOP, false), words).ok());
  ASSERT_TRUE(encode(inst(Opcode::DMA_COPY, true), words).ok());
  ASSERT_TRUE(encode(inst(Opcode::HALT, true), words).ok());
  auto program = decodeProgram(words);
  ASSERT_TRUE(program.ok()) << program.status();
  ASSERT_EQ(program->size(), 2u);
  EXPECT_EQ((*program)[0].address, 0u);
  EXPECT_EQ((*program)[0].insts.size(), 2u);
  EXPECT_EQ((*program)[1].address, 8u);

  std::vector<uint64_t> twoScalars;
  ASSERT_TRUE(encode(inst(Opcode::NOP, false), twoScalars).ok());
  ASSERT_TRUE(encode(inst(Opcode::HALT, true), twoScalars).ok());
  auto conflict = decodeProgram(twoScalars);
  ASSERT_FALSE(conflict.ok());
  EXPECT_NE(std::string(conflict.status().message()).find("two scalar"),
            std::string::npos);

  std::vector<uint64_t> unterminated;
  ASSERT_TRUE(encode(inst(Opcode::NOP, false), unterminated).ok());
  EXPECT_FALSE(decodeProgram(unterminated).ok());
}

} // namespace
