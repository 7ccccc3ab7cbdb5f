//===- TileToIsa.cpp - npu-lower-to-isa -----------------------------------===//
//
// Lowers the placed entry function of an npu_tile module to one
// npu_isa.program with one instruction per bundle. The pass description in
// include/npu/Conversion/TileToIsaPasses.td documents the rules.
//
// The instructions are first collected as runtime nisa::Inst values (so that
// the signal field of a producer can be patched when a later consumer needs
// it), then materialised as bundles with nisa::createInstruction.
//
//===----------------------------------------------------------------------===//

#include "npu/Conversion/TileToIsa.h"

#include "npu_graph/NpuGraph.h"
#include "npu_isa/Instructions.h"
#include "npu_isa/NpuIsa.h"
#include "npu_tile/NpuTile.h"

#include "isa/ISA.h"
#include "target/Target.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"

#include <cstring>
#include <map>
#include <optional>

namespace npu {
#define GEN_PASS_DEF_LOWERTOISA
#include "npu/Conversion/TileToIsaPasses.h.inc"
} // namespace npu

using namespace mlir;
namespace nisa = npu::isa;

namespace {

constexpr unsigned kNumRegs = 32;
constexpr int64_t kConstantAlign = 64;

// Base address ids: SRAM (r0), constants, scratch, then I/O argument i.
constexpr int kBaseSram = 0;
constexpr int kBaseConstants = 1;
constexpr int kBaseScratch = 2;
constexpr int kBaseFirstArg = 3;
static int64_t argIndex(int base);

/// An affine byte offset: cst + sum coef[loop] * iv(loop).
struct Linear {
  int64_t cst = 0;
  std::map<unsigned, int64_t> coef; // loop id -> coefficient

  Linear &add(const Linear &o, int64_t scale = 1) {
    cst += o.cst * scale;
    for (auto [l, c] : o.coef) {
      coef[l] += c * scale;
      if (!coef[l])
        coef.erase(l);
    }
    return *this;
  }
  Linear scaled(int64_t s) const {
    Linear r;
    return r.add(*this, s);
  }
};

/// An address: base + linear byte offset. For SRAM addresses `lo`/`hi`
/// bound the bytes the operand may touch (for the hazard analysis).
struct Addr {
  int base = kBaseSram;
  Linear off;
  int64_t lo = 0, hi = 0;
};

/// A byte range of SRAM.
struct Range {
  int64_t lo, hi;
  bool overlaps(const Range &o) const { return lo < o.hi && o.lo < hi; }
};

/// An asynchronous instruction that may still be in flight.
struct Record {
  int engine;  // DMA channel (0..15), kMxu or kVpu
  size_t item; // index of its instruction
  SmallVector<Range, 4> reads, writes;
  int signal = -1;             // semaphore it signals (-1: none yet)
  bool isDma = false;          // the signal is a token's semaphore
  bool consumed = false;       // a consumer's wait field takes the signal
  int waitSem = -1;            // semaphore its own wait field consumes
  SmallVector<size_t, 2> deps; // records its wait field waited for
  bool complete = false;
};
constexpr int kMxu = 100;
constexpr int kVpu = 101;

struct LoopInfo {
  int64_t lb, step, trip;
  int parent; // enclosing loop id or -1
  unsigned depth;
};

/// One instruction of the output, one bundle each.
struct Item {
  Item(const nisa::Inst &inst, Location loc) : inst(inst), loc(loc) {}
  nisa::Inst inst;
  Location loc;
  int label = -1; // label id when this bundle ends a loop body
  /// Register initialisations that go just before this instruction (set
  /// before the `loopi` of the top-level loop that uses the registers, or
  /// before the first straight-line instruction that uses them).
  std::vector<Item> inits;
};

struct AddrReg {
  unsigned reg;
  int base;
  std::map<unsigned, int64_t> coef;
};

class Lowering {
public:
  Lowering(ModuleOp module, func::FuncOp func, const npu::Target &target)
      : module(module), func(func), target(target), ctx(module.getContext()) {}

  LogicalResult run(nisa::ProgramOp program);

private:
  // --- Instruction building ---------------------------------------------
  static const nisa::InstInfo &info(StringRef mnemonic) {
    const nisa::InstInfo *i = nisa::lookupMnemonic(mnemonic.str());
    assert(i && "unknown mnemonic");
    return *i;
  }
  static nisa::Inst make(StringRef mnemonic) {
    return nisa::getDefaultFields(info(mnemonic));
  }
  static int fieldIndex(const nisa::Inst &inst, StringRef field) {
    const nisa::InstInfo &i = inst.info();
    for (unsigned f = 0; f < i.numFields; ++f)
      if (field == i.fields[f].name)
        return f;
    return -1;
  }
  static void set(nisa::Inst &inst, StringRef field, int64_t value) {
    int f = fieldIndex(inst, field);
    assert(f >= 0 && "unknown field");
    inst.f[f] = value;
  }
  /// The `<name>_space`, `<name>_reg` and `<name>_off` fields of a memory
  /// operand at `addr`, materialized as `regOff`.
  static void setMemOperand(nisa::Inst &inst, StringRef name, const Addr &addr,
                            std::pair<unsigned, int64_t> regOff) {
    set(inst, (name + "_space").str(), addr.base == kBaseSram ? 1 : 0);
    set(inst, (name + "_reg").str(), regOff.first);
    set(inst, (name + "_off").str(), regOff.second);
  }
  size_t emit(const nisa::Inst &inst, Location loc) {
    items.push_back(Item{inst, loc});
    items.back().inits = std::move(pendingInits);
    pendingInits.clear();
    return items.size() - 1;
  }

  // --- Registers --------------------------------------------------------
  // The lowering numbers virtual registers (1, 2, ...); assignRegisters
  // maps them to r1-r31 from their live ranges once the code is complete.
  FailureOr<unsigned> newReg(Location loc) { return nextReg++; }
  /// Where the initialisation of a new register goes: before the
  /// straight-line code that precedes the enclosing top-level loop, or
  /// before the next instruction.
  std::vector<Item> &initList() {
    return currentLoop >= 0 ? items[topLoopItem].inits : pendingInits;
  }
  LogicalResult assignRegisters();
  FailureOr<unsigned> baseReg(int base, Location loc);
  FailureOr<std::pair<unsigned, int64_t>> materialize(const Addr &a,
                                                      Location loc);

  // --- Addresses --------------------------------------------------------
  FailureOr<Linear> linear(Value v);
  FailureOr<Addr> address(Value v);

  // --- Semaphores and hazards -------------------------------------------
  FailureOr<int> allocSem(Location loc);
  void freeSem(int s) { semFree[s] = true; }
  void complete(size_t r);
  void fence(Location loc);
  LogicalResult waitBeforeConsumer(size_t producer);
  FailureOr<int> syncConsumer(int engine, ArrayRef<Range> reads,
                              ArrayRef<Range> writes, Location loc,
                              SmallVectorImpl<size_t> &deps);
  /// True if compute may be in flight (copies whose token is not waited
  /// yet do not count: their wait balances their semaphore).
  bool anyPending() const {
    for (const Record &r : records)
      if (!r.complete && !r.isDma)
        return true;
    return false;
  }
  LogicalResult emitAsync(nisa::Inst inst, int engine,
                          SmallVector<Range, 4> reads,
                          SmallVector<Range, 4> writes, Location loc,
                          Value token = {});

  // --- Ops --------------------------------------------------------------
  LogicalResult lowerBlock(Block &block);
  LogicalResult lowerFor(scf::ForOp op);
  LogicalResult lowerSingleTrip(scf::ForOp op, int64_t lb);
  LogicalResult lowerDma(npu::tile::DmaOp op);
  LogicalResult lowerGather(npu::tile::GatherOp op);
  LogicalResult lowerWait(npu::tile::WaitOp op);
  LogicalResult waitToken(Value token, Operation *op);
  bool deferrable(Value token);
  LogicalResult flushWaits();
  SmallVector<Value, 4> touchedPending(Operation *op);
  LogicalResult lowerMatmul(npu::tile::MatmulOp op);
  LogicalResult lowerVpu(Operation *op);
  LogicalResult sramOperand(Value v, StringRef what, nisa::Inst &inst,
                            StringRef regField, StringRef offField,
                            SmallVectorImpl<Range> &ranges,
                            npu::tile::TileLayout *layout);

  LogicalResult buildSignature(nisa::ProgramOp program);
  LogicalResult buildConstants(nisa::ProgramOp program);

public:
  /// Copies the constant globals into the program's constants blob, once
  /// the lowering has succeeded and the function is erased. The data of
  /// each resource copied is freed as soon as nothing else uses it (the
  /// globals are erased next), so that the weights are never held twice.
  void fillConstants();

private:
  ModuleOp module;
  func::FuncOp func;
  const npu::Target &target;
  MLIRContext *ctx;

