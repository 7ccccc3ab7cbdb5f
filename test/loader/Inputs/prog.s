// A small valid module for the loader tests: a signature with one input
// and one output, and a few instructions.
.target npu-tiny
.input x bf16 [4, 8]
.output y fp32 [4, 8]

        arg r1, 3
        arg r2, 4
        halt
