//===- InitAll.cpp - Register every npu dialect and pass ------------------===//

#include "npu/InitAll.h"
#include "npu/Graph/Passes.h"
#include "npu/Transforms/Passes.h"

#include "npu/Conversion/Passes.h"
#include "npu/Conversion/TileToIsa.h"

#include "npu_graph/NpuGraph.h"
#include "npu_isa/NpuIsa.h"
#include "npu_tile/NpuTile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

void npu::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<npu::graph::NpuGraphDialect, npu::tile::NpuTileDialect,
                  npu::isa::NpuIsaDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect, mlir::scf::SCFDialect,
                  mlir::memref::MemRefDialect, mlir::tensor::TensorDialect>();
}

void npu::registerAllPasses() {
  // Upstream passes useful in npu pipelines (canonicalize, cse, ...).
  mlir::registerTransformsPasses();
  npu::registerNpuGraphPasses();
  npu::registerNpuConversionPasses();
  npu::registerTileToIsaPasses();
  npu::registerNpuTransformsPasses();
}
