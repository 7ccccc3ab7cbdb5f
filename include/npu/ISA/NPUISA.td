//===- NPUISA.td - The npu instruction set, single source of truth -------===//
//
// Every fact about the instruction set lives here: opcodes, operands, their
// encoding widths, slot classes and assembly syntax. `npu-tblgen` turns this
// file into the encoder/decoder/assembler tables used by the runtime, the
// simulator and the tools, and into the instruction tables of docs/ISA.md.
//
// Encoding (see docs/ISA.md): an instruction is a whole number of 64-bit
// little-endian words. Word 0 bits [0,8) hold the opcode and bit 8 is the
// end-of-bundle flag. Encoded fields follow in operand order starting at bit
// 9; a field never straddles a word boundary (it moves to the next word).
// Opcodes are assigned by hand so that adding an instruction never changes
// the encoding of another one. No field width depends on a hardware
// parameter; bounds are checked by the loader and the simulator.
//
//===----------------------------------------------------------------------===//

//===----------------------------------------------------------------------===//
// Slot classes: one per engine. A bundle holds at most one instruction of
// each slot class.
//===----------------------------------------------------------------------===//

class Slot<string name, string doc> {
  string Name = name;
  string Doc = doc;
}

def SlotScalar : Slot<"scalar", "scalar/control unit: registers, loops, "
                                "branches, semaphores; executes at issue">;
def SlotDMA : Slot<"dma", "DMA engine: strided copies between HBM and SRAM; "
                          "queued per channel">;
def SlotMXU : Slot<"mxu", "matrix unit: matmul on SRAM tiles; queued">;
def SlotVPU : Slot<"vpu", "vector unit: elementwise, reductions, casts on "
                          "SRAM tiles; queued">;

//===----------------------------------------------------------------------===//
// Enumerations used by operands.
//===----------------------------------------------------------------------===//

class NpuEnum<string name, int width, list<string> values, string doc> {
  string Name = name;
  int Bits = width;
  list<string> Values = values; // encoded as the index in this list
  string Doc = doc;
}

def MemSpaceEnum : NpuEnum<"space", 2, ["hbm", "sram"],
                           "memory space of a DMA address">;
def DTypeEnum : NpuEnum<"dtype", 4, ["fp32", "bf16", "int8", "int32", "int4"],
                        "element type of a VPU operand">;
def MatmulModeEnum
    : NpuEnum<"mxu_mode", 3, ["bf16", "int8", "w8", "w4"],
              "bf16: bf16 x bf16 -> fp32; int8: int8 x int8 -> int32; "
              "w8/w4: bf16 activations x int8/int4 weights with bf16 "
              "per-group scales -> fp32">;
def BcastEnum : NpuEnum<"bcast", 2, ["none", "row", "col", "imm"],
                        "how operand b is broadcast over [rows, cols]">;
def CmpPredEnum : NpuEnum<"cmp_pred", 3, ["eq", "ne", "lt", "le", "gt", "ge"],
                          "comparison of vpu.cmp (IEEE: every comparison "
                          "with a NaN is false except ne)">;

//===----------------------------------------------------------------------===//
// Operands. Each kind fixes its encoded fields and its assembly syntax.
// Positional operands come first in assembly, comma separated, and are
// required. Named operands are written `name=value`; those with a non-empty
// Default may be omitted.
//===----------------------------------------------------------------------===//

class Operand<string name, string doc, string default = "",
              bit positional = 0> {
  string Name = name;
  string Doc = doc;
  bit Positional = positional;
  string Default = default;
}

// Scalar register r0..r31 (r0 reads as zero). 5 bits.
class RegOp<string name, string doc> : Operand<name, doc> {
  let Positional = 1;
}
// Semaphore s0..s254; `none` (encoded 255) means no semaphore. 8 bits.
class SemOp<string name, string doc, string default = "none",
            bit positional = 0>
    : Operand<name, doc, default, positional>;
class UImmOp<string name, int width, string doc, string default = "",
             bit positional = 0>
    : Operand<name, doc, default, positional> {
  int Bits = width;
}
class SImmOp<string name, int width, string doc, string default = "",
             bit positional = 0>
    : Operand<name, doc, default, positional> {
  int Bits = width;
}
// IEEE binary32 immediate, written as a decimal or hex float. 32 bits.
class F32Op<string name, string doc, string default = "">
    : Operand<name, doc, default>;
