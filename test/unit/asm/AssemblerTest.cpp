//===- AssemblerTest.cpp - Whole-file assembly into a module --------------===//

#include "asm/Assembler.h"
#include "isa/ISA.h"
#include "target/Target.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace npu;

namespace {

npub::Module assembleOk(const std::string &source,
                        as::AssembleOptions options = {}) {
  options.fileName = "test.s";
  absl::StatusOr<npub::Module> module = as::assemble(source, options);
  EXPECT_TRUE(module.ok()) << module.status();
  return module.ok() ? *module : npub::Module();
}

std::vector<as::Diagnostic> assembleErrors(const std::string &source) {
  as::AssembleOptions options;
  options.fileName = "test.s";
  std::vector<as::Diagnostic> diagnostics;
  absl::StatusOr<npub::Module> module =
      as::assemble(source, options, &diagnostics);
  EXPECT_FALSE(module.ok());
  return diagnostics;
}

TEST(Assembler, FillsEveryModuleField) {
  as::AssembleOptions options;
  options.commandLine = "npu-as test.s -o test.npub";
  npub::Module m = assembleOk(R"(
.target npu-tiny
.input a bf16 [2, 3]
.input b int8 []
.output c fp32 [4]
.scratch 256
.state 8
        arg r1, 3
        { li r2, data; dma.copy sram[r0], hbm[r1+data], size=4 }
        halt
.const
        .zero 4
data:   .u8 1, 2
.state_init
        .u16 0x1234
)",
                              options);
  absl::StatusOr<Target> tiny = loadTarget("npu-tiny");
  ASSERT_TRUE(tiny.ok()) << tiny.status();
  EXPECT_EQ(m.archHash, tiny->archHash());
  absl::StatusOr<Target> embedded = parseTarget(m.targetJson, "module");
  ASSERT_TRUE(embedded.ok()) << embedded.status();
  EXPECT_EQ(embedded->name, "npu-tiny");
  EXPECT_EQ(embedded->archHash(), m.archHash);

