//===- TimingTest.cpp - Engine timing, queues, semaphores, stats ----------===//
//
// Expected cycle counts are worked out by hand from testTarget():
// HBM 64 B/cycle, latency 100; channel cap 32 B/cycle; SRAM DMA 128
// B/cycle, latency 10; queues of depth 2; MXU 16x16, fill 20, int8 x2; VPU
// 64 lanes, latency 5, transcendental cost 4; one bundle per cycle.
//
//===----------------------------------------------------------------------===//

#include "SimTestUtil.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

using namespace npu;
using namespace npu::simtest;
using ::testing::HasSubstr;

namespace {

class TimingTest : public ::testing::Test {
protected:
  void SetUp() override {
    absl::StatusOr<uint64_t> base = memory.allocate(1 << 20);
    ASSERT_TRUE(base.ok()) << base.status();
    hbm = *base;
  }

  absl::StatusOr<sim::SimStats> run(const ProgramBuilder &p) {
    return sim::simulate(target, p.finish(), args, memory, options);
  }

  uint8_t *sram(uint64_t addr, uint64_t bytes) {
    return *memory.span(sim::Space::SRAM, addr, bytes);
  }
  uint8_t *hbmAt(uint64_t offset, uint64_t bytes) {
    return *memory.span(sim::Space::HBM, hbm + offset, bytes);
  }

  Target target = testTarget();
  sim::DeviceMemory memory{target.arch.hbmBytes, target.arch.sramBytes};
  sim::SimOptions options;
  std::vector<uint64_t> args;
  uint64_t hbm = 0; // a 1 MiB HBM buffer
};

TEST_F(TimingTest, SingleDmaCostsLatencyPlusTransfer) {
  for (uint64_t bytes : {4096u, 4100u, 1u}) {
    ProgramBuilder p;
    p.add(li(1, int64_t(hbm)));
    p.add(dma(kSram, 0, 0, kHbm, 1, 0, int64_t(bytes)));
    p.add(halt());
    absl::StatusOr<sim::SimStats> stats = run(p);
    ASSERT_TRUE(stats.ok()) << stats.status();
    // Issued on cycle 1; the channel cap (32) is below HBM bandwidth (64).
    uint64_t expected = 1 + 100 + (bytes + 31) / 32;
    EXPECT_EQ(stats->cycles, expected) << bytes << " bytes";
    EXPECT_EQ(findEngine(*stats, "dma0")->busyCycles, expected - 1);
    EXPECT_EQ(findEngine(*stats, "dma0")->instructions, 1u);
    EXPECT_EQ(stats->hbmBytesRead, bytes);
    EXPECT_EQ(stats->hbmBytesWritten, 0u);
    EXPECT_EQ(stall(*stats, "dma0", "hbm_bandwidth"), 0u);
  }
}

TEST_F(TimingTest, SingleDmaLimitedByHbmBandwidth) {
  target.timing.dmaChannelBytesPerCycle = 128; // above HBM's 64
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  p.add(dma(kHbm, 1, 0, kSram, 0, 0, 4096));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 1u + 100 + 4096 / 64);
  EXPECT_EQ(stats->hbmBytesWritten, 4096u);
  EXPECT_EQ(stall(*stats, "dma0", "hbm_bandwidth"), 0u);
}

TEST_F(TimingTest, SramToSramDma) {
  ProgramBuilder p;
  p.add(dma(kSram, 0, 8192, kSram, 0, 0, 4096));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 10u + 4096 / 128);
  EXPECT_EQ(stats->hbmBytesRead + stats->hbmBytesWritten, 0u);
}

/// dma.gather of `count` rows of `size` bytes, table at hbm (r1), indices
/// in sram at 0 or in hbm (r1 + 65536), destination sram 4096.
isa::Inst gather(int64_t count, int64_t size, int64_t idxSpace, int64_t ch) {
  namespace G = F::DMA_GATHER;
  return InstBuilder(Opcode::DMA_GATHER)
      .set(G::dst_space, kSram)
      .set(G::dst_off, 4096)
      .set(G::src_space, kHbm)
      .set(G::src_reg, 1)
      .set(G::idx_space, idxSpace)
      .set(G::idx_reg, idxSpace == kHbm ? 1 : 0)
      .set(G::idx_off, idxSpace == kHbm ? 65536 : 0)
      .set(G::size, size)
      .set(G::count, count)
      .set(G::dst_st, size)
      .set(G::src_st, size)
      .set(G::limit, 64)
      .set(G::ch, ch)
      .set(G::wait, kNone)
      .set(G::signal, kNone);
}