class EnumOp<string name, NpuEnum e, string doc, string default = "">
    : Operand<name, doc, default> {
  NpuEnum Enum = e;
}
// Boolean flag, written name=0 or name=1. 1 bit.
class FlagOp<string name, string doc> : Operand<name, doc, "0">;
// Bundle address (index of the bundle's first word), written as a label or
// a number. 32 bits.
class TargetOp<string name, string doc> : Operand<name, doc> {
  let Positional = 1;
}
// Address in a memory space: `hbm[rN+off]` or `sram[rN+off]`. Encoded as
// space (2 bits), base register (5 bits) and signed offset (32 bits).
class MemOp<string name, string doc> : Operand<name, doc> {
  let Positional = 1;
}
// SRAM address: `[rN+off]`. Encoded as base register (5 bits) and signed
// offset (32 bits).
class SramOp<string name, string doc, string default = "">
    : Operand<name, doc, default, !empty(default)>;

//===----------------------------------------------------------------------===//
// Instructions.
//===----------------------------------------------------------------------===//

class Inst<int opcode, string mnemonic, Slot slot, list<Operand> operands> {
  int Opcode = opcode;
  string Mnemonic = mnemonic;
  Slot SlotClass = slot;
  list<Operand> Operands = operands;
  string Summary = "";
  string Semantics = "";
  // Asynchronous instructions are queued to their engine; they carry a wait
  // and a signal semaphore.
  bit Async = 0;
}

def WaitOperand : SemOp<"wait", "semaphore to wait on before starting: the "
                                "engine blocks until it is >= 1, then "
                                "decrements it">;
def SignalOperand : SemOp<"signal", "semaphore incremented by 1 when the "
                                    "instruction completes", "none">;

class AsyncInst<int opcode, string mnemonic, Slot slot, list<Operand> operands>
    : Inst<opcode, mnemonic, slot,
           !listconcat(operands, [WaitOperand, SignalOperand])> {
  let Async = 1;
}

//===--- Scalar / control ------------------------------------------------===//

def RdOp : RegOp<"rd", "destination register">;
def RsOp : RegOp<"rs", "source register">;
def Rs1Op : RegOp<"rs1", "first source register">;
def Rs2Op : RegOp<"rs2", "second source register">;
def TargetOperand : TargetOp<"target", "bundle address to continue at">;

def NOP : Inst<0x00, "nop", SlotScalar, []> {
  let Summary = "no operation";
  let Semantics = "Does nothing. Used to fill a bundle that has no other "
                  "instruction.";
}
def HALT : Inst<0x01, "halt", SlotScalar, []> {
  let Summary = "stop issuing";
  let Semantics = "Stops instruction issue. The launch completes when every "
                  "engine has drained its queue.";
}
def LI : Inst<0x02, "li", SlotScalar,
              [RdOp, SImmOp<"imm", 64, "64-bit immediate", "", 1>]> {
  let Summary = "load immediate";
  let Semantics = "rd = imm";
}
def MOV : Inst<0x03, "mov", SlotScalar, [RdOp, RsOp]> {
  let Summary = "register move";
  let Semantics = "rd = rs";
}
def ADDI : Inst<0x04, "addi", SlotScalar,
                [RdOp, RsOp, SImmOp<"imm", 32, "signed immediate", "", 1>]> {
  let Summary = "add immediate";
  let Semantics = "rd = rs + sext(imm), modulo 2^64";
}
def MULI : Inst<0x05, "muli", SlotScalar,
                [RdOp, RsOp, SImmOp<"imm", 32, "signed immediate", "", 1>]> {
  let Summary = "multiply by immediate";
  let Semantics = "rd = rs * sext(imm), modulo 2^64";
}
def ARG : Inst<0x06, "arg", SlotScalar,
               [RdOp, UImmOp<"idx", 16, "launch argument index", "", 1>]> {
  let Summary = "read a launch argument";
  let Semantics = "rd = launch_args[idx]. The argument table is documented in "
                  "docs/ISA.md (constants base, scratch base, state base, "
                  "then one HBM address per I/O tensor in signature order, "
                  "then user arguments). Reading past its end is an error.";
}

