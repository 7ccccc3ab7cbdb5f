//===- NpuIsaOps.cpp - -gen-npu-isa-ops: ODS for the npu_isa dialect ------===//
//
// Emits an ODS file with one enum attribute per NpuEnum and one operation per
// instruction of NPUISA.td. Each encoded field becomes one attribute whose
// type has the field's width and signedness; the hand-written classes the
// generated records derive from (NpuIsa_InstOp, NpuIsa_UIntAttr, ...) live in
// dialects/npu_isa/InstBase.td. The generated operations need no C++ of their
// own: parsing, printing and verification are driven by the runtime's ISA
// tables, which npu-tblgen generates from the same records.
//
//===----------------------------------------------------------------------===//

#include "NpuIsaOps.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/TableGen/Error.h"

#include <optional>

using namespace llvm;

namespace npu::tblgen {
namespace {

/// "dma.copy" -> "DmaCopy", "vpu.gelu_tanh" -> "VpuGeluTanh".
std::string opClassName(StringRef mnemonic) {
  std::string out;
  bool upper = true;
  for (char c : mnemonic) {
    if (c == '.' || c == '_') {
      upper = true;
      continue;
    }
    out += upper ? toUpper(c) : toLower(c);
    upper = false;
  }
  return out;
}

/// A TableGen string literal.
std::string tdString(StringRef s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

/// A TableGen code block; `}]` cannot appear inside one.
std::string tdCode(StringRef s) {
  if (s.contains("}]"))
    PrintFatalError("text cannot be emitted into a TableGen code block "
                    "because it contains '}]': " +
                    s);
  return "[{" + s.str() + "}]";
}

[[noreturn]] void badDefault(const InstModel &I, const OperandModel &O,
                             const Twine &why) {
  PrintFatalError("'" + I.mnemonic + "': default '" + O.defaultValue +
                  "' of operand '" + O.name + "' " + why);
}

std::optional<int64_t> parseInt(StringRef s) {
  s = s.trim();
  bool negative = s.consume_front("-");
  if (!negative)
    s.consume_front("+");
  uint64_t v;
  if (s.getAsInteger(0, v))
    return std::nullopt;
  return negative ? -int64_t(v) : int64_t(v);
}

bool fits(int64_t v, const FieldModel &F) {
  if (F.bits >= 64)
    return true;
  if (F.isSigned)
    return v >= -(int64_t(1) << (F.bits - 1)) &&
           v < (int64_t(1) << (F.bits - 1));
  return v >= 0 && uint64_t(v) < (uint64_t(1) << F.bits);
}

/// `[rN]`, `[rN+off]` or `[rN-off]` (spaces allowed): register and offset.
std::pair<int64_t, int64_t> parseBracket(const InstModel &I,
                                         const OperandModel &O, StringRef s) {
  s = s.trim();
  if (!s.consume_front("[") || !s.consume_back("]"))
    badDefault(I, O, "is not of the form [rN+offset]");
  s = s.trim();
  size_t split = s.find_first_of("+-");
  StringRef reg = s.substr(0, split).trim();
  int64_t off = 0;
  if (split != StringRef::npos) {
    std::optional<int64_t> v = parseInt(s.substr(split));
    if (!v)
      badDefault(I, O, "has an invalid offset");
    off = *v;
  }
  unsigned r;
  if (!reg.consume_front("r") || reg.getAsInteger(10, r) || r >= 32)
    badDefault(I, O, "has an invalid base register");
  return {r, off};
}

struct Context {
  const ISAModel &M;
  /// Index of the enum used for the space field of Mem operands (the enum
  /// named "space", as in the runtime), or -1.
  int memSpaceEnum = -1;
};

std::string enumDefName(const EnumModel &E) { return "NpuIsa_" + E.defName; }

std::string enumCase(const EnumModel &E, unsigned index) {
  return "::npu::isa::" + E.defName + "::" + E.values[index];
}

/// ODS attribute constraint and C++ default value (empty: required) of one
/// encoded field.
struct FieldAttr {
  std::string type;
  std::string defaultValue;
  std::string doc; // for the description's table
};

std::string intAttr(const FieldModel &F) {
  return formatv("NpuIsa_{0}IntAttr<{1}>", F.isSigned ? "S" : "U", F.bits);
}

std::vector<FieldAttr> fieldAttrs(const Context &C, const InstModel &I,
                                  const OperandModel &O) {
  std::vector<FieldAttr> out(O.numFields);
  const FieldModel *F = &I.fields[O.firstField];
  bool hasDefault = !O.defaultValue.empty();
  auto checked = [&](int64_t v, const FieldModel &field) {
    if (!fits(v, field))
      badDefault(I, O, "does not fit its " + Twine(field.bits) + "-bit field");
    return std::to_string(v);
  };
  switch (O.kind) {
  case OperandKind::Reg:
  case OperandKind::UImm:
  case OperandKind::SImm:
  case OperandKind::Flag:
    out[0].type = intAttr(F[0]);
    if (hasDefault) {
      std::optional<int64_t> v = parseInt(O.defaultValue);
      if (!v)
        badDefault(I, O, "is not an integer");
      out[0].defaultValue = checked(*v, F[0]);
    }
    break;
  case OperandKind::Sem:
    out[0].type = intAttr(F[0]);
    if (hasDefault) {
      StringRef d = StringRef(O.defaultValue).trim();
      unsigned s;
      if (d == "none")
        out[0].defaultValue = "255";
      else if (d.consume_front("s") && !d.getAsInteger(10, s) && s < 255)
        out[0].defaultValue = std::to_string(s);
      else
        badDefault(I, O, "is not a semaphore (sN or none)");
    }
    break;
  case OperandKind::F32: {
    out[0].type = "F32Attr";
    if (hasDefault) {
      APFloat f(APFloat::IEEEsingle());
      Expected<APFloat::opStatus> st = f.convertFromString(
          StringRef(O.defaultValue).trim(), APFloat::rmNearestTiesToEven);
      if (!st) {
        consumeError(st.takeError());
        badDefault(I, O, "is not a float literal");
      }
      out[0].defaultValue =
          formatv("::llvm::APFloat(::llvm::APFloat::IEEEsingle(), "
                  "::llvm::APInt(32, {0:x}u))",
                  f.bitcastToAPInt().getZExtValue());
    }
    break;
  }
  case OperandKind::Enum: {
    const EnumModel &E = C.M.enums[O.enumIndex];
    out[0].type = enumDefName(E);
    if (hasDefault) {
      auto it = find(E.values, StringRef(O.defaultValue).trim().str());
      if (it == E.values.end())
        badDefault(I, O, "is not a value of enum '" + E.name + "'");
      out[0].defaultValue = enumCase(E, it - E.values.begin());
    }
    break;
  }
  case OperandKind::Target:
    out[0].type = "FlatSymbolRefAttr";
    if (hasDefault)
      badDefault(I, O, "is not allowed: a target has no default");
    break;
  case OperandKind::Mem: {
    bool useEnum =
        C.memSpaceEnum >= 0 && C.M.enums[C.memSpaceEnum].bits == F[0].bits;
    out[0].type =
        useEnum ? enumDefName(C.M.enums[C.memSpaceEnum]) : intAttr(F[0]);
    out[1].type = intAttr(F[1]);
    out[2].type = intAttr(F[2]);
    if (hasDefault) {
      StringRef d = StringRef(O.defaultValue).trim();
      size_t bracket = d.find('[');
      StringRef space = d.substr(0, bracket).trim();
      if (C.memSpaceEnum < 0)
        badDefault(I, O, "needs the memory-space enum 'space'");
      const EnumModel &E = C.M.enums[C.memSpaceEnum];
      auto it = find(E.values, space.str());
      if (it == E.values.end())
        badDefault(I, O, "does not start with a memory space");
      out[0].defaultValue = useEnum ? enumCase(E, it - E.values.begin())
                                    : std::to_string(it - E.values.begin());
      auto [reg, off] = parseBracket(I, O, d.substr(bracket));
      out[1].defaultValue = checked(reg, F[1]);
      out[2].defaultValue = checked(off, F[2]);
    }
    break;
  }
  case OperandKind::Sram:
    out[0].type = intAttr(F[0]);
    out[1].type = intAttr(F[1]);
    if (hasDefault) {
      auto [reg, off] = parseBracket(I, O, O.defaultValue);
      out[0].defaultValue = checked(reg, F[0]);
      out[1].defaultValue = checked(off, F[1]);
    }
    break;
  }
  return out;
}

/// How the operand is written in the npu_isa syntax, for the description.
std::string operandSyntax(const Context &C, const OperandModel &O) {
  switch (O.kind) {
  case OperandKind::Reg:
    return "`rN`";
  case OperandKind::Sem:
    return "`sN` or `none`";
  case OperandKind::UImm:
  case OperandKind::SImm:
    return "integer";
  case OperandKind::F32:
    return "float (`1.5`, `-0.0`, `inf`, `nan`, `nan(0x1)`)";
  case OperandKind::Enum: {
    std::string s;
    for (const std::string &V : C.M.enums[O.enumIndex].values)
      s += (s.empty() ? "`" : ", `") + V + "`";
    return s;
  }
  case OperandKind::Flag:
    return "`0` or `1`";
  case OperandKind::Target:
    return "`@label` of a bundle";
  case OperandKind::Mem:
    return "`hbm[rN + off]` or `sram[rN + off]`";
  case OperandKind::Sram:
    return "`[rN + off]`";
  }
  return "";
}

void emitEnum(raw_ostream &OS, const EnumModel &E) {
  OS << "def " << enumDefName(E) << " : I32EnumAttr<" << tdString(E.defName)
     << ", " << tdString(E.doc) << ", [\n";
  for (size_t i = 0; i < E.values.size(); ++i)
    OS << "    I32EnumAttrCase<" << tdString(E.values[i]) << ", " << i << ">"
       << (i + 1 < E.values.size() ? "," : "") << "\n";
  OS << "  ]> {\n  let cppNamespace = \"::npu::isa\";\n}\n\n";
}

void emitInst(raw_ostream &OS, const Context &C, const InstModel &I,
              const std::string &className) {
  bool hasTarget = false;
  for (const OperandModel &O : I.operands)
    hasTarget |= O.kind == OperandKind::Target;

  // Description: semantics, syntax and the operand table.
  std::string desc;
  raw_string_ostream D(desc);
  D << "\n" << I.semantics << "\n\n";
  D << "Opcode 0x" << format_hex_no_prefix(I.opcode, 2) << ", slot `" << I.slot
    << "`" << (I.async ? ", asynchronous" : "") << ", " << I.numWords
    << (I.numWords == 1 ? " word" : " words") << ".\n\nSyntax:\n\n```\n"
    << "npu_isa." << I.mnemonic;
  bool first = true;
  for (const OperandModel &O : I.operands) {
    D << (first ? " " : ", ");
    first = false;
    if (O.positional)
      D << O.name;
    else if (O.defaultValue.empty())
      D << O.name << " = ...";
    else
      D << "[" << O.name << " = " << O.defaultValue << "]";
  }
  D << "\n```\n";
  if (!I.operands.empty()) {
    if (!I.operands.back().positional)
      D << "\nPositional operands come first, separated by commas; named "
           "operands (`name = value`) follow in any order and are printed "
           "only when they differ from their default.\n";
    D << "\n| Operand | Written as | Attributes | Default | Meaning |\n"
         "|---|---|---|---|---|\n";
    for (const OperandModel &O : I.operands) {
      D << "| `" << O.name << "` | " << operandSyntax(C, O) << " | ";
      for (unsigned f = 0; f < O.numFields; ++f)
        D << (f ? ", `" : "`") << I.fields[O.firstField + f].name << "`";
      D << " | "
        << (O.positional             ? "positional"
            : O.defaultValue.empty() ? "required"
                                     : "`" + O.defaultValue + "`")
        << " | " << O.doc << " |\n";
    }
  }

  OS << "def NpuIsa_" << className << "Op : NpuIsa_InstOp<"
     << tdString(I.mnemonic) << ", " << formatv("{0:x2}", I.opcode) << ", "
     << tdString(I.slot) << ", " << I.numWords << ", " << (hasTarget ? 1 : 0)
     << "> {\n";
  OS << "  let summary = " << tdString(I.summary) << ";\n";
  OS << "  let description = " << tdCode(desc) << ";\n";
  OS << "  let arguments = (ins";
  first = true;
  for (const OperandModel &O : I.operands) {
    std::vector<FieldAttr> attrs = fieldAttrs(C, I, O);
    for (unsigned f = 0; f < O.numFields; ++f) {
      const FieldAttr &A = attrs[f];
      OS << (first ? "\n    " : ",\n    ");
      first = false;
      if (A.defaultValue.empty())
        OS << A.type;
      else
        OS << "DefaultValuedAttr<" << A.type << ", " << tdString(A.defaultValue)
           << ">";
      OS << ":$" << I.fields[O.firstField + f].name;
    }
  }
  OS << "\n  );\n}\n\n";
}

} // namespace

void emitNpuIsaOps(raw_ostream &OS, const ISAModel &M) {
  Context C{M};
  for (size_t e = 0; e < M.enums.size(); ++e)
    if (M.enums[e].name == "space")
      C.memSpaceEnum = e;

  OS << "// Generated by npu-tblgen -gen-npu-isa-ops from NPUISA.td. Do not "
        "edit.\n//\n// One enum attribute per NpuEnum and one operation per "
        "instruction; the\n// classes used here are in "
        "dialects/npu_isa/InstBase.td.\n\n";
  OS << "#ifndef NPU_ISA_INST_OPS_TD\n#define NPU_ISA_INST_OPS_TD\n\n";
  OS << "include \"npu_isa/InstBase.td\"\n\n";
  OS << "//===--- Enumerations "
        "---------------------------------------------------===//\n\n";
  for (const EnumModel &E : M.enums)
    emitEnum(OS, E);
  OS << "//===--- Instructions "
        "---------------------------------------------------===//\n\n";
  StringMap<std::string> classNames;
  for (const InstModel &I : M.insts) {
    std::string className = opClassName(I.mnemonic);
    auto [it, inserted] = classNames.try_emplace(className, I.mnemonic);
    if (!inserted)
      PrintFatalError("mnemonics '" + it->second + "' and '" + I.mnemonic +
                      "' both give the operation class name '" + className +
                      "Op'");
    emitInst(OS, C, I, className);
  }
  OS << "#endif // NPU_ISA_INST_OPS_TD\n";
}

} // namespace npu::tblgen
