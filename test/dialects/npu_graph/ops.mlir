// Every npu_graph operation parses, prints and parses again to the same IR,
// in the custom and in the generic form.
// RUN: npu-opt %s | npu-opt | FileCheck %s
// RUN: npu-opt %s --mlir-print-op-generic | npu-opt | FileCheck %s

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<16x768xbf16>, %b: tensor<768x256xbf16>,
                  %q: tensor<2x8x16x64xf32>, %k: tensor<2x8x32x64xf32>,
                  %x: tensor<4x8x32xi8>, %w: tensor<32x16xi8>,
                  %l: tensor<3x1x4x8xf32>, %r: tensor<5x8x2xf32>) {
  // CHECK: npu_graph.matmul %{{.*}}, %{{.*}} : tensor<16x768xbf16>, tensor<768x256xbf16> -> tensor<16x256xf32>
  %0 = npu_graph.matmul %a, %b : tensor<16x768xbf16>, tensor<768x256xbf16> -> tensor<16x256xf32>
  // CHECK: npu_graph.matmul %{{.*}}, %{{.*}} : tensor<16x768xbf16>, tensor<768x256xbf16> -> tensor<16x256xbf16>
  %1 = npu_graph.matmul %a, %b : tensor<16x768xbf16>, tensor<768x256xbf16> -> tensor<16x256xbf16>
  // CHECK: npu_graph.matmul %{{.*}}, %{{.*}} transpose_b : tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32> -> tensor<2x8x16x32xf32>
  %2 = npu_graph.matmul %q, %k transpose_b : tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32> -> tensor<2x8x16x32xf32>
  // CHECK: npu_graph.matmul %{{.*}}, %{{.*}} : tensor<4x8x32xi8>, tensor<32x16xi8> -> tensor<4x8x16xi32>
  %3 = npu_graph.matmul %x, %w : tensor<4x8x32xi8>, tensor<32x16xi8> -> tensor<4x8x16xi32>
  // Batch dimensions [3, 1] and [5] broadcast to [3, 5].
  // CHECK: npu_graph.matmul %{{.*}}, %{{.*}} : tensor<3x1x4x8xf32>, tensor<5x8x2xf32> -> tensor<3x5x4x2xf32>
  %4 = npu_graph.matmul %l, %r : tensor<3x1x4x8xf32>, tensor<5x8x2xf32> -> tensor<3x5x4x2xf32>
  return
}

// CHECK-LABEL: func.func @binary
func.func @binary(%a: tensor<4x8xf32>, %b: tensor<8xf32>, %c: tensor<4x1xf32>,
                  %h: tensor<2x3xbf16>) {
  // CHECK: npu_graph.add %{{.*}}, %{{.*}} : tensor<4x8xf32>{{$}}
  %0 = npu_graph.add %a, %a : tensor<4x8xf32>
  // CHECK: npu_graph.add %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %1 = npu_graph.add %a, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  // CHECK: npu_graph.sub %{{.*}}, %{{.*}} : tensor<4x1xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %2 = npu_graph.sub %c, %b : tensor<4x1xf32>, tensor<8xf32> -> tensor<4x8xf32>
  // CHECK: npu_graph.mul %{{.*}}, %{{.*}} : tensor<2x3xbf16>
  %3 = npu_graph.mul %h, %h : tensor<2x3xbf16>
  // CHECK: npu_graph.div %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  %4 = npu_graph.div %a, %c : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  // CHECK: npu_graph.max %{{.*}}, %{{.*}} : tensor<4x8xf32>
  %5 = npu_graph.max %a, %a : tensor<4x8xf32>
  // CHECK: npu_graph.min %{{.*}}, %{{.*}} : tensor<8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %6 = npu_graph.min %b, %a : tensor<8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  // CHECK: npu_graph.pow %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  %7 = npu_graph.pow %a, %c : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  return
}

// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<4x8xf32>, %h: tensor<2x3xbf16>) {
  // CHECK: npu_graph.neg %{{.*}} : tensor<4x8xf32>
  %0 = npu_graph.neg %x : tensor<4x8xf32>
  // CHECK: npu_graph.exp %{{.*}} : tensor<4x8xf32>
  %1 = npu_graph.exp %x : tensor<4x8xf32>
  // CHECK: npu_graph.rsqrt %{{.*}} : tensor<4x8xf32>
  %2 = npu_graph.rsqrt %x : tensor<4x8xf32>
  // CHECK: npu_graph.sqrt %{{.*}} : tensor<4x8xf32>
  %3 = npu_graph.sqrt %x : tensor<4x8xf32>
  // CHECK: npu_graph.reciprocal %{{.*}} : tensor<4x8xf32>
  %4 = npu_graph.reciprocal %x : tensor<4x8xf32>
  // CHECK: npu_graph.tanh %{{.*}} : tensor<2x3xbf16>
  %5 = npu_graph.tanh %h : tensor<2x3xbf16>
  // CHECK: npu_graph.erf %{{.*}} : tensor<4x8xf32>
  %6 = npu_graph.erf %x : tensor<4x8xf32>
  // CHECK: npu_graph.log %{{.*}} : tensor<4x8xf32>
  %log = npu_graph.log %x : tensor<4x8xf32>
  // CHECK: npu_graph.abs %{{.*}} : tensor<2x3xbf16>
  %abs = npu_graph.abs %h : tensor<2x3xbf16>
  // CHECK: npu_graph.gelu %{{.*}} : tensor<4x8xf32>
  %7 = npu_graph.gelu %x : tensor<4x8xf32>
  // The default approximation is not printed.
  // CHECK: npu_graph.gelu %{{.*}} : tensor<4x8xf32>
  %8 = npu_graph.gelu %x approximate = none : tensor<4x8xf32>
  // CHECK: npu_graph.gelu %{{.*}} approximate = tanh : tensor<2x3xbf16>
  %9 = npu_graph.gelu %h approximate = tanh : tensor<2x3xbf16>
  // CHECK: npu_graph.silu %{{.*}} : tensor<4x8xf32>
  %10 = npu_graph.silu %x : tensor<4x8xf32>
  // CHECK: npu_graph.sigmoid %{{.*}} : tensor<4x8xf32>
  %11 = npu_graph.sigmoid %x : tensor<4x8xf32>
  // CHECK: npu_graph.relu %{{.*}} : tensor<4x8xf32>
  %12 = npu_graph.relu %x : tensor<4x8xf32>
  return
}

// CHECK-LABEL: func.func @norms
func.func @norms(%x: tensor<2x16x768xbf16>, %g: tensor<768xbf16>,
                 %b: tensor<768xf32>) {
  // CHECK: npu_graph.layer_norm %{{.*}} gamma(%{{.*}} : tensor<768xbf16>) beta(%{{.*}} : tensor<768xf32>) epsilon = 1.000000e-05 : tensor<2x16x768xbf16>
  %0 = npu_graph.layer_norm %x gamma(%g : tensor<768xbf16>) beta(%b : tensor<768xf32>) epsilon = 1.0e-5 : tensor<2x16x768xbf16>
  // CHECK: npu_graph.layer_norm %{{.*}} epsilon = 0.000000e+00 : tensor<2x16x768xbf16>
  %1 = npu_graph.layer_norm %x epsilon = 0.0 : tensor<2x16x768xbf16>
  // CHECK: npu_graph.layer_norm %{{.*}} beta(%{{.*}} : tensor<768xf32>) epsilon = 1.000000e-05 : tensor<2x16x768xbf16>
  %2 = npu_graph.layer_norm %x beta(%b : tensor<768xf32>) epsilon = 1.0e-5 : tensor<2x16x768xbf16>
  // CHECK: npu_graph.rms_norm %{{.*}} gamma(%{{.*}} : tensor<768xbf16>) epsilon = 9.9999999999999995E-7 : tensor<2x16x768xbf16>
  %3 = npu_graph.rms_norm %x gamma(%g : tensor<768xbf16>) epsilon = 1.0e-6 : tensor<2x16x768xbf16>
  // CHECK: npu_graph.rms_norm %{{.*}} epsilon = 1.000000e-05 : tensor<2x16x768xbf16>
  %4 = npu_graph.rms_norm %x epsilon = 1.0e-5 : tensor<2x16x768xbf16>
  return
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<1x8x16x32xf32>) {
  // CHECK: npu_graph.softmax %{{.*}} axis = -1 : tensor<1x8x16x32xf32>
  %0 = npu_graph.softmax %x axis = -1 : tensor<1x8x16x32xf32>
  // CHECK: npu_graph.softmax %{{.*}} axis = 1 : tensor<1x8x16x32xf32>
  %1 = npu_graph.softmax %x axis = 1 : tensor<1x8x16x32xf32>
  // CHECK: npu_graph.softmax %{{.*}} axis = 3 causal : tensor<1x8x16x32xf32>
  %2 = npu_graph.softmax %x axis = 3 causal : tensor<1x8x16x32xf32>
  // CHECK: npu_graph.softmax %{{.*}} axis = -1 causal offset = 16 : tensor<1x8x16x32xf32>
  %3 = npu_graph.softmax %x axis = -1 causal offset = 16 : tensor<1x8x16x32xf32>
  return
}

