//===- Check.cpp - Compare an output with a reference .npy ----------------===//

#include "Check.h"

#include "absl/strings/str_format.h"

#include <algorithm>
#include <cmath>

namespace npu::tools {

CheckResult compare(const NpyArray &got, const NpyArray &ref, double rtol,
                    double atol) {
  CheckResult r;
  r.elements = ref.numElements();
  double dot = 0, ng = 0, nr = 0;
  for (uint64_t i = 0; i < ref.numElements(); ++i) {
    double g = got.at(i), e = ref.at(i);
    double err = std::fabs(g - e);
    if (std::isnan(g) != std::isnan(e))
      err = INFINITY;
    else if (std::isnan(g))
      err = 0;
    r.maxAbs = std::max(r.maxAbs, err);
    if (e != 0)
      r.maxRel = std::max(r.maxRel, err / std::fabs(e));
    if (err > atol + rtol * std::fabs(e))
      ++r.mismatches;
    if (std::isfinite(g) && std::isfinite(e)) {
      dot += g * e;
      ng += g * g;
      nr += e * e;
    }
  }
  if (ng > 0 && nr > 0)
    r.cosine = dot / std::sqrt(ng * nr);
  else if (ng != nr)
    r.cosine = 0;
  return r;
}

std::string formatCheck(const std::string &name, const CheckResult &c,
                        double rtol, double atol) {
  return absl::StrFormat("check %s: %s  max_abs_err=%.3g max_rel_err=%.3g "
                         "cosine=%.6f mismatches=%llu/%llu (rtol=%g atol=%g)",
                         name, c.ok() ? "PASS" : "FAIL", c.maxAbs, c.maxRel,
                         c.cosine, (unsigned long long)c.mismatches,
                         (unsigned long long)c.elements, rtol, atol);
}

} // namespace npu::tools
