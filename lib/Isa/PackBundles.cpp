//===- PackBundles.cpp - npu-pack-bundles ---------------------------------===//
//
// List scheduling of npu_isa instructions into VLIW bundles. The rules are
// in the pass description (include/npu/Conversion/TileToIsaPasses.td).
//
//===----------------------------------------------------------------------===//

#include "npu/Conversion/TileToIsa.h"

#include "npu_isa/Instructions.h"
#include "npu_isa/NpuIsa.h"

#include "isa/ISA.h"

#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallBitVector.h"

#include <algorithm>
#include <vector>

namespace npu {
#define GEN_PASS_DEF_PACKBUNDLES
#include "npu/Conversion/TileToIsaPasses.h.inc"
} // namespace npu

using namespace mlir;

namespace {

using npu::isa::OperandKind;
using npu::isa::SlotClass;

/// What an instruction touches, for the dependence tests.
struct InstDeps {
  Operation *op;
  SlotClass slot;
  bool async;
  bool control;    // ends a scheduling region
  bool semBarrier; // sem.wait / sem.signal: later async ops and later
                   // sem.wait / sem.signal go after it
  bool drain;      // halt / fence: after every earlier instruction
  bool stalls;     // sem.wait: stalls the issue of its bundle
  uint64_t regReads = 0, regWrites = 0;
  SmallVector<int64_t, 2> sems;
  Location loc;
};

FailureOr<InstDeps> analyze(npu::isa::InstructionOpInterface op,
                            Location bundleLoc) {
  npu::isa::Inst inst;
  auto resolve = [](FlatSymbolRefAttr) -> FailureOr<int64_t> { return 0; };
  if (failed(npu::isa::readInstruction(op, inst, resolve)))
    return failure();
  const npu::isa::InstInfo &info = inst.info();
  InstDeps d{op,    info.slot, info.async, false, false,    false,
             false, 0,         0,          {},    bundleLoc};
  StringRef mnemonic = info.mnemonic;
  d.control = mnemonic == "loop" || mnemonic == "loopi" || mnemonic == "br" ||
              mnemonic == "beq" || mnemonic == "bne" || mnemonic == "blt" ||
              mnemonic == "bge" || mnemonic == "halt" || mnemonic == "fence";
  d.drain = mnemonic == "halt" || mnemonic == "fence";
  d.stalls = mnemonic == "sem.wait";
  d.semBarrier = mnemonic == "sem.wait" || mnemonic == "sem.signal";
  for (unsigned o = 0; o < info.numOperands; ++o) {
    const npu::isa::OperandInfo &operand = info.operands[o];
    for (unsigned f = operand.firstField;
         f < unsigned(operand.firstField + operand.numFields); ++f) {
      StringRef field = info.fields[f].name;
      int64_t v = inst.f[f];
      switch (operand.kind) {
      case OperandKind::Reg:
        if (v == 0)
          break;
        if (field == "rd")
          d.regWrites |= uint64_t(1) << v;
        else
          d.regReads |= uint64_t(1) << v;
        break;
      case OperandKind::Mem:
      case OperandKind::Sram:
        if (field.ends_with("_reg") && v != 0)
          d.regReads |= uint64_t(1) << v;
        break;
      case OperandKind::Sem:
        if (v != npu::isa::kNoSem)
          d.sems.push_back(v);
        break;
      default:
        break;
      }
    }
  }
  return d;
}

struct Scheduled {
  SmallVector<Operation *, 4> ops;
  Location loc;
  StringAttr label;
};

/// Places the instructions of one region (program order) into bundles.
void scheduleRegion(ArrayRef<InstDeps> region, StringAttr label,
                    std::vector<Scheduled> &out) {
  std::vector<unsigned> at(region.size());
  // Bundles of this region: occupied slots.
  std::vector<std::array<bool, npu::isa::kNumSlotClasses>> used;
  std::vector<Location> locs;
  for (size_t i = 0; i < region.size(); ++i) {
    const InstDeps &b = region[i];
    unsigned earliest = 0;
    bool last = i + 1 == region.size() && (b.control || label);
    for (size_t j = 0; j < i; ++j) {
      const InstDeps &a = region[j];
      unsigned after = at[j] + 1, same = at[j];
      // Registers.
      if (a.regWrites & (b.regReads | b.regWrites))
        earliest = std::max(earliest, after);
      if (a.regReads & b.regWrites)
        earliest = std::max(earliest, a.async ? same : after);
      // In-order queues of one slot class (scalar instructions only need
      // their register and semaphore dependences).
      if (a.slot == b.slot && b.async)
        earliest = std::max(earliest, after);
      // Semaphores.
      for (int64_t s : a.sems)
        if (llvm::is_contained(b.sems, s))
          earliest = std::max(earliest, after);
      if (a.semBarrier && (b.async || b.semBarrier))
        earliest = std::max(earliest, after);
      // A sem.wait stalls the issue of its whole bundle: keep earlier
      // asynchronous instructions out of it so they issue without waiting.
      if (b.stalls && a.async)
        earliest = std::max(earliest, after);
      if (last)
        earliest = std::max(earliest, b.drain ? after : same);
    }
    unsigned slot = unsigned(b.slot);
    unsigned k = earliest;
    while (k < used.size() && used[k][slot])
      ++k;
    if (last && k + 1 < used.size())
      k = used.size() - 1; // cannot happen: earliest covers every bundle
    if (k == used.size()) {
      used.push_back({});
      locs.push_back(b.loc);
    }
    used[k][slot] = true;
    at[i] = k;
  }
  size_t base = out.size();
  for (size_t k = 0; k < used.size(); ++k)
    out.push_back(Scheduled{{}, locs[k], {}});
  for (size_t i = 0; i < region.size(); ++i)
    out[base + at[i]].ops.push_back(region[i].op);
  if (label && !used.empty())
    out.back().label = label;
}

struct PackBundlesPass : npu::impl::PackBundlesBase<PackBundlesPass> {
  using PackBundlesBase::PackBundlesBase;

