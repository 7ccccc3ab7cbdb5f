// Verifier and parser diagnostics of npu_isa.
// RUN: npu-opt %s -split-input-file -verify-diagnostics

npu_isa.program @two_mxu target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-note @below {{the first 'mxu' instruction is 'npu_isa.mxu.matmul'}}
    npu_isa.mxu.matmul [r1], [r2], [r3], m = 1, k = 1, n = 1, lda = 2, ldb = 2, ldc = 4
    // expected-error @below {{'npu_isa.mxu.matmul' op is a second 'mxu' instruction in this bundle; a bundle holds at most one instruction per slot class}}
    npu_isa.mxu.matmul [r4], [r5], [r6], m = 1, k = 1, n = 1, lda = 2, ldb = 2, ldc = 4
  }
}

// -----

npu_isa.program @two_scalar target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-note @below {{the first 'scalar' instruction is 'npu_isa.addi'}}
    npu_isa.addi r1, r1, 1
    // expected-error @below {{is a second 'scalar' instruction in this bundle}}
    npu_isa.halt
  }
}

// -----

npu_isa.program @bad_register target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{register r32 of operand 'rd' is out of range (r0..r31)}}
    npu_isa.mov r32, r1
  }
}

// -----

npu_isa.program @not_a_register target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{expected a register (r0..r31) for operand 'rs'}}
    npu_isa.mov r1, s2
  }
}

// -----

npu_isa.program @bad_register_generic target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{attribute 'rd' failed to satisfy constraint: 5-bit unsigned integer attribute}}
    "npu_isa.mov"() <{rd = 40 : ui8, rs = 1 : ui5}> : () -> ()
  }
}

// -----

npu_isa.program @missing_label target = "npu-v1" inputs() outputs() {
  npu_isa.bundle @start {
    // expected-error @below {{'npu_isa.br' op operand 'target' names @nowhere, which is not the label of a bundle of this program}}
    npu_isa.br @nowhere
  }
}

// -----

npu_isa.program @label_elsewhere target = "npu-v1" inputs() outputs() {
  npu_isa.bundle @there {
    npu_isa.halt
  }
}
npu_isa.program @other target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{operand 'end' names @there, which is not the label of a bundle of this program}}
    npu_isa.loopi 2, @there
  }
}

// -----

npu_isa.program @duplicate_label target = "npu-v1" inputs() outputs() {
  // expected-note @below {{see existing symbol definition here}}
  npu_isa.bundle @twice {
    npu_isa.nop
  }
  // expected-error @below {{redefinition of symbol named 'twice'}}
  npu_isa.bundle @twice {
    npu_isa.nop
  }
}

// -----

npu_isa.program @too_large target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{value 4294967296 of operand 'size' does not fit its field (32-bit unsigned: 0..4294967295)}}
    npu_isa.dma.copy sram[r0], hbm[r1], size = 4294967296
  }
}

// -----

npu_isa.program @bad_channel target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{value 16 of operand 'ch' does not fit its field (4-bit unsigned: 0..15)}}
    npu_isa.dma.copy sram[r0], hbm[r1], size = 4, ch = 16
  }
}

// -----

npu_isa.program @negative_unsigned target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{value -1 of operand 'idx' does not fit its field (16-bit unsigned: 0..65535)}}
    npu_isa.arg r1, -1
  }
}

// -----

npu_isa.program @bad_offset target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{value 2147483648 of offset 'dst_off' does not fit its field (32-bit signed: -2147483648..2147483647)}}
    npu_isa.vpu.relu [r0 + 2147483648], [r0], rows = 1, cols = 1, dst_ld = 4, a_ld = 4
  }
}

// -----

npu_isa.program @too_large_generic target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{integer constant out of range for attribute}}
    "npu_isa.addi"() <{imm = 2147483648 : si32, rd = 1 : ui5, rs = 1 : ui5}> : () -> ()
  }
}

// -----

npu_isa.program @bad_semaphore target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{semaphore s255 of operand 'signal' is out of range (s0..s254, or none)}}
    npu_isa.dma.copy sram[r0], hbm[r1], size = 4, signal = s255
  }
}

// -----

npu_isa.program @wait_on_none target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{'npu_isa.sem.wait' op operand 'sem' must name a semaphore (s0..s254), not none}}
    npu_isa.sem.wait none
  }
}

// -----

npu_isa.program @bad_enum target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{expected a value of enum 'mxu_mode' for operand 'mode' (bf16, int8, w8, w4)}}
    npu_isa.mxu.matmul [r1], [r2], [r3], m = 1, k = 1, n = 1, lda = 2, ldb = 2, ldc = 4, mode = fp8
  }
}

// -----

npu_isa.program @unknown_operand target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{'dma.copy' has no operand named 'bytes'; named operands: size, n1, n2, n3, dst_st1, dst_st2, dst_st3, src_st1, src_st2, src_st3, ch, wait, signal}}
    npu_isa.dma.copy sram[r0], hbm[r1], bytes = 4
  }
}

// -----

npu_isa.program @operand_twice target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{operand 'ch' given twice}}
    npu_isa.dma.copy sram[r0], hbm[r1], size = 4, ch = 1, ch = 2
  }
}

// -----

npu_isa.program @missing_operand target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{'dma.copy' needs operand 'size'}}
    npu_isa.dma.copy sram[r0], hbm[r1], ch = 1
  }
}

// -----

npu_isa.program @empty_bundle target = "npu-v1" inputs() outputs() {
  // expected-error @below {{'npu_isa.bundle' op must hold at least one instruction}}
  npu_isa.bundle {
  }
}

// -----

npu_isa.program @nested_bundle target = "npu-v1" inputs() outputs() {
  npu_isa.bundle {
    // expected-error @below {{'npu_isa.bundle' op expects parent op 'npu_isa.program'}}
    npu_isa.bundle {
      npu_isa.nop
    }
  }
}

// -----

npu_isa.program @not_a_bundle target = "npu-v1" inputs() outputs() {
  // expected-error @below {{'npu_isa.nop' op expects parent op 'npu_isa.bundle'}}
  npu_isa.nop
}

// -----

// expected-error @below {{input 1 is named 'x' like an input}}
npu_isa.program @duplicate_name target = "npu-v1" inputs("x": tensor<4xf32>, "x": tensor<4xf32>) outputs() {
  npu_isa.bundle {
    npu_isa.halt
  }
}

// -----

// expected-error @below {{output 0 ('y') has element type 'f16'; supported are f32, bf16, i8, i32, i4 and i1}}
npu_isa.program @bad_element_type target = "npu-v1" inputs() outputs("y": tensor<4xf16>) {
  npu_isa.bundle {
    npu_isa.halt
  }
}

// -----

// expected-error @below {{input 0 ('x') must be a statically shaped tensor, not 'tensor<?xf32>'}}
npu_isa.program @dynamic_shape target = "npu-v1" inputs("x": tensor<?xf32>) outputs() {
  npu_isa.bundle {
    npu_isa.halt
  }
}

// -----

// expected-error @below {{state_init has 4 bytes, more than the state's 2}}
npu_isa.program @state_init_too_large target = "npu-v1" inputs() outputs() state = 2 state_init = dense<[1, 2, 3, 4]> : tensor<4xi8> {
  npu_isa.bundle {
    npu_isa.halt
  }
}

// -----

// expected-error @below {{constants must have 8-bit integer elements (bytes), not 'f32'}}
npu_isa.program @float_constants target = "npu-v1" inputs() outputs() constants = dense<1.0> : tensor<4xf32> {
  npu_isa.bundle {
    npu_isa.halt
  }
}