// Register-register arithmetic, all modulo 2^64.
class ScalarALU<int opcode, string mnemonic, string sem>
    : Inst<opcode, mnemonic, SlotScalar, [RdOp, Rs1Op, Rs2Op]> {
  let Summary = "register arithmetic";
  let Semantics = sem;
}
def ADD : ScalarALU<0x08, "add", "rd = rs1 + rs2, modulo 2^64">;
def SUB : ScalarALU<0x09, "sub", "rd = rs1 - rs2, modulo 2^64">;
def MUL : ScalarALU<0x0A, "mul", "rd = rs1 * rs2, modulo 2^64">;
def AND : ScalarALU<0x0B, "and", "rd = rs1 & rs2">;
def OR : ScalarALU<0x0C, "or", "rd = rs1 | rs2">;
def XOR : ScalarALU<0x0D, "xor", "rd = rs1 ^ rs2">;
def SHL : ScalarALU<0x0E, "shl", "rd = rs1 << (rs2 & 63)">;
def SHR : ScalarALU<0x0F, "shr", "rd = rs1 >> (rs2 & 63), logical">;

def LOOP : Inst<0x10, "loop", SlotScalar,
                [RegOp<"count", "register holding the trip count">,
                 TargetOp<"end", "address of the last bundle of the body">]> {
  let Summary = "hardware loop, trip count in a register";
  let Semantics = "Runs the bundles after this one up to and including `end` "
                  "`count` times (unsigned). A count of 0 skips the body. "
                  "Loops nest up to the target's loop_depth; `end` must lie "
                  "after the loop bundle and inside any enclosing body. "
                  "Branching out of a body is an error.";
}
def LOOPI : Inst<0x11, "loopi", SlotScalar,
                 [UImmOp<"count", 32, "trip count", "", 1>,
                  TargetOp<"end", "address of the last bundle of the body">]> {
  let Summary = "hardware loop, immediate trip count";
  let Semantics = "As `loop`, with the trip count as an immediate.";
}
def BR : Inst<0x12, "br", SlotScalar, [TargetOperand]> {
  let Summary = "unconditional branch";
  let Semantics = "Continue issue at `target`.";
}
class CondBranch<int opcode, string mnemonic, string cond>
    : Inst<opcode, mnemonic, SlotScalar, [Rs1Op, Rs2Op, TargetOperand]> {
  let Summary = "conditional branch";
  let Semantics = "If " # cond # ", continue issue at `target`.";
}
def BEQ : CondBranch<0x13, "beq", "rs1 == rs2">;
def BNE : CondBranch<0x14, "bne", "rs1 != rs2">;
def BLT : CondBranch<0x15, "blt", "rs1 < rs2 (signed)">;
def BGE : CondBranch<0x16, "bge", "rs1 >= rs2 (signed)">;

def SemIdOp : SemOp<"sem", "semaphore", "", 1>;
def SEM_WAIT : Inst<0x18, "sem.wait", SlotScalar,
                    [SemIdOp, UImmOp<"count", 16, "amount", "1">]> {
  let Summary = "wait on a semaphore at issue";
  let Semantics = "Stalls issue until sem >= count, then sem -= count.";
}
def SEM_SIGNAL : Inst<0x19, "sem.signal", SlotScalar,
                      [SemIdOp, UImmOp<"count", 16, "amount", "1">]> {
  let Summary = "signal a semaphore";
  let Semantics = "sem += count.";
}
def FENCE : Inst<0x1A, "fence", SlotScalar, []> {
  let Summary = "wait for all engines";
  let Semantics = "Stalls issue until every engine queue is empty and every "
                  "engine is idle.";
}

//===--- DMA -------------------------------------------------------------===//

