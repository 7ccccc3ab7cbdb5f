//===- TraceTest.cpp - Chrome Trace Event output of the simulator ---------===//

#include "sim/Trace.h"
#include "SimTestUtil.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace npu;
using namespace npu::simtest;
using nlohmann::json;
using ::testing::HasSubstr;

namespace {

class TraceTest : public ::testing::Test {
protected:
  void SetUp() override {
    path = ::testing::TempDir() + "/sim-trace-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name() +
           ".json";
    options.tracePath = path;
  }
  void TearDown() override {
    // NPU_KEEP_TEST_TRACES=1 keeps the files, to look at them in Perfetto.
    if (!std::getenv("NPU_KEEP_TEST_TRACES"))
      std::remove(path.c_str());
  }

  absl::StatusOr<sim::SimStats> run(const ProgramBuilder &p) {
    return sim::simulate(target, p.finish(), {}, memory, options);
  }

  json readTrace() {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str()); // throws (fails the test) if invalid
  }

  /// tid -> thread name, from the metadata events.
  static std::map<int, std::string> threadNames(const json &trace) {
    std::map<int, std::string> names;
    for (const json &e : trace["traceEvents"])
      if (e["ph"] == "M" && e["name"] == "thread_name")
        names[e["tid"].get<int>()] = e["args"]["name"].get<std::string>();
    return names;
  }

  Target target = testTarget();
  sim::DeviceMemory memory{target.arch.hbmBytes, target.arch.sramBytes};
  sim::SimOptions options;
  std::string path;
};

TEST_F(TraceTest, EventsPerEngineAndStalls) {
  ProgramBuilder p;
  p.add(dma(kSram, 0, 65536, kSram, 0, 0, 4096, 1, kNone, /*signal=*/1));
  p.add(matmul(32768, 0, 16384, 16, 16, 16, isa::MxuMode::bf16, /*wait=*/1,
               /*signal=*/2));
  p.add(vpuUnary(Opcode::VPU_EXP, 8192, 0, 8, 64));
  p.add(semWait(2));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_TRUE(stats.ok()) << stats.status();

  json trace = readTrace();
  ASSERT_TRUE(trace.contains("traceEvents"));
  ASSERT_TRUE(trace["traceEvents"].is_array());
  EXPECT_TRUE(trace.contains("displayTimeUnit"));

  std::map<int, std::string> names = threadNames(trace);
  EXPECT_EQ(names[0], "scalar");
  EXPECT_EQ(names[1], "dma0");
  EXPECT_EQ(names[2], "dma1");
  EXPECT_EQ(names[5], "mxu");
  EXPECT_EQ(names[6], "vpu");

  // Complete events, by track.
  std::map<std::string, std::vector<json>> byTrack;
  for (const json &e : trace["traceEvents"]) {
    if (e["ph"] != "X")
      continue;
    ASSERT_TRUE(e["ts"].is_number_unsigned()) << e.dump();
    ASSERT_TRUE(e["dur"].is_number_unsigned()) << e.dump();
    EXPECT_EQ(e["pid"], 0);
    byTrack[names[e["tid"].get<int>()]].push_back(e);
  }
  ASSERT_EQ(byTrack["dma1"].size(), 1u);
  const json &copy = byTrack["dma1"][0];
  EXPECT_EQ(copy["name"], "dma.copy");
  EXPECT_EQ(copy["ts"], 0);
  EXPECT_EQ(copy["dur"], 42); // 10 + 4096 / 128
  EXPECT_EQ(copy["args"]["bundle"], 0);
  EXPECT_EQ(copy["args"]["bytes"], 4096);
  EXPECT_EQ(copy["args"]["signal"], "s1");

  std::set<std::string> mxuNames;
  for (const json &e : byTrack["mxu"])
    mxuNames.insert(e["name"].get<std::string>());
  EXPECT_TRUE(mxuNames.count("mxu.matmul"));
  EXPECT_TRUE(mxuNames.count("stall: semaphore"));
  for (const json &e : byTrack["mxu"])
    if (e["name"] == "mxu.matmul") {
      EXPECT_EQ(e["ts"], 42);
      EXPECT_EQ(e["dur"], 36);
      EXPECT_EQ(e["args"]["m"], 16);
      EXPECT_EQ(e["args"]["mode"], "bf16");
    }
  ASSERT_EQ(byTrack["vpu"].size(), 1u);
  EXPECT_EQ(byTrack["vpu"][0]["name"], "vpu.exp");

  // The scalar track has one event per bundle plus the sem.wait stall.
  bool sawStall = false;
  std::set<std::string> scalarNames;
  for (const json &e : byTrack["scalar"]) {
    scalarNames.insert(e["name"].get<std::string>());
    if (e["name"] == "stall: semaphore") {
      sawStall = true;
      EXPECT_EQ(e["ts"], 3);
      EXPECT_EQ(e["dur"], 42 + 36 - 3);
    }
  }
  EXPECT_TRUE(sawStall);
  EXPECT_TRUE(scalarNames.count("sem.wait"));
  EXPECT_TRUE(scalarNames.count("halt"));
  EXPECT_TRUE(scalarNames.count("issue")); // bundles without scalar inst

  // Events on one track never overlap, so viewers draw them as a sequence.
  for (auto &[track, events] : byTrack) {
    std::sort(events.begin(), events.end(), [](const json &a, const json &b) {
      return a["ts"].get<uint64_t>() < b["ts"].get<uint64_t>();
    });
    for (size_t i = 1; i < events.size(); ++i)
      EXPECT_LE(events[i - 1]["ts"].get<uint64_t>() +
                    events[i - 1]["dur"].get<uint64_t>(),
                events[i]["ts"].get<uint64_t>())
          << track;
  }

  // Semaphore counters.
  bool sawCounter = false;
  for (const json &e : trace["traceEvents"])
    if (e["ph"] == "C" && e["name"] == "s1")
      sawCounter = true;
  EXPECT_TRUE(sawCounter);
}

TEST_F(TraceTest, WrittenEvenWhenTheSimulationFails) {
  ProgramBuilder p;
  p.add(dma(kSram, 0, 8192, kSram, 0, 0, 64, 0, /*wait=*/3));
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()), HasSubstr("deadlock"));
  json trace = readTrace();
  EXPECT_TRUE(trace["traceEvents"].is_array());
}

TEST_F(TraceTest, UnwritablePathIsAnError) {
  options.tracePath = "/nonexistent-dir/trace.json";
  ProgramBuilder p;
  p.add(halt());
  absl::StatusOr<sim::SimStats> stats = run(p);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()),
              HasSubstr("cannot create trace file"));
}

TEST(JsonQuote, EscapesSpecialCharacters) {
  EXPECT_EQ(sim::jsonQuote("a\"b\\c\n\t\x01"), "\"a\\\"b\\\\c\\n\\t\\u0001\"");
  json parsed = json::parse(sim::jsonQuote("x\"\\\x1f y"));
  EXPECT_EQ(parsed.get<std::string>(), "x\"\\\x1f y");
}

} // namespace
