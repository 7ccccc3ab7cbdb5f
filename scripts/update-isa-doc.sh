#!/usr/bin/env bash
# Regenerates the instruction reference in docs/ISA.md from NPUISA.td.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPU_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" npu-tblgen
tmp=$(mktemp)
"$build/bin/npu-tblgen" -gen-isa-doc "$root/include/npu/ISA/NPUISA.td" -o "$tmp"
python3 "$root/scripts/isa-doc.py" update "$root/docs/ISA.md" "$tmp"
rm -f "$tmp"
