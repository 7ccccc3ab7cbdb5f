#!/usr/bin/env bash
# The main job: builds the tools, compiles the example GPT-2-style model
# (examples/models/gpt2/gpt.onnx, exported from PyTorch) for npu-v1 with
# npu-compile, runs it on the simulator with npu-run, checks the logits
# against PyTorch's (examples/models/gpt2/logits.npy; tolerance 2^-6, the
# device computes matrix products with bf16 operands) and prints the
# performance summary (cycles, time at the target's clock, efficiency
# against the roofline) and the compiler's per-op report. Outputs go to
# ${NPU_OUT:-build/example}. Set NPU_TARGET to compile for another target.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPU_BUILD_DIR:-$root/build}
out=${NPU_OUT:-$build/example}
target=${NPU_TARGET:-npu-v1}
model=$root/examples/models/gpt2
"$root/scripts/build.sh" npu-compile npu-run
mkdir -p "$out"
bin=$build/bin
export NPU_TARGET_PATH="${NPU_TARGET_PATH:-$root/targets}"
echo "== npu-compile $model/gpt.onnx --target $target"
"$bin/npu-compile" "$model/gpt.onnx" --input-shape input_ids=1x8 \
  --target "$target" -o "$out/gpt.npub" --report "$out/report.json"
echo "== npu-run $out/gpt.npub"
"$bin/npu-run" "$out/gpt.npub" --input "$model/ids.npy" \
  --output "$out/logits.npy" --check "logits=$model/logits.npy" \
  --rtol 0.015625 --atol 0.015625 \
  --stats-json "$out/stats.json" --trace "$out/trace.json"
echo "report: $out/report.json  stats: $out/stats.json"
echo "trace (open in https://ui.perfetto.dev): $out/trace.json"
