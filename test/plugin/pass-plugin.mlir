// npu-opt loads a pass from a shared library (examples/plugin) with
// --load-pass-plugin and runs it in a pipeline, here on npu_tile IR. (As in
// mlir-opt, a plugin's passes are registered while the command line is
// parsed, so they are named in --pass-pipeline rather than as --flags.)
// RUN: npu-opt --load-pass-plugin=%example_plugin --pass-pipeline="builtin.module(npu-count-ops)" %s --verify-diagnostics | FileCheck %s
// RUN: not npu-opt --pass-pipeline="builtin.module(npu-count-ops)" %s 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not npu-opt --load-pass-plugin=%t.does-not-exist.so %s 2>&1 | FileCheck %s --check-prefix=BADPATH
// A shared library that is not a plugin (no mlirGetPassPluginInfo):
// RUN: not npu-opt --load-pass-plugin %npu_obj/lib/libnpurt.so %s 2>&1 | FileCheck %s --check-prefix=NOTPLUGIN

// MISSING: 'npu-count-ops' does not refer to a registered pass or pass pipeline
// NOTPLUGIN: npu-opt: error: cannot load pass plugin '{{.*}}libnpurt.so': {{.*}}entry point
// BADPATH: npu-opt: error: cannot load pass plugin '{{.*}}does-not-exist.so'

// The pass leaves the IR unchanged.
// CHECK: npu_tile.dma

// expected-remark @below {{func: 2 ops}}
// expected-remark @below {{memref: 1 ops}}
// expected-remark @below {{npu_tile: 3 ops}}
module {
  func.func @f(%src: memref<4x8xbf16, #npu_tile.space<hbm>>) {
    %buf = npu_tile.alloc : memref<4x8xbf16, #npu_tile.space<sram>>
    %token = npu_tile.dma %src, %buf : memref<4x8xbf16, #npu_tile.space<hbm>> -> memref<4x8xbf16, #npu_tile.space<sram>>
    npu_tile.wait %token
    %out = memref.alloc() : memref<4x8xbf16, #npu_tile.space<hbm>>
    return
  }
}
