//===- ElementwiseProgram.h - A program for an elementwise plan -*- C++ -*-===//
//
// The straight-line program of an ElementwisePlan: tiles visited row-major,
// each loaded (split over channels like MatmulProgram.h), transformed in
// place by the chain of unary VPU ops, and stored; the load of a buffer's
// next tile waits for the store of its previous one.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TEST_UNIT_COSTMODEL_ELEMENTWISEPROGRAM_H
#define NPU_TEST_UNIT_COSTMODEL_ELEMENTWISEPROGRAM_H

#include "MatmulProgram.h"

#include "npu/CostModel/ElementwiseTiling.h"

namespace npu::costtest {

struct ElementwiseProgram {
  std::vector<isa::Bundle> bundles;
  uint64_t inBytes = 0, outBytes = 0;
};

/// Registers: r1 = input (launch argument 3), r2 = output (argument 4).
inline absl::StatusOr<ElementwiseProgram>
buildElementwiseProgram(const Target &target,
                        const cost::ElementwisePlan &plan) {
  const cost::ElementwiseProblem &P = plan.problem;
  for (const cost::VpuOp &op : P.ops)
    if (op.operand != cost::VpuOperand::None)
      return absl::UnimplementedError("only unary ops");
  const uint64_t tr = plan.tileRows, tc = plan.tileCols;
  const unsigned nbuf = plan.buffers, channels = target.arch.dmaChannels;
  const unsigned split = std::max(1u, plan.dmaSplit);
  const int64_t semV = 0, semL0 = 1, semS0 = 1 + nbuf;
  if (semS0 + nbuf > target.arch.semaphores)
    return absl::ResourceExhaustedError("not enough semaphores");
  // Working tiles: rows of tc elements of the widest type.
  uint64_t workRow =
      std::max(cost::rowBytes(P.inType, tc), cost::rowBytes(P.outType, tc));
  if (!P.ops.empty())
    workRow = std::max(workRow, cost::rowBytes(P.computeType, tc));
  auto slot = [&](size_t i) { return (i % nbuf) * plan.workBufferBytes; };

  struct Tile {
    uint64_t r0, c0, rows, cols;
  };
  std::vector<Tile> tiles;
  for (uint64_t i = 0; i < plan.tilesR; ++i)
    for (uint64_t j = 0; j < plan.tilesC; ++j)
      tiles.push_back({i * tr, j * tc, std::min(tr, P.rows - i * tr),
                       std::min(tc, P.cols - j * tc)});

  ProgramBuilder p;
  p.add(arg(1, 3));
  p.add(arg(2, 4));
  std::vector<double> channelWork(channels, 0.0);
  // [rows, rowBytes] between HBM (stride hbmStride) and SRAM (stride
  // sramStride); returns the number of DMAs.
  auto transfer = [&](bool toSram, uint64_t sramAddr, uint64_t sramStride,
                      int hbmReg, uint64_t hbmOff, uint64_t hbmStride,
                      uint64_t rows, uint64_t rowBytes, int64_t signal) {
    unsigned k = cost::dmaChunks(target, double(rows * rowBytes), split);
    bool byRows = rows >= k;
    uint64_t parts = byRows ? k : std::min<uint64_t>(k, rowBytes);
    std::vector<unsigned> order(channels);
    for (unsigned c = 0; c < channels; ++c)
      order[c] = c;
    std::stable_sort(order.begin(), order.end(), [&](unsigned x, unsigned y) {
      return channelWork[x] < channelWork[y];
    });
    for (uint64_t c = 0; c < parts; ++c) {
      uint64_t r0 = 0, n1 = rows, b0 = 0, size = rowBytes;
      if (byRows) {
        r0 = c * rows / parts;
        n1 = (c + 1) * rows / parts - r0;
      } else {
        b0 = c * rowBytes / parts;
        size = (c + 1) * rowBytes / parts - b0;
      }
      int64_t sOff = int64_t(sramAddr + r0 * sramStride + b0);
      int64_t hOff = int64_t(hbmOff + r0 * hbmStride + b0);
      InstBuilder d = toSram ? dma(kSram, 0, sOff, kHbm, hbmReg, hOff, size,
                                   order[c], kNone, signal)
                             : dma(kHbm, hbmReg, hOff, kSram, 0, sOff, size,
                                   order[c], kNone, signal);
      d.set(F::DMA_COPY::n1, n1)
          .set(F::DMA_COPY::dst_st1, toSram ? sramStride : hbmStride)
          .set(F::DMA_COPY::src_st1, toSram ? hbmStride : sramStride);
      p.add(isa::Inst(d));
      channelWork[order[c]] +=
          target.timing.hbmLatency +
          double(n1 * size) / target.timing.dmaChannelBytesPerCycle;
    }
    return parts;
  };
  const uint64_t inRow = cost::rowBytes(P.inType, P.cols);
  const uint64_t outRow = cost::rowBytes(P.outType, P.cols);
  std::vector<uint64_t> loadChunks(tiles.size()), storeChunks(tiles.size());
  auto load = [&](size_t i) {
    const Tile &t = tiles[i];
    loadChunks[i] =
        transfer(true, slot(i), workRow, 1,
                 t.r0 * inRow + cost::rowBytes(P.inType, t.c0), inRow, t.rows,
                 cost::rowBytes(P.inType, t.cols), semL0 + int64_t(i % nbuf));
  };
  std::vector<cost::VpuOp> ops = P.ops;
  if (ops.empty() && P.inType != P.outType)
    ops.push_back(cost::VpuOp::unary("mov"));

  for (size_t i = 0; i < std::min<size_t>(nbuf, tiles.size()); ++i)
    load(i);
  for (size_t i = 0; i < tiles.size(); ++i) {
    const Tile &t = tiles[i];
    p.add(semWait(semL0 + int64_t(i % nbuf), int64_t(loadChunks[i])));
    for (size_t o = 0; o < ops.size(); ++o) {
      cost::DType at = o == 0 ? P.inType : P.computeType;
      cost::DType dt = o + 1 == ops.size() ? P.outType : P.computeType;
      absl::StatusOr<isa::Opcode> opcode = unaryOpcode(ops[o].name);
      if (!opcode.ok())
        return opcode.status();
      InstBuilder v(*opcode);
      v.set(F::VPU_MOV::dst_off, int64_t(slot(i)))
          .set(F::VPU_MOV::a_off, int64_t(slot(i)))
          .set(F::VPU_MOV::rows, t.rows)
          .set(F::VPU_MOV::cols, t.cols)
          .set(F::VPU_MOV::dst_ld, workRow)
          .set(F::VPU_MOV::a_ld, workRow)
          .set(F::VPU_MOV::dst_t, isaDtype(dt))
          .set(F::VPU_MOV::a_t, isaDtype(at))
          .set(F::VPU_MOV::wait, kNone)
          .set(F::VPU_MOV::signal, o + 1 == ops.size() ? semV : kNone);
      p.add(isa::Inst(v));
    }
    // While the VPU works: the previous tile's buffer is free once its
    // store is done, and takes the next tile it will hold.
    if (i >= 1 && i - 1 + nbuf < tiles.size()) {
      p.add(semWait(semS0 + int64_t((i - 1) % nbuf),
                    int64_t(storeChunks[i - 1])));
      load(i - 1 + nbuf);
    }
    if (!ops.empty())
      p.add(semWait(semV, 1));
    storeChunks[i] = transfer(false, slot(i), workRow, 2,
                              t.r0 * outRow + cost::rowBytes(P.outType, t.c0),
                              outRow, t.rows, cost::rowBytes(P.outType, t.cols),
                              semS0 + int64_t(i % nbuf));
  }
  p.add(halt());
  ElementwiseProgram out;
  out.bundles = p.finish();
  out.inBytes = cost::tileBytes(P.inType, P.rows, P.cols);
  out.outBytes = cost::tileBytes(P.outType, P.rows, P.cols);
  return out;
}

} // namespace npu::costtest

#endif
