#!/usr/bin/env bash
# Copies the dialect references generated from the .td files (mlir-tblgen
# -gen-dialect-doc) into docs/dialects/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPU_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" NpuGraphIncGen NpuTileIncGen NpuIsaIncGen
for d in npu_graph npu_tile npu_isa; do
  cp "$build/dialects/$d/$d.md" "$root/docs/dialects/$d.md"
done
