//===- Instructions.cpp - Instruction operations from the ISA tables ------===//
//
// Everything about an instruction operation that depends on the instruction
// (its syntax, its defaults, its field widths) is read from the runtime's ISA
// tables, which npu-tblgen generates from NPUISA.td like the operations
// themselves.
//
//===----------------------------------------------------------------------===//

#include "npu_isa/Instructions.h"

#include "isa/Assembly.h"

#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"

#include <array>

using namespace mlir;

namespace npu::isa {

namespace {

constexpr int64_t kMaxSem = kNoSem - 1;

/// The enum used for the space field of Mem operands (the enum named
/// "space", as in the assembler), or -1.
int memSpaceEnum() {
  static const int index = [] {
    absl::Span<const EnumInfo> enums = allEnums();
    for (size_t i = 0; i < enums.size(); ++i)
      if (std::string_view(enums[i].name) == "space")
        return int(i);
    return -1;
  }();
  return index;
}

/// How a field is held as an attribute; must match what npu-tblgen
/// -gen-npu-isa-ops declares (tools/npu-tblgen/NpuIsaOps.cpp).
enum class AttrKind { UInt, SInt, Enum, F32, Symbol };

AttrKind attrKindOf(const InstInfo &info, unsigned field) {
  const OperandInfo &op = info.operands[getOperandOfField(info, field)];
  const FieldInfo &F = info.fields[field];
  switch (op.kind) {
  case OperandKind::Enum:
    return AttrKind::Enum;
  case OperandKind::F32:
    return AttrKind::F32;
  case OperandKind::Target:
    return AttrKind::Symbol;
  case OperandKind::Mem:
    if (field == op.firstField && memSpaceEnum() >= 0 &&
        enumInfo(memSpaceEnum()).bits == F.bits)
      return AttrKind::Enum;
    break;
  default:
    break;
  }
  return F.isSigned ? AttrKind::SInt : AttrKind::UInt;
}

/// The enum of an enum field.
const EnumInfo &enumOfField(const InstInfo &info, unsigned field) {
  const OperandInfo &op = info.operands[getOperandOfField(info, field)];
  return enumInfo(op.kind == OperandKind::Enum ? op.enumIndex : memSpaceEnum());
}

/// A placeholder value, in assembly, for an operand without a default.
std::string placeholder(const OperandInfo &op) {
  switch (op.kind) {
  case OperandKind::Reg:
    return "r0";
  case OperandKind::Sem:
    return "s0";
  case OperandKind::Enum:
    return enumInfo(op.enumIndex).values[0];
  case OperandKind::Mem:
    return std::string(memSpaceEnum() >= 0 ? enumInfo(memSpaceEnum()).values[0]
                                           : "hbm") +
           "[r0]";
  case OperandKind::Sram:
    return "[r0]";
  default:
    return "0";
  }
}

bool fitsField(const APInt &value, const FieldInfo &F) {
  unsigned width = std::max(value.getBitWidth(), 66u) + 2;
  APInt v = value.sext(width);
  if (F.isSigned) {
    APInt lo = APInt::getSignedMinValue(F.bits).sext(width);
    APInt hi = APInt::getSignedMaxValue(F.bits).sext(width);
    // A 64-bit signed field also takes [2^63, 2^64), wrapped, as in the
    // assembler.
    if (F.bits == 64)
      hi = APInt::getMaxValue(64).zext(width);
    return v.sge(lo) && v.sle(hi);
  }
  return !v.isNegative() && v.ule(APInt::getMaxValue(F.bits).zext(width));
}

std::string fieldRange(const FieldInfo &F) {
  if (F.isSigned)
    return (Twine(unsigned(F.bits)) + "-bit signed: " +
            toString(APInt::getSignedMinValue(F.bits), 10, true) + ".." +
            toString(APInt::getSignedMaxValue(F.bits), 10, true))
        .str();
  return (Twine(unsigned(F.bits)) + "-bit unsigned: 0.." +
          toString(APInt::getMaxValue(F.bits), 10, false))
      .str();
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

struct OperandParser {
  OpAsmParser &parser;
  const InstInfo &info;
  /// Field values (targets aside) and target labels, by field.
  std::array<int64_t, kMaxFields> &values;
  std::array<FlatSymbolRefAttr, kMaxFields> &targets;

  ParseResult parseRegister(const OperandInfo &op, int64_t &out) {
    SMLoc loc = parser.getCurrentLocation();
    StringRef word;
    unsigned n;
    if (failed(parser.parseOptionalKeyword(&word)) ||
        !word.consume_front("r") || word.getAsInteger(10, n))
      return parser.emitError(loc)
             << "expected a register (r0..r" << kNumRegs - 1
             << ") for operand '" << op.name << "'";
    if (n >= kNumRegs)
      return parser.emitError(loc)
             << "register r" << n << " of operand '" << op.name
             << "' is out of range (r0..r" << kNumRegs - 1 << ")";
    out = n;
    return success();
  }

  ParseResult parseSemaphore(const OperandInfo &op, int64_t &out) {
    SMLoc loc = parser.getCurrentLocation();
    StringRef word;
    unsigned n;
    if (succeeded(parser.parseOptionalKeyword(&word))) {
      if (word == "none") {
        out = kNoSem;
        return success();
      }
      if (word.consume_front("s") && !word.getAsInteger(10, n)) {
        if (n > kMaxSem)
          return parser.emitError(loc)
                 << "semaphore s" << n << " of operand '" << op.name
                 << "' is out of range (s0..s" << kMaxSem << ", or none)";
        out = n;
        return success();
      }
    }
    return parser.emitError(loc) << "expected a semaphore (s0..s" << kMaxSem
                                 << " or none) for operand '" << op.name << "'";
  }

  ParseResult parseInt(const OperandInfo &op, const FieldInfo &F, int64_t &out,
                       StringRef what) {
    SMLoc loc = parser.getCurrentLocation();
    APInt v;
    OptionalParseResult r = parser.parseOptionalInteger(v);
    if (!r.has_value())
      return parser.emitError(loc)
             << "expected an integer for " << what << " '" << op.name << "'";
    if (failed(*r))
      return failure();
    if (!fitsField(v, F))
      return parser.emitError(loc)
             << "value " << toString(v, 10, true) << " of " << what << " '"
             << F.name << "' does not fit its field (" << fieldRange(F) << ")";
    out = v.sextOrTrunc(64).getSExtValue();
    return success();
  }

  ParseResult parseF32(const OperandInfo &op, int64_t &out) {
    bool negative = succeeded(parser.parseOptionalMinus());
    uint32_t sign = negative ? 0x80000000u : 0;
    if (succeeded(parser.parseOptionalKeyword("inf"))) {
      out = sign | 0x7f800000u;
      return success();
    }
    if (succeeded(parser.parseOptionalKeyword("nan"))) {
      uint32_t payload = 0x400000u;
      if (succeeded(parser.parseOptionalLParen())) {
        SMLoc ploc = parser.getCurrentLocation();
        APInt p;
        if (parser.parseInteger(p) || parser.parseRParen())
          return failure();
        if (p.isNegative() || p.isZero() || p.ugt(0x7fffff))
          return parser.emitError(ploc)
                 << "NaN payload must be in 0x1..0x7fffff";
        payload = p.getZExtValue();
      }
      out = sign | 0x7f800000u | payload;
      return success();
    }
    // A decimal literal is rounded once, from its text, to binary32 exactly
    // as the assembler does (parsing it as a double first could round
    // twice). The token's text is read from the source buffer.
    SMLoc litLoc = parser.getCurrentLocation();
    std::string text = negative ? "-" : "";
    const char *s = litLoc.getPointer();
    bool hex = s && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    if (s && !hex) {
      auto digits = [&] {
        while (llvm::isDigit(*s))
          text += *s++;
      };
      digits();
      if (*s == '.') {
        text += *s++;
        digits();
      }
      if ((*s == 'e' || *s == 'E') &&
          (llvm::isDigit(s[1]) ||
           ((s[1] == '+' || s[1] == '-') && llvm::isDigit(s[2])))) {
        text += *s++;
        if (*s == '+' || *s == '-')
          text += *s++;
        digits();
      }
    }
    APFloat f(APFloat::IEEEsingle());
    if (parser.parseFloat(APFloat::IEEEsingle(), f))
      return failure();
    if (!hex && text.find('.') != std::string::npos) {
      uint32_t bits;
      ParseError error;
      if (!npu::isa::parseF32(text, bits, error))
        return parser.emitError(litLoc) << "float '" << text << "' of operand '"
                                        << op.name << "': " << error.message;
      out = bits;
      return success();
    }
    // A hex literal is the bit pattern.
    if (negative)
      f.changeSign();
    out = f.bitcastToAPInt().getZExtValue();
    return success();
  }

  ParseResult parseEnum(const EnumInfo &E, StringRef what, int64_t &out) {
    SMLoc loc = parser.getCurrentLocation();
    StringRef word;
    if (succeeded(parser.parseOptionalKeyword(&word)))
      for (unsigned i = 0; i < E.numValues; ++i)
        if (word == E.values[i]) {
          out = i;
          return success();
        }
    InFlightDiagnostic diag = parser.emitError(loc);
    diag << "expected a value of enum '" << E.name << "' for " << what << " (";
    for (unsigned i = 0; i < E.numValues; ++i)
      diag << (i ? ", " : "") << E.values[i];
    return diag << ")";
  }

  ParseResult parseBracket(const OperandInfo &op, unsigned regField) {
    if (parser.parseLSquare() || parseRegister(op, values[regField]))
      return failure();
    const FieldInfo &offField = info.fields[regField + 1];
    values[regField + 1] = 0;
    if (succeeded(parser.parseOptionalPlus())) {
      if (parseInt(op, offField, values[regField + 1], "offset"))
        return failure();
    } else {
      SMLoc loc = parser.getCurrentLocation();
      APInt v;
      OptionalParseResult r = parser.parseOptionalInteger(v);
      if (r.has_value()) {
        if (failed(*r))
          return failure();
        if (!v.isNegative() && !v.isZero())
          return parser.emitError(loc) << "expected '+' or '-' before the "
                                          "offset";
        if (!fitsField(v, offField))
          return parser.emitError(loc)
                 << "offset " << toString(v, 10, true) << " of operand '"
                 << op.name << "' does not fit its field ("
                 << fieldRange(offField) << ")";
        values[regField + 1] = v.sextOrTrunc(64).getSExtValue();
      }
    }
    return parser.parseRSquare();
  }

  ParseResult parse(const OperandInfo &op) {
    unsigned f = op.firstField;
    const FieldInfo &F = info.fields[f];
    switch (op.kind) {
    case OperandKind::Reg:
      return parseRegister(op, values[f]);
    case OperandKind::Sem:
      return parseSemaphore(op, values[f]);
    case OperandKind::UImm:
    case OperandKind::SImm:
    case OperandKind::Flag:
      return parseInt(op, F, values[f], "operand");
    case OperandKind::F32:
      return parseF32(op, values[f]);
    case OperandKind::Enum:
      return parseEnum(enumInfo(op.enumIndex),
                       ("operand '" + Twine(op.name) + "'").str(), values[f]);
    case OperandKind::Target: {
      SMLoc loc = parser.getCurrentLocation();
      StringAttr name;
      if (failed(parser.parseOptionalSymbolName(name)))
        return parser.emitError(loc) << "expected a bundle label (@name) for "
                                        "operand '"
                                     << op.name << "'";
      targets[f] = FlatSymbolRefAttr::get(name);
      return success();
    }
    case OperandKind::Mem:
      if (memSpaceEnum() < 0)
        return parser.emitError(parser.getCurrentLocation())
               << "the ISA has no 'space' enum";
      if (parseEnum(
              enumInfo(memSpaceEnum()),
              ("the memory space of operand '" + Twine(op.name) + "'").str(),
              values[f]))
        return failure();
      return parseBracket(op, f + 1);
    case OperandKind::Sram:
      return parseBracket(op, f);
    }
    return failure();
  }
};

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

std::string formatFloat(uint32_t bits) {
  std::string s = formatF32(bits);
  // MLIR float literals need a '.': 1 -> 1.0, 1e-45 -> 1.0e-45.
  if (s.find_first_of("ni") != std::string::npos ||
      s.find('.') != std::string::npos)
    return s;
  size_t e = s.find('e');
  if (e == std::string::npos)
    return s + ".0";
  return s.substr(0, e) + ".0" + s.substr(e);
}

void printBracket(OpAsmPrinter &p, int64_t reg, int64_t off) {
  p << "[r" << reg;
  if (off > 0)
    p << " + " << off;
  else if (off < 0)
    p << " - " << (uint64_t(0) - uint64_t(off));
  p << "]";
}

void printOperand(OpAsmPrinter &p, const InstInfo &info, const OperandInfo &op,
                  ArrayRef<int64_t> values,
                  ArrayRef<FlatSymbolRefAttr> targets) {
  unsigned f = op.firstField;
  int64_t v = values[f];
  auto enumName = [&](const EnumInfo &E, int64_t x) {
    if (x >= 0 && x < E.numValues)
      p << E.values[x];
    else
      p << x; // only for an op that does not verify
  };
  switch (op.kind) {
  case OperandKind::Reg:
    p << "r" << v;
    return;
  case OperandKind::Sem:
    if (v == kNoSem)
      p << "none";
    else
      p << "s" << v;
    return;
  case OperandKind::UImm:
  case OperandKind::Flag:
    p << uint64_t(v);
    return;
  case OperandKind::SImm:
    p << v;
    return;
  case OperandKind::F32:
    p << formatFloat(uint32_t(v));
    return;
  case OperandKind::Enum:
    enumName(enumInfo(op.enumIndex), v);
    return;
  case OperandKind::Target:
    if (targets[f])
      p.printSymbolName(targets[f].getValue());
    else
      p << "<<missing target>>";
    return;
  case OperandKind::Mem:
    if (memSpaceEnum() >= 0)
      enumName(enumInfo(memSpaceEnum()), v);
    printBracket(p, values[f + 1], values[f + 2]);
    return;
  case OperandKind::Sram:
    printBracket(p, values[f], values[f + 1]);
    return;
  }
}

/// Field values of `op` with targets left out; missing or ill-typed
/// attributes read as the default. Returns false if any was missing.
bool readFields(Operation *op, const InstInfo &info,
                std::array<int64_t, kMaxFields> &values,
                std::array<FlatSymbolRefAttr, kMaxFields> &targets) {
  const Inst &defaults = getDefaultFields(info);
  bool complete = true;
  for (unsigned f = 0; f < info.numFields; ++f) {
    values[f] = defaults.f[f];
    std::optional<Attribute> attr = op->getInherentAttr(info.fields[f].name);
    Attribute a = attr ? *attr : Attribute();
    if (auto sym = dyn_cast_or_null<FlatSymbolRefAttr>(a)) {
      targets[f] = sym;
    } else if (auto i = dyn_cast_or_null<IntegerAttr>(a)) {
      values[f] = i.getType().isSignedInteger()
                      ? i.getValue().getSExtValue()
                      : int64_t(i.getValue().zextOrTrunc(64).getZExtValue());
    } else if (auto fl = dyn_cast_or_null<FloatAttr>(a)) {
      values[f] = fl.getValue().bitcastToAPInt().getZExtValue();
    } else {
      complete = false;
    }
  }
  return complete;
}

} // namespace

//===----------------------------------------------------------------------===//
// Public helpers
//===----------------------------------------------------------------------===//

const InstInfo &getInstInfo(InstructionOpInterface op) {
  return *lookupOpcode(op.getOpcode());
}

std::string getInstructionOpName(const InstInfo &info) {
  return std::string("npu_isa.") + info.mnemonic;
}

unsigned getOperandOfField(const InstInfo &info, unsigned field) {
  for (unsigned i = 0; i < info.numOperands; ++i) {
    const OperandInfo &op = info.operands[i];
    if (field >= op.firstField && field < op.firstField + op.numFields)
      return i;
  }
  llvm_unreachable("field outside every operand");
}

const Inst &getDefaultFields(const InstInfo &info) {
  // Parse "mnemonic <positional placeholders>, <required named>=..." with
  // the assembler: the result holds the defaults of every other operand,
  // read exactly as the assembler reads them.
  static const std::array<Inst, 256> table = [] {
    std::array<Inst, 256> t;
    for (const InstInfo &I : allInstructions()) {
      std::string text = requiredOperandsText(I, placeholder);
      absl::StatusOr<Inst> inst = parseInst(text);
      if (!inst.ok())
        llvm::report_fatal_error(llvm::Twine("npu_isa: cannot read the "
                                             "defaults of '") +
                                 I.mnemonic +
                                 "': " + std::string(inst.status().message()));
      Inst &d = t[static_cast<unsigned>(I.opcode)];
      d = *inst;
      for (unsigned i = 0; i < I.numOperands; ++i) {
        const OperandInfo &op = I.operands[i];
        if (!op.defaultValue)
          for (unsigned f = 0; f < op.numFields; ++f)
            d.f[op.firstField + f] = 0;
      }
    }
    return t;
  }();
  return table[static_cast<unsigned>(info.opcode)];
}

Attribute getFieldAttr(MLIRContext *context, const InstInfo &info,
                       unsigned field, int64_t value) {
  const FieldInfo &F = info.fields[field];
  switch (attrKindOf(info, field)) {
  case AttrKind::UInt:
  case AttrKind::SInt:
    return IntegerAttr::get(
        IntegerType::get(context, F.bits,
                         F.isSigned ? IntegerType::Signed
                                    : IntegerType::Unsigned),
        APInt(F.bits, uint64_t(value), F.isSigned, /*implicitTrunc=*/true));
  case AttrKind::Enum:
    return IntegerAttr::get(IntegerType::get(context, 32), value);
  case AttrKind::F32:
    return FloatAttr::get(
        Float32Type::get(context),
        APFloat(APFloat::IEEEsingle(), APInt(32, uint32_t(value))));
  case AttrKind::Symbol:
    break;
  }
  llvm_unreachable("a target field has no value attribute");
}

LogicalResult readInstruction(InstructionOpInterface iop, Inst &inst,
                              TargetResolver resolveTarget) {
  Operation *op = iop.getOperation();
  const InstInfo &info = getInstInfo(iop);
  inst = Inst();
  inst.op = info.opcode;
  for (unsigned f = 0; f < info.numFields; ++f) {
    const FieldInfo &F = info.fields[f];
    std::optional<Attribute> attr = op->getInherentAttr(F.name);
    Attribute a = attr ? *attr : Attribute();
    if (!a) {
      // Absent: the default, when the operand has one.
      const OperandInfo &o = info.operands[getOperandOfField(info, f)];
      if (!o.defaultValue)
        return op->emitOpError() << "has no attribute '" << F.name << "'";
      inst.f[f] = getDefaultFields(info).f[f];
      continue;
    }
    switch (attrKindOf(info, f)) {
    case AttrKind::Symbol: {
      auto sym = dyn_cast<FlatSymbolRefAttr>(a);
      if (!sym)
        return op->emitOpError()
               << "attribute '" << F.name << "' must be a bundle label";
      FailureOr<int64_t> address = resolveTarget(sym);
      if (failed(address))
        return failure();
      inst.f[f] = *address;
      break;
    }
    case AttrKind::F32: {
      auto fl = dyn_cast<FloatAttr>(a);
      if (!fl || !fl.getType().isF32())
        return op->emitOpError()
               << "attribute '" << F.name << "' must be an f32 float";
      inst.f[f] = fl.getValue().bitcastToAPInt().getZExtValue();
      break;
    }
    case AttrKind::Enum:
    case AttrKind::UInt:
    case AttrKind::SInt: {
      auto i = dyn_cast<IntegerAttr>(a);
      if (!i)
        return op->emitOpError()
               << "attribute '" << F.name << "' must be an integer";
      inst.f[f] = i.getType().isSignedInteger()
                      ? i.getValue().getSExtValue()
                      : int64_t(i.getValue().zextOrTrunc(64).getZExtValue());
      break;
    }
    }
  }
  return success();
}

FailureOr<InstructionOpInterface> createInstruction(OpBuilder &builder,
                                                    Location loc,
                                                    const Inst &inst,
                                                    TargetNamer nameTarget) {
  const InstInfo *info = lookupOpcode(static_cast<unsigned>(inst.op));
  if (!info)
    return emitError(loc) << "undefined opcode "
                          << static_cast<unsigned>(inst.op);
  MLIRContext *context = builder.getContext();
  OperationState state(loc, getInstructionOpName(*info));
  for (unsigned f = 0; f < info->numFields; ++f) {
    const FieldInfo &F = info->fields[f];
    Attribute a;
    switch (attrKindOf(*info, f)) {
    case AttrKind::Symbol: {
      FailureOr<StringAttr> label = nameTarget(inst.f[f]);
      if (failed(label))
        return failure();
      a = FlatSymbolRefAttr::get(*label);
      break;
    }
    case AttrKind::Enum: {
      const EnumInfo &E = enumOfField(*info, f);
      if (inst.f[f] < 0 || inst.f[f] >= E.numValues)
        return emitError(loc)
               << info->mnemonic << ": value " << inst.f[f] << " of field '"
               << F.name << "' is not a value of enum '" << E.name << "'";
      a = getFieldAttr(context, *info, f, inst.f[f]);
      break;
    }
    default:
      a = getFieldAttr(context, *info, f, inst.f[f]);
      break;
    }
    state.addAttribute(F.name, a);
  }
  Operation *op = builder.create(state);
  return cast<InstructionOpInterface>(op);
}

//===----------------------------------------------------------------------===//
// The generated operations' parse, print and verify
//===----------------------------------------------------------------------===//

ParseResult parseInstructionOp(OpAsmParser &parser, OperationState &result,
                               unsigned opcode) {
  const InstInfo &info = *lookupOpcode(opcode);
  std::array<int64_t, kMaxFields> values{};
  std::array<FlatSymbolRefAttr, kMaxFields> targets{};
  const Inst &defaults = getDefaultFields(info);
  for (unsigned f = 0; f < info.numFields; ++f)
    values[f] = defaults.f[f];
  OperandParser P{parser, info, values, targets};

  SmallVector<bool> given(info.numOperands, false);
  unsigned numPositional = 0;
  for (unsigned i = 0; i < info.numOperands; ++i) {
    if (!info.operands[i].positional)
      break;
    if (i > 0 && parser.parseComma())
      return failure();
    if (P.parse(info.operands[i]))
      return failure();
    given[i] = true;
    ++numPositional;
  }

  SmallVector<StringRef> namedOperands;
  for (unsigned i = numPositional; i < info.numOperands; ++i)
    namedOperands.push_back(info.operands[i].name);
  bool first = numPositional == 0;
  while (true) {
    SMLoc loc = parser.getCurrentLocation();
    StringRef name;
    if (first) {
      first = false;
      if (namedOperands.empty() ||
          failed(parser.parseOptionalKeyword(&name, namedOperands)))
        break;
    } else {
      if (failed(parser.parseOptionalComma()))
        break;
      loc = parser.getCurrentLocation();
      if (failed(parser.parseOptionalKeyword(&name))) {
        InFlightDiagnostic diag = parser.emitError(loc);
        diag << "expected the name of an operand of '" << info.mnemonic << "'";
        if (!namedOperands.empty())
          diag << " (" << llvm::join(namedOperands, ", ") << ")";
        return diag;
      }
    }
    auto it = llvm::find(namedOperands, name);
    if (it == namedOperands.end()) {
      InFlightDiagnostic diag = parser.emitError(loc);
      diag << "'" << info.mnemonic << "' has no operand named '" << name << "'";
      if (!namedOperands.empty())
        diag << "; named operands: " << llvm::join(namedOperands, ", ");
      return diag;
    }
    unsigned index = numPositional + (it - namedOperands.begin());
    if (given[index])
      return parser.emitError(loc) << "operand '" << name << "' given twice";
    given[index] = true;
    if (parser.parseEqual() || P.parse(info.operands[index]))
      return failure();
  }
  if (parser.parseOptionalAttrDict(result.attributes))
    return failure();

  for (unsigned i = numPositional; i < info.numOperands; ++i)
    if (!given[i] && !info.operands[i].defaultValue)
      return parser.emitError(parser.getNameLoc())
             << "'" << info.mnemonic << "' needs operand '"
             << info.operands[i].name << "'";

  MLIRContext *context = parser.getContext();
  for (unsigned f = 0; f < info.numFields; ++f) {
    if (attrKindOf(info, f) == AttrKind::Symbol)
      result.addAttribute(info.fields[f].name, targets[f]);
    else
      result.addAttribute(info.fields[f].name,
                          getFieldAttr(context, info, f, values[f]));
  }
  return success();
}

void printInstructionOp(OpAsmPrinter &p, Operation *op, unsigned opcode) {
  const InstInfo &info = *lookupOpcode(opcode);
  std::array<int64_t, kMaxFields> values{};
  std::array<FlatSymbolRefAttr, kMaxFields> targets{};
  readFields(op, info, values, targets);
  const Inst &defaults = getDefaultFields(info);

  bool first = true;
  for (unsigned i = 0; i < info.numOperands; ++i) {
    const OperandInfo &o = info.operands[i];
    if (!o.positional && o.defaultValue) {
      bool isDefault = true;
      for (unsigned f = 0; f < o.numFields; ++f)
        isDefault &= values[o.firstField + f] == defaults.f[o.firstField + f];
      if (isDefault)
        continue;
    }
    p << (first ? " " : ", ");
    first = false;
    if (!o.positional)
      p << o.name << " = ";
    printOperand(p, info, o, values, targets);
  }
  SmallVector<StringRef> elided;
  for (unsigned f = 0; f < info.numFields; ++f)
    elided.push_back(info.fields[f].name);
  p.printOptionalAttrDict(op->getAttrs(), elided);
}

LogicalResult verifyInstructionOp(Operation *op, unsigned opcode) {
  const InstInfo &info = *lookupOpcode(opcode);
  Inst inst;
  if (failed(readInstruction(
          cast<InstructionOpInterface>(op), inst,
          [](FlatSymbolRefAttr) -> FailureOr<int64_t> { return 0; })))
    return failure();
  for (unsigned i = 0; i < info.numOperands; ++i) {
    const OperandInfo &o = info.operands[i];
    if (o.kind == OperandKind::Sem && !o.defaultValue &&
        inst.f[o.firstField] == kNoSem)
      return op->emitOpError()
             << "operand '" << o.name << "' must name a semaphore (s0..s"
             << kMaxSem << "), not none";
    if (o.kind == OperandKind::Reg && inst.f[o.firstField] >= kNumRegs)
      return op->emitOpError()
             << "register r" << inst.f[o.firstField] << " of operand '"
             << o.name << "' is out of range (r0..r" << kNumRegs - 1 << ")";
  }
  // The encoder's own checks: every value fits its field.
  std::vector<uint64_t> words;
  if (absl::Status s = encode(inst, words); !s.ok())
    return op->emitOpError() << std::string(s.message());
  return success();
}

} // namespace npu::isa
