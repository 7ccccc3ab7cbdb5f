//===- AssemblyTest.cpp - Printing and parsing single instructions --------===//

#include "isa/Assembly.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <string>

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

/// Parses `text`, expecting success.
Inst parseOk(const std::string &text, const SymbolLookup &symbols = nullptr) {
  Inst I;
  ParseError error;
  EXPECT_TRUE(parseInst(text, I, error, symbols))
      << text << "\n  column " << error.column << ": " << error.message;
  return I;
}

/// Parses `text`, expecting an error; returns "COLUMN: MESSAGE".
std::string parseError(const std::string &text,
                       const SymbolLookup &symbols = nullptr) {
  Inst I;
  ParseError error;
  EXPECT_FALSE(parseInst(text, I, error, symbols)) << text;
  return std::to_string(error.column) + ": " + error.message;
}

void expectSameFields(const Inst &a, const Inst &b) {
  EXPECT_EQ(a.op, b.op);
  for (unsigned f = 0; f < a.info().numFields; ++f)
    EXPECT_EQ(a.f[f], b.f[f]) << a.info().fields[f].name;
}

/// A valid spelling of any value of `op`'s kind.
std::string sampleValue(const OperandInfo &op) {
  switch (op.kind) {
  case OperandKind::Reg:
    return "r1";
  case OperandKind::Sem:
    return "s1";
  case OperandKind::Enum:
    return enumInfo(op.enumIndex).values[0];
  case OperandKind::Mem:
    return "hbm[r1+8]";
  case OperandKind::Sram:
    return "[r1+8]";
  default:
    return "1";
  }
}

/// The instruction with only its required operands spelled.
std::string minimalText(const InstInfo &info) {
  return requiredOperandsText(info, sampleValue);
}

TEST(Assembly, EveryDefaultParsesAndIsOmittedWhenPrinting) {
  // A default that did not parse would make its operand silently required.
  for (const InstInfo &info : allInstructions()) {
    std::string minimal = minimalText(info);
    EXPECT_EQ(printInst(parseOk(minimal)), minimal);
    for (unsigned o = 0; o < info.numOperands; ++o) {
      const OperandInfo &op = info.operands[o];
      if (!op.defaultValue)
        continue;
      std::string withDefault = minimal +
                                (minimal == info.mnemonic ? " " : ", ") +
                                op.name + "=" + op.defaultValue;
      SCOPED_TRACE(withDefault);
      EXPECT_EQ(printInst(parseOk(withDefault)), minimal);
    }
  }
}

TEST(Assembly, PrintParseRoundTripsExtremeValues) {
  for (const InstInfo &info : allInstructions()) {
    std::mt19937_64 rng(static_cast<unsigned>(info.opcode));
    for (int pattern = 0; pattern < 12; ++pattern) {
      Inst I;
      I.op = info.opcode;
      for (unsigned f = 0; f < info.numFields; ++f) {
        const FieldInfo &F = info.fields[f];
        if (pattern < 4) {
          I.f[f] = (pattern >> (f % 2)) & 1 ? fieldMax(F) : fieldMin(F);
        } else {
          uint64_t raw = rng();
          if (F.bits < 64)
            raw &= (uint64_t(1) << F.bits) - 1;
          int64_t v = int64_t(raw);
          if (F.isSigned && F.bits < 64 && (raw >> (F.bits - 1)) & 1)
            v = int64_t(raw | ~((uint64_t(1) << F.bits) - 1));
          I.f[f] = v;
        }
      }
      std::string text = printInst(I);
      SCOPED_TRACE(text);
      Inst back = parseOk(text);
      expectSameFields(back, I);
      EXPECT_EQ(printInst(back), text);
    }
  }
}