// CHECK-LABEL: func.func @reduce
func.func @reduce(%x: tensor<2x3x4xf32>, %y: tensor<2x3x4xbf16>) {
  // CHECK: npu_graph.reduce sum %{{.*}} axes = [-1] : tensor<2x3x4xf32> -> tensor<2x3xf32>
  %0 = npu_graph.reduce sum %x axes = [-1] : tensor<2x3x4xf32> -> tensor<2x3xf32>
  // CHECK: npu_graph.reduce mean %{{.*}} axes = [0, 2] keepdims : tensor<2x3x4xbf16> -> tensor<1x3x1xbf16>
  %1 = npu_graph.reduce mean %y axes = [0, 2] keepdims : tensor<2x3x4xbf16> -> tensor<1x3x1xbf16>
  // CHECK: npu_graph.reduce max %{{.*}} axes = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<f32>
  %2 = npu_graph.reduce max %x axes = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<f32>
  // CHECK: npu_graph.reduce min %{{.*}} axes = [1] keepdims : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  %3 = npu_graph.reduce min %x axes = [1] keepdims : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  // CHECK: npu_graph.reduce prod %{{.*}} axes = [0] : tensor<2x3x4xbf16> -> tensor<3x4xbf16>
  %4 = npu_graph.reduce prod %y axes = [0] : tensor<2x3x4xbf16> -> tensor<3x4xbf16>
  return
}

// CHECK-LABEL: func.func @movement
func.func @movement(%x: tensor<1x16x8x64xf32>, %a: tensor<2x4xi8>,
                    %b: tensor<3x4xi8>, %table: tensor<100x64xbf16>,
                    %ids: tensor<2x8xi32>) {
  // CHECK: npu_graph.transpose %{{.*}} permutation = [0, 2, 1, 3] : tensor<1x16x8x64xf32> -> tensor<1x8x16x64xf32>
  %0 = npu_graph.transpose %x permutation = [0, 2, 1, 3] : tensor<1x16x8x64xf32> -> tensor<1x8x16x64xf32>
  // CHECK: npu_graph.reshape %{{.*}} : tensor<1x16x8x64xf32> -> tensor<16x512xf32>
  %1 = npu_graph.reshape %x : tensor<1x16x8x64xf32> -> tensor<16x512xf32>
  // CHECK: npu_graph.concat %{{.*}}, %{{.*}} axis = 0 : tensor<2x4xi8>, tensor<3x4xi8> -> tensor<5x4xi8>
  %2 = npu_graph.concat %a, %b axis = 0 : tensor<2x4xi8>, tensor<3x4xi8> -> tensor<5x4xi8>
  // CHECK: npu_graph.concat %{{.*}}, %{{.*}}, %{{.*}} axis = -1 : tensor<2x4xi8>, tensor<2x4xi8>, tensor<2x4xi8> -> tensor<2x12xi8>
  %3 = npu_graph.concat %a, %a, %a axis = -1 : tensor<2x4xi8>, tensor<2x4xi8>, tensor<2x4xi8> -> tensor<2x12xi8>
  // CHECK: npu_graph.slice %{{.*}} starts = [0, 0, 1, 32] sizes = [1, 8, 4, 32] strides = [1, 2, 2, 1] : tensor<1x16x8x64xf32> -> tensor<1x8x4x32xf32>
  %4 = npu_graph.slice %x starts = [0, 0, 1, 32] sizes = [1, 8, 4, 32] strides = [1, 2, 2, 1] : tensor<1x16x8x64xf32> -> tensor<1x8x4x32xf32>
  // CHECK: npu_graph.gather %{{.*}}[%{{.*}}] : tensor<100x64xbf16>, tensor<2x8xi32> -> tensor<2x8x64xbf16>
  %5 = npu_graph.gather %table[%ids] : tensor<100x64xbf16>, tensor<2x8xi32> -> tensor<2x8x64xbf16>
  return
}

