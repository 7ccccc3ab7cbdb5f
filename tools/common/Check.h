//===- Check.h - Compare an output with a reference .npy -------*- C++ -*-===//
//
// The result check of npu-run --check and npu-interp --check: the same
// figures, the same pass/fail rule (|got - ref| <= atol + rtol * |ref| for
// every element, NaN matching NaN) and the same printed line.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TOOLS_CHECK_H
#define NPU_TOOLS_CHECK_H

#include "Npy.h"

#include <cstdint>
#include <string>

namespace npu::tools {

struct CheckResult {
  double maxAbs = 0, maxRel = 0, cosine = 1;
  uint64_t mismatches = 0;
  uint64_t elements = 0;
  bool ok() const { return mismatches == 0; }
};

/// Compares `got` with `ref` element by element (both have `ref`'s number of
/// elements; the caller checks that).
CheckResult compare(const NpyArray &got, const NpyArray &ref, double rtol,
                    double atol);

/// "check NAME: PASS  max_abs_err=... cosine=... mismatches=M/N (rtol=...
/// atol=...)", without a newline.
std::string formatCheck(const std::string &name, const CheckResult &result,
                        double rtol, double atol);

} // namespace npu::tools

#endif
