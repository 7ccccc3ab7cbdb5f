"""Checks that an assembly file uses every instruction of the ISA.

usage: coverage.py LIST FILE.s
LIST is the output of `npu-as --list-instructions` (mnemonic first on each
line). Prints the mnemonics FILE.s does not use and exits 1 if any.
"""
import re
import sys

defined = [line.split()[0] for line in open(sys.argv[1]) if line.strip()]
used = set()
for line in open(sys.argv[2]):
    code = re.split(r"//|#", line, maxsplit=1)[0]
    for statement in re.split(r"[;{}]", code):
        statement = re.sub(r"^\s*[A-Za-z_.$][\w.$]*:", "", statement).strip()
        if statement and not statement.startswith("."):
            used.add(statement.split()[0])
missing = [m for m in defined if m not in used]
if not defined:
    sys.exit("coverage.py: the instruction list is empty")
if missing:
    sys.exit("instructions missing from %s: %s" % (sys.argv[2], ", ".join(missing)))
print("all %d instructions used" % len(defined))
