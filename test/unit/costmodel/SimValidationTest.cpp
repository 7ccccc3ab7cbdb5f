//===- SimValidationTest.cpp - The cost model against the simulator -------===//
//
// Builds the program of a matmul plan (MatmulProgram.h), runs it on the
// simulator in timing-only mode and compares: the HBM traffic must match
// exactly, the estimated cycles within a tolerance.
//
//===----------------------------------------------------------------------===//

#include "ElementwiseProgram.h"
#include "MatmulProgram.h"

#include "npu/CostModel/CostModel.h"
#include "sim/Simulator.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

#include <cstdio>
#include <cstdlib>

using namespace npu;
using namespace npu::cost;

namespace {

Target load(const char *name) {
  setenv("NPU_TARGET_PATH", NPU_SOURCE_DIR "/targets", 1);
  absl::StatusOr<Target> t = loadTarget(name);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : Target();
}

struct SimResult {
  uint64_t cycles = 0, read = 0, written = 0;
};

absl::StatusOr<SimResult> simulatePlan(const Target &target,
                                       const MatmulPlan &plan) {
  absl::StatusOr<costtest::MatmulProgram> prog =
      costtest::buildMatmulProgram(target, plan);
  if (!prog.ok())
    return prog.status();
  sim::DeviceMemory memory(target.arch.hbmBytes, target.arch.sramBytes);
  std::vector<uint64_t> args = {0, 0, 0};
  for (uint64_t bytes : {prog->aBytes, prog->bBytes, prog->cBytes}) {
    absl::StatusOr<uint64_t> a = memory.allocate(bytes);
    if (!a.ok())
      return a.status();
    args.push_back(*a);
  }
  sim::SimOptions options;
  options.timingOnly = true;
  // For debugging a mismatch: a Chrome trace per simulated plan.
  if (const char *dir = std::getenv("NPU_COSTMODEL_TRACE_DIR"))
    options.tracePath =
        absl::StrCat(dir, "/", target.name, "-", plan.problem.m, "x",
                     plan.problem.k, "x", plan.problem.n, ".json");
  absl::StatusOr<sim::SimStats> stats =
      sim::simulate(target, prog->bundles, args, memory, options);
  if (!stats.ok())
    return stats.status();
  return SimResult{stats->cycles, stats->hbmBytesRead, stats->hbmBytesWritten};
}

struct Case {
  const char *target;
  uint64_t m, k, n;
  DType out = DType::BF16;
  // A forced tiling (tm = 0: the planner's choice).
  MatmulTiling tiling{};
  std::vector<VpuOp> epilogue{};
  MatmulMode mode = MatmulMode::Bf16;
};

/// The estimate must be within this fraction of the simulated cycles; the
/// largest deviations are on small problems of a few tiles and on
/// latency-bound ones (see docs/CostModel.md, "Accuracy").
constexpr double kTolerance = 0.12;
/// ... and within this one for compute-bound matmuls.
constexpr double kComputeBoundTolerance = 0.02;

void check(const Case &c) {
  Target target = load(c.target);
  MatmulProblem p;
  p.m = c.m;
  p.k = c.k;
  p.n = c.n;
  p.outType = c.out;
  p.mode = c.mode;
  p.epilogue = c.epilogue;
  absl::StatusOr<MatmulPlan> plan = c.tiling.tm == 0
                                        ? planMatmul(target, p)
                                        : evaluateMatmul(target, p, c.tiling);
  ASSERT_TRUE(plan.ok()) << plan.status();
  absl::StatusOr<SimResult> sim = simulatePlan(target, *plan);
  ASSERT_TRUE(sim.ok()) << sim.status();
  double ratio = plan->estimatedCycles / double(sim->cycles);
  std::printf("%-8s %5llux%5llux%5llu %-40s estimate %10.0f simulated %10llu "
              "ratio %.3f\n",
              c.target, (unsigned long long)c.m, (unsigned long long)c.k,
              (unsigned long long)c.n,
              (std::string("tm=") + std::to_string(plan->tiling.tm) +
               " tk=" + std::to_string(plan->tiling.tk) +
               " tn=" + std::to_string(plan->tiling.tn) + " " +
               loopOrderName(plan->tiling.order) + " split" +
               std::to_string(plan->tiling.dmaSplit) + " buf" +
               std::to_string(plan->tiling.buffers) + "/C" +
               std::to_string(plan->buffersC))
                  .c_str(),
              plan->estimatedCycles, (unsigned long long)sim->cycles, ratio);
  EXPECT_EQ(plan->hbmBytesRead, sim->read) << plan->summary();
  EXPECT_EQ(plan->hbmBytesWritten, sim->written) << plan->summary();
  EXPECT_NEAR(ratio, 1.0, kTolerance) << plan->summary();
  if (!plan->roofline.memoryBound() && plan->efficiency() > 0.9) {
    EXPECT_NEAR(ratio, 1.0, kComputeBoundTolerance) << plan->summary();
  }
  // The roofline is a true lower bound of the simulated time.
  EXPECT_LE(plan->roofline.cycles, double(sim->cycles)) << plan->summary();
}

TEST(SimValidation, PlannedV1) {
  check({"npu-v1", 1024, 1024, 1024});
  check({"npu-v1", 128, 768, 3072});
  check({"npu-v1", 100, 70, 130});
  check({"npu-v1", 1, 4096, 4096});
  check({"npu-v1", 512, 2048, 512, DType::F32});
}

TEST(SimValidation, PlannedTiny) {
  check({"npu-tiny", 128, 768, 3072});
  check({"npu-tiny", 256, 256, 256});
  check({"npu-tiny", 100, 70, 130});
  check({"npu-tiny", 1, 1024, 1024});
}

TEST(SimValidation, ForcedTilings) {
  // Small tiles: fill latency and DMA latency dominate.
  check({"npu-v1", 512, 512, 512, DType::BF16,
         MatmulTiling{128, 128, 128, LoopOrder::MNK, 2, 2}});
  check({"npu-v1", 512, 512, 512, DType::BF16,
         MatmulTiling{128, 128, 128, LoopOrder::NMK, 3, 1}});
  check({"npu-v1", 1024, 256, 1024, DType::F32,
         MatmulTiling{256, 256, 256, LoopOrder::MNK, 2, 1}});
  check({"npu-tiny", 200, 300, 100, DType::F32,
         MatmulTiling{64, 48, 32, LoopOrder::NMK, 2, 2}});
  check({"npu-tiny", 96, 512, 96, DType::BF16,
         MatmulTiling{32, 512, 32, LoopOrder::MNK, 2, 2}});
}

TEST(SimValidation, Epilogues) {
  check({"npu-v1",
         256,
         512,
         1024,
         DType::BF16,
         MatmulTiling{},
         {VpuOp::unary("gelu")}});
  check({"npu-tiny",
         128,
         128,
         256,
         DType::BF16,
         MatmulTiling{},
         {VpuOp::unary("relu"), VpuOp::unary("exp")}});
  check({"npu-tiny",
         64,
         256,
         64,
         DType::Int32,
         MatmulTiling{},
         {},
         MatmulMode::Int8});
}

} // namespace

