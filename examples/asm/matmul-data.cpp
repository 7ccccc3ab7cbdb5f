//===- matmul-data.cpp - Inputs and C++ reference for matmul.s -----------===//
//
// Writes a.npy and b.npy (256x256, values exactly representable in bf16)
// and c_ref.npy = A x B computed the way docs/ISA.md specifies the MXU:
// products exact in fp32, summed in fp32 in the order k = 0, 1, ..., 255.
// The simulator must match it bit for bit.
//
//===----------------------------------------------------------------------===//

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {
constexpr int kN = 256;

bool writeNpy(const std::string &path, const std::vector<float> &v) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                       std::to_string(kN) + ", " + std::to_string(kN) + "), }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  FILE *f = fopen(path.c_str(), "wb");
  if (!f)
    return false;
  fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  uint16_t len = header.size();
  fputc(len & 0xff, f);
  fputc(len >> 8, f);
  fwrite(header.data(), 1, header.size(), f);
  fwrite(v.data(), sizeof(float), v.size(), f);
  return fclose(f) == 0;
}
} // namespace

int main(int argc, char **argv) {
  std::string dir = argc > 1 ? argv[1] : ".";
  std::mt19937 rng(2026);
  // Multiples of 1/64 below 4 in magnitude have at most 8 significant bits,
  // so they are exact in bf16.
  std::uniform_int_distribution<int> dist(-255, 255);
  std::vector<float> a(kN * kN), b(kN * kN), c(kN * kN);
  for (float &x : a)
    x = dist(rng) / 64.0f;
  for (float &x : b)
    x = dist(rng) / 64.0f;
  for (int i = 0; i < kN; ++i)
    for (int j = 0; j < kN; ++j) {
      float acc = 0.0f;
      for (int p = 0; p < kN; ++p)
        acc = acc + a[i * kN + p] * b[p * kN + j];
      c[i * kN + j] = acc;
    }
  if (!writeNpy(dir + "/a.npy", a) || !writeNpy(dir + "/b.npy", b) ||
      !writeNpy(dir + "/c_ref.npy", c)) {
    fprintf(stderr, "matmul-data: error: cannot write to %s\n", dir.c_str());
    return 1;
  }
  return 0;
}
