//===- Assembler.cpp - Assembly source to an .npub module -----------------===//
//
// Two passes over the source. Instruction sizes depend only on mnemonics and
// data sizes only on value counts, so the first pass can lay out code and
// data while treating every symbol it does not know yet as 0; it defines
// all labels and reports nothing. The second pass, with every label known,
// encodes for real and reports every error. This gives forward references
// without fixups.
//
//===----------------------------------------------------------------------===//

#include "asm/Assembler.h"

#include "isa/Assembly.h"
#include "isa/ISA.h"
#include "target/Target.h"

#include "absl/strings/str_cat.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

namespace npu::as {

std::string Diagnostic::format() const {
  std::string where = file;
  if (line)
    absl::StrAppend(&where, ":", line);
  if (line && column)
    absl::StrAppend(&where, ":", column);
  return absl::StrCat(where, ": error: ", message);
}

namespace {

/// Data directives may not grow a section past this, so a typo such as
/// `.zero 1e12`-like sizes cannot exhaust memory.
constexpr uint64_t kMaxDataBytes = uint64_t(1) << 32;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '.' || c == '$';
}
bool isIdentChar(char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }

std::string inQuotes(std::string_view s) { return "'" + std::string(s) + "'"; }

/// A slice of one source line that knows its 0-based start in the line.
struct Span {
  std::string_view text;
  size_t start = 0;

  Span trimmed() const {
    size_t b = 0, e = text.size();
    while (b < e && isSpace(text[b]))
      ++b;
    while (e > b && isSpace(text[e - 1]))
      --e;
    return {text.substr(b, e - b), start + b};
  }
  Span sub(size_t pos, size_t n = std::string_view::npos) const {
    return {text.substr(pos, n), start + pos};
  }
  unsigned column(size_t pos = 0) const { return unsigned(start + pos + 1); }
};

/// Index of the first occurrence of one of `stops` outside a string
/// literal, or npos. `//` counts as a stop when `comments` is set.
size_t findOutsideString(std::string_view s, std::string_view stops,
                         bool comments) {
  bool inString = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (stops.find(c) != std::string_view::npos) {
      return i;
    } else if (comments && c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      return i;
    }
  }
  return std::string_view::npos;
}

/// Splits at commas; an all-blank list gives no pieces.
std::vector<Span> splitCommas(Span s) {
  std::vector<Span> out;
  if (s.trimmed().text.empty())
    return out;
  size_t begin = 0;
  for (size_t i = 0; i <= s.text.size(); ++i)
    if (i == s.text.size() || s.text[i] == ',') {
      out.push_back(s.sub(begin, i - begin));
      begin = i + 1;
    }
  return out;
}

enum class Section { Text, Const, StateInit };

const char *sectionDirective(Section s) {
  switch (s) {
  case Section::Text:
    return ".text";
  case Section::Const:
    return ".const";
  case Section::StateInit:
    return ".state_init";
  }
  return "?";
}

struct Location {
  unsigned line = 0;
  unsigned column = 0;
  bool operator==(const Location &o) const {
    return line == o.line && column == o.column;
  }
};

struct DataDirective {
  const char *name;
  unsigned bytes;
  enum Kind { Int, F32, BF16 } kind;
  bool isSigned;
};

constexpr DataDirective kDataDirectives[] = {
    {"u8", 1, DataDirective::Int, false},
    {"i8", 1, DataDirective::Int, true},
    {"u16", 2, DataDirective::Int, false},
    {"i16", 2, DataDirective::Int, true},
    {"u32", 4, DataDirective::Int, false},
    {"i32", 4, DataDirective::Int, true},
    {"u64", 8, DataDirective::Int, false},
    {"i64", 8, DataDirective::Int, true},
    {"f32", 4, DataDirective::F32, false},
    {"bf16", 2, DataDirective::BF16, false},
};

constexpr const char *kOtherDirectives[] = {
    "target", "input",      "output", "scratch", "state", "text",
    "const",  "state_init", "align",  "zero",    "incbin"};

class Assembler {
public:
  Assembler(std::string_view source, const AssembleOptions &options)
      : source_(source), options_(options) {}

  absl::StatusOr<npub::Module> run(std::vector<Diagnostic> *diagnostics);

private:
  // State that survives from the layout pass to the final pass.
  struct Symbol {
    int64_t value = 0;
    Location defined;
  };
  std::map<std::string, Symbol, std::less<>> symbols_;
  bool finalPass_ = false;
  std::vector<Diagnostic> diagnostics_;
  bool stopped_ = false;

