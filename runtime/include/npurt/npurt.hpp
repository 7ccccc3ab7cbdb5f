//===- npurt.hpp - C++ wrapper of the npu runtime C API --------*- C++ -*-===//
//
// RAII handles over npurt.h with errors as absl::Status. Header-only so it
// adds nothing to the C ABI of libnpurt.
//
//===----------------------------------------------------------------------===//

#ifndef NPURT_NPURT_HPP
#define NPURT_NPURT_HPP

#include "npurt/npurt.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <memory>
#include <string>
#include <vector>

namespace npurt {

inline absl::Status toStatus(npurt_status_t status) {
  if (!status)
    return absl::OkStatus();
  absl::StatusCode code;
  switch (npurt_status_code(status)) {
  case NPURT_INVALID_ARGUMENT:
    code = absl::StatusCode::kInvalidArgument;
    break;
  case NPURT_NOT_FOUND:
    code = absl::StatusCode::kNotFound;
    break;
  case NPURT_INVALID_MODULE:
    code = absl::StatusCode::kDataLoss;
    break;
  case NPURT_OUT_OF_MEMORY:
    code = absl::StatusCode::kResourceExhausted;
    break;
  case NPURT_EXECUTION_ERROR:
    code = absl::StatusCode::kAborted;
    break;
  case NPURT_DEADLOCK:
    code = absl::StatusCode::kDeadlineExceeded;
    break;
  default:
    code = absl::StatusCode::kInternal;
    break;
  }
  absl::Status result(code, npurt_status_message(status));
  npurt_status_free(status);
  return result;
}

template <typename T, void (*Free)(T *)> struct Deleter {
  void operator()(T *p) const { Free(p); }
};

class Device;
class Module;

class Buffer {
public:
  uint64_t size() const { return npurt_buffer_size(handle_.get()); }
  absl::Status write(const void *data, uint64_t bytes, uint64_t offset = 0) {
    return toStatus(npurt_buffer_write(handle_.get(), offset, data, bytes));
  }
  absl::Status read(void *data, uint64_t bytes, uint64_t offset = 0) const {
    return toStatus(npurt_buffer_read(handle_.get(), offset, data, bytes));
  }
  npurt_buffer *get() const { return handle_.get(); }

private:
  friend class Device;
  explicit Buffer(npurt_buffer *b) : handle_(b) {}
  std::unique_ptr<npurt_buffer, Deleter<npurt_buffer, npurt_buffer_free>>
      handle_;
};

struct EngineStats {
  std::string name;
  uint64_t instructions = 0;
  uint64_t busyCycles = 0;
  std::vector<std::pair<std::string, uint64_t>> stallCycles;
};

struct LaunchResult {
  npurt_stats stats = {};
  std::vector<EngineStats> engines;
};

class Module {
public:
  size_t numInputs() const { return npurt_module_num_inputs(handle_.get()); }
  size_t numOutputs() const { return npurt_module_num_outputs(handle_.get()); }
  absl::StatusOr<npurt_tensor_info> input(size_t i) const {
    npurt_tensor_info info;
    if (absl::Status s =
            toStatus(npurt_module_input_info(handle_.get(), i, &info));
        !s.ok())
      return s;
    return info;
  }
  absl::StatusOr<npurt_tensor_info> output(size_t i) const {
    npurt_tensor_info info;
    if (absl::Status s =
            toStatus(npurt_module_output_info(handle_.get(), i, &info));
        !s.ok())
      return s;
    return info;
  }

  /// Runs to completion and returns the statistics.
  absl::StatusOr<LaunchResult>
  run(const std::vector<Buffer *> &inputs, const std::vector<Buffer *> &outputs,
      const std::vector<uint64_t> &args = {},
      const npurt_launch_options *options = nullptr) {
    std::vector<npurt_buffer *> in, out;
    for (Buffer *b : inputs)
      in.push_back(b ? b->get() : nullptr);
    for (Buffer *b : outputs)
      out.push_back(b ? b->get() : nullptr);
    npurt_launch *raw = nullptr;
    if (absl::Status s = toStatus(npurt_launch_start(
            handle_.get(), in.data(), in.size(), out.data(), out.size(),
            args.data(), args.size(), options, &raw));
        !s.ok())
      return s;
    std::unique_ptr<npurt_launch, Deleter<npurt_launch, npurt_launch_free>>
        launch(raw);
    if (absl::Status s = toStatus(npurt_launch_wait(raw)); !s.ok())
      return s;
    LaunchResult result;
    if (absl::Status s = toStatus(npurt_launch_stats(raw, &result.stats));
        !s.ok())
      return s;
    for (size_t i = 0; i < result.stats.num_engines; ++i) {
      npurt_engine_stats e;
      if (absl::Status s = toStatus(npurt_launch_engine_stats(raw, i, &e));
          !s.ok())
        return s;
      EngineStats es{e.name, e.instructions, e.busy_cycles, {}};
      for (size_t r = 0; r < e.num_stall_reasons; ++r)
        es.stallCycles.emplace_back(e.stall_reason[r], e.stall_cycles[r]);
      result.engines.push_back(std::move(es));
    }
    return result;
  }

private:
  friend class Device;
  explicit Module(npurt_module *m) : handle_(m) {}
  std::unique_ptr<npurt_module, Deleter<npurt_module, npurt_module_free>>
      handle_;
};

class Device {
public:
  /// `name` "sim" (default); `target` empty keeps each module's own target.
  static absl::StatusOr<Device> open(const std::string &name = "sim",
                                     const std::string &target = "") {
    npurt_device *d = nullptr;
    if (absl::Status s = toStatus(npurt_device_open(
            name.c_str(), target.empty() ? nullptr : target.c_str(), &d));
        !s.ok())
      return s;
    return Device(d);
  }
  absl::StatusOr<Module> loadFile(const std::string &path) {
    npurt_module *m = nullptr;
    if (absl::Status s =
            toStatus(npurt_module_load_file(handle_.get(), path.c_str(), &m));
        !s.ok())
      return s;
    return Module(m);
  }
  absl::StatusOr<Module> loadMemory(const void *data, size_t size) {
    npurt_module *m = nullptr;
    if (absl::Status s =
            toStatus(npurt_module_load_memory(handle_.get(), data, size, &m));
        !s.ok())
      return s;
    return Module(m);
  }
  absl::StatusOr<Buffer> allocate(uint64_t bytes) {
    npurt_buffer *b = nullptr;
    if (absl::Status s =
            toStatus(npurt_buffer_allocate(handle_.get(), bytes, &b));
        !s.ok())
      return s;
    return Buffer(b);
  }

private:
  explicit Device(npurt_device *d) : handle_(d) {}
  std::unique_ptr<npurt_device, Deleter<npurt_device, npurt_device_close>>
      handle_;
};

} // namespace npurt

#endif