  std::vector<Item> items;
  std::vector<Item> pendingInits;
  /// The first instruction after the last top-level loop (or of the
  /// program), and where the registers of the current top-level loop are
  /// set.
  size_t segmentStart = 0, topLoopItem = 0;
  unsigned nextReg = 1;
  std::map<int, unsigned> baseRegs;
  std::vector<AddrReg> addrRegs;
  DenseMap<Operation *, unsigned> loopIds;
  std::vector<LoopInfo> loops;
  int currentLoop = -1;
  unsigned numLabels = 0;
  /// Register rewinds owed at the end of the body of a loop (loop id ->
  /// register -> bytes).
  std::map<unsigned, std::map<unsigned, int64_t>> rewinds;
  DenseMap<Operation *, int64_t> globalOffsets;
  /// A constant global and where its bytes go in the program's constants.
  struct PlacedConstant {
    memref::GlobalOp global;
    Attribute value;
    int64_t offset, size;
  };
  std::vector<PlacedConstant> placedConstants;
  /// The program's constants blob, filled by fillConstants.
  MutableArrayRef<char> constantsData;

  std::vector<Record> records;
  std::vector<bool> semFree;
  DenseMap<Value, size_t> tokens; // token -> record
  /// Tokens waited ahead of their npu_tile.wait to free a semaphore
  /// (allocSem); their own wait then emits nothing.
  DenseSet<Value> waitedEarly;
  /// The block being lowered.
  Block *currentBlock = nullptr;
  /// Waits on copies from read-only HBM into SRAM that are delayed until an
  /// instruction touches their SRAM destination (or control flow), so that
  /// independent instructions issue before the scalar unit stalls.
  SmallVector<std::pair<Value, Operation *>, 4> pendingWaits;
  /// A delayed wait that the next asynchronous instruction takes in its
  /// `wait` field (if the hazards leave it free).
  std::optional<std::pair<Value, Operation *>> fieldWait;
  /// Loop-carried tokens: an iter_arg of a loop waits on the semaphore of
  /// the copies that produce it (the one before the loop and the one of the
  /// previous iteration, on one channel).
  struct Carried {
    int sem;
    size_t initRecord;
    int64_t channel;
  };
  DenseMap<Value, Carried> carried;     // iter_arg -> semaphore
  DenseMap<Value, Carried> preassigned; // yielded token -> semaphore
  /// Induction variables of loops of one trip, lowered as straight code.
  DenseMap<Value, int64_t> constantIvs;
  /// Iter_args and results of those loops that stand for a copy's token
  /// (waited in another block than the copy's).
  llvm::DenseSet<Value> aliasedTokens;
};

//===----------------------------------------------------------------------===//
// Registers
//===----------------------------------------------------------------------===//

FailureOr<unsigned> Lowering::baseReg(int base, Location loc) {
  assert(base != kBaseSram);
  auto it = baseRegs.find(base);
  if (it != baseRegs.end())
    return it->second;
  FailureOr<unsigned> r = newReg(loc);
  if (failed(r))
    return failure();
  nisa::Inst arg = make("arg");
  set(arg, "rd", *r);
  set(arg, "idx", argIndex(base));
  initList().push_back(Item{arg, loc});
  baseRegs[base] = *r;
  return *r;
}

/// Calls `fn(value)` on each scalar register field of `inst` (r0 included):
/// the register operands and the `*_reg` fields of memory operands, as
/// npu-pack-bundles reads them.
template <typename Fn> static void forEachRegField(nisa::Inst &inst, Fn fn) {
  const nisa::InstInfo &info = inst.info();
  for (unsigned o = 0; o < info.numOperands; ++o) {
    const nisa::OperandInfo &operand = info.operands[o];
    for (unsigned f = operand.firstField;
         f < unsigned(operand.firstField + operand.numFields); ++f) {
      StringRef field = info.fields[f].name;
      if (operand.kind == nisa::OperandKind::Reg)
        fn(inst.f[f]);
      else if ((operand.kind == nisa::OperandKind::Mem ||
                operand.kind == nisa::OperandKind::Sram) &&
               field.ends_with("_reg"))
        fn(inst.f[f]);
    }
  }
}

/// Maps the virtual registers of `items` (with their initialisations
/// flattened in front of them) to r1-r31 by linear scan over live ranges.
/// A register is live from its first to its last occurrence; a register
/// live into a hardware loop body (set before it, used in it) is live to
/// the end of the body, since the body runs again after its last use (the
/// strength-reduced registers are advanced at the end of the body and read
/// at the start). A register is free again from the instruction after its
/// last reader; npu-pack-bundles keeps the new writer after that reader.
LogicalResult Lowering::assignRegisters() {
  std::vector<Item> flat;
  std::vector<bool> isInit;
  for (Item &item : items) {
    for (Item &init : item.inits) {
      flat.push_back(std::move(init));
      isInit.push_back(true);
    }
    item.inits.clear();
    flat.push_back(std::move(item));
    isInit.push_back(false);
  }
  items = std::move(flat);

  // Live ranges [first, last] in instruction positions.
  std::vector<int64_t> first(nextReg, -1), last(nextReg, -1);
  for (size_t i = 0; i < items.size(); ++i)
    forEachRegField(items[i].inst, [&](int64_t &r) {
      if (r <= 0)
        return;
      if (first[r] < 0)
        first[r] = i;
      last[r] = i;
    });
  // Hardware loop bodies: (loopi position, position of the labelled end).
  std::vector<std::pair<int64_t, int64_t>> bodies;
  std::map<int64_t, int64_t> openLoops; // label -> loopi position
  for (size_t i = 0; i < items.size(); ++i) {
    if (StringRef(items[i].inst.info().mnemonic) == "loopi")
      openLoops[items[i].inst.f[fieldIndex(items[i].inst, "end")]] = i;
    if (items[i].label >= 0)
      bodies.push_back({openLoops[items[i].label], int64_t(i)});
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (unsigned r = 1; r < nextReg; ++r)
      for (auto [start, end] : bodies)
        if (first[r] >= 0 && first[r] <= start && last[r] > start &&
            last[r] < end) {
          last[r] = end;
          changed = true;
        }
  }

  // Linear scan in order of first occurrence.
  std::vector<unsigned> order;
  for (unsigned r = 1; r < nextReg; ++r)
    if (first[r] >= 0)
      order.push_back(r);
  llvm::stable_sort(
      order, [&](unsigned a, unsigned b) { return first[a] < first[b]; });
  std::vector<int64_t> physical(nextReg, 0);
  std::vector<int64_t> busyUntil(kNumRegs, -1); // last use of its value
  std::vector<int64_t> freeFrom(nextReg, 0);    // its register is free
  for (unsigned r : order) {
    // The register free for longest (an unused one first): a reuse orders
    // the new writer after the old value's last reader in the packer, and
    // the older that reader, the less that constrains.
    unsigned p = kNumRegs;
    for (unsigned q = 1; q < kNumRegs; ++q)
      if (busyUntil[q] < first[r] &&
          (p == kNumRegs || busyUntil[q] < busyUntil[p]))
        p = q;
    if (p == kNumRegs)
      return emitError(items[first[r]].loc)
             << "out of scalar registers: the lowering needs more than "
             << kNumRegs - 1 << " address registers (r1-r" << kNumRegs - 1
             << ") live at once";
    physical[r] = p;
    freeFrom[r] = busyUntil[p] + 1;
    busyUntil[p] = last[r];
  }

  // Hoist each initialisation to where its register became free (the
  // program start when registers are plentiful), never into a loop body:
  // it then issues alongside earlier code instead of before the loop.
  std::vector<std::vector<size_t>> hoisted(items.size());
  std::vector<bool> moved(items.size(), false);
  for (unsigned r : order) {
    if (!isInit[first[r]])
      continue;
    int64_t to = freeFrom[r];
    for (bool changed = true; changed;) {
      changed = false;
      for (auto [start, end] : bodies)
        if (start < to && to <= end) {
          to = end + 1;
          changed = true;
        }
    }
    // After the initialisations that stay there (they are needed first).
    while (to < first[r] && isInit[to] && !moved[to])
      ++to;
    if (to >= first[r])
      continue;
    for (size_t i = first[r];
         i < items.size() && isInit[i] &&
         items[i].inst.f[fieldIndex(items[i].inst, "rd")] == int64_t(r);
         ++i) {
      hoisted[to].push_back(i);
      moved[i] = true;
    }
  }
  std::vector<Item> placed;
  for (size_t j = 0; j < items.size(); ++j) {
    for (size_t i : hoisted[j])
      placed.push_back(std::move(items[i]));
    if (!moved[j])
      placed.push_back(std::move(items[j]));
  }
  items = std::move(placed);
  for (Item &item : items)
    forEachRegField(item.inst, [&](int64_t &r) {
      if (r > 0)
        r = physical[r];
    });
  return success();
}

/// The launch argument holding the address of HBM base `base`.
static int64_t argIndex(int base) {
  return base == kBaseConstants ? 0
         : base == kBaseScratch ? 1
                                : 3 + (base - kBaseFirstArg);
}

static bool fitsI32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

FailureOr<std::pair<unsigned, int64_t>> Lowering::materialize(const Addr &a,
                                                              Location loc) {
  if (!fitsI32(a.off.cst))
    return emitError(loc) << "address offset " << a.off.cst
                          << " does not fit the 32-bit immediate";
  if (a.off.coef.empty()) {
    if (a.base == kBaseSram)
      return std::make_pair(0u, a.off.cst);
    FailureOr<unsigned> r = baseReg(a.base, loc);
    if (failed(r))
      return failure();
    return std::make_pair(*r, a.off.cst);
  }
  for (const AddrReg &r : addrRegs)
    if (r.base == a.base && r.coef == a.off.coef)
      return std::make_pair(r.reg, a.off.cst);
  // A new induction register: base + sum coef * lb, set before the
  // top-level loop (an HBM base is read straight into it).
  FailureOr<unsigned> r = newReg(loc);
  if (failed(r))
    return failure();
  int64_t init = 0;
  for (auto [l, c] : a.off.coef)
    init += c * loops[l].lb;
  if (!fitsI32(init))
    return emitError(loc) << "initial address offset does not fit 32 bits";
  unsigned src = 0;
  if (a.base != kBaseSram) {
    nisa::Inst arg = make("arg");
    set(arg, "rd", *r);
    set(arg, "idx", argIndex(a.base));
    initList().push_back(Item{arg, loc});
    src = *r;
  }
  if (init || a.base == kBaseSram) {
    nisa::Inst addi = make("addi");
    set(addi, "rd", *r);
    set(addi, "rs", src);
    set(addi, "imm", init);
    initList().push_back(Item{addi, loc});
  }
  addrRegs.push_back(AddrReg{*r, a.base, a.off.coef});
  return std::make_pair(*r, a.off.cst);
}

//===----------------------------------------------------------------------===//
// Addresses
//===----------------------------------------------------------------------===//

FailureOr<Linear> Lowering::linear(Value v) {
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    if (auto it = constantIvs.find(v); it != constantIvs.end()) {
      Linear l;
      l.cst = it->second;
      return l;
    }
    auto forOp = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp());
    if (forOp && arg == forOp.getInductionVar() && loopIds.count(forOp)) {
      Linear l;
      l.coef[loopIds[forOp]] = 1;
      return l;
    }
    return failure();
  }
  Operation *def = v.getDefiningOp();
  if (auto c = dyn_cast<arith::ConstantIndexOp>(def)) {
    Linear l;
    l.cst = c.value();
    return l;
  }
  if (auto c = dyn_cast<arith::ConstantIntOp>(def)) {
    Linear l;
    l.cst = c.value();
    return l;
  }
  if (isa<arith::AddIOp, arith::SubIOp, arith::MulIOp>(def)) {
    FailureOr<Linear> a = linear(def->getOperand(0));
    FailureOr<Linear> b = linear(def->getOperand(1));
    if (failed(a) || failed(b))
      return failure();
    if (isa<arith::AddIOp>(def))
      return a->add(*b);
    if (isa<arith::SubIOp>(def))
      return a->add(*b, -1);
    if (a->coef.empty())
      return b->scaled(a->cst);
    if (b->coef.empty())
      return a->scaled(b->cst);
  }
  return failure();
}

