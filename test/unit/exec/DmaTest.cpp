//===- DmaTest.cpp - Tests of dma.copy ------------------------------------===//

#include "ExecTestUtil.h"

namespace npu::exectest {
namespace {

using isa::Opcode;
using sim::Space;

struct Dma {
  int dstSpace = 1, srcSpace = 0;
  int64_t dst = 0, src = 0;
  int dstReg = 0, srcReg = 0;
  int64_t size = 0, n1 = 1, n2 = 1, n3 = 1;
  int64_t dstSt[3] = {0, 0, 0}, srcSt[3] = {0, 0, 0};
  int ch = 0;
};
isa::Inst dmaInst(const Dma &d) {
  return makeInst(Opcode::DMA_COPY, {{"dst_space", d.dstSpace},
                                     {"dst_reg", d.dstReg},
                                     {"dst_off", d.dst},
                                     {"src_space", d.srcSpace},
                                     {"src_reg", d.srcReg},
                                     {"src_off", d.src},
                                     {"size", d.size},
                                     {"n1", d.n1},
                                     {"n2", d.n2},
                                     {"n3", d.n3},
                                     {"dst_st1", d.dstSt[0]},
                                     {"dst_st2", d.dstSt[1]},
                                     {"dst_st3", d.dstSt[2]},
                                     {"src_st1", d.srcSt[0]},
                                     {"src_st2", d.srcSt[1]},
                                     {"src_st3", d.srcSt[2]},
                                     {"ch", d.ch}});
}

class DmaTest : public ExecTest {
protected:
  void SetUp() override {
    hbmA = *mem.allocate(1 << 16);
    hbmB = *mem.allocate(1 << 16);
    DataGen gen(7);
    for (uint64_t base : {hbmA, hbmB})
      for (int i = 0; i < (1 << 16); ++i)
        ptr(Space::HBM, base)[i] = uint8_t(gen.bits());
    for (uint64_t i = 0; i < arch.sramBytes; ++i)
      sram()[i] = uint8_t(gen.bits());
  }
  uint8_t *at(int space, uint64_t addr) { return ptr(Space(space), addr); }

  /// The straightforward definition: every run, every byte, in order.
  /// Addresses are absolute (register bases already added).
  void reference(const Dma &d, uint64_t dstAddr, uint64_t srcAddr,
                 std::vector<uint8_t> &dstImage, uint64_t dstImageBase,
                 const std::vector<uint8_t> &srcImage, uint64_t srcImageBase) {
    for (int64_t i3 = 0; i3 < d.n3; ++i3)
      for (int64_t i2 = 0; i2 < d.n2; ++i2)
        for (int64_t i1 = 0; i1 < d.n1; ++i1)
          for (int64_t b = 0; b < d.size; ++b) {
            uint64_t s = srcAddr + i1 * d.srcSt[0] + i2 * d.srcSt[1] +
                         i3 * d.srcSt[2] + b;
            uint64_t t = dstAddr + i1 * d.dstSt[0] + i2 * d.dstSt[1] +
                         i3 * d.dstSt[2] + b;
            dstImage[t - dstImageBase] = srcImage[s - srcImageBase];
          }
  }
  std::vector<uint8_t> image(int space) {
    if (space == 1)
      return sramCopy();
    return std::vector<uint8_t>(at(0, hbmA), at(0, hbmA) + (1 << 16));
  }
  uint64_t imageBase(int space) { return space == 1 ? 0 : hbmA; }

