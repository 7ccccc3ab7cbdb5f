// npu-opt loads a dialect from a shared library (examples/plugin) with
// --load-dialect-plugin; without it the dialect is unknown.
// RUN: npu-opt --load-dialect-plugin=%example_plugin %s | FileCheck %s
// RUN: not npu-opt %s 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not npu-opt --load-dialect-plugin=%t.does-not-exist.so %s 2>&1 | FileCheck %s --check-prefix=BADPATH

// CHECK: npu_example.note "kept as written"
// MISSING: Dialect `npu_example' not found for custom op 'npu_example.note'
// BADPATH: npu-opt: error: cannot load dialect plugin '{{.*}}does-not-exist.so'

module {
  npu_example.note "kept as written"
}