  // State of one pass.
  struct PendingInst {
    isa::Inst inst;
    Location at;
    bool valid = false;
    unsigned words = 0;
  };
  struct Once {
    bool set = false;
    Location at;
  };
  Section section_ = Section::Text;
  std::vector<uint64_t> code_;
  std::vector<uint8_t> constants_;
  std::vector<uint8_t> stateData_;
  std::vector<npub::DebugEntry> debugMap_;
  bool inBundle_ = false;
  Location bundleOpen_;
  std::vector<PendingInst> bundle_;
  Once target_, scratch_, state_;
  std::string targetName_;
  uint64_t scratchBytes_ = 0;
  uint64_t stateBytes_ = 0;
  std::vector<npub::TensorSig> inputs_, outputs_;
  std::map<std::string, Location, std::less<>> tensorNames_;
  unsigned line_ = 0;

  std::string_view source_;
  const AssembleOptions &options_;

  void resetPass();
  void runPass();
  void processLine(std::string_view line);
  void error(unsigned column, std::string message) {
    errorAt({line_, column}, std::move(message));
  }
  void errorAt(Location at, std::string message);
  void errorSpan(const Span &s, const isa::ParseError &e) {
    error(s.column() + unsigned(e.column) - 1, e.message);
  }

  isa::SymbolLookup symbolLookup();
  void defineLabel(Span name);
  void handleInstruction(Span text);
  void flushBundle(std::vector<PendingInst> insts);
  void handleDirective(std::string_view name, Span nameSpan, Span args);
  void handleTensor(bool isInput, Span args, Location at);
  bool parseOnce(Once &once, const char *what, Location at);
  bool parseSize(Span args, const char *what, uint64_t &out);
  void handleData(const DataDirective &d, Span args);
  void handleIncbin(Span args);
  std::vector<uint8_t> &data() {
    return section_ == Section::StateInit ? stateData_ : constants_;
  }
  bool growData(uint64_t extra, unsigned column);
  std::string resolvePath(std::string_view path) const;
  void finish(npub::Module &module);
};

void Assembler::errorAt(Location at, std::string message) {
  if (!finalPass_ || stopped_)
    return;
  diagnostics_.push_back({options_.fileName, at.line, at.column, message});
  if (diagnostics_.size() >= options_.maxErrors) {
    diagnostics_.push_back(
        {options_.fileName, 0, 0,
         absl::StrCat("too many errors (", options_.maxErrors, "); stopping")});
    stopped_ = true;
  }
}

isa::SymbolLookup Assembler::symbolLookup() {
  return [this](std::string_view name) -> std::optional<int64_t> {
    auto it = symbols_.find(name);
    if (it != symbols_.end())
      return it->second.value;
    if (!finalPass_)
      return 0; // laid out now, reported in the final pass
    return std::nullopt;
  };
}

void Assembler::resetPass() {
  section_ = Section::Text;
  code_.clear();
  constants_.clear();
  stateData_.clear();
  debugMap_.clear();
  inBundle_ = false;
  bundle_.clear();
  target_ = scratch_ = state_ = Once();
  targetName_.clear();
  scratchBytes_ = stateBytes_ = 0;
  inputs_.clear();
  outputs_.clear();
  tensorNames_.clear();
  line_ = 0;
}

void Assembler::runPass() {
  resetPass();
  size_t pos = 0;
  while (pos <= source_.size() && !stopped_) {
    size_t end = source_.find('\n', pos);
    if (end == std::string_view::npos)
      end = source_.size();
    ++line_;
    processLine(source_.substr(pos, end - pos));
    pos = end + 1;
  }
  if (inBundle_)
    errorAt(bundleOpen_, "unterminated bundle: this '{' has no matching '}'");
}

