//===- HostTensor.h - Compile-time tensors of the ONNX importer -*- C++ -*-===//
//
// The values the importer knows at compile time (initializers, Constant
// nodes, and everything computed only from them, such as shape sub-graphs
// and masks) and the ONNX operators it evaluates on them. Plain C++: the
// importer folds these before it builds any npu_graph op.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_IMPORT_ONNX_HOSTTENSOR_H
#define NPU_LIB_IMPORT_ONNX_HOSTTENSOR_H

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace npu::onnx_import {

/// A tensor of an ONNX element type (onnx::TensorProto::DataType). Float
/// types keep their values in `f` (already rounded to the type's precision),
/// integer and boolean types in `i`.
struct HostTensor {
  int32_t dtype = 1; // FLOAT
  std::vector<int64_t> shape;
  std::vector<double> f;
  std::vector<int64_t> i;

  bool isFloat() const;
  int64_t numElements() const;
  double at(int64_t k) const { return isFloat() ? f[k] : double(i[k]); }
  int64_t intAt(int64_t k) const { return isFloat() ? int64_t(f[k]) : i[k]; }
  /// Stores `v` at `k`, rounded or truncated to the element type.
  void set(int64_t k, double v);
  void setInt(int64_t k, int64_t v);
  /// An uninitialised (zero) tensor.
  static HostTensor zeros(int32_t dtype, std::vector<int64_t> shape);
};

bool isFloatDType(int32_t dtype);
/// "float", "int64", ...
std::string dtypeName(int32_t dtype);

/// Row-major strides of `shape`.
std::vector<int64_t> stridesOf(const std::vector<int64_t> &shape);

/// NumPy broadcasting of `a` and `b` into a tensor of `dtype`; `fn` combines
/// two elements given as doubles (exact for the integers of shape
/// arithmetic). std::nullopt when the shapes do not broadcast.
std::optional<HostTensor>
broadcastBinary(const HostTensor &a, const HostTensor &b, int32_t dtype,
                const std::function<double(double, double)> &fn);

/// `x` with dimensions permuted (`perm[i]` is the input dimension of output
/// dimension i).
HostTensor transposeHost(const HostTensor &x, const std::vector<int64_t> &perm);

/// Concatenation along `axis` (in [0, rank)).
HostTensor concatHost(const std::vector<const HostTensor *> &parts,
                      int64_t axis);

/// Elements `starts[d] + r * steps[d]` for r < sizes[d] in every dimension.
HostTensor sliceHost(const HostTensor &x, const std::vector<int64_t> &starts,
                     const std::vector<int64_t> &sizes,
                     const std::vector<int64_t> &steps);

/// ONNX Gather along `axis` with in-range non-negative `indices`.
HostTensor gatherHost(const HostTensor &x, const HostTensor &indices,
                      int64_t axis);

/// Converts every element to `dtype` (ONNX Cast).
HostTensor castHost(const HostTensor &x, int32_t dtype);

} // namespace npu::onnx_import

#endif // NPU_LIB_IMPORT_ONNX_HOSTTENSOR_H
