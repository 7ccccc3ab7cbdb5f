#!/usr/bin/env python3
"""Splices or checks the generated instruction reference in docs/ISA.md.

usage: isa-doc.py update|check DOC GENERATED
The generated text (npu-tblgen -gen-isa-doc) lives between the BEGIN/END
markers of DOC. `check` exits 1 with a diff when DOC is stale.
"""
import difflib
import sys

BEGIN = "<!-- BEGIN GENERATED: npu-tblgen -gen-isa-doc -->\n"
END = "<!-- END GENERATED: npu-tblgen -gen-isa-doc -->\n"


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("update", "check"):
        sys.exit(__doc__)
    mode, doc_path, gen_path = sys.argv[1:]
    doc = open(doc_path).read()
    gen = open(gen_path).read()
    if BEGIN not in doc or END not in doc:
        sys.exit(f"{doc_path}: missing generated-section markers")
    head, rest = doc.split(BEGIN, 1)
    current, tail = rest.split(END, 1)
    if mode == "update":
        open(doc_path, "w").write(head + BEGIN + gen + END + tail)
        return
    if current != gen:
        sys.stdout.writelines(difflib.unified_diff(
            current.splitlines(True), gen.splitlines(True),
            doc_path, "npu-tblgen -gen-isa-doc"))
        sys.exit(f"{doc_path} is stale: run scripts/update-isa-doc.sh")


if __name__ == "__main__":
    main()