  /// Runs `d` and checks the whole destination memory against the
  /// reference (so bytes outside the runs must be unchanged too).
  void checkCopy(const Dma &d) {
    std::vector<uint8_t> want = image(d.dstSpace);
    std::vector<uint8_t> src = image(d.srcSpace);
    uint64_t dstAddr = (d.dstReg ? regs[d.dstReg] : 0) + d.dst;
    uint64_t srcAddr = (d.srcReg ? regs[d.srcReg] : 0) + d.src;
    reference(d, dstAddr, srcAddr, want, imageBase(d.dstSpace), src,
              imageBase(d.srcSpace));
    absl::StatusOr<sim::ExecInfo> info = exec(dmaInst(d));
    ASSERT_TRUE(info.ok()) << info.status();
    uint64_t bytes = uint64_t(d.size * d.n1 * d.n2 * d.n3);
    EXPECT_EQ(info->bytes, bytes);
    EXPECT_EQ(info->hbmBytesRead, d.srcSpace == 0 ? bytes : 0);
    EXPECT_EQ(info->sramBytesRead, d.srcSpace == 1 ? bytes : 0);
    EXPECT_EQ(info->hbmBytesWritten, d.dstSpace == 0 ? bytes : 0);
    EXPECT_EQ(info->sramBytesWritten, d.dstSpace == 1 ? bytes : 0);
    std::vector<uint8_t> got = image(d.dstSpace);
    EXPECT_TRUE(sameBytes(got.data(), want.data(), want.size()));
  }

  uint64_t hbmA = 0, hbmB = 0;
};

TEST_F(DmaTest, ContiguousCopiesBetweenEveryPairOfSpaces) {
  Dma d;
  d.size = 1000;
  d.dstSpace = 1, d.dst = 64, d.srcSpace = 0, d.src = int64_t(hbmA + 3);
  checkCopy(d);
  d.dstSpace = 0, d.dst = int64_t(hbmA + 5000), d.srcSpace = 1, d.src = 4096;
  checkCopy(d);
  d.dstSpace = 0, d.dst = int64_t(hbmA + 9000), d.srcSpace = 0,
  d.src = int64_t(hbmA + 20000);
  checkCopy(d);
  d.dstSpace = 1, d.dst = 30000, d.srcSpace = 1, d.src = 100;
  checkCopy(d);
}

TEST_F(DmaTest, FourDimensionalStridesWithPadding) {
  Dma d;
  d.size = 12;
  d.n1 = 5, d.n2 = 3, d.n3 = 2;
  d.srcSt[0] = 16, d.srcSt[1] = 100, d.srcSt[2] = 400;
  d.dstSt[0] = 12, d.dstSt[1] = 64, d.dstSt[2] = 256;
  d.dstSpace = 1, d.dst = 1024, d.srcSpace = 0, d.src = int64_t(hbmA + 17);
  checkCopy(d);
  // Transposing dims: the dst strides are not increasing.
  d.dstSt[0] = 200, d.dstSt[1] = 12, d.dstSt[2] = 40;
  d.dstSpace = 0, d.dst = int64_t(hbmA + 30000), d.srcSpace = 1, d.src = 2000;
  checkCopy(d);
}

TEST_F(DmaTest, NegativeStrides) {
  Dma d;
  d.size = 8;
  d.n1 = 10, d.n2 = 3;
  d.srcSt[0] = 8, d.srcSt[1] = 80;
  d.dstSt[0] = -8, d.dstSt[1] = -100; // reverse the rows and the planes
  d.dstSpace = 1, d.dst = 5000, d.srcSpace = 0, d.src = int64_t(hbmA);
  checkCopy(d);
  d.srcSt[0] = -9, d.srcSt[1] = 300;
  d.dstSt[0] = 8, d.dstSt[1] = 80;
  d.dstSpace = 0, d.dst = int64_t(hbmA + 100), d.srcSpace = 1, d.src = 700;
  checkCopy(d);
}

TEST_F(DmaTest, ZeroSizedCopiesDoNothingAndAreValid) {
  std::vector<uint8_t> before = sramCopy();
  for (int which = 0; which < 4; ++which) {
    Dma d;
    d.size = which == 0 ? 0 : 16;
    d.n1 = which == 1 ? 0 : 2;
    d.n2 = which == 2 ? 0 : 2;
    d.n3 = which == 3 ? 0 : 2;
    d.dstSpace = 1, d.dst = 999999; // out of bounds, but never touched
    d.srcSpace = 0, d.src = 4;
    absl::StatusOr<sim::ExecInfo> info = exec(dmaInst(d));
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->bytes, 0u);
    EXPECT_EQ(info->hbmBytesRead, 0u);
  }
  EXPECT_EQ(sramCopy(), before);
  EXPECT_EQ(mem.sramHighWater(), 0u);
}

TEST_F(DmaTest, RegisterBasesAndR0) {
  regs[3] = hbmA + 1000;
  regs[4] = 512;
  Dma d;
  d.size = 40;
  d.srcSpace = 0, d.srcReg = 3, d.src = -200;
  d.dstSpace = 1, d.dstReg = 4, d.dst = 64;
  checkCopy(d);
  // r0 reads as zero whatever the snapshot holds.
  regs[0] = 4096;
  Dma z;
  z.size = 4;
  z.srcSpace = 1, z.src = 0;
  z.dstSpace = 1, z.dst = 8;
  std::vector<uint8_t> before = sramCopy();
  ASSERT_TRUE(exec(dmaInst(z)).ok());
  EXPECT_TRUE(sameBytes(sram() + 8, before.data(), 4));
}

TEST_F(DmaTest, OutOfBoundsAccessesAreErrors) {
  Dma d;
  d.size = 64;
  d.dstSpace = 1, d.dst = 0, d.srcSpace = 0;
  d.src = int64_t(hbmA) + (1 << 16) - 32; // runs past the allocation
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "src", "hbm [0x",
                    "allocation");
  d.src = 0x100; // below every allocation
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "src", "hbm [0x100, 0x140)");
  d.src = int64_t(hbmA);
  d.dst = int64_t(arch.sramBytes) - 63; // SRAM past the end
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "dst", "sram [0xffc1, ");
  // The last run is out of bounds, the first is not.
  d.dst = 0;
  d.n1 = 3;
  d.dstSt[0] = 40000;
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "dst", "sram [0x0, 0x138c0)");
  d.dstSt[0] = 30000; // now every run fits
  EXPECT_TRUE(exec(dmaInst(d)).ok());
}