def DMA_COPY
    : AsyncInst<0x40, "dma.copy", SlotDMA,
                [MemOp<"dst", "destination address">,
                 MemOp<"src", "source address">,
                 UImmOp<"size", 32, "bytes in each contiguous run (dim 0)">,
                 UImmOp<"n1", 16, "count of dim 1", "1">,
                 UImmOp<"n2", 16, "count of dim 2", "1">,
                 UImmOp<"n3", 16, "count of dim 3", "1">,
                 SImmOp<"dst_st1", 32, "destination byte stride of dim 1", "0">,
                 SImmOp<"dst_st2", 32, "destination byte stride of dim 2", "0">,
                 SImmOp<"dst_st3", 32, "destination byte stride of dim 3", "0">,
                 SImmOp<"src_st1", 32, "source byte stride of dim 1", "0">,
                 SImmOp<"src_st2", 32, "source byte stride of dim 2", "0">,
                 SImmOp<"src_st3", 32, "source byte stride of dim 3", "0">,
                 UImmOp<"ch", 4, "DMA channel", "0">]> {
  let Summary = "4-D strided copy";
  let Semantics =
      "for i3 < n3, i2 < n2, i1 < n1: copy `size` bytes from src + i1*src_st1 "
      "+ i2*src_st2 + i3*src_st3 to dst + i1*dst_st1 + i2*dst_st2 + "
      "i3*dst_st3. Runs in order with the other copies of channel `ch`. Any "
      "pair of spaces is allowed. Source and destination must not overlap, "
      "and no two destination runs may share a byte.";
}

def DMA_GATHER
    : AsyncInst<0x41, "dma.gather", SlotDMA,
                [MemOp<"dst", "destination address of row 0">,
                 MemOp<"src", "address of table row 0">,
                 MemOp<"idx", "int32 row indices, `count` of them">,
                 UImmOp<"size", 32, "bytes copied per row">,
                 UImmOp<"count", 16, "rows to copy (indices to read)", "1">,
                 SImmOp<"dst_st", 32, "destination byte stride between rows",
                        "0">,
                 SImmOp<"src_st", 32, "byte stride between table rows", "0">,
                 UImmOp<"limit", 32, "rows in the table: valid indices are "
                                     "[-limit, limit)">,
                 UImmOp<"ch", 4, "DMA channel", "0">]> {
  let Summary = "indexed row copy (embedding lookup)";
  let Semantics =
      "for i < count: copy `size` bytes from src + row*src_st to dst + "
      "i*dst_st, where idx[i] is the little-endian int32 at idx + 4*i and "
      "row = idx[i] + limit if idx[i] < 0, else idx[i] (a negative index "
      "counts from the end, as numpy and ONNX Gather). An index outside "
      "[-limit, limit) is a device error, never a silent read. The "
      "whole table [src, src + (limit-1)*src_st + size) must lie in memory "
      "even if no index reaches its end. Runs in order with the other copies "
      "of channel `ch`. The destination rows must not overlap each other, "
      "the table or the indices.";
}

//===--- MXU -------------------------------------------------------------===//

def MXU_MATMUL
    : AsyncInst<0x50, "mxu.matmul", SlotMXU,
                [SramOp<"dst", "C: [m, n] fp32 or int32, row stride ldc">,
                 SramOp<"a", "A: [m, k] activations, row stride lda">,
                 SramOp<"b", "B: [k, n] weights, row stride ldb">,
                 UImmOp<"m", 16, "rows of A and C">,
                 UImmOp<"k", 16, "columns of A, rows of B">,
                 UImmOp<"n", 16, "columns of B and C">,
                 UImmOp<"lda", 32, "row stride of A in bytes">,
                 UImmOp<"ldb", 32, "row stride of B in bytes">,
                 UImmOp<"ldc", 32, "row stride of C in bytes">,
                 EnumOp<"mode", MatmulModeEnum, "operand types", "bf16">,
                 SramOp<"scale", "w8/w4: bf16 scales [k/group, n]", "[r0+0]">,
                 UImmOp<"lds", 32, "row stride of the scales in bytes", "0">,
                 UImmOp<"group", 16, "w8/w4: rows of B sharing one scale", "0">,
                 FlagOp<"acc", "1: C += A x B; 0: C = A x B">,
                 FlagOp<"tb", "1: B is stored transposed, [n, k] with row "
                              "stride ldb (B[p][j] is at row j, column p); "
                              "0: B is [k, n]">]> {
  let Summary = "matrix multiply on SRAM tiles";
  let Semantics =
      "C[i][j] (+)= sum over p of A[i][p] * B[p][j], accumulated in the "
      "order p = 0, 1, ..., k-1 starting from C[i][j] (acc=1) or zero "
      "(acc=0). With tb=1 B is read from an [n, k] tile (B[p][j] is its "
      "element [j][p]); the result, its numerics and the timing are those "
      "of tb=0 on the transposed data. Numerics per mode are in "
      "docs/ISA.md.";
}

