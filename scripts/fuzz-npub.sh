#!/usr/bin/env bash
# Fuzzes the .npub loader with libFuzzer, ASan and UBSan.
#
#   scripts/fuzz-npub.sh [--build-dir DIR] [--no-build] [SECONDS] [-- ARGS...]
#
# Configures a clang-22 build of test/fuzz alone (no LLVM build needed) in
# DIR (default build-fuzz; installs clang-22 and libclang-rt-22-dev if
# missing), builds npub-fuzzer, writes a seed corpus of valid files and runs
# the fuzzer for SECONDS (default 60). ARGS go to libFuzzer. The growing
# corpus is kept in DIR/fuzz/npub-corpus and any crashing input in
# DIR/fuzz/npub-artifacts. Exits non-zero if the fuzzer finds a problem.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
do_build=1
seconds=60
while (($#)); do
  case $1 in
  --build-dir) build=$2; shift 2 ;;
  --no-build) do_build=0; shift ;;
  --) shift; break ;;
  -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
  *) seconds=$1; shift ;;
  esac
done

if ((do_build)); then
  if ! command -v clang++-22 >/dev/null ||
    ! ls /usr/lib/llvm-22/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
      >/dev/null 2>&1; then
    echo "installing clang-22 and libclang-rt-22-dev"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq clang-22 libclang-rt-22-dev >/dev/null
  fi
  "$root/scripts/install-deps.sh"
  if [ ! -f "$build/build.ninja" ]; then
    cmake -G Ninja -S "$root/test/fuzz" -B "$build" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER=clang++-22
  fi
  ninja -C "$build" -j"${NPU_JOBS:-2}" npub-fuzzer npub-fuzz-seeds
fi

fuzzer=$build/bin/npub-fuzzer
if [ ! -x "$fuzzer" ]; then
  echo "error: $fuzzer not built (needs clang with libFuzzer)" >&2
  exit 1
fi
work=$build/fuzz
seeds=$work/npub-seeds
corpus=$work/npub-corpus
artifacts=$work/npub-artifacts
mkdir -p "$seeds" "$corpus" "$artifacts"
"$build/bin/npub-fuzz-seeds" "$seeds"

echo "== fuzzing the .npub loader for ${seconds}s (corpus: $corpus)"
# -malloc_limit_mb: inputs are at most 64 KiB, so any single allocation near
# that limit is the absurd allocation the loader must never make.
exec "$fuzzer" -max_total_time="$seconds" -max_len=65536 \
  -rss_limit_mb=2048 -malloc_limit_mb=64 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$@" "$corpus" "$seeds"
