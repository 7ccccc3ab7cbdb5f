#!/usr/bin/env python3
"""Writes .npy files for the npu-interp and npu-compile tests (standard
library only: there is no numpy on the test machines).

  make-npy.py OUT.npy SHAPE [--dtype f4|f8|i1|i4|b1] (--values V,V,... |
              --pattern A,B,M,D)

SHAPE is e.g. 4x8 (a scalar: "scalar"). --values gives every element in
row-major order. --pattern gives element i the value
((i * A + B) % M - M // 2) / D: a deterministic spread of small values that,
with D a power of two and M small, are exact in bf16, so that products and
sums of them are exact in fp32 and a matmul does not depend on the order of
its additions.
"""
import argparse
import struct
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("shape")
    p.add_argument("--dtype", default="f4", choices=["f4", "f8", "i1", "i4", "b1"])
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--values")
    g.add_argument("--pattern")
    a = p.parse_args()

    shape = [] if a.shape == "scalar" else [int(d) for d in a.shape.split("x")]
    n = 1
    for d in shape:
        n *= d
    if a.values is not None:
        values = [float(v) for v in a.values.split(",")]
        if len(values) != n:
            sys.exit("make-npy.py: %d values for %d elements" % (len(values), n))
    else:
        mul, add, mod, div = (int(x) for x in a.pattern.split(","))
        values = [((i * mul + add) % mod - mod // 2) / div for i in range(n)]

    descr = {"f4": "<f4", "f8": "<f8", "i1": "|i1", "i4": "<i4",
             "b1": "|b1"}[a.dtype]
    fmt = {"f4": "<f", "f8": "<d", "i1": "<b", "i4": "<i", "b1": "<B"}[a.dtype]
    if a.dtype in ("i1", "i4"):
        values = [int(v) for v in values]
    if a.dtype == "b1":  # numpy bool: nonzero is True
        values = [int(v != 0) for v in values]
    shape_text = "(" + "".join("%d," % d for d in shape) + ")" if len(shape) == 1 \
        else "(" + ", ".join(str(d) for d in shape) + ")"
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (
        descr, shape_text)
    # Magic, version 1.0, header padded with spaces to a multiple of 64
    # bytes and ended by a newline.
    total = 10 + len(header) + 1
    header += " " * ((64 - total % 64) % 64) + "\n"
    with open(a.out, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00")
        f.write(struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(b"".join(struct.pack(fmt, v) for v in values))


if __name__ == "__main__":
    main()
