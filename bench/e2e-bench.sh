#!/bin/sh
# End-to-end benchmark: compiles and runs, on npu-v1, with and without DMA
# scheduling (npu-compile --no-dma-schedule):
#   - a 1024x1024x1024 bf16 matmul (f32 result),
#   - an MLP block at 128 tokens x 768 -> 3072 -> 768 in bf16 (matmul,
#     bias, gelu, matmul, residual add),
#   - a causal attention block at 128 tokens x 768 in bf16, 12 query heads
#     sharing 4 key/value heads of 64 (q/k/v projections, transposes to
#     heads, npu_graph.attention, transpose back, output projection with a
#     [out, in] weight read with transpose_b, residual add),
# and prints the simulated cycles, the roofline bound and the efficiency
# (roofline / simulated) that npu-run --stats-json reports.
#
#   bench/e2e-bench.sh [BUILD_DIR] [--target NAME] [--full]
#
# BUILD_DIR defaults to ./build. The runs are --timing-only (no arithmetic,
# same timing) unless --full is given. `ninja e2e-bench` runs it on the
# build directory. Needs every pass of the pipeline; without them it says
# which are missing and exits with status 0 (nothing to measure).
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=
target=npu-v1
timing=--timing-only
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target=$2; shift 2 ;;
    --full) timing=; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) build=$1; shift ;;
  esac
done
build=${build:-$src/build}
bin=$build/bin
for tool in npu-compile npu-run npu-opt; do
  if [ ! -x "$bin/$tool" ]; then
    echo "e2e-bench: $bin/$tool not found; build it first (ninja -C $build $tool)" >&2
    exit 1
  fi
done
export NPU_TARGET_PATH="${NPU_TARGET_PATH:-$src/targets}"

missing=
help=$("$bin/npu-opt" --help)
for pass in npu-tile-graph npu-schedule-dma npu-place-memory npu-lower-to-isa npu-pack-bundles; do
  case "$help" in
    *"$pass"*) ;;
    *) missing="$missing $pass" ;;
  esac
done
if [ -n "$missing" ]; then
  echo "e2e-bench: no numbers: the compiler pipeline is incomplete in this build;"
  echo "  passes not registered:$missing"
  echo "  (npu-compile --emit graph works; the benchmark needs the whole pipeline)"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/e2e-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
make_npy="python3 $src/test/npu-interp/Inputs/make-npy.py"

