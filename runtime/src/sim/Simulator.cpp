//===- Simulator.cpp - Event-driven NPU simulator -------------------------===//
//
// A discrete-event machine with integer cycle times. The scalar unit issues
// bundles in program order; DMA channels, the MXU and the VPU each run the
// instructions of their in-order queue one at a time. HBM bandwidth is a
// shared resource modelled as a fluid: the DMA transfers that move HBM bytes
// at a given moment split it fairly, each capped at the channel bandwidth.
// The full model is in docs/Simulator.md.
//
//===----------------------------------------------------------------------===//

#include "sim/Simulator.h"

#include "sim/Trace.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <queue>
#include <string_view>

namespace npu::sim {

namespace {

using isa::Opcode;

/// Slack used when rounding fluid-model times up to whole cycles, so that a
/// transfer that ends exactly on cycle T in exact arithmetic is not pushed
/// to T+1 by floating-point error.
constexpr double kCycleEpsilon = 1e-6;
/// No launch may reach this cycle (about 146 years at 1 GHz).
constexpr uint64_t kMaxSimulatedCycle = uint64_t(1) << 62;
/// Bytes left below which a transfer counts as finished.
constexpr double kByteEpsilon = 1e-6;

uint64_t saturatingAdd(uint64_t a, uint64_t b) {
  uint64_t sum = a + b;
  return sum < a ? std::numeric_limits<uint64_t>::max() : sum;
}

uint64_t saturatingMul(uint64_t a, uint64_t b) {
  if (a != 0 && b > std::numeric_limits<uint64_t>::max() / a)
    return std::numeric_limits<uint64_t>::max();
  return a * b;
}

uint64_t ceilDiv(uint64_t a, uint64_t b) { return a / b + (a % b != 0); }

/// Whole cycles needed for `x` (fractional) cycles of work.
uint64_t ceilCycles(double x) {
  if (!(x > kCycleEpsilon))
    return 0;
  // Far beyond any cycle limit; avoids an out-of-range conversion.
  if (x >= 1e18)
    return uint64_t(1e18);
  return static_cast<uint64_t>(std::ceil(x - kCycleEpsilon));
}

int findField(const isa::InstInfo &info, std::string_view name) {
  for (unsigned i = 0; i < info.numFields; ++i)
    if (name == info.fields[i].name)
      return static_cast<int>(i);
  return -1;
}

/// Indices of the fields the simulator reads by name, per opcode (-1: the
/// instruction has no such field). Looked up once: issue is a hot path.
struct NamedFields {
  int wait = -1;
  int signal = -1;
  int rows = -1;
  int cols = -1;
  int ch = -1;       // DMA channel
  int dstSpace = -1; // DMA memory spaces
  int srcSpace = -1;
  int idxSpace = -1; // dma.gather: space of the index array
};

const NamedFields &namedFields(Opcode op) {
  static const std::array<NamedFields, 256> table = [] {
    std::array<NamedFields, 256> t;
    for (const isa::InstInfo &I : isa::allInstructions()) {
      NamedFields &F = t[static_cast<unsigned>(I.opcode)];
      F.wait = findField(I, "wait");
      F.signal = findField(I, "signal");
      F.rows = findField(I, "rows");
      F.cols = findField(I, "cols");
      F.ch = findField(I, "ch");
      F.dstSpace = findField(I, "dst_space");
      F.srcSpace = findField(I, "src_space");
      F.idxSpace = findField(I, "idx_space");
    }
    return t;
  }();
  return table[static_cast<unsigned>(op)];
}

int64_t fieldOrZero(const isa::Inst &inst, int index) {
  return index < 0 ? 0 : inst.f[index];
}

bool isTranscendental(Opcode op) {
  switch (op) {
  case Opcode::VPU_EXP:
  case Opcode::VPU_TANH:
  case Opcode::VPU_ERF:
  case Opcode::VPU_GELU:
  case Opcode::VPU_GELU_TANH:
  case Opcode::VPU_SIGMOID:
  case Opcode::VPU_SILU:
  case Opcode::VPU_RSQRT:
  case Opcode::VPU_RECIP:
  case Opcode::VPU_SQRT:
  case Opcode::VPU_LOG:
  case Opcode::VPU_POW:
    return true;
  default:
    return false;
  }
}

const char *enumValueName(const isa::Inst &inst, std::string_view field) {
  const isa::InstInfo &info = inst.info();
  for (unsigned i = 0; i < info.numOperands; ++i) {
    const isa::OperandInfo &op = info.operands[i];
    if (op.enumIndex < 0 || field != op.name)
      continue;
    const isa::EnumInfo &e = isa::enumInfo(op.enumIndex);
    int64_t v = inst.f[op.firstField];
    return v >= 0 && v < e.numValues ? e.values[v] : "?";
  }
  return "?";
}

/// Checks that every field value fits its encoded width, as if the program
/// had been decoded from a binary. Hand-built programs (tests, the
/// compiler's in-memory path) get the same guarantees: register numbers
/// below 32, semaphore ids below 256, enum values within their width.
absl::Status validateProgram(const std::vector<isa::Bundle> &program) {
  for (size_t i = 0; i < program.size(); ++i) {
    const isa::Bundle &B = program[i];
    if (i > 0 && B.address <= program[i - 1].address)
      return absl::InvalidArgumentError(absl::StrCat(
          "bundle ", i, " has address ", B.address,
          ", not above the previous bundle's ", program[i - 1].address));
    bool slotUsed[isa::kNumSlotClasses] = {};
    for (const isa::Inst &I : B.insts) {
      const isa::InstInfo *info =
          isa::lookupOpcode(static_cast<unsigned>(I.op));
      if (!info)
        return absl::InvalidArgumentError(
            absl::StrCat("bundle at ", B.address, ": undefined opcode ",
                         static_cast<unsigned>(I.op)));
      unsigned slot = static_cast<unsigned>(info->slot);
      if (slotUsed[slot])
        return absl::InvalidArgumentError(
            absl::StrCat("bundle at ", B.address, ": two ",
                         isa::slotName(info->slot), " instructions"));
      slotUsed[slot] = true;
      for (unsigned f = 0; f < info->numFields; ++f) {
        const isa::FieldInfo &F = info->fields[f];
        int64_t v = I.f[f];
        bool fits = true;
        if (F.bits < 64) {
          if (F.isSigned)
            fits = v >= -(int64_t(1) << (F.bits - 1)) &&
                   v < (int64_t(1) << (F.bits - 1));
          else
            fits = v >= 0 && v < (int64_t(1) << F.bits);
        }
        if (!fits)
          return absl::InvalidArgumentError(absl::StrCat(
              "bundle at ", B.address, ": ", info->mnemonic, ": value ", v,
              " of field '", F.name, "' does not fit in ", int(F.bits),
              F.isSigned ? " signed" : " unsigned", " bits"));
      }
    }
  }
  return absl::OkStatus();
}

/// Parameters the timing formulas divide by or loop on.
absl::Status validateTarget(const Target &target) {
  const ArchParams &A = target.arch;
  const TimingParams &T = target.timing;
  auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  std::string bad;
  if (A.mxuRows == 0)
    bad = "arch.mxuRows is 0";
  else if (A.mxuCols == 0)
    bad = "arch.mxuCols is 0";
  else if (A.vpuLanes == 0)
    bad = "arch.vpuLanes is 0";
  else if (!positive(T.hbmBytesPerCycle))
    bad = "timing.hbmBytesPerCycle is not positive";
  else if (!positive(T.dmaChannelBytesPerCycle))
    bad = "timing.dmaChannelBytesPerCycle is not positive";
  else if (!positive(T.sramBytesPerCycle))
    bad = "timing.sramBytesPerCycle is not positive";
  else if (T.issueCycles == 0)
    bad = "timing.issueCycles is 0";
  else if (T.dmaQueueDepth == 0 || T.mxuQueueDepth == 0 || T.vpuQueueDepth == 0)
    bad = "an engine queue depth is 0";
  else if (T.mxuInt8Speedup == 0)
    bad = "timing.mxuInt8Speedup is 0";
  if (!bad.empty())
    return absl::InvalidArgumentError(
        absl::StrCat("target '", target.name, "': ", bad));
  return absl::OkStatus();
}

/// Why the scalar unit cannot issue; the names are the keys of
/// EngineStats::stallCycles.
enum class StallReason : uint8_t { None, Semaphore, QueueFull, Fence };
constexpr unsigned kNumStallReasons = 4;

const char *stallReasonName(StallReason reason) {
  switch (reason) {
  case StallReason::None:
    return "none";
  case StallReason::Semaphore:
    return "semaphore";
  case StallReason::QueueFull:
    return "queue_full";
  case StallReason::Fence:
    return "fence";
  }
  return "?";
}

/// An async instruction in a queue or running on its engine.
struct AsyncOp {
  const isa::Inst *inst = nullptr;
  uint32_t bundleAddress = 0;
  uint64_t issueCycle = 0;
  int waitSem = -1; // -1: none
  int signalSem = -1;
  RegFile regs = {}; // the register file when the bundle issued
};

enum class EngineKind : uint8_t { Dma, Mxu, Vpu };

struct Engine {
  EngineKind kind = EngineKind::Dma;
  size_t queueDepth = 1;
  std::deque<AsyncOp> queue;
  bool busy = false;
  AsyncOp running;
  uint64_t startCycle = 0;
  ExecInfo runningInfo;
  /// The head of the queue waits for its semaphore since `blockedSince`.
  bool headBlocked = false;
  uint64_t blockedSince = 0;
  uint64_t semaphoreStallCycles = 0;
  uint64_t hbmStallCycles = 0; // DMA: beyond the uncontended duration
  EngineStats stats;
};

/// A DMA copy in its data phase, moving HBM bytes.
struct HbmTransfer {
  unsigned engine = 0;
  double remainingBytes = 0;
  uint64_t startCycle = 0;
  uint64_t uncontendedCycles = 0; // duration at the channel's full rate
};

enum class EventKind : uint8_t {
  Issue,            // the scalar unit may issue the next bundle
  EngineDone,       // engine finishes its running instruction
  DmaTransferStart, // a DMA's latency has elapsed; its bytes start moving
  HbmProgress       // the earliest HBM transfer completes (if generation)
};

struct Event {
  uint64_t cycle = 0;
  uint64_t seq = 0; // FIFO among events of the same cycle
  EventKind kind = EventKind::Issue;
  unsigned engine = 0;
  uint64_t generation = 0;
};

struct EventLater {
  bool operator()(const Event &a, const Event &b) const {
    return a.cycle != b.cycle ? a.cycle > b.cycle : a.seq > b.seq;
  }
};

struct LoopFrame {
  size_t startIndex = 0; // bundle index of the first body bundle
  size_t endIndex = 0;   // bundle index of the last body bundle
  uint64_t remaining = 0;
};

class Machine {
public:
  Machine(const Target &target, const std::vector<isa::Bundle> &program,
          const std::vector<uint64_t> &launchArgs, DeviceMemory &memory,
          const SimOptions &options)
      : target_(target), arch_(target.arch), timing_(target.timing),
        program_(program), launchArgs_(launchArgs), memory_(memory),
        options_(options) {}

