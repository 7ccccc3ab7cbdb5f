//===- TileToIsaPasses.td - Lowering to npu_isa and bundling -*- tablegen -*-===//
//
// The passes that turn a placed npu_tile program into an npu_isa program
// (npu-lower-to-isa) and pack its instructions into VLIW bundles
// (npu-pack-bundles). See docs/Compiler.md.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_CONVERSION_TILETOISAPASSES_TD
#define NPU_CONVERSION_TILETOISAPASSES_TD

include "mlir/Pass/PassBase.td"

def LowerToIsa : Pass<"npu-lower-to-isa", "mlir::ModuleOp"> {
  let summary = "lower a placed npu_tile function to an npu_isa.program";
  let description = [{
    Converts the entry function of the module (the only `func.func` with a
    body), which must follow the conventions of docs/Compiler.md after
    memory placement, into one `npu_isa.program` with one instruction per
    bundle (`npu-pack-bundles` packs them):

    - Signature from the arguments (`npu.io`, `npu.name`), target from
      `npu.target` (or the `target` option), scratch from
      `npu.scratch_bytes`, FLOPs and compulsory bytes from `npu.flops` and
      `npu.compulsory_hbm_bytes`. The constant `memref.global`s are laid out
      in the constants section, each 64-byte aligned (dense data becomes an
      inline blob; a single `npu.external` global becomes an external
      reference).
    - Addresses: an HBM base (input/output `i`: launch argument `3 + i`,
      constants: 0, scratch: 1) is read with `arg`; SRAM buffers are `r0`
      plus their `offset`. A `memref.subview` whose offsets are affine in
      loop induction variables gets one register per distinct (base,
      induction-variable coefficients); the constant part goes into the
      instruction's immediate. The register is initialised before the
      top-level loop that uses it, advanced with `addi` at the end of each
      loop body and rewound after an inner loop (strength reduction). A
      top-level loop has its own registers (also for the HBM bases it reads
      at a fixed offset); the straight-line code between two top-level
      loops shares one register per HBM base.
    - Registers: the lowering numbers virtual registers and maps them to
      r1-r31 at the end, by linear scan over live ranges in program order.
      A register lives from its initialisation to its last reader; one live
      into a loop body lives to the end of the body (the body runs again,
      and the strength-reduced registers are advanced there). A register
      is free again after the last reader of its value; the register free
      for longest is taken (npu-pack-bundles keeps a new writer from moving
      before the old value's last reader). Each initialisation is then
      hoisted to where its register became free (the program start while
      registers last, as with a prologue), never into a loop body, so that
      it issues alongside earlier code. A program that needs more than 31
      registers live at once is an error located at the op whose register
      does not fit.
    - `scf.for` with constant bounds becomes `loopi COUNT, @end` whose last
      bundle is labelled (a `nop` when the body would end on an inner
      loop's label); nesting deeper than the target's `loop_depth` is an
      error and a loop that never runs emits nothing. A loop of one trip
      is lowered as straight-line code (its induction variable is the
      constant lower bound; its iter_args and results stand for the
      tokens they carry): no `loopi`, and no drain at its boundaries. The only loop-carried
      values allowed are tokens (prefetch): the copy before the loop, the
      copy issued in each iteration and yielded, and the waits on the
      iter_arg and on the loop result share one semaphore, which keeps the
      counts balanced; the yielded copy runs on the channel of the copy
      before the loop so that the two complete in order.
    - `npu_tile.dma` becomes `dma.copy` (fields from `getDmaShape`, `ch`
      from `channel`, default 0) signalling a semaphore that
      `npu_tile.wait` waits with `sem.wait`. A token must be waited in the
      block that created it (or be carried, see above). The wait of a copy
      into SRAM from read-only HBM (an input or a constant) that is not
      loop-carried is delayed past the asynchronous instructions that do not
      touch its SRAM destination (so they issue without waiting); the first
      one that does takes the semaphore in its own `wait` field when its
      hazards leave that field free (other delayed waits it touches, and
      every delayed wait at any other op or at the end of the block, become
      `sem.wait`).
    - `npu_tile.matmul` becomes `mxu.matmul` and the VPU ops `vpu.*`
      (fields from `getTileLayout`). Because the engines run
      asynchronously, an instruction that touches SRAM overlapping an
      in-flight instruction of another engine waits for it: the producer
      signals a semaphore and the consumer waits on it with its `wait`
      field (or `sem.wait` when that field is taken). A producer has one
      signal: when a second consumer needs a producer whose semaphore an
      earlier consumer's `wait` field already takes, that wait becomes a
      `sem.wait` just before the earlier consumer (when no loop boundary
      lies between them; otherwise a `fence`). Semaphores are
      allocated from the target's `semaphores` and reused once waited.
      When every semaphore belongs to a copy not yet waited (more copies in
      flight than semaphores), the oldest copy issued in the same block is
      waited at that point (a `sem.wait`, a stall like a full queue's) and
      its semaphore reused; its own `npu_tile.wait` then emits nothing. At a
      loop boundary with compute still in flight a `fence` is emitted so
      that every loop iteration balances its signals and waits.
    - The program ends with `halt` (after a `fence` if an engine may still
      be running compute).
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "target name or file (overrides the module's npu.target)">
  ];
  let dependentDialects = ["::npu::isa::NpuIsaDialect"];
}

def PackBundles : Pass<"npu-pack-bundles", "mlir::ModuleOp"> {
  let summary = "list-schedule npu_isa instructions into VLIW bundles";
  let description = [{
    Packs the instructions of every `npu_isa.program` into as few bundles
    as the dependences allow, at most one instruction per slot class
    (`scalar`, `dma`, `mxu`, `vpu`) in a bundle. Scheduling regions end at a
    labelled bundle that ends a loop body, before a bundle that is a branch
    target, and at control instructions (`loop`, `loopi`, branches,
    `halt`, `fence`), which stay the last bundle of their region: nothing
    moves across the start or the end of a loop body. Within a region each
    instruction, in program order, goes to the earliest bundle that
    respects:

    - registers: a reader after its writer goes to a later bundle; a writer
      after an asynchronous reader may share its bundle (DMA/MXU/VPU read
      registers at issue, before the bundle's scalar instruction writes:
      `{dma.copy ... [r1]; addi r1, r1, N}`), after a scalar reader or
      writer it goes later;
    - program order among the instructions of one slot class (in-order
      engine queues);
    - program order among instructions using the same semaphore; every
      asynchronous instruction, `sem.wait` and `sem.signal` after a
      `sem.wait` or `sem.signal` goes to a later bundle than it (a wait
      orders memory, not only semaphores);
    - a `sem.wait` stalls the issue of its whole bundle, so it goes after
      every earlier asynchronous instruction (they issue without waiting);
    - `halt` and `fence` go after every earlier instruction of their
      region; other scalar instructions only follow their register and
      semaphore dependences.

    Input bundles holding several instructions are first split (asynchronous
    instructions first, then the scalar one, which keeps the snapshot
    semantics).
  }];
  let dependentDialects = ["::npu::isa::NpuIsaDialect"];
}

#endif // NPU_CONVERSION_TILETOISAPASSES_TD
