//===- Assembly.cpp - Textual form of one instruction ---------------------===//
//
// Everything here walks the generated operand and field tables; there is no
// per-instruction code. Each operand kind has one printer and one parser,
// and the parsers double as the interpreters of the `Default` strings in
// NPUISA.td, so a default and its printed form can never disagree.
//
//===----------------------------------------------------------------------===//

#include "isa/Assembly.h"

#include "absl/strings/str_cat.h"

#include <algorithm>
#include <cfenv>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace npu::isa {

namespace {

using Int128 = __int128;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '.' || c == '$';
}
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }

std::string int128ToString(Int128 v) {
  if (v == 0)
    return "0";
  bool negative = v < 0;
  unsigned __int128 magnitude =
      negative ? -static_cast<unsigned __int128>(v) : v;
  std::string digits;
  while (magnitude) {
    digits.push_back(char('0' + unsigned(magnitude % 10)));
    magnitude /= 10;
  }
  if (negative)
    digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

/// A slice of the instruction text that remembers where it starts, so every
/// error can point at a column of the original text.
struct Piece {
  std::string_view text;
  size_t offset = 0; // of text[0] in the whole instruction text

  Piece trimmed() const {
    size_t b = 0, e = text.size();
    while (b < e && isSpace(text[b]))
      ++b;
    while (e > b && isSpace(text[e - 1]))
      --e;
    return {text.substr(b, e - b), offset + b};
  }
  Piece sub(size_t pos, size_t n = std::string_view::npos) const {
    return {text.substr(pos, n), offset + pos};
  }
};

/// Collects the first error only: later errors are usually consequences.
struct ErrorSink {
  ParseError &error;
  bool failed = false;
  bool fail(size_t offset, std::string message) {
    if (!failed) {
      error.column = offset + 1;
      error.message = std::move(message);
      failed = true;
    }
    return false;
  }
};

std::string inQuotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// Abseil's string_view is not std::string_view in this build, so strings
// are joined by hand.
std::string quotedList(const std::vector<std::string_view> &names);
std::string join(const std::vector<std::string_view> &parts,
                 std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i)
      out += separator;
    out += parts[i];
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Integer expressions.
//===----------------------------------------------------------------------===//

/// Parses `[+-]term (('+'|'-') term)*` over the whole piece.
bool evalIntExpr(Piece p, Int128 &value, ErrorSink &sink,
                 const SymbolLookup &symbols) {
  std::string_view s = p.text;
  size_t i = 0;
  auto skipSpace = [&] {
    while (i < s.size() && isSpace(s[i]))
      ++i;
  };
  value = 0;
  skipSpace();
  if (i == s.size())
    return sink.fail(p.offset + i, "expected an integer");
  int sign = 1;
  if (s[i] == '-' || s[i] == '+') {
    sign = s[i] == '-' ? -1 : 1;
    ++i;
    skipSpace();
  }
  while (true) {
    if (i == s.size())
      return sink.fail(p.offset + i, "expected an integer or a symbol");
    size_t start = i;
    Int128 term = 0;
    if (isDigit(s[i])) {
      unsigned base = 10;
      if (s[i] == '0' && i + 1 < s.size() &&
          (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        base = 16;
        i += 2;
      }
      size_t digitsStart = i;
      while (i < s.size() && isIdentChar(s[i])) {
        char c = s[i];
        unsigned digit;
        if (isDigit(c))
          digit = c - '0';
        else if (c >= 'a' && c <= 'f')
          digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
          digit = c - 'A' + 10;
        else
          digit = 99;
        if (digit >= base)
          return sink.fail(
              p.offset + start,
              absl::StrCat("bad number ",
                           inQuotes(s.substr(start, i - start + 1))));
        term = term * base + digit;
        if (term > Int128(UINT64_MAX))
          return sink.fail(p.offset + start, "number does not fit in 64 bits");
        ++i;
      }
      if (i == digitsStart)
        return sink.fail(p.offset + start, "expected hex digits after '0x'");
    } else if (isIdentStart(s[i])) {
      while (i < s.size() && isIdentChar(s[i]))
        ++i;
      std::string_view name = s.substr(start, i - start);
      std::optional<int64_t> resolved;
      if (symbols)
        resolved = symbols(name);
      if (!resolved) {
        bool looksLikeRegister =
            name.size() >= 2 && name[0] == 'r' &&
            std::all_of(name.begin() + 1, name.end(), isDigit);
        if (looksLikeRegister)
          return sink.fail(p.offset + start,
                           absl::StrCat("register ", inQuotes(name),
                                        " where an integer is expected"));
        if (!symbols)
          return sink.fail(
              p.offset + start,
              absl::StrCat("symbol ", inQuotes(name), " is not allowed here"));
        return sink.fail(p.offset + start,
                         absl::StrCat("undefined symbol ", inQuotes(name)));
      }
      term = *resolved;
    } else {
      return sink.fail(p.offset + start,
                       absl::StrCat("expected an integer or a symbol, got ",
                                    inQuotes(s.substr(start, 1))));
    }
    value += sign * term;
    skipSpace();
    if (i == s.size())
      return true;
    if (s[i] != '+' && s[i] != '-')
      return sink.fail(p.offset + i,
                       absl::StrCat("expected '+', '-' or the end of the "
                                    "value, got ",
                                    inQuotes(s.substr(i, 1))));
    sign = s[i] == '-' ? -1 : 1;
    ++i;
    skipSpace();
  }
}

bool checkRange(Int128 value, unsigned bits, bool isSigned,
                std::string_view what, size_t offset, int64_t &out,
                ErrorSink &sink) {
  Int128 lo, hi;
  if (isSigned) {
    lo = -(Int128(1) << (bits - 1));
    hi = (Int128(1) << (bits - 1)) - 1;
  } else {
    lo = 0;
    hi = (Int128(1) << bits) - 1;
  }
  // A 64-bit signed field also takes the unsigned spelling of its bits.
  Int128 accepted = bits == 64 && isSigned ? Int128(UINT64_MAX) : hi;
  if (value < lo || value > accepted)
    return sink.fail(offset, absl::StrCat("value ", int128ToString(value),
                                          " out of range for ", inQuotes(what),
                                          " (", bits, "-bit ",
                                          isSigned ? "signed" : "unsigned",
                                          ": ", int128ToString(lo), "..",
                                          int128ToString(hi), ")"));
  out = static_cast<int64_t>(static_cast<uint64_t>(value));
  return true;
}

//===----------------------------------------------------------------------===//
// Floats.
//===----------------------------------------------------------------------===//

/// Splits an optional sign off `s`.
bool takeSign(std::string_view &s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    bool negative = s[0] == '-';
    s.remove_prefix(1);
    return negative;
  }
  return false;
}

enum class FloatForm { Finite, Inf, NaN, Invalid };

struct FloatLiteral {
  FloatForm form = FloatForm::Invalid;
  bool negative = false;
  std::string magnitude;   // the unsigned number text, for strtod
  uint32_t nanPayload = 0; // 0: the default quiet NaN
};

bool scanFloat(Piece p, FloatLiteral &lit, ErrorSink &sink) {
  Piece t = p.trimmed();
  std::string_view s = t.text;
  if (s.empty())
    return sink.fail(t.offset, "expected a float");
  lit.negative = takeSign(s);
  if (s == "inf" || s == "infinity") {
    lit.form = FloatForm::Inf;
    return true;
  }
  if (s.substr(0, 3) == "nan") {
    lit.form = FloatForm::NaN;
    std::string_view rest = s.substr(3);
    if (rest.empty())
      return true;
    if (rest.front() != '(' || rest.back() != ')')
      return sink.fail(t.offset, absl::StrCat("bad NaN ", inQuotes(t.text),
                                              ": write nan or nan(0xPAYLOAD)"));
    Piece payloadPiece = {rest.substr(1, rest.size() - 2),
                          t.offset + (t.text.size() - rest.size()) + 1};
    Int128 payload;
    if (!evalIntExpr(payloadPiece, payload, sink, nullptr))
      return false;
    if (payload < 1 || payload > 0x7fffff)
      return sink.fail(payloadPiece.offset,
                       "NaN payload must be in 1..0x7fffff (the 23 "
                       "mantissa bits)");
    lit.nanPayload = static_cast<uint32_t>(payload);
    return true;
  }
  bool ok = !s.empty() && (isDigit(s[0]) || s[0] == '.');
  for (char c : s)
    ok &= isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
          c == 'x' || c == 'X' || c == 'p' || c == 'P' || c == '.' ||
          c == '+' || c == '-';
  if (ok) {
    lit.magnitude = std::string(s);
    const char *begin = lit.magnitude.c_str();
    char *end = nullptr;
    (void)strtod(begin, &end);
    ok = end == begin + lit.magnitude.size();
  }
  if (!ok)
    return sink.fail(t.offset,
                     absl::StrCat("bad float ", inQuotes(t.text),
                                  ": expected a decimal or hex float, inf "
                                  "or nan"));
  lit.form = FloatForm::Finite;
  return true;
}

bool parseF32Piece(Piece p, uint32_t &bits, ErrorSink &sink) {
  FloatLiteral lit;
  if (!scanFloat(p, lit, sink))
    return false;
  uint32_t sign = lit.negative ? 0x80000000u : 0;
  switch (lit.form) {
  case FloatForm::Inf:
    bits = sign | 0x7f800000u;
    return true;
  case FloatForm::NaN:
    bits = sign | 0x7f800000u | (lit.nanPayload ? lit.nanPayload : 0x400000u);
    return true;
  case FloatForm::Invalid:
    return false;
  case FloatForm::Finite:
    break;
  }
  float f = strtof(lit.magnitude.c_str(), nullptr);
  if (std::isinf(f))
    return sink.fail(p.trimmed().offset,
                     absl::StrCat("float ", inQuotes(p.trimmed().text),
                                  " out of range of f32 (largest finite: "
                                  "3.4028235e+38)"));
  std::memcpy(&bits, &f, 4);
  bits |= sign;
  return true;
}

double strtodWithRounding(const std::string &s, int mode) {
  int saved = std::fegetround();
  std::fesetround(mode);
  double d = strtod(s.c_str(), nullptr);
  std::fesetround(saved);
  return d;
}

bool parseBF16Piece(Piece p, uint16_t &bits, ErrorSink &sink) {
  FloatLiteral lit;
  if (!scanFloat(p, lit, sink))
    return false;
  uint16_t sign = lit.negative ? 0x8000 : 0;
  switch (lit.form) {
  case FloatForm::Inf:
    bits = sign | 0x7f80;
    return true;
  case FloatForm::NaN:
    if (lit.nanPayload & 0xffff)
      return sink.fail(p.trimmed().offset,
                       "bf16 NaN payload must have its low 16 bits zero");
    bits = sign | 0x7f80 | (lit.nanPayload ? lit.nanPayload >> 16 : 0x40);
    return true;
  case FloatForm::Invalid:
    return false;
  case FloatForm::Finite:
    break;
  }
  // Round the magnitude from the literal itself: the nearest double decides
  // unless it is exactly a midpoint between two bf16 values, in which case
  // the literal is compared with the midpoint by re-reading it rounded down
  // and up.
  double d = strtod(lit.magnitude.c_str(), nullptr);
  double rounded = 0;
  if (d != 0 && !std::isinf(d)) {
    int exponent;
    std::frexp(d, &exponent); // d = m * 2^exponent, m in [0.5, 1)
    double ulp = std::ldexp(1.0, std::max(exponent - 8, -133));
    double lo = std::floor(d / ulp) * ulp;
    double hi = lo + ulp;
    double mid = lo + ulp / 2;
    bool up;
    if (d != mid) {
      up = d > mid;
    } else {
      double down = strtodWithRounding(lit.magnitude, FE_DOWNWARD);
      double upward = strtodWithRounding(lit.magnitude, FE_UPWARD);
      if (down == mid && upward == mid)
        up = std::fmod(lo / ulp, 2.0) != 0; // tie: to even
      else
        up = upward > mid;
    }
    rounded = up ? hi : lo;
  } else {
    rounded = d;
  }
  if (std::isinf(rounded) || rounded >= std::ldexp(1.0, 128))
    return sink.fail(p.trimmed().offset,
                     absl::StrCat("float ", inQuotes(p.trimmed().text),
                                  " out of range of bf16 (largest finite: "
                                  "3.3895314e+38)"));
  float f = static_cast<float>(rounded); // exact: a bf16 value
  uint32_t fbits;
  std::memcpy(&fbits, &f, 4);
  bits = sign | uint16_t(fbits >> 16);
  return true;
}

//===----------------------------------------------------------------------===//
// Operands.
//===----------------------------------------------------------------------===//

const EnumInfo *memSpaceEnum() {
  static const EnumInfo *space = [] {
    for (const EnumInfo &E : allEnums())
      if (std::string_view(E.name) == "space")
        return &E;
    return static_cast<const EnumInfo *>(nullptr);
  }();
  return space;
}

bool parseRegister(Piece p, std::string_view what, int64_t &out,
                   ErrorSink &sink) {
  Piece t = p.trimmed();
  std::string_view s = t.text;
  bool shaped = s.size() >= 2 && s[0] == 'r' &&
                std::all_of(s.begin() + 1, s.end(), isDigit);
  if (!shaped)
    return sink.fail(t.offset,
                     absl::StrCat("expected a register (r0..r", kNumRegs - 1,
                                  ") for ", inQuotes(what), ", got ",
                                  inQuotes(s.empty() ? "nothing" : s)));
  unsigned n = 0;
  for (char c : s.substr(1)) {
    n = n * 10 + (c - '0');
    if (n >= kNumRegs)
      return sink.fail(t.offset,
                       absl::StrCat("bad register ", inQuotes(s),
                                    ": registers are r0..r", kNumRegs - 1));
  }
  out = n;
  return true;
}

bool parseSemaphore(Piece p, std::string_view what, int64_t &out,
                    ErrorSink &sink) {
  Piece t = p.trimmed();
  std::string_view s = t.text;
  if (s == "none") {
    out = kNoSem;
    return true;
  }
  bool shaped = s.size() >= 2 && s[0] == 's' &&
                std::all_of(s.begin() + 1, s.end(), isDigit);
  if (!shaped)
    return sink.fail(t.offset,
                     absl::StrCat("expected a semaphore (s0..s", kNoSem - 1,
                                  " or none) for ", inQuotes(what), ", got ",
                                  inQuotes(s.empty() ? "nothing" : s)));
  unsigned n = 0;
  for (char c : s.substr(1)) {
    n = n * 10 + (c - '0');
    if (n >= kNoSem)
      return sink.fail(t.offset, absl::StrCat("bad semaphore ", inQuotes(s),
                                              ": semaphores are s0..s",
                                              kNoSem - 1, " (or none)"));
  }
  out = n;
  return true;
}

/// Enum values are written by name; a bare number is accepted for encodings
/// the enum leaves undefined, so that any decodable word can be printed and
/// assembled back.
bool parseEnumValue(Piece p, const EnumInfo &E, const FieldInfo &F,
                    std::string_view what, int64_t &out, ErrorSink &sink) {
  Piece t = p.trimmed();
  for (unsigned i = 0; i < E.numValues; ++i)
    if (t.text == E.values[i]) {
      out = i;
      return true;
    }
  if (!t.text.empty() && isDigit(t.text[0])) {
    Int128 v;
    if (!evalIntExpr(t, v, sink, nullptr))
      return false;
    return checkRange(v, F.bits, false, what, t.offset, out, sink);
  }
  std::vector<std::string_view> names(E.values, E.values + E.numValues);
  return sink.fail(
      t.offset, absl::StrCat("unknown ", E.name, " ", inQuotes(t.text), " for ",
                             inQuotes(what), "; valid: ", join(names, ", ")));
}

/// `[rN]`, `[rN+off]`, `[rN-off]`; the offset is an integer expression.
bool parseBracketAddress(Piece p, std::string_view what, const FieldInfo *F,
                         int64_t *fields, ErrorSink &sink,
                         const SymbolLookup &symbols) {
  Piece t = p.trimmed();
  if (t.text.empty() || t.text.front() != '[')
    return sink.fail(
        t.offset,
        absl::StrCat("expected '[' to start the address of ", inQuotes(what)));
  if (t.text.back() != ']')
    return sink.fail(
        t.offset + t.text.size(),
        absl::StrCat("expected ']' to end the address of ", inQuotes(what)));
  Piece inner = t.sub(1, t.text.size() - 2);
  size_t regEnd = 0;
  while (regEnd < inner.text.size() && inner.text[regEnd] != '+' &&
         inner.text[regEnd] != '-')
    ++regEnd;
  if (!parseRegister(inner.sub(0, regEnd), what, fields[0], sink))
    return false;
  if (regEnd == inner.text.size()) {
    fields[1] = 0;
    return true;
  }
  Int128 offset;
  Piece offsetPiece = inner.sub(regEnd);
  if (!evalIntExpr(offsetPiece, offset, sink, symbols))
    return false;
  return checkRange(offset, F[1].bits, F[1].isSigned,
                    std::string(what) + " offset", offsetPiece.offset + 1,
                    fields[1], sink);
}

bool parseMemAddress(Piece p, std::string_view what, const FieldInfo *F,
                     int64_t *fields, ErrorSink &sink,
                     const SymbolLookup &symbols) {
  Piece t = p.trimmed();
  size_t bracket = t.text.find('[');
  if (bracket == std::string_view::npos || bracket == 0) {
    const EnumInfo *space = memSpaceEnum();
    std::vector<std::string_view> names;
    if (space)
      names.assign(space->values, space->values + space->numValues);
    return sink.fail(t.offset,
                     absl::StrCat("expected an address such as hbm[r1+16] "
                                  "for ",
                                  inQuotes(what),
                                  "; memory spaces: ", join(names, ", ")));
  }
  Piece spaceName = t.sub(0, bracket).trimmed();
  const EnumInfo *space = memSpaceEnum();
  if (!space)
    return sink.fail(t.offset, "the ISA defines no 'space' enum");
  if (!parseEnumValue(spaceName, *space, F[0], std::string(what) + " space",
                      fields[0], sink))
    return false;
  return parseBracketAddress(t.sub(bracket), what, F + 1, fields + 1, sink,
                             symbols);
}

/// Parses the value of operand `op` of `info` into its fields.
bool parseOperandValue(const InstInfo &info, const OperandInfo &op, Piece p,
                       int64_t *fields, ErrorSink &sink,
                       const SymbolLookup &symbols) {
  const FieldInfo *F = info.fields + op.firstField;
  Piece t = p.trimmed();
  switch (op.kind) {
  case OperandKind::Reg:
    return parseRegister(t, op.name, fields[0], sink);
  case OperandKind::Sem:
    return parseSemaphore(t, op.name, fields[0], sink);
  case OperandKind::UImm:
  case OperandKind::SImm:
  case OperandKind::Target: {
    Int128 v;
    if (!evalIntExpr(t, v, sink, symbols))
      return false;
    return checkRange(v, F[0].bits, F[0].isSigned, op.name, t.offset, fields[0],
                      sink);
  }
  case OperandKind::Flag: {
    Int128 v;
    if (!evalIntExpr(t, v, sink, nullptr))
      return false;
    if (v != 0 && v != 1)
      return sink.fail(t.offset,
                       absl::StrCat("value ", int128ToString(v),
                                    " out of range for ", inQuotes(op.name),
                                    " (a flag: 0 or 1)"));
    fields[0] = static_cast<int64_t>(v);
    return true;
  }
  case OperandKind::F32: {
    uint32_t bits;
    if (!parseF32Piece(t, bits, sink))
      return false;
    fields[0] = bits;
    return true;
  }
  case OperandKind::Enum:
    return parseEnumValue(t, enumInfo(op.enumIndex), F[0], op.name, fields[0],
                          sink);
  case OperandKind::Mem:
    return parseMemAddress(t, op.name, F, fields, sink, symbols);
  case OperandKind::Sram:
    return parseBracketAddress(t, op.name, F, fields, sink, symbols);
  }
  return sink.fail(t.offset, "unknown operand kind");
}

std::string printBracketAddress(int64_t reg, int64_t offset) {
  if (offset == 0)
    return absl::StrCat("[r", reg, "]");
  return absl::StrCat("[r", reg, offset < 0 ? "-" : "+",
                      int128ToString(offset < 0 ? -Int128(offset) : offset),
                      "]");
}

std::string printOperandValue(const OperandInfo &op, const int64_t *fields,
                              const PrintOptions &options) {
  switch (op.kind) {
  case OperandKind::Reg:
    return absl::StrCat("r", fields[0]);
  case OperandKind::Sem:
    return fields[0] == kNoSem ? "none" : absl::StrCat("s", fields[0]);
  case OperandKind::UImm:
  case OperandKind::SImm:
  case OperandKind::Flag:
    return absl::StrCat(fields[0]);
  case OperandKind::Target:
    if (options.targetName) {
      std::string name = options.targetName(static_cast<uint32_t>(fields[0]));
      if (!name.empty())
        return name;
    }
    return absl::StrCat(fields[0]);
  case OperandKind::F32:
    return formatF32(static_cast<uint32_t>(fields[0]));
  case OperandKind::Enum: {
    const EnumInfo &E = enumInfo(op.enumIndex);
    if (fields[0] >= 0 && fields[0] < E.numValues)
      return E.values[fields[0]];
    return absl::StrCat(fields[0]);
  }
  case OperandKind::Mem: {
    const EnumInfo *space = memSpaceEnum();
    std::string spaceName =
        space && fields[0] >= 0 && fields[0] < space->numValues
            ? space->values[fields[0]]
            : absl::StrCat(fields[0]);
    return spaceName + printBracketAddress(fields[1], fields[2]);
  }
  case OperandKind::Sram:
    return printBracketAddress(fields[0], fields[1]);
  }
  return "?";
}

/// The field values of each operand's Default, parsed once per instruction.
struct Defaults {
  bool has[kMaxFields] = {}; // indexed by operand
  int64_t fields[kMaxFields] = {};
};

const Defaults &defaultsOf(const InstInfo &info) {
  static std::mutex mutex;
  static std::unordered_map<const InstInfo *, Defaults> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(&info);
  if (it != cache.end())
    return it->second;
  Defaults d;
  for (unsigned i = 0; i < info.numOperands; ++i) {
    const OperandInfo &op = info.operands[i];
    if (!op.defaultValue)
      continue;
    ParseError ignored;
    ErrorSink sink{ignored};
    d.has[i] = parseOperandValue(info, op, {op.defaultValue, 0},
                                 d.fields + op.firstField, sink, nullptr);
  }
  return cache.emplace(&info, d).first->second;
}

std::vector<std::string_view> operandNames(const InstInfo &info,
                                           bool positional) {
  std::vector<std::string_view> names;
  for (unsigned i = 0; i < info.numOperands; ++i)
    if (info.operands[i].positional == positional)
      names.push_back(info.operands[i].name);
  return names;
}

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string quotedList(const std::vector<std::string_view> &names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i ? ", " : "") + inQuotes(names[i]);
  return out;
}

} // namespace

