//===- NpuIsa.h - The npu_isa dialect ------------------------------*- C++
//-*-===//
//
// One operation per machine instruction (generated from NPUISA.td), bundles
// and programs. Helpers that connect the operations to the runtime's ISA
// tables (encoding, decoding) are in npu_isa/Instructions.h.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_ISA_NPU_ISA_H
#define NPU_ISA_NPU_ISA_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "npu_isa/Dialect.h.inc"
#include "npu_isa/Enums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "npu_isa/Attrs.h.inc"

#include "npu_isa/Interfaces.h.inc"

namespace npu::isa {
class BundleOp;
class ProgramOp;

// Implementation of the generated instruction operations (InstBase.td): the
// syntax, the defaults and the checks come from the runtime's ISA tables for
// `opcode`.
mlir::ParseResult parseInstructionOp(mlir::OpAsmParser &parser,
                                     mlir::OperationState &result,
                                     unsigned opcode);
void printInstructionOp(mlir::OpAsmPrinter &printer, mlir::Operation *op,
                        unsigned opcode);
llvm::LogicalResult verifyInstructionOp(mlir::Operation *op, unsigned opcode);
} // namespace npu::isa

#define GET_OP_CLASSES
#include "npu_isa/Ops.h.inc"

#endif
