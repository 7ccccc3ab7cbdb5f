//===- costmodel-report.cpp - Print the cost model's matmul plans ---------===//
//
// Prints, for each target and shape, the tiling the cost model chooses, its
// estimate against the roofline, and how long planning took:
//
//   costmodel-report [TARGET...]                (default: npu-v1 npu-tiny)
//   costmodel-report --shape MxKxN [TARGET...]  (repeatable)
//
//===----------------------------------------------------------------------===//

#include "npu/CostModel/CostModel.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace npu;
using namespace npu::cost;

namespace {

struct Shape {
  uint64_t m, k, n;
};

bool parseShape(const char *text, Shape &s) {
  unsigned long long m, k, n;
  char tail;
  if (std::sscanf(text, "%llux%llux%llu%c", &m, &k, &n, &tail) != 3)
    return false;
  s = {m, k, n};
  return m && k && n;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> targets;
  std::vector<Shape> shapes;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--shape") && i + 1 < argc) {
      Shape s;
      if (!parseShape(argv[++i], s)) {
        std::fprintf(stderr, "costmodel-report: bad shape '%s' (MxKxN)\n",
                     argv[i]);
        return 1;
      }
      shapes.push_back(s);
    } else {
      targets.push_back(argv[i]);
    }
  }
  if (targets.empty())
    targets = {"npu-v1", "npu-tiny"};
  if (shapes.empty())
    shapes = {{1024, 1024, 1024}, {128, 768, 3072}, {4096, 4096, 4096}};

  int status = 0;
  for (const std::string &name : targets) {
    absl::StatusOr<Target> target = loadTarget(name);
    if (!target.ok()) {
      std::fprintf(stderr, "costmodel-report: %s\n",
                   target.status().ToString().c_str());
      status = 1;
      continue;
    }
    std::printf(
        "%s: MXU %ux%u, SRAM %llu bytes, HBM %.0f B/cycle (%.0f "
        "achievable), peak %.0f FLOP/cycle\n",
        target->name.c_str(), target->arch.mxuRows, target->arch.mxuCols,
        (unsigned long long)target->arch.sramBytes,
        target->timing.hbmBytesPerCycle, achievableHbmBytesPerCycle(*target),
        target->peakFlopsPerCycleBf16());
    for (const Shape &s : shapes) {
      MatmulProblem p;
      p.m = s.m;
      p.k = s.k;
      p.n = s.n;
      p.outType = DType::BF16;
      auto start = std::chrono::steady_clock::now();
      absl::StatusOr<MatmulPlan> plan = planMatmul(*target, p);
      double ms = std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - start)
                      .count();
      std::printf("  %llux%llux%llu bf16: ", (unsigned long long)s.m,
                  (unsigned long long)s.k, (unsigned long long)s.n);
      if (!plan.ok()) {
        std::printf("%s\n", plan.status().ToString().c_str());
        status = 1;
        continue;
      }
      std::printf("%s split=%u dmas=%llu (planned in %.2f ms)\n",
                  plan->summary().c_str(), plan->tiling.dmaSplit,
                  (unsigned long long)plan->dmas, ms);
    }
  }
  return status;
}
