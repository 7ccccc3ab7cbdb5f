"""Damages an .npub file for the npu-objdump error tests.

usage: patch-npub.py IN OUT truncate BYTES
       patch-npub.py IN OUT code-word INDEX VALUE   (checksum kept valid)
       patch-npub.py IN OUT flip-byte OFFSET        (checksum left stale)

Knows the header layout of docs/BinaryFormat.md: section count (u32) at
36, section table offset (u64) at 40, CRC-32 checksum (u32) at 48 computed
with the checksum field zeroed; table entries of kind u32, flags u32,
offset u64, size u64; the code section has kind 1.
"""
import struct
import sys
import zlib

data = bytearray(open(sys.argv[1], "rb").read())
action = sys.argv[3]
if action == "truncate":
    data = data[: int(sys.argv[4], 0)]
elif action == "flip-byte":
    data[int(sys.argv[4], 0)] ^= 0xFF
elif action == "code-word":
    count = struct.unpack_from("<I", data, 36)[0]
    table = struct.unpack_from("<Q", data, 40)[0]
    for i in range(count):
        kind, _, offset, size = struct.unpack_from("<IIQQ", data, table + 24 * i)
        if kind == 1:
            struct.pack_into("<Q", data, offset + 8 * int(sys.argv[4], 0),
                             int(sys.argv[5], 0))
    struct.pack_into("<I", data, 48, 0)
    struct.pack_into("<I", data, 48, zlib.crc32(bytes(data)) & 0xFFFFFFFF)
else:
    sys.exit("unknown action " + action)
open(sys.argv[2], "wb").write(data)
