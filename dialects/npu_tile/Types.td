//===- Types.td - Types of the npu_tile dialect ------------*- tablegen -*-===//

#ifndef NPU_TILE_TYPES_TD
#define NPU_TILE_TYPES_TD

include "npu_tile/Dialect.td"
include "mlir/IR/AttrTypeBase.td"

class NpuTile_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<NpuTile_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def NpuTile_TokenType : NpuTile_Type<"Token", "token"> {
  let summary = "completion token of an asynchronous DMA";
  let description = [{
The result of `npu_tile.dma`. It stands for the completion of that copy:
`npu_tile.wait` on the token blocks until the copy has finished, after which
its destination may be read and its source overwritten.

Tokens are ordinary SSA values: they can be passed through `scf.for`
iteration arguments and `scf.if`/`scf.yield` results, which is how a copy
issued in one loop iteration (a prefetch) is waited for in the next one.

Rules (not checked by the verifier; the lowering relies on them):

- A token is waited **at most once** on any execution path. The lowering
  gives each copy a counting semaphore that the copy signals once and
  `npu_tile.wait` decrements once (`sem.wait` or the `wait=` operand of the
  consuming instruction), so a second wait would block forever.
- A copy whose token is never waited still completes before the program
  ends (the launch drains every engine queue), but nothing may rely on its
  result inside the program.

```mlir
%t = npu_tile.dma %src, %dst : memref<128x128xbf16, #npu_tile.space<hbm>>
       -> memref<128x128xbf16, #npu_tile.space<sram>>
npu_tile.wait %t
```
  }];
}

#endif // NPU_TILE_TYPES_TD
