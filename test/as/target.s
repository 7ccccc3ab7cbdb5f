// The target: .target, --target (a name or a file) and the default.
//
// RUN: npu-as %s -o %t.npub
// RUN: npu-objdump -h %t.npub | FileCheck %s --check-prefix=TINY
// RUN: npu-as %s -o %t.v1.npub --target npu-v1
// RUN: npu-objdump -h %t.v1.npub | FileCheck %s --check-prefix=V1
// RUN: npu-as %s -o %t.v1-file.npub --target %npu_src/targets/npu-v1.json
// RUN: npu-objdump -h %t.v1-file.npub | FileCheck %s --check-prefix=V1
// RUN: npu-as %S/Inputs/default-target.s -o %t.default.npub
// RUN: npu-objdump -h %t.default.npub | FileCheck %s --check-prefix=V1
// A target file named relative to the source, and the warning of --asm
// when the embedded target cannot be found by name.
// RUN: npu-as %S/Inputs/custom-target.s -o %t.custom.npub
// RUN: npu-objdump -h %t.custom.npub | FileCheck %s --check-prefix=CUSTOM
// RUN: npu-objdump --asm %t.custom.npub | FileCheck %s --check-prefix=CUSTOM-ASM

.target npu-tiny
        halt

// TINY: arch hash:  0x{{[0-9a-f]+}} (matches the target section)
// TINY: target:     npu-tiny
// V1: arch hash:  0x{{[0-9a-f]+}} (matches the target section)
// V1: target:     npu-v1
// CUSTOM: target:     custom
// CUSTOM-ASM:      // warning: the module's target section differs from the target 'custom'
// CUSTOM-ASM-NEXT: // found by name; assemble with --target and the original target file.
// CUSTOM-ASM-NEXT: .target custom
