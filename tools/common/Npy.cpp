//===- Npy.cpp - NumPy .npy files for the tools ---------------------------===//

#include "Npy.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>

namespace npu::tools {

namespace {
constexpr char kMagic[] = "\x93NUMPY";

int elementBytes(const std::string &descr) {
  if (descr.size() != 3)
    return 0;
  return descr[2] - '0';
}

bool supported(const std::string &descr) {
  static const char *const kKnown[] = {"<f4", "<f8", "|i1", "|u1", "<i2",
                                       "<i4", "<i8", "<u2", "|b1"};
  for (const char *k : kKnown)
    if (descr == k)
      return true;
  return false;
}

// Finds the value text of 'key' in the header dict.
std::optional<std::string> dictValue(const std::string &header,
                                     const std::string &key) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos)
    return std::nullopt;
  size_t colon = header.find(':', k);
  if (colon == std::string::npos)
    return std::nullopt;
  size_t start = colon + 1;
  while (start < header.size() && header[start] == ' ')
    ++start;
  size_t end = start;
  if (start < header.size() && header[start] == '(') {
    end = header.find(')', start);
    if (end == std::string::npos)
      return std::nullopt;
    ++end;
  } else if (start < header.size() && header[start] == '\'') {
    end = header.find('\'', start + 1);
    if (end == std::string::npos)
      return std::nullopt;
    ++end;
  } else {
    end = header.find_first_of(",}", start);
    if (end == std::string::npos)
      return std::nullopt;
  }
  return header.substr(start, end - start);
}
} // namespace

uint64_t NpyArray::numElements() const {
  uint64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

double NpyArray::at(uint64_t i) const {
  const uint8_t *p = data.data() + i * elementBytes(descr);
  auto load = [&](auto v) {
    memcpy(&v, p, sizeof v);
    return static_cast<double>(v);
  };
  if (descr == "<f4")
    return load(float());
  if (descr == "<f8")
    return load(double());
  if (descr == "|i1")
    return load(int8_t());
  if (descr == "|u1")
    return load(uint8_t());
  if (descr == "|b1") // numpy bool: one byte, 0 or 1
    return load(uint8_t()) != 0 ? 1.0 : 0.0;
  if (descr == "<i2")
    return load(int16_t());
  if (descr == "<u2")
    return load(uint16_t());
  if (descr == "<i4")
    return load(int32_t());
  return load(int64_t());
}

absl::StatusOr<NpyArray> readNpy(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  auto bad = [&](const std::string &why) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a supported .npy file: ", why));
  };
  if (bytes.size() < 10 || memcmp(bytes.data(), kMagic, 6) != 0)
    return bad("missing \\x93NUMPY magic");
  unsigned major = bytes[6];
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = bytes[8] | (bytes[9] << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return bad("truncated header");
    headerLen = bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) |
                (size_t(bytes[11]) << 24);
    headerStart = 12;
  } else {
    return bad(absl::StrCat("unknown format version ", major));
  }
  if (headerStart + headerLen > bytes.size())
    return bad("truncated header");
  std::string header(bytes.begin() + headerStart,
                     bytes.begin() + headerStart + headerLen);
  NpyArray array;
  std::optional<std::string> descr = dictValue(header, "descr");
  std::optional<std::string> fortran = dictValue(header, "fortran_order");
  std::optional<std::string> shape = dictValue(header, "shape");
  if (!descr || !fortran || !shape)
    return bad("header lacks descr, fortran_order or shape");
  array.descr =
      std::string(absl::StripSuffix(absl::StripPrefix(*descr, "'"), "'"));
  if (array.descr == "<i1" || array.descr == "=i1")
    array.descr = "|i1";
  if (!supported(array.descr))
    return bad(absl::StrCat("dtype '", array.descr,
                            "' (supported: <f4 <f8 |i1 |u1 <i2 <u2 <i4 <i8)"));
  if (*fortran != "False")
    return bad("Fortran order is not supported; save with C order");
  std::string dims(absl::StripSuffix(absl::StripPrefix(*shape, "("), ")"));
  uint64_t count = 1;
  for (absl::string_view d :
       absl::StrSplit(dims, ',', absl::SkipWhitespace())) {
    d = absl::StripAsciiWhitespace(d);
    int64_t v;
    if (!absl::SimpleAtoi(d, &v) || v < 0 || v > (int64_t(1) << 40))
      return bad(absl::StrCat("bad dimension '", d, "'"));
    array.shape.push_back(v);
    count *= v;
    if (count > (uint64_t(1) << 40))
      return bad("array too large");
  }
  uint64_t dataBytes = count * elementBytes(array.descr);
  size_t dataStart = headerStart + headerLen;
  if (bytes.size() - dataStart != dataBytes)
    return bad(absl::StrCat("expected ", dataBytes, " data bytes for shape (",
                            dims, "), file has ", bytes.size() - dataStart));
  array.data.assign(bytes.begin() + dataStart, bytes.end());
  return array;
}

absl::Status writeNpy(const std::string &path, const NpyArray &array) {
  std::string shape;
  for (int64_t d : array.shape)
    absl::StrAppend(&shape, d, ",");
  if (array.shape.size() > 1)
    shape.pop_back();
  std::string header =
      absl::StrCat("{'descr': '", array.descr,
                   "', 'fortran_order': False, 'shape': (", shape, "), }");
  // Pad so the data starts at a multiple of 64 bytes, ending with '\n'.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::ofstream out(path, std::ios::binary);
  if (!out)
    return absl::PermissionDeniedError(
        absl::StrCat(path, ": cannot open for writing"));
  out.write(kMagic, 6);
  out.put(1);
  out.put(0);
  out.put(static_cast<char>(header.size() & 0xff));
  out.put(static_cast<char>(header.size() >> 8));
  out << header;
  out.write(reinterpret_cast<const char *>(array.data.data()),
            array.data.size());
  if (!out)
    return absl::DataLossError(absl::StrCat(path, ": write failed"));
  return absl::OkStatus();
}

} // namespace npu::tools