// CHECK-LABEL: func.func @rope_attention
func.func @rope_attention(%x: tensor<1x8x16x64xf32>, %c: tensor<16x64xf32>,
                          %s: tensor<16x64xf32>, %q: tensor<1x32x16x64xbf16>,
                          %k: tensor<1x8x48x64xbf16>,
                          %v: tensor<1x8x48x32xbf16>) {
  // CHECK: npu_graph.rope %{{.*}} cos(%{{.*}} : tensor<16x64xf32>) sin(%{{.*}} : tensor<16x64xf32>) : tensor<1x8x16x64xf32>
  %0 = npu_graph.rope %x cos(%c : tensor<16x64xf32>) sin(%s : tensor<16x64xf32>) : tensor<1x8x16x64xf32>
  // CHECK: npu_graph.rope %{{.*}} theta = 1.000000e+04 : tensor<1x8x16x64xf32>
  %1 = npu_graph.rope %x theta = 10000.0 : tensor<1x8x16x64xf32>
  // CHECK: npu_graph.rope %{{.*}} theta = 5.000000e+05 offset = 7 : tensor<1x8x16x64xf32>
  %2 = npu_graph.rope %x theta = 500000.0 offset = 7 : tensor<1x8x16x64xf32>
  // CHECK: npu_graph.attention %{{.*}}, %{{.*}}, %{{.*}} scale = 1.250000e-01 : tensor<1x32x16x64xbf16>, tensor<1x8x48x64xbf16>, tensor<1x8x48x32xbf16> -> tensor<1x32x16x32xbf16>
  %3 = npu_graph.attention %q, %k, %v scale = 0.125 : tensor<1x32x16x64xbf16>, tensor<1x8x48x64xbf16>, tensor<1x8x48x32xbf16> -> tensor<1x32x16x32xbf16>
  // CHECK: npu_graph.attention %{{.*}}, %{{.*}}, %{{.*}} scale = 1.250000e-01 causal offset = 32 : tensor<1x32x16x64xbf16>, tensor<1x8x48x64xbf16>, tensor<1x8x48x32xbf16> -> tensor<1x32x16x32xbf16>
  %4 = npu_graph.attention %q, %k, %v scale = 0.125 causal offset = 32 : tensor<1x32x16x64xbf16>, tensor<1x8x48x64xbf16>, tensor<1x8x48x32xbf16> -> tensor<1x32x16x32xbf16>
  return
}

// An additive mask, broadcast per sequence or per head and query row.
// CHECK-LABEL: func.func @masked_attention
func.func @masked_attention(%q: tensor<2x4x16x64xbf16>,
                            %k: tensor<2x2x48x64xbf16>,
                            %m: tensor<2x1x1x48xbf16>,
                            %n: tensor<1x4x16x48xbf16>) {
  // CHECK: npu_graph.attention %{{.*}}, %{{.*}}, %{{.*}} mask %{{.*}} scale = 1.250000e-01 : tensor<2x4x16x64xbf16>, tensor<2x2x48x64xbf16>, tensor<2x2x48x64xbf16>, tensor<2x1x1x48xbf16> -> tensor<2x4x16x64xbf16>
  %0 = npu_graph.attention %q, %k, %k mask %m scale = 0.125 : tensor<2x4x16x64xbf16>, tensor<2x2x48x64xbf16>, tensor<2x2x48x64xbf16>, tensor<2x1x1x48xbf16> -> tensor<2x4x16x64xbf16>
  // CHECK: npu_graph.attention %{{.*}}, %{{.*}}, %{{.*}} mask %{{.*}} scale = 1.250000e-01 causal offset = 32 : tensor<2x4x16x64xbf16>, tensor<2x2x48x64xbf16>, tensor<2x2x48x64xbf16>, tensor<1x4x16x48xbf16> -> tensor<2x4x16x64xbf16>
  %1 = npu_graph.attention %q, %k, %k mask %n scale = 0.125 causal offset = 32 : tensor<2x4x16x64xbf16>, tensor<2x2x48x64xbf16>, tensor<2x2x48x64xbf16>, tensor<1x4x16x48xbf16> -> tensor<2x4x16x64xbf16>
  return
}

