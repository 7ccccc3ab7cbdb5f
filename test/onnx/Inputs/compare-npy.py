#!/usr/bin/env python3
"""compare-npy.py GOT.npy WANT.npy [--rtol X] [--atol X]: prints the max
absolute error and whether numpy.allclose holds; exits 1 when it does not
(or when the shapes differ)."""
import argparse
import sys

import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("got")
    p.add_argument("want")
    p.add_argument("--rtol", type=float, default=1e-3)
    p.add_argument("--atol", type=float, default=1e-5)
    a = p.parse_args()
    got, want = np.load(a.got), np.load(a.want)
    if got.shape != want.shape:
        print("shape mismatch: %s vs %s" % (got.shape, want.shape))
        return 1
    err = float(np.max(np.abs(got.astype(np.float64) - want)))
    ok = np.allclose(got, want, rtol=a.rtol, atol=a.atol)
    print("max abs error %.3g: %s" % (err, "MATCH" if ok else "MISMATCH"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