static int64_t elementBits(MemRefType t) {
  return npu::tile::getElementBits(t.getElementType());
}

/// Byte extent of a strided memref from its first element.
static int64_t extentBytes(MemRefType t) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(t.getStridesAndOffset(strides, offset)))
    return 0;
  int64_t last = 0;
  for (auto [size, stride] : llvm::zip(t.getShape(), strides)) {
    if (size == 0)
      return 0;
    last += (size - 1) * stride;
  }
  return ((last + 1) * elementBits(t) + 7) / 8;
}

FailureOr<Addr> Lowering::address(Value v) {
  Location loc = v.getLoc();
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    if (arg.getOwner()->getParentOp() != func.getOperation())
      return emitError(loc) << "memref block argument is not an argument of "
                               "the entry function";
    Addr a;
    a.base = kBaseFirstArg + arg.getArgNumber();
    return a;
  }
  Operation *def = v.getDefiningOp();
  if (auto alloc = dyn_cast<npu::tile::AllocOp>(def)) {
    if (!alloc.getOffset())
      return alloc.emitOpError()
             << "has no offset: run npu-place-memory before npu-lower-to-isa";
    Addr a;
    a.off.cst = *alloc.getOffset();
    a.lo = a.off.cst;
    a.hi = a.lo + extentBytes(alloc.getType());
    return a;
  }
  if (auto alloc = dyn_cast<memref::AllocOp>(def)) {
    auto off = alloc->getAttrOfType<IntegerAttr>("npu.scratch_offset");
    if (!off ||
        !npu::tile::isInSpace(alloc.getType(), npu::tile::MemorySpace::HBM))
      return alloc.emitOpError()
             << "must be an HBM buffer with npu.scratch_offset (run "
                "npu-place-memory before npu-lower-to-isa)";
    Addr a;
    a.base = kBaseScratch;
    a.off.cst = off.getInt();
    return a;
  }
  if (auto get = dyn_cast<memref::GetGlobalOp>(def)) {
    auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
        get, get.getNameAttr());
    if (!global || !globalOffsets.count(global))
      return get.emitOpError() << "does not name a constant global";
    Addr a;
    a.base = kBaseConstants;
    a.off.cst = globalOffsets[global];
    return a;
  }
  if (auto sub = dyn_cast<memref::SubViewOp>(def)) {
    FailureOr<Addr> src = address(sub.getSource());
    if (failed(src))
      return failure();
    MemRefType srcType = sub.getSourceType();
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(srcType.getStridesAndOffset(strides, offset)) ||
        llvm::any_of(strides, ShapedType::isDynamic))
      return sub.emitOpError() << "source must have static strides";
    int64_t bits = elementBits(srcType);
    Addr a = *src;
    Linear elems;
    for (auto [ofr, stride] : llvm::zip(sub.getMixedOffsets(), strides)) {
      Linear l;
      if (auto attr = dyn_cast<Attribute>(ofr)) {
        l.cst = cast<IntegerAttr>(attr).getInt();
      } else {
        FailureOr<Linear> d = linear(cast<Value>(ofr));
        if (failed(d))
          return sub.emitOpError()
                 << "offset is not affine in the induction variables of the "
                    "enclosing loops";
        l = *d;
      }
      elems.add(l, stride);
    }
    auto toBytes = [&](int64_t e, bool &ok) {
      if ((e * bits) % 8)
        ok = false;
      return e * bits / 8;
    };
    bool ok = true;
    Linear bytes;
    bytes.cst = toBytes(elems.cst, ok);
    for (auto [l, c] : elems.coef)
      bytes.coef[l] = toBytes(c, ok);
    if (!ok)
      return sub.emitOpError() << "offset is not a whole number of bytes";
    a.off.add(bytes);
    if (a.base == kBaseSram && a.off.coef.empty()) {
      // Static SRAM view: its exact hull.
      a.lo = a.off.cst;
      a.hi = a.lo + extentBytes(sub.getType());
    } // else: keep the hull of the whole buffer
    return a;
  }
  if (isa<memref::CollapseShapeOp, memref::ExpandShapeOp, memref::TransposeOp>(
          def)) {
    // Reshape and transpose views start at their source's first byte; their
    // types carry the strides.
    FailureOr<Addr> a = address(def->getOperand(0));
    if (failed(a))
      return failure();
    if (a->base == kBaseSram && a->off.coef.empty()) {
      a->lo = a->off.cst;
      a->hi = a->lo + extentBytes(cast<MemRefType>(v.getType()));
    }
    return a;
  }
  return emitError(loc) << "cannot compute the address of this memref "
                           "(expected a function argument, npu_tile.alloc, "
                           "memref.alloc, memref.get_global, "
                           "memref.subview, memref.collapse_shape, "
                           "memref.expand_shape or memref.transpose)";
}

//===----------------------------------------------------------------------===//
// Semaphores and hazards
//===----------------------------------------------------------------------===//

FailureOr<int> Lowering::allocSem(Location loc) {
  for (unsigned s = 0; s < semFree.size(); ++s)
    if (semFree[s]) {
      semFree[s] = false;
      return int(s);
    }
  // Everything in flight: drain the engines, which frees every semaphore
  // consumed by a wait field, and try again.
  if (anyPending()) {
    fence(loc);
    return allocSem(loc);
  }
  // Every semaphore belongs to a copy whose wait has not been reached. Wait
  // for the oldest copy issued in this block now (a stall, as a full queue
  // would be) and take its semaphore. Copies of an enclosing block are left
  // alone (a wait here would run once per iteration), and so are those
  // whose wait is already planned (deferred or in a wait field).
  std::optional<std::pair<size_t, Value>> oldest;
  for (auto &[token, r] : tokens) {
    Operation *def = token.getDefiningOp();
    if (!def || def->getBlock() != currentBlock || carried.count(token) ||
        aliasedTokens.contains(token) ||
        (fieldWait && fieldWait->first == token) ||
        llvm::any_of(pendingWaits,
                     [&](const auto &p) { return p.first == token; }))
      continue;
    if (!oldest || r < oldest->first)
      oldest = {r, token};
  }
  if (oldest) {
    Record &rec = records[oldest->first];
    nisa::Inst w = make("sem.wait");
    set(w, "sem", rec.signal);
    emit(w, loc);
    freeSem(rec.signal);
    rec.isDma = false;
    complete(oldest->first);
    tokens.erase(oldest->second);
    waitedEarly.insert(oldest->second);
    return allocSem(loc);
  }
  return emitError(loc) << "out of semaphores: more than "
                        << target.arch.semaphores
                        << " copies are in flight at once";
}