//===--- VPU -------------------------------------------------------------===//

def VDst : SramOp<"dst", "destination tile [rows, cols]">;
def VA : SramOp<"a", "first source tile [rows, cols]">;
def VRows : UImmOp<"rows", 16, "tile rows">;
def VCols : UImmOp<"cols", 16, "tile columns">;
def VDstLd : UImmOp<"dst_ld", 32, "destination row stride in bytes">;
def VALd : UImmOp<"a_ld", 32, "row stride of a in bytes">;
def VDstT : EnumOp<"dst_t", DTypeEnum, "destination element type", "fp32">;
def VAT : EnumOp<"a_t", DTypeEnum, "element type of a", "fp32">;
def VB : SramOp<"b", "second source (shape set by bcast)", "[r0+0]">;
def VBLd : UImmOp<"b_ld", 32, "row stride of b in bytes", "0">;
def VBT : EnumOp<"b_t", DTypeEnum, "element type of b", "fp32">;
def VBcast : EnumOp<"bcast", BcastEnum, "broadcast of b", "none">;
def VImm : F32Op<"imm", "scalar operand when bcast=imm", "0">;

class VPUBinary<int opcode, string name, string sem>
    : AsyncInst<opcode, "vpu." # name, SlotVPU,
                [VDst, VA, VB, VRows, VCols, VDstLd, VALd, VBLd, VDstT, VAT,
                 VBT, VBcast, VImm]> {
  let Summary = "elementwise binary";
  let Semantics = "dst[i][j] = " # sem # ", with b broadcast per bcast; "
                  "computed in fp32.";
}
def VPU_ADD : VPUBinary<0x60, "add", "a + b">;
def VPU_SUB : VPUBinary<0x61, "sub", "a - b">;
def VPU_MUL : VPUBinary<0x62, "mul", "a * b">;
def VPU_MAX : VPUBinary<0x63, "max", "max(a, b)">;
def VPU_MIN : VPUBinary<0x64, "min", "min(a, b)">;
def VPU_POW : VPUBinary<0x65, "pow", "pow(a, b) (C pow: a negative a with an "
                                     "integral b is defined; pow(a, 0) = 1 and "
                                     "pow(1, b) = 1 even for NaN; evaluated in "
                                     "double, rounded once)">;

// Comparisons and selection (booleans are int8 tiles holding 0 or 1).
def VPU_CMP
    : AsyncInst<0x68, "vpu.cmp", SlotVPU,
                [VDst, VA, VB, VRows, VCols, VDstLd, VALd, VBLd, VDstT, VAT,
                 VBT, VBcast, VImm,
                 EnumOp<"pred", CmpPredEnum, "the comparison", "eq">]> {
  let Summary = "elementwise comparison";
  let Semantics = "dst[i][j] = (a pred b) ? 1 : 0, with b broadcast per "
                  "bcast; a and b are compared exactly (their values widened, "
                  "not rounded to fp32), a NaN compares false except with ne. "
                  "The layout of the fields is the one of vpu.add.";
}
def VC : SramOp<"c", "condition tile [rows, cols]">;
def VCLd : UImmOp<"c_ld", 32, "row stride of c in bytes">;
def VCT : EnumOp<"c_t", DTypeEnum, "element type of c", "int8">;
def VPU_SEL
    : AsyncInst<0x69, "vpu.sel", SlotVPU,
                [VDst, VC, VA, VB, VRows, VCols, VDstLd, VCLd, VALd, VBLd,
                 VDstT, VCT, VAT, VBT, VBcast, VImm,
                 FlagOp<"inv", "select on c == 0 instead of c != 0">]> {
  let Summary = "elementwise selection";
  let Semantics = "dst[i][j] = ((c[i][j] != 0) xor inv) ? a[i][j] : b, with "
                  "b broadcast per bcast. The chosen value is converted to "
                  "dst_t like vpu.mov (one rounding of the exact value); the "
                  "other one is not read into the result, so a NaN or inf "
                  "there does not leak.";
}

