/*===- npurt.h - The npu runtime C API ------------------------------------===*
 *
 * A thin, stable C API: open a device, load a compiled module (.npub),
 * allocate device buffers, launch, wait, read statistics. Every call that can
 * fail returns an npurt_status_t: NULL means success, otherwise the caller
 * owns the status and frees it with npurt_status_free. No call aborts on bad
 * input. See docs/Runtime.md.
 *
 *===----------------------------------------------------------------------===*/

#ifndef NPURT_NPURT_H
#define NPURT_NPURT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum npurt_code {
  NPURT_OK = 0,
  NPURT_INVALID_ARGUMENT = 1, /* bad call: null pointer, size mismatch... */
  NPURT_NOT_FOUND = 2,        /* unknown device, target or file */
  NPURT_INVALID_MODULE = 3,   /* malformed, corrupted or incompatible .npub */
  NPURT_OUT_OF_MEMORY = 4,    /* device memory exhausted */
  NPURT_EXECUTION_ERROR = 5,  /* fault during a launch (bounds, encoding) */
  NPURT_DEADLOCK = 6,         /* launch can never finish */
  NPURT_INTERNAL = 7,
} npurt_code;

typedef struct npurt_status_s *npurt_status_t;
typedef struct npurt_device_s npurt_device;
typedef struct npurt_module_s npurt_module;
typedef struct npurt_buffer_s npurt_buffer;
typedef struct npurt_launch_s npurt_launch;

npurt_code npurt_status_code(const npurt_status_t status);
/* Valid until the status is freed. */
const char *npurt_status_message(const npurt_status_t status);
void npurt_status_free(npurt_status_t status);

/* Devices. `name` NULL or "sim" opens the simulator. `target` is a target
 * name or file; NULL uses the target each module was compiled for. */
npurt_status_t npurt_device_open(const char *name, const char *target,
                                 npurt_device **out_device);
void npurt_device_close(npurt_device *device);

/* Modules. */
npurt_status_t npurt_module_load_file(npurt_device *device, const char *path,
                                      npurt_module **out_module);
npurt_status_t npurt_module_load_memory(npurt_device *device, const void *data,
                                        size_t size, npurt_module **out_module);
void npurt_module_free(npurt_module *module);

typedef enum npurt_dtype {
  NPURT_FP32 = 0,
  NPURT_BF16 = 1,
  NPURT_INT8 = 2,
  NPURT_INT32 = 3,
  NPURT_INT4 = 4,
  NPURT_BOOL = 5, /* one byte per element, 0 or 1 */
} npurt_dtype;

#define NPURT_MAX_RANK 8
typedef struct npurt_tensor_info {
  const char *name; /* valid while the module lives */
  npurt_dtype dtype;
  uint32_t rank;
  int64_t shape[NPURT_MAX_RANK];
  uint64_t byte_size;
} npurt_tensor_info;

size_t npurt_module_num_inputs(const npurt_module *module);
size_t npurt_module_num_outputs(const npurt_module *module);
npurt_status_t npurt_module_input_info(const npurt_module *module, size_t i,
                                       npurt_tensor_info *out_info);
npurt_status_t npurt_module_output_info(const npurt_module *module, size_t i,
                                        npurt_tensor_info *out_info);

/* Device buffers (HBM). */
npurt_status_t npurt_buffer_allocate(npurt_device *device, uint64_t bytes,
                                     npurt_buffer **out_buffer);
npurt_status_t npurt_buffer_write(npurt_buffer *buffer, uint64_t offset,
                                  const void *data, uint64_t bytes);
npurt_status_t npurt_buffer_read(const npurt_buffer *buffer, uint64_t offset,
                                 void *data, uint64_t bytes);
uint64_t npurt_buffer_size(const npurt_buffer *buffer);
void npurt_buffer_free(npurt_buffer *buffer);

typedef struct npurt_launch_options {
  int timing_only;        /* skip arithmetic; outputs are undefined */
  const char *trace_path; /* Chrome trace JSON; NULL for none */
  uint64_t max_cycles;    /* 0: no limit */
  /* Target name or file whose timing section replaces the module's; its
   * arch must match the module's. NULL keeps the device's timing. */
  const char *timing_target;
} npurt_launch_options;

/* Launches `module` with one buffer per input and output, in signature
 * order, plus user launch arguments. `options` may be NULL. */
npurt_status_t
npurt_launch_start(npurt_module *module, npurt_buffer *const *inputs,
                   size_t num_inputs, npurt_buffer *const *outputs,
                   size_t num_outputs, const uint64_t *args, size_t num_args,
                   const npurt_launch_options *options,
                   npurt_launch **out_launch);
/* Waits for completion; returns the launch's execution status. */
npurt_status_t npurt_launch_wait(npurt_launch *launch);
void npurt_launch_free(npurt_launch *launch);

typedef struct npurt_stats {
  uint64_t cycles;
  uint64_t bundles;
  uint64_t hbm_bytes_read;
  uint64_t hbm_bytes_written;
  uint64_t sram_peak_bytes;
  uint64_t macs;
  double clock_ghz;
  uint64_t roofline_cycles; /* from the module; 0 when unknown */
  size_t num_engines;
} npurt_stats;

#define NPURT_MAX_STALL_REASONS 8
typedef struct npurt_engine_stats {
  const char *name; /* valid while the launch lives */
  uint64_t instructions;
  uint64_t busy_cycles;
  size_t num_stall_reasons;
  const char *stall_reason[NPURT_MAX_STALL_REASONS];
  uint64_t stall_cycles[NPURT_MAX_STALL_REASONS];
} npurt_engine_stats;

/* Valid after a successful npurt_launch_wait. */
npurt_status_t npurt_launch_stats(const npurt_launch *launch,
                                  npurt_stats *out_stats);
npurt_status_t npurt_launch_engine_stats(const npurt_launch *launch, size_t i,
                                         npurt_engine_stats *out_stats);

#ifdef __cplusplus
}
#endif

#endif /* NPURT_NPURT_H */
