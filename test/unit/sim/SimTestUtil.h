//===- SimTestUtil.h - Building programs and targets for sim tests -*- C++ -*-//
//
// Programs are built directly as isa::Bundle vectors (no assembler): each
// instruction starts from its operand defaults and fields are set through
// the generated isa::fields indices. Branch and loop targets may name a
// label that is bound later; finish() patches the addresses.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TEST_UNIT_SIM_SIMTESTUTIL_H
#define NPU_TEST_UNIT_SIM_SIMTESTUTIL_H

#include "isa/ISA.h"
#include "sim/Simulator.h"
#include "target/Target.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace npu::simtest {

using isa::Opcode;
namespace F = isa::fields;

constexpr int64_t kNone = isa::kNoSem;

/// An instruction with every operand at its default value (wait/signal =
/// none, n1 = 1, mode = bf16, ...).
inline isa::Inst makeInst(Opcode op) {
  isa::Inst I;
  I.op = op;
  const isa::InstInfo &info = I.info();
  for (unsigned i = 0; i < info.numOperands; ++i) {
    const isa::OperandInfo &O = info.operands[i];
    if (!O.defaultValue)
      continue;
    std::string text = O.defaultValue;
    int64_t value = 0;
    if (O.kind == isa::OperandKind::Sem && text == "none") {
      value = isa::kNoSem;
    } else if (O.kind == isa::OperandKind::Enum) {
      const isa::EnumInfo &E = isa::enumInfo(O.enumIndex);
      for (unsigned v = 0; v < E.numValues; ++v)
        if (text == E.values[v])
          value = v;
    } else if (O.kind == isa::OperandKind::UImm ||
               O.kind == isa::OperandKind::SImm ||
               O.kind == isa::OperandKind::Flag) {
      value = std::strtoll(text.c_str(), nullptr, 0);
    } // Sram "[r0+0]" and F32 "0" are all-zero fields.
    I.f[O.firstField] = value;
  }
  return I;
}

struct InstBuilder {
  isa::Inst inst;
  explicit InstBuilder(Opcode op) : inst(makeInst(op)) {}
  InstBuilder &set(unsigned field, int64_t value) {
    inst.f[field] = value;
    return *this;
  }
  operator isa::Inst() const { return inst; }
};

/// Values >= kLabelBase in Target fields are label references.
constexpr int64_t kLabelBase = int64_t(1) << 40;

class ProgramBuilder {
public:
  /// A new, unbound label; use it as a branch/loop target with ref().
  int label() {
    labels_.push_back(-1);
    return int(labels_.size()) - 1;
  }
  static int64_t ref(int label) { return kLabelBase + label; }
  /// Binds `label` to the address of the next bundle.
  void bind(int label) { labels_[label] = nextAddress_; }
  uint32_t nextAddress() const { return nextAddress_; }

  /// Appends a bundle; returns its address.
  uint32_t add(std::vector<isa::Inst> insts) {
    isa::Bundle B;
    B.address = nextAddress_;
    for (size_t i = 0; i < insts.size(); ++i) {
      insts[i].endOfBundle = i + 1 == insts.size();
      nextAddress_ += insts[i].info().numWords;
    }
    B.insts = std::move(insts);
    bundles_.push_back(std::move(B));
    return bundles_.back().address;
  }
  uint32_t add(isa::Inst inst) { return add(std::vector<isa::Inst>{inst}); }

  std::vector<isa::Bundle> finish() const {
    std::vector<isa::Bundle> out = bundles_;
    for (isa::Bundle &B : out)
      for (isa::Inst &I : B.insts) {
        const isa::InstInfo &info = I.info();
        for (unsigned o = 0; o < info.numOperands; ++o)
          if (info.operands[o].kind == isa::OperandKind::Target &&
              I.f[info.operands[o].firstField] >= kLabelBase) {
            int64_t &field = I.f[info.operands[o].firstField];
            field = labels_.at(size_t(field - kLabelBase));
          }
      }
    return out;
  }

private:
  std::vector<isa::Bundle> bundles_;
  std::vector<int64_t> labels_;
  uint32_t nextAddress_ = 0;
};

