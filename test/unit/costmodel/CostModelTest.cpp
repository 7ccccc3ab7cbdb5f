//===- CostModelTest.cpp - Roofline, matmul and elementwise tiling --------===//
//
// Targets are loaded from targets/*.json and modified in place (a bigger
// SRAM, a missing MXU mode) to check how plans follow the hardware.
//
//===----------------------------------------------------------------------===//

#include "npu/CostModel/CostModel.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace npu;
using namespace npu::cost;
using ::testing::HasSubstr;

namespace {

Target load(const char *name) {
  setenv("NPU_TARGET_PATH", NPU_SOURCE_DIR "/targets", 1);
  absl::StatusOr<Target> t = loadTarget(name);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : Target();
}

class CostModelTest : public ::testing::Test {
protected:
  Target v1 = load("npu-v1");
  Target tiny = load("npu-tiny");
};

MatmulProblem matmul(uint64_t m, uint64_t k, uint64_t n,
                     MatmulMode mode = MatmulMode::Bf16,
                     DType out = DType::BF16) {
  MatmulProblem p;
  p.m = m;
  p.k = k;
  p.n = n;
  p.mode = mode;
  p.outType = out;
  return p;
}

uint64_t ceilDiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

//===----------------------------------------------------------------------===//
// Engine formulas
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, InstructionCyclesFollowTheSimulator) {
  // npu-v1: fill 256, 128x128, int8 x2.
  EXPECT_EQ(mxuMatmulCycles(v1, MatmulMode::Bf16, 128, 256, 384),
            256u + 2 * 3 * 128);
  EXPECT_EQ(mxuMatmulCycles(v1, MatmulMode::Int8, 128, 256, 384),
            256u + 1 * 3 * 128);
  EXPECT_EQ(mxuMatmulCycles(v1, MatmulMode::W4, 1, 129, 1), 256u + 2);
  // npu-tiny: latency 4, 64 lanes, transcendental cost 8.
  EXPECT_EQ(vpuOpCycles(tiny, 10, 10, true), 4u + 2 * 8);
  EXPECT_EQ(vpuOpCycles(tiny, 8, 8, false), 4u + 1);
  // One copy alone: latency + bytes / min(channels x cap, HBM).
  EXPECT_EQ(hbmDmaCycles(v1, 1024, 1), 500u + 4);
  EXPECT_EQ(hbmDmaCycles(v1, 1024, 4), 500u + 1);
  EXPECT_EQ(hbmDmaCycles(v1, 4096, 8), 500u + 4); // capped by HBM
  EXPECT_EQ(hbmDmaCycles(tiny, 320, 2), 200u + 10);
  EXPECT_DOUBLE_EQ(achievableHbmBytesPerCycle(v1), 1024);
  EXPECT_DOUBLE_EQ(achievableHbmBytesPerCycle(tiny), 32);
  // A transfer is split into no more DMAs than it has latencies' worth of
  // data (500 cycles x 256 B per channel on npu-v1), and a group alone on
  // idle channels takes what one copy per chunk takes.
  EXPECT_EQ(dmaChunks(v1, 4096, 4), 1u);
  EXPECT_EQ(dmaChunks(v1, 300000, 4), 3u);
  EXPECT_EQ(dmaChunks(v1, 1 << 20, 4), 4u);
  double small[] = {4096};
  EXPECT_DOUBLE_EQ(dmaGroupCycles(v1, small, 1, 4), 500 + 4096.0 / 256);
  double large[] = {1 << 20, 1 << 19};
  EXPECT_DOUBLE_EQ(dmaGroupCycles(v1, large, 2, 4),
                   500 + double(3 << 19) / 1024);
  EXPECT_DOUBLE_EQ(dmaGroupCycles(v1, large, 2, 8),
                   2 * 500 + double(3 << 19) / 1024); // 16 DMAs, 8 channels
  EXPECT_EQ(dmaSplits(v1), (std::vector<unsigned>{1, 2, 4, 8}));
  EXPECT_EQ(dmaSplits(tiny), (std::vector<unsigned>{1, 2}));
  EXPECT_TRUE(isTranscendentalVpuOp("vpu.gelu"));
  EXPECT_TRUE(isTranscendentalVpuOp("rsqrt"));
  EXPECT_FALSE(isTranscendentalVpuOp("relu"));
  EXPECT_TRUE(isTranscendentalVpuOp("vpu.log"));
  EXPECT_TRUE(VpuOp::binary("pow", VpuOperand::Full).transcendental);
  EXPECT_FALSE(isTranscendentalVpuOp("abs"));
  EXPECT_FALSE(isTranscendentalVpuOp("rmin"));
  EXPECT_FALSE(isTranscendentalVpuOp("rprod"));
  EXPECT_TRUE(VpuOp::unary("exp").transcendental);
  EXPECT_FALSE(VpuOp::binary("add", VpuOperand::Row).transcendental);
}

