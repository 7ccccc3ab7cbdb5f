//===- NpuIsaOps.h - -gen-npu-isa-ops backend ------------------*- C++ -*-===//

#ifndef NPU_TBLGEN_NPUISAOPS_H
#define NPU_TBLGEN_NPUISAOPS_H

#include "ISAModel.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace npu::tblgen {

/// Emits the ODS definitions of the npu_isa instruction operations and the
/// enum attributes they use (dialects/npu_isa/InstBase.td has the classes).
void emitNpuIsaOps(llvm::raw_ostream &OS, const ISAModel &M);

} // namespace npu::tblgen

#endif
