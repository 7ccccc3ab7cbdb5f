//===- VpuTest.cpp - Tests of the VPU instructions ------------------------===//

#include "ExecTestUtil.h"

namespace npu::exectest {
namespace {

using isa::Opcode;
constexpr float kInf = std::numeric_limits<float>::infinity();

enum BcastMode { None = 0, Row = 1, Col = 2, Imm = 3 };

bool isBinary(Opcode op) {
  return op == Opcode::VPU_ADD || op == Opcode::VPU_SUB ||
         op == Opcode::VPU_MUL || op == Opcode::VPU_MAX ||
         op == Opcode::VPU_MIN || op == Opcode::VPU_POW ||
         op == Opcode::VPU_QUANT || op == Opcode::VPU_DEQUANT;
}

/// The transcendental definitions, spelled out again.
double refUnaryInDouble(Opcode op, double x) {
  const double pi = 3.14159265358979323846;
  switch (op) {
  case Opcode::VPU_EXP:
    return std::exp(x);
  case Opcode::VPU_RSQRT:
    return 1.0 / std::sqrt(x);
  case Opcode::VPU_RECIP:
    return 1.0 / x;
  case Opcode::VPU_TANH:
    return std::tanh(x);
  case Opcode::VPU_ERF:
    return std::erf(x);
  case Opcode::VPU_GELU:
    return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
  case Opcode::VPU_GELU_TANH:
    return 0.5 * x *
           (1.0 + std::tanh(std::sqrt(2.0 / pi) * (x + 0.044715 * x * x * x)));
  case Opcode::VPU_SIGMOID:
    return 1.0 / (1.0 + std::exp(-x));
  case Opcode::VPU_SILU:
    return x / (1.0 + std::exp(-x));
  case Opcode::VPU_SQRT:
    return std::sqrt(x);
  case Opcode::VPU_LOG:
    return std::log(x);
  default:
    ADD_FAILURE() << "not a transcendental";
    return 0;
  }
}

/// Reference semantics of every VPU instruction: reads `in` (memory before
/// the instruction), writes `out`.
void refVpu(Opcode op, const VpuArgs &v, const std::vector<uint8_t> &in,
            std::vector<uint8_t> &out) {
  auto aRow = [&](int64_t i) { return in.data() + v.a + i * v.aLd; };
  auto bRow = [&](int64_t i) { return in.data() + v.b + i * v.bLd; };
  auto dRow = [&](int64_t i) { return out.data() + v.dst + i * v.dstLd; };
  if (op == Opcode::VPU_RSUM || op == Opcode::VPU_RMAX ||
      op == Opcode::VPU_RMIN || op == Opcode::VPU_RPROD) {
    for (int64_t i = 0; i < v.rows; ++i) {
      float acc = op == Opcode::VPU_RSUM   ? 0.0f
                  : op == Opcode::VPU_RMAX ? -kInf
                  : op == Opcode::VPU_RMIN ? kInf
                                           : 1.0f;
      for (int64_t j = 0; j < v.cols; ++j) {
        float x = refLoadF32(v.aT, aRow(i), j);
        if (j == 0)
          acc = x;
        else if (op == Opcode::VPU_RSUM)
          acc = float(double(acc) + double(x));
        else if (op == Opcode::VPU_RPROD)
          acc = float(double(acc) * double(x));
        else if (op == Opcode::VPU_RMAX)
          acc = refMax(acc, x);
        else
          acc = refMin(acc, x);
      }
      refStore(v.dstT, dRow(i), 0, acc);
    }
    return;
  }
  for (int64_t i = 0; i < v.rows; ++i) {
    for (int64_t j = 0; j < v.cols; ++j) {
      if (op == Opcode::VPU_MOV) {
        refStore(v.dstT, dRow(i), j, refLoad(v.aT, aRow(i), j));
        continue;
      }
      if (op == Opcode::VPU_BCAST) {
        double x = v.bcast == Row ? refLoad(v.aT, aRow(0), j)
                                  : refLoad(v.aT, aRow(i), 0);
        refStore(v.dstT, dRow(i), j, x);
        continue;
      }
      float a = refLoadF32(v.aT, aRow(i), j);
      if (!isBinary(op)) {
        double r = op == Opcode::VPU_RELU  ? double(refMax(a, 0.0f))
                   : op == Opcode::VPU_ABS ? double(std::fabs(a))
                                           : refUnaryInDouble(op, a);
        refStore(v.dstT, dRow(i), j, float(r));
        continue;
      }
      float b = v.bcast == None  ? refLoadF32(v.bT, bRow(i), j)
                : v.bcast == Row ? refLoadF32(v.bT, bRow(0), j)
                : v.bcast == Col ? refLoadF32(v.bT, bRow(i), 0)
                                 : v.imm;
      double r;
      switch (op) {
      case Opcode::VPU_ADD:
        r = float(double(a) + double(b));
        break;
      case Opcode::VPU_SUB:
        r = float(double(a) - double(b));
        break;
      case Opcode::VPU_MUL:
        r = float(double(a) * double(b));
        break;
      case Opcode::VPU_MAX:
        r = refMax(a, b);
        break;
      case Opcode::VPU_MIN:
        r = refMin(a, b);
        break;
      case Opcode::VPU_POW:
        r = float(std::pow(double(a), double(b)));
        break;
      case Opcode::VPU_QUANT: {
        float product = float(double(a) * double(b));
        double q = std::isnan(product) ? 0.0 : std::nearbyint(product);
        r = q + v.zp;
        break;
      }
      default: { // dequant
        double exact = refLoad(v.aT, aRow(i), j);
        r = float(float(exact - v.zp) * double(b));
        break;
      }
      }
      refStore(v.dstT, dRow(i), j, r);
    }
  }
}

class VpuTest : public ExecTest {
protected:
  static constexpr int64_t kA = 0, kB = 4096, kD = 8192;

