//===- AttentionTilingTest.cpp - Query tiles for fused attention ----------===//

#include "npu/CostModel/CostModel.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cstdlib>

using namespace npu;
using namespace npu::cost;
using ::testing::HasSubstr;

namespace {

Target loadTarget(const char *name) {
  setenv("NPU_TARGET_PATH", NPU_SOURCE_DIR "/targets", 1);
  absl::StatusOr<Target> t = npu::loadTarget(name);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : Target();
}

/// The attention of bench/e2e-bench.sh: 12 query heads on 4 kv heads of 64.
AttentionProblem benchBlock() {
  AttentionProblem p;
  p.sq = p.skv = 128;
  p.d = p.dv = 64;
  p.kvGroups = 4;
  p.group = 3;
  p.masked = true;
  return p;
}

TEST(AttentionTilingTest, SramCountsEveryBufferAligned) {
  Target tiny = loadTarget("npu-tiny");
  AttentionProblem p;
  p.sq = 20;
  p.skv = 11;
  p.d = 16;
  p.dv = 12;
  p.masked = true;
  // npu-tiny aligns to 32 bytes. K 352, V 264 -> 288 (once: one group);
  // per tile: Q 8 rows 256, output 192, mask 176 -> 192; once: scores
  // 352, probabilities 176 -> 192, column 32, f32 output 384.
  EXPECT_EQ(attentionSramBytes(tiny, p, 8, 2),
            (352 + 288) + 2 * (256 + 192 + 192) + (352 + 192 + 32 + 384));
  // More than one group: K and V are double-buffered too.
  p.kvGroups = 2;
  p.masked = false;
  EXPECT_EQ(attentionSramBytes(tiny, p, 8, 2),
            2 * (352 + 288 + 256 + 192) + (352 + 192 + 32 + 384));
  // Two heads per tile: every tile buffer holds 16 rows.
  EXPECT_EQ(attentionSramBytes(tiny, p, 8, 2, 2),
            2 * (352 + 288 + 512 + 384) + (704 + 352 + 64 + 768));
}

TEST(AttentionTilingTest, F32LoadsF32TilesAndRoundsThemOnce) {
  Target tiny = loadTarget("npu-tiny");
  AttentionProblem p;
  p.sq = 20;
  p.skv = 11;
  p.d = 16;
  p.dv = 12;
  p.elementType = DType::F32;
  // npu-tiny aligns to 32 bytes. f32 K 704, V 528 -> 544 (once: one
  // group); per tile: f32 Q 8 rows 512, f32 output 384; their bf16
  // roundings once: K 352, V 264 -> 288, Q 256; once: scores 352,
  // probabilities 176 -> 192, column 32 (the f32 output tile is the MXU's
  // result: no second one).
  EXPECT_EQ(attentionSramBytes(tiny, p, 8, 2), (704 + 544) + 2 * (512 + 384) +
                                                   (352 + 288 + 256) +
                                                   (352 + 192 + 32));
  // HBM: K and V, Q and the output, all f32.
  absl::StatusOr<AttentionPlan> plan = planAttention(tiny, p);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->hbmBytesRead, uint64_t(4 * (11 * 28 + 20 * 16)));
  EXPECT_EQ(plan->hbmBytesWritten, uint64_t(4 * 20 * 12));
}

TEST(AttentionTilingTest, BenchBlockIsOneTilePerGroupOnV1) {
  Target v1 = loadTarget("npu-v1");
  absl::StatusOr<AttentionPlan> plan = planAttention(v1, benchBlock());
  ASSERT_TRUE(plan.ok()) << plan.status();
  // The 3 heads of a group in one [384, 64] query tile.
  EXPECT_EQ(plan->tileRows, 128u);
  EXPECT_EQ(plan->headsPerTile, 3u);
  EXPECT_EQ(plan->tiles, 1u);
  EXPECT_EQ(plan->buffers, 2u);
  EXPECT_EQ(plan->sramBytes,
            attentionSramBytes(v1, plan->problem, plan->tileRows, 2, 3));
  // K and V per group, Q per head, the [384, 128] mask once, the output
  // per head.
  EXPECT_EQ(plan->hbmBytesRead,
            4u * 128 * 128 * 2 + 12u * 128 * 64 * 2 + 384u * 128 * 2);
  EXPECT_EQ(plan->hbmBytesWritten, 12u * 128 * 64 * 2);
  EXPECT_DOUBLE_EQ(plan->flops, 2.0 * 12 * 128 * 128 * 128);
}