TEST_F(DmaTest, NegativeStridesBelowTheRegionAreErrors) {
  Dma d;
  d.size = 8;
  d.n1 = 4;
  d.srcSpace = 0, d.src = int64_t(hbmA) + 16, d.srcSt[0] = -8;
  d.dstSpace = 1, d.dst = 0, d.dstSt[0] = 8;
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "src", "hbm [0xffffff8, ");
  d.srcSt[0] = 8;
  d.dst = 16, d.dstSt[0] = -8; // reaches address -8 in SRAM
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "dst", "below address 0");
}

TEST_F(DmaTest, BadChannelAndSpace) {
  Dma d;
  d.size = 8;
  d.src = int64_t(hbmA);
  d.ch = 2;
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "ch", "channel 2",
                    "2 DMA channels");
  d.ch = 1;
  EXPECT_TRUE(exec(dmaInst(d)).ok());
  d.dstSpace = 2;
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "dst", "memory space 2");
  d.dstSpace = 1;
  d.srcSpace = 3;
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "src", "memory space 3");
  // A field that does not fit its encoding (only possible by hand).
  d.srcSpace = 0;
  isa::Inst bad = dmaInst(d);
  setField(bad, "size", -1);
  EXPECT_ERROR_WITH(exec(bad), "dma.copy", "size");
}

