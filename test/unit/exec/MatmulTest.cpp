//===- MatmulTest.cpp - Tests of mxu.matmul -------------------------------===//

#include "ExecTestUtil.h"

namespace npu::exectest {
namespace {

enum Mode { ModeBf16 = 0, ModeInt8 = 1, ModeW8 = 2, ModeW4 = 3 };

/// The definition, computed with double arithmetic where that is exact:
/// products of bf16 values are exact in double; a double sum rounded to
/// fp32 is the correctly rounded fp32 sum.
void refMatmul(const MatmulArgs &x, const std::vector<uint8_t> &in,
               std::vector<uint8_t> &out) {
  if (x.k == 0 && x.acc)
    return;
  const uint8_t *A = in.data() + x.a;
  const uint8_t *B = in.data() + x.b;
  const uint8_t *S = in.data() + x.scale;
  const uint8_t *Cin = in.data() + x.dst;
  uint8_t *C = out.data() + x.dst;
  // The row and column of B[p][j] in the stored tile.
  auto bRow = [&](int64_t p, int64_t j) { return B + (x.tb ? j : p) * x.ldb; };
  auto bCol = [&](int64_t p, int64_t j) { return x.tb ? p : j; };
  for (int64_t i = 0; i < x.m; ++i) {
    for (int64_t j = 0; j < x.n; ++j) {
      if (x.mode == ModeInt8) {
        int64_t sum = x.acc ? int64_t(refLoad(I32, Cin + i * x.ldc, j)) : 0;
        for (int64_t p = 0; p < x.k; ++p)
          sum += int64_t(refLoad(I8, A + i * x.lda, p)) *
                 int64_t(refLoad(I8, bRow(p, j), bCol(p, j)));
        int32_t wrapped = int32_t(uint32_t(uint64_t(sum)));
        std::memcpy(C + i * x.ldc + 4 * j, &wrapped, 4);
        continue;
      }
      float acc = x.acc ? float(refLoad(F32, Cin + i * x.ldc, j)) : 0.0f;
      for (int64_t p = 0; p < x.k; ++p) {
        double a = refLoad(BF16, A + i * x.lda, p);
        double w;
        if (x.mode == ModeBf16) {
          w = refLoad(BF16, bRow(p, j), bCol(p, j));
        } else {
          double q =
              refLoad(x.mode == ModeW8 ? I8 : I4, bRow(p, j), bCol(p, j));
          double s = refLoad(BF16, S + (p / x.group) * x.lds, j);
          w = bf16Value(refBf16(float(q * s)));
        }
        float product = float(a * w);
        acc = float(double(acc) + double(product));
      }
      refStore(F32, C + i * x.ldc, j, acc);
    }
  }
}

class MatmulTest : public ExecTest {
protected:
  static constexpr int64_t kA = 0, kB = 8192, kC = 16384, kS = 24576;

  void SetUp() override {
    DataGen gen(11);
    for (uint64_t i = 0; i < arch.sramBytes; ++i)
      sram()[i] = uint8_t(gen.bits());
  }

  /// Fills the operands of `x` with random data of the mode's types.
  void fillOperands(const MatmulArgs &x, DataGen &gen, bool specials) {
    DT aT = x.mode == ModeInt8 ? I8 : BF16;
    DT bT = x.mode == ModeBf16 ? BF16 : x.mode == ModeW4 ? I4 : I8;
    gen.fill(sram(x.a), aT, x.m, x.k, x.lda, specials);
    if (x.tb)
      gen.fill(sram(x.b), bT, x.n, x.k, x.ldb, specials);
    else
      gen.fill(sram(x.b), bT, x.k, x.n, x.ldb, specials);
    if (x.mode == ModeW8 || x.mode == ModeW4)
      gen.fill(sram(x.scale), BF16, (x.k + x.group - 1) / x.group, x.n, x.lds,
               specials);
    gen.fill(sram(x.dst), x.mode == ModeInt8 ? I32 : F32, x.m, x.n, x.ldc,
             specials);
  }