TEST(AttentionTilingTest, SmallBudgetTilesTheQueries) {
  Target tiny = loadTarget("npu-tiny");
  AttentionProblem p = benchBlock();
  AttentionTilingOptions options;
  options.sramBudget = 96 * 1024;
  absl::StatusOr<AttentionPlan> plan = planAttention(tiny, p, options);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_LT(plan->tileRows, 128u);
  EXPECT_EQ(plan->headsPerTile, 1u);
  EXPECT_LE(plan->sramBytes, options.sramBudget);
  EXPECT_EQ(plan->tiles, (128 + plan->tileRows - 1) / plan->tileRows);
  // A whole head's queries would not fit.
  EXPECT_GT(attentionSramBytes(tiny, p, 128, plan->buffers),
            options.sramBudget);
  // The mask is loaded per query tile and head.
  EXPECT_EQ(plan->hbmBytesRead,
            4u * 128 * 128 * 2 + 12u * 128 * 64 * 2 + 12u * 128 * 128 * 2);
}

TEST(AttentionTilingTest, AdditiveMaskTileAndTraffic) {
  Target tiny = loadTarget("npu-tiny");
  AttentionProblem p;
  p.sq = 20;
  p.skv = 11;
  p.d = 16;
  p.dv = 12;
  p.kvGroups = 2;
  uint64_t unmasked = attentionSramBytes(tiny, p, 8, 2, 2);
  // A padding mask (one row per batch): a [1, 11] bf16 tile, 22 -> 32
  // bytes, per buffer.
  p.addMask = true;
  EXPECT_EQ(attentionSramBytes(tiny, p, 8, 2, 2), unmasked + 2 * 32);
  // Per query row, shared by the heads: [8, 11] -> 192 bytes.
  p.maskPerRow = true;
  EXPECT_EQ(attentionSramBytes(tiny, p, 8, 2, 2), unmasked + 2 * 192);
  // Per head and row: the rows of both heads of the tile, 352 bytes.
  p.maskPerHead = true;
  EXPECT_EQ(attentionSramBytes(tiny, p, 8, 2, 2), unmasked + 2 * 352);

  // HBM reads on npu-v1 (one tile per group: 2 heads of 20 rows).
  Target v1 = loadTarget("npu-v1");
  p.group = 2;
  p.batch = 2;
  auto maskBytes = [&](bool perHead, bool perRow) {
    p.maskPerHead = perHead;
    p.maskPerRow = perRow;
    p.addMask = true;
    absl::StatusOr<AttentionPlan> masked = planAttention(v1, p);
    p.addMask = false;
    absl::StatusOr<AttentionPlan> plain = planAttention(v1, p);
    EXPECT_TRUE(masked.ok() && plain.ok());
    EXPECT_EQ(masked->headsPerTile, 2u);
    return masked->hbmBytesRead - plain->hbmBytesRead;
  };
  // One row per batch; the rows of one head per group; every head's rows.
  EXPECT_EQ(maskBytes(false, false), 2u * 11 * 2);
  EXPECT_EQ(maskBytes(false, true), 2u * 20 * 11 * 2);
  EXPECT_EQ(maskBytes(true, true), 4u * 20 * 11 * 2);
}

TEST(AttentionTilingTest, KeysAndValuesTooLargeAreResourceExhausted) {
  Target tiny = loadTarget("npu-tiny");
  AttentionProblem p = benchBlock();
  p.skv = 2048; // K and V alone are 512 KiB
  absl::StatusOr<AttentionPlan> plan = planAttention(tiny, p);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(plan.status().message()),
              HasSubstr("keys and values of 2048 positions"));
}

TEST(AttentionTilingTest, RejectsEmptyDimensions) {
  Target tiny = loadTarget("npu-tiny");
  AttentionProblem p = benchBlock();
  p.d = 0;
  EXPECT_EQ(planAttention(tiny, p).status().code(),
            absl::StatusCode::kInvalidArgument);
}

} // namespace