// Scalar instructions.
inline isa::Inst nop() { return makeInst(Opcode::NOP); }
inline isa::Inst halt() { return makeInst(Opcode::HALT); }
inline isa::Inst fence() { return makeInst(Opcode::FENCE); }
inline isa::Inst li(int rd, int64_t imm) {
  return InstBuilder(Opcode::LI).set(F::LI::rd, rd).set(F::LI::imm, imm);
}
inline isa::Inst mov(int rd, int rs) {
  return InstBuilder(Opcode::MOV).set(F::MOV::rd, rd).set(F::MOV::rs, rs);
}
inline isa::Inst addi(int rd, int rs, int64_t imm) {
  return InstBuilder(Opcode::ADDI)
      .set(F::ADDI::rd, rd)
      .set(F::ADDI::rs, rs)
      .set(F::ADDI::imm, imm);
}
inline isa::Inst muli(int rd, int rs, int64_t imm) {
  return InstBuilder(Opcode::MULI)
      .set(F::MULI::rd, rd)
      .set(F::MULI::rs, rs)
      .set(F::MULI::imm, imm);
}
inline isa::Inst arg(int rd, int64_t idx) {
  return InstBuilder(Opcode::ARG).set(F::ARG::rd, rd).set(F::ARG::idx, idx);
}
/// add, sub, mul, and, or, xor, shl, shr share the ADD field layout.
inline isa::Inst alu(Opcode op, int rd, int rs1, int rs2) {
  return InstBuilder(op)
      .set(F::ADD::rd, rd)
      .set(F::ADD::rs1, rs1)
      .set(F::ADD::rs2, rs2);
}
inline isa::Inst loopi(int64_t count, int64_t end) {
  return InstBuilder(Opcode::LOOPI)
      .set(F::LOOPI::count, count)
      .set(F::LOOPI::end, end);
}
inline isa::Inst loopr(int countReg, int64_t end) {
  return InstBuilder(Opcode::LOOP)
      .set(F::LOOP::count, countReg)
      .set(F::LOOP::end, end);
}
inline isa::Inst br(int64_t target) {
  return InstBuilder(Opcode::BR).set(F::BR::target, target);
}
/// beq, bne, blt, bge share the BEQ field layout.
inline isa::Inst bcond(Opcode op, int rs1, int rs2, int64_t target) {
  return InstBuilder(op)
      .set(F::BEQ::rs1, rs1)
      .set(F::BEQ::rs2, rs2)
      .set(F::BEQ::target, target);
}
inline isa::Inst semWait(int64_t sem, int64_t count = 1) {
  return InstBuilder(Opcode::SEM_WAIT)
      .set(F::SEM_WAIT::sem, sem)
      .set(F::SEM_WAIT::count, count);
}
inline isa::Inst semSignal(int64_t sem, int64_t count = 1) {
  return InstBuilder(Opcode::SEM_SIGNAL)
      .set(F::SEM_SIGNAL::sem, sem)
      .set(F::SEM_SIGNAL::count, count);
}

// Engine instructions.
constexpr int64_t kHbm = int64_t(isa::Space::hbm);
constexpr int64_t kSram = int64_t(isa::Space::sram);

/// A contiguous copy of `bytes` bytes.
inline InstBuilder dma(int64_t dstSpace, int dstReg, int64_t dstOff,
                       int64_t srcSpace, int srcReg, int64_t srcOff,
                       int64_t bytes, int64_t channel = 0, int64_t wait = kNone,
                       int64_t signal = kNone) {
  InstBuilder B(Opcode::DMA_COPY);
  B.set(F::DMA_COPY::dst_space, dstSpace)
      .set(F::DMA_COPY::dst_reg, dstReg)
      .set(F::DMA_COPY::dst_off, dstOff)
      .set(F::DMA_COPY::src_space, srcSpace)
      .set(F::DMA_COPY::src_reg, srcReg)
      .set(F::DMA_COPY::src_off, srcOff)
      .set(F::DMA_COPY::size, bytes)
      .set(F::DMA_COPY::ch, channel)
      .set(F::DMA_COPY::wait, wait)
      .set(F::DMA_COPY::signal, signal);
  return B;
}

