"""Applies an elementwise fp32 function to a .npy file (no numpy needed).

usage: npy_map.py IN OUT EXPR, where EXPR is a Python expression in x,
evaluated in fp32-exact cases only (e.g. "max(2.0 * x, 0.0)").
"""
import ast
import struct
import sys

src, dst, expr = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(src, "rb").read()
assert data[:6] == b"\x93NUMPY"
major = data[6]
if major == 1:
    hlen = struct.unpack("<H", data[8:10])[0]
    start = 10
else:
    hlen = struct.unpack("<I", data[8:12])[0]
    start = 12
header = ast.literal_eval(data[start:start + hlen].decode("latin1"))
assert header["descr"] == "<f4" and not header["fortran_order"], header
body = data[start + hlen:]
n = len(body) // 4
values = struct.unpack("<%df" % n, body)
f = eval("lambda x: " + expr)
out = struct.pack("<%df" % n, *[f(x) for x in values])
open(dst, "wb").write(data[:start + hlen] + out)
