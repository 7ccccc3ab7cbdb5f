//===- ScalarTest.cpp - Scalar unit, loops, branches, program errors ------===//

#include "SimTestUtil.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace npu;
using namespace npu::simtest;
using ::testing::HasSubstr;

namespace {

class ScalarTest : public ::testing::Test {
protected:
  absl::StatusOr<sim::SimStats> run(const ProgramBuilder &p) {
    return sim::simulate(target, p.finish(), args, memory, options);
  }

  /// Appends a check that `reg` holds `value`: when it does not, the program
  /// reads launch argument 1000 + id, which fails with that number in the
  /// message.
  void expectReg(ProgramBuilder &p, int reg, int64_t value) {
    int ok = p.label();
    p.add(li(31, value));
    p.add(bcond(Opcode::BEQ, reg, 31, ProgramBuilder::ref(ok)));
    p.add(arg(30, 1000 + nextCheck++));
    p.bind(ok);
  }

  Target target = testTarget();
  sim::DeviceMemory memory{target.arch.hbmBytes, target.arch.sramBytes};
  sim::SimOptions options;
  std::vector<uint64_t> args;
  int nextCheck = 0;
};

TEST_F(ScalarTest, HaltOnlyEndsOnCycleZero) {
  ProgramBuilder p;
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  // The launch ends on the cycle halt issues.
  EXPECT_EQ(stats->cycles, 0u);
  EXPECT_EQ(stats->bundles, 1u);
  ASSERT_EQ(stats->engines.size(), 1u + 4 + 2);
  const char *names[] = {"scalar", "dma0", "dma1", "dma2",
                         "dma3",   "mxu",  "vpu"};
  for (size_t i = 0; i < stats->engines.size(); ++i)
    EXPECT_EQ(stats->engines[i].name, names[i]);
}

TEST_F(ScalarTest, Arithmetic) {
  ProgramBuilder p;
  p.add(li(1, 7));
  p.add(li(2, -3));
  p.add(alu(Opcode::ADD, 3, 1, 2));
  expectReg(p, 3, 4);
  p.add(alu(Opcode::SUB, 3, 2, 1));
  expectReg(p, 3, -10);
  p.add(alu(Opcode::MUL, 3, 1, 2));
  expectReg(p, 3, -21);
  p.add(li(4, 0b1100));
  p.add(li(5, 0b1010));
  p.add(alu(Opcode::AND, 3, 4, 5));
  expectReg(p, 3, 0b1000);
  p.add(alu(Opcode::OR, 3, 4, 5));
  expectReg(p, 3, 0b1110);
  p.add(alu(Opcode::XOR, 3, 4, 5));
  expectReg(p, 3, 0b0110);
  // Shift amounts use the low 6 bits: 65 & 63 = 1.
  p.add(li(6, 65));
  p.add(alu(Opcode::SHL, 3, 1, 6));
  expectReg(p, 3, 14);
  p.add(alu(Opcode::SHR, 3, 2, 6)); // logical
  expectReg(p, 3, int64_t(uint64_t(-3) >> 1));
  p.add(addi(3, 1, -10));
  expectReg(p, 3, -3);
  p.add(muli(3, 2, 5));
  expectReg(p, 3, -15);
  p.add(mov(7, 1));
  expectReg(p, 7, 7);
  // Wrap-around modulo 2^64.
  p.add(li(8, INT64_MAX));
  p.add(addi(8, 8, 1));
  expectReg(p, 8, INT64_MIN);
  // r0 reads as zero and ignores writes.
  p.add(li(0, 99));
  expectReg(p, 0, 0);
  p.add(addi(9, 0, 5));
  expectReg(p, 9, 5);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  // A purely scalar program issues one bundle per cycle; halt is the last.
  EXPECT_EQ(stats->cycles, stats->bundles - 1);
  EXPECT_EQ(findEngine(*stats, "scalar")->instructions, stats->bundles);
}

TEST_F(ScalarTest, CheckHelperDetectsAWrongValue) {
  ProgramBuilder p;
  p.add(li(1, 5));
  expectReg(p, 1, 6);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("launch argument 1000"));
}