// CHECK-LABEL: func.func @conversions
func.func @conversions(%x: tensor<4x8xf32>, %h: tensor<4x8xbf16>,
                       %i: tensor<4x8xi32>) {
  // CHECK: npu_graph.cast %{{.*}} : tensor<4x8xf32> to tensor<4x8xbf16>
  %0 = npu_graph.cast %x : tensor<4x8xf32> to tensor<4x8xbf16>
  // CHECK: npu_graph.cast %{{.*}} : tensor<4x8xi32> to tensor<4x8xi8>
  %1 = npu_graph.cast %i : tensor<4x8xi32> to tensor<4x8xi8>
  // CHECK: npu_graph.quantize %{{.*}} scales = [2.500000e-01] zero_points = [-3] : tensor<4x8xf32> -> tensor<4x8xi8>
  %2 = npu_graph.quantize %x scales = [0.25] zero_points = [-3] : tensor<4x8xf32> -> tensor<4x8xi8>
  // CHECK: npu_graph.quantize %{{.*}} axis = 0 scales = [1.000000e+00, 5.000000e-01, 2.500000e-01, 1.250000e-01] zero_points = [0, 1, 2, 3] : tensor<4x8xbf16> -> tensor<4x8xi8>
  %3 = npu_graph.quantize %h axis = 0 scales = [1.0, 0.5, 0.25, 0.125] zero_points = [0, 1, 2, 3] : tensor<4x8xbf16> -> tensor<4x8xi8>
  // CHECK: npu_graph.dequantize %{{.*}} scales = [2.500000e-01] zero_points = [-3] : tensor<4x8xi8> -> tensor<4x8xf32>
  %4 = npu_graph.dequantize %2 scales = [0.25] zero_points = [-3] : tensor<4x8xi8> -> tensor<4x8xf32>
  // CHECK: npu_graph.dequantize %{{.*}} axis = -1 scales = [{{.*}}] zero_points = [0, 0, 0, 0, 0, 0, 0, 100000] : tensor<4x8xi32> -> tensor<4x8xbf16>
  %5 = npu_graph.dequantize %i axis = -1 scales = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0] zero_points = [0, 0, 0, 0, 0, 0, 0, 100000] : tensor<4x8xi32> -> tensor<4x8xbf16>
  return
}

// CHECK-LABEL: func.func @constants
func.func @constants() {
  // CHECK: npu_graph.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  %0 = npu_graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: npu_graph.constant dense<0.000000e+00> : tensor<768x768xbf16>
  %1 = npu_graph.constant dense<0.0> : tensor<768x768xbf16>
  // CHECK: npu_graph.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi32>
  %2 = npu_graph.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  // CHECK: npu_graph.constant #npu_graph.external<"weights/w0.bin", 4096> : tensor<768x768xbf16>
  %3 = npu_graph.constant #npu_graph.external<"weights/w0.bin", 4096> : tensor<768x768xbf16>
  // CHECK: npu_graph.constant #npu_graph.external<"/abs/path.bin", 0> : tensor<16xi8>
  %4 = npu_graph.constant #npu_graph.external<"/abs/path.bin", 0> : tensor<16xi8>
  // CHECK: npu_graph.constant dense_resource<blob> : tensor<2xf32>
  %5 = npu_graph.constant dense_resource<blob> : tensor<2xf32>
  return
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803F00000040"
    }
  }
#-}

// CHECK-LABEL: func.func @booleans
func.func @booleans(%a: tensor<4x8xf32>, %b: tensor<8xf32>, %i: tensor<4x1xi32>,
                    %m: tensor<4x8xi1>, %n: tensor<1x8xi1>) {
  // CHECK: npu_graph.compare lt %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xi1>
  %0 = npu_graph.compare lt %a, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xi1>
  // CHECK: npu_graph.compare ge %{{.*}}, %{{.*}} : tensor<4x1xi32>, tensor<4x1xi32> -> tensor<4x1xi1>
  %1 = npu_graph.compare ge %i, %i : tensor<4x1xi32>, tensor<4x1xi32> -> tensor<4x1xi1>
  // CHECK: npu_graph.logical xor %{{.*}}, %{{.*}} : tensor<4x8xi1>, tensor<1x8xi1> -> tensor<4x8xi1>
  %2 = npu_graph.logical xor %m, %n : tensor<4x8xi1>, tensor<1x8xi1> -> tensor<4x8xi1>
  // CHECK: npu_graph.not %{{.*}} : tensor<4x8xi1>
  %3 = npu_graph.not %2 : tensor<4x8xi1>
  // CHECK: npu_graph.select %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x8xi1>, tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %4 = npu_graph.select %n, %a, %b : tensor<1x8xi1>, tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  return
}