TEST(Assembly, PrintsDefaultsOnlyWhenDifferent) {
  Inst I = parseOk("dma.copy sram[r2], hbm[r1+16], size=64");
  EXPECT_EQ(printInst(I), "dma.copy sram[r2], hbm[r1+16], size=64");
  I = parseOk("dma.copy sram[r2-8], hbm[r1 + 16], size=64, n1=4, "
              "src_st1=-128, ch=1, wait=s3, signal=none");
  EXPECT_EQ(printInst(I), "dma.copy sram[r2-8], hbm[r1+16], size=64, n1=4, "
                          "src_st1=-128, ch=1, wait=s3");
  I = parseOk("vpu.add [r1+64], [r2], rows=8, cols=16, dst_ld=64, a_ld=64, "
              "b=[r3+128], bcast=imm, imm=1.5");
  EXPECT_EQ(printInst(I), "vpu.add [r1+64], [r2], b=[r3+128], rows=8, "
                          "cols=16, dst_ld=64, a_ld=64, bcast=imm, imm=1.5");
  I = parseOk("mxu.matmul [r1], [r2], [r3], m=1, k=2, n=3, lda=4, ldb=5, "
              "ldc=6, acc=1, mode=w4");
  EXPECT_EQ(printInst(I), "mxu.matmul [r1], [r2], [r3], m=1, k=2, n=3, "
                          "lda=4, ldb=5, ldc=6, mode=w4, acc=1");
  EXPECT_EQ(printInst(parseOk("sem.wait s3")), "sem.wait s3");
  EXPECT_EQ(printInst(parseOk("sem.wait s3, count=2")), "sem.wait s3, count=2");
  EXPECT_EQ(printInst(parseOk("nop")), "nop");
  EXPECT_EQ(printInst(parseOk("  halt  ")), "halt");
}

TEST(Assembly, IntegerSyntax) {
  EXPECT_EQ(parseOk("li r1, 0x10")[fields::LI::imm], 16);
  EXPECT_EQ(parseOk("li r1, -5")[fields::LI::imm], -5);
  EXPECT_EQ(parseOk("li r1, 0xffffffffffffffff")[fields::LI::imm], -1);
  EXPECT_EQ(parseOk("li r1, -9223372036854775808")[fields::LI::imm], INT64_MIN);
  EXPECT_EQ(parseOk("li r1, 3 + 4 - 1")[fields::LI::imm], 6);
  std::map<std::string, int64_t> table = {{"weights", 4096}, {"loop", 7}};
  SymbolLookup symbols = [&](std::string_view name) -> std::optional<int64_t> {
    auto it = table.find(std::string(name));
    if (it == table.end())
      return std::nullopt;
    return it->second;
  };
  EXPECT_EQ(parseOk("addi r1, r2, weights", symbols)[fields::ADDI::imm], 4096);
  EXPECT_EQ(parseOk("addi r1, r2, weights+16", symbols)[fields::ADDI::imm],
            4112);
  EXPECT_EQ(parseOk("addi r1, r2, weights-16", symbols)[fields::ADDI::imm],
            4080);
  EXPECT_EQ(parseOk("br loop", symbols)[fields::BR::target], 7);
  Inst I = parseOk("dma.copy sram[r0], hbm[r1+weights+8], size=4", symbols);
  EXPECT_EQ(I[fields::DMA_COPY::src_off], 4104);
  EXPECT_EQ(I[fields::DMA_COPY::src_space], 0);
  EXPECT_EQ(I[fields::DMA_COPY::dst_space], 1);

  PrintOptions named;
  named.targetName = [](uint32_t address) {
    return address == 7 ? std::string("loop") : std::string();
  };
  EXPECT_EQ(printInst(parseOk("br 7"), named), "br loop");
  EXPECT_EQ(printInst(parseOk("br 8"), named), "br 8");
  EXPECT_EQ(printInst(parseOk("loopi 3, 7"), named), "loopi 3, loop");
}

TEST(Assembly, FloatSyntax) {
  auto immBits = [](const std::string &value) {
    Inst I = parseOk("vpu.add [r1], [r2], rows=1, cols=1, dst_ld=4, "
                     "a_ld=4, bcast=imm, imm=" +
                     value);
    return static_cast<uint32_t>(I[fields::VPU_ADD::imm]);
  };
  EXPECT_EQ(immBits("1.5"), 0x3fc00000u);
  EXPECT_EQ(immBits("0x1.8p+1"), 0x40400000u);
  EXPECT_EQ(immBits("-2"), 0xc0000000u);
  EXPECT_EQ(immBits("inf"), 0x7f800000u);
  EXPECT_EQ(immBits("-inf"), 0xff800000u);
  EXPECT_EQ(immBits("nan"), 0x7fc00000u);
  EXPECT_EQ(immBits("-nan"), 0xffc00000u);
  EXPECT_EQ(immBits("nan(0x1)"), 0x7f800001u);
  EXPECT_EQ(immBits("-0"), 0x80000000u);
  EXPECT_EQ(immBits("1e-45"), 0x00000001u);
  EXPECT_EQ(immBits("3.4028235e38"), 0x7f7fffffu);

  // Every kind of bit pattern prints as text that parses back exactly.
  std::mt19937 rng(1);
  std::vector<uint32_t> patterns = {
      0,          0x80000000, 1,          0x80000001, 0x007fffff, 0x00800000,
      0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
      0x7f800001, 0xffffffff, 0x3f800000, 0x3dcccccd};
  for (int i = 0; i < 20000; ++i)
    patterns.push_back(rng());
  for (uint32_t bits : patterns) {
    std::string text = formatF32(bits);
    uint32_t back = 0;
    ParseError error;
    ASSERT_TRUE(parseF32(text, back, error)) << text << ": " << error.message;
    EXPECT_EQ(back, bits) << text;
  }
  EXPECT_EQ(formatF32(0x3fc00000), "1.5");
  EXPECT_EQ(formatF32(0x3dcccccd), "0.1");
  EXPECT_EQ(formatF32(0x7f800001), "nan(0x1)");
}