TEST_F(TimingTest, GatherAddsTheIndexLatencyToACopyOfItsRows) {
  for (int64_t idxSpace : {kSram, kHbm}) {
    ProgramBuilder p;
    p.add(li(1, int64_t(hbm)));
    p.add(gather(7, 96, idxSpace, 2));
    p.add(halt());
    absl::StatusOr<sim::SimStats> stats = run(p); // indices are all 0
    ASSERT_TRUE(stats.ok()) << stats.status();
    // Issued on cycle 1; index fetch (SRAM 10 or HBM 100), then the HBM
    // latency and 7 * 96 bytes at the channel cap of 32 B/cycle.
    uint64_t indexLatency = idxSpace == kHbm ? 100 : 10;
    EXPECT_EQ(stats->cycles, 1 + indexLatency + 100 + (7 * 96 + 31) / 32)
        << idxSpace;
    EXPECT_EQ(findEngine(*stats, "dma2")->instructions, 1u);
    EXPECT_EQ(stats->hbmBytesRead, 7 * 96 + (idxSpace == kHbm ? 28u : 0u));
  }
}

TEST_F(TimingTest, DmasOnTwoChannelsOverlap) {
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  p.add(dma(kSram, 0, 0, kHbm, 1, 0, 4096, /*ch=*/0));
  p.add(dma(kSram, 0, 8192, kHbm, 1, 8192, 4096, /*ch=*/1));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  // Two channels at their 32 B/cycle cap fit in 64 B/cycle: no slowdown.
  EXPECT_EQ(stats->cycles, 2u + 100 + 128);
  EXPECT_EQ(stall(*stats, "dma0", "hbm_bandwidth"), 0u);
  EXPECT_EQ(stall(*stats, "dma1", "hbm_bandwidth"), 0u);
  EXPECT_EQ(findEngine(*stats, "dma1")->instructions, 1u);
  EXPECT_EQ(stats->hbmBytesRead, 8192u);
}

TEST_F(TimingTest, DmasOnOneChannelSerialize) {
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  p.add(dma(kSram, 0, 0, kHbm, 1, 0, 4096, /*ch=*/0));
  p.add(dma(kSram, 0, 8192, kHbm, 1, 8192, 4096, /*ch=*/0));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 1u + 2 * (100 + 128));
  EXPECT_EQ(findEngine(*stats, "dma0")->instructions, 2u);
  EXPECT_EQ(findEngine(*stats, "dma0")->busyCycles, 2u * (100 + 128));
}

TEST_F(TimingTest, ThreeChannelsShareHbmBandwidth) {
  // Three copies released on the same cycle by one sem.signal: each gets
  // 64/3 B/cycle (below its 32 cap), so 4096 bytes take 192 cycles.
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  for (int ch = 0; ch < 3; ++ch)
    p.add(dma(kSram, 0, ch * 8192, kHbm, 1, ch * 8192, 4096, ch,
              /*wait=*/0));
  p.add(semSignal(0, 3)); // cycle 4
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 4u + 100 + 192);
  for (int ch = 0; ch < 3; ++ch) {
    std::string name = absl::StrCat("dma", ch);
    EXPECT_EQ(stall(*stats, name, "hbm_bandwidth"), 192u - 128) << name;
    // Issued on cycle 1 + ch, started on cycle 4.
    EXPECT_EQ(stall(*stats, name, "semaphore"), uint64_t(3 - ch)) << name;
    EXPECT_EQ(findEngine(*stats, name)->busyCycles, 100u + 192) << name;
  }
}