void Lowering::complete(size_t r) {
  if (records[r].complete)
    return;
  records[r].complete = true;
  if (records[r].waitSem >= 0)
    freeSem(records[r].waitSem);
  for (size_t d : records[r].deps)
    complete(d);
  // In-order engines: everything queued earlier on the engine is done.
  for (size_t e = 0; e < r; ++e)
    if (records[e].engine == records[r].engine)
      complete(e);
}

void Lowering::fence(Location loc) {
  emit(make("fence"), loc);
  for (size_t r = 0; r < records.size(); ++r) {
    if (!records[r].complete && records[r].isDma)
      continue; // its token still owns the semaphore until the wait
    complete(r);
  }
}

/// `producer`'s signal is taken by the wait field of a later instruction
/// of the same straight-line code: replaces that wait field by a `sem.wait`
/// inserted just before the instruction, so that the producer is complete
/// from there on (a second consumer then needs no synchronisation). The
/// scalar unit stalls there until the producer completes, which costs the
/// issue of the instructions up to the second consumer, not a drain of
/// every engine as a `fence` would.
LogicalResult Lowering::waitBeforeConsumer(size_t producer) {
  Record &p = records[producer];
  if (p.signal < 0 || p.isDma)
    return failure();
  std::optional<size_t> consumer;
  for (size_t c = producer + 1; c < records.size(); ++c)
    if (!records[c].complete && records[c].waitSem == p.signal &&
        llvm::is_contained(records[c].deps, producer)) {
      consumer = c;
      break;
    }
  if (!consumer)
    return failure();
  size_t pos = records[*consumer].item;
  // Only within straight-line code: no loop starts or ends between the
  // consumer and here (a loop body is emitted once for all iterations).
  for (size_t i = pos; i < items.size(); ++i)
    if (items[i].label >= 0 ||
        StringRef(items[i].inst.info().mnemonic) == "loopi")
      return failure();
  nisa::Inst w = make("sem.wait");
  set(w, "sem", p.signal);
  items.insert(items.begin() + pos, Item{w, items[pos].loc});
  for (Record &rec : records)
    if (rec.item >= pos)
      ++rec.item;
  Record &c = records[*consumer];
  set(items[c.item].inst, "wait", nisa::kNoSem);
  c.waitSem = -1;
  llvm::erase(c.deps, producer);
  freeSem(p.signal);
  complete(producer);
  return success();
}

FailureOr<int> Lowering::syncConsumer(int engine, ArrayRef<Range> reads,
                                      ArrayRef<Range> writes, Location loc,
                                      SmallVectorImpl<size_t> &deps) {
  auto conflicts = [&](const Record &p) {
    for (const Range &w : p.writes) {
      for (const Range &r : reads)
        if (w.overlaps(r))
          return true;
      for (const Range &r : writes)
        if (w.overlaps(r))
          return true;
    }
    for (const Range &r : p.reads)
      for (const Range &w : writes)
        if (r.overlaps(w))
          return true;
    return false;
  };
  // The latest conflicting record of each other engine.
  std::map<int, size_t> latest;
  for (size_t r = 0; r < records.size(); ++r) {
    const Record &p = records[r];
    // A copy is never a producer here: nothing touches its memory before
    // its token is waited, and a wait completes it.
    if (!p.complete && !p.isDma && p.engine != engine && conflicts(p))
      latest[p.engine] = r;
  }
  // Producers already ordered before this engine's queue (through the wait
  // of an instruction queued on it, or of a producer this consumer waits
  // for) need nothing more.
  std::map<int, size_t> reach; // engine -> latest record known ordered
  auto extend = [&](SmallVector<size_t> stack) {
    while (!stack.empty()) {
      size_t r = stack.pop_back_val();
      int eng = records[r].engine;
      auto it = reach.find(eng);
      size_t from = 0;
      if (it != reach.end()) {
        if (it->second >= r)
          continue;
        from = it->second + 1;
      }
      reach[eng] = r;
      // In-order queue: everything queued before r on its engine too.
      for (size_t e = from; e <= r; ++e)
        if (records[e].engine == eng)
          for (size_t d : records[e].deps)
            stack.push_back(d);
    }
  };
  {
    SmallVector<size_t> stack;
    for (size_t r = 0; r < records.size(); ++r)
      if (records[r].engine == engine)
        stack.push_back(r);
    extend(stack);
  }
  SmallVector<size_t> candidates;
  for (auto [eng, r] : latest)
    candidates.push_back(r);
  llvm::sort(candidates, [](size_t a, size_t b) { return a > b; });
  int waitField = -1;
  for (size_t r : candidates) {
    Record &p = records[r];
    if (p.complete)
      continue;
    if (auto it = reach.find(p.engine); it != reach.end() && it->second >= r)
      continue;
    extend({r});
    if (p.signal >= 0) {
      // The signal is already consumed by another consumer's wait field:
      // move that wait to the scalar unit (a `sem.wait` just before that
      // consumer), which completes the producer for everything after it.
      if (succeeded(waitBeforeConsumer(r)))
        continue;
      // Otherwise (a token's signal, or a loop boundary in between):
      // drain conservatively.
      fence(loc);
      continue;
    }
    FailureOr<int> s = allocSem(loc);
    if (failed(s))
      return failure();
    if (records[r].complete) { // allocSem may have fenced
      freeSem(*s);
      continue;
    }
    records[r].signal = *s;
    set(items[records[r].item].inst, "signal", *s);
    if (waitField < 0) {
      waitField = *s;
      records[r].consumed = true;
      deps.push_back(r);
    } else {
      nisa::Inst w = make("sem.wait");
      set(w, "sem", *s);
      emit(w, loc);
      freeSem(*s);
      complete(r);
    }
  }
  return waitField;
}

