//===- RuntimeApiTest.cpp - libnpurt C API end to end ---------------------===//
//
// Assembles programs, loads them through the C API (via the C++ wrapper) and
// runs them on the simulator device: the example matmul against a plain C++
// reference, and the error paths a user can hit.
//
//===----------------------------------------------------------------------===//

#include "asm/Assembler.h"
#include "format/Npub.h"
#include "npurt/npurt.hpp"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace {

std::string readSource(const std::string &relPath) {
  std::ifstream in(std::string(NPU_SOURCE_DIR) + "/" + relPath);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<uint8_t> assembleOrDie(const std::string &source,
                                   const std::string &name = "test.s") {
  npu::as::AssembleOptions options;
  options.fileName = name;
  absl::StatusOr<npu::npub::Module> m = npu::as::assemble(source, options);
  EXPECT_TRUE(m.ok()) << m.status();
  if (!m.ok())
    return {};
  return npu::npub::serialize(*m);
}

uint16_t bf16Bits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return static_cast<uint16_t>(u >> 16); // inputs are exact in bf16
}

class RuntimeApiTest : public ::testing::Test {
protected:
  void SetUp() override {
    setenv("NPU_TARGET_PATH", NPU_SOURCE_DIR "/targets", 1);
    absl::StatusOr<npurt::Device> d = npurt::Device::open();
    ASSERT_TRUE(d.ok()) << d.status();
    device.emplace(std::move(*d));
  }
  std::optional<npurt::Device> device;
};

TEST_F(RuntimeApiTest, ExampleMatmulMatchesReferenceBitExactly) {
  std::vector<uint8_t> bytes =
      assembleOrDie(readSource("examples/asm/matmul.s"), "matmul.s");
  auto module = device->loadMemory(bytes.data(), bytes.size());
  ASSERT_TRUE(module.ok()) << module.status();
  ASSERT_EQ(module->numInputs(), 2u);
  ASSERT_EQ(module->numOutputs(), 1u);

  constexpr int n = 256;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> dist(-255, 255);
  std::vector<float> a(n * n), b(n * n);
  std::vector<uint16_t> aBits(n * n), bBits(n * n);
  for (int i = 0; i < n * n; ++i) {
    a[i] = dist(rng) / 32.0f;
    b[i] = dist(rng) / 128.0f;
    aBits[i] = bf16Bits(a[i]);
    bBits[i] = bf16Bits(b[i]);
  }
  auto bufA = device->allocate(n * n * 2);
  auto bufB = device->allocate(n * n * 2);
  auto bufC = device->allocate(n * n * 4);
  ASSERT_TRUE(bufA.ok() && bufB.ok() && bufC.ok());
  ASSERT_TRUE(bufA->write(aBits.data(), aBits.size() * 2).ok());
  ASSERT_TRUE(bufB->write(bBits.data(), bBits.size() * 2).ok());

  auto result = module->run({&*bufA, &*bufB}, {&*bufC});
  ASSERT_TRUE(result.ok()) << result.status();

  std::vector<float> c(n * n);
  ASSERT_TRUE(bufC->read(c.data(), c.size() * 4).ok());
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      float acc = 0.0f;
      for (int p = 0; p < n; ++p)
        acc = acc + a[i * n + p] * b[p * n + j];
      ASSERT_EQ(c[i * n + j], acc) << "C[" << i << "][" << j << "]";
    }

  const npurt_stats &s = result->stats;
  EXPECT_EQ(s.macs, uint64_t(n) * n * n);
  EXPECT_EQ(s.hbm_bytes_read, uint64_t(2) * n * n * 2);
  EXPECT_EQ(s.hbm_bytes_written, uint64_t(n) * n * 4);
  EXPECT_GT(s.cycles, 0u);
  bool sawMxu = false;
  for (const npurt::EngineStats &e : result->engines)
    if (e.name == "mxu") {
      sawMxu = true;
      EXPECT_EQ(e.instructions, 2u);
      EXPECT_GT(e.busyCycles, 0u);
      EXPECT_LE(e.busyCycles, s.cycles);
    }
  EXPECT_TRUE(sawMxu);
}

TEST_F(RuntimeApiTest, UnknownDeviceIsNotFound) {
  auto d = npurt::Device::open("tpu");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(d.status().message().find("tpu"), std::string::npos);
}

TEST_F(RuntimeApiTest, CorruptModuleIsRejected) {
  std::vector<uint8_t> bytes =
      assembleOrDie(readSource("examples/asm/matmul.s"), "matmul.s");
  bytes[bytes.size() / 2] ^= 0x40;
  auto module = device->loadMemory(bytes.data(), bytes.size());
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(RuntimeApiTest, MissingFileIsNotFound) {
  auto module = device->loadFile("/nonexistent/x.npub");
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RuntimeApiTest, WrongBuffersAreRejected) {
  std::vector<uint8_t> bytes =
      assembleOrDie(readSource("examples/asm/matmul.s"), "matmul.s");
  auto module = device->loadMemory(bytes.data(), bytes.size());
  ASSERT_TRUE(module.ok()) << module.status();
  auto small = device->allocate(16);
  auto big = device->allocate(1 << 20);
  ASSERT_TRUE(small.ok() && big.ok());
  auto r = module->run({&*big}, {&*big});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("takes 2 inputs"), std::string::npos)
      << r.status();
  r = module->run({&*big, &*small}, {&*big});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'b'"), std::string::npos) << r.status();
  r = module->run({&*big, nullptr}, {&*big});
  ASSERT_FALSE(r.ok());
}