//===----------------------------------------------------------------------===//
// Public interface.
//===----------------------------------------------------------------------===//

std::string formatF32(uint32_t bits) {
  bool negative = bits >> 31;
  uint32_t exponent = (bits >> 23) & 0xff;
  uint32_t mantissa = bits & 0x7fffff;
  if (exponent == 0xff) {
    if (mantissa == 0)
      return negative ? "-inf" : "inf";
    if (mantissa == 0x400000)
      return negative ? "-nan" : "nan";
    return absl::StrCat(negative ? "-" : "", "nan(0x", absl::Hex(mantissa),
                        ")");
  }
  float f;
  std::memcpy(&f, &bits, 4);
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof(buf), f);
  return std::string(buf, result.ptr);
}

bool parseIntValue(std::string_view text, unsigned bits, bool isSigned,
                   std::string_view what, int64_t &value, ParseError &error,
                   const SymbolLookup &symbols) {
  ErrorSink sink{error};
  Int128 v;
  Piece p = Piece{text, 0}.trimmed();
  if (!evalIntExpr(p, v, sink, symbols))
    return false;
  return checkRange(v, bits, isSigned, what, p.offset, value, sink);
}

bool parseF32(std::string_view text, uint32_t &bits, ParseError &error) {
  ErrorSink sink{error};
  return parseF32Piece({text, 0}, bits, sink);
}