TEST_F(DmaTest, OverlapInOneSpaceIsAnError) {
  Dma d;
  d.size = 64;
  d.srcSpace = 1, d.src = 128;
  d.dstSpace = 1, d.dst = 160;
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "overlaps",
                    "sram [0x80, 0xc0)", "[0xa0, 0xe0)");
  d.dst = 128; // identical
  EXPECT_FALSE(exec(dmaInst(d)).ok());
  d.dst = 192; // adjacent: fine
  EXPECT_TRUE(exec(dmaInst(d)).ok());
  // HBM: overlap inside one allocation.
  d.src = int64_t(hbmA), d.srcSpace = 0;
  d.dst = int64_t(hbmA + 32), d.dstSpace = 0;
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "overlaps", "hbm");
  // Strided runs that interleave without touching are fine: even rows of
  // a buffer to its odd rows.
  Dma e;
  e.size = 16, e.n1 = 8;
  e.srcSpace = 1, e.src = 1024, e.srcSt[0] = 32;
  e.dstSpace = 1, e.dst = 1040, e.dstSt[0] = 32;
  checkCopy(e);
  // ... but one byte more and the last runs overlap.
  e.size = 17;
  EXPECT_ERROR_WITH(exec(dmaInst(e)), "overlaps");
  // A later source run overlapping an earlier destination run.
  Dma f;
  f.size = 8, f.n1 = 4;
  f.srcSpace = 1, f.src = 4096, f.srcSt[0] = 8;
  f.dstSpace = 1, f.dst = 4096 + 32, f.dstSt[0] = -16;
  EXPECT_ERROR_WITH(exec(dmaInst(f)), "overlaps");
}

TEST_F(DmaTest, DestinationRunsMustNotOverlapEachOther) {
  Dma d;
  d.size = 16, d.n1 = 2;
  d.srcSpace = 0, d.src = int64_t(hbmA), d.srcSt[0] = 16;
  d.dstSpace = 1, d.dst = 256, d.dstSt[0] = 0; // both runs at 256
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "operand dst",
                    "destination runs sram [0x100, 0x110) and [0x100, 0x110)");
  d.dstSt[0] = 8;
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "[0x100, 0x110) and [0x108, 0x118)");
  d.dstSt[0] = -16; // touching, not overlapping
  checkCopy(d);
  // A huge stride-0 destination is rejected without copying anything (it
  // would otherwise run 2^48 times).
  d.size = 1, d.n1 = d.n2 = d.n3 = 65535;
  d.dstSt[0] = d.dstSt[1] = d.dstSt[2] = 0;
  d.srcSt[0] = d.srcSt[1] = d.srcSt[2] = 0;
  EXPECT_ERROR_WITH(exec(dmaInst(d)), "dma.copy", "too many");
  // Source runs may overlap each other: a broadcast.
  Dma b;
  b.size = 8, b.n1 = 6, b.n2 = 2;
  b.srcSpace = 0, b.src = int64_t(hbmA) + 40;
  b.dstSpace = 1, b.dst = 512, b.dstSt[0] = 8, b.dstSt[1] = 100;
  checkCopy(b);
  // Disjoint runs in a layout whose strides do not nest (runs at 0, 2, 4
  // and 3, 5, 7) take the run-by-run path.
  Dma e;
  e.size = 1, e.n1 = 3, e.n2 = 2;
  e.srcSpace = 0, e.src = int64_t(hbmA), e.srcSt[0] = 1, e.srcSt[1] = 3;
  e.dstSpace = 1, e.dst = 64, e.dstSt[0] = 2, e.dstSt[1] = 3;
  checkCopy(e);
  e.dstSt[1] = 2; // now runs 2 and 4 are written twice
  EXPECT_ERROR_WITH(exec(dmaInst(e)), "destination runs", "overlap");
}

TEST_F(DmaTest, TimingOnlyChecksEverythingButCopiesNothing) {
  std::vector<uint8_t> before = sramCopy();
  Dma d;
  d.size = 100, d.n1 = 3, d.dstSt[0] = 128, d.srcSt[0] = 100;
  d.dstSpace = 1, d.dst = 256, d.srcSpace = 0, d.src = int64_t(hbmA);
  absl::StatusOr<sim::ExecInfo> info = exec(dmaInst(d), /*timingOnly=*/true);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->bytes, 300u);
  EXPECT_EQ(info->hbmBytesRead, 300u);
  EXPECT_EQ(info->sramBytesWritten, 300u);
  EXPECT_EQ(sramCopy(), before);
  EXPECT_EQ(mem.sramHighWater(), 256u + 2 * 128 + 100);
  d.src = int64_t(hbmA) + (1 << 16) - 100;
  EXPECT_FALSE(exec(dmaInst(d), true).ok());
  d.src = int64_t(hbmA);
  d.ch = 5;
  EXPECT_FALSE(exec(dmaInst(d), true).ok());
}

