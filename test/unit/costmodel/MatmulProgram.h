//===- MatmulProgram.h - A straight-line program for a matmul plan -*- C++ -*-//
//
// Builds the program a compiler would emit for a MatmulPlan (tiles, loop
// order, buffers), fully unrolled, so that the simulator can check the cost
// model's estimate and HBM traffic. Each tile transfer is split by rows
// over the DMA channels; an operand tile is loaded as soon as the buffer it
// reuses is free (after the last matmul reading the previous tile there);
// C tiles are converted and stored by the VPU and DMA while the next C tile
// accumulates (with two C buffers).
//
// Supported: modes bf16 and int8, epilogues of unary VPU ops (no memory
// operands), any output type.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TEST_UNIT_COSTMODEL_MATMULPROGRAM_H
#define NPU_TEST_UNIT_COSTMODEL_MATMULPROGRAM_H

#include "../sim/SimTestUtil.h"

#include "npu/CostModel/MatmulTiling.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

#include <algorithm>
#include <map>
#include <vector>

namespace npu::costtest {

using namespace npu::simtest;
using cost::DType;
using cost::MatmulPlan;

inline int64_t isaDtype(DType t) {
  switch (t) {
  case DType::F32:
    return int64_t(isa::Dtype::fp32);
  case DType::BF16:
    return int64_t(isa::Dtype::bf16);
  case DType::Int8:
    return int64_t(isa::Dtype::int8);
  case DType::Int32:
    return int64_t(isa::Dtype::int32);
  case DType::Int4:
    return int64_t(isa::Dtype::int4);
  }
  return 0;
}

inline absl::StatusOr<isa::Opcode> unaryOpcode(const std::string &name) {
  static const std::map<std::string, isa::Opcode> ops = {
      {"mov", isa::Opcode::VPU_MOV},   {"relu", isa::Opcode::VPU_RELU},
      {"exp", isa::Opcode::VPU_EXP},   {"gelu", isa::Opcode::VPU_GELU},
      {"tanh", isa::Opcode::VPU_TANH}, {"silu", isa::Opcode::VPU_SILU}};
  auto it = ops.find(name);
  if (it == ops.end())
    return absl::UnimplementedError(absl::StrCat("no unary op ", name));
  return it->second;
}

struct MatmulProgram {
  std::vector<isa::Bundle> bundles;
  uint64_t aBytes = 0, bBytes = 0, cBytes = 0; // HBM buffers to allocate
};

/// Registers: r1 = A, r2 = B, r3 = C (launch arguments 3, 4, 5).
inline absl::StatusOr<MatmulProgram>
buildMatmulProgram(const Target &target, const MatmulPlan &plan) {
  const cost::MatmulProblem &P = plan.problem;
  if (P.mode != cost::MatmulMode::Bf16 && P.mode != cost::MatmulMode::Int8)
    return absl::UnimplementedError("only bf16 and int8 modes");
  for (const cost::VpuOp &op : P.epilogue) {
    if (op.operand != cost::VpuOperand::None)
      return absl::UnimplementedError("only unary epilogue ops");
    if (absl::Status s = unaryOpcode(op.name).status(); !s.ok())
      return s;
  }
  const DType aT = cost::matmulAType(P.mode), bT = cost::matmulBType(P.mode);
  const DType accT = cost::matmulAccType(P.mode);
  const uint64_t tm = plan.tiling.tm, tk = plan.tiling.tk, tn = plan.tiling.tn;
  const unsigned nA = plan.buffersA, nB = plan.buffersB, nC = plan.buffersC;
  const unsigned channels = target.arch.dmaChannels;
  auto size = [](uint64_t dim, uint64_t tile, uint64_t i) {
    return std::min(tile, dim - i * tile);
  };

  // The steps in loop order.
  struct Step {
    uint64_t im, in, ik;
  };
  std::vector<Step> steps;
  bool mnk = plan.tiling.order == cost::LoopOrder::MNK;
  uint64_t outer = mnk ? plan.tilesM : plan.tilesN;
  uint64_t inner = mnk ? plan.tilesN : plan.tilesM;
  for (uint64_t o = 0; o < outer; ++o)
    for (uint64_t i = 0; i < inner; ++i)
      for (uint64_t k = 0; k < plan.tilesK; ++k)
        steps.push_back(mnk ? Step{o, i, k} : Step{i, o, k});
  const size_t S = steps.size();

  // Fetches of A (key im, ik) and B (key ik, in): a new fetch whenever the
  // tile a step reads differs from the previous step's.
  struct Fetch {
    uint64_t r, c; // tile indices
    size_t first, last;
  };
  auto fetches = [&](bool isA) {
    std::vector<Fetch> out;
    for (size_t s = 0; s < S; ++s) {
      uint64_t r = isA ? steps[s].im : steps[s].ik;
      uint64_t c = isA ? steps[s].ik : steps[s].in;
      if (out.empty() || out.back().r != r || out.back().c != c)
        out.push_back({r, c, s, s});
      out.back().last = s;
    }
    return out;
  };
  std::vector<Fetch> fa = fetches(true), fb = fetches(false);
  if ((fa.size() > 1 && nA < 2) || (fb.size() > 1 && nB < 2))
    return absl::UnimplementedError("re-fetched operands need 2+ buffers");

  // SRAM layout.
  const uint64_t aBuf = plan.aBufferBytes, bBuf = plan.bBufferBytes,
                 cBuf = plan.cBufferBytes;
  auto aSlot = [&](size_t f) { return (f % nA) * aBuf; };
  auto bSlot = [&](size_t f) { return nA * aBuf + (f % nB) * bBuf; };
  auto cSlot = [&](size_t t) {
    return nA * aBuf + nB * bBuf + (t % nC) * cBuf;
  };

  // Semaphores.
  const int64_t semMM = 0, semVpu = 1, semA0 = 2, semB0 = semA0 + nA,
                semC0 = semB0 + nB;
  if (semC0 + nC > target.arch.semaphores)
    return absl::ResourceExhaustedError("not enough semaphores");

  ProgramBuilder p;
  p.add(arg(1, 3));
  p.add(arg(2, 4));
  p.add(arg(3, 5));
  // Each DMA goes to the channel with the least work assigned so far
  // (latency + bytes at the channel cap): a static balance of the channels.
  std::vector<double> channelWork(channels, 0.0);
  const unsigned split = std::max(1u, plan.tiling.dmaSplit);
  // A [rows, rowBytes] transfer split `split` ways (by rows, or by column
  // ranges when there are fewer rows), on consecutive channels; returns the
  // number of DMAs.
  auto transfer = [&](bool toSram, uint64_t sramAddr, int hbmReg,
                      uint64_t hbmOff, uint64_t rows, uint64_t rowBytes,
                      uint64_t hbmStride, int64_t signal) {
    unsigned k = cost::dmaChunks(target, double(rows * rowBytes), split);
    bool byRows = rows >= k;
    uint64_t parts = byRows ? k : std::min<uint64_t>(k, rowBytes);
    // The `parts` least loaded channels, one chunk each.
    std::vector<unsigned> order(channels);
    for (unsigned c = 0; c < channels; ++c)
      order[c] = c;
    std::stable_sort(order.begin(), order.end(), [&](unsigned x, unsigned y) {
      return channelWork[x] < channelWork[y];
    });
    for (uint64_t c = 0; c < parts; ++c) {
      unsigned channel = order[c];
      uint64_t r0 = 0, n1 = rows, b0 = 0, size = rowBytes;
      if (byRows) {
        r0 = c * rows / parts;
        n1 = (c + 1) * rows / parts - r0;
      } else {
        b0 = c * rowBytes / parts;
        size = (c + 1) * rowBytes / parts - b0;
      }
      int64_t sOff = int64_t(sramAddr + r0 * rowBytes + b0);
      int64_t hOff = int64_t(hbmOff + r0 * hbmStride + b0);
      InstBuilder d = toSram ? dma(kSram, 0, sOff, kHbm, hbmReg, hOff, size,
                                   channel, kNone, signal)
                             : dma(kHbm, hbmReg, hOff, kSram, 0, sOff, size,
                                   channel, kNone, signal);
      d.set(F::DMA_COPY::n1, n1)
          .set(F::DMA_COPY::dst_st1, toSram ? rowBytes : hbmStride)
          .set(F::DMA_COPY::src_st1, toSram ? hbmStride : rowBytes);
      p.add(isa::Inst(d));
      channelWork[channel] +=
          target.timing.hbmLatency +
          double(n1 * size) / target.timing.dmaChannelBytesPerCycle;
    }
    return parts;
  };
  std::vector<uint64_t> chunksA(fa.size()), chunksB(fb.size());
  auto loadA = [&](size_t f) {
    uint64_t rows = size(P.m, tm, fa[f].r), cols = size(P.k, tk, fa[f].c);
    uint64_t rb = cost::rowBytes(aT, cols);
    chunksA[f] =
        transfer(true, aSlot(f), 1,
                 fa[f].r * tm * cost::rowBytes(aT, P.k) +
                     cost::rowBytes(aT, fa[f].c * tk),
                 rows, rb, cost::rowBytes(aT, P.k), semA0 + int64_t(f % nA));
  };
  auto loadB = [&](size_t f) {
    uint64_t rows = size(P.k, tk, fb[f].r), cols = size(P.n, tn, fb[f].c);
    uint64_t rb = cost::rowBytes(bT, cols);
    chunksB[f] =
        transfer(true, bSlot(f), 2,
                 fb[f].r * tk * cost::rowBytes(bT, P.n) +
                     cost::rowBytes(bT, fb[f].c * tn),
                 rows, rb, cost::rowBytes(bT, P.n), semB0 + int64_t(f % nB));
  };
  // Fetch f >= buffers is issued in iteration last + 1, after the matmul
  // `last` that read its buffer's previous tile. The first step's tiles
  // are loaded before everything; the other initially free buffers right
  // after the first matmul is queued.
  std::map<size_t, std::vector<std::pair<bool, size_t>>> issueAt;
  std::vector<std::pair<bool, size_t>> initial;
  for (size_t f = 1; f < std::min<size_t>(nA, fa.size()); ++f)
    initial.push_back({true, f});
  for (size_t f = 1; f < std::min<size_t>(nB, fb.size()); ++f)
    initial.push_back({false, f});
  for (size_t f = nA; f < fa.size(); ++f)
    issueAt[fa[f - nA].last + 1].push_back({true, f});
  for (size_t f = nB; f < fb.size(); ++f)
    issueAt[fb[f - nB].last + 1].push_back({false, f});
  auto issueFreed = [&](size_t iteration) {
    auto it = issueAt.find(iteration);
    if (it == issueAt.end())
      return;
    for (auto [isA, f] : it->second)
      isA ? loadA(f) : loadB(f);
  };

  // Sweeps (C tiles).
  std::vector<size_t> sweepOf(S);
  std::vector<size_t> sweepFirst;
  for (size_t s = 0; s < S; ++s) {
    if (s == 0 || steps[s].im != steps[s - 1].im ||
        steps[s].in != steps[s - 1].in)
      sweepFirst.push_back(s);
    sweepOf[s] = sweepFirst.size() - 1;
  }
  std::vector<uint64_t> storeChunks(sweepFirst.size());
  const uint64_t outRow = cost::rowBytes(P.outType, P.n);
  auto epilogueAndStore = [&](size_t t) {
    const Step &st = steps[sweepFirst[t]];
    uint64_t m = size(P.m, tm, st.im), n = size(P.n, tn, st.in);
    uint64_t c = cSlot(t);
    std::vector<cost::VpuOp> ops = P.epilogue;
    if (ops.empty() && P.outType != accT)
      ops.push_back(cost::VpuOp::unary("mov"));
    for (size_t i = 0; i < ops.size(); ++i) {
      bool lastOp = i + 1 == ops.size();
      DType dt = lastOp ? P.outType : accT;
      InstBuilder v(*unaryOpcode(ops[i].name));
      v.set(F::VPU_MOV::dst_off, int64_t(c))
          .set(F::VPU_MOV::a_off, int64_t(c))
          .set(F::VPU_MOV::rows, m)
          .set(F::VPU_MOV::cols, n)
          .set(F::VPU_MOV::dst_ld, cost::rowBytes(dt, n))
          .set(F::VPU_MOV::a_ld, cost::rowBytes(accT, n))
          .set(F::VPU_MOV::dst_t, isaDtype(dt))
          .set(F::VPU_MOV::a_t, isaDtype(accT))
          .set(F::VPU_MOV::wait, kNone)
          .set(F::VPU_MOV::signal, lastOp ? semVpu : kNone);
      p.add(isa::Inst(v));
    }
    if (!ops.empty())
      p.add(semWait(semVpu, 1));
    storeChunks[t] =
        transfer(false, c, 3,
                 st.im * tm * outRow + cost::rowBytes(P.outType, st.in * tn), m,
                 cost::rowBytes(P.outType, n), outRow, semC0 + int64_t(t % nC));
  };

  size_t waitedMM = 0; // matmuls whose completion has been consumed
  auto waitMM = [&](size_t s) {
    if (s + 1 > waitedMM) {
      p.add(semWait(semMM, int64_t(s + 1 - waitedMM)));
      waitedMM = s + 1;
    }
  };
  // Fetches issued after matmul s - 1 completes.
  auto freedBy = [&](size_t s) {
    auto it = issueAt.find(s);
    return it != issueAt.end() && !it->second.empty();
  };

  loadA(0);
  loadB(0);
  size_t nextA = 0, nextB = 0; // next fetch whose first use is ahead
  for (size_t s = 0; s < S; ++s) {
    size_t t = sweepOf[s];
    bool newSweep = sweepFirst[t] == s;
    // Loads into buffers freed by matmul s - 1.
    if (s >= 1 && freedBy(s)) {
      waitMM(s - 1);
      issueFreed(s);
    }
    if (s >= 1 && newSweep && nC == 1) {
      // The only C buffer: finish the previous tile first.
      waitMM(s - 1);
      epilogueAndStore(t - 1);
    }
    if (newSweep && t >= nC)
      p.add(semWait(semC0 + int64_t(t % nC), int64_t(storeChunks[t - nC])));
    if (nextA < fa.size() && fa[nextA].first == s) {
      p.add(semWait(semA0 + int64_t(nextA % nA), int64_t(chunksA[nextA])));
      ++nextA;
    }
    if (nextB < fb.size() && fb[nextB].first == s) {
      p.add(semWait(semB0 + int64_t(nextB % nB), int64_t(chunksB[nextB])));
      ++nextB;
    }
    const Step &st = steps[s];
    uint64_t m = size(P.m, tm, st.im), k = size(P.k, tk, st.ik),
             n = size(P.n, tn, st.in);
    isa::MxuMode mode = P.mode == cost::MatmulMode::Int8 ? isa::MxuMode::int8
                                                         : isa::MxuMode::bf16;
    p.add(
        isa::Inst(matmul(int64_t(cSlot(t)), int64_t(aSlot(nextA - 1)),
                         int64_t(bSlot(nextB - 1)), m, k, n, mode, kNone, semMM)
                      .set(F::MXU_MATMUL::lda, cost::rowBytes(aT, k))
                      .set(F::MXU_MATMUL::ldb, cost::rowBytes(bT, n))
                      .set(F::MXU_MATMUL::acc, st.ik > 0 ? 1 : 0)));
    if (s == 0)
      for (auto [isA, f] : initial)
        isA ? loadA(f) : loadB(f);
    // With two C buffers the previous tile's epilogue overlaps this one.
    if (nC > 1 && s >= 1 && sweepOf[s - 1] != t) {
      waitMM(s - 1);
      epilogueAndStore(t - 1);
    }
  }
  waitMM(S - 1);
  epilogueAndStore(sweepFirst.size() - 1);
  p.add(halt());

  MatmulProgram out;
  out.bundles = p.finish();
  out.aBytes = cost::tileBytes(aT, P.m, P.k);
  out.bBytes = cost::tileBytes(bT, P.k, P.n);
  out.cBytes = cost::tileBytes(P.outType, P.m, P.n);
  return out;
}

} // namespace npu::costtest

#endif
