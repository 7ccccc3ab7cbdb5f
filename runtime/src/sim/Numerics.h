//===- Numerics.h - Bit-exact element arithmetic of the NPU ----*- C++ -*-===//
//
// The arithmetic of the engines, shared by the simulator and the compiler's
// reference interpreter so that both produce the same bits. Self-contained on
// purpose (standard library only): the interpreter links it without the
// runtime. The rules are specified in docs/ISA.md, "Numerics"; in short:
//
//  - fp32 arithmetic is IEEE binary32 with round to nearest even, subnormals
//    honoured (no flush to zero); the host must run in the default floating
//    point environment and the project is built with -ffp-contract=off.
//  - Every NaN an engine writes is the canonical quiet NaN (fp32 0x7FC00000,
//    bf16 0x7FC0), so results do not depend on the host's NaN propagation.
//  - Float to integer conversions round half to even and saturate; NaN
//    becomes 0.
//  - Transcendental functions are computed in double with the C library from
//    the exact fp32 input and rounded once to fp32.
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_SIM_NUMERICS_H
#define NPURT_SIM_NUMERICS_H

#include <cstdint>
#include <cstring>

namespace npu::numerics {

/// Element types, numbered as the `dtype` enumeration of the ISA.
enum class DType : uint8_t {
  FP32 = 0,
  BF16 = 1,
  INT8 = 2,
  INT32 = 3,
  INT4 = 4
};
constexpr unsigned kNumDTypes = 5;

constexpr bool isValidDType(uint64_t encoded) { return encoded < kNumDTypes; }
constexpr bool isFloatType(DType t) {
  return t == DType::FP32 || t == DType::BF16;
}
constexpr bool isIntType(DType t) { return !isFloatType(t); }
/// "fp32", "bf16", "int8", "int32", "int4".
const char *dtypeName(DType t);
/// Bits of storage per element (int4: 4).
unsigned bitsOf(DType t);
/// Bytes covered by `count` consecutive elements starting at a byte boundary
/// (int4: two per byte, rounded up).
uint64_t bytesOf(DType t, uint64_t count);
/// Representable range of an integer type (int4: -8..7).
int32_t intMin(DType t);
int32_t intMax(DType t);

//===----------------------------------------------------------------------===//
// Bit patterns.
//===----------------------------------------------------------------------===//

constexpr uint32_t kCanonicalNaNF32 = 0x7FC00000;
constexpr uint16_t kCanonicalNaNBF16 = 0x7FC0;

inline uint32_t bitsOfF32(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
inline float f32FromBits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
inline bool isNaN(float f) { return (bitsOfF32(f) & 0x7FFFFFFF) > 0x7F800000; }
/// `f`, or the canonical NaN if `f` is any NaN.
inline float canonicalize(float f) {
  return isNaN(f) ? f32FromBits(kCanonicalNaNF32) : f;
}

//===----------------------------------------------------------------------===//
// Conversions.
//===----------------------------------------------------------------------===//

/// fp32 -> bf16, round to nearest even. Overflow gives +/-inf, subnormals
/// round like any other value, NaN gives 0x7FC0.
uint16_t f32ToBf16(float f);
/// bf16 -> fp32, exact (a bf16 is the upper half of an fp32).
inline float bf16ToF32(uint16_t h) { return f32FromBits(uint32_t(h) << 16); }
/// f32ToBf16 then back: the fp32 value of the nearest bf16.
inline float roundToBf16(float f) { return bf16ToF32(f32ToBf16(f)); }
/// The exact value `d` rounded once to bf16 (no double rounding through
/// fp32). NaN gives 0x7FC0.
uint16_t f64ToBf16(double d);

/// Rounds to the nearest integer, ties to even. Independent of the host
/// rounding mode. `d` must not be NaN.
double roundHalfEven(double d);
/// Saturates `v` to the range of the integer type `t`.
int32_t saturate(int64_t v, DType t);
/// Float -> integer type `t`: round half to even, then saturate; NaN -> 0,
/// +inf -> max, -inf -> min. Exact for every fp32 or int32 input.
int32_t toInt(double d, DType t);
/// int32 -> fp32, round to nearest even (exact for |v| <= 2^24).
float int32ToF32(int32_t v);

//===----------------------------------------------------------------------===//
// Element access. `row` points at the first byte of a row; an int4 row starts
// at a byte boundary, element 2i in the low nibble of byte i and element 2i+1
// in the high nibble, signed two's complement.
//===----------------------------------------------------------------------===//

/// Sign-extends the low 4 bits of `nibble`: 0x8 -> -8, 0x7 -> 7.
inline int8_t signExtendInt4(uint8_t nibble) {
  return int8_t(int8_t(nibble << 4) >> 4);
}
int8_t loadInt4(const uint8_t *row, uint64_t col);
/// Writes the low 4 bits of `v`, preserving the other nibble of the byte.
void storeInt4(uint8_t *row, uint64_t col, int32_t v);

/// The exact value of element `col` (every dtype is exact in double).
double loadExact(DType t, const uint8_t *row, uint64_t col);
/// Element `col` converted to fp32 as the VPU reads it: exact for fp32,
/// bf16, int8 and int4; int32 rounds to nearest even.
float loadF32(DType t, const uint8_t *row, uint64_t col);
/// Stores the fp32 result `v` as type `t`: fp32 with NaN canonicalised, bf16
/// by f32ToBf16, integers by toInt.
void storeF32(DType t, uint8_t *row, uint64_t col, float v);
/// Stores the exact value `v` (as returned by loadExact) rounded once to `t`:
/// the pure conversion of vpu.mov and vpu.bcast.
void storeExact(DType t, uint8_t *row, uint64_t col, double v);

//===----------------------------------------------------------------------===//
// Elementwise operations, all on fp32.
//===----------------------------------------------------------------------===//

enum class BinaryOp : uint8_t { Add, Sub, Mul, Max, Min, Pow };
/// One IEEE fp32 operation. max/min return NaN if either input is NaN and
/// order -0 below +0 (max(-0, +0) = +0, min(-0, +0) = -0). pow is C's pow
/// evaluated in double from the exact inputs and rounded once to fp32 (a
/// negative base with an integral exponent is defined; pow(a, 0) = 1 and
/// pow(1, b) = 1 even for a NaN operand).
float applyBinary(BinaryOp op, float a, float b);
float maxF32(float a, float b);
float minF32(float a, float b);

enum class UnaryOp : uint8_t {
  Exp,
  Rsqrt,
  Recip,
  Tanh,
  Erf,
  Gelu,
  GeluTanh,
  Sigmoid,
  Silu,
  Sqrt,
  Relu,
  Log,
  Abs,
};
/// Transcendentals: evaluated in double from the exact input with the C
/// library and rounded once to fp32 (formulas in docs/ISA.md, "Numerics").
/// recip and sqrt are the correctly rounded fp32 operations; relu is
/// maxF32(a, +0); abs clears the sign bit (NaN stays the canonical NaN).
float applyUnary(UnaryOp op, float a);

/// Row reductions (vpu.rsum, vpu.rmax, vpu.rmin, vpu.rprod): the row is
/// folded left to right with applyReduce starting from its first element;
/// an empty row gives reduceIdentity (+0, -inf, +inf, 1).
enum class ReduceOp : uint8_t { Sum, Max, Min, Prod };
float reduceIdentity(ReduceOp op);
float applyReduce(ReduceOp op, float acc, float v);

//===----------------------------------------------------------------------===//
// Quantisation.
//===----------------------------------------------------------------------===//

/// vpu.quant: saturate(roundHalfEven(fp32(a * b)) + zp) into the integer
/// type `t`; a NaN product counts as 0.
int32_t quantize(float a, float b, int32_t zp, DType t);
/// vpu.dequant: fp32(fp32(a - zp) * b); a - zp is an exact integer
/// subtraction, rounded once to fp32.
float dequantize(int32_t a, int32_t zp, float b);

//===----------------------------------------------------------------------===//
// MXU steps. A dot product C[i][j] is a sequence of these, in p order.
//===----------------------------------------------------------------------===//

/// bf16 mode step: fp32(acc + fp32(a * b)). The product of two bf16 values
/// is exact in fp32 unless it overflows or underflows. Two statements so
/// that even -ffp-contract=on cannot fuse them; the project builds with
/// -ffp-contract=off, which includers must keep.
inline float macBf16(float acc, float a, float b) {
  float product = a * b;
  return acc + product;
}
/// int8 mode step: acc + a * b modulo 2^32.
inline int32_t macInt8(int32_t acc, int32_t a, int32_t b) {
  return int32_t(uint32_t(acc) + uint32_t(a * b));
}
/// w8/w4 modes: the bf16 weight the MXU multiplies by,
/// roundToBf16(fp32(w * scale)).
float effectiveWeight(int32_t w, float scale);

} // namespace npu::numerics

#endif