TEST_F(TimingTest, FourStaggeredChannelsShareHbmAsAFluid) {
  // Issued on cycles 1..4, the copies start moving bytes on 101..104.
  // Bytes moved by 104: ch0 32 + 32 + 21.3, ch1 32 + 21.3, ch2 21.3, ch3 0.
  // Then four share 64 B/cycle (16 each): ch0 ends at 354.67; three at 21.3
  // each: ch1 ends at 356.17; two at 32: ch2 ends at 357.17; ch3 alone at
  // its cap ends at 357.83. Completions round up to whole cycles.
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  for (int ch = 0; ch < 4; ++ch)
    p.add(dma(kSram, 0, ch * 8192, kHbm, 1, ch * 8192, 4096, ch));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 358u);
  uint64_t ends[4] = {355, 357, 358, 358};
  for (int ch = 0; ch < 4; ++ch) {
    std::string name = absl::StrCat("dma", ch);
    uint64_t busy = ends[ch] - (1 + ch);
    EXPECT_EQ(findEngine(*stats, name)->busyCycles, busy) << name;
    // Uncontended, the data phase would take 4096 / 32 = 128 cycles.
    EXPECT_EQ(stall(*stats, name, "hbm_bandwidth"), busy - 100 - 128) << name;
  }
}

TEST_F(TimingTest, HbmToHbmCopyMovesItsBytesOnce) {
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  p.add(dma(kHbm, 1, 65536, kHbm, 1, 0, 4096));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 1u + 100 + 128);
  EXPECT_EQ(stats->hbmBytesRead, 4096u);
  EXPECT_EQ(stats->hbmBytesWritten, 4096u);
}

TEST_F(TimingTest, EmptyCopyTakesTheLatency) {
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  p.add(dma(kSram, 0, 0, kHbm, 1, 0, 0));
  p.add(dma(kSram, 0, 0, kSram, 0, 4096, 0, 1));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 1u + 100);
  EXPECT_EQ(findEngine(*stats, "dma1")->busyCycles, 10u);
}

TEST_F(TimingTest, IssueCyclesSpaceOutBundles) {
  target.timing.issueCycles = 3;
  ProgramBuilder p;
  p.add(nop());                                      // cycle 0
  p.add(vpuUnary(Opcode::VPU_RELU, 4096, 0, 1, 64)); // cycle 3, 6 cycles
  p.add(nop());                                      // cycle 6
  p.add(halt());                                     // cycle 9
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 9u);
  EXPECT_EQ(findEngine(*stats, "scalar")->busyCycles, 4u * 3);
  EXPECT_EQ(findEngine(*stats, "vpu")->busyCycles, 6u);
}

TEST_F(TimingTest, LongDurationsDoNotWrap) {
  // 64 lane groups of 2^32 - 1 cycles each: beyond 32-bit arithmetic.
  target.timing.vpuTranscendentalCost = ~0u;
  target.arch.vpuLanes = 1;
  ProgramBuilder p;
  p.add(vpuUnary(Opcode::VPU_EXP, 4096, 0, 1, 64));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 5 + 64 * uint64_t(~0u));
}

TEST(ShippedTargets, SingleDmaFollowsTheTargetsTiming) {
  for (const char *name : {"npu-tiny", "npu-v1"}) {
    absl::StatusOr<Target> target =
        loadTarget(std::string(NPU_SOURCE_DIR) + "/targets/" + name + ".json");
    ASSERT_TRUE(target.ok()) << target.status();
    sim::DeviceMemory memory(1 << 24, target->arch.sramBytes);
    absl::StatusOr<uint64_t> hbm = memory.allocate(1 << 16);
    ASSERT_TRUE(hbm.ok());
    const uint64_t bytes = 1 << 16;
    ProgramBuilder p;
    p.add(li(1, int64_t(*hbm)));
    p.add(dma(kSram, 0, 0, kHbm, 1, 0, bytes));
    p.add(halt());
    absl::StatusOr<sim::SimStats> stats =
        sim::simulate(*target, p.finish(), {}, memory, sim::SimOptions());
    ASSERT_TRUE(stats.ok()) << stats.status();
    const TimingParams &t = target->timing;
    double rate = std::min(t.dmaChannelBytesPerCycle, t.hbmBytesPerCycle);
    uint64_t expected = t.issueCycles + t.hbmLatency +
                        uint64_t(std::ceil(double(bytes) / rate));
    EXPECT_EQ(stats->cycles, expected) << name;
    EXPECT_EQ(stats->engines.size(), 3u + target->arch.dmaChannels) << name;
  }
}