TEST_F(ScalarTest, Branches) {
  ProgramBuilder p;
  int skip1 = p.label(), skip2 = p.label(), skip3 = p.label(),
      skip4 = p.label(), skip5 = p.label(), skip6 = p.label();
  p.add(li(1, -1));
  p.add(li(2, 1));
  p.add(li(10, 0)); // counts branches not taken
  // blt and bge are signed: -1 < 1.
  p.add(bcond(Opcode::BLT, 1, 2, ProgramBuilder::ref(skip1)));
  p.add(arg(30, 2000));
  p.bind(skip1);
  p.add(bcond(Opcode::BGE, 2, 1, ProgramBuilder::ref(skip2)));
  p.add(arg(30, 2001));
  p.bind(skip2);
  p.add(bcond(Opcode::BGE, 1, 2, ProgramBuilder::ref(skip3))); // not taken
  p.add(addi(10, 10, 1));
  p.bind(skip3);
  p.add(bcond(Opcode::BEQ, 1, 2, ProgramBuilder::ref(skip4))); // not taken
  p.add(addi(10, 10, 1));
  p.bind(skip4);
  p.add(bcond(Opcode::BNE, 1, 2, ProgramBuilder::ref(skip5)));
  p.add(arg(30, 2002));
  p.bind(skip5);
  p.add(br(ProgramBuilder::ref(skip6)));
  p.add(arg(30, 2003));
  p.bind(skip6);
  expectReg(p, 10, 2);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
}

TEST_F(ScalarTest, BackwardBranchLoop) {
  // r1 counts down from 5; r2 accumulates.
  ProgramBuilder p;
  p.add(li(1, 5));
  int top = p.label();
  p.bind(top);
  p.add(addi(2, 2, 3));
  p.add(addi(1, 1, -1));
  p.add(bcond(Opcode::BNE, 1, 0, ProgramBuilder::ref(top)));
  expectReg(p, 2, 15);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->bundles, 1u + 3 * 5 + 2 + 1); // the check skips its arg
}

TEST_F(ScalarTest, LaunchArguments) {
  args = {11, 22, 33};
  ProgramBuilder p;
  p.add(arg(1, 0));
  p.add(arg(2, 2));
  expectReg(p, 1, 11);
  expectReg(p, 2, 33);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
}

TEST_F(ScalarTest, LaunchArgumentOutOfRange) {
  args = {11};
  ProgramBuilder p;
  p.add(nop());
  uint32_t bad = p.add(arg(1, 1));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  std::string msg(stats.status().message());
  EXPECT_THAT(msg, HasSubstr("launch argument 1 out of range"));
  EXPECT_THAT(msg, HasSubstr(absl::StrCat("bundle at ", bad)));
}

TEST_F(ScalarTest, NestedLoops) {
  // loopi 3 { loopi 4 { r1 += 1 }; r2 += 1 }: zero-overhead back-edges.
  ProgramBuilder p;
  int innerEnd = p.label(), outerEnd = p.label();
  p.add(loopi(3, ProgramBuilder::ref(outerEnd)));
  p.add(loopi(4, ProgramBuilder::ref(innerEnd)));
  p.bind(innerEnd);
  p.add(addi(1, 1, 1));
  p.bind(outerEnd);
  p.add(addi(2, 2, 1));
  expectReg(p, 1, 12);
  expectReg(p, 2, 3);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  // 1 outer loop + 3 * (inner loop + 4 + 1) + 2 checks * 2 bundles + halt.
  uint64_t bundles = 1 + 3 * (1 + 4 + 1) + 4 + 1;
  EXPECT_EQ(stats->bundles, bundles);
  EXPECT_EQ(stats->cycles, bundles - 1); // back-edges cost nothing
}

TEST_F(ScalarTest, LoopsSharingAnEndBundle) {
  // Both bodies end on the same bundle: inner back-edges first, then the
  // outer one.
  ProgramBuilder p;
  int end = p.label();
  p.add(loopi(2, ProgramBuilder::ref(end)));
  p.add(addi(2, 2, 1));
  p.add(loopi(5, ProgramBuilder::ref(end)));
  p.bind(end);
  p.add(addi(1, 1, 1));
  expectReg(p, 1, 10);
  expectReg(p, 2, 2);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
}

