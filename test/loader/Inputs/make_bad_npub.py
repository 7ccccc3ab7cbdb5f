#!/usr/bin/env python3
"""Writes a corrupted variant of a valid .npub file, for loader tests.

    make_bad_npub.py VALID.npub KIND OUT

Every variant except the raw-corruption ones (bad-magic, truncated,
trailing, bad-checksum, ...) gets a correct checksum, so that the loader's
check behind the checksum is the one that fires. The layout used here is the
one in docs/BinaryFormat.md, written independently of the C++ writer; the
checksum is zlib's CRC-32, which the format specifies.
"""

import struct
import sys
import zlib

HEADER = struct.Struct("<8sHHIQQIIQI12s")
ENTRY = struct.Struct("<IIQQ")
OFF_VERSION_MAJOR = 8
OFF_FILE_SIZE = 16
OFF_SECTION_COUNT = 36
OFF_SECTION_TABLE = 40
OFF_CHECKSUM = 48

KINDS = {"Code": 1, "Constants": 2, "Signature": 3, "State": 4, "Target": 5,
         "DebugMap": 6, "Provenance": 7, "Metadata": 8}


class Npub:
    def __init__(self, data):
        self.b = bytearray(data)
        fields = HEADER.unpack_from(self.b, 0)
        self.count = fields[7]
        self.table = fields[8]

    def put(self, fmt, offset, value):
        struct.pack_into("<" + fmt, self.b, offset, value)

    def get(self, fmt, offset):
        return struct.unpack_from("<" + fmt, self.b, offset)[0]

    def entry(self, kind):
        """Offset of the section table entry of `kind`."""
        for i in range(self.count):
            at = self.table + i * ENTRY.size
            if self.get("I", at) == KINDS[kind]:
                return at
        sys.exit(f"make_bad_npub.py: no {kind} section in the input")

    def payload(self, kind):
        return self.get("Q", self.entry(kind) + 8)

    def fix(self):
        """File size and checksum consistent with the bytes."""
        self.put("Q", OFF_FILE_SIZE, len(self.b))
        self.put("I", OFF_CHECKSUM, 0)
        self.put("I", OFF_CHECKSUM, zlib.crc32(bytes(self.b)))

    def replace(self, kind, payload):
        """Points `kind` at `payload`, appended at the end of the file."""
        at = self.entry(kind)
        self.b += bytes(-len(self.b) % 8)
        self.put("Q", at + 8, len(self.b))
        self.put("Q", at + 16, len(payload))
        self.b += payload

    def drop(self, kind):
        """Removes `kind` from the table (the last entry takes its place)."""
        at = self.entry(kind)
        last = self.table + (self.count - 1) * ENTRY.size
        self.b[at:at + ENTRY.size] = self.b[last:last + ENTRY.size]
        self.put("I", OFF_SECTION_COUNT, self.count - 1)


def first_tensor(f):
    """Offsets of the first Signature tensor's type, rank and dimensions."""
    p = f.payload("Signature")
    name_length = f.get("I", p + 8)
    type_at = p + 12 + name_length
    return type_at, type_at + 1, type_at + 8


def make(data, kind):
    if kind == "empty":
        return b""
    if kind == "bad-magic":
        return b"ELF!" + data[4:]
    if kind == "short":
        return data[:40]
    if kind == "truncated":
        return data[:-8]
    if kind == "trailing":
        return data + b"\0" * 8
    if kind == "bad-checksum":
        b = bytearray(data)
        b[-1] ^= 0x01
        return bytes(b)

    # Structural corruption, checksum fixed.
    f = Npub(data)
    if kind == "valid":
        pass
    elif kind == "newer-major":
        f.put("H", OFF_VERSION_MAJOR, 2)
    elif kind == "table-past-end":
        f.put("Q", OFF_SECTION_TABLE, len(f.b))
    elif kind == "huge-section-count":
        f.put("I", OFF_SECTION_COUNT, 0xFFFFFFFF)
    elif kind == "section-past-end":
        f.put("Q", f.entry("Target") + 8, len(f.b) + 8)
    elif kind == "size-wraps":
        # offset + size = 2^64 + 8
        f.put("Q", f.entry("Signature") + 8, 16)
        f.put("Q", f.entry("Signature") + 16, 2**64 - 8)
    elif kind == "overlap":
        f.put("Q", f.entry("Signature") + 8, f.payload("Code"))
    elif kind == "overlap-header":
        f.put("Q", f.entry("Code") + 8, 0)
    elif kind == "misaligned":
        f.put("Q", f.entry("Target") + 8, f.payload("Target") + 4)
    elif kind == "duplicate":
        f.put("I", f.entry("Target"), KINDS["Code"])
    elif kind == "unknown-kind":
        f.put("I", f.entry("Target"), 99)
    elif kind == "missing-metadata":
        f.drop("Metadata")
    elif kind == "code-size":
        f.put("Q", f.entry("Code") + 16, f.get("Q", f.entry("Code") + 16) - 4)
    elif kind == "rank":
        _, rank_at, _ = first_tensor(f)
        f.b[rank_at] = 200
    elif kind == "negative-dim":
        _, _, dims_at = first_tensor(f)
        f.put("q", dims_at, -4)
    elif kind == "elem-type":
        type_at, _, _ = first_tensor(f)
        f.b[type_at] = 9
    elif kind == "huge-count":
        f.put("I", f.payload("Signature"), 0xFFFFFFFF)
    elif kind == "duplicate-name":
        inputs = struct.pack("<II", 1, 1)
        for name, arg in (("x", 3), ("x", 4)):
            inputs += struct.pack("<I", len(name)) + name.encode()
            inputs += struct.pack("<BBHIq", 0, 1, 0, arg, 4)
        f.replace("Signature", inputs)
    elif kind == "empty-target":
        f.replace("Target", b"")
    elif kind == "short-metadata":
        f.replace("Metadata", struct.pack("<QQQ", 0, 0, 0))
    else:
        sys.exit(f"make_bad_npub.py: unknown kind '{kind}'")
    f.fix()
    return bytes(f.b)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1].strip())
    src, kind, out = sys.argv[1:]
    with open(src, "rb") as fh:
        data = fh.read()
    with open(out, "wb") as fh:
        fh.write(make(data, kind))


if __name__ == "__main__":
    main()