class VPUUnary<int opcode, string name, string sem>
    : AsyncInst<opcode, "vpu." # name, SlotVPU,
                [VDst, VA, VRows, VCols, VDstLd, VALd, VDstT, VAT]> {
  let Summary = "elementwise unary";
  let Semantics = "dst[i][j] = " # sem # "; computed in fp32.";
}
def VPU_MOV : VPUUnary<0x70, "mov", "a (copy with conversion: the cast)">;
def VPU_EXP : VPUUnary<0x71, "exp", "exp(a)">;
def VPU_RSQRT : VPUUnary<0x72, "rsqrt", "1 / sqrt(a)">;
def VPU_RECIP : VPUUnary<0x73, "recip", "1 / a">;
def VPU_TANH : VPUUnary<0x74, "tanh", "tanh(a)">;
def VPU_ERF : VPUUnary<0x75, "erf", "erf(a)">;
def VPU_GELU : VPUUnary<0x76, "gelu", "a * 0.5 * (1 + erf(a / sqrt(2)))">;
def VPU_GELU_TANH
    : VPUUnary<0x77, "gelu_tanh",
               "0.5 * a * (1 + tanh(sqrt(2/pi) * (a + 0.044715 * a^3)))">;
def VPU_SIGMOID : VPUUnary<0x78, "sigmoid", "1 / (1 + exp(-a))">;
def VPU_SILU : VPUUnary<0x79, "silu", "a / (1 + exp(-a))">;
def VPU_SQRT : VPUUnary<0x7A, "sqrt", "sqrt(a)">;
def VPU_RELU : VPUUnary<0x7B, "relu", "max(a, 0)">;
def VPU_LOG : VPUUnary<0x7C, "log", "log(a) (natural; evaluated in double, "
                                    "rounded once; log(0) = -inf, log(a < 0) "
                                    "= NaN)">;
def VPU_ABS : VPUUnary<0x7D, "abs", "|a| (exact: clears the sign bit)">;

class VPUReduce<int opcode, string name, string sem>
    : AsyncInst<opcode, "vpu." # name, SlotVPU,
                [VDst, VA, VRows, VCols, VDstLd, VALd, VDstT, VAT]> {
  let Summary = "row reduction";
  let Semantics = "dst[i][0] = " # sem # ", reduced in fp32 in the order "
                  "j = 0, 1, ..., cols-1. dst is a [rows, 1] column.";
}
def VPU_RSUM : VPUReduce<0x80, "rsum", "sum over j of a[i][j]">;
def VPU_RMAX : VPUReduce<0x81, "rmax", "max over j of a[i][j]">;
def VPU_RMIN : VPUReduce<0x86, "rmin", "min over j of a[i][j] (+inf for an "
                                       "empty row)">;
def VPU_RPROD : VPUReduce<0x87, "rprod", "product over j of a[i][j] (1 for "
                                         "an empty row)">;

def VPU_BCAST
    : AsyncInst<0x82, "vpu.bcast", SlotVPU,
                [VDst, VA, VRows, VCols, VDstLd, VALd, VDstT, VAT,
                 EnumOp<"mode", BcastEnum, "row: a is [1, cols]; col: a is "
                                           "[rows, 1]">]> {
  let Summary = "broadcast a row or a column over a tile";
  let Semantics = "dst[i][j] = a[0][j] (mode=row) or a[i][0] (mode=col). "
                  "Modes none and imm are invalid.";
}

def VZp : SImmOp<"zp", 16, "zero point", "0">;
def VPU_QUANT
    : AsyncInst<0x84, "vpu.quant", SlotVPU,
                [VDst, VA, VB, VRows, VCols, VDstLd, VALd, VBLd, VDstT, VAT,
                 VBT, VBcast, VImm, VZp]> {
  let Summary = "quantise";
  let Semantics = "dst[i][j] = saturate(round_even(a * b) + zp) to dst_t "
                  "(int8, int4 or int32); b is the reciprocal scale.";
}
def VPU_DEQUANT
    : AsyncInst<0x85, "vpu.dequant", SlotVPU,
                [VDst, VA, VB, VRows, VCols, VDstLd, VALd, VBLd, VDstT, VAT,
                 VBT, VBcast, VImm, VZp]> {
  let Summary = "dequantise";
  let Semantics = "dst[i][j] = (a - zp) * b, computed in fp32; a is an "
                  "integer tile, b the scale.";
}