  void SetUp() override { scramble(21); }
  void scramble(uint32_t seed) {
    DataGen gen(seed);
    for (uint64_t i = 0; i < arch.sramBytes; ++i)
      sram()[i] = uint8_t(gen.bits());
  }

  /// Random operands for `v` (b shaped by its bcast mode).
  void fillOperands(Opcode op, const VpuArgs &v, DataGen &gen,
                    bool specials = true) {
    int64_t aRows = v.rows, aCols = v.cols;
    if (op == Opcode::VPU_BCAST) {
      if (v.bcast == Row)
        aRows = 1;
      else
        aCols = 1;
    }
    gen.fill(sram(v.a), v.aT, aRows, aCols, v.aLd, specials);
    if (isBinary(op) && v.bcast != Imm)
      gen.fill(sram(v.b), v.bT, v.bcast == Row ? 1 : v.rows,
               v.bcast == Col ? 1 : v.cols, v.bLd, specials);
  }

  void runAndCheck(Opcode op, const VpuArgs &v) {
    std::vector<uint8_t> before = sramCopy();
    std::vector<uint8_t> want = before;
    refVpu(op, v, before, want);
    absl::StatusOr<sim::ExecInfo> info = exec(vpuInst(op, v));
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->elements, uint64_t(v.rows * v.cols));
    std::vector<uint8_t> got = sramCopy();
    EXPECT_TRUE(sameBytes(got.data(), want.data(), want.size()))
        << "op " << isa::lookupOpcode(unsigned(op))->mnemonic << " dst_t "
        << v.dstT << " a_t " << v.aT << " b_t " << v.bT << " bcast " << v.bcast;
  }