  absl::StatusOr<SimStats> run();

private:
  // Engines are numbered dma0..dma{N-1}, mxu, vpu; trace track 0 is the
  // scalar unit and engine e is track e + 1.
  unsigned mxuEngine() const { return arch_.dmaChannels; }
  unsigned vpuEngine() const { return arch_.dmaChannels + 1; }
  std::string engineName(unsigned e) const;

  void schedule(uint64_t cycle, EventKind kind, unsigned engine = 0,
                uint64_t generation = 0);
  absl::Status simulateEvents();
  absl::Status processEvent(const Event &event);
  absl::StatusOr<bool> tryStartEngine(unsigned e);
  absl::Status finishEngine(unsigned e);
  absl::StatusOr<bool> tryIssue();
  absl::Status executeScalar(const isa::Inst &inst, size_t &nextIndex);
  /// The bundle that issues after `position` when control falls through it,
  /// taking (and popping) the loop back-edges that end there.
  size_t bundleAfter(size_t position);

  // HBM fluid model.
  double hbmRate() const;
  /// Moves the active transfers' bytes up to now_ and completes those that
  /// have finished.
  absl::Status advanceHbm();
  /// Schedules the next HbmProgress event for the current active set.
  void rescheduleHbm();

  absl::StatusOr<size_t> bundleIndexOf(int64_t address,
                                       absl::string_view what) const;
  /// Checks a semaphore operand; `operand` (may be null) names it in the
  /// error.
  absl::Status semaphoreId(int64_t id, bool noneAllowed, const char *mnemonic,
                           const char *operand, int &out) const;
  absl::Status signalSemaphore(int sem, uint64_t count);
  void traceSemaphore(int sem);
  void noteScalarStall(StallReason reason, int sem, uint64_t need,
                       unsigned engine);
  /// What the stalled scalar unit waits for, in words; with `current`, the
  /// state now (semaphore value, busy engines).
  std::string scalarStallDetail(bool current) const;
  void endScalarStall();
  void flushOpenStalls();
  bool allEnginesDrained() const;
  bool finished() const { return halted_ && allEnginesDrained(); }
  std::string describeState() const;
  absl::Status scalarError(absl::string_view message) const;
  absl::Status engineError(const AsyncOp &op, const absl::Status &status) const;
  uint64_t regRead(int64_t r) const { return r == 0 ? 0 : regs_[r]; }
  void regWrite(int64_t r, uint64_t v) {
    if (r != 0)
      regs_[r] = v;
  }