TEST_F(TimingTest, MatmulCycles) {
  struct Case {
    isa::MxuMode mode;
    int64_t m, k, n;
    uint64_t cycles;
  } cases[] = {
      // fill + ceil(k/16) * ceil(n/16) * m
      {isa::MxuMode::bf16, 32, 64, 48, 20 + 4 * 3 * 32},
      {isa::MxuMode::bf16, 8, 20, 17, 20 + 2 * 2 * 8},
      // int8 passes take 16 * 2 rows of K.
      {isa::MxuMode::int8, 32, 64, 48, 20 + 2 * 3 * 32},
  };
  for (const Case &c : cases) {
    // tb=1 (B stored [n, k], row stride covering k) costs the same.
    for (bool tb : {false, true}) {
      ProgramBuilder p;
      InstBuilder mm =
          matmul(/*c=*/65536, /*a=*/0, /*b=*/16384, c.m, c.k, c.n, c.mode);
      if (tb)
        mm.set(F::MXU_MATMUL::tb, 1)
            .set(F::MXU_MATMUL::ldb,
                 c.k * (c.mode == isa::MxuMode::int8 ? 1 : 2));
      p.add(mm);
      p.add(halt());
      absl::StatusOr<sim::SimStats> stats = run(p);
      ASSERT_TRUE(stats.ok()) << stats.status();
      EXPECT_EQ(stats->cycles, c.cycles)
          << c.m << "x" << c.k << "x" << c.n << " tb=" << tb;
      EXPECT_EQ(stats->macs, uint64_t(c.m * c.k * c.n));
      EXPECT_EQ(findEngine(*stats, "mxu")->instructions, 1u);
    }
  }
}

TEST_F(TimingTest, VpuCycles) {
  ProgramBuilder p;
  // 8 x 100 = 800 elements = 13 lane groups.
  p.add(vpuUnary(Opcode::VPU_EXP, 4096, 0, 8, 100));  // 5 + 13 * 4
  p.add(vpuUnary(Opcode::VPU_RELU, 8192, 0, 8, 100)); // 5 + 13
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 57u + 18);
  EXPECT_EQ(findEngine(*stats, "vpu")->instructions, 2u);
  EXPECT_EQ(findEngine(*stats, "vpu")->busyCycles, 57u + 18);
}

TEST_F(TimingTest, VpuMathCycles) {
  ProgramBuilder p;
  // log is transcendental, abs and the row reductions min and prod are not.
  p.add(vpuUnary(Opcode::VPU_LOG, 4096, 0, 8, 100));    // 5 + 13 * 4
  p.add(vpuUnary(Opcode::VPU_ABS, 8192, 0, 8, 100));    // 5 + 13
  p.add(vpuUnary(Opcode::VPU_RMIN, 12288, 0, 8, 100));  // 5 + 13
  p.add(vpuUnary(Opcode::VPU_RPROD, 12288, 0, 8, 100)); // 5 + 13
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(findEngine(*stats, "vpu")->instructions, 4u);
  EXPECT_EQ(findEngine(*stats, "vpu")->busyCycles, 57u + 3 * 18);
}

TEST_F(TimingTest, FullQueueStallsIssue) {
  // Each 16x16x16 matmul takes 20 + 16 = 36 cycles. The first starts at
  // once; two more fill the depth-2 queue; the fourth waits for a slot.
  ProgramBuilder p;
  for (int i = 0; i < 4; ++i)
    p.add(matmul(65536, 0, 16384, 16, 16, 16));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 4u * 36);
  EXPECT_EQ(stall(*stats, "scalar", "queue_full"), 36u - 3);
  EXPECT_EQ(stats->bundles, 5u);
  EXPECT_EQ(findEngine(*stats, "mxu")->busyCycles, 4u * 36);
}

/// A = [1 x 16] of bf16 1.0 in HBM, B = [16 x 16] of bf16 2.0 at SRAM 1024,
/// C at SRAM 2048 poisoned: A x B is 32.0 everywhere once A is loaded.
class MatmulAfterDmaTest : public TimingTest {
protected:
  void SetUp() override {
    TimingTest::SetUp();
    uint16_t one = 0x3F80, two = 0x4000;
    for (int i = 0; i < 16; ++i)
      std::memcpy(hbmAt(2 * i, 2), &one, 2);
    for (int i = 0; i < 256; ++i)
      std::memcpy(sram(1024 + 2 * i, 2), &two, 2);
    std::memset(sram(2048, 64), 0xFF, 64);
  }
  std::vector<float> result() {
    std::vector<float> c(16);
    std::memcpy(c.data(), sram(2048, 64), 64);
    return c;
  }
  isa::Inst loadA(int64_t signal) {
    return dma(kSram, 0, 0, kHbm, 1, 0, 32, 0, kNone, signal);
  }
  isa::Inst multiply(int64_t wait) {
    return matmul(2048, 0, 1024, 1, 16, 16, isa::MxuMode::bf16, wait);
  }
};