  /// A [rows, cols] operand layout with padded strides.
  VpuArgs layout(int64_t rows, int64_t cols, DT dstT, DT aT, DT bT,
                 int bcast = None) {
    VpuArgs v;
    v.dst = kD, v.a = kA, v.b = kB;
    v.rows = rows, v.cols = cols;
    v.dstT = dstT, v.aT = aT, v.bT = bT, v.bcast = bcast;
    v.dstLd = int64_t(rowBytes(dstT, cols)) + 3;
    v.aLd = int64_t(rowBytes(aT, cols)) + 5;
    v.bLd = int64_t(rowBytes(bT, bcast == Col ? 1 : cols)) + 1;
    return v;
  }
};

const Opcode kBinaryOps[] = {Opcode::VPU_ADD, Opcode::VPU_SUB, Opcode::VPU_MUL,
                             Opcode::VPU_MAX, Opcode::VPU_MIN, Opcode::VPU_POW};
const Opcode kUnaryOps[] = {
    Opcode::VPU_EXP,       Opcode::VPU_RSQRT,   Opcode::VPU_RECIP,
    Opcode::VPU_TANH,      Opcode::VPU_ERF,     Opcode::VPU_GELU,
    Opcode::VPU_GELU_TANH, Opcode::VPU_SIGMOID, Opcode::VPU_SILU,
    Opcode::VPU_SQRT,      Opcode::VPU_RELU,    Opcode::VPU_LOG,
    Opcode::VPU_ABS};

TEST_F(VpuTest, BinaryOpsEveryBroadcastAndTypeMix) {
  struct Types {
    DT dst, a, b;
  } mixes[] = {{F32, F32, F32}, {BF16, BF16, F32}, {F32, BF16, BF16},
               {I8, F32, BF16}, {I4, I8, I32},     {I32, I32, I4},
               {F32, I4, I8},   {BF16, I32, F32}};
  DataGen gen(22);
  for (Opcode op : kBinaryOps)
    for (int bcast : {None, Row, Col, Imm})
      for (const Types &t : mixes) {
        VpuArgs v = layout(3, 5, t.dst, t.a, t.b, bcast);
        v.imm = gen.value();
        fillOperands(op, v, gen);
        runAndCheck(op, v);
      }
}

TEST_F(VpuTest, BinarySpecialValues) {
  VpuArgs v = layout(1, 8, F32, F32, F32);
  float a[8] = {-0.0f, 0.0f, qnan(), 1.0f, kInf, 3e38f, 0x1p-149f, -kInf};
  float b[8] = {0.0f, -0.0f, 1.0f,      floatOf(0xFFC00001),
                kInf, 3e38f, 0x1p-149f, kInf};
  std::memcpy(sram(v.a), a, sizeof a);
  std::memcpy(sram(v.b), b, sizeof b);
  for (Opcode op : kBinaryOps)
    runAndCheck(op, v);
  auto out = [&](int j) {
    float f;
    std::memcpy(&f, sram(v.dst + 4 * j), 4);
    return bitsOf(f);
  };
  runAndCheck(Opcode::VPU_MAX, v);
  EXPECT_EQ(out(0), 0u);          // max(-0, +0) = +0
  EXPECT_EQ(out(1), 0u);          // max(+0, -0) = +0
  EXPECT_EQ(out(2), 0x7FC00000u); // NaN in a
  EXPECT_EQ(out(3), 0x7FC00000u); // NaN in b, canonicalised
  runAndCheck(Opcode::VPU_MIN, v);
  EXPECT_EQ(out(0), 0x80000000u);
  EXPECT_EQ(out(1), 0x80000000u);
  runAndCheck(Opcode::VPU_ADD, v);
  EXPECT_EQ(out(5), bitsOf(kInf)); // overflow
  EXPECT_EQ(out(6), 2u);           // subnormals add exactly
  EXPECT_EQ(out(7), 0x7FC00000u);  // -inf + inf
  runAndCheck(Opcode::VPU_SUB, v);
  EXPECT_EQ(out(4), 0x7FC00000u); // inf - inf
  EXPECT_EQ(out(0), 0x80000000u); // -0 - +0 = -0
  // bf16 destination: ties to even and overflow.
  VpuArgs h = layout(1, 4, BF16, F32, F32, Imm);
  h.imm = 0.0f;
  float x[4] = {floatOf(0x3F808000), floatOf(0x3F818000), floatOf(0x7F7FFFFF),
                floatOf(0xFF800001)};
  std::memcpy(sram(h.a), x, sizeof x);
  runAndCheck(Opcode::VPU_ADD, h);
  uint16_t got[4];
  std::memcpy(got, sram(h.dst), sizeof got);
  EXPECT_EQ(got[0], 0x3F80);
  EXPECT_EQ(got[1], 0x3F82);
  EXPECT_EQ(got[2], 0x7F80);
  EXPECT_EQ(got[3], 0x7FC0);
}

TEST_F(VpuTest, IntegerDestinationsSaturateAndInt4KeepsNeighbourNibbles) {
  DataGen gen(23);
  for (DT dst : {I8, I4, I32}) {
    VpuArgs v = layout(4, 7, dst, F32, F32, Imm);
    v.imm = 37.0f; // spreads a over and beyond every integer range
    fillOperands(Opcode::VPU_MUL, v, gen);
    runAndCheck(Opcode::VPU_MUL, v);
  }
  // Odd column count: the high nibble of each row's last byte is untouched.
  VpuArgs v = layout(2, 3, I4, F32, F32, Imm);
  v.imm = 0.0f;
  float a[3] = {7.5f, -8.5f, 2.5f};
  std::memcpy(sram(v.a), a, sizeof a);
  std::memcpy(sram(v.a + v.aLd), a, sizeof a);
  sram(v.dst)[1] = 0xB0;
  sram(v.dst + v.dstLd)[1] = 0x60;
  runAndCheck(Opcode::VPU_ADD, v);
  EXPECT_EQ(sram(v.dst)[0], 0x87); // 7 (saturated), -8
  EXPECT_EQ(sram(v.dst)[1], 0xB2); // 2 (half to even), 0xB kept
  EXPECT_EQ(sram(v.dst + v.dstLd)[1], 0x62);
}

TEST_F(VpuTest, Int32InputsRoundToFp32) {
  VpuArgs v = layout(1, 3, I32, I32, F32, Imm);
  v.imm = 0.0f;
  int32_t a[3] = {16777217, INT32_MAX, -16777219};
  std::memcpy(sram(v.a), a, sizeof a);
  runAndCheck(Opcode::VPU_ADD, v);
  int32_t got[3];
  std::memcpy(got, sram(v.dst), sizeof got);
  EXPECT_EQ(got[0], 16777216);
  EXPECT_EQ(got[1], INT32_MAX); // 2^31 saturates
  EXPECT_EQ(got[2], -16777220);
  // vpu.mov does not go through fp32.
  runAndCheck(Opcode::VPU_MOV, v);
  std::memcpy(got, sram(v.dst), sizeof got);
  EXPECT_EQ(got[0], 16777217);
  EXPECT_EQ(got[1], INT32_MAX);
}

TEST_F(VpuTest, UnaryOps) {
  struct Types {
    DT dst, a;
  } mixes[] = {{F32, F32}, {BF16, BF16}, {I8, F32}, {F32, I32}, {I4, BF16}};
  DataGen gen(24);
  for (Opcode op : kUnaryOps)
    for (const Types &t : mixes) {
      VpuArgs v = layout(3, 9, t.dst, t.a, F32);
      fillOperands(op, v, gen);
      runAndCheck(op, v);
    }
  // Large inputs: overflow and underflow of exp, tails of the others.
  VpuArgs v = layout(1, 8, F32, F32, F32);
  float a[8] = {88.8f, -104.0f, -100.0f, 30.0f, -30.0f, 1e20f, -1e20f, -kInf};
  std::memcpy(sram(v.a), a, sizeof a);
  for (Opcode op : kUnaryOps)
    runAndCheck(op, v);
}

TEST_F(VpuTest, MovConvertsEveryTypePair) {
  DataGen gen(25);
  for (DT dst : {F32, BF16, I8, I32, I4})
    for (DT src : {F32, BF16, I8, I32, I4}) {
      VpuArgs v = layout(3, 7, dst, src, F32);
      fillOperands(Opcode::VPU_MOV, v, gen);
      runAndCheck(Opcode::VPU_MOV, v);
    }
  // int32 -> bf16 rounds once: 2^24 + 2^16 + 1 is above the tie.
  VpuArgs v = layout(1, 2, BF16, I32, F32);
  int32_t a[2] = {16777216 + 65536 + 1, 16777216 + 65536};
  std::memcpy(sram(v.a), a, sizeof a);
  runAndCheck(Opcode::VPU_MOV, v);
  uint16_t got[2];
  std::memcpy(got, sram(v.dst), sizeof got);
  EXPECT_EQ(got[0], 0x4B81);
  EXPECT_EQ(got[1], 0x4B80);
  // fp32 -> int8: half to even, saturation both ways, NaN -> 0.
  VpuArgs w = layout(1, 6, I8, F32, F32);
  float f[6] = {2.5f, -3.5f, 200.0f, -200.0f, qnan(), -kInf};
  std::memcpy(sram(w.a), f, sizeof f);
  runAndCheck(Opcode::VPU_MOV, w);
  int8_t i8[6];
  std::memcpy(i8, sram(w.dst), sizeof i8);
  EXPECT_EQ(i8[0], 2);
  EXPECT_EQ(i8[1], -4);
  EXPECT_EQ(i8[2], 127);
  EXPECT_EQ(i8[3], -128);
  EXPECT_EQ(i8[4], 0);
  EXPECT_EQ(i8[5], -128);
}

TEST_F(VpuTest, Reductions) {
  DataGen gen(26);
  for (Opcode op : {Opcode::VPU_RSUM, Opcode::VPU_RMAX, Opcode::VPU_RMIN,
                    Opcode::VPU_RPROD})
    for (DT aT : {F32, BF16, I8, I32, I4})
      for (DT dstT : {F32, BF16, I32}) {
        VpuArgs v = layout(4, 11, dstT, aT, F32);
        v.dstLd = 12; // a padded column
        fillOperands(op, v, gen);
        runAndCheck(op, v);
      }
  // Sequential order: 2^24 + 1 + 1 stays 2^24.
  VpuArgs v = layout(2, 3, F32, F32, F32);
  float a[2][3] = {{16777216.0f, 1.0f, 1.0f}, {1.0f, qnan(), -kInf}};
  for (int i = 0; i < 2; ++i)
    std::memcpy(sram(v.a + i * v.aLd), a[i], sizeof a[i]);
  runAndCheck(Opcode::VPU_RSUM, v);
  float got;
  std::memcpy(&got, sram(v.dst), 4);
  EXPECT_EQ(got, 16777216.0f);
  runAndCheck(Opcode::VPU_RMAX, v);
  std::memcpy(&got, sram(v.dst + v.dstLd), 4);
  EXPECT_EQ(bitsOf(got), 0x7FC00000u); // NaN wins
  // A single -0 sums to -0; an empty row gives the identity.
  v.cols = 1;
  float negZero = -0.0f;
  std::memcpy(sram(v.a), &negZero, 4);
  runAndCheck(Opcode::VPU_RSUM, v);
  std::memcpy(&got, sram(v.dst), 4);
  EXPECT_EQ(bitsOf(got), 0x80000000u);
  v.cols = 0;
  runAndCheck(Opcode::VPU_RSUM, v);
  std::memcpy(&got, sram(v.dst), 4);
  EXPECT_EQ(bitsOf(got), 0u);
  runAndCheck(Opcode::VPU_RMAX, v);
  std::memcpy(&got, sram(v.dst), 4);
  EXPECT_EQ(got, -kInf);
  runAndCheck(Opcode::VPU_RMIN, v);
  std::memcpy(&got, sram(v.dst), 4);
  EXPECT_EQ(got, kInf);
  runAndCheck(Opcode::VPU_RPROD, v);
  std::memcpy(&got, sram(v.dst), 4);
  EXPECT_EQ(got, 1.0f);
}

TEST_F(VpuTest, ProductAndMinimumRows) {
  VpuArgs v = layout(2, 4, F32, F32, F32);
  float a[2][4] = {{2.0f, -3.0f, 0.5f, 4.0f}, {1.0f, -0.0f, 0.0f, qnan()}};
  for (int i = 0; i < 2; ++i)
    std::memcpy(sram(v.a + i * v.aLd), a[i], sizeof a[i]);
  float got[2];
  runAndCheck(Opcode::VPU_RPROD, v);
  std::memcpy(&got[0], sram(v.dst), 4);
  EXPECT_EQ(got[0], -12.0f);
  runAndCheck(Opcode::VPU_RMIN, v);
  std::memcpy(&got[0], sram(v.dst), 4);
  std::memcpy(&got[1], sram(v.dst + v.dstLd), 4);
  EXPECT_EQ(got[0], -3.0f);
  EXPECT_EQ(bitsOf(got[1]), 0x7FC00000u); // NaN wins
}

TEST_F(VpuTest, PowLogAbsSpecialValues) {
  VpuArgs v = layout(1, 8, F32, F32, F32);
  float a[8] = {-2.0f, -2.0f, qnan(), 1.0f, 0.0f, 4.0f, -0.0f, -kInf};
  float b[8] = {3.0f, 0.5f, 0.0f, qnan(), -1.0f, 0.5f, 2.0f, 3.0f};
  std::memcpy(sram(v.a), a, sizeof a);
  std::memcpy(sram(v.b), b, sizeof b);
  auto out = [&](int j) {
    float f;
    std::memcpy(&f, sram(v.dst + 4 * j), 4);
    return f;
  };
  runAndCheck(Opcode::VPU_POW, v);
  EXPECT_EQ(out(0), -8.0f);               // negative base, integral b
  EXPECT_EQ(bitsOf(out(1)), 0x7FC00000u); // negative base, fractional b
  EXPECT_EQ(out(2), 1.0f);                // pow(NaN, 0) = 1
  EXPECT_EQ(out(3), 1.0f);                // pow(1, NaN) = 1
  EXPECT_EQ(out(4), kInf);                // pow(+0, -1)
  EXPECT_EQ(out(5), 2.0f);
  EXPECT_EQ(bitsOf(out(6)), 0u); // pow(-0, 2) = +0
  EXPECT_EQ(out(7), -kInf);
  runAndCheck(Opcode::VPU_LOG, v);
  EXPECT_EQ(bitsOf(out(0)), 0x7FC00000u); // log(-2)
  EXPECT_EQ(out(3), 0.0f);
  EXPECT_EQ(out(4), -kInf);
  EXPECT_EQ(out(6), -kInf); // log(-0)
  runAndCheck(Opcode::VPU_ABS, v);
  EXPECT_EQ(out(0), 2.0f);
  EXPECT_EQ(bitsOf(out(2)), 0x7FC00000u);
  EXPECT_EQ(bitsOf(out(6)), 0u);
  EXPECT_EQ(out(7), kInf);
}

TEST_F(VpuTest, BroadcastInstruction) {
  DataGen gen(27);
  for (int mode : {Row, Col})
    for (DT dstT : {F32, BF16, I8, I4})
      for (DT aT : {F32, I32, I4}) {
        VpuArgs v = layout(3, 5, dstT, aT, F32, mode);
        fillOperands(Opcode::VPU_BCAST, v, gen);
        runAndCheck(Opcode::VPU_BCAST, v);
      }
  for (int mode : {None, Imm})
    EXPECT_ERROR_WITH(
        exec(vpuInst(Opcode::VPU_BCAST, layout(3, 5, F32, F32, F32, mode))),
        "vpu.bcast", "operand mode", mode == None ? "mode none" : "mode imm");
}

TEST_F(VpuTest, QuantAndDequant) {
  DataGen gen(28);
  for (int bcast : {None, Row, Col, Imm})
    for (DT dstT : {I8, I4, I32})
      for (int zp : {0, 3, -100}) {
        VpuArgs v = layout(3, 5, dstT, F32, BF16, bcast);
        v.imm = 11.0f, v.zp = zp;
        fillOperands(Opcode::VPU_QUANT, v, gen);
        runAndCheck(Opcode::VPU_QUANT, v);
      }
  for (int bcast : {None, Row, Col, Imm})
    for (DT aT : {I8, I4, I32})
      for (DT dstT : {F32, BF16}) {
        VpuArgs v = layout(3, 5, dstT, aT, F32, bcast);
        v.imm = 0.125f, v.zp = -7;
        fillOperands(Opcode::VPU_DEQUANT, v, gen);
        runAndCheck(Opcode::VPU_DEQUANT, v);
      }
  // Explicit values: quant 2.5 -> 2, 3.5 -> 4, NaN -> zp, then + zp and
  // saturate.
  VpuArgs q = layout(1, 4, I8, F32, F32, Imm);
  q.imm = 1.0f, q.zp = 10;
  float a[4] = {2.5f, 3.5f, qnan(), 120.0f};
  std::memcpy(sram(q.a), a, sizeof a);
  runAndCheck(Opcode::VPU_QUANT, q);
  int8_t got[4];
  std::memcpy(got, sram(q.dst), sizeof got);
  EXPECT_EQ(got[0], 12);
  EXPECT_EQ(got[1], 14);
  EXPECT_EQ(got[2], 10);
  EXPECT_EQ(got[3], 127);
  // Type errors.
  EXPECT_ERROR_WITH(
      exec(vpuInst(Opcode::VPU_QUANT, layout(1, 4, BF16, F32, F32, Imm))),
      "vpu.quant", "operand dst_t", "bf16");
  EXPECT_ERROR_WITH(
      exec(vpuInst(Opcode::VPU_DEQUANT, layout(1, 4, F32, F32, F32, Imm))),
      "vpu.dequant", "operand a_t", "fp32");
}

TEST_F(VpuTest, InPlaceAndOverlappingOperands) {
  DataGen gen(29);
  // dst == a.
  VpuArgs v = layout(4, 8, F32, F32, F32, Row);
  v.dst = v.a, v.dstLd = v.aLd;
  fillOperands(Opcode::VPU_ADD, v, gen, false);
  runAndCheck(Opcode::VPU_ADD, v);
  runAndCheck(Opcode::VPU_EXP, v);
  // dst is a shifted by one row: row i of the result comes from the
  // original row i.
  v = layout(4, 8, F32, F32, F32, None);
  v.aLd = v.bLd = v.dstLd = 32;
  v.dst = v.a + 32;
  fillOperands(Opcode::VPU_MUL, v, gen, false);
  runAndCheck(Opcode::VPU_MUL, v);
  // b overlaps dst, and the types differ (bf16 written over fp32).
  v = layout(4, 8, BF16, F32, F32, None);
  v.b = v.dst = 2048, v.bLd = v.dstLd = 32;
  fillOperands(Opcode::VPU_SUB, v, gen, false);
  runAndCheck(Opcode::VPU_SUB, v);
  // A reduction into its own first column, a broadcast over its source.
  v = layout(5, 6, F32, F32, F32);
  v.dst = v.a, v.dstLd = v.aLd;
  fillOperands(Opcode::VPU_RSUM, v, gen, false);
  runAndCheck(Opcode::VPU_RSUM, v);
  v = layout(5, 6, I8, I8, F32, Col);
  v.dst = v.a, v.dstLd = v.aLd;
  fillOperands(Opcode::VPU_BCAST, v, gen, false);
  runAndCheck(Opcode::VPU_BCAST, v);
  v = layout(5, 6, I4, I4, F32, Row);
  v.dst = v.a, v.dstLd = v.aLd;
  fillOperands(Opcode::VPU_BCAST, v, gen, false);
  runAndCheck(Opcode::VPU_BCAST, v);
}

TEST_F(VpuTest, LayoutAndTypeErrors) {
  VpuArgs ok = layout(3, 5, F32, F32, F32);
  ASSERT_TRUE(exec(vpuInst(Opcode::VPU_ADD, ok)).ok());
  VpuArgs v = ok;
  v.dst = kD + 4;
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_ADD, v)), "vpu.add", "operand dst",
                    "0x2004", "alignment 32");
  v = ok, v.a = kA + 1;
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_SUB, v)), "vpu.sub", "operand a",
                    "alignment");
  v = ok, v.b = kB + 8;
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_MUL, v)), "operand b",
                    "alignment");
  v.bcast = Imm; // b's address is then unused
  EXPECT_TRUE(exec(vpuInst(Opcode::VPU_MUL, v)).ok());
  v = ok, v.dstLd = 19;
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_ADD, v)), "operand dst",
                    "dst_ld = 19", "20 bytes");
  v = ok, v.aLd = 0;
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_EXP, v)), "vpu.exp", "operand a",
                    "a_ld = 0");
  v = ok, v.bcast = Col, v.bLd = 3;
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_ADD, v)), "operand b", "b_ld = 3");
  v.bLd = 4;
  EXPECT_TRUE(exec(vpuInst(Opcode::VPU_ADD, v)).ok());
  v = ok, v.bcast = Row, v.bLd = 0; // one row: its stride is unused
  EXPECT_TRUE(exec(vpuInst(Opcode::VPU_ADD, v)).ok());
  v = ok, v.dst = int64_t(arch.sramBytes) - 32;
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_MAX, v)), "vpu.max", "operand dst",
                    "sram [0xffe0, 0x10022)");
  v = ok, v.rows = 1, v.a = int64_t(arch.sramBytes);
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_RELU, v)), "vpu.relu", "operand a",
                    "sram [0x10000, 0x10014)");
  v = ok, v.aT = DT(5);
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_ADD, v)), "operand a_t",
                    "invalid element type 5");
  v = ok, v.dstT = DT(15);
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_RSUM, v)), "vpu.rsum",
                    "operand dst_t", "15");
  v = ok, v.bT = DT(9), v.bcast = Imm;
  EXPECT_ERROR_WITH(exec(vpuInst(Opcode::VPU_ADD, v)), "operand b_t");
  // rows or cols of 0: nothing is accessed.
  v = ok, v.rows = 0, v.dst = 1 << 20;
  std::vector<uint8_t> before = sramCopy();
  EXPECT_TRUE(exec(vpuInst(Opcode::VPU_ADD, v)).ok());
  v = ok, v.cols = 0, v.dst = 1 << 20;
  EXPECT_TRUE(exec(vpuInst(Opcode::VPU_MOV, v)).ok());
  EXPECT_EQ(sramCopy(), before);
}

