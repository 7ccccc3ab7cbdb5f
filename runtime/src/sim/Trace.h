//===- Trace.h - Chrome Trace Event JSON writer ----------------*- C++ -*-===//
//
// Writes the simulator's timeline in the Trace Event format (the
// `traceEvents` array form) that Perfetto and chrome://tracing open. Events
// are streamed to the file as they happen so that long simulations do not
// hold the whole trace in memory. Timestamps are cycles: one microsecond in
// the viewer is one cycle (docs/Simulator.md).
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_SIM_TRACE_H
#define NPURT_SIM_TRACE_H

#include "absl/status/status.h"

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace npu::sim {

/// Returns `text` as a JSON string literal, quotes included.
std::string jsonQuote(std::string_view text);

/// The "args" object of one event, rendered in insertion order.
class TraceArgs {
public:
  TraceArgs &add(std::string_view key, int64_t value);
  TraceArgs &add(std::string_view key, std::string_view value);
  TraceArgs &add(std::string_view key, const char *value) {
    return add(key, std::string_view(value));
  }
  /// The object as JSON text, e.g. {"bundle":12,"mode":"bf16"}.
  std::string json() const;

private:
  std::vector<std::pair<std::string, std::string>> entries_; // value is JSON
};

class TraceWriter {
public:
  TraceWriter() = default;
  TraceWriter(const TraceWriter &) = delete;
  TraceWriter &operator=(const TraceWriter &) = delete;

  /// Creates `path` and writes the header and the process name. The clock
  /// is recorded in the metadata so that cycles can be converted to time.
  absl::Status open(const std::string &path, std::string_view processName,
                    double clockGHz);
  bool enabled() const { return out_.is_open(); }

  /// Names the track `tid` in the viewer.
  void threadName(unsigned tid, std::string_view name);
  /// A complete ("ph":"X") event of `dur` cycles starting at cycle `ts`.
  void complete(unsigned tid, std::string_view name, uint64_t ts, uint64_t dur,
                const TraceArgs &args);
  /// A counter ("ph":"C") sample: the series `name` has `value` from `ts`.
  void counter(std::string_view name, uint64_t ts, int64_t value);

  /// Terminates the JSON document and closes the file.
  absl::Status close();

private:
  void beginEvent();

  std::ofstream out_;
  std::string path_;
  bool firstEvent_ = true;
};

} // namespace npu::sim

#endif