  const Target &target_;
  const ArchParams &arch_;
  const TimingParams &timing_;
  const std::vector<isa::Bundle> &program_;
  const std::vector<uint64_t> &launchArgs_;
  DeviceMemory &memory_;
  const SimOptions &options_;

  uint64_t now_ = 0;
  uint64_t nextSeq_ = 0;
  std::priority_queue<Event, std::vector<Event>, EventLater> events_;

  // Scalar unit.
  RegFile regs_ = {};
  size_t pc_ = 0; // bundle index
  uint64_t nextIssueCycle_ = 0;
  bool halted_ = false;
  uint64_t haltCycle_ = 0; // the cycle on which halt issued
  std::vector<LoopFrame> loops_;
  EngineStats scalarStats_;
  StallReason scalarStall_ = StallReason::None;
  uint64_t scalarStallSince_ = 0;
  int scalarStallSem_ = -1;        // Semaphore: the semaphore
  uint64_t scalarStallNeed_ = 0;   // Semaphore: the count sem.wait needs
  unsigned scalarStallEngine_ = 0; // QueueFull: the engine
  uint64_t scalarStallCycles_[kNumStallReasons] = {};

  std::vector<uint32_t> semaphores_;
  std::vector<Engine> engines_;

  std::vector<HbmTransfer> hbmTransfers_;
  double hbmClock_ = 0; // time up to which transfers have been advanced
  uint64_t hbmGeneration_ = 0;