TEST_F(ScalarTest, LoopCountZeroSkipsTheBody) {
  ProgramBuilder p;
  int end1 = p.label(), end2 = p.label(), outerEnd = p.label();
  p.add(li(5, 0));
  p.add(loopr(5, ProgramBuilder::ref(end1)));
  p.add(addi(1, 1, 1));
  p.bind(end1);
  p.add(addi(1, 1, 1));
  expectReg(p, 1, 0);
  // A skipped body ending on the enclosing loop's last bundle still takes
  // the enclosing back-edge.
  p.add(loopi(3, ProgramBuilder::ref(outerEnd)));
  p.add(addi(2, 2, 1));
  p.add(loopi(0, ProgramBuilder::ref(outerEnd)));
  p.bind(outerEnd);
  p.add(addi(3, 3, 1));
  expectReg(p, 2, 3);
  expectReg(p, 3, 0);
  (void)end2;
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
}

TEST_F(ScalarTest, LoopCountFromRegister) {
  ProgramBuilder p;
  int end = p.label();
  p.add(li(5, 7));
  p.add(loopr(5, ProgramBuilder::ref(end)));
  p.add(nop());
  p.bind(end);
  p.add(addi(1, 1, 2));
  expectReg(p, 1, 14);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
}

TEST_F(ScalarTest, LoopDepthOverflow) {
  // loopDepth is 3: the fourth nested loop fails, even with count 0.
  ProgramBuilder p;
  int end = p.label();
  p.add(loopi(1, ProgramBuilder::ref(end)));
  p.add(loopi(1, ProgramBuilder::ref(end)));
  p.add(loopi(1, ProgramBuilder::ref(end)));
  uint32_t fourth = p.add(loopi(0, ProgramBuilder::ref(end)));
  p.bind(end);
  p.add(nop());
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  std::string msg(stats.status().message());
  EXPECT_THAT(msg, HasSubstr("loop depth of 3"));
  EXPECT_THAT(msg, HasSubstr(absl::StrCat("bundle at ", fourth)));
}

TEST_F(ScalarTest, LoopEndMustBeABundleAfterTheLoop) {
  {
    ProgramBuilder p;
    p.add(nop());
    uint32_t self = p.add(loopi(2, 0)); // end before the loop
    p.add(halt());
    absl::StatusOr<sim::SimStats> stats = run(p);
    ASSERT_FALSE(stats.ok());
    EXPECT_THAT(std::string(stats.status().message()),
                HasSubstr("not after the loop instruction"));
    (void)self;
  }
  {
    ProgramBuilder p;
    p.add(li(1, 1)); // two words: address 1 is inside it
    p.add(loopi(2, 1));
    p.add(halt());
    absl::StatusOr<sim::SimStats> stats = run(p);
    ASSERT_FALSE(stats.ok());
    EXPECT_THAT(std::string(stats.status().message()),
                HasSubstr("is not the address of a bundle"));
  }
  {
    // The inner body must end inside the outer body.
    ProgramBuilder p;
    int outerEnd = p.label(), innerEnd = p.label();
    p.add(loopi(2, ProgramBuilder::ref(outerEnd)));
    p.add(loopi(2, ProgramBuilder::ref(innerEnd)));
    p.bind(outerEnd);
    p.add(nop());
    p.bind(innerEnd);
    p.add(nop());
    p.add(halt());
    absl::StatusOr<sim::SimStats> stats = run(p);
    ASSERT_FALSE(stats.ok());
    EXPECT_THAT(std::string(stats.status().message()),
                HasSubstr("outside the enclosing loop body"));
  }
}

TEST_F(ScalarTest, BranchOutOfLoopBodyIsAnError) {
  ProgramBuilder p;
  int end = p.label(), out = p.label();
  p.add(loopi(3, ProgramBuilder::ref(end)));
  p.add(br(ProgramBuilder::ref(out)));
  p.bind(end);
  p.add(nop());
  p.bind(out);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("leaves the loop body"));
}

TEST_F(ScalarTest, BranchInsideLoopBody) {
  // Skipping part of the body is fine; the back-edge still happens.
  ProgramBuilder p;
  int end = p.label(), skip = p.label();
  p.add(loopi(4, ProgramBuilder::ref(end)));
  p.add(br(ProgramBuilder::ref(skip)));
  p.add(addi(1, 1, 100));
  p.bind(skip);
  p.bind(end);
  p.add(addi(1, 1, 1));
  expectReg(p, 1, 4);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
}

