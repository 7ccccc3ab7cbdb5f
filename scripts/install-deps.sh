#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need (root, Debian 12).
# Does nothing when they are all present.
set -euo pipefail
packages=(
  cmake ninja-build ccache lld-22 g++ python3
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libzstd-dev zlib1g-dev libedit-dev libxml2-dev libffi-dev libcurl4-openssl-dev
  libabsl-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  # The ONNX importer (libonnx-dev: schema, checker, shape inference), its
  # tests (python3-onnx/numpy write test models; libonnx-testdata holds the
  # ONNX backend node tests) and the PyTorch example models.
  libonnx-dev libprotobuf-dev libonnx-testdata python3-onnx python3-numpy
  python3-torch
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
