//===- Assembly.h - Textual form of one instruction ------------*- C++ -*-===//
//
// Prints and parses the assembly syntax of a single instruction. Both are
// driven by the operand tables generated from NPUISA.td, so a new
// instruction gets its syntax for free. The grammar is in docs/Assembly.md:
//
//   mnemonic pos0, pos1, ..., name=value, name=value
//
// Operand syntax by kind: Reg `r5`; Sem `s3` or `none`; UImm/SImm integer
// expressions; F32 decimal/hex float, `inf`, `nan`, `nan(0xPAYLOAD)`; Enum
// value name; Flag 0/1; Target a bundle address or label; Mem
// `hbm[r1+16]`; Sram `[r2+64]`.
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_ISA_ASSEMBLY_H
#define NPURT_ISA_ASSEMBLY_H

#include "isa/ISA.h"

#include "absl/status/statusor.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace npu::isa {

/// Resolves a symbol used in an integer operand (a label or a constants
/// symbol); std::nullopt when the symbol is undefined.
using SymbolLookup = std::function<std::optional<int64_t>(std::string_view)>;

struct PrintOptions {
  /// Spells a Target operand (a bundle address). Returning an empty string,
  /// or leaving this unset, prints the address as a decimal number.
  std::function<std::string(uint32_t address)> targetName;
};

/// Prints `inst`: the mnemonic, the positional operands, then the named
/// operands whose value differs from their default (required named operands
/// always). The end-of-bundle flag is not part of the text.
std::string printInst(const Inst &inst, const PrintOptions &options = {});

struct ParseError {
  size_t column = 0; // 1-based column in the parsed text
  std::string message;
};

/// Parses one instruction (no comment, no bundle braces). Leaves
/// endOfBundle false. On failure returns false and describes the first
/// problem in `error`.
bool parseInst(std::string_view text, Inst &out, ParseError &error,
               const SymbolLookup &symbols = nullptr);
/// As above; the error message is "column N: message".
absl::StatusOr<Inst> parseInst(std::string_view text,
                               const SymbolLookup &symbols = nullptr);

/// Parses an integer expression `[-]term (('+'|'-') term)*` where a term is
/// a decimal or 0x-hex literal or a symbol, and checks that it fits a field
/// of `bits` bits: signed fields take [-2^(bits-1), 2^(bits-1)), unsigned
/// ones [0, 2^bits). A 64-bit signed field also takes [2^63, 2^64) (wrapped),
/// so `0xffffffffffffffff` is accepted as -1. `what` names the value in
/// error messages. The whole of `text` must be consumed.
bool parseIntValue(std::string_view text, unsigned bits, bool isSigned,
                   std::string_view what, int64_t &value, ParseError &error,
                   const SymbolLookup &symbols = nullptr);

/// Parses a float literal (decimal, hex float, `inf`, `-inf`, `nan`,
/// `nan(0xPAYLOAD)` with a 23-bit mantissa payload) and rounds it to
/// binary32 with round-to-nearest-even. Out-of-range finite literals are
/// errors. Returns the bit pattern.
bool parseF32(std::string_view text, uint32_t &bits, ParseError &error);
/// As parseF32, rounded directly from the literal to bfloat16 (no double
/// rounding through binary32). Returns the 16-bit pattern.
bool parseBF16(std::string_view text, uint16_t &bits, ParseError &error);
/// The shortest decimal that parses back to exactly `bits`; `inf`, `-inf`,
/// `nan` (the default quiet NaN) or `[-]nan(0xPAYLOAD)` otherwise.
std::string formatF32(uint32_t bits);

/// A one-line synopsis of the syntax of `info`, e.g.
/// "sem.wait sem, [count=1]": positional operands by name, required named
/// operands as name=<kind>, optional ones as [name=default].
std::string instSyntax(const InstInfo &info);

/// The shortest text the assembler accepts for `info`: the mnemonic and
/// only the operands without a default ("name=" before the named ones),
/// each spelled by `valueOf`.
std::string requiredOperandsText(
    const InstInfo &info,
    const std::function<std::string(const OperandInfo &)> &valueOf);

/// The defined mnemonic closest to `word` by edit distance, or empty when
/// none is close enough to be a plausible typo.
std::string nearestMnemonic(std::string_view word);

} // namespace npu::isa

#endif