LogicalResult Lowering::emitAsync(nisa::Inst inst, int engine,
                                  SmallVector<Range, 4> reads,
                                  SmallVector<Range, 4> writes, Location loc,
                                  Value token) {
  SmallVector<size_t, 2> deps;
  FailureOr<int> wait = syncConsumer(engine, reads, writes, loc, deps);
  if (failed(wait))
    return failure();
  if (fieldWait) {
    auto [fieldToken, waitOp] = *fieldWait;
    fieldWait.reset();
    if (*wait >= 0) {
      if (failed(waitToken(fieldToken, waitOp)))
        return failure();
    } else {
      // The copy's semaphore goes into this instruction's wait field: it
      // is free again once this instruction has started (it has completed).
      auto it = tokens.find(fieldToken);
      size_t r = it->second;
      tokens.erase(it);
      records[r].isDma = false;
      records[r].consumed = true;
      deps.push_back(r);
      wait = records[r].signal;
    }
  }
  Record rec;
  rec.engine = engine;
  rec.reads = std::move(reads);
  rec.writes = std::move(writes);
  rec.deps = deps;
  if (*wait >= 0) {
    set(inst, "wait", *wait);
    rec.waitSem = *wait;
  }
  if (token) {
    FailureOr<int> s = failure();
    if (auto it = preassigned.find(token); it != preassigned.end())
      s = it->second.sem;
    else
      s = allocSem(loc);
    if (failed(s))
      return failure();
    set(inst, "signal", *s);
    rec.signal = *s;
    rec.isDma = true;
    tokens[token] = records.size();
  }
  rec.item = emit(inst, loc);
  records.push_back(std::move(rec));
  return success();
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

LogicalResult Lowering::lowerBlock(Block &block) {
  Block *savedBlock = currentBlock;
  currentBlock = &block;
  auto restoreBlock = llvm::make_scope_exit([&] { currentBlock = savedBlock; });
  for (Operation &op : block) {
    LogicalResult r = success();
    if (isa<arith::ArithDialect>(op.getDialect()) ||
        isa<memref::SubViewOp, memref::CollapseShapeOp, memref::ExpandShapeOp,
            memref::TransposeOp, memref::GetGlobalOp, memref::AllocOp,
            memref::DeallocOp, npu::tile::AllocOp, npu::tile::DeallocOp>(op))
      continue; // index arithmetic and addresses are evaluated at their uses
    bool async = isa<npu::tile::DmaOp, npu::tile::GatherOp, npu::tile::MatmulOp,
                     npu::tile::VpuBinaryOp, npu::tile::VpuUnaryOp,
                     npu::tile::VpuSelectOp, npu::tile::VpuReduceOp,
                     npu::tile::VpuBcastOp, npu::tile::VpuQuantOp,
                     npu::tile::VpuDequantOp>(op);
    if (!isa<npu::tile::WaitOp>(op) && !async)
      if (failed(flushWaits()))
        return failure();
    if (async) {
      // The delayed waits on the memory of this instruction: all but one
      // become `sem.wait`, the last goes into its wait field if possible.
      SmallVector<Value, 4> touched = touchedPending(&op);
      for (auto [i, token] : llvm::enumerate(touched)) {
        auto it = llvm::find_if(pendingWaits,
                                [&](auto &p) { return p.first == token; });
        auto entry = *it;
        pendingWaits.erase(it);
        if (i + 1 < touched.size()) {
          if (failed(waitToken(entry.first, entry.second)))
            return failure();
        } else {
          fieldWait = entry;
        }
      }
    }
    if (isa<scf::YieldOp, func::ReturnOp>(op))
      continue; // loop-carried tokens are handled by lowerFor
    if (auto forOp = dyn_cast<scf::ForOp>(op))
      r = lowerFor(forOp);
    else if (auto dma = dyn_cast<npu::tile::DmaOp>(op))
      r = lowerDma(dma);
    else if (auto gather = dyn_cast<npu::tile::GatherOp>(op))
      r = lowerGather(gather);
    else if (auto wait = dyn_cast<npu::tile::WaitOp>(op))
      r = lowerWait(wait);
    else if (auto mm = dyn_cast<npu::tile::MatmulOp>(op))
      r = lowerMatmul(mm);
    else if (async)
      r = lowerVpu(&op);
    else
      return op.emitOpError() << "is not supported by npu-lower-to-isa";
    if (failed(r))
      return failure();
  }
  return flushWaits();
}

/// A loop of one trip is straight-line code: its induction variable is the
/// constant `lb` and its iter_args and results are the tokens they carry.
/// No `loopi`, and no drain of the engines at its boundaries.
LogicalResult Lowering::lowerSingleTrip(scf::ForOp op, int64_t lb) {
  constantIvs[op.getInductionVar()] = lb;
  auto alias = [&](Value from, Value to) -> bool {
    if (auto it = tokens.find(from); it != tokens.end()) {
      size_t r = it->second;
      tokens.erase(it);
      tokens[to] = r;
      aliasedTokens.insert(to);
      return true;
    }
    if (auto it = carried.find(from); it != carried.end()) {
      Carried c = it->second; // copied: the insertion may grow the map
      carried[to] = c;
      return true;
    }
    return false;
  };
  for (auto [i, init] : llvm::enumerate(op.getInitArgs()))
    if (!alias(init, op.getRegionIterArgs()[i]))
      return op.emitOpError()
             << "iter_arg " << i << " is not a token of a copy in flight";
  if (failed(lowerBlock(*op.getBody())))
    return failure();
  auto yield = cast<scf::YieldOp>(op.getBody()->getTerminator());
  for (auto [i, result] : llvm::enumerate(op.getResults()))
    if (!alias(yield.getOperand(i), result))
      return yield.emitOpError()
             << "operand " << i << " is waited inside the body";
  return success();
}

LogicalResult Lowering::lowerFor(scf::ForOp op) {
  for (Value v : op.getInitArgs())
    if (!isa<npu::tile::TokenType>(v.getType()))
      return op.emitOpError() << "has loop-carried values (iter_args) other "
                                 "than tokens, which npu-lower-to-isa does "
                                 "not support";
  std::optional<int64_t> lb = getConstantIntValue(op.getLowerBound());
  std::optional<int64_t> ub = getConstantIntValue(op.getUpperBound());
  std::optional<int64_t> step = getConstantIntValue(op.getStep());
  if (!lb || !ub || !step || *step <= 0)
    return op.emitOpError()
           << "needs constant bounds and a positive constant step";
  int64_t trip = *ub > *lb ? (*ub - *lb + *step - 1) / *step : 0;
  if (trip == 0 && op.getNumResults())
    return op.emitOpError() << "never runs but carries tokens";
  if (trip == 0)
    return success();
  if (trip == 1)
    return lowerSingleTrip(op, *lb);
  // Loop-carried tokens: the copy before the loop, the copy of each
  // iteration and the waits (one per iteration, one after the loop) share
  // one semaphore, so the counts balance; the copies run on one channel
  // (the first copy's) so that they complete in order.
  auto yield = cast<scf::YieldOp>(op.getBody()->getTerminator());
  for (auto [i, init] : llvm::enumerate(op.getInitArgs())) {
    Carried c;
    if (auto it = tokens.find(init); it != tokens.end()) {
      c = Carried{records[it->second].signal, it->second,
                  int64_t(records[it->second].engine)};
      tokens.erase(it);
    } else if (auto cit = carried.find(init); cit != carried.end()) {
      c = cit->second;
    } else {
      return op.emitOpError() << "iter_arg " << i
                              << " is not a token of a copy issued before "
                                 "the loop";
    }
    Value next = yield.getOperand(i);
    auto dma = next.getDefiningOp<npu::tile::DmaOp>();
    if (!dma || dma->getBlock() != op.getBody())
      return yield.emitOpError() << "operand " << i
                                 << " must be the token of a copy issued in "
                                    "the loop body";
    carried[op.getRegionIterArgs()[i]] = c;
    preassigned[next] = c;
  }
  unsigned depth = currentLoop < 0 ? 1 : loops[currentLoop].depth + 1;
  if (depth > target.arch.loopDepth)
    return op.emitOpError() << "nests " << depth
                            << " loops deep; the target's hardware loops nest "
                               "up to "
                            << target.arch.loopDepth;
  if (trip > UINT32_MAX)
    return op.emitOpError() << "trip count " << trip << " exceeds 32 bits";

  unsigned id = loops.size();
  loops.push_back(LoopInfo{*lb, *step, trip, currentLoop, depth});
  loopIds[op] = id;

  // Compute in flight when the loop starts would be waited by the first
  // iteration only: drain it.
  if (anyPending())
    fence(op.getLoc());
  nisa::Inst loopi = make("loopi");
  set(loopi, "count", trip);
  int label = numLabels++;
  set(loopi, "end", label);
  emit(loopi, op.getLoc());
  size_t bodyStart = items.size();
  // The registers of a top-level loop are set at the start of the
  // straight-line code before it (so that the packer can issue them
  // alongside that code, not after the waits and the drain before the
  // loop) and die at its end: the base registers of the code around it are
  // not shared.
  if (currentLoop < 0) {
    topLoopItem = segmentStart;
    baseRegs.clear();
  }

  int saved = currentLoop;
  currentLoop = id;
  if (failed(lowerBlock(*op.getBody())))
    return failure();
  currentLoop = saved;

  // The results are the tokens of the last iteration's copies.
  for (auto [i, result] : llvm::enumerate(op.getResults())) {
    Value next = yield.getOperand(i);
    auto it = tokens.find(next);
    if (it == tokens.end())
      return yield.emitOpError()
             << "operand " << i << " is waited inside the body";
    // Erase before inserting: an insertion may grow the map and invalidate
    // `it`.
    size_t r = it->second;
    tokens.erase(it);
    tokens[result] = r;
    preassigned.erase(next);
  }
  // Every iteration must balance its semaphores.
  if (anyPending())
    fence(op.getLoc());
  // Strength reduction: advance the registers of this induction variable,
  // together with the rewinds of the inner loops (deferred to here: a
  // register of an inner loop is only used inside that loop).
  std::map<unsigned, int64_t> delta = std::move(rewinds[id]);
  rewinds.erase(id);
  for (const AddrReg &r : addrRegs) {
    auto it = r.coef.find(id);
    if (it != r.coef.end())
      delta[r.reg] += it->second * *step;
  }
  for (auto [reg, d] : delta) {
    if (!d)
      continue;
    if (!fitsI32(d))
      return op.emitOpError()
             << "address step " << d << " does not fit the 32-bit immediate";
    nisa::Inst addi = make("addi");
    set(addi, "rd", reg);
    set(addi, "rs", reg);
    set(addi, "imm", d);
    emit(addi, op.getLoc());
  }
  if (items.size() == bodyStart || items.back().label >= 0)
    emit(make("nop"), op.getLoc());
  items.back().label = label;

  // Rewind for the next iteration of the enclosing loop.
  if (currentLoop >= 0)
    for (const AddrReg &r : addrRegs) {
      auto it = r.coef.find(id);
      if (it != r.coef.end())
        rewinds[currentLoop][r.reg] -= it->second * *step * trip;
    }
  else {
    baseRegs.clear();
    segmentStart = items.size();
  }
  return success();
}

static SmallVector<Range, 4> sramRange(const Addr &a) {
  if (a.base != kBaseSram || a.hi <= a.lo)
    return {};
  return {Range{a.lo, a.hi}};
}

LogicalResult Lowering::lowerDma(npu::tile::DmaOp op) {
  auto emitErr = [&]() { return op.emitOpError(); };
  FailureOr<npu::tile::DmaShape> shape = npu::tile::getDmaShape(
      op.getSrc().getType(), op.getDst().getType(), emitErr);
  if (failed(shape))
    return failure();
  int64_t ch = op.getChannel().value_or(0);
  // A copy whose token is carried to the next iteration runs on the channel
  // of the copy before the loop: one in-order queue, so a wait on their
  // shared semaphore is satisfied by the older copy first.
  if (auto it = preassigned.find(op.getToken()); it != preassigned.end())
    ch = it->second.channel;
  if (ch >= int64_t(target.arch.dmaChannels))
    return op.emitOpError() << "uses channel " << ch << " but the target has "
                            << target.arch.dmaChannels << " DMA channels";
  FailureOr<Addr> src = address(op.getSrc());
  FailureOr<Addr> dst = address(op.getDst());
  if (failed(src) || failed(dst))
    return failure();
  auto s = materialize(*src, op.getLoc());
  auto d = materialize(*dst, op.getLoc());
  if (failed(s) || failed(d))
    return failure();
  nisa::Inst inst = make("dma.copy");
  setMemOperand(inst, "dst", *dst, *d);
  setMemOperand(inst, "src", *src, *s);
  set(inst, "size", shape->runBytes);
  static const char *n[] = {"n1", "n2", "n3"};
  static const char *ss[] = {"src_st1", "src_st2", "src_st3"};
  static const char *ds[] = {"dst_st1", "dst_st2", "dst_st3"};
  for (auto [i, dim] : llvm::enumerate(shape->dims)) {
    set(inst, n[i], dim.count);
    set(inst, ss[i], dim.srcStrideBytes);
    set(inst, ds[i], dim.dstStrideBytes);
  }
  set(inst, "ch", ch);
  return emitAsync(inst, int(ch), sramRange(*src), sramRange(*dst), op.getLoc(),
                   op.getToken());
}

/// One dma.gather; the verifier of npu_tile.gather guarantees that every
/// field fits. Its SRAM operands (table, indices, destination) are hazards
/// like a copy's.
LogicalResult Lowering::lowerGather(npu::tile::GatherOp op) {
  auto table = cast<MemRefType>(op.getTable().getType());
  auto dstType = cast<MemRefType>(op.getDst().getType());
  int64_t ch = op.getChannel().value_or(0);
  if (ch >= int64_t(target.arch.dmaChannels))
    return op.emitOpError() << "uses channel " << ch << " but the target has "
                            << target.arch.dmaChannels << " DMA channels";
  FailureOr<Addr> src = address(op.getTable());
  FailureOr<Addr> idx = address(op.getIndices());
  FailureOr<Addr> dst = address(op.getDst());
  if (failed(src) || failed(idx) || failed(dst))
    return failure();
  auto s = materialize(*src, op.getLoc());
  auto x = materialize(*idx, op.getLoc());
  auto d = materialize(*dst, op.getLoc());
  if (failed(s) || failed(x) || failed(d))
    return failure();
  int64_t bits = elementBits(table);
  auto rowStride = [&](MemRefType t) {
    SmallVector<int64_t> strides;
    int64_t offset;
    (void)t.getStridesAndOffset(strides, offset);
    return strides[0] * bits / 8;
  };
  nisa::Inst inst = make("dma.gather");
  setMemOperand(inst, "dst", *dst, *d);
  setMemOperand(inst, "src", *src, *s);
  setMemOperand(inst, "idx", *idx, *x);
  set(inst, "size", table.getDimSize(1) * bits / 8);
  set(inst, "count", dstType.getDimSize(0));
  set(inst, "dst_st", rowStride(dstType));
  set(inst, "src_st", rowStride(table));
  set(inst, "limit", table.getDimSize(0));
  set(inst, "ch", ch);
  SmallVector<Range, 4> reads = sramRange(*src);
  reads.append(sramRange(*idx));
  return emitAsync(inst, int(ch), std::move(reads), sramRange(*dst),
                   op.getLoc(), op.getToken());
}

bool Lowering::deferrable(Value token) {
  auto it = tokens.find(token);
  auto dma = token.getDefiningOp<npu::tile::DmaOp>();
  if (it == tokens.end() || !dma)
    return false;
  const Record &rec = records[it->second];
  if (rec.writes.empty() || !rec.reads.empty())
    return false; // not a copy into SRAM
  // The source must be read-only HBM (constants or an input), which no
  // instruction writes: only the SRAM destination can conflict.
  Value src = dma.getSrc();
  while (isa_and_nonnull<memref::SubViewOp, memref::CollapseShapeOp,
                         memref::ExpandShapeOp, memref::TransposeOp>(
      src.getDefiningOp()))
    src = src.getDefiningOp()->getOperand(0);
  if (src.getDefiningOp<memref::GetGlobalOp>())
    return true;
  auto arg = dyn_cast<BlockArgument>(src);
  if (!arg || arg.getOwner()->getParentOp() != func.getOperation())
    return false;
  auto io = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "npu.io");
  return io && io.getValue() == "input";
}