TEST_F(DmaTest, ScalarInstructionsAreRejected) {
  isa::Inst li = makeInst(Opcode::LI, {{"rd", 1}, {"imm", 5}});
  EXPECT_ERROR_WITH(exec(li), "li", "scalar");
  isa::Inst bad;
  bad.op = isa::Opcode(0xEE);
  EXPECT_ERROR_WITH(exec(bad), "undefined opcode 0xee");
}

//===----------------------------------------------------------------------===//
// dma.gather
//===----------------------------------------------------------------------===//

struct Gather {
  int dstSpace = 1, srcSpace = 0, idxSpace = 1;
  int64_t dst = 0, src = 0, idx = 0;
  int64_t size = 0, count = 1, dstSt = 0, srcSt = 0, limit = 0;
};
isa::Inst gatherInst(const Gather &g) {
  return makeInst(Opcode::DMA_GATHER, {{"dst_space", g.dstSpace},
                                       {"dst_off", g.dst},
                                       {"src_space", g.srcSpace},
                                       {"src_off", g.src},
                                       {"idx_space", g.idxSpace},
                                       {"idx_off", g.idx},
                                       {"size", g.size},
                                       {"count", g.count},
                                       {"dst_st", g.dstSt},
                                       {"src_st", g.srcSt},
                                       {"limit", g.limit}});
}

class DmaGatherTest : public DmaTest {
protected:
  void writeIndices(int space, uint64_t addr,
                    const std::vector<int32_t> &indices) {
    std::memcpy(at(space, addr), indices.data(), 4 * indices.size());
  }
  /// Runs `g` with `indices` and checks the whole destination memory
  /// against a row-by-row reference.
  void checkGather(Gather g, const std::vector<int32_t> &indices) {
    g.count = int64_t(indices.size());
    writeIndices(g.idxSpace, uint64_t(g.idx), indices);
    std::vector<uint8_t> want = image(g.dstSpace);
    std::vector<uint8_t> src = image(g.srcSpace);
    for (size_t i = 0; i < indices.size(); ++i) {
      // A negative index counts from the end of the table.
      int64_t row = indices[i] < 0 ? indices[i] + g.limit : indices[i];
      for (int64_t b = 0; b < g.size; ++b)
        want[uint64_t(g.dst + int64_t(i) * g.dstSt + b) -
             imageBase(g.dstSpace)] =
            src[uint64_t(g.src + row * g.srcSt + b) - imageBase(g.srcSpace)];
    }
    absl::StatusOr<sim::ExecInfo> info = exec(gatherInst(g));
    ASSERT_TRUE(info.ok()) << info.status();
    uint64_t bytes = uint64_t(g.size) * indices.size();
    EXPECT_EQ(info->bytes, bytes);
    EXPECT_EQ(info->hbmBytesRead,
              (g.srcSpace == 0 ? bytes : 0) +
                  (g.idxSpace == 0 ? 4 * indices.size() : 0));
    EXPECT_EQ(info->sramBytesWritten, g.dstSpace == 1 ? bytes : 0);
    std::vector<uint8_t> got = image(g.dstSpace);
    EXPECT_TRUE(sameBytes(got.data(), want.data(), want.size()));
  }
};

