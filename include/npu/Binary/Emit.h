//===- Emit.h - npu_isa programs <-> .npub modules -------------*- C++ -*-===//
//
// Emission turns an npu_isa.program into the in-memory .npub module of the
// runtime (runtime/src/format/Npub.h): the instructions are encoded by the
// runtime's encoder (npu::isa::encode) and the module is checked by the
// runtime's loader validation, so the compiler and the loader share one
// definition of the encoding and of the format. Import goes the other way,
// with the runtime's decoder.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_BINARY_EMIT_H
#define NPU_BINARY_EMIT_H

#include "format/Npub.h"
#include "target/Target.h"

#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir {
class MLIRContext;
class Location;
} // namespace mlir

namespace npu {
namespace isa {
class ProgramOp;
} // namespace isa

struct EmitOptions {
  /// Recorded in the module's provenance.
  std::string producer = "npu-translate";
  std::string commandLine;
};

/// Encodes `program` for `target`:
/// - bundle addresses follow from the encoded size of each instruction, in
///   program order; branch and loop targets resolve to the address of the
///   bundle they name; the last instruction of each bundle gets the
///   end-of-bundle flag;
/// - the signature (launch arguments 3, 4, ... in order), constants, state,
///   scratch and metadata come from the program's attributes; the target
///   section is `formatTarget(target)` and the arch hash `target.archHash()`;
/// - the debug map gives, for each bundle, its location (or the first
///   instruction's) as "file:line:col" ("file:line" when the column is 0).
/// Semaphores are checked against the target. The result is validated as
/// the loader would; every failure is reported as a diagnostic on the
/// offending operation.
///
/// With `constantsView`, constants the program holds in memory (a resource
/// blob, dense i8 elements) are not copied into the module: its constants
/// stay empty and `*constantsView` views them in the program's context
/// (empty when they were copied, e.g. from an external file). Write the
/// file with npub::serializeHead(module, view) followed by the view.
mlir::FailureOr<npub::Module>
emitModule(isa::ProgramOp program, const Target &target,
           const EmitOptions &options = {},
           llvm::ArrayRef<uint8_t> *constantsView = nullptr);

struct ImportOptions {
  /// Symbol name of the program.
  std::string name = "main";
};

/// Decodes `module` into an npu_isa.program (not inserted anywhere). Every
/// branch or loop target gets a label `L<hex address>` on the bundle it
/// names; bundle locations come from the debug map ("file:line[:col]"
/// entries become file locations). Errors (undecodable code, a target that
/// is not a bundle address, an undefined enum value) are reported through
/// the context's diagnostic engine at `loc` and give a null result.
mlir::OwningOpRef<isa::ProgramOp> importModule(const npub::Module &module,
                                               mlir::MLIRContext &context,
                                               const ImportOptions &options,
                                               mlir::Location loc);
mlir::OwningOpRef<isa::ProgramOp> importModule(const npub::Module &module,
                                               mlir::MLIRContext &context);

} // namespace npu

#endif