TEST_F(MatmulAfterDmaTest, SemaphoreOrdersDmaBeforeMatmul) {
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  p.add(loadA(/*signal=*/1));
  p.add(multiply(/*wait=*/1));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  // DMA: cycle 1 + 100 + 32 / 32; then the matmul: 20 + 1 * 1 * 1.
  EXPECT_EQ(stats->cycles, 102u + 21);
  EXPECT_EQ(stall(*stats, "mxu", "semaphore"), 102u - 2);
  for (float v : result())
    EXPECT_EQ(v, 32.0f);
}

TEST_F(MatmulAfterDmaTest, SemaphoreHoldsBackAnEarlierIssuedMatmul) {
  // The matmul is issued before the DMA that loads its input. With the
  // semaphore it still runs after the DMA; without it, it reads zeros.
  for (bool useSemaphore : {true, false}) {
    SCOPED_TRACE(useSemaphore ? "with semaphore" : "without semaphore");
    std::memset(sram(0, 32), 0, 32);
    int64_t sem = useSemaphore ? 1 : kNone;
    ProgramBuilder p;
    p.add(li(1, int64_t(hbm)));
    p.add(multiply(/*wait=*/sem)); // cycle 1
    p.add(loadA(/*signal=*/sem));  // cycle 2 .. 103
    p.add(halt());
    absl::StatusOr<sim::SimStats> stats = run(p);
    ASSERT_TRUE(stats.ok()) << stats.status();
    if (useSemaphore) {
      EXPECT_EQ(stats->cycles, 103u + 21);
      EXPECT_EQ(stall(*stats, "mxu", "semaphore"), 103u - 1);
      for (float v : result())
        EXPECT_EQ(v, 32.0f);
    } else {
      EXPECT_EQ(stats->cycles, 103u);
      for (float v : result())
        EXPECT_EQ(v, 0.0f);
    }
  }
}

TEST_F(TimingTest, SemWaitStallsIssue) {
  ProgramBuilder p;
  p.add(dma(kSram, 0, 8192, kSram, 0, 0, 4096, 0, kNone, /*signal=*/2));
  p.add(semWait(2));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  // The DMA ends on cycle 42; sem.wait issues then, halt on 43.
  EXPECT_EQ(stall(*stats, "scalar", "semaphore"), 42u - 1);
  EXPECT_EQ(stats->cycles, 43u);
}

TEST_F(TimingTest, FenceWaitsForAllEngines) {
  ProgramBuilder p;
  p.add(dma(kSram, 0, 65536, kSram, 0, 0, 4096));     // 0 .. 42
  p.add(vpuUnary(Opcode::VPU_RELU, 4096, 0, 8, 100)); // 1 .. 19
  p.add(fence());                                     // issues on 42
  p.add(vpuUnary(Opcode::VPU_RELU, 8192, 0, 8, 100)); // 43 .. 61
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stall(*stats, "scalar", "fence"), 42u - 2);
  EXPECT_EQ(stats->cycles, 61u);
}

TEST_F(TimingTest, AsyncInstructionsSeeRegistersBeforeTheBundleWrites) {
  std::memset(sram(0, 64), 0xAA, 64);
  std::memset(sram(64, 64), 0xBB, 64);
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  // Same bundle: the DMA uses the old r1.
  p.add({dma(kHbm, 1, 0, kSram, 0, 0, 64), addi(1, 1, 64)});
  p.add(dma(kHbm, 1, 0, kSram, 0, 64, 64));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  for (int i = 0; i < 64; ++i) {
    ASSERT_EQ(hbmAt(i, 1)[0], 0xAA) << i;
    ASSERT_EQ(hbmAt(64 + i, 1)[0], 0xBB) << i;
  }
  EXPECT_EQ(stats->hbmBytesWritten, 128u);
}