void Assembler::processLine(std::string_view line) {
  // Comments: `//` or `#` to the end of the line, outside string literals.
  size_t comment = findOutsideString(line, "#", true);
  Span rest{line.substr(0, comment), 0};
  size_t pos = 0;
  while (pos < rest.text.size() && !stopped_) {
    char c = rest.text[pos];
    if (isSpace(c) || c == ';') {
      ++pos;
      continue;
    }
    if (c == '{') {
      if (inBundle_)
        error(rest.column(pos),
              absl::StrCat("'{' inside a bundle (opened at line ",
                           bundleOpen_.line, ", column ", bundleOpen_.column,
                           "); bundles do not nest"));
      else if (section_ != Section::Text)
        error(rest.column(pos),
              absl::StrCat("bundle in the ", sectionDirective(section_),
                           " section; switch back with .text"));
      else {
        inBundle_ = true;
        bundleOpen_ = {line_, rest.column(pos)};
        bundle_.clear();
      }
      ++pos;
      continue;
    }
    if (c == '}') {
      if (!inBundle_) {
        error(rest.column(pos), "'}' without a matching '{'");
      } else {
        inBundle_ = false;
        if (bundle_.empty())
          errorAt(bundleOpen_, "empty bundle: a bundle needs at least one "
                               "instruction (use nop)");
        else
          flushBundle(std::move(bundle_));
        bundle_.clear();
      }
      ++pos;
      continue;
    }
    // A label: an identifier directly followed by ':'.
    if (isIdentStart(c)) {
      size_t e = pos;
      while (e < rest.text.size() && isIdentChar(rest.text[e]))
        ++e;
      if (e < rest.text.size() && rest.text[e] == ':') {
        defineLabel(rest.sub(pos, e - pos));
        pos = e + 1;
        continue;
      }
    }
    // A statement runs to the next ';', '{' or '}' outside a string.
    size_t stop = findOutsideString(rest.text.substr(pos), ";{}", false);
    size_t end = stop == std::string_view::npos ? rest.text.size() : pos + stop;
    Span statement = rest.sub(pos, end - pos).trimmed();
    pos = end;
    if (statement.text[0] == '.' && statement.text.size() > 1 &&
        isIdentStart(statement.text[1])) {
      size_t e = 1;
      while (e < statement.text.size() && isIdentChar(statement.text[e]))
        ++e;
      handleDirective(statement.text.substr(1, e - 1), statement.sub(0, e),
                      statement.sub(e));
    } else {
      handleInstruction(statement);
    }
  }
}

void Assembler::defineLabel(Span name) {
  Location at{line_, name.column()};
  if (inBundle_) {
    error(at.column, absl::StrCat("label ", inQuotes(name.text),
                                  " inside a bundle; put it before the '{'"));
    return;
  }
  bool looksLikeRegister =
      name.text.size() >= 2 && (name.text[0] == 'r' || name.text[0] == 's') &&
      name.text.find_first_not_of("0123456789", 1) == std::string_view::npos;
  if (looksLikeRegister || name.text == "none") {
    error(at.column, absl::StrCat("label ", inQuotes(name.text),
                                  " would be read as a register or "
                                  "semaphore; choose another name"));
    return;
  }
  int64_t value = 0;
  switch (section_) {
  case Section::Text:
    value = int64_t(code_.size());
    break;
  case Section::Const:
    value = int64_t(constants_.size());
    break;
  case Section::StateInit:
    value = int64_t(stateData_.size());
    break;
  }
  auto it = symbols_.find(name.text);
  if (it == symbols_.end()) {
    symbols_.emplace(std::string(name.text), Symbol{value, at});
    return;
  }
  if (!(it->second.defined == at))
    error(at.column,
          absl::StrCat("duplicate label ", inQuotes(name.text),
                       " (first defined at line ", it->second.defined.line,
                       ", column ", it->second.defined.column, ")"));
  else
    it->second.value = value;
}

void Assembler::handleInstruction(Span text) {
  if (section_ != Section::Text) {
    error(text.column(),
          absl::StrCat("instruction in the ", sectionDirective(section_),
                       " section; switch back with .text"));
    return;
  }
  PendingInst p;
  p.at = {line_, text.column()};
  isa::ParseError parseError;
  p.valid = isa::parseInst(text.text, p.inst, parseError, symbolLookup());
  if (p.valid) {
    p.words = p.inst.info().numWords;
  } else {
    errorSpan(text, parseError);
    // Keep the layout of the layout pass: size by mnemonic if known.
    size_t e = 0;
    while (e < text.text.size() && isIdentChar(text.text[e]))
      ++e;
    const isa::InstInfo *info = isa::lookupMnemonic(text.text.substr(0, e));
    p.words = info ? info->numWords : 0;
  }
  if (inBundle_)
    bundle_.push_back(p);
  else
    flushBundle({p});
}