TEST_F(RuntimeApiTest, BufferAccessOutOfRangeIsAnError) {
  auto buf = device->allocate(64);
  ASSERT_TRUE(buf.ok());
  char data[128] = {};
  EXPECT_FALSE(buf->write(data, 65).ok());
  EXPECT_FALSE(buf->read(data, 8, 60).ok());
  EXPECT_TRUE(buf->read(data, 4, 60).ok());
}

TEST_F(RuntimeApiTest, DeadlockIsReported) {
  std::vector<uint8_t> bytes = assembleOrDie(R"(
.target npu-tiny
    vpu.relu [r0+0], [r0+0], rows=1, cols=1, dst_ld=4, a_ld=4, wait=s3
    halt
)");
  auto module = device->loadMemory(bytes.data(), bytes.size());
  ASSERT_TRUE(module.ok()) << module.status();
  auto r = module->run({}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded)
      << r.status();
  EXPECT_NE(r.status().message().find("s3"), std::string::npos) << r.status();
}

TEST_F(RuntimeApiTest, OutOfBoundsAccessEndsTheLaunch) {
  std::vector<uint8_t> bytes = assembleOrDie(R"(
.target npu-tiny
.output y fp32 [4]
    arg r1, 3
    dma.copy hbm[r1+0], sram[r0+0], size=32, signal=s0
    sem.wait s0
    halt
)");
  auto module = device->loadMemory(bytes.data(), bytes.size());
  ASSERT_TRUE(module.ok()) << module.status();
  auto out = device->allocate(16);
  ASSERT_TRUE(out.ok());
  auto r = module->run({}, {&*out});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kAborted) << r.status();
  EXPECT_NE(r.status().message().find("dma.copy"), std::string::npos)
      << r.status();
}

TEST_F(RuntimeApiTest, UserArgumentsFollowTheOutputs) {
  std::vector<uint8_t> bytes = assembleOrDie(R"(
.target npu-tiny
.output y int32 [2]
    arg r1, 3          // y
    arg r2, 4          // first user argument
    arg r3, 5          // second user argument
    add r2, r2, r3
    li r5, 64
    // There is no scalar store: observe r2 through a branch. The copy of
    // zeroed SRAM runs only when r2 == 42.
    li r6, 42
    beq r2, r6, ok
    halt
ok: dma.copy hbm[r1+0], sram[r5+0], size=8, signal=s0
    sem.wait s0
    halt
)");
  auto module = device->loadMemory(bytes.data(), bytes.size());
  ASSERT_TRUE(module.ok()) << module.status();
  auto out = device->allocate(8);
  ASSERT_TRUE(out.ok());
  int32_t sentinel[2] = {-1, -1};
  ASSERT_TRUE(out->write(sentinel, 8).ok());
  // 40 + 2 == 42: the copy of zeroed SRAM overwrites the sentinel.
  auto r = module->run({}, {&*out}, {40, 2});
  ASSERT_TRUE(r.ok()) << r.status();
  int32_t got[2];
  ASSERT_TRUE(out->read(got, 8).ok());
  EXPECT_EQ(got[0], 0);
  ASSERT_TRUE(out->write(sentinel, 8).ok());
  r = module->run({}, {&*out}, {40, 3});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(out->read(got, 8).ok());
  EXPECT_EQ(got[0], -1);
}

TEST_F(RuntimeApiTest, TimingTargetWithAnotherArchIsRejected) {
  std::vector<uint8_t> bytes =
      assembleOrDie(readSource("examples/asm/matmul.s"), "matmul.s");
  auto module = device->loadMemory(bytes.data(), bytes.size());
  ASSERT_TRUE(module.ok()) << module.status();
  auto bufA = device->allocate(256 * 256 * 2);
  auto bufB = device->allocate(256 * 256 * 2);
  auto bufC = device->allocate(256 * 256 * 4);
  npurt_launch_options options = {};
  options.timing_target = "npu-tiny";
  auto r = module->run({&*bufA, &*bufB}, {&*bufC}, {}, &options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("different arch"), std::string::npos)
      << r.status();
}

TEST_F(RuntimeApiTest, TimingOnlyKeepsTheCycleCount) {
  std::vector<uint8_t> bytes =
      assembleOrDie(readSource("examples/asm/matmul.s"), "matmul.s");
  auto module = device->loadMemory(bytes.data(), bytes.size());
  ASSERT_TRUE(module.ok()) << module.status();
  auto bufA = device->allocate(256 * 256 * 2);
  auto bufB = device->allocate(256 * 256 * 2);
  auto bufC = device->allocate(256 * 256 * 4);
  auto full = module->run({&*bufA, &*bufB}, {&*bufC});
  npurt_launch_options options = {};
  options.timing_only = 1;
  auto timing = module->run({&*bufA, &*bufB}, {&*bufC}, {}, &options);
  ASSERT_TRUE(full.ok() && timing.ok());
  EXPECT_EQ(full->stats.cycles, timing->stats.cycles);
}

} // namespace