TEST(Assembly, BF16RoundsToNearestEvenFromTheLiteral) {
  auto bf16 = [](const std::string &text) {
    uint16_t bits = 0;
    ParseError error;
    EXPECT_TRUE(parseBF16(text, bits, error)) << text << ": " << error.message;
    return bits;
  };
  EXPECT_EQ(bf16("1"), 0x3f80);
  EXPECT_EQ(bf16("-2"), 0xc000);
  EXPECT_EQ(bf16("0.1"), 0x3dcd);
  // 1 + 2^-8 is exactly halfway between 1 and 1 + 2^-7: ties to even (1).
  EXPECT_EQ(bf16("1.00390625"), 0x3f80);
  // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 and 1 + 2^-6: to even.
  EXPECT_EQ(bf16("1.01171875"), 0x3f82);
  // Just above the midpoint, closer than a double can tell: rounds up.
  EXPECT_EQ(bf16("1.003906250000000000000000001"), 0x3f81);
  EXPECT_EQ(bf16("1.003906249999999999999999999"), 0x3f80);
  EXPECT_EQ(bf16("inf"), 0x7f80);
  EXPECT_EQ(bf16("nan"), 0x7fc0);
  EXPECT_EQ(bf16("3.3895314e38"), 0x7f7f);
  EXPECT_EQ(bf16("9.2e-41"), 0x0001); // the smallest subnormal
  uint16_t bits;
  ParseError error;
  EXPECT_FALSE(parseBF16("3.4e38", bits, error));
  EXPECT_NE(error.message.find("out of range of bf16"), std::string::npos);
}