void Assembler::flushBundle(std::vector<PendingInst> insts) {
  const PendingInst *slotUser[isa::kNumSlotClasses] = {};
  for (const PendingInst &p : insts) {
    if (!p.valid)
      continue;
    const isa::InstInfo &info = p.inst.info();
    unsigned slot = static_cast<unsigned>(info.slot);
    if (const PendingInst *other = slotUser[slot]) {
      errorAt(p.at,
              absl::StrCat(inQuotes(info.mnemonic), " and ",
                           inQuotes(other->inst.info().mnemonic), " (line ",
                           other->at.line, ", column ", other->at.column,
                           ") are both ", isa::slotName(info.slot),
                           " instructions; a bundle holds at most one "
                           "instruction per slot class"));
      continue;
    }
    slotUser[slot] = &p;
  }
  uint64_t address = code_.size();
  if (address > UINT32_MAX) {
    errorAt(insts.front().at, "code exceeds 2^32 words");
    return;
  }
  debugMap_.push_back({uint32_t(address), absl::StrCat(options_.fileName, ":",
                                                       insts.front().at.line)});
  for (size_t i = 0; i < insts.size(); ++i) {
    PendingInst &p = insts[i];
    if (!p.valid) {
      code_.resize(code_.size() + p.words, 0);
      continue;
    }
    p.inst.endOfBundle = i + 1 == insts.size();
    absl::Status status = isa::encode(p.inst, code_);
    if (!status.ok())
      errorAt(p.at, std::string(status.message()));
  }
}

bool Assembler::parseOnce(Once &once, const char *what, Location at) {
  if (once.set) {
    errorAt(at, absl::StrCat("duplicate ", what, " (first given at line ",
                             once.at.line, ", column ", once.at.column, ")"));
    return false;
  }
  once.set = true;
  once.at = at;
  return true;
}

bool Assembler::parseSize(Span args, const char *what, uint64_t &out) {
  Span value = args.trimmed();
  if (value.text.empty()) {
    error(value.column(), absl::StrCat(what, " needs a size in bytes"));
    return false;
  }
  int64_t v = 0;
  isa::ParseError e;
  if (!isa::parseIntValue(value.text, 64, false, what, v, e, nullptr)) {
    errorSpan(value, e);
    return false;
  }
  out = uint64_t(v);
  return true;
}

std::string Assembler::resolvePath(std::string_view path) const {
  std::filesystem::path p{std::string(path)};
  if (p.is_absolute() || options_.fileName == "<stdin>" ||
      options_.fileName == "-")
    return p.string();
  return (std::filesystem::path(options_.fileName).parent_path() / p).string();
}

/// Parses a "..." literal covering the whole span.
bool parseString(Span s, std::string &out, std::string &message,
                 size_t &errorPos) {
  out.clear();
  if (s.text.empty() || s.text.front() != '"') {
    message = "expected a quoted string";
    errorPos = 0;
    return false;
  }
  size_t i = 1;
  for (; i < s.text.size() && s.text[i] != '"'; ++i) {
    if (s.text[i] == '\\' && i + 1 < s.text.size())
      ++i;
    out += s.text[i];
  }
  if (i >= s.text.size()) {
    message = "unterminated string";
    errorPos = 0;
    return false;
  }
  if (i + 1 != s.text.size()) {
    message = "unexpected text after the string";
    errorPos = i + 1;
    return false;
  }
  return true;
}