SmallVector<Value, 4> Lowering::touchedPending(Operation *op) {
  SmallVector<Value, 4> touched;
  if (pendingWaits.empty())
    return touched;
  SmallVector<Range, 4> ranges;
  for (Value v : op->getOperands()) {
    if (!isa<MemRefType>(v.getType()))
      continue;
    FailureOr<Addr> a = address(v);
    if (failed(a)) { // let the lowering of the op report it
      for (auto &p : pendingWaits)
        touched.push_back(p.first);
      return touched;
    }
    if (a->base != kBaseSram)
      continue;
    // Views whose offset depends on a loop keep the hull of the buffer.
    for (Range r : sramRange(*a))
      ranges.push_back(r);
  }
  for (auto &[token, waitOp] : pendingWaits) {
    const Record &rec = records[tokens.lookup(token)];
    bool hit = false;
    for (const Range &w : rec.writes)
      for (const Range &r : ranges)
        hit |= w.overlaps(r);
    if (hit)
      touched.push_back(token);
  }
  return touched;
}

LogicalResult Lowering::flushWaits() {
  auto pending = std::move(pendingWaits);
  pendingWaits.clear();
  for (auto &[token, waitOp] : pending)
    if (failed(waitToken(token, waitOp)))
      return failure();
  return success();
}

LogicalResult Lowering::lowerWait(npu::tile::WaitOp op) {
  for (Value token : op.getTokens()) {
    if (!carried.count(token) && deferrable(token)) {
      Operation *def = token.getDefiningOp();
      if (def && def->getBlock() == op->getBlock()) {
        pendingWaits.push_back({token, op});
        continue;
      }
    }
    if (failed(flushWaits()) || failed(waitToken(token, op)))
      return failure();
  }
  return success();
}

LogicalResult Lowering::waitToken(Value token, Operation *op) {
  if (auto cit = carried.find(token); cit != carried.end()) {
    // The semaphore stays reserved for the loop's next copy.
    nisa::Inst w = make("sem.wait");
    set(w, "sem", cit->second.sem);
    emit(w, op->getLoc());
    records[cit->second.initRecord].isDma = false;
    complete(cit->second.initRecord);
    return success();
  }
  if (waitedEarly.contains(token))
    return success();
  auto it = tokens.find(token);
  Operation *def = token.getDefiningOp();
  if (it == tokens.end() || (!aliasedTokens.contains(token) &&
                             (!def || def->getBlock() != op->getBlock())))
    return op->emitOpError()
           << "waits for a token created in another block; "
              "npu-lower-to-isa needs each token waited in the block "
              "that issued its copy";
  Record &rec = records[it->second];
  nisa::Inst w = make("sem.wait");
  set(w, "sem", rec.signal);
  emit(w, op->getLoc());
  freeSem(rec.signal);
  rec.isDma = false;
  complete(it->second);
  tokens.erase(it);
  return success();
}

LogicalResult Lowering::sramOperand(Value v, StringRef what, nisa::Inst &inst,
                                    StringRef regField, StringRef offField,
                                    SmallVectorImpl<Range> &ranges,
                                    npu::tile::TileLayout *layout) {
  auto emitErr = [&]() {
    return emitError(v.getLoc()) << "operand " << what << ": ";
  };
  FailureOr<npu::tile::TileLayout> l =
      npu::tile::getTileLayout(v.getType(), what, emitErr);
  if (failed(l))
    return failure();
  if (layout)
    *layout = *l;
  FailureOr<Addr> a = address(v);
  if (failed(a))
    return failure();
  if (a->base != kBaseSram)
    return emitError(v.getLoc()) << "operand " << what << " is not in SRAM";
  if (a->off.coef.empty() && target.arch.sramAlign &&
      a->off.cst % target.arch.sramAlign)
    return emitError(v.getLoc())
           << "operand " << what << " at SRAM address " << a->off.cst
           << " is not aligned to " << target.arch.sramAlign << " bytes";
  auto m = materialize(*a, v.getLoc());
  if (failed(m))
    return failure();
  set(inst, regField, m->first);
  set(inst, offField, m->second);
  for (Range r : sramRange(*a))
    ranges.push_back(r);
  return success();
}