bool parseBF16(std::string_view text, uint16_t &bits, ParseError &error) {
  ErrorSink sink{error};
  return parseBF16Piece({text, 0}, bits, sink);
}

std::string nearestMnemonic(std::string_view word) {
  std::string best;
  size_t bestDistance = SIZE_MAX;
  for (const InstInfo &I : allInstructions()) {
    size_t d = editDistance(word, I.mnemonic);
    if (d < bestDistance) {
      bestDistance = d;
      best = I.mnemonic;
    }
  }
  // A plausible typo changes at most a third of the word (and at least one
  // character may always be wrong).
  size_t limit = std::max<size_t>(1, std::max(word.size(), best.size()) / 3);
  return bestDistance <= limit ? best : std::string();
}

std::string requiredOperandsText(
    const InstInfo &info,
    const std::function<std::string(const OperandInfo &)> &valueOf) {
  std::string text = info.mnemonic;
  bool first = true;
  for (unsigned i = 0; i < info.numOperands; ++i) {
    const OperandInfo &op = info.operands[i];
    if (op.defaultValue)
      continue;
    absl::StrAppend(&text, first ? " " : ", ");
    first = false;
    if (!op.positional)
      absl::StrAppend(&text, op.name, "=");
    absl::StrAppend(&text, valueOf(op));
  }
  return text;
}