void Assembler::handleDirective(std::string_view nameView, Span nameSpan,
                                Span args) {
  std::string name(nameView);
  Location at{line_, nameSpan.column()};
  if (inBundle_) {
    error(at.column, absl::StrCat("directive .", name,
                                  " inside a bundle; close the bundle first"));
    return;
  }
  auto noArguments = [&] {
    if (!args.trimmed().text.empty()) {
      error(args.trimmed().column(),
            absl::StrCat(".", name, " takes no arguments"));
      return false;
    }
    return true;
  };
  const DataDirective *dataDirective = nullptr;
  for (const DataDirective &d : kDataDirectives)
    if (name == d.name)
      dataDirective = &d;
  bool isDataOnly =
      dataDirective || name == "align" || name == "zero" || name == "incbin";
  if (isDataOnly && section_ == Section::Text) {
    error(at.column, absl::StrCat(".", name,
                                  " belongs in a data section; switch "
                                  "with .const (or .state_init) first"));
    return;
  }
  if (dataDirective) {
    handleData(*dataDirective, args);
  } else if (name == "text" || name == "const" || name == "state_init") {
    if (noArguments())
      section_ = name == "text"    ? Section::Text
                 : name == "const" ? Section::Const
                                   : Section::StateInit;
  } else if (name == "target") {
    Span value = args.trimmed();
    std::string target;
    if (!value.text.empty() && value.text.front() == '"') {
      std::string message;
      size_t errorPos = 0;
      if (!parseString(value, target, message, errorPos)) {
        error(value.column(errorPos), message);
        return;
      }
    } else {
      target = std::string(value.text);
      size_t space = value.text.find_first_of(" \t");
      if (space != std::string_view::npos) {
        error(value.column(value.text.find_first_not_of(" \t", space)),
              ".target takes one target name or file");
        return;
      }
    }
    if (target.empty()) {
      error(value.column(), ".target needs a target name or file");
      return;
    }
    if (parseOnce(target_, ".target", at))
      targetName_ = target;
  } else if (name == "input" || name == "output") {
    handleTensor(name == "input", args, at);
  } else if (name == "scratch") {
    uint64_t size;
    if (parseSize(args, ".scratch", size) &&
        parseOnce(scratch_, ".scratch", at))
      scratchBytes_ = size;
  } else if (name == "state") {
    uint64_t size;
    if (parseSize(args, ".state", size) && parseOnce(state_, ".state", at))
      stateBytes_ = size;
  } else if (name == "align") {
    uint64_t align;
    if (!parseSize(args, ".align", align))
      return;
    if (align == 0 || (align & (align - 1)) != 0 || align > kMaxDataBytes) {
      error(args.trimmed().column(),
            absl::StrCat(".align ", align,
                         ": the alignment must be a power "
                         "of two"));
      return;
    }
    uint64_t size = data().size();
    uint64_t padded = (size + align - 1) & ~(align - 1);
    if (growData(padded - size, args.trimmed().column()))
      data().resize(padded, 0);
  } else if (name == "zero") {
    uint64_t count;
    if (parseSize(args, ".zero", count) &&
        growData(count, args.trimmed().column()))
      data().resize(data().size() + count, 0);
  } else if (name == "incbin") {
    handleIncbin(args);
  } else {
    std::vector<std::string> known;
    for (const DataDirective &d : kDataDirectives)
      known.push_back(absl::StrCat(".", d.name));
    for (const char *d : kOtherDirectives)
      known.push_back(absl::StrCat(".", d));
    std::string list;
    for (const std::string &k : known)
      absl::StrAppend(&list, list.empty() ? "" : ", ", k);
    error(at.column,
          absl::StrCat("unknown directive .", name, "; directives: ", list));
  }
}

