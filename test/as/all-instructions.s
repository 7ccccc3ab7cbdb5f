// Every instruction of the ISA twice: first with every field at its minimum,
// then at its maximum (which spells every operand, as no maximum equals a
// default). Assembled, disassembled and checked line by line, then printed
// back as assembly and re-assembled to the same code. coverage.test fails
// when an instruction of NPUISA.td is missing here.
//
// RUN: npu-as %s -o %t.npub
// RUN: npu-objdump -d %t.npub | FileCheck %s
// RUN: npu-objdump --asm %t.npub > %t.s
// RUN: npu-as %t.s -o %t.2.npub
// RUN: npu-objdump -d %t.npub | sed -e 1d -e 's, *//.*,,' > %t.1.dis
// RUN: npu-objdump -d %t.2.npub | sed -e 1d -e 's, *//.*,,' > %t.2.dis
// RUN: diff %t.1.dis %t.2.dis

// CHECK: Disassembly of the code (372 words, 114 bundles):
nop
// CHECK-NEXT: {{^}}00000000:   nop{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
nop
// CHECK-NEXT: {{^}}00000001:   nop{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
halt
// CHECK-NEXT: {{^}}00000002:   halt{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
halt
// CHECK-NEXT: {{^}}00000003:   halt{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
li r0, -9223372036854775808
// CHECK-NEXT: {{^}}00000004:   li r0, -9223372036854775808{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
li r31, 9223372036854775807
// CHECK-NEXT: {{^}}00000006:   li r31, 9223372036854775807{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
mov r0, r0
// CHECK-NEXT: {{^}}00000008:   mov r0, r0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
mov r31, r31
// CHECK-NEXT: {{^}}00000009:   mov r31, r31{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
addi r0, r0, -2147483648
// CHECK-NEXT: {{^}}0000000a:   addi r0, r0, -2147483648{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
addi r31, r31, 2147483647
// CHECK-NEXT: {{^}}0000000b:   addi r31, r31, 2147483647{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
muli r0, r0, -2147483648
// CHECK-NEXT: {{^}}0000000c:   muli r0, r0, -2147483648{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
muli r31, r31, 2147483647
// CHECK-NEXT: {{^}}0000000d:   muli r31, r31, 2147483647{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
arg r0, 0
// CHECK-NEXT: {{^}}0000000e:   arg r0, 0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
arg r31, 65535
// CHECK-NEXT: {{^}}0000000f:   arg r31, 65535{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
add r0, r0, r0
// CHECK-NEXT: {{^}}00000010:   add r0, r0, r0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
add r31, r31, r31
// CHECK-NEXT: {{^}}00000011:   add r31, r31, r31{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
sub r0, r0, r0
// CHECK-NEXT: {{^}}00000012:   sub r0, r0, r0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
sub r31, r31, r31
// CHECK-NEXT: {{^}}00000013:   sub r31, r31, r31{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
mul r0, r0, r0
// CHECK-NEXT: {{^}}00000014:   mul r0, r0, r0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
mul r31, r31, r31
// CHECK-NEXT: {{^}}00000015:   mul r31, r31, r31{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
and r0, r0, r0
// CHECK-NEXT: {{^}}00000016:   and r0, r0, r0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
and r31, r31, r31
// CHECK-NEXT: {{^}}00000017:   and r31, r31, r31{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
or r0, r0, r0
// CHECK-NEXT: {{^}}00000018:   or r0, r0, r0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
or r31, r31, r31
// CHECK-NEXT: {{^}}00000019:   or r31, r31, r31{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
xor r0, r0, r0
// CHECK-NEXT: {{^}}0000001a:   xor r0, r0, r0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
xor r31, r31, r31
// CHECK-NEXT: {{^}}0000001b:   xor r31, r31, r31{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
shl r0, r0, r0
// CHECK-NEXT: {{^}}0000001c:   shl r0, r0, r0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
shl r31, r31, r31
// CHECK-NEXT: {{^}}0000001d:   shl r31, r31, r31{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
shr r0, r0, r0
// CHECK-NEXT: {{^}}0000001e:   shr r0, r0, r0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
shr r31, r31, r31
// CHECK-NEXT: {{^}}0000001f:   shr r31, r31, r31{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
loop r0, 0
// CHECK-NEXT: {{^}}00000020:   loop r0, 0x0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
loop r31, 4294967295
// CHECK-NEXT: {{^}}00000021:   loop r31, 0xffffffff{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
loopi 0, 0
// CHECK-NEXT: {{^}}00000022:   loopi 0, 0x0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
loopi 4294967295, 4294967295
// CHECK-NEXT: {{^}}00000024:   loopi 4294967295, 0xffffffff{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
br 0
// CHECK-NEXT: {{^}}00000026:   br 0x0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
br 4294967295
// CHECK-NEXT: {{^}}00000027:   br 0xffffffff{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
beq r0, r0, 0
// CHECK-NEXT: {{^}}00000028:   beq r0, r0, 0x0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
beq r31, r31, 4294967295
// CHECK-NEXT: {{^}}00000029:   beq r31, r31, 0xffffffff{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
bne r0, r0, 0
// CHECK-NEXT: {{^}}0000002a:   bne r0, r0, 0x0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
bne r31, r31, 4294967295
// CHECK-NEXT: {{^}}0000002b:   bne r31, r31, 0xffffffff{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
blt r0, r0, 0
// CHECK-NEXT: {{^}}0000002c:   blt r0, r0, 0x0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
blt r31, r31, 4294967295
// CHECK-NEXT: {{^}}0000002d:   blt r31, r31, 0xffffffff{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
bge r0, r0, 0
// CHECK-NEXT: {{^}}0000002e:   bge r0, r0, 0x0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
bge r31, r31, 4294967295
// CHECK-NEXT: {{^}}0000002f:   bge r31, r31, 0xffffffff{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
sem.wait s0, count=0
// CHECK-NEXT: {{^}}00000030:   sem.wait s0, count=0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
sem.wait s254, count=65535
// CHECK-NEXT: {{^}}00000031:   sem.wait s254, count=65535{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
sem.signal s0, count=0
// CHECK-NEXT: {{^}}00000032:   sem.signal s0, count=0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
sem.signal s254, count=65535
// CHECK-NEXT: {{^}}00000033:   sem.signal s254, count=65535{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
fence
// CHECK-NEXT: {{^}}00000034:   fence{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
fence
// CHECK-NEXT: {{^}}00000035:   fence{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
dma.copy hbm[r0-2147483648], hbm[r0-2147483648], size=0, n1=0, n2=0, n3=0, dst_st1=-2147483648, dst_st2=-2147483648, dst_st3=-2147483648, src_st1=-2147483648, src_st2=-2147483648, src_st3=-2147483648, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000036:   dma.copy hbm[r0-2147483648], hbm[r0-2147483648], size=0, n1=0, n2=0, n3=0, dst_st1=-2147483648, dst_st2=-2147483648, dst_st3=-2147483648, src_st1=-2147483648, src_st2=-2147483648, src_st3=-2147483648, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
dma.copy sram[r31+2147483647], sram[r31+2147483647], size=4294967295, n1=65535, n2=65535, n3=65535, dst_st1=2147483647, dst_st2=2147483647, dst_st3=2147483647, src_st1=2147483647, src_st2=2147483647, src_st3=2147483647, ch=15, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000003d:   dma.copy sram[r31+2147483647], sram[r31+2147483647], size=4294967295, n1=65535, n2=65535, n3=65535, dst_st1=2147483647, dst_st2=2147483647, dst_st3=2147483647, src_st1=2147483647, src_st2=2147483647, src_st3=2147483647, ch=15, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
mxu.matmul [r0-2147483648], [r0-2147483648], [r0-2147483648], m=0, k=0, n=0, lda=0, ldb=0, ldc=0, scale=[r0-2147483648], wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000044:   mxu.matmul [r0-2147483648], [r0-2147483648], [r0-2147483648], m=0, k=0, n=0, lda=0, ldb=0, ldc=0, scale=[r0-2147483648], wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
mxu.matmul [r31+2147483647], [r31+2147483647], [r31+2147483647], m=65535, k=65535, n=65535, lda=4294967295, ldb=4294967295, ldc=4294967295, mode=w4, scale=[r31+2147483647], lds=4294967295, group=65535, acc=1, tb=1, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000004c:   mxu.matmul [r31+2147483647], [r31+2147483647], [r31+2147483647], m=65535, k=65535, n=65535, lda=4294967295, ldb=4294967295, ldc=4294967295, mode=w4, scale=[r31+2147483647], lds=4294967295, group=65535, acc=1, tb=1, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.add [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000054:   vpu.add [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.add [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000005a:   vpu.add [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.sub [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000060:   vpu.sub [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.sub [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254
// CHECK-NEXT: {{^}}00000066:   vpu.sub [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.mul [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0
// CHECK-NEXT: {{^}}0000006c:   vpu.mul [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.mul [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254
// CHECK-NEXT: {{^}}00000072:   vpu.mul [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.max [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000078:   vpu.max [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.max [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000007e:   vpu.max [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.min [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000084:   vpu.min [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.min [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000008a:   vpu.min [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.mov [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000090:   vpu.mov [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.mov [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}00000094:   vpu.mov [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.exp [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000098:   vpu.exp [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.exp [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000009c:   vpu.exp [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.rsqrt [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000a0:   vpu.rsqrt [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.rsqrt [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000a4:   vpu.rsqrt [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.recip [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000a8:   vpu.recip [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.recip [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000ac:   vpu.recip [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.tanh [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000b0:   vpu.tanh [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.tanh [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000b4:   vpu.tanh [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.erf [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000b8:   vpu.erf [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.erf [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000bc:   vpu.erf [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.gelu [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000c0:   vpu.gelu [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.gelu [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000c4:   vpu.gelu [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.gelu_tanh [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000c8:   vpu.gelu_tanh [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.gelu_tanh [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000cc:   vpu.gelu_tanh [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.sigmoid [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000d0:   vpu.sigmoid [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.sigmoid [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000d4:   vpu.sigmoid [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.silu [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000d8:   vpu.silu [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.silu [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000dc:   vpu.silu [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.sqrt [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000e0:   vpu.sqrt [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.sqrt [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000e4:   vpu.sqrt [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.relu [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000e8:   vpu.relu [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.relu [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000ec:   vpu.relu [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.rsum [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000f0:   vpu.rsum [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.rsum [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000f4:   vpu.rsum [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.rmax [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}000000f8:   vpu.rmax [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.rmax [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}000000fc:   vpu.rmax [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.bcast [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, mode=none, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000100:   vpu.bcast [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, mode=none, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.bcast [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, mode=imm, wait=s254, signal=s254
// CHECK-NEXT: {{^}}00000104:   vpu.bcast [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, mode=imm, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.quant [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, zp=-32768, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000108:   vpu.quant [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, zp=-32768, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.quant [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, zp=32767, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000010e:   vpu.quant [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, zp=32767, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.dequant [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, zp=-32768, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000114:   vpu.dequant [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, zp=-32768, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.dequant [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, zp=32767, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000011a:   vpu.dequant [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, zp=32767, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
dma.gather hbm[r0-2147483648], hbm[r0-2147483648], hbm[r0-2147483648], size=0, count=0, dst_st=-2147483648, src_st=-2147483648, limit=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000120:   dma.gather hbm[r0-2147483648], hbm[r0-2147483648], hbm[r0-2147483648], size=0, count=0, dst_st=-2147483648, src_st=-2147483648, limit=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
dma.gather sram[r31+2147483647], sram[r31+2147483647], sram[r31+2147483647], size=4294967295, count=65535, dst_st=2147483647, src_st=2147483647, limit=4294967295, ch=15, wait=s254, signal=s254
// CHECK-NEXT: {{^}}00000126:   dma.gather sram[r31+2147483647], sram[r31+2147483647], sram[r31+2147483647], size=4294967295, count=65535, dst_st=2147483647, src_st=2147483647, limit=4294967295, ch=15, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.pow [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0
// CHECK-NEXT: {{^}}0000012c:   vpu.pow [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.pow [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254
// CHECK-NEXT: {{^}}00000132:   vpu.pow [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.log [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000138:   vpu.log [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.log [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000013c:   vpu.log [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.abs [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000140:   vpu.abs [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.abs [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}00000144:   vpu.abs [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.rmin [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000148:   vpu.rmin [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.rmin [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000014c:   vpu.rmin [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.rprod [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000150:   vpu.rprod [r0-2147483648], [r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.rprod [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254
// CHECK-NEXT: {{^}}00000154:   vpu.rprod [r31+2147483647], [r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, dst_t=int4, a_t=int4, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.cmp [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000158:   vpu.cmp [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, a_ld=0, imm=-1e-45, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.cmp [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, pred=ge, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000015e:   vpu.cmp [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, pred=ge, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.sel [r0-2147483648], [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, c_ld=0, a_ld=0, c_t=fp32, imm=-1e-45, wait=s0, signal=s0
// CHECK-NEXT: {{^}}00000164:   vpu.sel [r0-2147483648], [r0-2147483648], [r0-2147483648], b=[r0-2147483648], rows=0, cols=0, dst_ld=0, c_ld=0, a_ld=0, c_t=fp32, imm=-1e-45, wait=s0, signal=s0{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
vpu.sel [r31+2147483647], [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, c_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, c_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, inv=1, wait=s254, signal=s254
// CHECK-NEXT: {{^}}0000016c:   vpu.sel [r31+2147483647], [r31+2147483647], [r31+2147483647], b=[r31+2147483647], rows=65535, cols=65535, dst_ld=4294967295, c_ld=4294967295, a_ld=4294967295, b_ld=4294967295, dst_t=int4, c_t=int4, a_t=int4, b_t=int4, bcast=imm, imm=3.4028235e+38, inv=1, wait=s254, signal=s254{{ +}}// {{.*}}all-instructions.s:[[#@LINE-1]]{{$}}