TEST_F(ScalarTest, TakenBranchInLastBundleOfBodyIsAnError) {
  ProgramBuilder p;
  int end = p.label(), top = p.label();
  p.add(loopi(2, ProgramBuilder::ref(end)));
  p.bind(top);
  p.add(nop());
  p.bind(end);
  p.add(br(ProgramBuilder::ref(top)));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("last bundle of a loop body"));
}

TEST_F(ScalarTest, BadBranchTarget) {
  ProgramBuilder p;
  p.add(li(1, 0)); // words 0 and 1
  p.add(br(1));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("br: target 1 is not the address of a bundle"));
}

TEST_F(ScalarTest, RunningOffTheEndIsAnError) {
  ProgramBuilder p;
  p.add(nop());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("without a halt"));

  ProgramBuilder empty;
  stats = run(empty);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()), HasSubstr("empty"));
}

TEST_F(ScalarTest, CycleLimit) {
  ProgramBuilder p;
  p.add(br(0));
  options.maxCycles = 1000;
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("cycle limit of 1000"));
}

TEST_F(ScalarTest, FieldsThatDoNotFitAreRejected) {
  ProgramBuilder p;
  isa::Inst bad = li(1, 0);
  bad.f[F::LI::rd] = 40; // only 32 registers
  p.add(bad);
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("field 'rd' does not fit"));
}

TEST_F(ScalarTest, TwoScalarInstructionsInABundleAreRejected) {
  ProgramBuilder p;
  p.add({nop(), halt()});
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("two scalar instructions"));
}

TEST_F(ScalarTest, SemaphoreIdOutOfRange) {
  {
    ProgramBuilder p;
    p.add(semSignal(16)); // the target has 16
    p.add(halt());
    absl::StatusOr<sim::SimStats> stats = run(p);
    ASSERT_FALSE(stats.ok());
    EXPECT_THAT(std::string(stats.status().message()),
                HasSubstr("semaphore s16 out of range"));
  }
  {
    // 255 (none) is not a semaphore for sem.wait.
    ProgramBuilder p;
    p.add(semWait(kNone));
    p.add(halt());
    absl::StatusOr<sim::SimStats> stats = run(p);
    ASSERT_FALSE(stats.ok());
    EXPECT_THAT(std::string(stats.status().message()),
                HasSubstr("out of range"));
  }
  {
    ProgramBuilder p;
    p.add(dma(kSram, 0, 0, kSram, 0, 4096, 64, 0, /*wait=*/20));
    p.add(halt());
    absl::StatusOr<sim::SimStats> stats = run(p);
    ASSERT_FALSE(stats.ok());
    EXPECT_THAT(std::string(stats.status().message()),
                HasSubstr("dma.copy wait: semaphore s20 out of range"));
  }
}

TEST_F(ScalarTest, SemaphoreSignalAndWaitAtIssue) {
  ProgramBuilder p;
  p.add(semSignal(3, 5));
  p.add(semWait(3, 2));
  p.add(semWait(3, 3));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->cycles, 3u);
  EXPECT_EQ(stall(*stats, "scalar", "semaphore"), 0u);
}

TEST_F(ScalarTest, SemaphoreOverflowIsAnError) {
  ProgramBuilder p;
  int end = p.label();
  p.add(loopi(70000, ProgramBuilder::ref(end)));
  p.bind(end);
  p.add(semSignal(1, 65535));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("overflows 32 bits"));
}

TEST_F(ScalarTest, ScalarWaitDeadlock) {
  ProgramBuilder p;
  p.add(semSignal(2, 1));
  uint32_t waiting = p.add(semWait(5, 2));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kAborted);
  std::string msg(stats.status().message());
  EXPECT_THAT(msg, HasSubstr("deadlock"));
  EXPECT_THAT(msg, HasSubstr(absl::StrCat("pc at bundle ", waiting)));
  EXPECT_THAT(msg, HasSubstr("sem.wait s5 (value 0, needs 2)"));
  EXPECT_THAT(msg, HasSubstr("s2=1"));
  EXPECT_THAT(msg, HasSubstr("dma0: idle"));
}

TEST_F(ScalarTest, InvalidTargetIsAnError) {
  target.timing.issueCycles = 0;
  ProgramBuilder p;
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()), HasSubstr("issueCycles"));
}

} // namespace
