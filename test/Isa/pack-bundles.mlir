// npu-pack-bundles on hand-written single-instruction bundles.
//
// RUN: npu-opt %s --npu-pack-bundles | FileCheck %s

npu_isa.program @copy_relu target = "npu-v1"
    inputs("x": tensor<4x16xf32>) outputs("y": tensor<4x16xf32>) {
  npu_isa.bundle {
    npu_isa.arg r1, 3
  }
  npu_isa.bundle {
    npu_isa.arg r2, 4
  }
  npu_isa.bundle {
    npu_isa.loopi 4, @body_end
  }
  npu_isa.bundle {
    npu_isa.dma.copy sram[r0], hbm[r1], size = 64, signal = s0
  }
  npu_isa.bundle {
    npu_isa.addi r1, r1, 64
  }
  npu_isa.bundle {
    npu_isa.sem.wait s0
  }
  npu_isa.bundle {
    npu_isa.vpu.relu [r0], [r0], rows = 1, cols = 16, dst_ld = 64, a_ld = 64, signal = s1
  }
  npu_isa.bundle {
    npu_isa.dma.copy hbm[r2], sram[r0], size = 64, ch = 1, wait = s1, signal = s2
  }
  npu_isa.bundle {
    npu_isa.sem.wait s2
  }
  npu_isa.bundle @body_end {
    npu_isa.addi r2, r2, 64
  }
  npu_isa.bundle {
    npu_isa.li r3, 4096
  }
  npu_isa.bundle {
    npu_isa.dma.copy sram[r3], sram[r0], size = 64, ch = 2, signal = s3
  }
  npu_isa.bundle {
    npu_isa.li r4, 8192
  }
  npu_isa.bundle {
    npu_isa.fence
  }
  npu_isa.bundle {
    npu_isa.halt
  }
}

// CHECK-LABEL: npu_isa.program @copy_relu
// Scalar instructions cannot share a bundle.
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.arg r1, 3
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.arg r2, 4
// CHECK-NEXT:  }
// The loop instruction ends its region.
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.loopi 4, @body_end
// CHECK-NEXT:  }
// Snapshot rule: the copy reads r1 before the addi of its bundle writes it.
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.dma.copy sram[r0], hbm[r1], size = 64, signal = s0
// CHECK-NEXT:    npu_isa.addi r1, r1, 64
// CHECK-NEXT:  }
// The wait is not merged with the copy it waits for (same semaphore), and
// the relu that depends on it goes after it.
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.sem.wait s0
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.vpu.relu [r0], [r0], rows = 1, cols = 16, dst_ld = 64, a_ld = 64, signal = s1
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.dma.copy hbm[r2], sram[r0], size = 64, ch = 1, wait = s1, signal = s2
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.sem.wait s2
// CHECK-NEXT:  }
// The labelled bundle stays the last of the body.
// CHECK-NEXT:  npu_isa.bundle @body_end {
// CHECK-NEXT:    npu_isa.addi r2, r2, 64
// CHECK-NEXT:  }
// After the loop: a copy reading r3 goes after the li that writes it; the
// next li packs with the copy; fence and halt stay alone at the end.
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.li r3, 4096
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.dma.copy sram[r3], sram[r0], size = 64, ch = 2, signal = s3
// CHECK-NEXT:    npu_isa.li r4, 8192
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.fence
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.halt
// CHECK-NEXT:  }
// CHECK-NEXT: }

// A bundle already packed is split with its asynchronous instructions
// first (they read the registers before the scalar instruction writes), so
// its meaning is kept; a branch target keeps its label on its first bundle.
npu_isa.program @prepacked target = "npu-v1"
    inputs("x": tensor<16xf32>) outputs() {
  npu_isa.bundle {
    npu_isa.arg r1, 3
  }
  npu_isa.bundle @again {
    npu_isa.addi r1, r1, 64
    npu_isa.dma.copy sram[r0], hbm[r1], size = 64, signal = s0
  }
  npu_isa.bundle {
    npu_isa.sem.wait s0
  }
  npu_isa.bundle {
    npu_isa.bne r1, r0, @again
  }
  npu_isa.bundle {
    npu_isa.halt
  }
}

// CHECK-LABEL: npu_isa.program @prepacked
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.arg r1, 3
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle @again {
// CHECK-NEXT:    npu_isa.dma.copy sram[r0], hbm[r1], size = 64, signal = s0
// CHECK-NEXT:    npu_isa.addi r1, r1, 64
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.sem.wait s0
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.bne r1, r0, @again
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.halt
// CHECK-NEXT:  }