TEST_F(TimingTest, LoopOfDmasUsesTheRegisterOfEachIteration) {
  // for i in 0..7: copy sram[64*i] -> hbm[64*i], with r1 bumped in the
  // same bundle as the DMA.
  for (int i = 0; i < 8; ++i)
    std::memset(sram(64 * i, 64), 0x10 + i, 64);
  ProgramBuilder p;
  int end = p.label();
  p.add(li(1, int64_t(hbm)));
  p.add(li(2, 0));
  p.add(loopi(8, ProgramBuilder::ref(end)));
  p.add({dma(kHbm, 1, 0, kSram, 2, 0, 64), addi(1, 1, 64)});
  p.bind(end);
  p.add(addi(2, 2, 64));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(hbmAt(64 * i + 5, 1)[0], 0x10 + i) << i;
  EXPECT_EQ(findEngine(*stats, "dma0")->instructions, 8u);
}

TEST_F(TimingTest, EngineDeadlockNamesEngineAndSemaphore) {
  ProgramBuilder p;
  p.add(nop());
  uint32_t waiting =
      p.add(dma(kSram, 0, 8192, kSram, 0, 0, 64, /*ch=*/2, /*wait=*/3));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kAborted);
  std::string msg(stats.status().message());
  EXPECT_THAT(msg, HasSubstr("deadlock"));
  EXPECT_THAT(msg, HasSubstr(absl::StrCat("dma2: blocked on s3 (value 0) by "
                                          "dma.copy at bundle ",
                                          waiting)));
  EXPECT_THAT(msg, HasSubstr("scalar: halted"));
  EXPECT_THAT(msg, HasSubstr("semaphores: all zero"));
}

TEST_F(TimingTest, DeadlockWithFullQueue) {
  // The MXU waits for s0, which the scalar unit would signal only after
  // issuing more matmuls than the queue holds.
  ProgramBuilder p;
  for (int i = 0; i < 4; ++i)
    p.add(matmul(65536, 0, 16384, 16, 16, 16, isa::MxuMode::bf16,
                 /*wait=*/0));
  p.add(semSignal(0, 4));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  std::string msg(stats.status().message());
  EXPECT_THAT(msg, HasSubstr("deadlock"));
  EXPECT_THAT(msg, HasSubstr("a slot in the mxu queue"));
  EXPECT_THAT(msg, HasSubstr("mxu: blocked on s0"));
}

TEST_F(TimingTest, DmaChannelOutOfRange) {
  ProgramBuilder p;
  p.add(dma(kSram, 0, 8192, kSram, 0, 0, 64, /*ch=*/4));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("channel 4 out of range"));
}

TEST_F(TimingTest, ExecutionErrorsNameTheBundle) {
  ProgramBuilder p;
  p.add(nop());
  // HBM address 64 is not allocated.
  uint32_t bad = p.add(dma(kSram, 0, 0, kHbm, 0, 64, 64));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr(absl::StrCat("bundle at ", bad, ": dma.copy: ")));
  EXPECT_THAT(std::string(stats.status().message()),
              ::testing::Not(HasSubstr("dma.copy: dma.copy")));
}

TEST_F(TimingTest, TimingOnlySkipsDataButKeepsTiming) {
  std::memset(sram(0, 64), 0xAA, 64);
  options.timingOnly = true;
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  p.add(dma(kHbm, 1, 0, kSram, 0, 0, 64));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 1u + 100 + 2);
  EXPECT_EQ(hbmAt(0, 1)[0], 0);
  EXPECT_EQ(stats->hbmBytesWritten, 64u);
}

TEST_F(TimingTest, StatsCountBytesAndSramPeak) {
  ProgramBuilder p;
  p.add(li(1, int64_t(hbm)));
  p.add(dma(kSram, 0, 0, kHbm, 1, 0, 4096, 0));
  p.add(dma(kHbm, 1, 8192, kSram, 0, 0, 1024, 1));
  p.add(vpuUnary(Opcode::VPU_EXP, 16384, 0, 4, 64));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->hbmBytesRead, 4096u);
  EXPECT_EQ(stats->hbmBytesWritten, 1024u);
  EXPECT_EQ(stats->sramPeakBytes, 16384u + 4 * 64 * 4);
  EXPECT_EQ(stats->bundles, 5u);
  EXPECT_EQ(findEngine(*stats, "scalar")->instructions, 2u); // li, halt
  EXPECT_EQ(findEngine(*stats, "dma0")->instructions, 1u);
  EXPECT_EQ(findEngine(*stats, "dma1")->instructions, 1u);
  EXPECT_EQ(findEngine(*stats, "vpu")->instructions, 1u);
  EXPECT_EQ(findEngine(*stats, "mxu")->instructions, 0u);
}

} // namespace
