/* A C program using only npurt.h and the shared libnpurt: loads a module,
 * prints its signature, runs it with zeroed inputs and prints the cycles.
 * Proves the C API is usable from C and that libnpurt links on its own. */
#include "npurt/npurt.h"

#include <stdio.h>
#include <stdlib.h>

static int check(npurt_status_t status, const char *what) {
  if (!status)
    return 0;
  fprintf(stderr, "npurt-c-smoke: %s: %s (code %d)\n", what,
          npurt_status_message(status), (int)npurt_status_code(status));
  npurt_status_free(status);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: npurt-c-smoke MODULE.npub\n");
    return 2;
  }
  npurt_device *device = NULL;
  npurt_module *module = NULL;
  if (check(npurt_device_open(NULL, NULL, &device), "open") ||
      check(npurt_module_load_file(device, argv[1], &module), "load"))
    return 1;
  size_t nin = npurt_module_num_inputs(module);
  size_t nout = npurt_module_num_outputs(module);
  npurt_buffer **buffers = calloc(nin + nout, sizeof *buffers);
  for (size_t i = 0; i < nin + nout; ++i) {
    npurt_tensor_info info;
    if (check(i < nin ? npurt_module_input_info(module, i, &info)
                      : npurt_module_output_info(module, i - nin, &info),
              "info") ||
        check(npurt_buffer_allocate(device, info.byte_size, &buffers[i]),
              "allocate"))
      return 1;
    printf("%s %s: dtype %d rank %u bytes %llu\n", i < nin ? "input" : "output",
           info.name, (int)info.dtype, info.rank,
           (unsigned long long)info.byte_size);
  }
  npurt_launch *launch = NULL;
  if (check(npurt_launch_start(module, buffers, nin, buffers + nin, nout, NULL,
                               0, NULL, &launch),
            "launch") ||
      check(npurt_launch_wait(launch), "wait"))
    return 1;
  npurt_stats stats;
  if (check(npurt_launch_stats(launch, &stats), "stats"))
    return 1;
  printf("cycles %llu engines %zu\n", (unsigned long long)stats.cycles,
         stats.num_engines);
  npurt_launch_free(launch);
  for (size_t i = 0; i < nin + nout; ++i)
    npurt_buffer_free(buffers[i]);
  free(buffers);
  npurt_module_free(module);
  npurt_device_close(device);
  return 0;
}