std::string instSyntax(const InstInfo &info) {
  std::string out = info.mnemonic;
  for (unsigned i = 0; i < info.numOperands; ++i) {
    const OperandInfo &op = info.operands[i];
    absl::StrAppend(&out, i ? ", " : " ");
    if (op.positional) {
      absl::StrAppend(&out, op.name);
    } else if (op.defaultValue) {
      absl::StrAppend(&out, "[", op.name, "=", op.defaultValue, "]");
    } else {
      const FieldInfo &F = info.fields[op.firstField];
      std::string kind;
      switch (op.kind) {
      case OperandKind::UImm:
        kind = absl::StrCat("u", F.bits);
        break;
      case OperandKind::SImm:
        kind = absl::StrCat("s", F.bits);
        break;
      case OperandKind::Enum:
        kind = enumInfo(op.enumIndex).name;
        break;
      default:
        kind = "value";
      }
      absl::StrAppend(&out, op.name, "=<", kind, ">");
    }
  }
  return out;
}

std::string printInst(const Inst &inst, const PrintOptions &options) {
  const InstInfo *info = lookupOpcode(static_cast<unsigned>(inst.op));
  if (!info)
    return absl::StrCat("<undefined opcode ", static_cast<unsigned>(inst.op),
                        ">");
  const Defaults &defaults = defaultsOf(*info);
  std::string out = info->mnemonic;
  bool first = true;
  for (unsigned i = 0; i < info->numOperands; ++i) {
    const OperandInfo &op = info->operands[i];
    const int64_t *fields = inst.f + op.firstField;
    if (!op.positional && defaults.has[i] &&
        std::equal(fields, fields + op.numFields,
                   defaults.fields + op.firstField))
      continue;
    absl::StrAppend(&out, first ? " " : ", ");
    first = false;
    if (!op.positional)
      absl::StrAppend(&out, op.name, "=");
    absl::StrAppend(&out, printOperandValue(op, fields, options));
  }
  return out;
}