TEST_F(CostModelTest, ElementSizes) {
  EXPECT_EQ(rowBytes(DType::Int4, 5), 3u);
  EXPECT_EQ(rowBytes(DType::BF16, 5), 10u);
  EXPECT_EQ(tileBytes(DType::F32, 3, 7), 84u);
  EXPECT_EQ(alignSram(v1, 1), 128u);
  EXPECT_EQ(alignSram(tiny, 64), 64u);
  EXPECT_EQ(matmulBType(MatmulMode::W4), DType::Int4);
  EXPECT_EQ(matmulAccType(MatmulMode::Int8), DType::Int32);
  EXPECT_EQ(mxuKPerPass(v1, MatmulMode::Int8), 256u);
  EXPECT_DOUBLE_EQ(peakFlopsPerCycle(v1, MatmulMode::Int8),
                   v1.peakFlopsPerCycleInt8());
  EXPECT_DOUBLE_EQ(peakFlopsPerCycle(v1, MatmulMode::W8),
                   v1.peakFlopsPerCycleBf16());
}

//===----------------------------------------------------------------------===//
// Roofline
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, Roofline1024CubedBf16OnV1) {
  Roofline r =
      matmulRoofline(v1, 1024, 1024, 1024, MatmulMode::Bf16, DType::BF16);
  double flops = 2.0 * 1024 * 1024 * 1024;
  double peak = 2.0 * 128 * 128;        // 2 x mxu_rows x mxu_cols
  double bytes = 3.0 * 1024 * 1024 * 2; // A, B and C in bf16, once each
  EXPECT_DOUBLE_EQ(r.flops, flops);
  EXPECT_DOUBLE_EQ(r.hbmBytes, bytes);
  EXPECT_DOUBLE_EQ(r.mxuCycles, flops / peak);
  EXPECT_DOUBLE_EQ(r.mxuCycles, 65536);
  EXPECT_DOUBLE_EQ(r.memoryCycles, bytes / 1024);
  EXPECT_DOUBLE_EQ(r.memoryCycles, 6144);
  EXPECT_DOUBLE_EQ(r.cycles, std::max(flops / peak, bytes / 1024));
  EXPECT_DOUBLE_EQ(r.intensity(), flops / bytes);
  EXPECT_FALSE(r.memoryBound());
  EXPECT_GT(r.intensity(), v1.ridgePointBf16());
  // The generic helper agrees.
  Roofline g = roofline(v1, flops, v1.peakFlopsPerCycleBf16(), bytes);
  EXPECT_DOUBLE_EQ(g.cycles, r.cycles);
}

TEST_F(CostModelTest, RooflineModes) {
  // int8 runs at twice the bf16 peak and moves one byte per element.
  Roofline i8 =
      matmulRoofline(v1, 1024, 1024, 1024, MatmulMode::Int8, DType::Int32);
  EXPECT_DOUBLE_EQ(i8.mxuCycles, 32768);
  EXPECT_DOUBLE_EQ(i8.hbmBytes, 1024.0 * 1024 * (1 + 1 + 4));
  // w4: packed int4 weights plus bf16 scales per group of 128 rows.
  Roofline w4 =
      matmulRoofline(v1, 1, 4096, 4096, MatmulMode::W4, DType::BF16, 128);
  double bytes = 4096.0 * 2 + 4096.0 * 4096 / 2 + 32.0 * 4096 * 2 + 4096 * 2;
  EXPECT_DOUBLE_EQ(w4.hbmBytes, bytes);
  EXPECT_TRUE(w4.memoryBound());
  EXPECT_DOUBLE_EQ(w4.cycles, bytes / 1024);
}

