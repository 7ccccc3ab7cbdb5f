//===- Instructions.h - npu_isa operations <-> runtime ISA -----*- C++ -*-===//
//
// Converts between instruction operations and the runtime's decoded
// instructions (npu::isa::Inst), field by field, using the runtime's ISA
// tables: the attribute of an encoded field is named like the field
// (`dst_reg`, `size`, ...) and typed by its kind and width. Nothing here is
// specific to one instruction.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_ISA_INSTRUCTIONS_H
#define NPU_ISA_INSTRUCTIONS_H

#include "npu_isa/NpuIsa.h"

#include "isa/ISA.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <string>

namespace npu::isa {

/// The ISA table entry of `op`.
const InstInfo &getInstInfo(InstructionOpInterface op);

/// "npu_isa.<mnemonic>".
std::string getInstructionOpName(const InstInfo &info);

/// The value of each field when every operand that has a default takes it
/// (as the assembler reads the defaults of NPUISA.td); fields of operands
/// without a default are 0.
const Inst &getDefaultFields(const InstInfo &info);

/// The index of the operand of `info` that encodes field `field`.
unsigned getOperandOfField(const InstInfo &info, unsigned field);

/// The attribute of field `field` of `info` holding `value`. Must not be
/// called for a Target field (see getTargetFieldAttr). `value` must fit the
/// field (and name a value of its enum, for an enum field).
mlir::Attribute getFieldAttr(mlir::MLIRContext *context, const InstInfo &info,
                             unsigned field, int64_t value);

/// Resolves a branch or loop target to a bundle address; emits a
/// diagnostic and fails when it cannot.
using TargetResolver =
    llvm::function_ref<mlir::FailureOr<int64_t>(mlir::FlatSymbolRefAttr)>;

/// Reads the encoded fields of `op` into `inst` (opcode and f[]; the
/// end-of-bundle flag is left false). Target fields are resolved with
/// `resolveTarget`. Fails, with a diagnostic on `op`, when an attribute is
/// missing or of the wrong kind.
mlir::LogicalResult readInstruction(InstructionOpInterface op, Inst &inst,
                                    TargetResolver resolveTarget);

/// Names the bundle at a target address; emits a diagnostic and fails when
/// there is none.
using TargetNamer =
    llvm::function_ref<mlir::FailureOr<mlir::StringAttr>(int64_t address)>;

/// Creates the operation of `inst` at the builder's insertion point. Target
/// fields become references to the labels `nameTarget` gives. Fails, with a
/// diagnostic at `loc`, when a field does not name a value of its enum.
mlir::FailureOr<InstructionOpInterface>
createInstruction(mlir::OpBuilder &builder, mlir::Location loc,
                  const Inst &inst, TargetNamer nameTarget);

} // namespace npu::isa

#endif
