//===- Runtime.cpp - The C API of libnpurt over the simulator device ------===//
//
// The API objects are thin: a device owns HBM (device buffers, module
// constants and state); a launch runs the simulator to completion and keeps
// its status and statistics.
//
//===----------------------------------------------------------------------===//

#include "npurt/npurt.h"

#include "format/Npub.h"
#include "isa/ISA.h"
#include "sim/Simulator.h"
#include "target/Target.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct npurt_status_s {
  npurt_code code;
  std::string message;
};

namespace {
npurt_status_t makeStatus(npurt_code code, std::string message) {
  return new npurt_status_s{code, std::move(message)};
}

npurt_code codeFor(const absl::Status &status) {
  switch (status.code()) {
  case absl::StatusCode::kOk:
    return NPURT_OK;
  case absl::StatusCode::kNotFound:
    return NPURT_NOT_FOUND;
  case absl::StatusCode::kResourceExhausted:
    return NPURT_OUT_OF_MEMORY;
  case absl::StatusCode::kInvalidArgument:
  case absl::StatusCode::kOutOfRange:
  case absl::StatusCode::kFailedPrecondition:
    return NPURT_INVALID_ARGUMENT;
  default:
    return NPURT_INTERNAL;
  }
}

npurt_status_t fromStatus(const absl::Status &status, npurt_code code) {
  if (status.ok())
    return nullptr;
  return makeStatus(code, std::string(status.message()));
}

npurt_status_t fromStatus(const absl::Status &status) {
  return fromStatus(status, codeFor(status));
}

#define NPURT_CHECK_ARG(cond, msg)                                             \
  do {                                                                         \
    if (!(cond))                                                               \
      return makeStatus(NPURT_INVALID_ARGUMENT, msg);                          \
  } while (0)

/// HBM capacity of a device opened without a target.
constexpr uint64_t kDefaultHbmBytes = 64ull << 30;
} // namespace

struct npurt_device_s {
  std::optional<npu::Target> target; // overrides each module's target
  std::unique_ptr<npu::sim::DeviceMemory> memory;
};

struct npurt_module_s {
  npurt_device *device = nullptr;
  npu::npub::Module module;
  npu::Target target; // the module's own target
  std::vector<npu::isa::Bundle> program;
  uint64_t constantsAddress = 0;
  uint64_t stateAddress = 0;
};

struct npurt_buffer_s {
  npurt_device *device = nullptr;
  uint64_t address = 0;
  uint64_t size = 0;
};

struct npurt_launch_s {
  absl::Status status;
  npu::sim::SimStats stats;
  double clockGHz = 0;
  uint64_t rooflineCycles = 0;
  // Storage for the C views of the stats.
  std::vector<std::vector<std::pair<std::string, uint64_t>>> stalls;
};

