# Writes a deterministic random float32 .npy file (no numpy needed):
#   random_npy.py PATH D0xD1x... [SEED] [SCALE]
# The values are uniform in [-SCALE, SCALE].
import struct, sys, random
path, shape = sys.argv[1], [int(x) for x in sys.argv[2].split('x')]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 0)
scale = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
n = 1
for d in shape: n *= d
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % (
    ''.join('%d, ' % d for d in shape) if len(shape) != 1 else '%d,' % shape[0])
header += ' ' * ((64 - (10 + len(header) + 1) % 64) % 64) + '\n'
with open(path, 'wb') as f:
    f.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode())
    f.write(struct.pack('<%df' % n, *[rng.uniform(-1, 1) * scale for _ in range(n)]))
