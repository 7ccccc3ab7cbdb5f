//===- Ops.td - Operations of the npu_isa dialect ------------*- tablegen -*-===//
//
// The structure of a program (npu_isa.program, npu_isa.bundle) and the
// attributes it uses; the instruction operations are generated from
// NPUISA.td into InstOps.td (see InstBase.td).
//
//===----------------------------------------------------------------------===//

#ifndef NPU_ISA_OPS_TD
#define NPU_ISA_OPS_TD

include "npu_isa/Dialect.td"
include "npu_isa/InstOps.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

def NpuIsa_ExternalDataAttr : AttrDef<NpuIsa_Dialect, "ExternalData"> {
  let mnemonic = "external";
  let summary = "bytes of an external file";
  let description = [{
    `size` bytes at byte `offset` of the file at `path`, read when the
    program is emitted. A relative path is resolved against the directory of
    the file named by the program's location, then against the current
    directory. Used for constants too large to keep in the IR:

    ```mlir
    constants = #npu_isa.external<path = "weights.bin", offset = 0, size = 1048576>
    ```
  }];
  let parameters = (ins StringRefParameter<"path of the file">:$path,
                        "uint64_t":$offset, "uint64_t":$size);
  let assemblyFormat = "`<` struct(params) `>`";
}

/// Bytes: an i8/ui8 elements attribute (usually `dense_resource`, whose
/// blob is printed out of line and can be elided) or an external file.
def NpuIsa_BytesAttr : AnyAttrOf<[ElementsAttr, NpuIsa_ExternalDataAttr]>;

//===----------------------------------------------------------------------===//
// Structure
//===----------------------------------------------------------------------===//

def NpuIsa_ProgramOp : NpuIsa_Op<"program", [
    Symbol, SymbolTable, IsolatedFromAbove, SingleBlock, NoTerminator]> {
  let summary = "a whole program: signature, data and bundles";
  let description = [{
    A program compiled for one target: what `npu-translate --npu-isa-to-npub`
    turns into one `.npub` module. Its body is a sequence of
    `npu_isa.bundle`s, issued in order; the bundle addresses follow from the
    encoded sizes of the instructions.

    - `target`: the target name (or target file) the program is compiled
      for, as `npu::loadTarget` takes it.
    - `inputs` / `outputs`: the I/O signature, one `"name": tensor<...>` per
      tensor, in launch-argument order (the first input is launch argument
      3). Element types are `f32`, `bf16`, `i8`, `i32` and `i4`; shapes are
      static, of rank at most 8.
    - `scratch`: bytes of per-launch HBM scratch (launch argument 1).
    - `state`: bytes of persistent state (launch argument 2);
      `state_init` its initial bytes (the rest is zero).
    - `constants`: the constants section (launch argument 0): an `i8`
      elements attribute, normally a `dense_resource` blob (printed out of
      line, and elided by `--mlir-elide-resource-strings-if-larger`), or
      `#npu_isa.external<...>` bytes of a file.
    - optional `flops`, `compulsory_hbm_bytes`, `roofline_cycles` and
      `flags` are copied to the module's metadata and header.

    ```mlir
    npu_isa.program @relu target = "npu-v1"
        inputs("x": tensor<4x8xf32>) outputs("y": tensor<4x8xf32>) {
      npu_isa.bundle {
        npu_isa.arg r1, 3
      }
      ...
      npu_isa.bundle {
        npu_isa.halt
      }
    }
    ```

    Verified: the body holds only bundles, every branch or loop target
    names a bundle of this program, the signature is well formed and the
    state's initial value fits the state.
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    StrAttr:$target,
    StrArrayAttr:$input_names,
    TypeArrayAttr:$input_types,
    StrArrayAttr:$output_names,
    TypeArrayAttr:$output_types,
    OptionalAttr<I64Attr>:$scratch,
    OptionalAttr<I64Attr>:$state,
    OptionalAttr<NpuIsa_BytesAttr>:$state_init,
    OptionalAttr<NpuIsa_BytesAttr>:$constants,
    OptionalAttr<I64Attr>:$flops,
    OptionalAttr<I64Attr>:$compulsory_hbm_bytes,
    OptionalAttr<I64Attr>:$roofline_cycles,
    OptionalAttr<I32Attr>:$flags
  );
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `target` `=` $target
    `inputs` `` custom<Signature>($input_names, $input_types)
    `outputs` `` custom<Signature>($output_names, $output_types)
    (`scratch` `=` $scratch^)?
    (`state` `=` $state^)?
    (`state_init` `=` $state_init^)?
    (`constants` `=` $constants^)?
    attr-dict-with-keyword $body
  }];
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name, "::llvm::StringRef":$target)>
  ];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The bundles, in issue order.
    auto getBundles() { return getBody().front().getOps<BundleOp>(); }
  }];
}

def NpuIsa_BundleOp : NpuIsa_Op<"bundle", [
    DeclareOpInterfaceMethods<Symbol, ["isOptionalSymbol"]>,
    HasParent<"::npu::isa::ProgramOp">, SingleBlock, NoTerminator]> {
  let summary = "instructions issued together (VLIW)";
  let description = [{
    The instructions of one bundle, issued together: at most one per slot
    class (`scalar`, `dma`, `mxu`, `vpu`, from the ISA tables), at least
    one. The order of the instructions is their order in the encoding (the
    last carries the end-of-bundle flag). An optional symbol name labels the
    bundle so that branch and loop targets can name it:

    ```mlir
    npu_isa.bundle @block_end {
      npu_isa.addi r3, r3, 131072
    }
    ```

    The location of the bundle is what emission records in the module's
    debug map.
  }];
  let arguments = (ins OptionalAttr<SymbolNameAttr>:$sym_name);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "($sym_name^)? attr-dict-with-keyword $body";
  let builders = [
    OpBuilder<(ins CArg<"::llvm::StringRef", "{}">:$label)>
  ];
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The instructions, in encoding order.
    auto getInstructions() {
      return getBody().front().getOps<InstructionOpInterface>();
    }
  }];
}

#endif // NPU_ISA_OPS_TD
