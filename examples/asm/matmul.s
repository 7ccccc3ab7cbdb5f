// C = A x B for 256x256 bf16 matrices in HBM, fp32 result.
//
// B is copied to SRAM once; A is processed in two blocks of 128 rows by a
// hardware loop. Each block is copied in (DMA channel 0), multiplied on the
// MXU and written back (channel 2). The scalar unit runs ahead of the
// engines: the block-1 copy of A overlaps the block-0 matmul, and the
// semaphores s0 (A block resident) and s2 (C block ready) order each engine
// behind the one it depends on.
//
// SRAM layout: A at 0 (128 KiB), B at 0x20000 (128 KiB), C at 0x40000
// (256 KiB).

.target npu-v1
.input a bf16 [256, 256]
.input b bf16 [256, 256]
.output c fp32 [256, 256]

        arg r1, 3                       // r1: HBM address of the A block
        arg r2, 4                       // r2: HBM address of B
        arg r3, 5                       // r3: HBM address of the C block
        li r4, 0                        // r4: SRAM address of the A block
        li r5, 0x40000                  // r5: SRAM address of the C block
        dma.copy sram[r0+0x20000], hbm[r2+0], size=131072, ch=1, signal=s1
        sem.wait s1                     // B resident before any matmul
        loopi 2, block_end
        { dma.copy sram[r4+0], hbm[r1+0], size=65536, ch=0, signal=s0
          addi r1, r1, 65536 }
        { mxu.matmul [r5+0], [r4+0], [r0+0x20000], m=128, k=256, n=256, lda=512, ldb=512, ldc=1024, wait=s0, signal=s2
          addi r4, r4, 65536 }
        { dma.copy hbm[r3+0], sram[r5+0], size=131072, ch=2, wait=s2
          addi r5, r5, 131072 }
block_end:
        addi r3, r3, 131072
        halt
