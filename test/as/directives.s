// Signature, scratch, state and data directives.
//
// RUN: npu-as %s -o %t.npub
// RUN: npu-objdump --signature %t.npub | FileCheck %s --check-prefix=SIG
// RUN: npu-objdump --asm %t.npub | FileCheck %s --check-prefix=ASM
// RUN: npu-objdump -d %t.npub | FileCheck %s --check-prefix=DIS
// RUN: npu-objdump --asm %t.npub > %t.s
// RUN: npu-as %t.s -o %t.2.npub
// RUN: npu-objdump --asm %t.2.npub | diff %t.s -

.target npu-v1
.input tokens int32 [1, 128]
.input weights.0 int4 [3, 5]
.input scalar fp32 []
.input "two \"quoted\" words" int8 [2]
.output logits bf16 [1, 128, 32000]
.scratch 0x100000
.state 64

        arg r1, 0               // constants base
        li r2, words            // byte offset of a constants symbol
        li r3, floats
        dma.copy sram[r0], hbm[r1+halves], size=4
        halt

.const
        .u8 1, 0xff, 255 - 1
        .i8 -128, 127
        .align 4
words:  .u16 0xbeef
        .i16 -2
        .u32 0xdeadbeef
        .i32 -1
        .u64 0xffffffffffffffff
        .i64 -9223372036854775808
floats: .f32 1.5, -0, inf, nan
halves: .bf16 0.1, 1.00390625, -2
        .zero 3
        .align 8
        .incbin "Inputs/blob.bin"
.state_init
        .u32 7
.text
        nop

// SIG:      Signature:
// SIG-NEXT:   input  tokens: int32 [1, 128], 512 bytes, launch argument 3
// SIG-NEXT:   input  weights.0: int4 [3, 5], 8 bytes, launch argument 4
// SIG-NEXT:   input  scalar: fp32 [], 4 bytes, launch argument 5
// SIG-NEXT:   input  two "quoted" words: int8 [2], 2 bytes, launch argument 6
// SIG-NEXT:   output logits: bf16 [1, 128, 32000], 8192000 bytes, launch argument 7
// SIG-NEXT:   constants: 68 bytes (launch argument 0)
// SIG-NEXT:   scratch:   1048576 bytes (launch argument 1)
// SIG-NEXT:   state:     64 bytes, with an initial value (launch argument 2)

// ASM:      .target npu-v1
// ASM-NEXT: .input tokens int32 [1, 128]
// ASM-NEXT: .input weights.0 int4 [3, 5]
// ASM-NEXT: .input scalar fp32 []
// ASM-NEXT: .input "two \"quoted\" words" int8 [2]
// ASM-NEXT: .output logits bf16 [1, 128, 32000]
// ASM-NEXT: .scratch 1048576
// ASM-NEXT: .state 64
// ASM:      .const
// ASM-NEXT:   .u8 0x01, 0xff, 0xfe, 0x80, 0x7f, 0x00, 0x00, 0x00, 0xef, 0xbe, 0xfe, 0xff, 0xef, 0xbe, 0xad, 0xde
// ASM-NEXT:   .u8 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00
// ASM-NEXT:   .u8 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x80, 0x7f
// ASM-NEXT:   .u8 0x00, 0x00, 0xc0, 0x7f, 0xcd, 0x3d, 0x80, 0x3f, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
// ASM-NEXT:   .u8 0x01, 0x02, 0x03, 0xff
// ASM-EMPTY:
// ASM-NEXT: .state_init
// ASM-NEXT:   .u8 0x07
// ASM-NEXT:   .zero 63

// words = 8, floats = 36, halves = 52
// DIS:      li r2, 8
// DIS-NEXT: li r3, 36
// DIS-NEXT: dma.copy sram[r0], hbm[r1+52], size=4