void Assembler::handleTensor(bool isInput, Span args, Location at) {
  const char *what = isInput ? ".input" : ".output";
  Span s = args.trimmed();
  // NAME, or "NAME" for names with spaces or punctuation.
  size_t nameEnd;
  std::string tensorName;
  if (!s.text.empty() && s.text.front() == '"') {
    nameEnd = 1;
    while (nameEnd < s.text.size() && s.text[nameEnd] != '"')
      nameEnd += s.text[nameEnd] == '\\' ? 2 : 1;
    nameEnd = std::min(nameEnd + 1, s.text.size());
    std::string message;
    size_t errorPos = 0;
    if (!parseString(s.sub(0, nameEnd), tensorName, message, errorPos)) {
      error(s.column(errorPos), message);
      return;
    }
  } else {
    nameEnd = s.text.find_first_of(" \t[");
    if (nameEnd == std::string_view::npos)
      nameEnd = s.text.size();
    tensorName = std::string(s.text.substr(0, nameEnd));
  }
  Span name = s.sub(0, nameEnd);
  if (tensorName.empty()) {
    error(s.column(), absl::StrCat(what, " needs NAME DTYPE [DIMS]"));
    return;
  }
  for (size_t i = 0; i < tensorName.size(); ++i)
    if (static_cast<unsigned char>(tensorName[i]) < 0x20 ||
        static_cast<unsigned char>(tensorName[i]) > 0x7e) {
      error(name.column(), "tensor names are printable ASCII");
      return;
    }
  // DTYPE
  Span afterName = s.sub(nameEnd).trimmed();
  size_t typeEnd = afterName.text.find_first_of(" \t[");
  if (typeEnd == std::string_view::npos)
    typeEnd = afterName.text.size();
  Span type = afterName.sub(0, typeEnd);
  std::optional<npub::ElemType> elemType;
  std::string typeNames;
  for (unsigned t = 0; t <= static_cast<unsigned>(npub::ElemType::int4); ++t) {
    const char *n = npub::elemTypeName(npub::ElemType(t));
    absl::StrAppend(&typeNames, t ? ", " : "", n);
    if (type.text == n)
      elemType = npub::ElemType(t);
  }
  if (type.text.empty()) {
    error(type.column(), absl::StrCat(what,
                                      " needs an element type after the "
                                      "name (",
                                      typeNames, ")"));
    return;
  }
  if (!elemType) {
    error(type.column(),
          absl::StrCat("unknown element type ", inQuotes(type.text),
                       "; valid: ", typeNames));
    return;
  }
  // [DIMS]
  Span dims = afterName.sub(typeEnd).trimmed();
  if (dims.text.empty() || dims.text.front() != '[') {
    error(dims.column(), absl::StrCat(what, " needs a shape such as [2, 3] "
                                            "after the element type ([] for a "
                                            "scalar)"));
    return;
  }
  size_t close = dims.text.find(']');
  if (close == std::string_view::npos) {
    error(dims.column(dims.text.size()), "expected ']' to end the shape");
    return;
  }
  if (close + 1 != dims.text.size()) {
    error(dims.column(close + 1), "unexpected text after the shape");
    return;
  }
  npub::TensorSig sig;
  sig.name = tensorName;
  sig.type = *elemType;
  for (const Span &dim : splitCommas(dims.sub(1, close - 1))) {
    Span d = dim.trimmed();
    if (d.text.empty()) {
      error(d.column(), "expected a dimension");
      return;
    }
    int64_t v = 0;
    isa::ParseError e;
    if (!isa::parseIntValue(d.text, 64, true, "dimension", v, e, nullptr)) {
      errorSpan(d, e);
      return;
    }
    if (v < 0) {
      error(d.column(), absl::StrCat("dimension ", v, " is negative"));
      return;
    }
    sig.shape.push_back(v);
  }
  if (sig.shape.size() > npub::kMaxRank) {
    error(dims.column(),
          absl::StrCat("rank ", sig.shape.size(), " exceeds the maximum of ",
                       npub::kMaxRank));
    return;
  }
  auto [it, inserted] = tensorNames_.emplace(sig.name, at);
  if (!inserted) {
    error(name.column(),
          absl::StrCat("duplicate tensor name ", inQuotes(sig.name),
                       " (first declared at line ", it->second.line, ")"));
    return;
  }
  (isInput ? inputs_ : outputs_).push_back(std::move(sig));
}

bool Assembler::growData(uint64_t extra, unsigned column) {
  if (extra > kMaxDataBytes - data().size()) {
    error(column,
          absl::StrCat("the ", sectionDirective(section_),
                       " section would exceed ", kMaxDataBytes, " bytes"));
    return false;
  }
  return true;
}

void Assembler::handleData(const DataDirective &d, Span args) {
  std::vector<Span> values = splitCommas(args);
  if (values.empty()) {
    error(args.column(args.text.size()),
          absl::StrCat(".", d.name, " needs at least one value"));
    return;
  }
  if (!growData(uint64_t(values.size()) * d.bytes, args.column()))
    return;
  isa::SymbolLookup lookup = symbolLookup();
  std::string what = absl::StrCat(".", d.name, " value");
  for (const Span &raw : values) {
    Span value = raw.trimmed();
    uint64_t bits = 0; // stays 0 on error, keeping the layout
    isa::ParseError e;
    if (value.text.empty()) {
      error(value.column(), "expected a value");
    } else if (d.kind == DataDirective::Int) {
      int64_t v = 0;
      if (isa::parseIntValue(value.text, d.bytes * 8, d.isSigned, what, v, e,
                             lookup))
        bits = uint64_t(v);
      else
        errorSpan(value, e);
    } else if (d.kind == DataDirective::F32) {
      uint32_t f = 0;
      if (isa::parseF32(value.text, f, e))
        bits = f;
      else
        errorSpan(value, e);
    } else {
      uint16_t h = 0;
      if (isa::parseBF16(value.text, h, e))
        bits = h;
      else
        errorSpan(value, e);
    }
    for (unsigned b = 0; b < d.bytes; ++b)
      data().push_back(uint8_t(bits >> (8 * b)));
  }
}