TEST_F(CostModelTest, ElementwiseAndReductionRooflines) {
  // gelu on bf16: VPU 1M / 64 lanes x 8 = memory 4 MiB / 32 B per cycle.
  Roofline e = elementwiseRoofline(tiny, 1024, 1024, DType::BF16, DType::BF16,
                                   {VpuOp::unary("gelu")});
  EXPECT_DOUBLE_EQ(e.vpuCycles, 1024.0 * 1024 / 64 * 8);
  EXPECT_DOUBLE_EQ(e.memoryCycles, 4.0 * 1024 * 1024 / 32);
  EXPECT_DOUBLE_EQ(e.cycles, 131072);
  EXPECT_DOUBLE_EQ(e.vpuElementOps, 1024.0 * 1024);
  // A bias add reads the bias row once.
  Roofline b =
      elementwiseRoofline(v1, 128, 768, DType::F32, DType::BF16,
                          {VpuOp::binary("add", VpuOperand::Row, DType::BF16)});
  EXPECT_DOUBLE_EQ(b.hbmBytes, 128.0 * 768 * 4 + 768 * 2 + 128.0 * 768 * 2);
  Roofline r = reductionRoofline(v1, 4096, 1024, DType::BF16, DType::F32);
  EXPECT_DOUBLE_EQ(r.vpuCycles, 4096.0);
  EXPECT_DOUBLE_EQ(r.hbmBytes, 4096.0 * 1024 * 2 + 4096 * 4);
  EXPECT_TRUE(r.memoryBound());
}

//===----------------------------------------------------------------------===//
// Matmul plans
//===----------------------------------------------------------------------===//