/// C[m,n] = A[m,k] x B[k,n] with dense rows; tiles at SRAM addresses.
inline InstBuilder matmul(int64_t c, int64_t a, int64_t b, int64_t m, int64_t k,
                          int64_t n, isa::MxuMode mode = isa::MxuMode::bf16,
                          int64_t wait = kNone, int64_t signal = kNone) {
  bool int8 = mode == isa::MxuMode::int8;
  int64_t aBytes = int8 ? 1 : 2;
  InstBuilder B(Opcode::MXU_MATMUL);
  B.set(F::MXU_MATMUL::dst_off, c)
      .set(F::MXU_MATMUL::a_off, a)
      .set(F::MXU_MATMUL::b_off, b)
      .set(F::MXU_MATMUL::m, m)
      .set(F::MXU_MATMUL::k, k)
      .set(F::MXU_MATMUL::n, n)
      .set(F::MXU_MATMUL::lda, k * aBytes)
      .set(F::MXU_MATMUL::ldb, n * aBytes)
      .set(F::MXU_MATMUL::ldc, n * 4)
      .set(F::MXU_MATMUL::mode, int64_t(mode))
      .set(F::MXU_MATMUL::wait, wait)
      .set(F::MXU_MATMUL::signal, signal);
  return B;
}

/// An fp32 -> fp32 unary VPU op (exp, relu, ...) on dense [rows, cols]
/// tiles. All unary ops share the VPU_MOV field layout.
inline InstBuilder vpuUnary(Opcode op, int64_t dst, int64_t a, int64_t rows,
                            int64_t cols, int64_t wait = kNone,
                            int64_t signal = kNone) {
  InstBuilder B(op);
  B.set(F::VPU_MOV::dst_off, dst)
      .set(F::VPU_MOV::a_off, a)
      .set(F::VPU_MOV::rows, rows)
      .set(F::VPU_MOV::cols, cols)
      .set(F::VPU_MOV::dst_ld, cols * 4)
      .set(F::VPU_MOV::a_ld, cols * 4)
      .set(F::VPU_MOV::wait, wait)
      .set(F::VPU_MOV::signal, signal);
  return B;
}

/// A small target with round numbers, so that expected cycle counts can be
/// worked out by hand in each test.
inline Target testTarget() {
  Target t;
  t.name = "sim-test";
  ArchParams &a = t.arch;
  a.hbmBytes = 64ull << 20;
  a.sramBytes = 1 << 20;
  a.sramBanks = 8;
  a.sramBankWidth = 64;
  a.sramAlign = 64;
  a.mxuRows = 16;
  a.mxuCols = 16;
  a.vpuLanes = 64;
  a.dmaChannels = 4;
  a.semaphores = 16;
  a.loopDepth = 3;
  TimingParams &tm = t.timing;
  tm.clockGHz = 1.0;
  tm.hbmBytesPerCycle = 64;
  tm.hbmLatency = 100;
  tm.dmaChannelBytesPerCycle = 32;
  tm.sramBytesPerCycle = 128;
  tm.sramLatency = 10;
  tm.dmaQueueDepth = 2;
  tm.mxuQueueDepth = 2;
  tm.vpuQueueDepth = 2;
  tm.mxuFillLatency = 20;
  tm.mxuInt8Speedup = 2;
  tm.vpuLatency = 5;
  tm.vpuTranscendentalCost = 4;
  tm.issueCycles = 1;
  return t;
}

inline const sim::EngineStats *findEngine(const sim::SimStats &stats,
                                          const std::string &name) {
  for (const sim::EngineStats &E : stats.engines)
    if (E.name == name)
      return &E;
  return nullptr;
}

inline uint64_t stall(const sim::SimStats &stats, const std::string &engine,
                      const std::string &reason) {
  const sim::EngineStats *E = findEngine(stats, engine);
  if (!E)
    return ~0ull;
  auto it = E->stallCycles.find(reason);
  return it == E->stallCycles.end() ? 0 : it->second;
}

} // namespace npu::simtest

#endif
