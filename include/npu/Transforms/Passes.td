//===- Passes.td - Tile-level transforms of the npu compiler -*- tablegen -*-===//
//
// Passes that transform npu_tile IR in place (docs/Compiler.md, "Passes").
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TRANSFORMS_PASSES_TD
#define NPU_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NpuPlaceMemory : Pass<"npu-place-memory", "::mlir::ModuleOp"> {
  let summary = "Place SRAM buffers and HBM scratch by liveness";
  let description = [{
Assigns addresses to the buffers of every `func.func` in the module:

- **SRAM**: every `npu_tile.alloc` gets a byte `offset` and an `alignment`
  (`arch.sram_align_bytes` of the target). Buffers whose live ranges do not
  overlap may share memory. The live range of a buffer runs from its
  `npu_tile.alloc` to its last use in the alloc's block, where a use inside
  a nested region (e.g. a loop body) counts as a use by the op holding the
  region (so a buffer used in a loop is live over the whole loop), uses of
  views (`memref.subview` and any other op producing a memref from the
  buffer) count as uses of the buffer, and a use by `npu_tile.dma` extends
  to every `npu_tile.wait` on the copy's token (followed through `scf.for`
  iteration arguments and `scf.yield`). A token that reaches no wait keeps
  the buffer live to the end of the function. A buffer allocated in a loop
  body whose copy is waited in a later iteration is live over the whole
  body.
- With `fresh-memory` (the default), if all the buffers fit in
  `arch.sram_bytes` side by side, each gets its own memory (in program
  order): a buffer that reuses the memory of a dead one must wait for the
  last engine instruction that read it (a false dependence, a semaphore
  wait after lowering), which would e.g. serialise the prefetch of the
  next operation's tiles behind the current one.
- Otherwise offsets are chosen by interval colouring: first fit, trying
  buffers by decreasing size and by start of live range, keeping the
  smaller high water mark. Existing `offset` attributes are replaced.
- The function gets `npu.sram_peak` (bytes: the end of the highest placed
  buffer).
- **Spilling.** While the placement exceeds `arch.sram_bytes`, the pass
  takes the point of highest pressure (most live bytes) and, among the
  buffers live there, the largest one that the op holding that point does
  not touch (directly, through views, or by a copy in flight) and whose
  every direct use is on one side of that op. It splits the buffer there:
  after its last touch before the op, a copy to a new HBM scratch buffer
  (`memref.alloc`, placed with the other scratch below) and its wait;
  before its first touch after the op, a new `npu_tile.alloc` and a copy
  back with its wait; the later uses take the new buffer. A buffer not
  touched before the op only has its allocation moved down to its first
  touch. The copies carry `npu.spill`; the function gets `npu.spills` and
  `npu.spill_bytes` (bytes copied out). Then it places again.
  (`npu-tile-graph` plans every kernel within the SRAM, so its programs do
  not need spills; test/Transforms/place-memory-spill-e2e.test runs a
  tile-level program that does.)
- When no buffer live at the peak can be spilled, the pass fails with an
  error located at the function that names the buffers live there, with
  their sizes (choosing tiles that fit is the tiling pass's job; placement
  never overflows silently).
- **HBM scratch**: every `memref.alloc` in `#npu_tile.space<hbm>` gets
  `npu.scratch_offset` (bytes, 64-aligned) by the same liveness and
  colouring, and the function gets `npu.scratch_bytes`.

The target is the module's `npu.target` attribute (a name or a file,
default `npu-v1`) unless the `target` option is given.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target name or file (overrides the module's npu.target)">,
    Option<"freshMemory", "fresh-memory", "bool", /*default=*/"true",
           "Give every SRAM buffer its own memory when they all fit "
           "(false: always share by liveness)">
  ];
  let statistics = [
    Statistic<"numSpills", "spills", "SRAM buffers spilled to HBM">
  ];
  let dependentDialects = ["::npu::tile::NpuTileDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NpuScheduleDma : Pass<"npu-schedule-dma", "::mlir::ModuleOp"> {
  let summary = "Prefetch and double-buffer DMA loads; assign DMA channels";
  let description = [{
Software-pipelines the DMA loads of `scf.for` loops with constant bounds
and at least two iterations, innermost loops first (outer loops are
handled too when their bodies match). A load is an `npu_tile.dma` in the
loop body (not nested deeper) that

- copies from HBM into the whole of an `npu_tile.alloc` (identity layout)
  that is either allocated in the same body or allocated outside the loop
  and used only inside it or before it (the form `npu-tile-graph` emits,
  with e.g. a peeled first iteration before the loop; the uses before the
  loop keep the original buffer), and that is not used before the copy in
  the body; the copy may write it through a `memref.expand_shape` or
  `memref.collapse_shape` in the body that only the copy uses (e.g. query
  heads stacked in one buffer, copied as `[heads, rows, cols]`), which
  each slot then gets a copy of,
- has a token whose only use is an `npu_tile.wait` later in the body, and
  no use of the buffer lies between the copy and that wait,
- has a source address computed only from the induction variable and
  values defined outside the loop by operations without memory effects
  (typically `memref.subview` and `arith`),
- reads an HBM buffer (function argument, global or `memref.alloc`) that
  no operation in the loop may write, and
- whose buffer is used only by `npu_tile` operations (deallocations in the
  buffer's own block are dropped).

For such loads the buffer becomes two buffers of the same type (slots 0
and 1, each an `npu_tile.alloc` placed and aligned on its own) allocated
just before the loop, and the loop is unrolled by two so that each half
uses a fixed slot (no address arithmetic is added: every address stays
affine in the induction variables):

    load(0) -> slot 0
    scf.for over the pairs (k, k+1) with k + 2 < trips, step 2 * step,
        carrying the load tokens in iter_args:
      load(k+1) -> slot 1; wait slot 0; body(k) on slot 0
      load(k+2) -> slot 0; wait slot 1; body(k+1) on slot 1
    the last one or two iterations, peeled (no load past the end)

When there are at most `straight-pairs` pairs (default 2; one pair is
always straight) they are emitted straight, without a loop of so few
trips, so that the waits of a pair (e.g. of its second store) can move
past it and the lowering drains nothing at loop boundaries. This bounds
the code growth (at most `2 * straight-pairs + 2` copies of the body).

The two slots and the loads of the first iteration are hoisted, in the
loop's block, above the copies and waits that precede the loop (and the
allocations and pure ops among them), up to the last compute (MXU/VPU op
or loop) before it, so that they overlap e.g. the stores and reloads
between two operations: not above a copy that writes what they read, a
wait on such a copy, or the definition of a value their addresses use;
only if the SRAM working set still fits (else not hoisted).

A big load (see the splitting of copies below) is issued as several
copies, one token each (all carried, all waited by the wait of the
load), so that it runs on several channels: at one channel's rate the
load of the next tile may take longer than the compute it overlaps.

Each load thus overlaps the previous iteration's compute, and no copy ever
reads outside the original iteration space. With `carry-tokens=false` no
token crosses an iteration (for consumers without loop-carried values):
each unrolled pair issues the loads of both its iterations at its start,
so the load of k+1 overlaps the compute of k, and an odd last iteration
is peeled. Existing iteration arguments
are kept (the tokens follow them).

In a loop whose loads are double buffered, output tiles are too: an
`npu_tile.alloc` made outside the loop (no operands) whose uses are
operations directly in the body and deallocations after the loop in its
block, that is the source of at least one store to HBM waited in the body,
and whose first access in each iteration overwrites it whole without
reading it (a `npu_tile.matmul` without `accumulate` into exactly that
buffer, or an op whose only effect on it is a write of the whole buffer).
The original alloc is slot 0 and a copy of it (with copies of its
deallocations) slot 1; iteration k uses slot k mod 2, so the store of one
iteration overlaps the compute of the next (its wait, sunk as below, stays
within the unrolled pair: no token of a store crosses an iteration). A loop is transformed only if the SRAM
working set, as `npu-place-memory` would place it, still fits
`arch.sram_bytes` afterwards (double buffering never makes a program that
fitted overflow).

Stores (`npu_tile.dma` from SRAM to HBM whose token is only waited by a
single-token `npu_tile.wait` in the same block) complete asynchronously:
the wait moves down to just before the first later operation of the block
that may write the source or access the destination (or an operation with
unknown memory effects), or to the end of the block.

A copy between HBM and SRAM outside any loop, of at least
`dma_channel_bytes_per_cycle` x `hbm_latency_cycles` bytes, whose token
is only waited by one `npu_tile.wait` in its block, is split into
min(`hbm_bytes_per_cycle` / `dma_channel_bytes_per_cycle`,
`arch.dma_channels`, rows) copies of consecutive ranges of its outermost
dimension (`memref.subview`s of both sides), waited together: one channel
moves at most `dma_channel_bytes_per_cycle`, so a big prologue load or
epilogue store would otherwise use a fraction of the HBM bandwidth.
Other copies in loops are left whole. Sub-byte element types are not
split.

Then every `npu_tile.dma` without a `channel` gets one: in program order,
the channel with the fewest bytes assigned so far (a copy in a loop counts
once per iteration), over `arch.dma_channels` of the target, so copies in
flight together go to different channels; the pieces of one split copy go
to different channels, and the loads after a store from SRAM go first to
the channels whose last copy is not such a store and that got no load
since (such a store waits, at the head of its channel's in-order queue,
for the compute that produces its source, and would hold up a load queued
behind it); then to any channel, so that with two channels the loads are
not serialised on one.

The target is the module's `npu.target` attribute (a name or a file,
default `npu-v1`) unless the `target` option is given. `disable` turns the
pass into a no-op (for benchmarks without DMA scheduling).
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target name or file (overrides the module's npu.target)">,
    Option<"disable", "disable", "bool", /*default=*/"false",
           "Leave the IR unchanged (no prefetch, no channels)">,
    Option<"carryTokens", "carry-tokens", "bool", /*default=*/"true",
           "Carry prefetch tokens across iterations in scf.for iter_args "
           "(false: no loop-carried values, less overlap)">,
    Option<"straightPairs", "straight-pairs", "int64_t", /*default=*/"2",
           "Unrolled pairs emitted straight rather than as a loop when the "
           "loop would have at most this many trips (at least 1)">
  ];
  let dependentDialects = ["::npu::tile::NpuTileDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def NpuEstimateCost : Pass<"npu-estimate-cost", "::mlir::ModuleOp"> {
  let summary = "Annotate each source op's tile-level work with cost estimates";
  let description = [{
Groups the tile-level work by source operation, recognised by location
(every op the passes create for a source op carries that op's location),
and annotates the first op of each group with the estimates that
`npu-compile --report` lists per source op:

- `npu.est_cycles`: the busiest engine's cycles over the whole group, with
  the cost model's per-instruction formulas (`lib/CostModel/Hardware.h`,
  the simulator's): the sum of `mxu.matmul` cycles, the sum of VPU
  instruction cycles, or the DMA time (HBM bytes at the achievable HBM
  bandwidth plus SRAM-to-SRAM bytes at every channel's SRAM rate), each
  work item multiplied by the trip counts of the `scf.for` loops around it.
  Plus `hbm_latency_cycles` once when the group loads from HBM (compute
  cannot start before the first load completes) and once when it stores
  to HBM (the last store ends the work). Otherwise it assumes perfect
  overlap of the engines (no other latency, no stalls), so it is a lower
  bound of what the group costs; `npu-run --stats-json` measures the real
  figure.
- `npu.hbm_bytes`: the bytes the group's copies move to or from HBM.
- `npu.sram_bytes`: the bytes of the group's `npu_tile.alloc`s.
- `npu.est_inexact` (unit) when a loop bound was not a constant (the loop
  is then counted once).

Existing annotations on the carriers are replaced, so the pass can run
again (e.g. after DMA scheduling) without double counting. The target is
the module's `npu.target` attribute unless the `target` option is given.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target name or file (overrides the module's npu.target)">
  ];
  let dependentDialects = ["::npu::tile::NpuTileDialect"];
}

#endif // NPU_TRANSFORMS_PASSES_TD
