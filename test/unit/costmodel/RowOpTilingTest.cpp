//===- RowOpTilingTest.cpp - Row tiles for softmax and normalisations -----===//

#include "npu/CostModel/CostModel.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cstdlib>

using namespace npu;
using namespace npu::cost;
using ::testing::HasSubstr;

namespace {

Target loadTiny() {
  setenv("NPU_TARGET_PATH", NPU_SOURCE_DIR "/targets", 1);
  absl::StatusOr<Target> t = loadTarget("npu-tiny");
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : Target();
}

/// A bf16 softmax kernel: bf16 input, f32 work, [tr, 1] column, bf16 mask.
RowOpProblem softmax(uint64_t rows, uint64_t cols) {
  RowOpProblem p;
  p.rows = rows;
  p.cols = cols;
  p.rowBuffers = {DType::BF16, DType::F32};
  p.columnBuffers = {DType::F32};
  p.extraLoads = {DType::BF16};
  for (const char *op : {"min", "rmax", "sub", "exp", "rsum", "mul"})
    p.rowOps.push_back(VpuOp::unary(op));
  p.columnOps.push_back(VpuOp::unary("recip"));
  return p;
}

TEST(RowOpTilingTest, SramCountsEveryBufferAligned) {
  Target tiny = loadTiny();
  RowOpProblem p = softmax(100, 45);
  p.onceSramBytes = 10;
  // 24 rows: bf16 2160 -> 2176, f32 4320, mask 2160 -> 2176, column 96;
  // twice, plus the once bytes aligned to 32.
  EXPECT_EQ(rowOpSramBytes(tiny, p, 24, 2), 2 * (2176 + 4320 + 2176 + 96) + 32);
}

TEST(RowOpTilingTest, PlanFitsTheBudgetAndCoversTheRows) {
  Target tiny = loadTiny();
  RowOpTilingOptions options;
  options.sramBudget = 64 * 1024;
  absl::StatusOr<RowOpPlan> plan = planRowOp(tiny, softmax(203, 300), options);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_LE(plan->sramBytes, options.sramBudget);
  EXPECT_EQ(plan->sramBytes,
            rowOpSramBytes(tiny, plan->problem, plan->tileRows, plan->buffers));
  EXPECT_EQ(plan->tiles, (203 + plan->tileRows - 1) / plan->tileRows);
  EXPECT_EQ(plan->buffers, plan->tiles > 1 ? 2u : 1u);
  // Input, mask and output, each once.
  EXPECT_EQ(plan->hbmBytesRead, 2u * 203 * 300 * 2);
  EXPECT_EQ(plan->hbmBytesWritten, 203u * 300 * 2);
  EXPECT_GT(plan->estimatedCycles, 0);
  // A smaller budget gives smaller tiles.
  options.sramBudget = 16 * 1024;
  absl::StatusOr<RowOpPlan> small = planRowOp(tiny, softmax(203, 300), options);
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_LE(small->sramBytes, options.sramBudget);
  EXPECT_LT(small->tileRows, plan->tileRows);
}

TEST(RowOpTilingTest, RowsThatDoNotFitAreErrors) {
  Target tiny = loadTiny();
  absl::StatusOr<RowOpPlan> plan = planRowOp(tiny, softmax(4, 40000));
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(plan.status().message()),
              HasSubstr("a row of 40000 elements needs"));
  EXPECT_EQ(planRowOp(tiny, softmax(4, 70000)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(planRowOp(tiny, softmax(0, 8)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

} // namespace
