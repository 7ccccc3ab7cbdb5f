//===- MemoryTest.cpp - Tests of the simulator's device memory ------------===//

#include "sim/Memory.h"

#include "gtest/gtest.h"

#include <string>

namespace npu::sim {
namespace {

std::string messageOf(const absl::Status &s) {
  return std::string(s.message());
}

TEST(MemoryTest, AllocationsAreAlignedDistinctAndZeroed) {
  DeviceMemory mem(1 << 20, 1024);
  absl::StatusOr<uint64_t> a = mem.allocate(100);
  absl::StatusOr<uint64_t> b = mem.allocate(5000);
  absl::StatusOr<uint64_t> c = mem.allocate(0);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(*a, DeviceMemory::kHbmBase);
  EXPECT_EQ(*a % DeviceMemory::kHbmAlign, 0u);
  EXPECT_EQ(*b % DeviceMemory::kHbmAlign, 0u);
  EXPECT_EQ(*c % DeviceMemory::kHbmAlign, 0u);
  EXPECT_GE(*b, *a + 100);
  EXPECT_GE(*c, *b + 5000);
  absl::StatusOr<uint8_t *> p = mem.span(Space::HBM, *b, 5000);
  ASSERT_TRUE(p.ok());
  for (int i = 0; i < 5000; ++i)
    ASSERT_EQ((*p)[i], 0);
  // An empty allocation has a valid empty span.
  EXPECT_TRUE(mem.span(Space::HBM, *c, 0).ok());
  EXPECT_FALSE(mem.span(Space::HBM, *c, 1).ok());
}

TEST(MemoryTest, CapacityIsAccountedInPages) {
  DeviceMemory mem(3 * DeviceMemory::kHbmAlign, 0);
  absl::StatusOr<uint64_t> a = mem.allocate(1);
  absl::StatusOr<uint64_t> b = mem.allocate(DeviceMemory::kHbmAlign + 1);
  ASSERT_TRUE(a.ok() && b.ok());
  absl::StatusOr<uint64_t> c = mem.allocate(1);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(mem.free(*b).ok());
  absl::StatusOr<uint64_t> d = mem.allocate(2 * DeviceMemory::kHbmAlign);
  ASSERT_TRUE(d.ok());
  // Freed addresses are not handed out again.
  EXPECT_NE(*d, *b);
  EXPECT_FALSE(mem.span(Space::HBM, *b, 1).ok());
  EXPECT_FALSE(mem.free(*b).ok());
  EXPECT_FALSE(mem.free(*a + 1).ok());
  EXPECT_FALSE(mem.allocate(UINT64_MAX).ok());
}

TEST(MemoryTest, HbmSpanStaysInOneAllocation) {
  DeviceMemory mem(1 << 20, 0);
  uint64_t a = *mem.allocate(4096);
  uint64_t b = *mem.allocate(4096); // adjacent to a
  ASSERT_EQ(b, a + 4096);
  EXPECT_TRUE(mem.span(Space::HBM, a, 4096).ok());
  EXPECT_TRUE(mem.span(Space::HBM, a + 4096, 0).ok()); // b's start
  EXPECT_TRUE(mem.span(Space::HBM, a + 4000, 96).ok());
  absl::StatusOr<uint8_t *> across = mem.span(Space::HBM, a + 4000, 97);
  ASSERT_FALSE(across.ok());
  EXPECT_EQ(across.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(messageOf(across.status()).find("hbm [0x10000fa0, 0x10001001)"),
            std::string::npos)
      << across.status();
  EXPECT_FALSE(mem.span(Space::HBM, a - 1, 1).ok());
  EXPECT_FALSE(mem.span(Space::HBM, 0, 0).ok());
  EXPECT_FALSE(mem.span(Space::HBM, b + 4096, 1).ok());
  EXPECT_FALSE(mem.span(Space::HBM, a, UINT64_MAX).ok());
  EXPECT_FALSE(mem.span(Space::HBM, UINT64_MAX, 2).ok());
}

TEST(MemoryTest, SramBoundsAndHighWater) {
  DeviceMemory mem(0, 1024);
  EXPECT_EQ(mem.sramBytes(), 1024u);
  EXPECT_TRUE(mem.span(Space::SRAM, 0, 1024).ok());
  EXPECT_TRUE(mem.span(Space::SRAM, 1024, 0).ok());
  absl::StatusOr<uint8_t *> past = mem.span(Space::SRAM, 1000, 25);
  ASSERT_FALSE(past.ok());
  EXPECT_NE(messageOf(past.status()).find("sram [0x3e8, 0x401)"),
            std::string::npos)
      << past.status();
  EXPECT_FALSE(mem.span(Space::SRAM, 1025, 0).ok());
  EXPECT_FALSE(mem.span(Space::SRAM, 8, UINT64_MAX - 4).ok()); // wraps
  EXPECT_FALSE(mem.span(Space(7), 0, 0).ok());

  EXPECT_EQ(mem.sramHighWater(), 0u);
  mem.noteSramWrite(100, 28);
  EXPECT_EQ(mem.sramHighWater(), 128u);
  mem.noteSramWrite(0, 10);
  mem.noteSramWrite(500, 0);
  EXPECT_EQ(mem.sramHighWater(), 128u);
  mem.resetSramHighWater();
  EXPECT_EQ(mem.sramHighWater(), 0u);
  EXPECT_STREQ(spaceName(Space::HBM), "hbm");
  EXPECT_STREQ(spaceName(Space::SRAM), "sram");
}

} // namespace
} // namespace npu::sim
