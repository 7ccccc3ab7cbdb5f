//===- HostTensor.cpp - Compile-time tensors of the ONNX importer ---------===//

#include "HostTensor.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstring>

using onnx::TensorProto;

namespace npu::onnx_import {

bool isFloatDType(int32_t dtype) {
  return dtype == TensorProto::FLOAT || dtype == TensorProto::DOUBLE ||
         dtype == TensorProto::FLOAT16 || dtype == TensorProto::BFLOAT16;
}

std::string dtypeName(int32_t dtype) {
  if (TensorProto::DataType_IsValid(dtype)) {
    std::string name =
        TensorProto::DataType_Name(static_cast<TensorProto::DataType>(dtype));
    for (char &c : name)
      c = char(std::tolower(static_cast<unsigned char>(c)));
    return name;
  }
  return "data type " + std::to_string(dtype);
}

bool HostTensor::isFloat() const { return isFloatDType(dtype); }

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// `v` rounded to the precision of float type `dtype`.
static double roundTo(int32_t dtype, double v) {
  if (dtype == TensorProto::DOUBLE)
    return v;
  float x = float(v);
  if (dtype == TensorProto::BFLOAT16 && std::isfinite(x)) {
    uint32_t bits;
    std::memcpy(&bits, &x, 4);
    bits += 0x7fff + ((bits >> 16) & 1); // round to nearest even
    bits &= 0xffff0000u;
    std::memcpy(&x, &bits, 4);
  }
  return x;
}

/// `v` wrapped or saturated into integer type `dtype` as ONNX Cast does for
/// in-range values (out-of-range values are undefined there; wrap them).
static int64_t wrapTo(int32_t dtype, int64_t v) {
  switch (dtype) {
  case TensorProto::BOOL:
    return v != 0;
  case TensorProto::INT8:
    return int8_t(v);
  case TensorProto::UINT8:
    return uint8_t(v);
  case TensorProto::INT16:
    return int16_t(v);
  case TensorProto::UINT16:
    return uint16_t(v);
  case TensorProto::INT32:
    return int32_t(v);
  case TensorProto::UINT32:
    return uint32_t(v);
  default:
    return v;
  }
}

void HostTensor::set(int64_t k, double v) {
  if (isFloat()) {
    f[k] = roundTo(dtype, v);
    return;
  }
  if (dtype == TensorProto::BOOL) {
    i[k] = v != 0;
    return;
  }
  // Float to integer truncates toward zero (ONNX Cast); NaN becomes 0.
  i[k] = wrapTo(dtype, std::isnan(v) ? 0 : int64_t(std::trunc(v)));
}

void HostTensor::setInt(int64_t k, int64_t v) {
  if (isFloat())
    f[k] = roundTo(dtype, double(v));
  else
    i[k] = wrapTo(dtype, v);
}

HostTensor HostTensor::zeros(int32_t dtype, std::vector<int64_t> shape) {
  HostTensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  if (t.isFloat())
    t.f.assign(t.numElements(), 0.0);
  else
    t.i.assign(t.numElements(), 0);
  return t;
}

std::vector<int64_t> stridesOf(const std::vector<int64_t> &shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = int64_t(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// Copies element `from` of `x` to element `to` of `y` (same kind).
static void copyElement(const HostTensor &x, int64_t from, HostTensor &y,
                        int64_t to) {
  if (y.isFloat())
    y.f[to] = x.f[from];
  else
    y.i[to] = x.i[from];
}

std::optional<HostTensor>
broadcastBinary(const HostTensor &a, const HostTensor &b, int32_t dtype,
                const std::function<double(double, double)> &fn) {
  size_t rank = std::max(a.shape.size(), b.shape.size());
  std::vector<int64_t> shape(rank), as(rank, 1), bs(rank, 1);
  std::copy(a.shape.begin(), a.shape.end(),
            as.begin() + (rank - a.shape.size()));
  std::copy(b.shape.begin(), b.shape.end(),
            bs.begin() + (rank - b.shape.size()));
  for (size_t d = 0; d < rank; ++d) {
    if (as[d] != bs[d] && as[d] != 1 && bs[d] != 1)
      return std::nullopt;
    shape[d] = as[d] == 1 ? bs[d] : as[d];
  }
  HostTensor out = HostTensor::zeros(dtype, shape);
  std::vector<int64_t> aStrides = stridesOf(as), bStrides = stridesOf(bs);
  std::vector<int64_t> index(rank, 0);
  for (int64_t k = 0, n = out.numElements(); k < n; ++k) {
    int64_t ai = 0, bi = 0;
    for (size_t d = 0; d < rank; ++d) {
      if (as[d] != 1)
        ai += index[d] * aStrides[d];
      if (bs[d] != 1)
        bi += index[d] * bStrides[d];
    }
    out.set(k, fn(a.at(ai), b.at(bi)));
    for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

HostTensor transposeHost(const HostTensor &x,
                         const std::vector<int64_t> &perm) {
  std::vector<int64_t> shape(perm.size());
  for (size_t d = 0; d < perm.size(); ++d)
    shape[d] = x.shape[perm[d]];
  HostTensor out = HostTensor::zeros(x.dtype, shape);
  std::vector<int64_t> inStrides = stridesOf(x.shape);
  std::vector<int64_t> index(shape.size(), 0);
  for (int64_t k = 0, n = out.numElements(); k < n; ++k) {
    int64_t from = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      from += index[d] * inStrides[perm[d]];
    copyElement(x, from, out, k);
    for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

HostTensor concatHost(const std::vector<const HostTensor *> &parts,
                      int64_t axis) {
  std::vector<int64_t> shape = parts.front()->shape;
  shape[axis] = 0;
  for (const HostTensor *p : parts)
    shape[axis] += p->shape[axis];
  HostTensor out = HostTensor::zeros(parts.front()->dtype, shape);
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  int64_t k = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (const HostTensor *p : parts) {
      int64_t chunk = p->numElements() / std::max<int64_t>(outer, 1);
      for (int64_t e = 0; e < chunk; ++e)
        copyElement(*p, o * chunk + e, out, k++);
    }
  return out;
}

HostTensor sliceHost(const HostTensor &x, const std::vector<int64_t> &starts,
                     const std::vector<int64_t> &sizes,
                     const std::vector<int64_t> &steps) {
  HostTensor out = HostTensor::zeros(x.dtype, sizes);
  std::vector<int64_t> inStrides = stridesOf(x.shape);
  std::vector<int64_t> index(sizes.size(), 0);
  for (int64_t k = 0, n = out.numElements(); k < n; ++k) {
    int64_t from = 0;
    for (size_t d = 0; d < sizes.size(); ++d)
      from += (starts[d] + index[d] * steps[d]) * inStrides[d];
    copyElement(x, from, out, k);
    for (int64_t d = int64_t(sizes.size()) - 1; d >= 0; --d) {
      if (++index[d] < sizes[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

HostTensor gatherHost(const HostTensor &x, const HostTensor &indices,
                      int64_t axis) {
  std::vector<int64_t> shape(x.shape.begin(), x.shape.begin() + axis);
  shape.insert(shape.end(), indices.shape.begin(), indices.shape.end());
  shape.insert(shape.end(), x.shape.begin() + axis + 1, x.shape.end());
  HostTensor out = HostTensor::zeros(x.dtype, shape);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= x.shape[d];
  for (size_t d = axis + 1; d < x.shape.size(); ++d)
    inner *= x.shape[d];
  int64_t count = indices.numElements(), k = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < count; ++j) {
      int64_t row = indices.intAt(j);
      for (int64_t e = 0; e < inner; ++e)
        copyElement(x, (o * x.shape[axis] + row) * inner + e, out, k++);
    }
  return out;
}

HostTensor castHost(const HostTensor &x, int32_t dtype) {
  HostTensor out = HostTensor::zeros(dtype, x.shape);
  for (int64_t k = 0, n = x.numElements(); k < n; ++k) {
    if (x.isFloat())
      out.set(k, x.f[k]);
    else
      out.setInt(k, x.i[k]);
  }
  return out;
}

} // namespace npu::onnx_import