  void runAndCheck(const MatmulArgs &x) {
    std::vector<uint8_t> before = sramCopy();
    std::vector<uint8_t> want = before;
    refMatmul(x, before, want);
    absl::StatusOr<sim::ExecInfo> info = exec(matmulInst(x));
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->macs, uint64_t(x.m * x.k * x.n));
    EXPECT_EQ(info->elements, uint64_t(x.m * x.n));
    std::vector<uint8_t> got = sramCopy();
    EXPECT_TRUE(sameBytes(got.data(), want.data(), want.size()));
  }

  void setC(int64_t i, int64_t j, const MatmulArgs &x, float v) {
    std::memcpy(sram(x.dst + i * x.ldc + 4 * j), &v, 4);
  }
  float getC(int64_t i, int64_t j, const MatmulArgs &x) {
    float v;
    std::memcpy(&v, sram(x.dst + i * x.ldc + 4 * j), 4);
    return v;
  }
  void setBf16(int64_t addr, float v) {
    uint16_t h = refBf16(v);
    std::memcpy(sram(addr), &h, 2);
  }
};

TEST_F(MatmulTest, Bf16RandomWithPaddedStridesOverwriteThenAccumulate) {
  DataGen gen(12);
  MatmulArgs x;
  x.a = kA, x.b = kB, x.dst = kC;
  x.m = 3, x.k = 37, x.n = 5;
  x.lda = 37 * 2 + 6, x.ldb = 5 * 2 + 4, x.ldc = 5 * 4 + 12;
  fillOperands(x, gen, /*specials=*/false);
  runAndCheck(x);
  x.acc = true;
  runAndCheck(x);
  // Larger than one MXU pass in every dimension.
  x.m = 20, x.k = 100, x.n = 33, x.lda = 200, x.ldb = 66, x.ldc = 33 * 4;
  x.acc = false;
  fillOperands(x, gen, false);
  runAndCheck(x);
}

TEST_F(MatmulTest, TransposedBInEveryMode) {
  // tb=1: B is [n, k] with row stride ldb; the result is that of tb=0 on
  // the transposed data, in every mode, with and without accumulation.
  DataGen gen(21);
  for (int mode : {ModeBf16, ModeInt8, ModeW8, ModeW4}) {
    MatmulArgs x;
    x.a = kA, x.b = kB, x.dst = kC, x.scale = kS;
    x.mode = mode, x.tb = true;
    x.m = 5, x.k = 37, x.n = 11;
    int64_t aBytes = mode == ModeInt8 ? 1 : 2;
    x.lda = 37 * aBytes + 3;
    x.ldb = (mode == ModeW4 ? 19 : 37 * (mode == ModeBf16 ? 2 : 1)) + 5;
    x.ldc = 11 * 4 + 8;
    if (mode == ModeW8 || mode == ModeW4)
      x.group = 8, x.lds = 11 * 2 + 2;
    fillOperands(x, gen, /*specials=*/mode == ModeBf16);
    runAndCheck(x);
    x.acc = true;
    runAndCheck(x);
  }
}

TEST_F(MatmulTest, TransposedBMatchesUntransposed) {
  // The same product with B stored both ways gives the same bytes.
  DataGen gen(22);
  MatmulArgs x;
  x.a = kA, x.b = kB, x.dst = kC;
  x.m = 7, x.k = 13, x.n = 9;
  x.lda = 26, x.ldb = 18, x.ldc = 36;
  fillOperands(x, gen, /*specials=*/false);
  ASSERT_TRUE(exec(matmulInst(x)).ok());
  std::vector<uint8_t> plain(sram(x.dst), sram(x.dst) + x.m * x.ldc);
  MatmulArgs y = x;
  y.tb = true, y.b = kS, y.ldb = 13 * 2;
  for (int64_t p = 0; p < x.k; ++p)
    for (int64_t j = 0; j < x.n; ++j)
      std::memcpy(sram(y.b + j * y.ldb + 2 * p), sram(x.b + p * x.ldb + 2 * j),
                  2);
  std::memset(sram(x.dst), 0, x.m * x.ldc);
  ASSERT_TRUE(exec(matmulInst(y)).ok());
  EXPECT_TRUE(sameBytes(sram(x.dst), plain.data(), plain.size()));
}

TEST_F(MatmulTest, TransposedBBoundsUseTheTransposedShape) {
  // With tb=1 the B tile has n rows of k elements: ldb must cover k.
  MatmulArgs x;
  x.a = kA, x.b = kB, x.dst = kC;
  x.m = 2, x.k = 6, x.n = 3, x.lda = 12, x.ldb = 6, x.ldc = 12, x.tb = true;
  EXPECT_ERROR_WITH(exec(matmulInst(x)), "operand b", "ldb = 6");
  x.ldb = 12;
  EXPECT_TRUE(exec(matmulInst(x)).ok());
}

TEST_F(MatmulTest, Bf16SpecialValues) {
  DataGen gen(13);
  MatmulArgs x;
  x.a = kA, x.b = kB, x.dst = kC;
  x.m = 4, x.k = 9, x.n = 7;
  x.lda = 18, x.ldb = 14, x.ldc = 28;
  fillOperands(x, gen, /*specials=*/true);
  runAndCheck(x);
  x.acc = true;
  runAndCheck(x);
}

TEST_F(MatmulTest, Bf16AccumulatesSequentiallyInP) {
  MatmulArgs x;
  x.a = kA, x.b = kB, x.dst = kC;
  x.m = 2, x.k = 3, x.n = 5;
  x.lda = 6, x.ldb = 10, x.ldc = 20;
  float a[2][3] = {{1, INFINITY, 1}, {1, 1, 1}};
  // Row 1 of C, column by column:
  //  0: 2^24 + 1 rounds back to 2^24, so the sum in p order is 0 (any other
  //     order gives 1);
  //  1: (row 0) inf * 0 is NaN;
  //  2: 3e38 + 3e38 overflows to inf, then -inf is added: NaN;
  //  3: the products are -0, but the sum starts at +0: +0;
  //  4: subnormal products are kept (no flush to zero).
  float b[3][5] = {{16777216.0f, INFINITY, 3e38f, -0.0f, 0x1p-130f},
                   {1, 0, 3e38f, -0.0f, 0x1p-130f},
                   {-16777216.0f, 1, -INFINITY, -0.0f, 0}};
  for (int i = 0; i < 2; ++i)
    for (int p = 0; p < 3; ++p)
      setBf16(x.a + i * x.lda + 2 * p, a[i][p]);
  for (int p = 0; p < 3; ++p)
    for (int j = 0; j < 5; ++j)
      setBf16(x.b + p * x.ldb + 2 * j, b[p][j]);
  runAndCheck(x);
  EXPECT_EQ(getC(1, 0, x), 0.0f);
  EXPECT_EQ(bitsOf(getC(0, 1, x)), 0x7FC00000u);
  EXPECT_EQ(bitsOf(getC(1, 2, x)), 0x7FC00000u);
  EXPECT_EQ(bitsOf(getC(1, 3, x)), 0u);
  EXPECT_EQ(getC(1, 4, x), 0x1p-129f);
}

TEST_F(MatmulTest, Int8WrapsModulo2To32) {
  DataGen gen(14);
  MatmulArgs x;
  x.mode = ModeInt8;
  x.a = kA, x.b = kB, x.dst = kC;
  x.m = 5, x.k = 67, x.n = 9;
  x.lda = 67 + 5, x.ldb = 9 + 3, x.ldc = 9 * 4 + 4;
  fillOperands(x, gen, false);
  runAndCheck(x);
  x.acc = true;
  runAndCheck(x);
  // All -128 * -128 products added to INT32_MAX wrap around.
  for (int64_t i = 0; i < x.m; ++i)
    std::memset(sram(x.a + i * x.lda), 0x80, x.k);
  for (int64_t p = 0; p < x.k; ++p)
    std::memset(sram(x.b + p * x.ldb), 0x80, x.n);
  int32_t big = INT32_MAX - 5;
  std::memcpy(sram(x.dst), &big, 4);
  runAndCheck(x);
  int32_t got;
  std::memcpy(&got, sram(x.dst), 4);
  EXPECT_EQ(got, int32_t(uint32_t(INT32_MAX - 5) + uint32_t(67 * 16384)));
  EXPECT_LT(got, 0);
}

TEST_F(MatmulTest, W8GroupsNotDividingK) {
  DataGen gen(15);
  MatmulArgs x;
  x.mode = ModeW8;
  x.a = kA, x.b = kB, x.dst = kC, x.scale = kS;
  x.m = 3, x.k = 10, x.n = 6, x.group = 3; // scale rows: 4, the last short
  x.lda = 20, x.ldb = 8, x.ldc = 24, x.lds = 16;
  fillOperands(x, gen, false);
  runAndCheck(x);
  x.acc = true;
  x.group = 7;
  runAndCheck(x);
  x.group = 100; // one scale row
  x.acc = false;
  runAndCheck(x);
}

TEST_F(MatmulTest, W4OddColumnsAndNegativeNibbles) {
  DataGen gen(16);
  MatmulArgs x;
  x.mode = ModeW4;
  x.a = kA, x.b = kB, x.dst = kC, x.scale = kS;
  x.m = 2, x.k = 7, x.n = 5, x.group = 4;
  x.lda = 14, x.ldb = 4, x.ldc = 20, x.lds = 12;
  fillOperands(x, gen, false);
  runAndCheck(x);
  // B[0][j] = -8 everywhere (0x88 bytes), scale 1, A = 1 in row 0.
  x.k = 1, x.group = 1;
  std::memset(sram(x.b), 0x88, 3);
  for (int j = 0; j < 5; ++j)
    setBf16(x.scale + 2 * j, 1.0f);
  setBf16(x.a, 1.0f);
  runAndCheck(x);
  for (int j = 0; j < 5; ++j)
    EXPECT_EQ(getC(0, j, x), -8.0f);
  x.k = 7, x.group = 2, x.acc = true;
  fillOperands(x, gen, true);
  runAndCheck(x);
}

TEST_F(MatmulTest, EmptyShapes) {
  MatmulArgs x;
  x.a = kA, x.b = kB, x.dst = kC;
  x.m = 3, x.k = 0, x.n = 4, x.ldc = 32, x.lda = 2, x.ldb = 8;
  // k = 0, acc = 0: C is zeroed, padding untouched.
  runAndCheck(x);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j)
      EXPECT_EQ(bitsOf(getC(i, j, x)), 0u);
  // k = 0, acc = 1: nothing changes.
  std::vector<uint8_t> before = sramCopy();
  x.acc = true;
  ASSERT_TRUE(exec(matmulInst(x)).ok());
  EXPECT_EQ(sramCopy(), before);
  // m = 0 or n = 0: nothing is accessed, even out of bounds.
  x.acc = false;
  x.dst = int64_t(arch.sramBytes) * 2 - 32 * 1024; // aligned but outside
  x.m = 0;
  x.k = 5, x.lda = 10;
  ASSERT_TRUE(exec(matmulInst(x)).ok());
  x.m = 3, x.n = 0;
  ASSERT_TRUE(exec(matmulInst(x)).ok());
  EXPECT_EQ(sramCopy(), before);
}

