// Input of coverage.test: uses only a few instructions.
nop
{ add r1, r2, r3; fence }
