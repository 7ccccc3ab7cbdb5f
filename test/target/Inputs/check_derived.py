"""Checks the derived figures of `npu-target-info --json` against the
formulas of docs/Targets.md, computed here from each target's own
parameters. Prints `ok NAME` per target; exits 1 on any mismatch."""
import json
import math
import re
import sys


def re_hash(text):
    return re.fullmatch(r"0x[0-9a-f]{16}", text) is not None


def expected(target):
    arch, timing = target["arch"], target["timing"]
    bf16 = 2 * arch["mxu_rows"] * arch["mxu_cols"]
    int8 = bf16 * timing["mxu_int8_speedup"] if arch["supports_int8"] else 0
    hz = timing["clock_ghz"] * 1e9
    hbm = timing["hbm_bytes_per_cycle"]
    channels = math.ceil(hbm / timing["dma_channel_bytes_per_cycle"])
    return {
        "peak_flop_per_cycle_bf16": bf16,
        "peak_op_per_cycle_int8": int8,
        "peak_tflop_per_s_bf16": bf16 * hz / 1e12,
        "peak_top_per_s_int8": int8 * hz / 1e12,
        "hbm_bytes_per_cycle": hbm,
        "hbm_gb_per_s": hbm * hz / 1e9,
        "ridge_point_flop_per_byte_bf16": bf16 / hbm,
        "sram_bytes": arch["sram_bytes"],
        "dma_channels_to_saturate_hbm":
            channels if channels <= arch["dma_channels"] else 0,
    }


status = 0
for target in json.load(sys.stdin):
    want, got = expected(target), target["derived"]
    if set(want) != set(got):
        print(f"{target['name']}: derived fields {sorted(got)}, "
              f"expected {sorted(want)}")
        status = 1
    for key, value in want.items():
        if key in got and not math.isclose(got[key], value, rel_tol=1e-12):
            print(f"{target['name']}: {key} = {got[key]}, expected {value}")
            status = 1
    if not re_hash(target["arch_hash"]):
        print(f"{target['name']}: bad arch_hash {target['arch_hash']}")
        status = 1
    if status == 0:
        print(f"ok {target['name']}")
sys.exit(status)