/// Every invariant a plan must satisfy; `regular`: the budget was big
/// enough for the regular candidates (tk, tn multiples of the MXU).
void checkPlan(const Target &t, const MatmulPlan &plan, uint64_t budget,
               bool regular) {
  const MatmulProblem &p = plan.problem;
  const MatmulTiling &tl = plan.tiling;
  SCOPED_TRACE(absl::StrCat(t.name, " ", p.m, "x", p.k, "x", p.n, " ",
                            matmulModeName(p.mode), ": ", plan.summary()));
  // Fits, with aligned buffers.
  EXPECT_LE(plan.sramBytes, budget);
  EXPECT_EQ(plan.sramBudget, budget);
  EXPECT_EQ(plan.sramBytes,
            plan.aBufferBytes * plan.buffersA +
                (plan.bBufferBytes + plan.scaleBufferBytes) * plan.buffersB +
                plan.cBufferBytes * plan.buffersC + plan.epilogueSramBytes);
  for (uint64_t b : {plan.aBufferBytes, plan.bBufferBytes,
                     plan.scaleBufferBytes, plan.cBufferBytes})
    EXPECT_EQ(b % t.arch.sramAlign, 0u);
  EXPECT_GE(plan.aBufferBytes, tileBytes(matmulAType(p.mode), tl.tm, tl.tk));
  EXPECT_GE(plan.bBufferBytes, tileBytes(matmulBType(p.mode), tl.tk, tl.tn));
  EXPECT_GE(plan.cBufferBytes, tileBytes(matmulAccType(p.mode), tl.tm, tl.tn));
  // Tiles cover the problem, with edge tiles.
  EXPECT_EQ(plan.tilesM, ceilDiv(p.m, tl.tm));
  EXPECT_EQ(plan.tilesK, ceilDiv(p.k, tl.tk));
  EXPECT_EQ(plan.tilesN, ceilDiv(p.n, tl.tn));
  EXPECT_EQ((plan.tilesM - 1) * tl.tm + plan.lastM, p.m);
  EXPECT_EQ((plan.tilesK - 1) * tl.tk + plan.lastK, p.k);
  EXPECT_EQ((plan.tilesN - 1) * tl.tn + plan.lastN, p.n);
  EXPECT_GE(plan.lastM, 1u);
  EXPECT_LE(plan.lastM, tl.tm);
  EXPECT_EQ(plan.matmuls, plan.tilesM * plan.tilesK * plan.tilesN);
  EXPECT_GE(plan.buffersA, 1u);
  EXPECT_GE(plan.buffersC, 1u);
  EXPECT_GE(tl.dmaSplit, 1u);
  EXPECT_LE(tl.dmaSplit, t.arch.dmaChannels);
  if (regular) {
    uint64_t kq = mxuKPerPass(t, p.mode);
    EXPECT_TRUE(tl.tk == p.k || tl.tk % kq == 0) << "tk=" << tl.tk;
    EXPECT_TRUE(tl.tn == p.n || tl.tn % t.arch.mxuCols == 0) << "tn=" << tl.tn;
  }
  if (p.mode == MatmulMode::W8 || p.mode == MatmulMode::W4) {
    // A k tile holds whole scale groups or lies inside one.
    uint64_t g = p.group == 0 || p.group > p.k ? p.k : p.group;
    EXPECT_TRUE(tl.tk == p.k || tl.tk % g == 0 || g % tl.tk == 0);
  }
  if (p.mode == MatmulMode::W4) {
    EXPECT_TRUE(tl.tn == p.n || tl.tn % 2 == 0);
  }
  // Traffic: at least the compulsory bytes; re-reads by loop order.
  EXPECT_GE(double(plan.hbmBytes()), plan.roofline.hbmBytes);
  uint64_t a = tileBytes(matmulAType(p.mode), p.m, p.k);
  uint64_t b = tileBytes(matmulBType(p.mode), p.k, p.n);
  if (p.mode == MatmulMode::W8 || p.mode == MatmulMode::W4) {
    uint64_t g = p.group == 0 || p.group > p.k ? p.k : p.group;
    // k tiles inside a group read its scale row each.
    b += tileBytes(DType::BF16, tl.tk < g ? plan.tilesK : ceilDiv(p.k, g), p.n);
  }
  auto reread = [](FetchKind f) {
    return f == FetchKind::PerStep || f == FetchKind::PerSweep;
  };
  if (p.epilogue.empty()) {
    EXPECT_EQ(plan.hbmBytesRead,
              a * (reread(plan.fetchA) ? plan.tilesN : 1) +
                  b * (reread(plan.fetchB) ? plan.tilesM : 1));
  }
  EXPECT_EQ(plan.hbmBytesWritten, tileBytes(p.outType, p.m, p.n));
  // No schedule beats the roofline.
  EXPECT_GE(plan.estimatedCycles, plan.roofline.cycles);
  EXPECT_GT(plan.efficiency(), 0);
  EXPECT_LE(plan.efficiency(), 1);
  EXPECT_GE(plan.estimatedCycles, double(plan.mxuCycles));
  // The chosen tiling scores the same when evaluated on its own.
  absl::StatusOr<MatmulPlan> again = evaluateMatmul(t, p, tl, budget);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_DOUBLE_EQ(again->estimatedCycles, plan.estimatedCycles);
  EXPECT_EQ(again->sramBytes, plan.sramBytes);
}

TEST_F(CostModelTest, PlansFitTheBudgetForManyShapes) {
  const uint64_t shapes[][3] = {
      {1, 1, 1},          {1, 4096, 4096},    {100, 70, 130},  {128, 768, 3072},
      {1024, 1024, 1024}, {3000, 17, 5},      {64, 50000, 64}, {333, 4097, 129},
      {2048, 768, 768},   {4096, 4096, 4096}, {7, 9, 70000}};
  for (const Target *t : {&v1, &tiny}) {
    for (MatmulMode mode :
         {MatmulMode::Bf16, MatmulMode::Int8, MatmulMode::W8, MatmulMode::W4}) {
      for (uint64_t divisor : {1, 4, 64}) {
        for (const auto &s : shapes) {
          MatmulProblem p =
              matmul(s[0], s[1], s[2], mode,
                     mode == MatmulMode::Int8 ? DType::Int32 : DType::BF16);
          if (mode == MatmulMode::W8 || mode == MatmulMode::W4)
            p.group = 128;
          MatmulTilingOptions o;
          o.sramBudget = t->arch.sramBytes / divisor;
          absl::StatusOr<MatmulPlan> plan = planMatmul(*t, p, o);
          ASSERT_TRUE(plan.ok()) << t->name << " " << s[0] << "x" << s[1] << "x"
                                 << s[2] << ": " << plan.status();
          checkPlan(*t, *plan, o.sramBudget, divisor == 1);
        }
      }
    }
  }
}

