// Input of the npu-objdump tests: labels, a loop, bundles, constants,
// initial state and a signature.
.target npu-v1
.input x bf16 [2, 64]
.output y fp32 [2, 64]
.scratch 4096
.state 16

        arg r1, 3
        arg r2, 4
        arg r3, 0
        li r4, 2
        loop r4, body_end
        { dma.copy sram[r0], hbm[r1+scale], size=256, signal=s0
          addi r1, r1, 128 }
        { vpu.mul [r0+512], [r0], b=[r0+256], rows=1, cols=64, dst_ld=256, a_ld=128, a_t=bf16, bcast=imm, imm=0.5, wait=s0, signal=s1
          nop }
body_end:
        { dma.copy hbm[r2], sram[r0+512], size=256, wait=s1
          addi r2, r2, 256 }
        blt r4, r0, done
        br done
done:   halt

.const
        .zero 20
scale:  .bf16 0.5, 2
        .u8 1, 2, 3
.state_init
        .u32 0xcafef00d
