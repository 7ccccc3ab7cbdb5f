#!/bin/sh
# Memory benchmark of ONNX import and compilation: exports a GPT-2-style
# model with bench/make-gpt-model.py (PyTorch; default 4 layers of 768, a
# vocabulary of 8192: about 164 MB of fp32 weights), once with the weights
# inside the .onnx file and once as external data, and prints for each the
# model bytes, the peak resident set (/usr/bin/time -v) of
#   npu-import MODEL -o OUT.mlir
#   npu-compile MODEL -o OUT.npub
# and their ratio to the model bytes.
#
#   bench/import-memory.sh [BUILD_DIR] [--keep DIR] [make-gpt-model.py options]
#
# BUILD_DIR defaults to ./build. The models and outputs go to a temporary
# directory (or DIR with --keep, which reuses models already there). Needs
# python3 with torch and onnx; without them it says so and exits with status
# 0 (nothing to measure).
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build
work=
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) work=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --*) break ;;
    *) build=$(cd "$1" && pwd); shift ;;
  esac
done
python=/usr/bin/python3
if ! $python -c "import torch, onnx" >/dev/null 2>&1; then
  echo "import-memory: python3 with torch and onnx is needed; nothing measured"
  exit 0
fi
if [ ! -x /usr/bin/time ]; then
  echo "import-memory: /usr/bin/time (GNU time) is needed; nothing measured"
  exit 0
fi
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# Peak RSS in bytes of the command "$@"; a failure stops the benchmark.
peak() {
  if ! /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null \
      2>"$work/err.txt"; then
    echo "import-memory: failed: $*" >&2
    cat "$work/err.txt" >&2
    exit 1
  fi
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  echo $((kb * 1024))
}

mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

printf '%-10s %12s %22s %22s\n' model "model bytes" "npu-import peak RSS" \
  "npu-compile peak RSS"
for kind in inline external; do
  model=$work/gpt-$kind.onnx
  if [ ! -f "$model" ]; then
    flags=
    [ $kind = external ] && flags=--external
    $python "$src/bench/make-gpt-model.py" "$model" $flags "$@"
  fi
  bytes=$(wc -c <"$model")
  [ -f "$model.data" ] && bytes=$((bytes + $(wc -c <"$model.data")))
  imp=$(peak "$build/bin/npu-import" "$model" --input-shape input_ids=1x8 \
    -o "$work/out.mlir")
  cmp=$(peak "$build/bin/npu-compile" "$model" --input-shape input_ids=1x8 \
    -o "$work/out.npub")
  printf '%-10s %12s %14s (%s) %14s (%s)\n' $kind "$(mb $bytes)" \
    "$(mb $imp)" "$(ratio $imp $bytes)" "$(mb $cmp)" "$(ratio $cmp $bytes)"
done