TEST_F(CostModelTest, NonMultiplesOfTheMxuGiveValidPlans) {
  for (const Target *t : {&v1, &tiny}) {
    absl::StatusOr<MatmulPlan> plan = planMatmul(*t, matmul(100, 70, 130));
    ASSERT_TRUE(plan.ok()) << plan.status();
    checkPlan(*t, *plan, t->arch.sramBytes, true);
    EXPECT_LE(plan->tiling.tm, 100u);
    EXPECT_LE(plan->tiling.tk, 70u);
    EXPECT_LE(plan->tiling.tn, 130u);
  }
  // On npu-v1 the whole problem is one tile of each operand.
  absl::StatusOr<MatmulPlan> plan = planMatmul(v1, matmul(100, 70, 130));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->matmuls, 1u);
  EXPECT_EQ(plan->hbmBytesRead, 100u * 70 * 2 + 70 * 130 * 2);
  // On npu-tiny tn is a multiple of 16 with a smaller last tile.
  plan = planMatmul(tiny, matmul(100, 70, 130));
  ASSERT_TRUE(plan.ok());
  if (plan->tilesN > 1) {
    EXPECT_EQ(plan->tiling.tn % 16, 0u);
    EXPECT_EQ(plan->lastN, 130 - (plan->tilesN - 1) * plan->tiling.tn);
  }
}

TEST_F(CostModelTest, TilesFollowTheTarget) {
  MatmulProblem p = matmul(1024, 1024, 1024);
  absl::StatusOr<MatmulPlan> big = planMatmul(v1, p);
  absl::StatusOr<MatmulPlan> small = planMatmul(tiny, p);
  ASSERT_TRUE(big.ok() && small.ok());
  EXPECT_EQ(big->tiling.tk % 128, 0u);
  EXPECT_EQ(big->tiling.tn % 128, 0u);
  EXPECT_EQ(small->tiling.tk % 16, 0u);
  EXPECT_EQ(small->tiling.tn % 16, 0u);
  EXPECT_LE(small->sramBytes, tiny.arch.sramBytes);
  EXPECT_GT(big->sramBytes, tiny.arch.sramBytes);
  EXPECT_GT(big->tiling.tm * big->tiling.tk * big->tiling.tn,
            small->tiling.tm * small->tiling.tk * small->tiling.tn);
  EXPECT_LT(big->hbmBytes(), small->hbmBytes());
}

/// More SRAM never makes the plan worse: tiles at least as big (by volume
/// and working set), no more HBM bytes and no slower (up to the tolerance
/// within which the planner trades speed for bytes).
void expectBiggerSramHelps(const Target &small, const Target &big,
                           const MatmulProblem &p, bool strictlyFewerBytes) {
  SCOPED_TRACE(absl::StrCat(small.name, " ", p.m, "x", p.k, "x", p.n));
  absl::StatusOr<MatmulPlan> a = planMatmul(small, p);
  absl::StatusOr<MatmulPlan> b = planMatmul(big, p);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_GE(b->tiling.tm * b->tiling.tk * b->tiling.tn,
            a->tiling.tm * a->tiling.tk * a->tiling.tn);
  EXPECT_GE(b->sramBytes, a->sramBytes);
  EXPECT_LE(b->hbmBytes(), a->hbmBytes());
  if (strictlyFewerBytes) {
    EXPECT_LT(b->hbmBytes(), a->hbmBytes());
  }
  EXPECT_LE(b->estimatedCycles,
            a->estimatedCycles * (1 + MatmulTilingOptions().cycleTolerance));
}

TEST_F(CostModelTest, BiggerSramGivesBiggerTilesAndFewerBytes) {
  Target tiny16 = tiny;
  tiny16.arch.sramBytes *= 16;
  Target v1Small = v1;
  v1Small.arch.sramBytes /= 16;
  for (auto s : {std::array<uint64_t, 3>{1024, 1024, 1024},
                 {512, 2048, 512},
                 {4096, 4096, 4096},
                 {384, 768, 768},
                 {2048, 64, 2048}}) {
    expectBiggerSramHelps(tiny, tiny16, matmul(s[0], s[1], s[2]), true);
    expectBiggerSramHelps(v1Small, v1, matmul(s[0], s[1], s[2]), s[0] != 512);
  }
  for (auto s : {std::array<uint64_t, 3>{128, 768, 3072},
                 {100, 70, 130},
                 {1, 4096, 4096},
                 {17, 3000, 129}}) {
    expectBiggerSramHelps(tiny, tiny16, matmul(s[0], s[1], s[2]), false);
    expectBiggerSramHelps(v1Small, v1, matmul(s[0], s[1], s[2]), false);
  }
}