TEST(Assembly, Diagnostics) {
  EXPECT_EQ(parseError("ad r1, r2, r3"),
            "1: unknown instruction 'ad'; did you mean 'add'?");
  EXPECT_EQ(parseError("vpu.gelutanh [r1], [r2]"),
            "1: unknown instruction 'vpu.gelutanh'; did you mean "
            "'vpu.gelu_tanh'?");
  EXPECT_EQ(parseError("frobnicate"), "1: unknown instruction 'frobnicate'");
  EXPECT_EQ(parseError("add r1, r2"),
            "11: missing operand 'rs2': 'add' takes rd, rs1, rs2");
  EXPECT_EQ(parseError("add r1, r2, r3, r4"),
            "17: too many positional operands: 'add' takes 3 (rd, rs1, rs2)");
  EXPECT_EQ(parseError("add r1, r32, r3"),
            "9: bad register 'r32': registers are r0..r31");
  EXPECT_EQ(parseError("add r1, x2, r3"),
            "9: expected a register (r0..r31) for 'rs1', got 'x2'");
  EXPECT_EQ(parseError("add r1,, r3"), "8: expected an operand");
  EXPECT_EQ(parseError("add r1, r2, r3,"), "16: expected an operand");
  EXPECT_EQ(parseError("addi r1, r2, 0x80000000"),
            "14: value 2147483648 out of range for 'imm' (32-bit signed: "
            "-2147483648..2147483647)");
  EXPECT_EQ(parseError("arg r1, -1"),
            "9: value -1 out of range for 'idx' (16-bit unsigned: 0..65535)");
  EXPECT_EQ(parseError("li r1, 0x1ffffffffffffffff"),
            "8: number does not fit in 64 bits");
  EXPECT_EQ(parseError("li r1, 12z"), "8: bad number '12z'");
  EXPECT_EQ(parseError("br nowhere"),
            "4: symbol 'nowhere' is not allowed here");
  SymbolLookup none = [](std::string_view) { return std::nullopt; };
  EXPECT_EQ(parseError("br nowhere", none), "4: undefined symbol 'nowhere'");
  EXPECT_EQ(parseError("sem.wait s255"),
            "10: bad semaphore 's255': semaphores are s0..s254 (or none)");
  EXPECT_EQ(parseError("sem.wait s1, count=1, count=2"),
            "23: duplicate operand 'count' (first given at column 14)");
  EXPECT_EQ(parseError("sem.wait s1, cnt=1"),
            "14: unknown operand 'cnt' for 'sem.wait'; valid: count");
  EXPECT_EQ(parseError("sem.wait count=1, s1"),
            "19: positional operand after a named one: positional operands "
            "come first");
  EXPECT_EQ(parseError("mov rd=r1, r2"),
            "5: 'rd' is a positional operand; write it without 'rd='");
  EXPECT_EQ(parseError("dma.copy sram[r1], hbm[r2]"),
            "27: missing operand 'size' (written name=value)");
  EXPECT_EQ(parseError("dma.copy sram[r1], hbm[r2], 64"),
            "29: too many positional operands: 'dma.copy' takes 2 (dst, src); "
            "named operands are written name=value: size, n1, n2, n3, "
            "dst_st1, dst_st2, dst_st3, src_st1, src_st2, src_st3, ch, wait, "
            "signal");
  EXPECT_EQ(parseError("dma.copy dram[r1], hbm[r2], size=1"),
            "10: unknown space 'dram' for 'dst space'; valid: hbm, sram");
  EXPECT_EQ(parseError("dma.copy [r1], hbm[r2], size=1"),
            "10: expected an address such as hbm[r1+16] for 'dst'; memory "
            "spaces: hbm, sram");
  EXPECT_EQ(parseError("dma.copy sram[r1, hbm[r2], size=1"),
            "17: expected ']' to end the address of 'dst'");
  EXPECT_EQ(parseError("dma.copy sram[r1+r2], hbm[r2], size=1"),
            "18: register 'r2' where an integer is expected");
  EXPECT_EQ(parseError("dma.copy sram[r1 8], hbm[r2], size=1"),
            "15: expected a register (r0..r31) for 'dst', got 'r1 8'");
  EXPECT_EQ(parseError("dma.copy sram[r1+0x100000000], hbm[r2], size=1"),
            "18: value 4294967296 out of range for 'dst offset' (32-bit "
            "signed: -2147483648..2147483647)");
  EXPECT_EQ(parseError("mxu.matmul [r1], [r2], [r3], m=1, k=1, n=1, lda=1, "
                       "ldb=1, ldc=1, mode=fp8"),
            "71: unknown mxu_mode 'fp8' for 'mode'; valid: bf16, int8, w8, "
            "w4");
  EXPECT_EQ(parseError("mxu.matmul [r1], [r2], [r3], m=1, k=1, n=1, lda=1, "
                       "ldb=1, ldc=1, acc=2"),
            "70: value 2 out of range for 'acc' (a flag: 0 or 1)");
  EXPECT_EQ(parseError("mxu.matmul [r1], [r2], [r3], m=1, n=1, lda=1"),
            "45: missing operands 'k', 'ldb', 'ldc' (written name=value)");
  EXPECT_EQ(parseError("vpu.exp [r1], [r2], rows=1, cols=1, dst_ld=4, "
                       "a_ld=4, dst_t="),
            "61: expected a value for 'dst_t'");
  EXPECT_EQ(parseError("vpu.add [r1], [r2], rows=1, cols=1, dst_ld=4, "
                       "a_ld=4, imm=1.5.5"),
            "59: bad float '1.5.5': expected a decimal or hex float, inf or "
            "nan");
  EXPECT_EQ(parseError("vpu.add [r1], [r2], rows=1, cols=1, dst_ld=4, "
                       "a_ld=4, imm=1e39"),
            "59: float '1e39' out of range of f32 (largest finite: "
            "3.4028235e+38)");
  EXPECT_EQ(parseError("halt,"), "5: expected a space after 'halt', got ','");
  EXPECT_EQ(parseError("halt r1"),
            "6: too many positional operands: 'halt' takes 0");
  EXPECT_EQ(parseError(""), "1: expected an instruction");
  EXPECT_EQ(parseError("{"), "1: expected an instruction mnemonic, got '{'");
}

TEST(Assembly, NearestMnemonic) {
  EXPECT_EQ(nearestMnemonic("dma.cpy"), "dma.copy");
  EXPECT_EQ(nearestMnemonic("sem.sgnal"), "sem.signal");
  EXPECT_EQ(nearestMnemonic("xyzzy"), "");
}

} // namespace