TEST_F(VpuTest, TimingOnlyAndStatistics) {
  VpuArgs v = layout(3, 5, BF16, F32, I4, Col);
  std::vector<uint8_t> before = sramCopy();
  absl::StatusOr<sim::ExecInfo> info =
      exec(vpuInst(Opcode::VPU_ADD, v), /*timingOnly=*/true);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(sramCopy(), before);
  EXPECT_EQ(info->elements, 15u);
  EXPECT_EQ(info->sramBytesRead, 3u * 20 + 3u * 1);
  EXPECT_EQ(info->sramBytesWritten, 3u * 10);
  EXPECT_EQ(info->hbmBytesRead, 0u);
  EXPECT_EQ(mem.sramHighWater(), uint64_t(kD + 2 * v.dstLd + 10));
  v.dst = kD + 2;
  EXPECT_FALSE(exec(vpuInst(Opcode::VPU_ADD, v), true).ok());
  VpuArgs r = layout(4, 6, F32, BF16, F32);
  info = exec(vpuInst(Opcode::VPU_RSUM, r), true);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->sramBytesRead, 4u * 12);
  EXPECT_EQ(info->sramBytesWritten, 4u * 4);
}

TEST_F(VpuTest, CompareIsExactAndNaNIsUnordered) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // Pairs (a, b) and the expected eq, ne, lt, le, gt, ge.
  struct Case {
    double a, b;
    int want[6];
  } cases[] = {{1, 2, {0, 1, 1, 1, 0, 0}},
               {2, 2, {1, 0, 0, 1, 0, 1}},
               {3, 2, {0, 1, 0, 0, 1, 1}},
               {nan, 2, {0, 1, 0, 0, 0, 0}},
               {-kInf, kInf, {0, 1, 1, 1, 0, 0}}};
  for (int pred = 0; pred < 6; ++pred)
    for (DT dstT : {I8, F32}) {
      VpuArgs v = layout(1, 5, dstT, F32, F32);
      for (int j = 0; j < 5; ++j) {
        refStore(F32, sram(v.a), j, cases[j].a);
        refStore(F32, sram(v.b), j, cases[j].b);
      }
      isa::Inst inst = vpuInst(Opcode::VPU_CMP, v);
      setField(inst, "pred", pred);
      ASSERT_TRUE(exec(inst).ok());
      for (int j = 0; j < 5; ++j)
        EXPECT_EQ(refLoad(dstT, sram(v.dst), j), cases[j].want[pred])
            << "pred " << pred << " case " << j;
    }
  // int32 values that fp32 cannot tell apart compare exactly.
  VpuArgs v = layout(1, 1, I8, I32, I32);
  refStore(I32, sram(v.a), 0, 16777217);
  refStore(I32, sram(v.b), 0, 16777216);
  isa::Inst inst = vpuInst(Opcode::VPU_CMP, v);
  setField(inst, "pred", 0);
  ASSERT_TRUE(exec(inst).ok());
  EXPECT_EQ(refLoad(I8, sram(v.dst), 0), 0);
  // Against an immediate, broadcast row.
  v = layout(1, 3, I8, BF16, F32, Imm);
  v.imm = 0.5f;
  for (int j = 0; j < 3; ++j)
    refStore(BF16, sram(v.a), j, j * 0.5);
  inst = vpuInst(Opcode::VPU_CMP, v);
  setField(inst, "pred", 5); // ge
  ASSERT_TRUE(exec(inst).ok());
  for (int j = 0; j < 3; ++j)
    EXPECT_EQ(refLoad(I8, sram(v.dst), j), j >= 1 ? 1 : 0);
  setField(inst, "pred", 6);
  EXPECT_ERROR_WITH(exec(inst), "vpu.cmp", "pred");
}