TEST_F(CostModelTest, LoopOrderDecidesTheReReads) {
  MatmulProblem p = matmul(512, 1024, 768);
  uint64_t a = 512 * 1024 * 2, b = 1024 * 768 * 2;
  // Output-stationary with several k tiles: A once per n tile, B once per
  // m tile, whatever the order.
  for (LoopOrder order : {LoopOrder::MNK, LoopOrder::NMK}) {
    absl::StatusOr<MatmulPlan> plan =
        evaluateMatmul(v1, p, MatmulTiling{128, 256, 256, order, 2, 2});
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_EQ(plan->fetchA, FetchKind::PerStep);
    EXPECT_EQ(plan->hbmBytesRead, a * 3 + b * 4);
  }
  // One k tile: the operand of the outer loop stays for the inner one.
  absl::StatusOr<MatmulPlan> mnk =
      evaluateMatmul(v1, p, MatmulTiling{128, 1024, 256, LoopOrder::MNK});
  ASSERT_TRUE(mnk.ok());
  EXPECT_EQ(mnk->fetchA, FetchKind::PerOuter);
  EXPECT_EQ(mnk->fetchB, FetchKind::PerSweep);
  EXPECT_EQ(mnk->hbmBytesRead, a + b * 4);
  absl::StatusOr<MatmulPlan> nmk =
      evaluateMatmul(v1, p, MatmulTiling{128, 1024, 256, LoopOrder::NMK});
  ASSERT_TRUE(nmk.ok());
  EXPECT_EQ(nmk->hbmBytesRead, a * 3 + b);
  // Everything in one tile: each operand once, one buffer each.
  absl::StatusOr<MatmulPlan> one =
      evaluateMatmul(v1, p, MatmulTiling{512, 1024, 768});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->hbmBytesRead, a + b);
  EXPECT_EQ(one->buffersA, 1u);
  EXPECT_EQ(one->buffersB, 1u);
  EXPECT_EQ(one->buffersC, 1u);
}

TEST_F(CostModelTest, FusedEpilogue) {
  MatmulProblem p = matmul(512, 768, 3072);
  p.epilogue = {VpuOp::binary("add", VpuOperand::Row, DType::BF16),
                VpuOp::unary("gelu")};
  for (const Target *t : {&v1, &tiny}) {
    absl::StatusOr<MatmulPlan> plan = planMatmul(*t, p);
    ASSERT_TRUE(plan.ok()) << plan.status();
    checkPlan(*t, *plan, t->arch.sramBytes, true);
    EXPECT_GT(plan->epilogueSramBytes, 0u);
    EXPECT_GT(plan->vpuCycles, 0u);
    // The bias is read once per n tile visit.
    uint64_t a = 512 * 768 * 2, b = 768 * 3072 * 2, bias = 3072 * 2;
    bool biasReread = plan->tiling.order == LoopOrder::MNK && plan->tilesN > 1;
    auto reread = [](FetchKind f) {
      return f == FetchKind::PerStep || f == FetchKind::PerSweep;
    };
    EXPECT_EQ(plan->hbmBytesRead,
              a * (reread(plan->fetchA) ? plan->tilesN : 1) +
                  b * (reread(plan->fetchB) ? plan->tilesM : 1) +
                  bias * (biasReread ? plan->tilesM : 1));
    // The epilogue costs the simulator's VPU time, per C tile.
    uint64_t perTile =
        vpuOpCycles(*t, plan->tiling.tm, plan->tiling.tn, false) +
        vpuOpCycles(*t, plan->tiling.tm, plan->tiling.tn, true);
    if (plan->lastM == plan->tiling.tm && plan->lastN == plan->tiling.tn) {
      EXPECT_EQ(plan->vpuCycles, perTile * plan->tilesM * plan->tilesN);
    }
  }
}

