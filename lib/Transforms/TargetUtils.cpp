//===- TargetUtils.cpp - Target lookup for the tile transforms ------------===//

#include "TargetUtils.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include <string>

using namespace mlir;

std::optional<npu::Target> npu::loadModuleTarget(ModuleOp module,
                                                 StringRef option) {
  std::string name;
  const char *from = "option 'target'";
  if (!option.empty()) {
    name = option.str();
  } else if (Attribute attr = module->getAttr("npu.target")) {
    auto str = dyn_cast<StringAttr>(attr);
    if (!str) {
      module.emitError("'npu.target' must be a string attribute, got ") << attr;
      return std::nullopt;
    }
    name = str.getValue().str();
    from = "npu.target";
  } else {
    name = std::string(kDefaultTargetName);
    from = "default target";
  }
  absl::StatusOr<Target> target = loadTarget(name);
  if (!target.ok()) {
    module.emitError() << from << " '" << name
                       << "': " << std::string(target.status().message());
    return std::nullopt;
  }
  return *std::move(target);
}

Value npu::getRootBuffer(Value value) {
  while (true) {
    // memref.transpose is a view too but does not implement the interface.
    if (auto transpose = value.getDefiningOp<memref::TransposeOp>()) {
      value = transpose.getIn();
      continue;
    }
    auto view = value.getDefiningOp<ViewLikeOpInterface>();
    if (!view)
      break;
    Value source = view.getViewSource();
    if (!source || source == value)
      break;
    value = source;
  }
  return value;
}
