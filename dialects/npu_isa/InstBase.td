//===- InstBase.td - Classes of the generated instruction ops -*- tablegen -*-===//
//
// The records that `npu-tblgen -gen-npu-isa-ops` generates from NPUISA.td
// (one operation per instruction, one enum attribute per NpuEnum) derive
// from the classes here. Parsing, printing and verification of every
// instruction operation are implemented once, in NpuIsa.cpp, driven by the
// runtime's ISA tables (runtime/src/isa/ISA.h), so adding an instruction to
// NPUISA.td needs no hand-written C++.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_ISA_INST_BASE_TD
#define NPU_ISA_INST_BASE_TD

include "npu_isa/Dialect.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"

def NpuIsa_InstructionOpInterface : OpInterface<"InstructionOpInterface"> {
  let cppNamespace = "::npu::isa";
  let description = [{
    An operation that is one machine instruction. Its inherent attributes
    are the instruction's encoded fields, named as in the runtime's ISA
    tables (`dst_reg`, `dst_off`, `size`, ...).
  }];
  let methods = [
    StaticInterfaceMethod<"The opcode of the instruction in NPUISA.td.",
      "unsigned", "getOpcode", (ins), [{}],
      [{ return ConcreteOp::kOpcode; }]>,
    StaticInterfaceMethod<"The slot class (`scalar`, `dma`, ...).",
      "::llvm::StringRef", "getSlotName", (ins), [{}],
      [{ return ConcreteOp::kSlot; }]>,
    StaticInterfaceMethod<"The number of 64-bit words of the encoding.",
      "unsigned", "getNumWords", (ins), [{}],
      [{ return ConcreteOp::kNumWords; }]>,
  ];
}

/// An encoded unsigned field of `width` bits (registers, semaphores, flags,
/// unsigned immediates).
class NpuIsa_UIntAttr<int width>
    : TypedUnsignedIntegerAttrBase<UI<width>, "uint64_t",
                                   width # "-bit unsigned integer attribute">;
/// An encoded signed field of `width` bits (offsets, signed immediates).
class NpuIsa_SIntAttr<int width>
    : TypedSignedIntegerAttrBase<SI<width>, "int64_t",
                                 width # "-bit signed integer attribute">;

/// One machine instruction. Generated from the `Inst` record with opcode
/// `opcode`, executed in slot class `slot`, encoded in `numWords` words;
/// `hasTarget` is set when an operand is a branch or loop target.
class NpuIsa_InstOp<string mnemonic, int opcode, string slot, int numWords,
                    bit hasTarget>
    : NpuIsa_Op<mnemonic, [HasParent<"::npu::isa::BundleOp">,
                           NpuIsa_InstructionOpInterface]> {
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration =
      "static constexpr unsigned kOpcode = " # opcode # ";\n" #
      "  static constexpr ::llvm::StringLiteral kSlot = \"" # slot # "\";\n" #
      "  static constexpr unsigned kNumWords = " # numWords # ";\n" #
      "  static constexpr bool kHasTarget = " # !if(hasTarget, "true", "false")
      # ";";
  let extraClassDefinition = [{
    ::mlir::ParseResult $cppClass::parse(::mlir::OpAsmParser &parser,
                                         ::mlir::OperationState &result) {
      return ::npu::isa::parseInstructionOp(parser, result, kOpcode);
    }
    void $cppClass::print(::mlir::OpAsmPrinter &printer) {
      ::npu::isa::printInstructionOp(printer, getOperation(), kOpcode);
    }
    ::llvm::LogicalResult $cppClass::verify() {
      return ::npu::isa::verifyInstructionOp(getOperation(), kOpcode);
    }
  }];
}

#endif // NPU_ISA_INST_BASE_TD
