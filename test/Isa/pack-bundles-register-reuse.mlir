// npu-pack-bundles keeps a register that npu-lower-to-isa reuses for a new
// value after the last reader of the old one: the new writer may share the
// bundle of an asynchronous reader (registers are read at issue, before the
// bundle's scalar instruction writes) but never goes before it, and goes
// after a scalar reader or writer.
//
// RUN: npu-opt %s --npu-pack-bundles | FileCheck %s

npu_isa.program @reuse target = "npu-v1"
    inputs("x": tensor<16xf32>, "y": tensor<16xf32>) outputs() {
  npu_isa.bundle {
    npu_isa.arg r1, 3
  }
  npu_isa.bundle {
    npu_isa.li r2, 4096
  }
  npu_isa.bundle {
    npu_isa.dma.copy sram[r2], hbm[r1], size = 64, signal = s0
  }
  npu_isa.bundle {
    npu_isa.arg r1, 4
  }
  npu_isa.bundle {
    npu_isa.li r2, 8192
  }
  npu_isa.bundle {
    npu_isa.dma.copy sram[r2], hbm[r1], size = 64, ch = 1, signal = s1
  }
  npu_isa.bundle {
    npu_isa.sem.wait s0
  }
  npu_isa.bundle {
    npu_isa.sem.wait s1
  }
  npu_isa.bundle {
    npu_isa.halt
  }
}

// CHECK-LABEL: npu_isa.program @reuse
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.arg r1, 3
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.li r2, 4096
// CHECK-NEXT:  }
// The new value of r1 is written in the bundle that issues the copy reading
// the old one (snapshot), not earlier.
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.dma.copy sram[r2], hbm[r1], size = 64, signal = s0
// CHECK-NEXT:    npu_isa.arg r1, 4
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.li r2, 8192
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.dma.copy sram[r2], hbm[r1], size = 64, ch = 1, signal = s1
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.sem.wait s0
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.sem.wait s1
// CHECK-NEXT:  }
// CHECK-NEXT:  npu_isa.bundle {
// CHECK-NEXT:    npu_isa.halt
// CHECK-NEXT:  }
// CHECK-NEXT: }
