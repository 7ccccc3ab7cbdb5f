//===- Numerics.cpp - Bit-exact element arithmetic of the NPU -------------===//
//
// This file must be compiled with -ffp-contract=off and without fast-math:
// every fp32 expression below is meant as the sequence of individually
// rounded IEEE operations it spells.
//
//===----------------------------------------------------------------------===//

#include "sim/Numerics.h"

#include <cmath>
#include <limits>

namespace npu::numerics {

const char *dtypeName(DType t) {
  switch (t) {
  case DType::FP32:
    return "fp32";
  case DType::BF16:
    return "bf16";
  case DType::INT8:
    return "int8";
  case DType::INT32:
    return "int32";
  case DType::INT4:
    return "int4";
  }
  return "invalid";
}

unsigned bitsOf(DType t) {
  switch (t) {
  case DType::FP32:
  case DType::INT32:
    return 32;
  case DType::BF16:
    return 16;
  case DType::INT8:
    return 8;
  case DType::INT4:
    return 4;
  }
  return 0;
}

uint64_t bytesOf(DType t, uint64_t count) {
  if (t == DType::INT4)
    return count / 2 + (count & 1);
  return count * (bitsOf(t) / 8);
}

int32_t intMin(DType t) {
  switch (t) {
  case DType::INT8:
    return -128;
  case DType::INT4:
    return -8;
  default:
    return std::numeric_limits<int32_t>::min();
  }
}

int32_t intMax(DType t) {
  switch (t) {
  case DType::INT8:
    return 127;
  case DType::INT4:
    return 7;
  default:
    return std::numeric_limits<int32_t>::max();
  }
}

uint16_t f32ToBf16(float f) {
  uint32_t u = bitsOfF32(f);
  if ((u & 0x7FFFFFFF) > 0x7F800000)
    return kCanonicalNaNBF16;
  // Adding 0x7FFF rounds up when the dropped half exceeds one half; the low
  // kept bit breaks the tie towards even. A carry out of the mantissa bumps
  // the exponent, which is exactly right, up to +/-inf.
  u += 0x7FFF + ((u >> 16) & 1);
  return uint16_t(u >> 16);
}

uint16_t f64ToBf16(double d) {
  if (std::isnan(d))
    return kCanonicalNaNBF16;
  // Round to fp32 with round-to-odd, then to bf16 with round-to-nearest-even:
  // fp32 keeps more than two extra bits over bf16 at every exponent, so the
  // two steps equal one correct rounding.
  float f = static_cast<float>(d);
  if (static_cast<double>(f) != d) {
    if (std::fabs(static_cast<double>(f)) > std::fabs(d))
      f = std::nextafter(f, 0.0f);
    f = f32FromBits(bitsOfF32(f) | 1);
  }
  return f32ToBf16(f);
}

double roundHalfEven(double d) {
  // Beyond 2^52 every double is an integer.
  if (!(std::fabs(d) < 4503599627370496.0))
    return d;
  double below = std::floor(d);
  double frac = d - below; // exact
  if (frac < 0.5)
    return below;
  if (frac > 0.5)
    return below + 1;
  return std::fmod(below, 2.0) == 0 ? below : below + 1;
}

int32_t saturate(int64_t v, DType t) {
  if (v < intMin(t))
    return intMin(t);
  if (v > intMax(t))
    return intMax(t);
  return int32_t(v);
}

int32_t toInt(double d, DType t) {
  if (std::isnan(d))
    return 0;
  // Clamping far outside every integer range first keeps the int64
  // conversion defined without changing the saturated result.
  constexpr double kClamp = 1099511627776.0; // 2^40
  if (d > kClamp)
    d = kClamp;
  if (d < -kClamp)
    d = -kClamp;
  return saturate(int64_t(roundHalfEven(d)), t);
}

float int32ToF32(int32_t v) { return static_cast<float>(v); }

int8_t loadInt4(const uint8_t *row, uint64_t col) {
  uint8_t byte = row[col / 2];
  return signExtendInt4((col & 1) ? byte >> 4 : byte & 0xF);
}

void storeInt4(uint8_t *row, uint64_t col, int32_t v) {
  uint8_t &byte = row[col / 2];
  uint8_t nibble = uint8_t(v) & 0xF;
  if (col & 1)
    byte = uint8_t((byte & 0x0F) | (nibble << 4));
  else
    byte = uint8_t((byte & 0xF0) | nibble);
}

namespace {
template <typename T> T loadRaw(const uint8_t *p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <typename T> void storeRaw(uint8_t *p, T v) {
  std::memcpy(p, &v, sizeof v);
}
} // namespace

double loadExact(DType t, const uint8_t *row, uint64_t col) {
  switch (t) {
  case DType::FP32:
    return loadRaw<float>(row + col * 4);
  case DType::BF16:
    return bf16ToF32(loadRaw<uint16_t>(row + col * 2));
  case DType::INT8:
    return loadRaw<int8_t>(row + col);
  case DType::INT32:
    return loadRaw<int32_t>(row + col * 4);
  case DType::INT4:
    return loadInt4(row, col);
  }
  return 0;
}

float loadF32(DType t, const uint8_t *row, uint64_t col) {
  switch (t) {
  case DType::FP32:
    return loadRaw<float>(row + col * 4);
  case DType::BF16:
    return bf16ToF32(loadRaw<uint16_t>(row + col * 2));
  case DType::INT8:
    return loadRaw<int8_t>(row + col);
  case DType::INT32:
    return int32ToF32(loadRaw<int32_t>(row + col * 4));
  case DType::INT4:
    return loadInt4(row, col);
  }
  return 0;
}

void storeF32(DType t, uint8_t *row, uint64_t col, float v) {
  // An fp32 value is exact in double, and rounding it once to `t` is what
  // storeExact does.
  storeExact(t, row, col, v);
}

void storeExact(DType t, uint8_t *row, uint64_t col, double v) {
  switch (t) {
  case DType::FP32:
    storeRaw<float>(row + col * 4, canonicalize(static_cast<float>(v)));
    return;
  case DType::BF16:
    storeRaw<uint16_t>(row + col * 2, f64ToBf16(v));
    return;
  case DType::INT8:
    storeRaw<int8_t>(row + col, int8_t(toInt(v, t)));
    return;
  case DType::INT32:
    storeRaw<int32_t>(row + col * 4, toInt(v, t));
    return;
  case DType::INT4:
    storeInt4(row, col, toInt(v, t));
    return;
  }
}

float maxF32(float a, float b) {
  if (isNaN(a) || isNaN(b))
    return f32FromBits(kCanonicalNaNF32);
  if (a == b) // equal, or +0 and -0: prefer +0
    return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

float minF32(float a, float b) {
  if (isNaN(a) || isNaN(b))
    return f32FromBits(kCanonicalNaNF32);
  if (a == b) // equal, or +0 and -0: prefer -0
    return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

float applyBinary(BinaryOp op, float a, float b) {
  switch (op) {
  case BinaryOp::Add:
    return canonicalize(a + b);
  case BinaryOp::Sub:
    return canonicalize(a - b);
  case BinaryOp::Mul:
    return canonicalize(a * b);
  case BinaryOp::Max:
    return maxF32(a, b);
  case BinaryOp::Min:
    return minF32(a, b);
  case BinaryOp::Pow:
    return canonicalize(static_cast<float>(
        std::pow(static_cast<double>(a), static_cast<double>(b))));
  }
  return f32FromBits(kCanonicalNaNF32);
}

namespace {
// The double expressions that define the transcendental operations. Their
// exact operation order is part of the specification.
double evalInDouble(UnaryOp op, double x) {
  const double kPi = 3.14159265358979323846;
  switch (op) {
  case UnaryOp::Exp:
    return std::exp(x);
  case UnaryOp::Rsqrt:
    return 1.0 / std::sqrt(x);
  case UnaryOp::Tanh:
    return std::tanh(x);
  case UnaryOp::Erf:
    return std::erf(x);
  case UnaryOp::Gelu:
    return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
  case UnaryOp::GeluTanh:
    return 0.5 * x *
           (1.0 + std::tanh(std::sqrt(2.0 / kPi) * (x + 0.044715 * x * x * x)));
  case UnaryOp::Sigmoid:
    return 1.0 / (1.0 + std::exp(-x));
  case UnaryOp::Silu:
    return x / (1.0 + std::exp(-x));
  case UnaryOp::Log:
    return std::log(x);
  default:
    return std::numeric_limits<double>::quiet_NaN();
  }
}
} // namespace

float applyUnary(UnaryOp op, float a) {
  switch (op) {
  case UnaryOp::Recip:
    return canonicalize(1.0f / a);
  case UnaryOp::Sqrt:
    return canonicalize(std::sqrt(a));
  case UnaryOp::Relu:
    return maxF32(a, 0.0f);
  case UnaryOp::Abs:
    return canonicalize(std::fabs(a));
  default:
    return canonicalize(static_cast<float>(evalInDouble(op, a)));
  }
}

float reduceIdentity(ReduceOp op) {
  switch (op) {
  case ReduceOp::Sum:
    return 0.0f;
  case ReduceOp::Max:
    return -std::numeric_limits<float>::infinity();
  case ReduceOp::Min:
    return std::numeric_limits<float>::infinity();
  case ReduceOp::Prod:
    return 1.0f;
  }
  return 0.0f;
}

float applyReduce(ReduceOp op, float acc, float v) {
  switch (op) {
  case ReduceOp::Sum:
    return applyBinary(BinaryOp::Add, acc, v);
  case ReduceOp::Max:
    return maxF32(acc, v);
  case ReduceOp::Min:
    return minF32(acc, v);
  case ReduceOp::Prod:
    return applyBinary(BinaryOp::Mul, acc, v);
  }
  return acc;
}

int32_t quantize(float a, float b, int32_t zp, DType t) {
  float product = a * b;
  if (isNaN(product))
    return saturate(zp, t);
  constexpr float kClamp = 1099511627776.0f; // 2^40, beyond any int range
  if (product > kClamp)
    product = kClamp;
  if (product < -kClamp)
    product = -kClamp;
  return saturate(int64_t(roundHalfEven(product)) + zp, t);
}

float dequantize(int32_t a, int32_t zp, float b) {
  float shifted = static_cast<float>(int64_t(a) - int64_t(zp));
  return canonicalize(shifted * b);
}

float effectiveWeight(int32_t w, float scale) {
  float product = static_cast<float>(w) * scale;
  return roundToBf16(product);
}

} // namespace npu::numerics