LogicalResult Lowering::lowerMatmul(npu::tile::MatmulOp op) {
  using npu::tile::MatmulMode;
  MatmulMode mode = op.getMode();
  if ((mode == MatmulMode::Int8 || mode == MatmulMode::W8) &&
      !target.arch.supportsInt8)
    return op.emitOpError() << "mode needs a target with supports_int8";
  if (mode == MatmulMode::W4 && !target.arch.supportsInt4)
    return op.emitOpError() << "mode w4 needs a target with supports_int4";
  nisa::Inst inst = make("mxu.matmul");
  SmallVector<Range, 4> reads, writes;
  npu::tile::TileLayout la, lb, lc, ls;
  if (failed(sramOperand(op.getA(), "A", inst, "a_reg", "a_off", reads, &la)) ||
      failed(sramOperand(op.getB(), "B", inst, "b_reg", "b_off", reads, &lb)) ||
      failed(
          sramOperand(op.getC(), "C", inst, "dst_reg", "dst_off", writes, &lc)))
    return failure();
  if (op.getAccumulate())
    reads.append(writes.begin(), writes.end());
  if (op.getScales()) {
    if (failed(sramOperand(op.getScales(), "scales", inst, "scale_reg",
                           "scale_off", reads, &ls)))
      return failure();
    set(inst, "lds", ls.rowStrideBytes);
    set(inst, "group", op.getGroup().value_or(0));
  }
  unsigned modeValue = 0;
  switch (mode) {
  case MatmulMode::BF16:
    modeValue = 0;
    break;
  case MatmulMode::Int8:
    modeValue = 1;
    break;
  case MatmulMode::W8:
    modeValue = 2;
    break;
  case MatmulMode::W4:
    modeValue = 3;
    break;
  }
  set(inst, "mode", modeValue);
  set(inst, "m", la.rows);
  set(inst, "k", la.cols);
  // transpose_b: B is [n, k], read by the MXU with tb=1.
  set(inst, "n", op.getTransposeB() ? lb.rows : lb.cols);
  set(inst, "lda", la.rowStrideBytes);
  set(inst, "ldb", lb.rowStrideBytes);
  set(inst, "ldc", lc.rowStrideBytes);
  set(inst, "acc", op.getAccumulate() ? 1 : 0);
  set(inst, "tb", op.getTransposeB() ? 1 : 0);
  return emitAsync(inst, kMxu, reads, writes, op.getLoc());
}

LogicalResult Lowering::lowerVpu(Operation *op) {
  using namespace npu::tile;
  std::string mnemonic;
  Value a, b, dst;
  Broadcast bcast = Broadcast::None;
  std::optional<float> imm;
  std::optional<int64_t> zp;
  std::optional<Broadcast> mode;
  enum { Elementwise, Reduce, Bcast } shapeFrom = Elementwise;
  std::optional<int64_t> pred;
  Value cond;
  bool inv = false;
  if (auto o = dyn_cast<VpuBinaryOp>(op)) {
    mnemonic = "vpu." + stringifyVpuBinaryKind(o.getKind()).str();
    // cmp_<pred>: vpu.cmp with pred = eq, ne, lt, le, gt, ge (in order).
    if (int64_t k = int64_t(o.getKind()); k >= int64_t(VpuBinaryKind::CmpEq)) {
      mnemonic = "vpu.cmp";
      pred = k - int64_t(VpuBinaryKind::CmpEq);
    }
    a = o.getA(), b = o.getB(), dst = o.getDst(), bcast = o.getBcast();
    if (o.getImm())
      imm = o.getImm()->convertToFloat();
  } else if (auto o = dyn_cast<VpuSelectOp>(op)) {
    mnemonic = "vpu.sel";
    cond = o.getC();
    inv = o.getInv();
    a = o.getA(), b = o.getB(), dst = o.getDst(), bcast = o.getBcast();
    if (o.getImm())
      imm = o.getImm()->convertToFloat();
  } else if (auto o = dyn_cast<VpuUnaryOp>(op)) {
    mnemonic = "vpu." + stringifyVpuUnaryKind(o.getKind()).str();
    a = o.getA(), dst = o.getDst();
  } else if (auto o = dyn_cast<VpuReduceOp>(op)) {
    mnemonic = "vpu.r" + stringifyVpuReduceKind(o.getKind()).str();
    a = o.getA(), dst = o.getDst();
    shapeFrom = Reduce;
  } else if (auto o = dyn_cast<VpuBcastOp>(op)) {
    mnemonic = "vpu.bcast";
    a = o.getA(), dst = o.getDst();
    mode = o.getMode();
    shapeFrom = Bcast;
  } else if (auto o = dyn_cast<VpuQuantOp>(op)) {
    mnemonic = "vpu.quant";
    a = o.getA(), b = o.getB(), dst = o.getDst(), bcast = o.getBcast();
    if (o.getImm())
      imm = o.getImm()->convertToFloat();
    zp = o.getZp();
  } else if (auto o = dyn_cast<VpuDequantOp>(op)) {
    mnemonic = "vpu.dequant";
    a = o.getA(), b = o.getB(), dst = o.getDst(), bcast = o.getBcast();
    if (o.getImm())
      imm = o.getImm()->convertToFloat();
    zp = o.getZp();
  }
  if (!nisa::lookupMnemonic(mnemonic))
    return op->emitOpError() << "has no instruction '" << mnemonic << "'";
  nisa::Inst inst = make(mnemonic);
  SmallVector<Range, 4> reads, writes;
  TileLayout la, lb, ld;
  if (failed(sramOperand(a, "a", inst, "a_reg", "a_off", reads, &la)) ||
      failed(sramOperand(dst, "dst", inst, "dst_reg", "dst_off", writes, &ld)))
    return failure();
  auto dtype = [](Value v) {
    return int64_t(
        *getIsaDType(cast<MemRefType>(v.getType()).getElementType()));
  };
  const TileLayout &shape = shapeFrom == Reduce ? la : ld;
  set(inst, "rows", shape.rows);
  set(inst, "cols", shape.cols);
  set(inst, "dst_ld", ld.rowStrideBytes);
  set(inst, "a_ld", la.rowStrideBytes);
  set(inst, "dst_t", dtype(dst));
  set(inst, "a_t", dtype(a));
  if (mode)
    set(inst, "mode", int64_t(*mode == Broadcast::Row ? 1 : 2));
  if (fieldIndex(inst, "bcast") >= 0) {
    int64_t bc = bcast == Broadcast::None  ? 0
                 : bcast == Broadcast::Row ? 1
                 : bcast == Broadcast::Col ? 2
                                           : 3;
    set(inst, "bcast", bc);
    if (b) {
      if (failed(sramOperand(b, "b", inst, "b_reg", "b_off", reads, &lb)))
        return failure();
      set(inst, "b_ld", bcast == Broadcast::Row ? 0 : lb.rowStrideBytes);
      set(inst, "b_t", dtype(b));
    }
    if (imm)
      set(inst, "imm", int64_t(llvm::bit_cast<uint32_t>(*imm)));
    if (zp)
      set(inst, "zp", *zp);
  }
  if (pred)
    set(inst, "pred", *pred);
  if (cond) {
    TileLayout lc;
    if (failed(sramOperand(cond, "c", inst, "c_reg", "c_off", reads, &lc)))
      return failure();
    set(inst, "c_ld", lc.rowStrideBytes);
    set(inst, "c_t", dtype(cond));
    set(inst, "inv", int64_t(inv));
  }
  return emitAsync(inst, kVpu, reads, writes, op->getLoc());
}

//===----------------------------------------------------------------------===//
// Program
//===----------------------------------------------------------------------===//

LogicalResult Lowering::buildSignature(nisa::ProgramOp program) {
  SmallVector<Attribute> inNames, inTypes, outNames, outTypes;
  for (BlockArgument arg : func.getArguments()) {
    unsigned i = arg.getArgNumber();
    auto type = dyn_cast<MemRefType>(arg.getType());
    if (!type || !npu::tile::isInSpace(type, npu::tile::MemorySpace::HBM) ||
        !type.hasStaticShape())
      return func.emitOpError()
             << "argument " << i << " must be a static HBM memref";
    auto io = func.getArgAttrOfType<StringAttr>(i, "npu.io");
    auto name = func.getArgAttrOfType<StringAttr>(i, "npu.name");
    if (!io || !name || (io.getValue() != "input" && io.getValue() != "output"))
      return func.emitOpError()
             << "argument " << i
             << " needs npu.io = \"input\"|\"output\" and npu.name";
    bool input = io.getValue() == "input";
    if (input && !outNames.empty())
      return func.emitOpError()
             << "argument " << i << ": inputs must precede outputs";
    // A boolean tensor is an i8 memref holding 0/1 (npu.bool): its
    // signature type stays i1 so that the .npub says bool.
    Type elt = func.getArgAttr(i, "npu.bool") ? IntegerType::get(ctx, 1)
                                              : type.getElementType();
    Attribute t = TypeAttr::get(RankedTensorType::get(type.getShape(), elt));
    (input ? inNames : outNames).push_back(name);
    (input ? inTypes : outTypes).push_back(t);
  }
  Builder b(ctx);
  program.setInputNamesAttr(b.getArrayAttr(inNames));
  program.setInputTypesAttr(b.getArrayAttr(inTypes));
  program.setOutputNamesAttr(b.getArrayAttr(outNames));
  program.setOutputTypesAttr(b.getArrayAttr(outTypes));
  if (auto s = func->getAttrOfType<IntegerAttr>("npu.scratch_bytes"))
    if (s.getInt())
      program.setScratchAttr(b.getI64IntegerAttr(s.getInt()));
  if (auto f = func->getAttrOfType<IntegerAttr>("npu.flops"))
    program.setFlopsAttr(b.getI64IntegerAttr(f.getInt()));
  if (auto c = func->getAttrOfType<IntegerAttr>("npu.compulsory_hbm_bytes"))
    program.setCompulsoryHbmBytesAttr(b.getI64IntegerAttr(c.getInt()));
  return success();
}