TEST_F(MatmulTest, AliasedOperandsReadBeforeWrite) {
  // C overlaps A and B: every source is read as it was before the
  // instruction.
  DataGen gen(17);
  MatmulArgs x;
  x.a = 0, x.b = 32, x.dst = 0; // C is A
  x.m = 2, x.k = 8, x.n = 4;
  x.lda = 16, x.ldb = 8, x.ldc = 16;
  for (int i = 0; i < 256; i += 2)
    setBf16(i, gen.value(false));
  runAndCheck(x);
  x.acc = true;
  runAndCheck(x);
  x.a = 128, x.b = 0; // C overlaps the first rows of B
  runAndCheck(x);
  x.acc = false;
  runAndCheck(x);
}

TEST_F(MatmulTest, LayoutErrors) {
  MatmulArgs x;
  x.a = kA, x.b = kB, x.dst = kC, x.scale = kS;
  x.m = 2, x.k = 4, x.n = 3, x.lda = 8, x.ldb = 6, x.ldc = 12;
  ASSERT_TRUE(exec(matmulInst(x)).ok());
  MatmulArgs y = x;
  y.a = kA + 16;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "mxu.matmul", "operand a",
                    "tile base 0x10 ", "alignment 32");
  y = x, y.b = kB + 2;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand b", "alignment");
  y = x, y.dst = kC + 4;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand dst", "alignment");
  y = x, y.ldc = 11;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand dst", "ldc = 11", "12");
  y = x, y.lda = 7;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand a", "lda = 7");
  y = x, y.ldb = 5;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand b", "ldb = 5");
  y = x, y.m = 1, y.lda = 0, y.ldc = 0; // one row: strides unused
  EXPECT_TRUE(exec(matmulInst(y)).ok());
  y = x, y.a = int64_t(arch.sramBytes) - 32, y.lda = 64; // past SRAM
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand a", "sram [0xffe0, 0x10028)");
  y = x, y.dst = int64_t(arch.sramBytes);
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand dst", "sram [0x10000, ");
  regs[7] = 0x1'0000'0000; // base register pushes the tile out
  isa::Inst viaReg = matmulInst(x);
  setField(viaReg, "b_reg", 7);
  EXPECT_ERROR_WITH(exec(viaReg), "operand b", "sram [0x100002000, ");
}

