#!/usr/bin/env bash
# The main job: builds the tools, assembles the example program
# examples/asm/matmul.s, runs it on the simulator with generated inputs,
# checks the result bit-exactly against a C++ reference and prints the
# performance summary. Outputs go to ${NPU_OUT:-build/example}.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPU_BUILD_DIR:-$root/build}
out=${NPU_OUT:-$build/example}
"$root/scripts/build.sh" npu-as npu-run npu-objdump npu-example-matmul-data
mkdir -p "$out"
bin=$build/bin
"$bin/npu-example-matmul-data" "$out"
"$bin/npu-as" "$root/examples/asm/matmul.s" -o "$out/matmul.npub"
echo "== npu-run $out/matmul.npub"
"$bin/npu-run" "$out/matmul.npub" --input "$out/a.npy" --input "$out/b.npy" \
  --output "$out/c.npy" --check "c=$out/c_ref.npy" --rtol 0 --atol 0 \
  --stats-json "$out/stats.json" --trace "$out/trace.json"
echo "stats: $out/stats.json  trace (open in https://ui.perfetto.dev): $out/trace.json"