/// The number of bytes of the little-endian elements of `attr`, the initial
/// value of `global`.
static FailureOr<int64_t> byteSizeOf(memref::GlobalOp global, Attribute attr) {
  MemRefType type = global.getType();
  int64_t bits = npu::tile::getElementBits(type.getElementType());
  if (auto res = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob)
      return global.emitOpError() << "has no data for its dense_resource";
    return int64_t(blob->getData().size());
  }
  if (!isa<DenseElementsAttr>(attr) || !bits)
    return global.emitOpError()
           << "needs a dense or dense_resource initial value";
  return (type.getNumElements() * bits + 7) / 8;
}

/// Writes the little-endian bytes of `attr` (checked by byteSizeOf) to
/// `out`, which is zero and as large as byteSizeOf says.
static void writeBytes(memref::GlobalOp global, Attribute attr,
                       MutableArrayRef<char> out) {
  if (auto res = dyn_cast<DenseResourceElementsAttr>(attr)) {
    ArrayRef<char> data = res.getRawHandle().getBlob()->getData();
    std::memcpy(out.data(), data.data(), data.size());
    return;
  }
  auto dense = cast<DenseElementsAttr>(attr);
  int64_t bits = npu::tile::getElementBits(global.getType().getElementType());
  int64_t i = 0;
  auto put = [&](const APInt &v) {
    if (bits == 4) {
      uint8_t nib = v.getZExtValue() & 0xF;
      out[i / 2] |= char((i % 2) ? nib << 4 : nib);
    } else {
      for (int64_t k = 0; k < bits / 8; ++k)
        out[i * bits / 8 + k] = char(v.extractBitsAsZExtValue(8, 8 * k));
    }
    ++i;
  };
  if (isa<FloatType>(dense.getElementType()))
    for (APFloat v : dense.getValues<APFloat>())
      put(v.bitcastToAPInt());
  else
    for (APInt v : dense.getValues<APInt>())
      put(v);
}

// Constants up to this size stay readable in the IR (dense elements); larger
// ones go to a resource blob, which is not copied again on emission.
constexpr int64_t kInlineConstantBytes = 1024;

LogicalResult Lowering::buildConstants(nisa::ProgramOp program) {
  // The layout (and every error) now; large constants are filled in place
  // by fillConstants.
  int64_t total = 0;
  Attribute external;
  unsigned count = 0;
  for (auto global : module.getOps<memref::GlobalOp>()) {
    if (!global.getConstant() || global.isExternal())
      return global.emitOpError()
             << "must be a constant with an initial value to be lowered";
    ++count;
    total = llvm::alignTo(total, kConstantAlign);
    globalOffsets[global] = total;
    if (auto ext =
            global->getAttrOfType<npu::graph::ExternalAttr>("npu.external")) {
      int64_t bytes =
          (global.getType().getNumElements() *
               npu::tile::getElementBits(global.getType().getElementType()) +
           7) /
          8;
      external = nisa::ExternalDataAttr::get(ctx, ext.getPath(),
                                             ext.getOffset(), bytes);
      continue;
    }
    if (!global.getInitialValue())
      return global.emitOpError() << "has no initial value";
    FailureOr<int64_t> size = byteSizeOf(global, *global.getInitialValue());
    if (failed(size))
      return failure();
    placedConstants.push_back(
        {global, *global.getInitialValue(), total, *size});
    total += *size;
  }
  if (external) {
    if (count != 1)
      return module.emitOpError()
             << "npu-lower-to-isa supports one npu.external constant only "
                "when it is the only constant";
    program.setConstantsAttr(external);
    placedConstants.clear();
    return success();
  }
  if (total == 0)
    return success();
  auto type = RankedTensorType::get({total}, IntegerType::get(ctx, 8));
  if (total <= kInlineConstantBytes) {
    std::vector<char> data(total, 0);
    for (const PlacedConstant &p : placedConstants)
      writeBytes(p.global, p.value,
                 MutableArrayRef<char>(data).slice(p.offset, p.size));
    placedConstants.clear();
    program.setConstantsAttr(DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(data.data(), data.size())));
    return success();
  }
  // Allocated, not yet written: its pages cost nothing until filled.
  AsmResourceBlob blob = HeapAsmResourceBlob::allocate(
      size_t(total), kConstantAlign, /*dataIsMutable=*/true);
  constantsData = blob.getMutableData();
  program.setConstantsAttr(
      DenseResourceElementsAttr::get(type, "npu_constants", std::move(blob)));
  return success();
}

void Lowering::fillConstants() {
  if (constantsData.empty())
    return;
  // The resources used other than by the globals stay; the others go once
  // their last global is copied.
  DenseSet<void *> live;
  module->walk([&](Operation *op) {
    if (isa<memref::GlobalOp>(op))
      return;
    op->getAttrDictionary().walk([&](DenseResourceElementsAttr attr) {
      live.insert(attr.getRawHandle().getResource());
    });
  });
  DenseMap<void *, unsigned> globalsLeft;
  for (const PlacedConstant &p : placedConstants)
    if (auto res = dyn_cast<DenseResourceElementsAttr>(p.value))
      ++globalsLeft[res.getRawHandle().getResource()];
  int64_t cursor = 0;
  for (const PlacedConstant &p : placedConstants) {
    std::memset(constantsData.data() + cursor, 0, p.offset + p.size - cursor);
    writeBytes(p.global, p.value, constantsData.slice(p.offset, p.size));
    cursor = p.offset + p.size;
    auto res = dyn_cast<DenseResourceElementsAttr>(p.value);
    if (res && --globalsLeft[res.getRawHandle().getResource()] == 0 &&
        !live.contains(res.getRawHandle().getResource()))
      res.getRawHandle().getResource()->setBlob(AsmResourceBlob());
  }
  std::memset(constantsData.data() + cursor, 0, constantsData.size() - cursor);
}

LogicalResult Lowering::run(nisa::ProgramOp program) {
  semFree.assign(target.arch.semaphores, true);
  if (failed(buildSignature(program)) || failed(buildConstants(program)))
    return failure();
  if (failed(lowerBlock(func.getBody().front())))
    return failure();
  for (auto [token, rec] : tokens) {
    (void)rec;
    Operation *def = token.getDefiningOp();
    if (!def) // an iter_arg of a loop of one trip
      return emitError(token.getLoc())
             << "token is never waited inside its loop body";
    if (def->getParentOfType<scf::ForOp>())
      return def->emitOpError() << "token is never waited inside its loop body";
  }
  if (anyPending())
    fence(func.getLoc());
  emit(make("halt"), func.getLoc());
  if (failed(assignRegisters()))
    return failure();

  // Materialise, one instruction per bundle.
  std::vector<StringAttr> labels;
  for (unsigned l = 0; l < numLabels; ++l)
    labels.push_back(StringAttr::get(ctx, "loop" + std::to_string(l) + "_end"));
  auto nameTarget = [&](int64_t address) -> FailureOr<StringAttr> {
    return labels[address];
  };
  OpBuilder builder(ctx);
  builder.setInsertionPointToEnd(&program.getBody().front());
  for (const Item &item : items) {
    auto bundle = nisa::BundleOp::create(
        builder, item.loc,
        item.label >= 0 ? labels[item.label].getValue() : StringRef());
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(&bundle.getBody().front());
    if (failed(
            nisa::createInstruction(builder, item.loc, item.inst, nameTarget)))
      return failure();
  }
  return success();
}

struct LowerToIsaPass : npu::impl::LowerToIsaBase<LowerToIsaPass> {
  using LowerToIsaBase::LowerToIsaBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp entry;
    for (auto f : module.getOps<func::FuncOp>()) {
      if (f.isExternal())
        continue;
      if (entry) {
        f.emitOpError() << "is a second function with a body; "
                           "npu-lower-to-isa expects one entry function";
        return signalPassFailure();
      }
      entry = f;
    }
    if (!entry) {
      module.emitOpError() << "has no entry function to lower";
      return signalPassFailure();
    }
    std::string targetName = target;
    if (targetName.empty()) {
      if (auto t = module->getAttrOfType<StringAttr>("npu.target"))
        targetName = t.getValue().str();
      else
        targetName = std::string(npu::kDefaultTargetName);
    }
    absl::StatusOr<npu::Target> tgt = npu::loadTarget(targetName);
    if (!tgt.ok()) {
      module.emitOpError() << "cannot load target '" << targetName
                           << "': " << std::string(tgt.status().message());
      return signalPassFailure();
    }

    OpBuilder builder(module.getContext());
    builder.setInsertionPointToEnd(module.getBody());
    auto program = nisa::ProgramOp::create(builder, entry.getLoc(),
                                           entry.getSymName(), tgt->name);
    Lowering lowering(module, entry, *tgt);
    if (failed(lowering.run(program))) {
      program.erase();
      return signalPassFailure();
    }
    // The program replaces the function and the constant globals.
    entry.erase();
    lowering.fillConstants();
    for (auto global :
         llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
      global.erase();
  }
};

} // namespace
