//===- Trace.cpp - Chrome Trace Event JSON writer -------------------------===//

#include "sim/Trace.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include <cmath>

namespace npu::sim {

namespace {
// The whole trace is one process; tracks are threads of it.
constexpr int kPid = 0;
} // namespace

std::string jsonQuote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      // Other control characters must be \u-escaped; bytes >= 0x80 are
      // passed through (the text we write is ASCII or UTF-8).
      if (static_cast<unsigned char>(c) < 0x20)
        out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
      else
        out += c;
    }
  }
  out += '"';
  return out;
}

TraceArgs &TraceArgs::add(std::string_view key, int64_t value) {
  entries_.emplace_back(std::string(key), absl::StrCat(value));
  return *this;
}

TraceArgs &TraceArgs::add(std::string_view key, std::string_view value) {
  entries_.emplace_back(std::string(key), jsonQuote(value));
  return *this;
}

std::string TraceArgs::json() const {
  std::string out = "{";
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (i)
      out += ',';
    absl::StrAppend(&out, jsonQuote(entries_[i].first), ":",
                    entries_[i].second);
  }
  out += '}';
  return out;
}

absl::Status TraceWriter::open(const std::string &path,
                               std::string_view processName, double clockGHz) {
  out_.open(path, std::ios::out | std::ios::trunc | std::ios::binary);
  if (!out_)
    return absl::NotFoundError(
        absl::StrCat("cannot create trace file '", path, "'"));
  path_ = path;
  // `ts` and `dur` are cycles written where the format expects
  // microseconds, so the viewer's "1 us" reads as one cycle.
  std::string clock =
      std::isfinite(clockGHz) ? absl::StrCat(clockGHz) : std::string("0");
  out_ << "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"time_unit\":"
       << jsonQuote("1 us in the viewer = 1 cycle")
       << ",\"clock_ghz\":" << clock << "},\"traceEvents\":[\n";
  beginEvent();
  out_ << "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":" << kPid
       << ",\"tid\":0,\"args\":{\"name\":" << jsonQuote(processName) << "}}";
  return absl::OkStatus();
}

void TraceWriter::beginEvent() {
  if (!firstEvent_)
    out_ << ",\n";
  firstEvent_ = false;
}

void TraceWriter::threadName(unsigned tid, std::string_view name) {
  if (!enabled())
    return;
  beginEvent();
  out_ << "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":" << kPid
       << ",\"tid\":" << tid << ",\"args\":{\"name\":" << jsonQuote(name)
       << "}}";
  // Keep the tracks in engine order rather than alphabetical order.
  beginEvent();
  out_ << "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":" << kPid
       << ",\"tid\":" << tid << ",\"args\":{\"sort_index\":" << tid << "}}";
}

void TraceWriter::complete(unsigned tid, std::string_view name, uint64_t ts,
                           uint64_t dur, const TraceArgs &args) {
  if (!enabled())
    return;
  beginEvent();
  out_ << "{\"name\":" << jsonQuote(name) << ",\"ph\":\"X\",\"pid\":" << kPid
       << ",\"tid\":" << tid << ",\"ts\":" << ts << ",\"dur\":" << dur
       << ",\"args\":" << args.json() << "}";
}

void TraceWriter::counter(std::string_view name, uint64_t ts, int64_t value) {
  if (!enabled())
    return;
  beginEvent();
  out_ << "{\"name\":" << jsonQuote(name) << ",\"ph\":\"C\",\"pid\":" << kPid
       << ",\"ts\":" << ts << ",\"args\":{\"value\":" << value << "}}";
}

absl::Status TraceWriter::close() {
  if (!enabled())
    return absl::OkStatus();
  out_ << "\n]}\n";
  out_.flush();
  bool writeFailed = !out_;
  out_.close();
  if (writeFailed || out_.fail())
    return absl::DataLossError(
        absl::StrCat("error writing trace file '", path_, "'"));
  return absl::OkStatus();
}

} // namespace npu::sim
