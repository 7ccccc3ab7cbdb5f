// Bundle and label diagnostics.
//
// RUN: not npu-as %s -o %t.npub 2>&1 | FileCheck %s --implicit-check-not=error:

start:  nop
// CHECK: errors-bundles.s:[[@LINE+1]]:13: error: 'add' and 'li' (line [[@LINE+1]], column 3) are both scalar instructions; a bundle holds at most one instruction per slot class
{ li r1, 5; add r2, r1, r1 }
{ dma.copy sram[r0], hbm[r1], size=4
// CHECK: errors-bundles.s:[[@LINE+1]]:3: error: 'dma.copy' and 'dma.copy' (line [[@LINE-1]], column 3) are both dma instructions; a bundle holds at most one instruction per slot class
  dma.copy sram[r0+4], hbm[r1+4], size=4 }
// CHECK: errors-bundles.s:[[@LINE+1]]:1: error: empty bundle: a bundle needs at least one instruction (use nop)
{ }
// CHECK: errors-bundles.s:[[@LINE+1]]:1: error: '}' without a matching '{'
}
// CHECK: errors-bundles.s:[[@LINE+2]]:3: error: '{' inside a bundle (opened at line [[@LINE+1]], column 1); bundles do not nest
{ nop
  { dma.copy sram[r0], hbm[r0], size=4 }
// CHECK: errors-bundles.s:[[@LINE+2]]:1: error: label 'inner' inside a bundle; put it before the '{'
{ nop
inner: dma.copy sram[r0], hbm[r0], size=4 }
// CHECK: errors-bundles.s:[[@LINE+2]]:3: error: directive .scratch inside a bundle; close the bundle first
{ nop
  .scratch 16 }
// CHECK: errors-bundles.s:[[@LINE+1]]:1: error: duplicate label 'start' (first defined at line 5, column 1)
start:  halt
// CHECK: errors-bundles.s:[[@LINE+1]]:1: error: label 'r5' would be read as a register or semaphore; choose another name
r5:     halt
// CHECK: errors-bundles.s:[[@LINE+1]]:12: error: undefined symbol 'start2'
        br start2
// CHECK: errors-bundles.s:[[@LINE+1]]:1: error: unterminated bundle: this '{' has no matching '}'
{ halt