  ASSERT_EQ(m.inputs.size(), 2u);
  ASSERT_EQ(m.outputs.size(), 1u);
  EXPECT_EQ(m.inputs[0].name, "a");
  EXPECT_EQ(m.inputs[0].type, npub::ElemType::bf16);
  EXPECT_EQ(m.inputs[0].shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(m.inputs[0].argIndex, npub::kFirstIOArg);
  EXPECT_TRUE(m.inputs[1].shape.empty());
  EXPECT_EQ(m.inputs[1].argIndex, npub::kFirstIOArg + 1);
  EXPECT_EQ(m.outputs[0].argIndex, npub::kFirstIOArg + 2);

  EXPECT_EQ(m.scratchBytes, 256u);
  EXPECT_EQ(m.stateBytes, 8u);
  EXPECT_EQ(m.stateInit, (std::vector<uint8_t>{0x34, 0x12, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(m.constants, (std::vector<uint8_t>{0, 0, 0, 0, 1, 2}));

  // arg (1 word), { li (2) dma.copy (7) }, halt (1).
  ASSERT_EQ(m.code.size(), 11u);
  auto program = isa::decodeProgram(m.code);
  ASSERT_TRUE(program.ok()) << program.status();
  ASSERT_EQ(program->size(), 3u);
  const isa::Bundle &bundle = (*program)[1];
  EXPECT_EQ(bundle.address, 1u);
  ASSERT_EQ(bundle.insts.size(), 2u);
  EXPECT_FALSE(bundle.insts[0].endOfBundle);
  EXPECT_TRUE(bundle.insts[1].endOfBundle);
  EXPECT_EQ(bundle.insts[0][isa::fields::LI::imm], 4);
  EXPECT_EQ(bundle.insts[1][isa::fields::DMA_COPY::src_off], 4);

  ASSERT_EQ(m.debugMap.size(), 3u);
  EXPECT_EQ(m.debugMap[0].bundleAddress, 0u);
  EXPECT_EQ(m.debugMap[0].location, "test.s:8");
  EXPECT_EQ(m.debugMap[1].bundleAddress, 1u);
  EXPECT_EQ(m.debugMap[1].location, "test.s:9");
  EXPECT_EQ(m.debugMap[2].bundleAddress, 10u);

  EXPECT_EQ(m.producer, std::string("npu-as ") + as::kAssemblerVersion);
  EXPECT_EQ(m.commandLine, "npu-as test.s -o test.npub");

  // The module passes the loader's validation.
  auto reparsed = npub::parse(npub::serialize(m));
  ASSERT_TRUE(reparsed.ok()) << reparsed.status();
  EXPECT_TRUE(*reparsed == m);
}

TEST(Assembler, TargetOverrideAndDefault) {
  absl::StatusOr<Target> v1 = loadTarget(kDefaultTargetName);
  ASSERT_TRUE(v1.ok()) << v1.status();
  EXPECT_EQ(assembleOk("halt").archHash, v1->archHash());
  as::AssembleOptions options;
  options.targetOverride = "npu-v1";
  EXPECT_EQ(assembleOk(".target npu-tiny\nhalt", options).archHash,
            v1->archHash());
}

TEST(Assembler, ForwardAndBackwardLabels) {
  npub::Module m = assembleOk(R"(
top:    br bottom
        loopi 2, top
bottom: halt
)");
  auto program = isa::decodeProgram(m.code);
  ASSERT_TRUE(program.ok());
  EXPECT_EQ((*program)[0].insts[0][isa::fields::BR::target], 3);
  EXPECT_EQ((*program)[1].insts[0][isa::fields::LOOPI::end], 0);
}

TEST(Assembler, CollectsAllErrors) {
  std::vector<as::Diagnostic> d = assembleErrors("ad r1, r2, r3\n"
                                                 "  br nowhere\n"
                                                 "{ nop; halt }\n");
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].format(),
            "test.s:1:1: error: unknown instruction 'ad'; did you mean "
            "'add'?");
  EXPECT_EQ(d[1].line, 2u);
  EXPECT_EQ(d[1].column, 6u);
  EXPECT_EQ(d[1].message, "undefined symbol 'nowhere'");
  EXPECT_EQ(d[2].line, 3u);
  EXPECT_EQ(d[2].column, 8u);
}

TEST(Assembler, StopsAtTheErrorLimit) {
  std::string source;
  for (int i = 0; i < 50; ++i)
    source += "bogus\n";
  as::AssembleOptions options;
  options.maxErrors = 5;
  std::vector<as::Diagnostic> d;
  EXPECT_FALSE(as::assemble(source, options, &d).ok());
  ASSERT_EQ(d.size(), 6u);
  EXPECT_EQ(d[5].format(), "<stdin>: error: too many errors (5); stopping");
}

TEST(Assembler, BadInputNeverCrashes) {
  // Odd bytes, unterminated strings and braces, huge sizes.
  for (const char *source : {"\x01\x02\xff",
                             "{",
                             "}",
                             "{{{",
                             ".incbin \"",
                             ".const\n.zero "
                             "99999999999999999999",
                             ".const\n.align 0x8000000000000000",
                             "\"",
                             "li r1, \"x\"",
                             ".input \"a",
                             ".input \"\" fp32 [1]",
                             ":",
                             "a:b:c:",
                             "[",
                             "hbm[",
                             "dma.copy hbm[r1+",
                             ".const\n.incbin \"/\"",
                             ".target \"\"",
                             "li r1, 99999999999999999999999999",
                             "\n\n"})
    EXPECT_FALSE(as::assemble(source, {}).ok()) << source;
  // Empty statements and quotes inside comments are fine.
  EXPECT_TRUE(as::assemble("nop; ; ;", {}).ok());
  EXPECT_TRUE(as::assemble("nop // \"", {}).ok());
}

} // namespace
