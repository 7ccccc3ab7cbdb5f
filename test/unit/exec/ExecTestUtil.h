//===- ExecTestUtil.h - Shared helpers of the unit-exec tests ---*- C++ -*-===//
//
// The reference arithmetic here is deliberately written differently from
// runtime/src/sim/Numerics.cpp (nearest-candidate rounding in double instead
// of bit tricks, std::nearbyint instead of floor-based rounding, plain
// nibble arithmetic) so that the tests do not share code paths with the
// implementation they check.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TEST_UNIT_EXEC_EXECTESTUTIL_H
#define NPU_TEST_UNIT_EXEC_EXECTESTUTIL_H

#include "isa/ISA.h"
#include "sim/Exec.h"
#include "sim/Memory.h"
#include "target/Target.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace npu::exectest {

//===----------------------------------------------------------------------===//
// Reference numerics.
//===----------------------------------------------------------------------===//

/// Element types by their ISA encoding.
enum DT : int { F32 = 0, BF16 = 1, I8 = 2, I32 = 3, I4 = 4 };

inline uint32_t bitsOf(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float floatOf(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
inline float qnan() { return floatOf(0x7FC00000); }

/// Nearest bf16 to the finite or infinite double `d`, ties to even, found by
/// comparing the two candidates around it.
inline uint16_t refBf16(double d) {
  if (std::isnan(d))
    return 0x7FC0;
  uint16_t sign = std::signbit(d) ? 0x8000 : 0;
  double m = std::fabs(d);
  if (std::isinf(m))
    return sign | 0x7F80;
  if (m == 0)
    return sign;
  int e;
  std::frexp(m, &e); // m = f * 2^e, f in [0.5, 1)
  // bf16 has 8 significant bits; below 2^-126 the quantum is fixed.
  int quantumExp = std::max(e - 8, -133);
  double quantum = std::ldexp(1.0, quantumExp);
  double lowCount = std::floor(m / quantum);
  double low = lowCount * quantum, high = low + quantum;
  double pick;
  if (m - low < high - m)
    pick = low;
  else if (m - low > high - m)
    pick = high;
  else
    pick = std::fmod(lowCount, 2.0) == 0 ? low : high;
  if (pick >= std::ldexp(1.0, 128))
    return sign | 0x7F80;
  // pick is a bf16 value: its fp32 encoding has 16 zero low bits.
  return sign | uint16_t(bitsOf(float(pick)) >> 16);
}
inline float bf16Value(uint16_t h) { return floatOf(uint32_t(h) << 16); }
inline float refRoundBf16(float f) { return bf16Value(refBf16(f)); }

inline int32_t intLo(DT t) {
  return t == I8 ? -128 : t == I4 ? -8 : std::numeric_limits<int32_t>::min();
}
inline int32_t intHi(DT t) {
  return t == I8 ? 127 : t == I4 ? 7 : std::numeric_limits<int32_t>::max();
}
/// Round half to even (the default rounding mode) and saturate; NaN -> 0.
inline int32_t refToInt(double v, DT t) {
  if (std::isnan(v))
    return 0;
  double lo = intLo(t), hi = intHi(t);
  if (v <= lo)
    return int32_t(lo);
  if (v >= hi)
    return int32_t(hi);
  double r = std::nearbyint(v);
  return int32_t(std::min(std::max(r, lo), hi));
}

inline size_t rowBytes(DT t, size_t cols) {
  switch (t) {
  case F32:
  case I32:
    return cols * 4;
  case BF16:
    return cols * 2;
  case I8:
    return cols;
  case I4:
    return (cols + 1) / 2;
  }
  return 0;
}

inline int refNibble(const uint8_t *row, size_t j) {
  int n = (j % 2 == 0) ? (row[j / 2] & 0xF) : (row[j / 2] >> 4);
  return n >= 8 ? n - 16 : n;
}
inline void refSetNibble(uint8_t *row, size_t j, int v) {
  uint8_t n = uint8_t(v & 0xF);
  if (j % 2 == 0)
    row[j / 2] = uint8_t((row[j / 2] & 0xF0) | n);
  else
    row[j / 2] = uint8_t((row[j / 2] & 0x0F) | (n << 4));
}

/// Exact value of element j of a row.
inline double refLoad(DT t, const uint8_t *row, size_t j) {
  switch (t) {
  case F32: {
    float f;
    std::memcpy(&f, row + 4 * j, 4);
    return f;
  }
  case BF16: {
    uint16_t h;
    std::memcpy(&h, row + 2 * j, 2);
    return bf16Value(h);
  }
  case I8:
    return int8_t(row[j]);
  case I32: {
    int32_t v;
    std::memcpy(&v, row + 4 * j, 4);
    return v;
  }
  case I4:
    return refNibble(row, j);
  }
  return 0;
}
/// Element j as the VPU sees it in fp32 (int32 rounds to nearest even).
inline float refLoadF32(DT t, const uint8_t *row, size_t j) {
  return float(refLoad(t, row, j));
}
/// Stores the exact value `v` rounded once to `t` (NaN canonical).
inline void refStore(DT t, uint8_t *row, size_t j, double v) {
  switch (t) {
  case F32: {
    float f = std::isnan(v) ? qnan() : float(v);
    std::memcpy(row + 4 * j, &f, 4);
    return;
  }
  case BF16: {
    uint16_t h = refBf16(v);
    std::memcpy(row + 2 * j, &h, 2);
    return;
  }
  case I8:
    row[j] = uint8_t(int8_t(refToInt(v, t)));
    return;
  case I32: {
    int32_t i = refToInt(v, t);
    std::memcpy(row + 4 * j, &i, 4);
    return;
  }
  case I4:
    refSetNibble(row, j, refToInt(v, t));
    return;
  }
}

inline float refMax(float a, float b) {
  if (std::isnan(a) || std::isnan(b))
    return qnan();
  if (a == 0 && b == 0)
    return (std::signbit(a) && std::signbit(b)) ? -0.0f : 0.0f;
  return a > b ? a : b;
}
inline float refMin(float a, float b) {
  if (std::isnan(a) || std::isnan(b))
    return qnan();
  if (a == 0 && b == 0)
    return (std::signbit(a) || std::signbit(b)) ? -0.0f : 0.0f;
  return a < b ? a : b;
}

//===----------------------------------------------------------------------===//
// Random data with the interesting values mixed in.
//===----------------------------------------------------------------------===//

class DataGen {
public:
  explicit DataGen(uint32_t seed) : rng_(seed) {}

  uint32_t bits() { return uint32_t(rng_()); }
  int uniformInt(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng_);
  }
  /// Mostly moderate values, sometimes a special one.
  float value(bool specials = true) {
    int pick = uniformInt(0, 99);
    if (specials && pick < 12) {
      static const float kSpecial[] = {0.0f,
                                       -0.0f,
                                       std::numeric_limits<float>::infinity(),
                                       -std::numeric_limits<float>::infinity(),
                                       qnan(),
                                       floatOf(0x00000001),
                                       floatOf(0x80400000),
                                       3.0e38f,
                                       -3.0e38f,
                                       1.0f,
                                       0.5f,
                                       -2.5f};
      return kSpecial[pick];
    }
    return std::uniform_real_distribution<float>(-8.0f, 8.0f)(rng_);
  }
  /// Fills a [rows, cols] tile of type t at `base` with stride ld; padding
  /// bytes get a recognisable pattern.
  void fill(uint8_t *base, DT t, size_t rows, size_t cols, size_t ld,
            bool specials = true) {
    for (size_t i = 0; i < rows; ++i) {
      uint8_t *row = base + i * ld;
      for (size_t b = rowBytes(t, cols); b < ld && i + 1 < rows; ++b)
        row[b] = 0xA5;
      for (size_t j = 0; j < cols; ++j) {
        switch (t) {
        case F32:
        case BF16:
          refStore(t, row, j, value(specials));
          break;
        case I8:
          refStore(t, row, j, uniformInt(-128, 127));
          break;
        case I32:
          refStore(t, row, j,
                   uniformInt(0, 3) == 0 ? int32_t(bits())
                                         : uniformInt(-100000, 100000));
          break;
        case I4:
          refStore(t, row, j, uniformInt(-8, 7));
          break;
        }
      }
    }
  }

private:
  std::mt19937 rng_;
};

//===----------------------------------------------------------------------===//
// Instructions and machine state.
//===----------------------------------------------------------------------===//

/// Index of field `name` of `op`, or -1.
inline int fieldIndex(isa::Opcode op, const char *name) {
  const isa::InstInfo *info = isa::lookupOpcode(unsigned(op));
  for (unsigned i = 0; i < info->numFields; ++i)
    if (std::string(info->fields[i].name) == name)
      return int(i);
  return -1;
}

/// An instruction with no semaphores and the given fields set by name; names
/// the instruction does not have are ignored, so one helper can build
/// several families.
inline isa::Inst
makeInst(isa::Opcode op,
         std::initializer_list<std::pair<const char *, int64_t>> values) {
  isa::Inst inst;
  inst.op = op;
  if (int i = fieldIndex(op, "wait"); i >= 0)
    inst.f[i] = isa::kNoSem;
  if (int i = fieldIndex(op, "signal"); i >= 0)
    inst.f[i] = isa::kNoSem;
  for (const auto &[name, value] : values)
    if (int i = fieldIndex(op, name); i >= 0)
      inst.f[i] = value;
  return inst;
}
inline void setField(isa::Inst &inst, const char *name, int64_t value) {
  int i = fieldIndex(inst.op, name);
  ASSERT_GE(i, 0) << name;
  inst.f[i] = value;
}

struct VpuArgs {
  int64_t dst = 0, a = 0, b = 0;
  int64_t rows = 1, cols = 1;
  int64_t dstLd = 0, aLd = 0, bLd = 0;
  DT dstT = F32, aT = F32, bT = F32;
  int bcast = 0; // none, row, col, imm (also the mode of vpu.bcast)
  float imm = 0;
  int zp = 0;
};
inline isa::Inst vpuInst(isa::Opcode op, const VpuArgs &v) {
  return makeInst(op, {{"dst_off", v.dst},
                       {"a_off", v.a},
                       {"b_off", v.b},
                       {"rows", v.rows},
                       {"cols", v.cols},
                       {"dst_ld", v.dstLd},
                       {"a_ld", v.aLd},
                       {"b_ld", v.bLd},
                       {"dst_t", v.dstT},
                       {"a_t", v.aT},
                       {"b_t", v.bT},
                       {"bcast", v.bcast},
                       {"mode", v.bcast},
                       {"imm", int64_t(bitsOf(v.imm))},
                       {"zp", v.zp}});
}

struct MatmulArgs {
  int64_t dst = 0, a = 0, b = 0, scale = 0;
  int64_t m = 1, k = 1, n = 1;
  int64_t lda = 0, ldb = 0, ldc = 0, lds = 0;
  int mode = 0; // bf16, int8, w8, w4
  int64_t group = 0;
  bool acc = false;
  bool tb = false; // B stored [n, k]
};
inline isa::Inst matmulInst(const MatmulArgs &a) {
  return makeInst(isa::Opcode::MXU_MATMUL, {{"dst_off", a.dst},
                                            {"a_off", a.a},
                                            {"b_off", a.b},
                                            {"scale_off", a.scale},
                                            {"m", a.m},
                                            {"k", a.k},
                                            {"n", a.n},
                                            {"lda", a.lda},
                                            {"ldb", a.ldb},
                                            {"ldc", a.ldc},
                                            {"lds", a.lds},
                                            {"mode", a.mode},
                                            {"group", a.group},
                                            {"acc", a.acc},
                                            {"tb", a.tb}});
}

class ExecTest : public ::testing::Test {
protected:
  static ArchParams testArch() {
    ArchParams arch;
    arch.hbmBytes = 1 << 24;
    arch.sramBytes = 1 << 16;
    arch.sramBanks = 8;
    arch.sramBankWidth = 32;
    arch.sramAlign = 32;
    arch.mxuRows = 16;
    arch.mxuCols = 16;
    arch.vpuLanes = 16;
    arch.dmaChannels = 2;
    arch.semaphores = 16;
    arch.loopDepth = 4;
    return arch;
  }

  absl::StatusOr<sim::ExecInfo> exec(const isa::Inst &inst,
                                     bool timingOnly = false) {
    sim::ExecContext ctx{mem, arch, timingOnly};
    return sim::execute(inst, regs, ctx);
  }
  uint8_t *sram(uint64_t addr = 0) { return ptr(sim::Space::SRAM, addr); }
  uint8_t *ptr(sim::Space space, uint64_t addr) {
    absl::StatusOr<uint8_t *> p = mem.span(space, addr, 0);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *p : nullptr;
  }
  std::vector<uint8_t> sramCopy() {
    return std::vector<uint8_t>(sram(), sram() + arch.sramBytes);
  }

  ArchParams arch = testArch();
  sim::DeviceMemory mem{arch.hbmBytes, arch.sramBytes};
  sim::RegFile regs = {};
};

/// Expects an error whose message contains every one of `parts`.
#define EXPECT_ERROR_WITH(result, ...)                                         \
  do {                                                                         \
    auto &&npuResult = (result);                                               \
    ASSERT_FALSE(npuResult.ok()) << "expected an error";                       \
    std::string npuMessage(npuResult.status().message());                      \
    for (const char *npuPart : {__VA_ARGS__})                                  \
      EXPECT_NE(npuMessage.find(npuPart), std::string::npos)                   \
          << "'" << npuPart << "' not in: " << npuMessage;                     \
  } while (0)

/// Compares memory bytewise and reports the first difference.
inline ::testing::AssertionResult sameBytes(const uint8_t *got,
                                            const uint8_t *want, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (got[i] != want[i])
      return ::testing::AssertionFailure()
             << "byte " << i << ": got 0x" << std::hex << int(got[i])
             << ", want 0x" << int(want[i]);
  return ::testing::AssertionSuccess();
}

} // namespace npu::exectest

#endif