  SimStats stats_;
  uint64_t lastCompletion_ = 0;
  TraceWriter trace_;
};

std::string Machine::engineName(unsigned e) const {
  if (e < arch_.dmaChannels)
    return absl::StrCat("dma", e);
  return e == mxuEngine() ? "mxu" : "vpu";
}

void Machine::schedule(uint64_t cycle, EventKind kind, unsigned engine,
                       uint64_t generation) {
  events_.push(Event{cycle, nextSeq_++, kind, engine, generation});
}

absl::Status Machine::scalarError(absl::string_view message) const {
  const isa::Bundle &B = program_[pc_];
  return absl::InvalidArgumentError(
      absl::StrCat("bundle at ", B.address, ": ", message));
}

absl::Status Machine::engineError(const AsyncOp &op,
                                  const absl::Status &status) const {
  // Exec's messages already start with the mnemonic; add it only if not.
  const char *mnemonic = op.inst->info().mnemonic;
  bool named = absl::StartsWith(status.message(), absl::StrCat(mnemonic, ":"));
  return absl::Status(
      status.code(),
      absl::StrCat("bundle at ", op.bundleAddress, ": ",
                   named ? std::string() : absl::StrCat(mnemonic, ": "),
                   status.message()));
}

absl::StatusOr<size_t> Machine::bundleIndexOf(int64_t address,
                                              absl::string_view what) const {
  auto it = std::lower_bound(
      program_.begin(), program_.end(), address,
      [](const isa::Bundle &B, int64_t a) { return int64_t(B.address) < a; });
  if (it == program_.end() || int64_t(it->address) != address)
    return scalarError(
        absl::StrCat(what, " ", address, " is not the address of a bundle"));
  return static_cast<size_t>(it - program_.begin());
}

absl::Status Machine::semaphoreId(int64_t id, bool noneAllowed,
                                  const char *mnemonic, const char *operand,
                                  int &out) const {
  if (noneAllowed && id == isa::kNoSem) {
    out = -1;
    return absl::OkStatus();
  }
  if (id < 0 || uint64_t(id) >= arch_.semaphores)
    return scalarError(absl::StrCat(
        mnemonic, operand ? absl::StrCat(" ", operand) : std::string(),
        ": semaphore s", id, " out of range (the target has ", arch_.semaphores,
        ")"));
  out = static_cast<int>(id);
  return absl::OkStatus();
}

void Machine::traceSemaphore(int sem) {
  trace_.counter(absl::StrCat("s", sem), now_, semaphores_[sem]);
}

absl::Status Machine::signalSemaphore(int sem, uint64_t count) {
  if (uint64_t(semaphores_[sem]) + count > std::numeric_limits<uint32_t>::max())
    return absl::FailedPreconditionError(
        absl::StrCat("semaphore s", sem, " overflows 32 bits (value ",
                     semaphores_[sem], ", signalled by ", count, ")"));
  semaphores_[sem] += static_cast<uint32_t>(count);
  traceSemaphore(sem);
  return absl::OkStatus();
}

bool Machine::allEnginesDrained() const {
  for (const Engine &E : engines_)
    if (E.busy || !E.queue.empty())
      return false;
  return true;
}

void Machine::noteScalarStall(StallReason reason, int sem, uint64_t need,
                              unsigned engine) {
  if (reason != scalarStall_) {
    endScalarStall();
    scalarStall_ = reason;
    scalarStallSince_ = now_;
  }
  scalarStallSem_ = sem;
  scalarStallNeed_ = need;
  scalarStallEngine_ = engine;
}

std::string Machine::scalarStallDetail(bool current) const {
  switch (scalarStall_) {
  case StallReason::None:
    return "nothing";
  case StallReason::Semaphore:
    if (!current)
      return absl::StrCat("sem.wait s", scalarStallSem_, " (needs ",
                          scalarStallNeed_, ")");
    return absl::StrCat("sem.wait s", scalarStallSem_, " (value ",
                        semaphores_[scalarStallSem_], ", needs ",
                        scalarStallNeed_, ")");
  case StallReason::QueueFull:
    return absl::StrCat("a slot in the ", engineName(scalarStallEngine_),
                        " queue (depth ",
                        engines_[scalarStallEngine_].queueDepth, ")");
  case StallReason::Fence: {
    if (!current)
      return "fence (all engines idle)";
    std::vector<std::string> busy;
    for (unsigned e = 0; e < engines_.size(); ++e)
      if (engines_[e].busy || !engines_[e].queue.empty())
        busy.push_back(engineName(e));
    return busy.empty()
               ? std::string("fence")
               : absl::StrCat("fence (busy: ", absl::StrJoin(busy, ", "), ")");
  }
  }
  return "";
}

void Machine::endScalarStall() {
  if (scalarStall_ == StallReason::None)
    return;
  uint64_t cycles = now_ - scalarStallSince_;
  if (cycles > 0) {
    scalarStallCycles_[unsigned(scalarStall_)] += cycles;
    if (trace_.enabled())
      trace_.complete(0, absl::StrCat("stall: ", stallReasonName(scalarStall_)),
                      scalarStallSince_, cycles,
                      TraceArgs()
                          .add("bundle", program_[pc_].address)
                          .add("waiting_for", scalarStallDetail(false)));
  }
  scalarStall_ = StallReason::None;
}

/// Records the stalls still in progress when the simulation stops on an
/// error, so that the trace shows what the machine was waiting for.
void Machine::flushOpenStalls() {
  endScalarStall();
  if (!trace_.enabled())
    return;
  for (unsigned e = 0; e < engines_.size(); ++e) {
    Engine &E = engines_[e];
    if (!E.headBlocked || now_ == E.blockedSince)
      continue;
    const AsyncOp &head = E.queue.front();
    trace_.complete(e + 1, "stall: semaphore", E.blockedSince,
                    now_ - E.blockedSince,
                    TraceArgs()
                        .add("bundle", head.bundleAddress)
                        .add("semaphore", absl::StrCat("s", head.waitSem)));
  }
}

//===----------------------------------------------------------------------===//
// HBM bandwidth: processor sharing among the transfers in their data phase.
//===----------------------------------------------------------------------===//

double Machine::hbmRate() const {
  if (hbmTransfers_.empty())
    return 0;
  return std::min(timing_.dmaChannelBytesPerCycle,
                  timing_.hbmBytesPerCycle / double(hbmTransfers_.size()));
}

absl::Status Machine::advanceHbm() {
  // The fluid model runs in continuous time: between two changes of the
  // active set every transfer moves at hbmRate(). A transfer that finishes
  // between cycles hands its share to the others at that exact moment; only
  // its engine's completion is rounded up to the next whole cycle.
  double until = double(now_);
  std::vector<HbmTransfer> done;
  while (!hbmTransfers_.empty()) {
    double rate = hbmRate();
    auto least =
        std::min_element(hbmTransfers_.begin(), hbmTransfers_.end(),
                         [](const HbmTransfer &a, const HbmTransfer &b) {
                           return a.remainingBytes < b.remainingBytes;
                         });
    double finish = hbmClock_ + least->remainingBytes / rate;
    if (finish > until + kCycleEpsilon) {
      for (HbmTransfer &T : hbmTransfers_)
        T.remainingBytes -= rate * (until - hbmClock_);
      break;
    }
    double moved = least->remainingBytes;
    for (HbmTransfer &T : hbmTransfers_)
      T.remainingBytes -= moved;
    least->remainingBytes = 0;
    hbmClock_ = std::max(hbmClock_, finish);
    // Transfers with equal bytes left finish together.
    auto split = std::stable_partition(
        hbmTransfers_.begin(), hbmTransfers_.end(),
        [](const HbmTransfer &T) { return T.remainingBytes > kByteEpsilon; });
    done.insert(done.end(), split, hbmTransfers_.end());
    hbmTransfers_.erase(split, hbmTransfers_.end());
  }
  hbmClock_ = until;
  // Every transfer finishing in (now - 1, now] completes on this cycle.
  for (const HbmTransfer &T : done) {
    uint64_t took = now_ - T.startCycle;
    if (took > T.uncontendedCycles)
      engines_[T.engine].hbmStallCycles += took - T.uncontendedCycles;
    if (absl::Status s = finishEngine(T.engine); !s.ok())
      return s;
  }
  return absl::OkStatus();
}

void Machine::rescheduleHbm() {
  // Older progress events are now stale: their finish times assumed another
  // set of active transfers.
  ++hbmGeneration_;
  if (hbmTransfers_.empty())
    return;
  double least = hbmTransfers_.front().remainingBytes;
  for (const HbmTransfer &T : hbmTransfers_)
    least = std::min(least, T.remainingBytes);
  schedule(saturatingAdd(now_, ceilCycles(least / hbmRate())),
           EventKind::HbmProgress, 0, hbmGeneration_);
}

//===----------------------------------------------------------------------===//
// Engines.
//===----------------------------------------------------------------------===//

absl::StatusOr<bool> Machine::tryStartEngine(unsigned e) {
  Engine &E = engines_[e];
  if (E.busy || E.queue.empty())
    return false;
  AsyncOp &head = E.queue.front();
  if (head.waitSem >= 0) {
    if (semaphores_[head.waitSem] == 0) {
      if (!E.headBlocked) {
        E.headBlocked = true;
        E.blockedSince = now_;
      }
      return false;
    }
    --semaphores_[head.waitSem];
    traceSemaphore(head.waitSem);
  }
  if (E.headBlocked) {
    uint64_t cycles = now_ - E.blockedSince;
    if (cycles > 0) {
      E.semaphoreStallCycles += cycles;
      if (trace_.enabled())
        trace_.complete(e + 1, "stall: semaphore", E.blockedSince, cycles,
                        TraceArgs()
                            .add("bundle", head.bundleAddress)
                            .add("semaphore", absl::StrCat("s", head.waitSem)));
    }
    E.headBlocked = false;
  }
  E.running = std::move(head);
  E.queue.pop_front();
  E.busy = true;
  E.startCycle = now_;
  ++E.stats.instructions;

  const isa::Inst &inst = *E.running.inst;
  ExecContext ctx{memory_, arch_, options_.timingOnly};
  absl::StatusOr<ExecInfo> info = execute(inst, E.running.regs, ctx);
  if (!info.ok())
    return engineError(E.running, info.status());
  E.runningInfo = *info;
  stats_.hbmBytesRead += info->hbmBytesRead;
  stats_.hbmBytesWritten += info->hbmBytesWritten;
  stats_.macs += info->macs;

  switch (E.kind) {
  case EngineKind::Dma: {
    const NamedFields &NF = namedFields(inst.op);
    constexpr int64_t hbm = int64_t(isa::Space::hbm);
    bool usesHbm = inst.f[NF.dstSpace] == hbm || inst.f[NF.srcSpace] == hbm;
    // dma.gather reads its indices before it knows any row address: one
    // extra latency of the index array's memory (docs/Simulator.md).
    uint64_t start = now_;
    if (NF.idxSpace >= 0 && info->bytes != 0)
      start =
          saturatingAdd(now_, inst.f[NF.idxSpace] == hbm ? timing_.hbmLatency
                                                         : timing_.sramLatency);
    uint64_t bytes = info->bytes;
    if (!usesHbm)
      schedule(saturatingAdd(start, timing_.sramLatency +
                                        ceilCycles(double(bytes) /
                                                   timing_.sramBytesPerCycle)),
               EventKind::EngineDone, e);
    else if (bytes == 0)
      schedule(saturatingAdd(start, timing_.hbmLatency), EventKind::EngineDone,
               e);
    else
      schedule(saturatingAdd(start, timing_.hbmLatency),
               EventKind::DmaTransferStart, e);
    break;
  }
  case EngineKind::Mxu: {
    using namespace isa::fields::MXU_MATMUL;
    // tb (B stored [n, k]) costs the same: the weights are loaded into the
    // array one k-by-n block per pass either way (docs/Simulator.md).
    uint64_t kPerPass = arch_.mxuRows;
    if (inst.f[mode] == int64_t(isa::MxuMode::int8))
      kPerPass *= timing_.mxuInt8Speedup;
    uint64_t passes =
        saturatingMul(ceilDiv(uint64_t(inst.f[k]), kPerPass),
                      ceilDiv(uint64_t(inst.f[n]), arch_.mxuCols));
    uint64_t cycles = saturatingAdd(timing_.mxuFillLatency,
                                    saturatingMul(passes, uint64_t(inst.f[m])));
    schedule(saturatingAdd(now_, cycles), EventKind::EngineDone, e);
    break;
  }
  case EngineKind::Vpu: {
    const NamedFields &NF = namedFields(inst.op);
    uint64_t elements = saturatingMul(uint64_t(fieldOrZero(inst, NF.rows)),
                                      uint64_t(fieldOrZero(inst, NF.cols)));
    uint64_t cost =
        isTranscendental(inst.op) ? timing_.vpuTranscendentalCost : 1;
    uint64_t cycles =
        saturatingAdd(timing_.vpuLatency,
                      saturatingMul(ceilDiv(elements, arch_.vpuLanes), cost));
    schedule(saturatingAdd(now_, cycles), EventKind::EngineDone, e);
    break;
  }
  }
  return true;
}

absl::Status Machine::finishEngine(unsigned e) {
  Engine &E = engines_[e];
  const AsyncOp &op = E.running;
  const isa::Inst &inst = *op.inst;
  uint64_t cycles = now_ - E.startCycle;
  E.stats.busyCycles += cycles;
  E.busy = false;
  lastCompletion_ = std::max(lastCompletion_, now_);

  if (trace_.enabled()) {
    TraceArgs args;
    args.add("bundle", op.bundleAddress).add("issued", op.issueCycle);
    switch (E.kind) {
    case EngineKind::Dma: {
      const NamedFields &NF = namedFields(inst.op);
      args.add("bytes", E.runningInfo.bytes)
          .add("dst", inst.f[NF.dstSpace] == 0 ? "hbm" : "sram")
          .add("src", inst.f[NF.srcSpace] == 0 ? "hbm" : "sram");
      break;
    }
    case EngineKind::Mxu: {
      using namespace isa::fields::MXU_MATMUL;
      args.add("m", inst.f[m])
          .add("k", inst.f[k])
          .add("n", inst.f[n])
          .add("mode", enumValueName(inst, "mode"))
          .add("acc", inst.f[acc])
          .add("tb", inst.f[tb]);
      break;
    }
    case EngineKind::Vpu:
      args.add("rows", fieldOrZero(inst, namedFields(inst.op).rows))
          .add("cols", fieldOrZero(inst, namedFields(inst.op).cols));
      break;
    }
    if (op.waitSem >= 0)
      args.add("wait", absl::StrCat("s", op.waitSem));
    if (op.signalSem >= 0)
      args.add("signal", absl::StrCat("s", op.signalSem));
    trace_.complete(e + 1, inst.info().mnemonic, E.startCycle, cycles, args);
  }

  if (op.signalSem >= 0)
    if (absl::Status s = signalSemaphore(op.signalSem, 1); !s.ok())
      return engineError(op, s);
  return absl::OkStatus();
}

//===----------------------------------------------------------------------===//
// Scalar unit.
//===----------------------------------------------------------------------===//

absl::StatusOr<bool> Machine::tryIssue() {
  if (halted_ || now_ < nextIssueCycle_)
    return false;
  if (pc_ >= program_.size()) {
    std::string where =
        program_.empty()
            ? std::string("the program is empty")
            : absl::StrCat("issue ran past the last bundle (at ",
                           program_.back().address, ") without a halt");
    return absl::InvalidArgumentError(where);
  }
  const isa::Bundle &B = program_[pc_];

  // Decode the bundle and check its operands before deciding whether it
  // can issue, so that a bad program fails even when it would also stall.
  const isa::Inst *scalar = nullptr;
  struct Routed {
    const isa::Inst *inst;
    unsigned engine;
    int waitSem;
    int signalSem;
  };
  Routed routed[isa::kNumSlotClasses];
  unsigned numRouted = 0;
  for (const isa::Inst &I : B.insts) {
    const isa::InstInfo &info = I.info();
    if (!info.async) {
      scalar = &I;
      continue;
    }
    Routed R{&I, 0, -1, -1};
    switch (info.slot) {
    case isa::SlotClass::Dma: {
      int64_t ch = I.f[namedFields(I.op).ch];
      if (uint64_t(ch) >= arch_.dmaChannels)
        return scalarError(absl::StrCat(info.mnemonic, ": channel ", ch,
                                        " out of range (the target has ",
                                        arch_.dmaChannels, ")"));
      R.engine = static_cast<unsigned>(ch);
      break;
    }
    case isa::SlotClass::Mxu:
      R.engine = mxuEngine();
      break;
    default:
      R.engine = vpuEngine();
      break;
    }
    const NamedFields &NF = namedFields(I.op);
    if (NF.wait >= 0)
      if (absl::Status s =
              semaphoreId(I.f[NF.wait], true, info.mnemonic, "wait", R.waitSem);
          !s.ok())
        return s;
    if (NF.signal >= 0)
      if (absl::Status s = semaphoreId(I.f[NF.signal], true, info.mnemonic,
                                       "signal", R.signalSem);
          !s.ok())
        return s;
    routed[numRouted++] = R;
  }

  int scalarSem = -1;
  if (scalar &&
      (scalar->op == Opcode::SEM_WAIT || scalar->op == Opcode::SEM_SIGNAL)) {
    static_assert(unsigned(isa::fields::SEM_WAIT::sem) ==
                  unsigned(isa::fields::SEM_SIGNAL::sem));
    if (absl::Status s =
            semaphoreId(scalar->f[isa::fields::SEM_WAIT::sem], false,
                        scalar->info().mnemonic, nullptr, scalarSem);
        !s.ok())
      return s;
  }

  // Stall conditions: the whole bundle waits.
  if (scalar && scalar->op == Opcode::SEM_WAIT) {
    uint64_t need = uint64_t(scalar->f[isa::fields::SEM_WAIT::count]);
    if (semaphores_[scalarSem] < need) {
      noteScalarStall(StallReason::Semaphore, scalarSem, need, 0);
      return false;
    }
  }
  if (scalar && scalar->op == Opcode::FENCE && !allEnginesDrained()) {
    noteScalarStall(StallReason::Fence, -1, 0, 0);
    return false;
  }
  for (unsigned i = 0; i < numRouted; ++i) {
    const Engine &E = engines_[routed[i].engine];
    if (E.queue.size() >= E.queueDepth) {
      noteScalarStall(StallReason::QueueFull, -1, 0, routed[i].engine);
      return false;
    }
  }
  endScalarStall();

  // Issue. Async instructions see the registers as they were before this
  // bundle's scalar instruction writes.
  for (unsigned i = 0; i < numRouted; ++i) {
    AsyncOp op;
    op.inst = routed[i].inst;
    op.bundleAddress = B.address;
    op.issueCycle = now_;
    op.waitSem = routed[i].waitSem;
    op.signalSem = routed[i].signalSem;
    std::memcpy(op.regs, regs_, sizeof(RegFile));
    engines_[routed[i].engine].queue.push_back(std::move(op));
  }

  size_t issuedIndex = pc_;
  size_t nextIndex = pc_ + 1;
  if (scalar) {
    ++scalarStats_.instructions;
    if (absl::Status s = executeScalar(*scalar, nextIndex); !s.ok())
      return s;
  } else {
    // Without a scalar instruction the bundle still ends loop bodies.
    nextIndex = bundleAfter(pc_);
  }

  ++stats_.bundles;
  scalarStats_.busyCycles += timing_.issueCycles;
  if (trace_.enabled()) {
    TraceArgs args;
    args.add("bundle", program_[issuedIndex].address);
    std::vector<std::string> queued;
    for (unsigned i = 0; i < numRouted; ++i)
      queued.push_back(absl::StrCat(routed[i].inst->info().mnemonic, " -> ",
                                    engineName(routed[i].engine)));
    if (!queued.empty())
      args.add("queued", absl::StrJoin(queued, ", "));
    trace_.complete(0, scalar ? scalar->info().mnemonic : "issue", now_,
                    timing_.issueCycles, args);
  }

  pc_ = nextIndex;
  nextIssueCycle_ = saturatingAdd(now_, timing_.issueCycles);
  if (halted_)
    haltCycle_ = now_;
  else
    schedule(nextIssueCycle_, EventKind::Issue);
  return true;
}

absl::Status Machine::executeScalar(const isa::Inst &I, size_t &nextIndex) {
  // `position` is the bundle whose loop-end check decides what follows: the
  // issued bundle, or the end of a skipped (count 0) loop body.
  size_t position = pc_;
  bool fallThrough = true;
  // The register-register operations share ADD's field layout.
  namespace ALU = isa::fields::ADD;
  static_assert(unsigned(ALU::rd) == unsigned(isa::fields::SHR::rd) &&
                unsigned(ALU::rs1) == unsigned(isa::fields::SHR::rs1) &&
                unsigned(ALU::rs2) == unsigned(isa::fields::SHR::rs2));
  auto alu = [&](auto op) {
    regWrite(I.f[ALU::rd], op(regRead(I.f[ALU::rs1]), regRead(I.f[ALU::rs2])));
  };
  switch (I.op) {
  case Opcode::NOP:
  case Opcode::FENCE:
    break;
  case Opcode::HALT:
    halted_ = true;
    break;
  case Opcode::LI:
    regWrite(I.f[isa::fields::LI::rd], uint64_t(I.f[isa::fields::LI::imm]));
    break;
  case Opcode::MOV:
    regWrite(I.f[isa::fields::MOV::rd], regRead(I.f[isa::fields::MOV::rs]));
    break;
  case Opcode::ADDI:
    regWrite(I.f[isa::fields::ADDI::rd],
             regRead(I.f[isa::fields::ADDI::rs]) +
                 uint64_t(I.f[isa::fields::ADDI::imm]));
    break;
  case Opcode::MULI:
    regWrite(I.f[isa::fields::MULI::rd],
             regRead(I.f[isa::fields::MULI::rs]) *
                 uint64_t(I.f[isa::fields::MULI::imm]));
    break;
  case Opcode::ARG: {
    uint64_t idx = uint64_t(I.f[isa::fields::ARG::idx]);
    if (idx >= launchArgs_.size())
      return scalarError(absl::StrCat("arg: launch argument ", idx,
                                      " out of range (the launch has ",
                                      launchArgs_.size(), ")"));
    regWrite(I.f[isa::fields::ARG::rd], launchArgs_[idx]);
    break;
  }
  case Opcode::ADD:
    alu([](uint64_t a, uint64_t b) { return a + b; });
    break;
  case Opcode::SUB:
    alu([](uint64_t a, uint64_t b) { return a - b; });
    break;
  case Opcode::MUL:
    alu([](uint64_t a, uint64_t b) { return a * b; });
    break;
  case Opcode::AND:
    alu([](uint64_t a, uint64_t b) { return a & b; });
    break;
  case Opcode::OR:
    alu([](uint64_t a, uint64_t b) { return a | b; });
    break;
  case Opcode::XOR:
    alu([](uint64_t a, uint64_t b) { return a ^ b; });
    break;
  case Opcode::SHL:
    alu([](uint64_t a, uint64_t b) { return a << (b & 63); });
    break;
  case Opcode::SHR:
    alu([](uint64_t a, uint64_t b) { return a >> (b & 63); });
    break;
  case Opcode::LOOP:
  case Opcode::LOOPI: {
    const char *mnemonic = I.info().mnemonic;
    uint64_t count = I.op == Opcode::LOOP
                         ? regRead(I.f[isa::fields::LOOP::count])
                         : uint64_t(I.f[isa::fields::LOOPI::count]);
    int64_t endAddress = I.op == Opcode::LOOP ? I.f[isa::fields::LOOP::end]
                                              : I.f[isa::fields::LOOPI::end];
    absl::StatusOr<size_t> endIndex =
        bundleIndexOf(endAddress, absl::StrCat(mnemonic, ": end"));
    if (!endIndex.ok())
      return endIndex.status();
    if (*endIndex <= pc_)
      return scalarError(absl::StrCat(mnemonic, ": end ", endAddress,
                                      " is not after the loop instruction"));
    if (!loops_.empty() && *endIndex > loops_.back().endIndex)
      return scalarError(
          absl::StrCat(mnemonic, ": end ", endAddress,
                       " lies outside the enclosing loop body, which ends at ",
                       program_[loops_.back().endIndex].address));
    // Checked whatever the count, so that a nesting error does not depend
    // on the data.
    if (loops_.size() >= arch_.loopDepth)
      return scalarError(absl::StrCat(mnemonic,
                                      ": loop nesting exceeds the target's "
                                      "loop depth of ",
                                      arch_.loopDepth));
    if (count == 0)
      position = *endIndex;
    else
      loops_.push_back(LoopFrame{pc_ + 1, *endIndex, count});
    break;
  }
  case Opcode::BR:
  case Opcode::BEQ:
  case Opcode::BNE:
  case Opcode::BLT:
  case Opcode::BGE: {
    bool taken = true;
    int64_t targetAddress;
    if (I.op == Opcode::BR) {
      targetAddress = I.f[isa::fields::BR::target];
    } else {
      using namespace isa::fields::BEQ;
      uint64_t a = regRead(I.f[rs1]), b = regRead(I.f[rs2]);
      targetAddress = I.f[target];
      switch (I.op) {
      case Opcode::BEQ:
        taken = a == b;
        break;
      case Opcode::BNE:
        taken = a != b;
        break;
      case Opcode::BLT:
        taken = int64_t(a) < int64_t(b);
        break;
      default:
        taken = int64_t(a) >= int64_t(b);
        break;
      }
    }
    // The target is checked even when the branch is not taken: a bad
    // target is a bad program whatever the data.
    const char *mnemonic = I.info().mnemonic;
    absl::StatusOr<size_t> targetIndex =
        bundleIndexOf(targetAddress, absl::StrCat(mnemonic, ": target"));
    if (!targetIndex.ok())
      return targetIndex.status();
    if (!taken)
      break;
    if (!loops_.empty()) {
      const LoopFrame &L = loops_.back();
      if (*targetIndex < L.startIndex || *targetIndex > L.endIndex)
        return scalarError(absl::StrCat(mnemonic, ": branch to ", targetAddress,
                                        " leaves the loop body [",
                                        program_[L.startIndex].address, ", ",
                                        program_[L.endIndex].address, "]"));
      if (pc_ == L.endIndex)
        return scalarError(absl::StrCat(
            mnemonic, ": taken branch in the last bundle of a loop body"));
    }
    nextIndex = *targetIndex;
    fallThrough = false;
    break;
  }
  case Opcode::SEM_WAIT: {
    int sem = static_cast<int>(I.f[isa::fields::SEM_WAIT::sem]);
    semaphores_[sem] -=
        static_cast<uint32_t>(I.f[isa::fields::SEM_WAIT::count]);
    traceSemaphore(sem);
    break;
  }
  case Opcode::SEM_SIGNAL: {
    int sem = static_cast<int>(I.f[isa::fields::SEM_SIGNAL::sem]);
    if (absl::Status s =
            signalSemaphore(sem, uint64_t(I.f[isa::fields::SEM_SIGNAL::count]));
        !s.ok())
      return scalarError(absl::StrCat("sem.signal: ", s.message()));
    break;
  }
  default:
    return scalarError(
        absl::StrCat(I.info().mnemonic, " is not a scalar instruction"));
  }

  if (fallThrough)
    nextIndex = bundleAfter(position);
  return absl::OkStatus();
}

size_t Machine::bundleAfter(size_t position) {
  // Zero-overhead loops: the back-edge is taken as part of issuing the last
  // body bundle. Several loops may end on the same bundle.
  while (!loops_.empty() && loops_.back().endIndex == position) {
    if (--loops_.back().remaining > 0)
      return loops_.back().startIndex;
    loops_.pop_back();
  }
  return position + 1;
}

//===----------------------------------------------------------------------===//
// Driver.
//===----------------------------------------------------------------------===//

std::string Machine::describeState() const {
  std::vector<std::string> parts;
  if (halted_)
    parts.push_back("scalar: halted");
  else if (pc_ < program_.size())
    parts.push_back(absl::StrCat(
        "scalar: pc at bundle ", program_[pc_].address,
        scalarStall_ != StallReason::None
            ? absl::StrCat(", waiting for ", scalarStallDetail(true))
            : std::string(", issuing")));
  else
    parts.push_back("scalar: past the end of the code");
  for (unsigned e = 0; e < engines_.size(); ++e) {
    const Engine &E = engines_[e];
    std::string state;
    if (E.busy) {
      state = absl::StrCat("running ", E.running.inst->info().mnemonic,
                           " (bundle at ", E.running.bundleAddress,
                           ") since cycle ", E.startCycle);
    } else if (!E.queue.empty()) {
      const AsyncOp &head = E.queue.front();
      if (head.waitSem >= 0 && semaphores_[head.waitSem] == 0)
        state = absl::StrCat("blocked on s", head.waitSem, " (value 0) by ",
                             head.inst->info().mnemonic, " at bundle ",
                             head.bundleAddress);
      else
        state = absl::StrCat("ready to start ", head.inst->info().mnemonic,
                             " at bundle ", head.bundleAddress);
    } else {
      state = "idle";
    }
    if (!E.queue.empty())
      absl::StrAppend(&state, ", ", E.queue.size(), " queued");
    parts.push_back(absl::StrCat(engineName(e), ": ", state));
  }
  std::vector<std::string> nonZero;
  for (size_t s = 0; s < semaphores_.size(); ++s)
    if (semaphores_[s] != 0)
      nonZero.push_back(absl::StrCat("s", s, "=", semaphores_[s]));
  parts.push_back(nonZero.empty() ? std::string("semaphores: all zero")
                                  : absl::StrCat("semaphores: ",
                                                 absl::StrJoin(nonZero, ", ")));
  return absl::StrJoin(parts, "; ");
}

absl::Status Machine::processEvent(const Event &event) {
  switch (event.kind) {
  case EventKind::Issue:
    // Nothing to do: every event is followed by an issue attempt.
    return absl::OkStatus();
  case EventKind::EngineDone:
    return finishEngine(event.engine);
  case EventKind::DmaTransferStart: {
    if (absl::Status s = advanceHbm(); !s.ok())
      return s;
    HbmTransfer T;
    T.engine = event.engine;
    T.remainingBytes = double(engines_[event.engine].runningInfo.bytes);
    T.startCycle = now_;
    T.uncontendedCycles =
        ceilCycles(T.remainingBytes / std::min(timing_.dmaChannelBytesPerCycle,
                                               timing_.hbmBytesPerCycle));
    hbmTransfers_.push_back(T);
    rescheduleHbm();
    return absl::OkStatus();
  }
  case EventKind::HbmProgress:
    if (event.generation != hbmGeneration_)
      return absl::OkStatus();
    if (absl::Status s = advanceHbm(); !s.ok())
      return s;
    rescheduleHbm();
    return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::Status Machine::simulateEvents() {
  schedule(0, EventKind::Issue);
  while (true) {
    // Progress events superseded by a change of the active HBM transfers
    // must not keep the machine alive or push the clock forward.
    while (!events_.empty() && events_.top().kind == EventKind::HbmProgress &&
           events_.top().generation != hbmGeneration_)
      events_.pop();
    if (events_.empty()) {
      if (finished())
        return absl::OkStatus();
      return absl::AbortedError(absl::StrCat("deadlock at cycle ", now_,
                                             ": nothing can make progress; ",
                                             describeState()));
    }
    uint64_t cycle = events_.top().cycle;
    if (options_.maxCycles != 0 && cycle > options_.maxCycles)
      return absl::DeadlineExceededError(
          absl::StrCat("cycle limit of ", options_.maxCycles,
                       " cycles reached; ", describeState()));
    // Saturated durations land here; beyond it cycle arithmetic could wrap.
    if (cycle >= kMaxSimulatedCycle)
      return absl::OutOfRangeError(absl::StrCat("simulated time exceeds ",
                                                kMaxSimulatedCycle, " cycles; ",
                                                describeState()));
    now_ = cycle;
    // Completions first, so that work finishing on this cycle frees its
    // engine, queue slot and semaphore for starts and issue on this cycle.
    while (!events_.empty() && events_.top().cycle == now_) {
      Event event = events_.top();
      events_.pop();
      if (absl::Status s = processEvent(event); !s.ok())
        return s;
    }
    // Then start engines and issue until nothing changes: a start frees a
    // queue slot for issue, an issue can feed an idle engine, a sem.signal
    // can release a waiting engine.
    bool changed = true;
    while (changed) {
      changed = false;
      for (unsigned e = 0; e < engines_.size(); ++e) {
        absl::StatusOr<bool> started = tryStartEngine(e);
        if (!started.ok())
          return started.status();
        changed |= *started;
      }
      absl::StatusOr<bool> issued = tryIssue();
      if (!issued.ok())
        return issued.status();
      changed |= *issued;
    }
    if (finished())
      return absl::OkStatus();
  }
}

absl::StatusOr<SimStats> Machine::run() {
  if (absl::Status s = validateTarget(target_); !s.ok())
    return s;
  if (absl::Status s = validateProgram(program_); !s.ok())
    return s;
  // The semaphore fields are 8 bits with 255 meaning none.
  if (arch_.semaphores > isa::kNoSem)
    return absl::InvalidArgumentError(absl::StrCat(
        "target '", target_.name, "': ", arch_.semaphores,
        " semaphores, but the ISA can name at most ", isa::kNoSem));

  semaphores_.assign(arch_.semaphores, 0);
  engines_.resize(arch_.dmaChannels + 2);
  for (unsigned e = 0; e < engines_.size(); ++e) {
    Engine &E = engines_[e];
    E.stats.name = engineName(e);
    if (e < arch_.dmaChannels) {
      E.kind = EngineKind::Dma;
      E.queueDepth = timing_.dmaQueueDepth;
    } else if (e == mxuEngine()) {
      E.kind = EngineKind::Mxu;
      E.queueDepth = timing_.mxuQueueDepth;
    } else {
      E.kind = EngineKind::Vpu;
      E.queueDepth = timing_.vpuQueueDepth;
    }
  }
  scalarStats_.name = "scalar";

  if (!options_.tracePath.empty()) {
    if (absl::Status s =
            trace_.open(options_.tracePath, "npu", timing_.clockGHz);
        !s.ok())
      return s;
    trace_.threadName(0, "scalar");
    for (unsigned e = 0; e < engines_.size(); ++e)
      trace_.threadName(e + 1, engineName(e));
  }

  absl::Status result = simulateEvents();
  if (!result.ok())
    flushOpenStalls();
  // The trace is written even when the simulation fails: it shows how the
  // machine got into the state the error describes.
  absl::Status traceResult = trace_.close();
  if (!result.ok())
    return result;
  if (!traceResult.ok())
    return traceResult;

  // The launch ends when halt has issued and the last engine has finished.
  stats_.cycles = std::max(haltCycle_, lastCompletion_);
  stats_.sramPeakBytes = memory_.sramHighWater();
  // Every reason an engine can stall on is listed, zero or not.
  for (StallReason r :
       {StallReason::Semaphore, StallReason::QueueFull, StallReason::Fence})
    scalarStats_.stallCycles[stallReasonName(r)] =
        scalarStallCycles_[unsigned(r)];
  stats_.engines.push_back(scalarStats_);
  for (Engine &E : engines_) {
    E.stats.stallCycles["semaphore"] = E.semaphoreStallCycles;
    if (E.kind == EngineKind::Dma)
      E.stats.stallCycles["hbm_bandwidth"] = E.hbmStallCycles;
    stats_.engines.push_back(std::move(E.stats));
  }
  return stats_;
}

} // namespace

absl::StatusOr<SimStats> simulate(const Target &target,
                                  const std::vector<isa::Bundle> &program,
                                  const std::vector<uint64_t> &launchArgs,
                                  DeviceMemory &memory,
                                  const SimOptions &options) {
  Machine machine(target, program, launchArgs, memory, options);
  return machine.run();
}

} // namespace npu::sim
