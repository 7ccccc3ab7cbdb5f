//===- RobustnessTest.cpp - Random programs end in a status, not a crash --===//
//
// Random bundles with random (but encodable) field values: the simulator
// must return either statistics or an error for each, within the cycle
// limit. Run under the sanitizers this also checks for undefined behaviour.
//
//===----------------------------------------------------------------------===//

#include "SimTestUtil.h"

#include "gtest/gtest.h"

#include <random>

using namespace npu;
using namespace npu::simtest;

namespace {

/// A value for field `F`: usually small (so that registers, semaphores,
/// channels and targets are often valid), sometimes anywhere in range.
int64_t randomField(const isa::FieldInfo &F, std::mt19937_64 &rng,
                    uint32_t codeWords) {
  std::uniform_int_distribution<int> pick(0, 9);
  int choice = pick(rng);
  if (choice < 6) {
    uint64_t limit = std::max<uint64_t>(codeWords + 2, 8);
    // Stay within the field: half its range when signed.
    if (F.bits < 62)
      limit = std::min<uint64_t>(limit, uint64_t(1) << (F.bits - F.isSigned));
    int64_t small = int64_t(rng() % limit);
    return F.isSigned && (rng() & 1) ? -small : small;
  }
  if (choice < 7)
    return F.bits >= 9 || (F.bits == 8 && !F.isSigned) ? isa::kNoSem : 0;
  if (F.bits >= 64)
    return int64_t(rng());
  uint64_t raw = rng() & ((uint64_t(1) << F.bits) - 1);
  if (F.isSigned && (raw >> (F.bits - 1)) & 1)
    return int64_t(raw | ~((uint64_t(1) << F.bits) - 1));
  return int64_t(raw);
}

class Robustness : public ::testing::Test {};

TEST_F(Robustness, RandomProgramsEndInAStatus) {
  std::mt19937_64 rng(12345);
  absl::Span<const isa::InstInfo> all = isa::allInstructions();
  int succeeded = 0, failed = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    Target target = testTarget();
    sim::DeviceMemory memory(1 << 20, target.arch.sramBytes);
    absl::StatusOr<uint64_t> hbm = memory.allocate(1 << 16);
    ASSERT_TRUE(hbm.ok());
    ProgramBuilder p;
    int numBundles = 1 + int(rng() % 24);
    for (int b = 0; b < numBundles; ++b) {
      // At most one instruction per slot class.
      std::vector<isa::Inst> insts;
      bool used[isa::kNumSlotClasses] = {};
      int numInsts = 1 + int(rng() % 3);
      for (int i = 0; i < numInsts; ++i) {
        const isa::InstInfo &info = all[rng() % all.size()];
        unsigned slot = unsigned(info.slot);
        if (used[slot])
          continue;
        used[slot] = true;
        isa::Inst I = makeInst(info.opcode);
        for (unsigned f = 0; f < info.numFields; ++f)
          if (rng() % 3 == 0)
            I.f[f] = randomField(info.fields[f], rng, 4 * numBundles);
        insts.push_back(I);
      }
      p.add(insts);
    }
    if (rng() % 2)
      p.add(halt());
    sim::SimOptions options;
    options.maxCycles = 20000;
    options.timingOnly = rng() % 2;
    std::vector<uint64_t> args = {*hbm, *hbm + 4096};
    absl::StatusOr<sim::SimStats> stats =
        sim::simulate(target, p.finish(), args, memory, options);
    if (stats.ok()) {
      ++succeeded;
      EXPECT_EQ(stats->engines.size(), 7u);
    } else {
      ++failed;
      EXPECT_FALSE(stats.status().message().empty());
    }
  }
  // Both outcomes occur, so the generator exercises the machine and the
  // error paths.
  EXPECT_GT(succeeded, 0);
  EXPECT_GT(failed, 0);
  RecordProperty("succeeded", succeeded);
  RecordProperty("failed", failed);
}

} // namespace