TEST_F(MatmulTest, ModeErrors) {
  MatmulArgs x;
  x.a = kA, x.b = kB, x.dst = kC, x.scale = kS;
  x.m = 2, x.k = 4, x.n = 3, x.lda = 8, x.ldb = 6, x.ldc = 12, x.lds = 6;
  x.mode = ModeW8;
  EXPECT_ERROR_WITH(exec(matmulInst(x)), "mxu.matmul", "group",
                    "group must be > 0");
  x.group = 2;
  EXPECT_TRUE(exec(matmulInst(x)).ok());
  MatmulArgs y = x;
  y.scale = kS + 8;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand scale", "alignment");
  y = x, y.lds = 4;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand scale", "lds = 4");
  y = x, y.scale = int64_t(arch.sramBytes) - 32, y.lds = 64;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand scale", "sram [");
  y = x, y.mode = 4;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "operand mode", "invalid mode 4");
  arch.supportsInt8 = false;
  EXPECT_ERROR_WITH(exec(matmulInst(x)), "mode w8", "not supported");
  y = x, y.mode = ModeInt8;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "mode int8", "not supported");
  y.mode = ModeW4;
  EXPECT_TRUE(exec(matmulInst(y)).ok());
  arch.supportsInt4 = false;
  EXPECT_ERROR_WITH(exec(matmulInst(y)), "mode w4", "not supported");
  y.mode = ModeBf16;
  EXPECT_TRUE(exec(matmulInst(y)).ok());
}

TEST_F(MatmulTest, TimingOnlyAndStatistics) {
  MatmulArgs x;
  x.mode = ModeW4;
  x.a = kA, x.b = kB, x.dst = kC, x.scale = kS;
  x.m = 4, x.k = 6, x.n = 5, x.group = 4, x.lda = 32, x.ldb = 4, x.ldc = 64,
  x.lds = 10, x.acc = true;
  std::vector<uint8_t> before = sramCopy();
  absl::StatusOr<sim::ExecInfo> info = exec(matmulInst(x), true);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(sramCopy(), before);
  EXPECT_EQ(info->macs, 120u);
  EXPECT_EQ(info->elements, 20u);
  // A 4x6 bf16, B 6 rows of 3 bytes, scales 2x5 bf16, C read 4x5 fp32.
  EXPECT_EQ(info->sramBytesRead, 48u + 18u + 20u + 80u);
  EXPECT_EQ(info->sramBytesWritten, 80u);
  EXPECT_EQ(mem.sramHighWater(), uint64_t(kC + 3 * 64 + 20));
  x.dst = kC + 1;
  EXPECT_FALSE(exec(matmulInst(x), true).ok());
}

} // namespace
} // namespace npu::exectest