TEST_F(DmaGatherTest, CopiesTheIndexedRowsInIndexOrder) {
  Gather g;
  g.size = 48, g.srcSt = 64, g.dstSt = 48, g.limit = 50;
  g.src = int64_t(hbmA + 128), g.dst = 1024, g.idx = 8192;
  // Repeats, the first and the last row, any order.
  checkGather(g, {7, 0, 49, 7, 3, 3, 12});
  // Indices in HBM, table in SRAM, destination in HBM with padding.
  g.idxSpace = 0, g.idx = int64_t(hbmA + 40000);
  g.srcSpace = 1, g.src = 100;
  g.dstSpace = 0, g.dst = int64_t(hbmA + 20000), g.dstSt = 50;
  checkGather(g, {1, 2, 40, 0});
}

TEST_F(DmaGatherTest, NegativeIndicesCountFromTheEnd) {
  Gather g;
  g.size = 48, g.srcSt = 64, g.dstSt = 48, g.limit = 50;
  g.src = int64_t(hbmA + 128), g.dst = 1024, g.idx = 8192;
  // -1 is the last row, -50 the first; mixed with non-negative ones.
  checkGather(g, {-1, 0, -50, 49, -7, 43, 3});
}

TEST_F(DmaGatherTest, IndexOutsideTheTableIsADeviceError) {
  Gather g;
  g.size = 16, g.srcSt = 16, g.dstSt = 16, g.limit = 10;
  g.src = int64_t(hbmA), g.dst = 0, g.idx = 4096;
  std::vector<uint8_t> before = sramCopy();
  writeIndices(1, 4096, {1, 10, 2});
  g.count = 3;
  absl::StatusOr<sim::ExecInfo> info = exec(gatherInst(g));
  EXPECT_EQ(info.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_ERROR_WITH(info, "dma.gather", "idx", "index 10 (element 1",
                    "outside the table [-10, 10)");
  writeIndices(1, 4096, {1, 2, -11});
  EXPECT_ERROR_WITH(exec(gatherInst(g)), "dma.gather", "index -11 (element 2",
                    "outside the table [-10, 10)");
  // Nothing was written by the failed gathers.
  EXPECT_TRUE(sameBytes(sram(), before.data(), 64));
  // The index values are data: timing-only mode does not check them.
  EXPECT_TRUE(exec(gatherInst(g), /*timingOnly=*/true).ok());
}

TEST_F(DmaGatherTest, TheWholeTableMustBeInBounds) {
  Gather g;
  g.size = 16, g.srcSt = 1024, g.dstSt = 16, g.limit = 65; // 64 KiB + 16
  g.src = int64_t(hbmA), g.dst = 0, g.idx = 4096;
  writeIndices(1, 4096, {0});
  // Index 0 is in bounds, but the table's last row is not: rejected in
  // both modes.
  EXPECT_ERROR_WITH(exec(gatherInst(g)), "dma.gather", "src", "allocation");
  EXPECT_ERROR_WITH(exec(gatherInst(g), true), "dma.gather", "src");
  g.limit = 64; // the last row ends 1008 bytes before the end
  EXPECT_TRUE(exec(gatherInst(g)).ok());
}

TEST_F(DmaGatherTest, OverlapsAreErrors) {
  Gather g;
  g.size = 16, g.srcSt = 16, g.dstSt = 8, g.limit = 4;
  g.srcSpace = 1, g.src = 0, g.dst = 1024, g.idx = 4096;
  writeIndices(1, 4096, {0, 1});
  g.count = 2;
  EXPECT_ERROR_WITH(exec(gatherInst(g)), "dma.gather", "dst_st",
                    "rows overlap");
  g.dstSt = 16, g.dst = 32; // inside the table
  EXPECT_ERROR_WITH(exec(gatherInst(g)), "dma.gather", "dst",
                    "overlap operand src");
  g.dst = 4096 - 16; // the second row lands on the indices
  EXPECT_ERROR_WITH(exec(gatherInst(g)), "dma.gather", "dst",
                    "overlap operand idx");
  g.count = 0; // an empty gather touches nothing
  EXPECT_TRUE(exec(gatherInst(g)).ok());
}

} // namespace
} // namespace npu::exectest
