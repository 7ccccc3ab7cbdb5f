#!/usr/bin/env python3
"""mutate-onnx.py MODEL.onnx SEED COUNT -- TOOL ARGS...: runs TOOL on COUNT
copies of MODEL with random bytes changed or cut off (deterministic for a
SEED; the copy's path replaces @ in ARGS) and prints how many exited with
0 (imported), 1 (a reported error) or anything else (a crash). Standard
library only."""
import os
import random
import subprocess
import sys
import tempfile


def main():
    model, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    tool = sys.argv[sys.argv.index("--") + 1:]
    data = open(model, "rb").read()
    rng = random.Random(seed)
    counts = {"ok": 0, "error": 0, "crash": 0}
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "mutated.onnx")
        for _ in range(count):
            b = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            if rng.random() < 0.3:
                b = b[:rng.randrange(len(b))]
            with open(path, "wb") as f:
                f.write(b)
            rc = subprocess.run([a.replace("@", path) for a in tool],
                                capture_output=True, timeout=120).returncode
            key = "ok" if rc == 0 else "error" if rc == 1 else "crash"
            counts[key] += 1
            if key == "crash":
                print("crash (exit status %d) on a mutation of %s" % (rc, model))
    print("%(ok)d imported, %(error)d errors, %(crash)d crashes" % counts)


if __name__ == "__main__":
    main()