cat > "$work/matmul.mlir" <<'MLIR'
func.func @matmul(%a: tensor<1024x1024xbf16>, %b: tensor<1024x1024xbf16>) -> tensor<1024x1024xf32> {
  %0 = npu_graph.matmul %a, %b : tensor<1024x1024xbf16>, tensor<1024x1024xbf16> -> tensor<1024x1024xf32>
  return %0 : tensor<1024x1024xf32>
}
MLIR
cat > "$work/mlp.mlir" <<'MLIR'
func.func @mlp(%x: tensor<128x768xbf16>, %w1: tensor<768x3072xbf16>,
               %b1: tensor<3072xbf16>, %w2: tensor<3072x768xbf16>)
    -> tensor<128x768xbf16> {
  %0 = npu_graph.matmul %x, %w1 : tensor<128x768xbf16>, tensor<768x3072xbf16> -> tensor<128x3072xbf16>
  %1 = npu_graph.add %0, %b1 : tensor<128x3072xbf16>, tensor<3072xbf16> -> tensor<128x3072xbf16>
  %2 = npu_graph.gelu %1 : tensor<128x3072xbf16>
  %3 = npu_graph.matmul %2, %w2 : tensor<128x3072xbf16>, tensor<3072x768xbf16> -> tensor<128x768xbf16>
  %4 = npu_graph.add %3, %x : tensor<128x768xbf16>
  return %4 : tensor<128x768xbf16>
}
MLIR
cat > "$work/attn.mlir" <<'MLIR'
func.func @attn(%x: tensor<128x768xbf16>, %wq: tensor<768x768xbf16>,
                %wk: tensor<768x256xbf16>, %wv: tensor<768x256xbf16>,
                %wo: tensor<768x768xbf16>) -> tensor<128x768xbf16> {
  %q0 = npu_graph.matmul %x, %wq : tensor<128x768xbf16>, tensor<768x768xbf16> -> tensor<128x768xbf16>
  %q1 = npu_graph.reshape %q0 : tensor<128x768xbf16> -> tensor<128x12x64xbf16>
  %q2 = npu_graph.transpose %q1 permutation = [1, 0, 2] : tensor<128x12x64xbf16> -> tensor<12x128x64xbf16>
  %q = npu_graph.reshape %q2 : tensor<12x128x64xbf16> -> tensor<1x12x128x64xbf16>
  %k0 = npu_graph.matmul %x, %wk : tensor<128x768xbf16>, tensor<768x256xbf16> -> tensor<128x256xbf16>
  %k1 = npu_graph.reshape %k0 : tensor<128x256xbf16> -> tensor<128x4x64xbf16>
  %k2 = npu_graph.transpose %k1 permutation = [1, 0, 2] : tensor<128x4x64xbf16> -> tensor<4x128x64xbf16>
  %k = npu_graph.reshape %k2 : tensor<4x128x64xbf16> -> tensor<1x4x128x64xbf16>
  %v0 = npu_graph.matmul %x, %wv : tensor<128x768xbf16>, tensor<768x256xbf16> -> tensor<128x256xbf16>
  %v1 = npu_graph.reshape %v0 : tensor<128x256xbf16> -> tensor<128x4x64xbf16>
  %v2 = npu_graph.transpose %v1 permutation = [1, 0, 2] : tensor<128x4x64xbf16> -> tensor<4x128x64xbf16>
  %v = npu_graph.reshape %v2 : tensor<4x128x64xbf16> -> tensor<1x4x128x64xbf16>
  %a = npu_graph.attention %q, %k, %v scale = 0.125 causal : tensor<1x12x128x64xbf16>, tensor<1x4x128x64xbf16>, tensor<1x4x128x64xbf16> -> tensor<1x12x128x64xbf16>
  %a1 = npu_graph.reshape %a : tensor<1x12x128x64xbf16> -> tensor<12x128x64xbf16>
  %a2 = npu_graph.transpose %a1 permutation = [1, 0, 2] : tensor<12x128x64xbf16> -> tensor<128x12x64xbf16>
  %a3 = npu_graph.reshape %a2 : tensor<128x12x64xbf16> -> tensor<128x768xbf16>
  %o = npu_graph.matmul %a3, %wo transpose_b : tensor<128x768xbf16>, tensor<768x768xbf16> -> tensor<128x768xbf16>
  %y = npu_graph.add %o, %x : tensor<128x768xbf16>
  return %y : tensor<128x768xbf16>
}
MLIR
$make_npy "$work/a.npy" 1024x1024 --pattern 7,3,15,8
$make_npy "$work/b.npy" 1024x1024 --pattern 11,5,13,8
$make_npy "$work/x.npy" 128x768 --pattern 7,3,17,8
$make_npy "$work/w1.npy" 768x3072 --pattern 11,5,19,64
$make_npy "$work/b1.npy" 3072 --pattern 3,1,9,16
$make_npy "$work/w2.npy" 3072x768 --pattern 13,2,23,64
$make_npy "$work/wq.npy" 768x768 --pattern 11,5,19,16
$make_npy "$work/wk.npy" 768x256 --pattern 13,2,23,16
$make_npy "$work/wv.npy" 768x256 --pattern 5,7,21,64
$make_npy "$work/wo.npy" 768x768 --pattern 3,1,25,64

# One line per (program, DMA scheduling): the figures of --stats-json.
printf '%-8s %-7s %-7s %14s %14s %10s %12s %10s\n' program target dma \
  sim_cycles roofline_cyc efficiency hbm_MB_read time_us
run() {
  name=$1 dma=$2; shift 2
  flags=
  [ "$dma" = off ] && flags=--no-dma-schedule
  out="$work/$name-$dma"
  if ! "$bin/npu-compile" "$work/$name.mlir" --target "$target" $flags \
       -o "$out.npub" --report "$out.report.json" 2> "$out.err"; then
    echo "e2e-bench: npu-compile failed on $name (dma $dma); first lines:" >&2
    head -n 3 "$out.err" | sed 's/^/  /' >&2
    return 0
  fi
  inputs=
  for f in "$@"; do inputs="$inputs --input $work/$f"; done
  if ! "$bin/npu-run" "$out.npub" $inputs $timing --quiet \
       --stats-json "$out.stats.json" 2> "$out.err"; then
    echo "e2e-bench: npu-run failed on $name (dma $dma); first lines:" >&2
    head -n 3 "$out.err" | sed 's/^/  /' >&2
    return 0
  fi
  python3 - "$out.stats.json" "$out.report.json" "$name" "$target" "$dma" <<'PY'
import json, sys
stats = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))
roof = stats.get("roofline_cycles")
source = "module"
if roof is None:  # the module carries no roofline: npu-compile's report
    roof = report["roofline"].get("cycles")
    source = "report"
eff = roof / stats["cycles"] if roof and stats["cycles"] else None
print("%-8s %-7s %-7s %14d %14s %10s %12.2f %10.1f" % (
    sys.argv[3], sys.argv[4], sys.argv[5], stats["cycles"],
    "-" if roof is None else "%d%s" % (roof, "" if source == "module" else "*"),
    "-" if eff is None else "%.3f" % eff,
    stats["hbm_bytes_read"] / 1e6, stats["time_us"]))
PY
}
for dma in on off; do
  run matmul $dma a.npy b.npy
  run mlp $dma x.npy w1.npy b1.npy w2.npy
  run attn $dma x.npy wq.npy wk.npy wv.npy wo.npy
done
echo "(a * marks a roofline taken from npu-compile --report because the module carries none)"
