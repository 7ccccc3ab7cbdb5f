//===- RobustnessTest.cpp - Random instructions never crash execute -------===//
//
// Feeds random engine instructions (every field within its encoded width,
// biased towards small values so that many are in bounds) to `execute` in
// both modes. Each must return, ok or with an error naming the instruction;
// run under the sanitizers this catches out-of-bounds host accesses.
//
//===----------------------------------------------------------------------===//

#include "ExecTestUtil.h"

namespace npu::exectest {
namespace {

class RobustnessTest : public ExecTest {};

int64_t randomFieldValue(const isa::FieldInfo &F, DataGen &gen) {
  auto full = [&]() -> int64_t {
    uint64_t raw = (uint64_t(gen.bits()) << 32) | gen.bits();
    if (F.bits < 64)
      raw &= (uint64_t(1) << F.bits) - 1;
    if (F.isSigned && F.bits < 64 && (raw >> (F.bits - 1)) & 1)
      raw |= ~((uint64_t(1) << F.bits) - 1);
    return int64_t(raw);
  };
  // Address offsets: mostly aligned and inside SRAM.
  std::string name = F.name;
  if (name.size() > 4 && name.compare(name.size() - 4, 4, "_off") == 0 &&
      gen.uniformInt(0, 9) < 8)
    return int64_t(32) * gen.uniformInt(0, 1500);
  // Enumerations and small fields: mostly valid values.
  if (F.bits <= 4 && gen.uniformInt(0, 9) != 0)
    return std::min<int64_t>(gen.uniformInt(0, 4), (1 << F.bits) - 1);
  int64_t v;
  switch (gen.uniformInt(0, 9)) {
  case 0:
    v = full();
    break;
  case 1:
  case 2:
    v = gen.uniformInt(0, 3);
    break;
  default:
    v = int64_t(gen.uniformInt(0, 1) ? 32 : 1) * gen.uniformInt(0, 40);
    if (F.isSigned && gen.uniformInt(0, 5) == 0)
      v = -v;
    break;
  }
  // Keep the value inside the field.
  if (F.bits < 64) {
    int64_t lo = F.isSigned ? -(int64_t(1) << (F.bits - 1)) : 0;
    int64_t hi = F.isSigned ? (int64_t(1) << (F.bits - 1)) - 1
                            : (int64_t(1) << F.bits) - 1;
    v = std::min(std::max(v, lo), hi);
  }
  return v;
}

TEST_F(RobustnessTest, RandomEngineInstructions) {
  uint64_t hbm = *mem.allocate(1 << 16);
  DataGen gen(99);
  for (uint64_t i = 0; i < arch.sramBytes; ++i)
    sram()[i] = uint8_t(gen.bits());
  std::vector<const isa::InstInfo *> engineInsts;
  for (const isa::InstInfo &I : isa::allInstructions())
    if (I.slot != isa::SlotClass::Scalar)
      engineInsts.push_back(&I);
  unsigned succeeded = 0;
  for (int iter = 0; iter < 30000; ++iter) {
    const isa::InstInfo &info =
        *engineInsts[gen.uniformInt(0, int(engineInsts.size()) - 1)];
    isa::Inst inst;
    inst.op = info.opcode;
    for (unsigned f = 0; f < info.numFields; ++f)
      inst.f[f] = randomFieldValue(info.fields[f], gen);
    for (unsigned r = 1; r < isa::kNumRegs; ++r)
      regs[r] = gen.uniformInt(0, 3) == 0
                    ? hbm + 32 * gen.uniformInt(0, 1 << 11)
                    : uint64_t(gen.uniformInt(0, 64)) *
                          (gen.uniformInt(0, 9) ? 32 : 1);
    absl::StatusOr<sim::ExecInfo> result =
        exec(inst, /*timingOnly=*/gen.uniformInt(0, 3) == 0);
    if (result.ok()) {
      ++succeeded;
    } else {
      std::string message(result.status().message());
      ASSERT_EQ(message.rfind(info.mnemonic, 0), 0u) << message;
    }
  }
  // The bias towards small values must produce a fair share of valid ones.
  EXPECT_GT(succeeded, 1000u) << succeeded;
}

} // namespace
} // namespace npu::exectest