bool parseInst(std::string_view text, Inst &out, ParseError &error,
               const SymbolLookup &symbols) {
  ErrorSink sink{error};
  Piece whole{text, 0};
  Piece t = whole.trimmed();
  size_t end = 0;
  while (end < t.text.size() && isIdentChar(t.text[end]))
    ++end;
  if (end == 0)
    return sink.fail(
        t.offset, t.text.empty() ? std::string("expected an instruction")
                                 : absl::StrCat("expected an instruction "
                                                "mnemonic, got ",
                                                inQuotes(t.text.substr(0, 1))));
  std::string_view mnemonic = t.text.substr(0, end);
  const InstInfo *info = lookupMnemonic(mnemonic);
  if (!info) {
    std::string message =
        absl::StrCat("unknown instruction ", inQuotes(mnemonic));
    std::string suggestion = nearestMnemonic(mnemonic);
    if (!suggestion.empty())
      absl::StrAppend(&message, "; did you mean ", inQuotes(suggestion), "?");
    return sink.fail(t.offset, message);
  }
  Piece rest = t.sub(end);
  if (!rest.text.empty() && !isSpace(rest.text[0]))
    return sink.fail(rest.offset,
                     absl::StrCat("expected a space after ", inQuotes(mnemonic),
                                  ", got ", inQuotes(rest.text.substr(0, 1))));

  // Split the operand list at commas; no operand syntax contains one.
  std::vector<Piece> pieces;
  if (!rest.trimmed().text.empty()) {
    size_t start = 0;
    for (size_t i = 0; i <= rest.text.size(); ++i)
      if (i == rest.text.size() || rest.text[i] == ',') {
        pieces.push_back(rest.sub(start, i - start));
        start = i + 1;
      }
  }

  out = Inst();
  out.op = info->opcode;
  const Defaults &defaults = defaultsOf(*info);
  std::vector<size_t> givenAt(info->numOperands, 0); // column, 0: not given
  std::vector<unsigned> positionals;
  for (unsigned i = 0; i < info->numOperands; ++i)
    if (info->operands[i].positional)
      positionals.push_back(i);
  unsigned positionalCount = 0;
  bool sawNamed = false;

  for (const Piece &raw : pieces) {
    Piece piece = raw.trimmed();
    if (piece.text.empty())
      return sink.fail(piece.offset, "expected an operand");
    size_t eq = piece.text.find('=');
    const OperandInfo *op = nullptr;
    unsigned opIndex = 0;
    Piece value;
    if (eq == std::string_view::npos) {
      if (sawNamed)
        return sink.fail(piece.offset,
                         "positional operand after a named one: positional "
                         "operands come first");
      if (positionalCount == positionals.size()) {
        std::string message = absl::StrCat(
            "too many positional operands: ", inQuotes(info->mnemonic),
            " takes ", positionals.size());
        if (!positionals.empty())
          absl::StrAppend(&message, " (", join(operandNames(*info, true), ", "),
                          ")");
        std::vector<std::string_view> named = operandNames(*info, false);
        if (!named.empty())
          absl::StrAppend(&message, "; named operands are written name=value: ",
                          join(named, ", "));
        return sink.fail(piece.offset, message);
      }
      opIndex = positionals[positionalCount++];
      op = &info->operands[opIndex];
      value = piece;
    } else {
      sawNamed = true;
      Piece name = piece.sub(0, eq).trimmed();
      value = piece.sub(eq + 1);
      for (unsigned i = 0; i < info->numOperands; ++i)
        if (name.text == info->operands[i].name) {
          op = &info->operands[i];
          opIndex = i;
        }
      if (!op) {
        std::vector<std::string_view> named = operandNames(*info, false);
        return sink.fail(
            name.offset,
            absl::StrCat("unknown operand ", inQuotes(name.text), " for ",
                         inQuotes(info->mnemonic), "; ",
                         named.empty()
                             ? std::string("it takes no named operands")
                             : absl::StrCat("valid: ", join(named, ", "))));
      }
      if (op->positional)
        return sink.fail(name.offset,
                         absl::StrCat(inQuotes(op->name),
                                      " is a positional operand; write it "
                                      "without ",
                                      inQuotes(absl::StrCat(op->name, "="))));
      if (givenAt[opIndex])
        return sink.fail(name.offset,
                         absl::StrCat("duplicate operand ", inQuotes(op->name),
                                      " (first given at column ",
                                      givenAt[opIndex], ")"));
      if (value.trimmed().text.empty())
        return sink.fail(
            value.offset + value.text.size(),
            absl::StrCat("expected a value for ", inQuotes(op->name)));
    }
    givenAt[opIndex] = piece.offset + 1;
    if (!parseOperandValue(*info, *op, value, out.f + op->firstField, sink,
                           symbols))
      return false;
  }

  std::vector<std::string_view> missing;
  bool missingPositional = false;
  for (unsigned i = 0; i < info->numOperands; ++i) {
    const OperandInfo &op = info->operands[i];
    if (givenAt[i])
      continue;
    if (!op.positional && defaults.has[i]) {
      std::copy(defaults.fields + op.firstField,
                defaults.fields + op.firstField + op.numFields,
                out.f + op.firstField);
      continue;
    }
    missingPositional |= op.positional;
    missing.push_back(op.name);
  }
  if (!missing.empty()) {
    std::string message =
        absl::StrCat("missing ", missing.size() == 1 ? "operand " : "operands ",
                     quotedList(missing));
    if (missingPositional)
      absl::StrAppend(&message, ": ", inQuotes(info->mnemonic), " takes ",
                      join(operandNames(*info, true), ", "));
    else
      absl::StrAppend(&message, " (written name=value)");
    return sink.fail(whole.text.size(), message);
  }
  return true;
}

absl::StatusOr<Inst> parseInst(std::string_view text,
                               const SymbolLookup &symbols) {
  Inst inst;
  ParseError error;
  if (!parseInst(text, inst, error, symbols))
    return absl::InvalidArgumentError(
        absl::StrCat("column ", error.column, ": ", error.message));
  return inst;
}

} // namespace npu::isa