extern "C" {

npurt_code npurt_status_code(const npurt_status_t status) {
  return status ? status->code : NPURT_OK;
}

const char *npurt_status_message(const npurt_status_t status) {
  return status ? status->message.c_str() : "OK";
}

void npurt_status_free(npurt_status_t status) { delete status; }

npurt_status_t npurt_device_open(const char *name, const char *target,
                                 npurt_device **out_device) {
  NPURT_CHECK_ARG(out_device, "npurt_device_open: out_device is null");
  *out_device = nullptr;
  std::string deviceName = name ? name : "sim";
  if (deviceName != "sim")
    return makeStatus(NPURT_NOT_FOUND,
                      absl::StrCat("unknown device '", deviceName,
                                   "'; available devices: sim"));
  auto device = std::make_unique<npurt_device_s>();
  uint64_t hbmBytes = kDefaultHbmBytes;
  if (target) {
    absl::StatusOr<npu::Target> t = npu::loadTarget(target);
    if (!t.ok())
      return fromStatus(t.status());
    hbmBytes = t->arch.hbmBytes;
    device->target = std::move(*t);
  }
  // Each launch gets the SRAM of its module's target.
  device->memory = std::make_unique<npu::sim::DeviceMemory>(hbmBytes, 0);
  *out_device = device.release();
  return nullptr;
}

void npurt_device_close(npurt_device *device) { delete device; }

npurt_status_t npurt_module_load_memory(npurt_device *device, const void *data,
                                        size_t size,
                                        npurt_module **out_module) {
  NPURT_CHECK_ARG(device && out_module && (data || size == 0),
                  "npurt_module_load_memory: null argument");
  *out_module = nullptr;
  absl::StatusOr<npu::npub::Module> parsed = npu::npub::parse(
      absl::MakeConstSpan(static_cast<const uint8_t *>(data), size));
  if (!parsed.ok())
    return fromStatus(parsed.status(), NPURT_INVALID_MODULE);
  auto module = std::make_unique<npurt_module_s>();
  module->device = device;
  module->module = std::move(*parsed);
  const npu::npub::Module &m = module->module;

  absl::StatusOr<npu::Target> target =
      npu::parseTarget(m.targetJson, "<module target section>");
  if (!target.ok())
    return fromStatus(target.status(), NPURT_INVALID_MODULE);
  if (target->archHash() != m.archHash)
    return makeStatus(NPURT_INVALID_MODULE,
                      absl::StrCat("module arch hash 0x", absl::Hex(m.archHash),
                                   " does not match its embedded target '",
                                   target->name, "' (0x",
                                   absl::Hex(target->archHash()), ")"));
  if (device->target && device->target->archHash() != m.archHash)
    return makeStatus(
        NPURT_INVALID_MODULE,
        absl::StrCat("module was compiled for target '", target->name,
                     "' whose arch differs from the device target '",
                     device->target->name, "'; recompile for it"));
  module->target = std::move(*target);

  absl::StatusOr<std::vector<npu::isa::Bundle>> program =
      npu::isa::decodeProgram(m.code);
  if (!program.ok())
    return makeStatus(
        NPURT_INVALID_MODULE,
        absl::StrCat("code section: ", program.status().message()));
  module->program = std::move(*program);

  npu::sim::DeviceMemory &mem = *device->memory;
  auto place = [&](const std::vector<uint8_t> &bytes, uint64_t size,
                   uint64_t &address) -> absl::Status {
    absl::StatusOr<uint64_t> a = mem.allocate(size);
    if (!a.ok())
      return a.status();
    address = *a;
    if (!bytes.empty()) {
      absl::StatusOr<uint8_t *> p =
          mem.span(npu::sim::Space::HBM, address, bytes.size());
      if (!p.ok())
        return p.status();
      std::copy(bytes.begin(), bytes.end(), *p);
    }
    return absl::OkStatus();
  };
  if (absl::Status s =
          place(m.constants, m.constants.size(), module->constantsAddress);
      !s.ok())
    return fromStatus(s, NPURT_OUT_OF_MEMORY);
  if (absl::Status s = place(m.stateInit, m.stateBytes, module->stateAddress);
      !s.ok())
    return fromStatus(s, NPURT_OUT_OF_MEMORY);
  *out_module = module.release();
  return nullptr;
}

npurt_status_t npurt_module_load_file(npurt_device *device, const char *path,
                                      npurt_module **out_module) {
  NPURT_CHECK_ARG(device && path && out_module,
                  "npurt_module_load_file: null argument");
  *out_module = nullptr;
  FILE *f = fopen(path, "rb");
  if (!f)
    return makeStatus(NPURT_NOT_FOUND,
                      absl::StrCat(path, ": cannot open: ", strerror(errno)));
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    bytes.insert(bytes.end(), chunk, chunk + n);
  bool failed = ferror(f);
  fclose(f);
  if (failed)
    return makeStatus(NPURT_NOT_FOUND, absl::StrCat(path, ": read error"));
  npurt_status_t status =
      npurt_module_load_memory(device, bytes.data(), bytes.size(), out_module);
  if (status)
    status->message = absl::StrCat(path, ": ", status->message);
  return status;
}

void npurt_module_free(npurt_module *module) {
  if (!module)
    return;
  module->device->memory->free(module->constantsAddress).IgnoreError();
  module->device->memory->free(module->stateAddress).IgnoreError();
  delete module;
}

size_t npurt_module_num_inputs(const npurt_module *module) {
  return module ? module->module.inputs.size() : 0;
}

size_t npurt_module_num_outputs(const npurt_module *module) {
  return module ? module->module.outputs.size() : 0;
}

static npurt_status_t tensorInfo(const std::vector<npu::npub::TensorSig> &sigs,
                                 size_t i, npurt_tensor_info *out) {
  NPURT_CHECK_ARG(out, "tensor info: out_info is null");
  NPURT_CHECK_ARG(i < sigs.size(),
                  absl::StrCat("tensor index ", i, " out of range (",
                               sigs.size(), " tensors)"));
  const npu::npub::TensorSig &s = sigs[i];
  out->name = s.name.c_str();
  out->dtype = static_cast<npurt_dtype>(s.type);
  out->rank = s.shape.size();
  for (size_t d = 0; d < NPURT_MAX_RANK; ++d)
    out->shape[d] = d < s.shape.size() ? s.shape[d] : 0;
  out->byte_size = s.byteSize();
  return nullptr;
}

npurt_status_t npurt_module_input_info(const npurt_module *module, size_t i,
                                       npurt_tensor_info *out_info) {
  NPURT_CHECK_ARG(module, "npurt_module_input_info: module is null");
  return tensorInfo(module->module.inputs, i, out_info);
}

npurt_status_t npurt_module_output_info(const npurt_module *module, size_t i,
                                        npurt_tensor_info *out_info) {
  NPURT_CHECK_ARG(module, "npurt_module_output_info: module is null");
  return tensorInfo(module->module.outputs, i, out_info);
}

npurt_status_t npurt_buffer_allocate(npurt_device *device, uint64_t bytes,
                                     npurt_buffer **out_buffer) {
  NPURT_CHECK_ARG(device && out_buffer, "npurt_buffer_allocate: null argument");
  *out_buffer = nullptr;
  absl::StatusOr<uint64_t> address = device->memory->allocate(bytes);
  if (!address.ok())
    return fromStatus(address.status(), NPURT_OUT_OF_MEMORY);
  *out_buffer = new npurt_buffer_s{device, *address, bytes};
  return nullptr;
}

static npurt_status_t bufferSpan(const npurt_buffer *buffer, uint64_t offset,
                                 uint64_t bytes, uint8_t **out) {
  NPURT_CHECK_ARG(buffer, "buffer is null");
  if (offset > buffer->size || bytes > buffer->size - offset)
    return makeStatus(NPURT_INVALID_ARGUMENT,
                      absl::StrCat("access of ", bytes, " bytes at offset ",
                                   offset, " exceeds the buffer size ",
                                   buffer->size));
  absl::StatusOr<uint8_t *> p = buffer->device->memory->span(
      npu::sim::Space::HBM, buffer->address + offset, bytes);
  if (!p.ok())
    return fromStatus(p.status(), NPURT_INTERNAL);
  *out = *p;
  return nullptr;
}

npurt_status_t npurt_buffer_write(npurt_buffer *buffer, uint64_t offset,
                                  const void *data, uint64_t bytes) {
  NPURT_CHECK_ARG(data || bytes == 0, "npurt_buffer_write: data is null");
  uint8_t *p = nullptr;
  if (npurt_status_t s = bufferSpan(buffer, offset, bytes, &p))
    return s;
  if (bytes)
    memcpy(p, data, bytes);
  return nullptr;
}

npurt_status_t npurt_buffer_read(const npurt_buffer *buffer, uint64_t offset,
                                 void *data, uint64_t bytes) {
  NPURT_CHECK_ARG(data || bytes == 0, "npurt_buffer_read: data is null");
  uint8_t *p = nullptr;
  if (npurt_status_t s = bufferSpan(buffer, offset, bytes, &p))
    return s;
  if (bytes)
    memcpy(data, p, bytes);
  return nullptr;
}

uint64_t npurt_buffer_size(const npurt_buffer *buffer) {
  return buffer ? buffer->size : 0;
}

void npurt_buffer_free(npurt_buffer *buffer) {
  if (!buffer)
    return;
  buffer->device->memory->free(buffer->address).IgnoreError();
  delete buffer;
}

npurt_status_t
npurt_launch_start(npurt_module *module, npurt_buffer *const *inputs,
                   size_t num_inputs, npurt_buffer *const *outputs,
                   size_t num_outputs, const uint64_t *args, size_t num_args,
                   const npurt_launch_options *options,
                   npurt_launch **out_launch) {
  NPURT_CHECK_ARG(module && out_launch, "npurt_launch_start: null argument");
  *out_launch = nullptr;
  const npu::npub::Module &m = module->module;
  NPURT_CHECK_ARG(num_inputs == m.inputs.size(),
                  absl::StrCat("module takes ", m.inputs.size(),
                               " inputs, got ", num_inputs));
  NPURT_CHECK_ARG(num_outputs == m.outputs.size(),
                  absl::StrCat("module produces ", m.outputs.size(),
                               " outputs, got ", num_outputs));
  NPURT_CHECK_ARG(args || num_args == 0, "launch arguments are null");
  npurt_launch_options defaults = {};
  if (!options)
    options = &defaults;

  auto checkBuffers = [&](npurt_buffer *const *buffers,
                          const std::vector<npu::npub::TensorSig> &sigs,
                          const char *what) -> npurt_status_t {
    for (size_t i = 0; i < sigs.size(); ++i) {
      if (!buffers || !buffers[i])
        return makeStatus(NPURT_INVALID_ARGUMENT,
                          absl::StrCat(what, " ", i, " ('", sigs[i].name,
                                       "') has no buffer"));
      if (buffers[i]->device != module->device)
        return makeStatus(NPURT_INVALID_ARGUMENT,
                          absl::StrCat(what, " ", i, " ('", sigs[i].name,
                                       "'): buffer belongs to another device"));
      if (buffers[i]->size < sigs[i].byteSize())
        return makeStatus(NPURT_INVALID_ARGUMENT,
                          absl::StrCat(what, " ", i, " ('", sigs[i].name,
                                       "') needs ", sigs[i].byteSize(),
                                       " bytes, buffer has ",
                                       buffers[i]->size));
    }
    return nullptr;
  };
  if (npurt_status_t s = checkBuffers(inputs, m.inputs, "input"))
    return s;
  if (npurt_status_t s = checkBuffers(outputs, m.outputs, "output"))
    return s;

  npu::Target target =
      module->device->target ? *module->device->target : module->target;
  if (options->timing_target) {
    absl::StatusOr<npu::Target> timing =
        npu::loadTarget(options->timing_target);
    if (!timing.ok())
      return fromStatus(timing.status());
    if (timing->archHash() != m.archHash)
      return makeStatus(
          NPURT_INVALID_ARGUMENT,
          absl::StrCat("timing target '", timing->name,
                       "' has a different arch than the module's target '",
                       module->target.name,
                       "'; only its timing section may differ"));
    target = npu::withTimingOf(target, *timing);
  }

  npu::sim::DeviceMemory &mem = *module->device->memory;
  uint64_t scratchAddress = 0;
  if (m.scratchBytes) {
    absl::StatusOr<uint64_t> a = mem.allocate(m.scratchBytes);
    if (!a.ok())
      return fromStatus(a.status(), NPURT_OUT_OF_MEMORY);
    scratchAddress = *a;
  }
  std::vector<uint64_t> launchArgs = {module->constantsAddress, scratchAddress,
                                      module->stateAddress};
  for (size_t i = 0; i < num_inputs; ++i)
    launchArgs.push_back(inputs[i]->address);
  for (size_t i = 0; i < num_outputs; ++i)
    launchArgs.push_back(outputs[i]->address);
  launchArgs.insert(launchArgs.end(), args, args + num_args);

  npu::sim::SimOptions simOptions;
  simOptions.timingOnly = options->timing_only != 0;
  simOptions.tracePath = options->trace_path ? options->trace_path : "";
  simOptions.maxCycles = options->max_cycles;
  mem.resetSram(target.arch.sramBytes);

  auto launch = std::make_unique<npurt_launch_s>();
  absl::StatusOr<npu::sim::SimStats> stats =
      npu::sim::simulate(target, module->program, launchArgs, mem, simOptions);
  if (scratchAddress)
    mem.free(scratchAddress).IgnoreError();
  if (stats.ok())
    launch->stats = std::move(*stats);
  else
    launch->status = stats.status();
  launch->clockGHz = target.timing.clockGHz;
  launch->rooflineCycles = m.rooflineCycles;
  for (const npu::sim::EngineStats &e : launch->stats.engines)
    launch->stalls.emplace_back(e.stallCycles.begin(), e.stallCycles.end());
  *out_launch = launch.release();
  return nullptr;
}

npurt_status_t npurt_launch_wait(npurt_launch *launch) {
  NPURT_CHECK_ARG(launch, "npurt_launch_wait: launch is null");
  if (launch->status.ok())
    return nullptr;
  npurt_code code = absl::StrContains(launch->status.message(), "deadlock")
                        ? NPURT_DEADLOCK
                        : NPURT_EXECUTION_ERROR;
  return makeStatus(code, std::string(launch->status.message()));
}

void npurt_launch_free(npurt_launch *launch) { delete launch; }

npurt_status_t npurt_launch_stats(const npurt_launch *launch,
                                  npurt_stats *out_stats) {
  NPURT_CHECK_ARG(launch && out_stats, "npurt_launch_stats: null argument");
  NPURT_CHECK_ARG(launch->status.ok(),
                  "npurt_launch_stats: the launch failed; no statistics");
  const npu::sim::SimStats &s = launch->stats;
  out_stats->cycles = s.cycles;
  out_stats->bundles = s.bundles;
  out_stats->hbm_bytes_read = s.hbmBytesRead;
  out_stats->hbm_bytes_written = s.hbmBytesWritten;
  out_stats->sram_peak_bytes = s.sramPeakBytes;
  out_stats->macs = s.macs;
  out_stats->clock_ghz = launch->clockGHz;
  out_stats->roofline_cycles = launch->rooflineCycles;
  out_stats->num_engines = s.engines.size();
  return nullptr;
}

npurt_status_t npurt_launch_engine_stats(const npurt_launch *launch, size_t i,
                                         npurt_engine_stats *out_stats) {
  NPURT_CHECK_ARG(launch && out_stats,
                  "npurt_launch_engine_stats: null argument");
  NPURT_CHECK_ARG(launch->status.ok(),
                  "npurt_launch_engine_stats: the launch failed");
  NPURT_CHECK_ARG(i < launch->stats.engines.size(),
                  absl::StrCat("engine index ", i, " out of range (",
                               launch->stats.engines.size(), " engines)"));
  const npu::sim::EngineStats &e = launch->stats.engines[i];
  out_stats->name = e.name.c_str();
  out_stats->instructions = e.instructions;
  out_stats->busy_cycles = e.busyCycles;
  const auto &stalls = launch->stalls[i];
  out_stats->num_stall_reasons =
      std::min<size_t>(stalls.size(), NPURT_MAX_STALL_REASONS);
  for (size_t r = 0; r < out_stats->num_stall_reasons; ++r) {
    out_stats->stall_reason[r] = stalls[r].first.c_str();
    out_stats->stall_cycles[r] = stalls[r].second;
  }
  return nullptr;
}

} // extern "C"