TEST_F(VpuTest, SelectDoesNotLeakTheOtherOperand) {
  constexpr int64_t kC = 12288;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (int inv : {0, 1})
    for (int bcast : {None, Row, Col, Imm}) {
      VpuArgs v = layout(2, 3, BF16, F32, F32, bcast);
      v.imm = -kInf;
      int64_t cLd = 7;
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j) {
          refStore(I8, sram(kC + i * cLd), j, (i + j) % 2 ? 1 : 0);
          refStore(F32, sram(v.a + i * v.aLd), j, (i + j) % 2 ? 1.5 : nan);
          refStore(F32, sram(v.b + i * v.bLd), j, (i + j) % 2 ? kInf : -2.25);
        }
      isa::Inst inst = vpuInst(Opcode::VPU_SEL, v);
      setField(inst, "c_off", kC);
      setField(inst, "c_ld", cLd);
      setField(inst, "c_t", I8);
      setField(inst, "inv", inv);
      absl::StatusOr<sim::ExecInfo> info = exec(inst);
      ASSERT_TRUE(info.ok()) << info.status();
      EXPECT_EQ(info->elements, 6u);
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j) {
          bool takeA = ((i + j) % 2 != 0) != (inv != 0);
          int bi = bcast == Row ? 0 : i, bj = bcast == Col ? 0 : j;
          double want = takeA ? refLoad(F32, sram(v.a + i * v.aLd), j)
                        : bcast == Imm
                            ? -kInf
                            : refLoad(F32, sram(v.b + bi * v.bLd), bj);
          double got = refLoad(BF16, sram(v.dst + i * v.dstLd), j);
          if (std::isnan(want))
            EXPECT_TRUE(std::isnan(got));
          else
            EXPECT_EQ(got, want) << "inv " << inv << " bcast " << bcast;
          // The unselected operand never shows: with inv=0 and no
          // broadcast, the NaNs of a and the infs of b are unselected.
          if (inv == 0 && bcast == None) {
            EXPECT_TRUE(std::isfinite(got));
          }
        }
    }
}

} // namespace
} // namespace npu::exectest
