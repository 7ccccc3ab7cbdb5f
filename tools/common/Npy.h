//===- Npy.h - NumPy .npy files for the tools ------------------*- C++ -*-===//
//
// Shared by npu-run and npu-interp (tools/common, library npu_tools_npy).
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TOOLS_NPY_H
#define NPU_TOOLS_NPY_H

#include "absl/status/statusor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace npu::tools {

/// An array as stored in a .npy file: little-endian, C order.
struct NpyArray {
  std::string descr; // numpy dtype string, e.g. "<f4", "|i1"
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;
  uint64_t numElements() const;
  /// Element i converted to double (for any supported descr).
  double at(uint64_t i) const;
};

/// Reads a version 1.x/2.x/3.x .npy file. Supported dtypes: f4, f8, i1, u1,
/// i2, i4, i8 (little-endian), b1 (bool), C order only. Errors name the file.
absl::StatusOr<NpyArray> readNpy(const std::string &path);
absl::Status writeNpy(const std::string &path, const NpyArray &array);

} // namespace npu::tools

#endif