// Planned matmuls of assorted shapes, including ones that are not multiples
// of anything.
TEST(SimValidation, PlannedShapes) {
  const uint64_t shapes[][3] = {
      {64, 64, 64},    {1, 512, 256},   {8, 1024, 1024},  {33, 65, 97},
      {256, 4096, 64}, {1000, 100, 10}, {512, 512, 2048}, {384, 768, 768},
      {17, 3000, 129}, {2048, 64, 2048}};
  for (const char *target : {"npu-v1", "npu-tiny"})
    for (const auto &s : shapes) {
      SCOPED_TRACE(absl::StrCat(target, " ", s[0], "x", s[1], "x", s[2]));
      check({target, s[0], s[1], s[2]});
    }
}

void checkElementwise(const char *targetName, uint64_t rows, uint64_t cols,
                      DType in, DType out, std::vector<VpuOp> ops) {
  Target target = load(targetName);
  ElementwiseProblem p;
  p.rows = rows;
  p.cols = cols;
  p.inType = in;
  p.outType = out;
  p.ops = std::move(ops);
  absl::StatusOr<ElementwisePlan> plan = planElementwise(target, p);
  ASSERT_TRUE(plan.ok()) << plan.status();
  absl::StatusOr<costtest::ElementwiseProgram> prog =
      costtest::buildElementwiseProgram(target, *plan);
  ASSERT_TRUE(prog.ok()) << prog.status();
  sim::DeviceMemory memory(target.arch.hbmBytes, target.arch.sramBytes);
  std::vector<uint64_t> args = {0, 0, 0};
  for (uint64_t bytes : {prog->inBytes, prog->outBytes}) {
    absl::StatusOr<uint64_t> a = memory.allocate(bytes);
    ASSERT_TRUE(a.ok()) << a.status();
    args.push_back(*a);
  }
  sim::SimOptions options;
  options.timingOnly = true;
  absl::StatusOr<sim::SimStats> stats =
      sim::simulate(target, prog->bundles, args, memory, options);
  ASSERT_TRUE(stats.ok()) << stats.status();
  double ratio = plan->estimatedCycles / double(stats->cycles);
  std::printf("%-8s elementwise %5llux%5llu %-32s estimate %10.0f simulated "
              "%10llu ratio %.3f\n",
              targetName, (unsigned long long)rows, (unsigned long long)cols,
              absl::StrCat("tile ", plan->tileRows, "x", plan->tileCols, " buf",
                           plan->buffers, " split", plan->dmaSplit)
                  .c_str(),
              plan->estimatedCycles, (unsigned long long)stats->cycles, ratio);
  EXPECT_EQ(plan->hbmBytesRead, stats->hbmBytesRead) << plan->summary();
  EXPECT_EQ(plan->hbmBytesWritten, stats->hbmBytesWritten) << plan->summary();
  EXPECT_NEAR(ratio, 1.0, kTolerance) << plan->summary();
  EXPECT_LE(plan->roofline.cycles, double(stats->cycles)) << plan->summary();
}

TEST(SimValidation, Elementwise) {
  for (const char *t : {"npu-v1", "npu-tiny"}) {
    checkElementwise(t, 1024, 1024, DType::BF16, DType::BF16,
                     {VpuOp::unary("gelu")});
    checkElementwise(t, 128, 3072, DType::F32, DType::BF16, {});
    checkElementwise(t, 333, 777, DType::BF16, DType::F32,
                     {VpuOp::unary("relu"), VpuOp::unary("exp")});
    checkElementwise(t, 4096, 64, DType::BF16, DType::BF16,
                     {VpuOp::unary("silu")});
  }
}
