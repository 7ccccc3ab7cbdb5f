//===- NumericsTest.cpp - Tests of the element arithmetic -----------------===//

#include "sim/Numerics.h"

#include "ExecTestUtil.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

namespace npu::exectest {
namespace {

namespace num = npu::numerics;
using num::DType;

constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(NumericsTest, Bf16KnownPatterns) {
  struct Case {
    uint32_t in;
    uint16_t out;
  } cases[] = {
      {0x3F800000, 0x3F80}, // 1.0
      {0xBF800000, 0xBF80}, // -1.0
      {0x3F808000, 0x3F80}, // tie, kept bit even: round down
      {0x3F818000, 0x3F82}, // tie, kept bit odd: round up
      {0x3F808001, 0x3F81}, // just above a tie
      {0x3F807FFF, 0x3F80}, // just below a tie
      {0xBF818000, 0xBF82}, // negative tie rounds to even magnitude
      {0x7F7FFFFF, 0x7F80}, // FLT_MAX overflows to +inf
      {0xFF7FFFFF, 0xFF80}, // -FLT_MAX overflows to -inf
      {0x7F7F8000, 0x7F80}, // tie at the top, odd: up to inf
      {0x7F7F7FFF, 0x7F7F}, // below the tie: largest finite bf16
      {0x7F800000, 0x7F80}, // +inf
      {0xFF800000, 0xFF80}, // -inf
      {0x7F800001, 0x7FC0}, // signalling NaN: canonical
      {0xFFC00001, 0x7FC0}, // negative NaN: canonical
      {0x7FFFFFFF, 0x7FC0}, // NaN that would round to inf: canonical
      {0x00000000, 0x0000}, // +0
      {0x80000000, 0x8000}, // -0
      {0x00000001, 0x0000}, // smallest subnormal rounds to 0
      {0x00008000, 0x0000}, // subnormal tie, even: down
      {0x00018000, 0x0002}, // subnormal tie, odd: up
      {0x00008001, 0x0001}, // subnormal above the tie
      {0x007FFFFF, 0x0080}, // largest subnormal rounds to FLT_MIN
      {0x80018000, 0x8002}, // negative subnormal
  };
  for (const Case &c : cases) {
    EXPECT_EQ(num::f32ToBf16(floatOf(c.in)), c.out) << std::hex << c.in;
    EXPECT_EQ(refBf16(floatOf(c.in)), c.out)
        << "reference " << std::hex << c.in;
  }
  EXPECT_EQ(bitsOf(num::bf16ToF32(0x3F80)), 0x3F800000u);
  EXPECT_EQ(bitsOf(num::bf16ToF32(0x8001)), 0x80010000u);
  EXPECT_EQ(bitsOf(num::bf16ToF32(0xFFC1)), 0xFFC10000u); // payload kept
  EXPECT_EQ(bitsOf(num::roundToBf16(floatOf(0x3F818000))), 0x3F820000u);
}

TEST(NumericsTest, Bf16AgreesWithReferenceOnRandomBits) {
  DataGen gen(1);
  for (int i = 0; i < 200000; ++i) {
    uint32_t u = gen.bits();
    ASSERT_EQ(num::f32ToBf16(floatOf(u)), refBf16(floatOf(u))) << std::hex << u;
  }
}

TEST(NumericsTest, F64ToBf16RoundsOnce) {
  // 2^24 + 2^16 + 1 is just above a bf16 tie; through fp32 it lands exactly
  // on the tie (2^24 + 2^16) and would round down to even.
  double v = 16777216.0 + 65536.0 + 1.0;
  EXPECT_EQ(num::f32ToBf16(float(v)), 0x4B80);
  EXPECT_EQ(num::f64ToBf16(v), 0x4B81);
  EXPECT_EQ(num::f64ToBf16(-v), 0xCB81);
  EXPECT_EQ(num::f64ToBf16(16777216.0 + 65536.0), 0x4B80); // true tie: even
  EXPECT_EQ(num::f64ToBf16(1e300), 0x7F80);
  EXPECT_EQ(num::f64ToBf16(std::nan("")), 0x7FC0);
  EXPECT_EQ(num::f64ToBf16(-0.0), 0x8000);
  DataGen gen(2);
  for (int i = 0; i < 100000; ++i) {
    double d = double(int32_t(gen.bits()));
    ASSERT_EQ(num::f64ToBf16(d), refBf16(d)) << d;
  }
}

TEST(NumericsTest, RoundHalfEven) {
  EXPECT_EQ(num::roundHalfEven(0.5), 0.0);
  EXPECT_EQ(num::roundHalfEven(1.5), 2.0);
  EXPECT_EQ(num::roundHalfEven(2.5), 2.0);
  EXPECT_EQ(num::roundHalfEven(3.5), 4.0);
  EXPECT_EQ(num::roundHalfEven(-0.5), 0.0);
  EXPECT_EQ(num::roundHalfEven(-1.5), -2.0);
  EXPECT_EQ(num::roundHalfEven(-2.5), -2.0);
  EXPECT_EQ(num::roundHalfEven(2.4999999), 2.0);
  EXPECT_EQ(num::roundHalfEven(-2.5000001), -3.0);
  EXPECT_EQ(num::roundHalfEven(1e300), 1e300);
  EXPECT_EQ(num::roundHalfEven(4503599627370495.5), 4503599627370496.0);
}

TEST(NumericsTest, FloatToIntRoundsHalfEvenAndSaturates) {
  EXPECT_EQ(num::toInt(126.5, DType::INT8), 126);
  EXPECT_EQ(num::toInt(127.5, DType::INT8), 127);
  EXPECT_EQ(num::toInt(1000.0, DType::INT8), 127);
  EXPECT_EQ(num::toInt(-128.5, DType::INT8), -128);
  EXPECT_EQ(num::toInt(-1000.0, DType::INT8), -128);
  EXPECT_EQ(num::toInt(-0.5, DType::INT8), 0);
  EXPECT_EQ(num::toInt(kInf, DType::INT8), 127);
  EXPECT_EQ(num::toInt(-kInf, DType::INT8), -128);
  EXPECT_EQ(num::toInt(std::nan(""), DType::INT8), 0);
  EXPECT_EQ(num::toInt(3.5, DType::INT4), 4);
  EXPECT_EQ(num::toInt(6.5, DType::INT4), 6);
  EXPECT_EQ(num::toInt(7.5, DType::INT4), 7);
  EXPECT_EQ(num::toInt(-8.5, DType::INT4), -8);
  EXPECT_EQ(num::toInt(-9.0, DType::INT4), -8);
  EXPECT_EQ(num::toInt(2147483648.0, DType::INT32), INT32_MAX);
  EXPECT_EQ(num::toInt(-2147483648.0, DType::INT32), INT32_MIN);
  EXPECT_EQ(num::toInt(-2147483904.0, DType::INT32), INT32_MIN);
  EXPECT_EQ(num::toInt(1e30, DType::INT32), INT32_MAX);
  EXPECT_EQ(num::toInt(2147483520.0, DType::INT32), 2147483520);
  DataGen gen(3);
  for (int i = 0; i < 100000; ++i) {
    float f = floatOf(gen.bits());
    for (DT t : {I8, I32, I4})
      ASSERT_EQ(num::toInt(f, DType(t)), refToInt(f, t)) << f;
    float g = gen.value() * 40;
    for (DT t : {I8, I32, I4})
      ASSERT_EQ(num::toInt(g, DType(t)), refToInt(g, t)) << g;
  }
  EXPECT_EQ(num::int32ToF32(16777217), 16777216.0f);
  EXPECT_EQ(num::int32ToF32(16777219), 16777220.0f);
  EXPECT_EQ(num::int32ToF32(INT32_MAX), 2147483648.0f);
}

TEST(NumericsTest, Int4Packing) {
  EXPECT_EQ(num::signExtendInt4(0x8), -8);
  EXPECT_EQ(num::signExtendInt4(0xF), -1);
  EXPECT_EQ(num::signExtendInt4(0x7), 7);
  EXPECT_EQ(num::signExtendInt4(0x0), 0);
  uint8_t row[3] = {0x8F, 0x70, 0xAB};
  EXPECT_EQ(num::loadInt4(row, 0), -1);
  EXPECT_EQ(num::loadInt4(row, 1), -8);
  EXPECT_EQ(num::loadInt4(row, 2), 0);
  EXPECT_EQ(num::loadInt4(row, 3), 7);
  EXPECT_EQ(num::loadInt4(row, 4), -5);
  EXPECT_EQ(num::loadInt4(row, 5), -6);
  num::storeInt4(row, 0, -8); // low nibble only
  EXPECT_EQ(row[0], 0x88);
  num::storeInt4(row, 3, -1); // high nibble only
  EXPECT_EQ(row[1], 0xF0);
  num::storeInt4(row, 4, 5);
  EXPECT_EQ(row[2], 0xA5);
  EXPECT_EQ(num::bytesOf(DType::INT4, 5), 3u);
  EXPECT_EQ(num::bytesOf(DType::INT4, 0), 0u);
  EXPECT_EQ(num::bytesOf(DType::BF16, 5), 10u);
  // Stored through the generic path: saturated, packed.
  uint8_t packed[2] = {0, 0xC0};
  num::storeF32(DType::INT4, packed, 0, 100.0f);
  num::storeF32(DType::INT4, packed, 1, -2.5f);
  num::storeF32(DType::INT4, packed, 2, -100.0f);
  EXPECT_EQ(packed[0], 0xE7);
  EXPECT_EQ(packed[1], 0xC8); // high nibble of the odd tail preserved
  EXPECT_EQ(num::loadExact(DType::INT4, packed, 2), -8.0);
}

TEST(NumericsTest, LoadAndStoreEveryType) {
  uint8_t buf[16] = {};
  num::storeF32(DType::FP32, buf, 1, floatOf(0xFFC12345));
  EXPECT_EQ(bitsOf(num::loadF32(DType::FP32, buf, 1)), 0x7FC00000u);
  num::storeF32(DType::BF16, buf, 0, 1.00390625f); // tie 0x3F808000
  EXPECT_EQ(buf[0], 0x80);
  EXPECT_EQ(buf[1], 0x3F);
  num::storeF32(DType::INT32, buf, 1, -2.5f);
  EXPECT_EQ(num::loadExact(DType::INT32, buf, 1), -2.0);
  num::storeF32(DType::INT8, buf, 3, -129.0f);
  EXPECT_EQ(num::loadExact(DType::INT8, buf, 3), -128.0);
  int32_t big = 16777217;
  std::memcpy(buf, &big, 4);
  EXPECT_EQ(num::loadExact(DType::INT32, buf, 0), 16777217.0);
  EXPECT_EQ(num::loadF32(DType::INT32, buf, 0), 16777216.0f);
  num::storeExact(DType::INT32, buf + 4, 0, 16777217.0);
  EXPECT_EQ(num::loadExact(DType::INT32, buf + 4, 0), 16777217.0);
}

TEST(NumericsTest, MaxMinSignedZeroAndNaN) {
  EXPECT_EQ(bitsOf(num::maxF32(-0.0f, 0.0f)), 0x00000000u);
  EXPECT_EQ(bitsOf(num::maxF32(0.0f, -0.0f)), 0x00000000u);
  EXPECT_EQ(bitsOf(num::minF32(-0.0f, 0.0f)), 0x80000000u);
  EXPECT_EQ(bitsOf(num::minF32(0.0f, -0.0f)), 0x80000000u);
  EXPECT_EQ(bitsOf(num::maxF32(qnan(), 1.0f)), 0x7FC00000u);
  EXPECT_EQ(bitsOf(num::maxF32(1.0f, floatOf(0xFF800001))), 0x7FC00000u);
  EXPECT_EQ(bitsOf(num::minF32(floatOf(0x7F800001), kInf)), 0x7FC00000u);
  EXPECT_EQ(num::maxF32(-kInf, 3.0f), 3.0f);
  EXPECT_EQ(num::minF32(-kInf, 3.0f), -kInf);
  EXPECT_EQ(bitsOf(num::applyUnary(num::UnaryOp::Relu, -0.0f)), 0u);
  EXPECT_EQ(bitsOf(num::applyUnary(num::UnaryOp::Relu, qnan())), 0x7FC00000u);
  // inf - inf produces a NaN whose sign depends on the host: canonical.
  EXPECT_EQ(bitsOf(num::applyBinary(num::BinaryOp::Sub, kInf, kInf)),
            0x7FC00000u);
  EXPECT_EQ(num::applyBinary(num::BinaryOp::Add, 3.0e38f, 3.0e38f), kInf);
}

TEST(NumericsTest, TranscendentalsAreDoubleRoundedOnce) {
  const double kPi = 3.14159265358979323846;
  DataGen gen(4);
  for (int i = 0; i < 20000; ++i) {
    float x = gen.value();
    double d = x;
    struct {
      num::UnaryOp op;
      double want;
    } cases[] = {
        {num::UnaryOp::Exp, std::exp(d)},
        {num::UnaryOp::Tanh, std::tanh(d)},
        {num::UnaryOp::Erf, std::erf(d)},
        {num::UnaryOp::Rsqrt, 1.0 / std::sqrt(d)},
        {num::UnaryOp::Gelu, 0.5 * d * (1.0 + std::erf(d / std::sqrt(2.0)))},
        {num::UnaryOp::GeluTanh,
         0.5 * d *
             (1.0 +
              std::tanh(std::sqrt(2.0 / kPi) * (d + 0.044715 * d * d * d)))},
        {num::UnaryOp::Sigmoid, 1.0 / (1.0 + std::exp(-d))},
        {num::UnaryOp::Silu, d / (1.0 + std::exp(-d))},
        {num::UnaryOp::Sqrt, std::sqrt(d)},
        {num::UnaryOp::Recip, 1.0 / d},
    };
    for (const auto &c : cases) {
      float want = std::isnan(c.want) ? qnan() : float(c.want);
      ASSERT_EQ(bitsOf(num::applyUnary(c.op, x)), bitsOf(want))
          << "op " << int(c.op) << " x=" << x;
    }
  }
  EXPECT_EQ(num::applyUnary(num::UnaryOp::Exp, 89.0f), kInf);
  EXPECT_EQ(bitsOf(num::applyUnary(num::UnaryOp::Exp, -104.0f)), 0u);
  EXPECT_GT(num::applyUnary(num::UnaryOp::Exp, -100.0f), 0.0f); // subnormal
  EXPECT_EQ(num::applyUnary(num::UnaryOp::Sigmoid, -kInf), 0.0f);
  EXPECT_EQ(num::applyUnary(num::UnaryOp::Sigmoid, kInf), 1.0f);
  EXPECT_EQ(num::applyUnary(num::UnaryOp::Rsqrt, 0.0f), kInf);
  EXPECT_EQ(num::applyUnary(num::UnaryOp::Rsqrt, -0.0f), -kInf);
  EXPECT_EQ(bitsOf(num::applyUnary(num::UnaryOp::Rsqrt, -1.0f)), 0x7FC00000u);
  EXPECT_EQ(bitsOf(num::applyUnary(num::UnaryOp::Sqrt, -0.0f)), 0x80000000u);
  EXPECT_EQ(num::applyUnary(num::UnaryOp::Recip, -0.0f), -kInf);
  // Consequences of the formulas at -inf, documented in docs/ISA.md,
  // "Numerics".
  EXPECT_EQ(bitsOf(num::applyUnary(num::UnaryOp::Silu, -kInf)), 0x7FC00000u);
  EXPECT_EQ(bitsOf(num::applyUnary(num::UnaryOp::Gelu, -kInf)), 0x7FC00000u);
  EXPECT_EQ(num::applyUnary(num::UnaryOp::Gelu, kInf), kInf);
}

TEST(NumericsTest, QuantizeAndDequantize) {
  EXPECT_EQ(num::quantize(2.5f, 1.0f, 0, DType::INT8), 2);
  EXPECT_EQ(num::quantize(3.5f, 1.0f, 0, DType::INT8), 4);
  EXPECT_EQ(num::quantize(2.5f, 1.0f, 10, DType::INT8), 12);
  EXPECT_EQ(num::quantize(1000.0f, 1.0f, 0, DType::INT8), 127);
  EXPECT_EQ(num::quantize(100.0f, 1.0f, 100, DType::INT8), 127);
  EXPECT_EQ(num::quantize(-100.0f, 1.0f, -100, DType::INT8), -128);
  EXPECT_EQ(num::quantize(qnan(), 1.0f, 3, DType::INT8), 3);
  EXPECT_EQ(num::quantize(kInf, 1.0f, -5, DType::INT4), 7);
  EXPECT_EQ(num::quantize(-kInf, 1.0f, 5, DType::INT32), INT32_MIN);
  // 7.5 rounds to 8; the zero point is added before saturating.
  EXPECT_EQ(num::quantize(0.75f, 10.0f, -1, DType::INT4), 7);
  EXPECT_EQ(num::quantize(0.75f, 10.0f, 0, DType::INT4), 7);
  EXPECT_EQ(num::quantize(0.75f, 10.0f, -2, DType::INT4), 6);
  EXPECT_EQ(num::dequantize(-128, 3, 0.5f), -65.5f);
  EXPECT_EQ(num::dequantize(INT32_MIN, 32767, 1.0f),
            float(double(INT32_MIN) - 32767));
  EXPECT_EQ(bitsOf(num::dequantize(7, 7, -1.0f)), 0x80000000u);
}

TEST(NumericsTest, MatmulSteps) {
  EXPECT_EQ(num::macInt8(INT32_MAX, 1, 1), INT32_MIN);
  EXPECT_EQ(num::macInt8(0, -128, -128), 16384);
  // Exact products, one rounding per step.
  EXPECT_EQ(num::macBf16(16777216.0f, 1.0f, 1.0f), 16777216.0f);
  EXPECT_EQ(num::macBf16(1.0f, 3.0f, 5.0f), 16.0f);
  // Effective weight: bf16(w * scale).
  float scale = bf16Value(0x3F81); // 1.0078125
  EXPECT_EQ(num::effectiveWeight(127, scale),
            refRoundBf16(127.0f * 1.0078125f));
  EXPECT_EQ(num::effectiveWeight(-8, 0.5f), -4.0f);
  EXPECT_EQ(num::effectiveWeight(3, bf16Value(0x7F7F)), kInf);
}

} // namespace
} // namespace npu::exectest