TEST_F(CostModelTest, ImpossibleBudgetsAreErrors) {
  MatmulTilingOptions o;
  o.sramBudget = 64; // below one aligned A, B and C tile
  for (const Target *t : {&v1, &tiny}) {
    absl::StatusOr<MatmulPlan> plan = planMatmul(*t, matmul(100, 70, 130), o);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.status().code(), absl::StatusCode::kResourceExhausted);
    EXPECT_THAT(plan.status().message(), HasSubstr("no tiling fits"));
    EXPECT_THAT(plan.status().message(), HasSubstr("64 bytes"));
  }
  // A small budget that fits only tiles below the MXU shape still works.
  o.sramBudget = 4096;
  absl::StatusOr<MatmulPlan> plan = planMatmul(v1, matmul(512, 512, 512), o);
  ASSERT_TRUE(plan.ok()) << plan.status();
  checkPlan(v1, *plan, 4096, false);
  EXPECT_LT(plan->tiling.tn, 128u);
  // Budgets beyond the SRAM, empty problems, missing modes, bad targets.
  o.sramBudget = tiny.arch.sramBytes + 1;
  EXPECT_EQ(planMatmul(tiny, matmul(8, 8, 8), o).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(planMatmul(tiny, matmul(0, 8, 8)).status().code(),
            absl::StatusCode::kInvalidArgument);
  Target noInt4 = tiny;
  noInt4.arch.supportsInt4 = false;
  absl::StatusOr<MatmulPlan> w4 =
      planMatmul(noInt4, matmul(8, 8, 8, MatmulMode::W4));
  EXPECT_EQ(w4.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(w4.status().message(), HasSubstr("w4"));
  EXPECT_EQ(planMatmul(Target(), matmul(8, 8, 8)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CostModelTest, EvaluateRejectsBadTilings) {
  MatmulProblem p = matmul(256, 256, 256);
  auto code = [&](const MatmulProblem &q, MatmulTiling t) {
    return evaluateMatmul(tiny, q, t).status().code();
  };
  EXPECT_EQ(code(p, MatmulTiling{0, 16, 16}),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(p, MatmulTiling{16, 16, 16, LoopOrder::MNK, 2, 2, 3}),
            absl::StatusCode::kInvalidArgument); // 3 > 2 channels
  EXPECT_EQ(code(p, MatmulTiling{256, 256, 256, LoopOrder::MNK, 2, 2}),
            absl::StatusCode::kResourceExhausted); // does not fit
  MatmulProblem w4 = matmul(64, 256, 64, MatmulMode::W4);
  w4.group = 64;
  EXPECT_EQ(code(w4, MatmulTiling{64, 64, 17}),
            absl::StatusCode::kInvalidArgument); // odd int4 tile
  EXPECT_EQ(code(w4, MatmulTiling{64, 96, 16}),
            absl::StatusCode::kInvalidArgument); // not whole groups
  EXPECT_EQ(code(w4, MatmulTiling{64, 48, 16}),
            absl::StatusCode::kInvalidArgument); // straddles groups
  EXPECT_TRUE(evaluateMatmul(tiny, w4, MatmulTiling{64, 128, 16}).ok());
  EXPECT_TRUE(evaluateMatmul(tiny, w4, MatmulTiling{64, 32, 16}).ok());
  absl::StatusOr<MatmulPlan> big =
      evaluateMatmul(tiny, p, MatmulTiling{256, 256, 256});
  EXPECT_THAT(big.status().message(), HasSubstr("bytes of SRAM"));
}

TEST_F(CostModelTest, PlanningIsFast) {
  for (const Target *t : {&v1, &tiny}) {
    double best = 1e9;
    for (int i = 0; i < 5; ++i) {
      auto start = std::chrono::steady_clock::now();
      absl::StatusOr<MatmulPlan> plan =
          planMatmul(*t, matmul(4096, 4096, 4096));
      double ms = std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - start)
                      .count();
      ASSERT_TRUE(plan.ok());
      best = std::min(best, ms);
    }
    EXPECT_LT(best, 10.0) << t->name;
  }
}

//===----------------------------------------------------------------------===//
// Elementwise plans
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, ElementwisePlans) {
  std::vector<std::vector<VpuOp>> chains = {
      {},
      {VpuOp::unary("gelu")},
      {VpuOp::binary("add", VpuOperand::Row), VpuOp::unary("silu")},
      {VpuOp::binary("mul", VpuOperand::Col, DType::F32)},
      {VpuOp::binary("add", VpuOperand::Full), VpuOp::unary("relu")}};
  const uint64_t shapes[][2] = {{1, 1},       {128, 3072}, {1000, 777},
                                {4096, 4096}, {7, 100000}, {100000, 3}};
  for (const Target *t : {&v1, &tiny})
    for (uint64_t divisor : {1, 32})
      for (const auto &chain : chains)
        for (const auto &s : shapes) {
          ElementwiseProblem p;
          p.rows = s[0];
          p.cols = s[1];
          p.inType = DType::F32;
          p.outType = DType::BF16;
          p.ops = chain;
          ElementwiseTilingOptions o;
          o.sramBudget = t->arch.sramBytes / divisor;
          absl::StatusOr<ElementwisePlan> plan = planElementwise(*t, p, o);
          ASSERT_TRUE(plan.ok()) << plan.status();
          SCOPED_TRACE(plan->summary());
          EXPECT_LE(plan->sramBytes, o.sramBudget);
          EXPECT_EQ(plan->tilesR, ceilDiv(s[0], plan->tileRows));
          EXPECT_EQ(plan->tilesC, ceilDiv(s[1], plan->tileCols));
          EXPECT_LE(plan->tileRows, s[0]);
          EXPECT_LE(plan->tileCols, s[1]);
          EXPECT_GE(plan->estimatedCycles, plan->roofline.cycles);
          EXPECT_GE(double(plan->hbmBytes()), plan->roofline.hbmBytes);
          EXPECT_EQ(plan->hbmBytesWritten, tileBytes(DType::BF16, s[0], s[1]));
          EXPECT_EQ(plan->vpuInstructions,
                    plan->tilesR * plan->tilesC *
                        std::max<size_t>(1, chain.size()));
          absl::StatusOr<ElementwisePlan> again =
              evaluateElementwise(*t, p, plan->tileRows, plan->tileCols,
                                  plan->buffers, o.sramBudget);
          ASSERT_TRUE(again.ok()) << again.status();
          EXPECT_DOUBLE_EQ(again->estimatedCycles, plan->estimatedCycles);
        }
}

TEST_F(CostModelTest, ElementwiseBudgets) {
  ElementwiseProblem p;
  p.rows = 4096;
  p.cols = 4096;
  p.ops = {VpuOp::unary("gelu")};
  ElementwiseTilingOptions o;
  o.sramBudget = 16;
  absl::StatusOr<ElementwisePlan> none = planElementwise(tiny, p, o);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(none.status().message(), HasSubstr("no tiling fits"));
  o.sramBudget = 8192;
  absl::StatusOr<ElementwisePlan> small = planElementwise(tiny, p, o);
  ASSERT_TRUE(small.ok()) << small.status();
  absl::StatusOr<ElementwisePlan> large = planElementwise(tiny, p);
  ASSERT_TRUE(large.ok());
  EXPECT_LE(small->sramBytes, 8192u);
  EXPECT_LE(large->estimatedCycles, small->estimatedCycles);
  EXPECT_GE(large->tileRows * large->tileCols,
            small->tileRows * small->tileCols);
  p.rows = 0;
  EXPECT_EQ(planElementwise(tiny, p).status().code(),
            absl::StatusCode::kInvalidArgument);
}

//===----------------------------------------------------------------------===//
// The plans of the shapes in the brief, printed for the record.
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, ReportPlans) {
  for (const Target *t : {&v1, &tiny})
    for (auto s :
         {std::array<uint64_t, 3>{1024, 1024, 1024}, {128, 768, 3072}}) {
      absl::StatusOr<MatmulPlan> plan =
          planMatmul(*t, matmul(s[0], s[1], s[2]));
      ASSERT_TRUE(plan.ok()) << plan.status();
      std::printf("%-8s %llux%llux%llu bf16: %s\n", t->name.c_str(),
                  (unsigned long long)s[0], (unsigned long long)s[1],
                  (unsigned long long)s[2], plan->summary().c_str());
    }
}

} // namespace
