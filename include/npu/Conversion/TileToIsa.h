//===- TileToIsa.h - Lowering npu_tile to npu_isa, bundling ------*- C++
//-*-===//
//
// npu-lower-to-isa (lib/Conversion/TileToIsa) and npu-pack-bundles
// (lib/Isa), declared in TileToIsaPasses.td.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_CONVERSION_TILETOISA_H
#define NPU_CONVERSION_TILETOISA_H

#include "npu_isa/NpuIsa.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>
#include <string>

namespace npu {

#define GEN_PASS_DECL
#include "npu/Conversion/TileToIsaPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "npu/Conversion/TileToIsaPasses.h.inc"

} // namespace npu

#endif