void Assembler::handleIncbin(Span args) {
  Span value = args.trimmed();
  std::string path, message;
  size_t errorPos = 0;
  if (!parseString(value, path, message, errorPos)) {
    error(value.column(errorPos),
          absl::StrCat(".incbin: ", message, " (the file path)"));
    return;
  }
  std::string resolved = resolvePath(path);
  std::error_code ec;
  if (std::filesystem::is_directory(resolved, ec)) {
    error(value.column(),
          absl::StrCat(".incbin: ", inQuotes(resolved), " is a directory"));
    return;
  }
  std::ifstream in(resolved, std::ios::binary);
  if (!in) {
    error(value.column(),
          absl::StrCat(".incbin: cannot read ", inQuotes(resolved), ": ",
                       std::strerror(errno)));
    return;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) {
    error(value.column(),
          absl::StrCat(".incbin: error reading ", inQuotes(resolved)));
    return;
  }
  if (growData(bytes.size(), value.column()))
    data().insert(data().end(), bytes.begin(), bytes.end());
}

void Assembler::finish(npub::Module &module) {
  if (code_.empty() && diagnostics_.empty())
    errorAt({0, 0}, "no instructions: the program needs at least one");

  if (!stateData_.empty()) {
    if (!state_.set)
      stateBytes_ = stateData_.size();
    else if (stateData_.size() > stateBytes_)
      errorAt(state_.at,
              absl::StrCat("the .state_init data (", stateData_.size(),
                           " bytes) is larger than the state (", stateBytes_,
                           " bytes)"));
    stateData_.resize(stateBytes_, 0);
  }

  // The target: --target, else .target, else the default.
  std::string targetName;
  Location targetAt;
  if (!options_.targetOverride.empty()) {
    targetName = options_.targetOverride;
  } else if (target_.set) {
    targetName = targetName_;
    targetAt = target_.at;
    bool isPath = targetName.find('/') != std::string::npos ||
                  (targetName.size() >= 5 &&
                   targetName.substr(targetName.size() - 5) == ".json");
    if (isPath)
      targetName = resolvePath(targetName);
  } else {
    targetName = std::string(kDefaultTargetName);
  }
  absl::StatusOr<Target> target = loadTarget(targetName);
  if (!target.ok()) {
    const char *source = !options_.targetOverride.empty() ? "--target"
                         : target_.set                    ? ".target"
                                                          : "default target";
    errorAt(targetAt, absl::StrCat(source, ": ", target.status().message()));
    return;
  }

  module.archHash = target->archHash();
  module.targetJson = formatTarget(*target);
  module.code = std::move(code_);
  module.constants = std::move(constants_);
  uint32_t arg = npub::kFirstIOArg;
  for (npub::TensorSig &t : inputs_)
    t.argIndex = arg++;
  for (npub::TensorSig &t : outputs_)
    t.argIndex = arg++;
  module.inputs = std::move(inputs_);
  module.outputs = std::move(outputs_);
  module.stateBytes = stateBytes_;
  module.stateInit = std::move(stateData_);
  module.scratchBytes = scratchBytes_;
  module.debugMap = std::move(debugMap_);
  module.producer = absl::StrCat("npu-as ", kAssemblerVersion);
  module.commandLine = options_.commandLine;
}

absl::StatusOr<npub::Module>
Assembler::run(std::vector<Diagnostic> *diagnostics) {
  finalPass_ = false;
  runPass();
  finalPass_ = true;
  runPass();
  npub::Module module;
  if (!stopped_)
    finish(module);
  if (diagnostics)
    *diagnostics = diagnostics_;
  if (!diagnostics_.empty()) {
    std::string message;
    for (const Diagnostic &d : diagnostics_)
      absl::StrAppend(&message, message.empty() ? "" : "\n", d.format());
    return absl::InvalidArgumentError(message);
  }
  return module;
}

} // namespace

absl::StatusOr<npub::Module> assemble(std::string_view source,
                                      const AssembleOptions &options,
                                      std::vector<Diagnostic> *diagnostics) {
  Assembler assembler(source, options);
  return assembler.run(diagnostics);
}

} // namespace npu::as