  LogicalResult pack(npu::isa::ProgramOp program) {
    // Labels that end loop bodies and labels that are branch targets.
    llvm::DenseSet<StringAttr> loopEnds, branchTargets;
    program.walk([&](npu::isa::InstructionOpInterface op) {
      for (NamedAttribute attr : op->getAttrs())
        if (auto ref = dyn_cast<FlatSymbolRefAttr>(attr.getValue())) {
          StringRef name = op->getName().getStringRef();
          if (name == "npu_isa.loop" || name == "npu_isa.loopi")
            loopEnds.insert(ref.getAttr());
          else
            branchTargets.insert(ref.getAttr());
        }
    });

    std::vector<Scheduled> out;
    std::vector<InstDeps> region;
    auto flush = [&](StringAttr label) {
      if (!region.empty())
        scheduleRegion(region, label, out);
      region.clear();
    };
    SmallVector<npu::isa::BundleOp> old(program.getBundles());
    for (npu::isa::BundleOp bundle : old) {
      StringAttr label = bundle.getSymNameAttr();
      bool target = label && branchTargets.contains(label);
      bool loopEnd = label && loopEnds.contains(label);
      // A branch target starts a region and keeps its label on its first
      // bundle: its instructions are scheduled on their own.
      size_t first = 0;
      if (target) {
        flush({});
        first = out.size();
      }
      // Asynchronous instructions first, then the scalar one (snapshot).
      SmallVector<npu::isa::InstructionOpInterface> insts(
          bundle.getInstructions());
      std::stable_partition(insts.begin(), insts.end(),
                            [](npu::isa::InstructionOpInterface op) {
                              return npu::isa::getInstInfo(op).async;
                            });
      bool control = false;
      for (auto op : insts) {
        FailureOr<InstDeps> d = analyze(op, bundle.getLoc());
        if (failed(d))
          return failure();
        control |= d->control;
        region.push_back(*d);
      }
      if (target) {
        flush(loopEnd ? label : StringAttr());
        out[first].label = label;
      } else if (loopEnd) {
        flush(label);
      } else if (control) {
        flush({});
      }
    }
    flush({});

    // Rebuild the bundles.
    OpBuilder builder(program.getContext());
    builder.setInsertionPointToEnd(&program.getBody().front());
    for (Scheduled &s : out) {
      auto bundle = npu::isa::BundleOp::create(
          builder, s.loc, s.label ? s.label.getValue() : StringRef());
      Block &body = bundle.getBody().front();
      for (Operation *op : s.ops)
        op->moveBefore(&body, body.end());
    }
    for (npu::isa::BundleOp bundle : old)
      bundle.erase();
    return success();
  }

  void runOnOperation() override {
    WalkResult r = getOperation().walk([&](npu::isa::ProgramOp program) {
      return failed(pack(program)) ? WalkResult::interrupt()
                                   : WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
