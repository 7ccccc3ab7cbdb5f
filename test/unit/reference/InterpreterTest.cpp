//===- InterpreterTest.cpp - The npu_graph reference interpreter ----------===//
//
// Each test parses a small npu_graph function, runs it with the reference
// interpreter and compares with values computed by hand (or by an obviously
// correct loop in the test), in fp32 and with device numerics.
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/Interpreter.h"
#include "npu_graph/NpuGraph.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

using namespace mlir;
using namespace npu::reference;

namespace {

constexpr double kTol = 1e-6;

class InterpreterTest : public ::testing::Test {
protected:
  InterpreterTest() {
    DialectRegistry registry;
    registry.insert<npu::graph::NpuGraphDialect, func::FuncDialect>();
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    context.allowUnregisteredDialects();
  }

  /// Parses `ir` as if read from the file `sourceName`.
  OwningOpRef<ModuleOp> parse(StringRef ir,
                              StringRef sourceName = "test.mlir") {
    std::string diagnostics;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
      llvm::raw_string_ostream(diagnostics) << d << "\n";
      return success();
    });
    ParserConfig config(&context);
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(ir, config, sourceName);
    EXPECT_TRUE(module) << diagnostics;
    return module;
  }

  /// Runs @main of `ir` and expects success.
  std::vector<Tensor> run(StringRef ir, ArrayRef<Tensor> inputs,
                          const InterpreterOptions &options = {},
                          StringRef sourceName = "test.mlir") {
    OwningOpRef<ModuleOp> module = parse(ir, sourceName);
    if (!module)
      return {};
    auto results = interpret(*module, "main", inputs, options);
    if (!results) {
      ADD_FAILURE() << llvm::toString(results.takeError());
      return {};
    }
    return std::move(*results);
  }

  std::vector<Tensor> runDevice(StringRef ir, ArrayRef<Tensor> inputs) {
    InterpreterOptions options;
    options.deviceNumerics = true;
    return run(ir, inputs, options);
  }

  /// Runs @main of `ir` and returns the error message ("" on success).
  std::string runError(StringRef ir, ArrayRef<Tensor> inputs,
                       const InterpreterOptions &options = {},
                       StringRef sourceName = "test.mlir") {
    OwningOpRef<ModuleOp> module = parse(ir, sourceName);
    if (!module)
      return "parse error";
    auto results = interpret(*module, "main", inputs, options);
    if (results)
      return "";
    return llvm::toString(results.takeError());
  }

  MLIRContext context;
};

Tensor f32(std::vector<int64_t> shape, std::vector<double> values) {
  return Tensor::fromValues(ElementType::F32, shape, values);
}
Tensor bf16(std::vector<int64_t> shape, std::vector<double> values) {
  return Tensor::fromValues(ElementType::BF16, shape, values);
}
Tensor i32(std::vector<int64_t> shape, std::vector<double> values) {
  return Tensor::fromValues(ElementType::I32, shape, values);
}
Tensor i8(std::vector<int64_t> shape, std::vector<double> values) {
  return Tensor::fromValues(ElementType::I8, shape, values);
}

void expectNear(const Tensor &actual, ArrayRef<int64_t> shape,
                ArrayRef<double> expected, double tol = kTol) {
  ASSERT_EQ(actual.getShape(), shape) << actual.toString();
  ASSERT_EQ(actual.getNumElements(), int64_t(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], tol)
        << "element " << i << " of " << actual.toString();
}

void expectEqual(const Tensor &actual, ArrayRef<int64_t> shape,
                 ArrayRef<double> expected) {
  expectNear(actual, shape, expected, 0.0);
}

uint32_t bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

/// Same shape, type and bits.
void expectIdentical(const Tensor &a, const Tensor &b) {
  ASSERT_EQ(a.getShape(), b.getShape());
  ASSERT_EQ(a.getElementType(), b.getElementType());
  for (int64_t i = 0; i < a.getNumElements(); ++i)
    EXPECT_EQ(bits(float(a[i])), bits(float(b[i])))
        << "element " << i << ": " << a[i] << " vs " << b[i];
}

//===----------------------------------------------------------------------===//
// Tensor
//===----------------------------------------------------------------------===//

TEST(TensorTest, RoundingAndBytes) {
  // bf16 rounds to nearest even: 1 + 2^-8 is half-way between 1 and
  // 1 + 2^-7.
  Tensor h = bf16({3}, {1.00390625, 1.01171875, 3.0});
  EXPECT_EQ(h[0], 1.0);
  EXPECT_EQ(h[1], 1.015625);
  std::vector<uint8_t> bytes = h.toBytes();
  ASSERT_EQ(bytes.size(), 6u);
  EXPECT_EQ(bytes[0], 0x80); // 1.0 = 0x3F80, little-endian
  EXPECT_EQ(bytes[1], 0x3F);
  auto back = Tensor::fromBytes(ElementType::BF16, {3}, bytes);
  ASSERT_TRUE(bool(back));
  expectEqual(*back, {3}, {1.0, 1.015625, 3.0});
  auto bad = Tensor::fromBytes(ElementType::BF16, {4}, bytes);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "tensor<4xbf16> needs 8 bytes, got 6");

  // Integers round half to even and saturate.
  Tensor q = i8({5}, {2.5, 3.5, -128.5, 200, std::nan("")});
  expectEqual(q, {5}, {2, 4, -128, 127, 0});
  EXPECT_EQ(q.at({1}), 4);
  EXPECT_EQ(i32({1}, {3e9})[0], 2147483647.0);
  EXPECT_EQ(Tensor(ElementType::F32, {2, 2}).getNumElements(), 4);
  EXPECT_EQ(f32({2, 2}, {1, 2, 3, 4.5}).toString(),
            "tensor<2x2xf32> [[1, 2], [3, 4.5]]");
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, Matmul) {
  const char *ir = R"mlir(
func.func @main(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>, %bt: tensor<2x3xf32>)
    -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %0 = npu_graph.matmul %a, %b : tensor<2x3xf32>, tensor<3x2xf32> -> tensor<2x2xf32>
  %1 = npu_graph.matmul %a, %bt transpose_b : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x2xf32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x2xf32>
})mlir";
  // [1 2 3; 4 5 6] x [7 8; 9 10; 11 12] = [58 64; 139 154].
  Tensor a = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = f32({3, 2}, {7, 8, 9, 10, 11, 12});
  Tensor bt = f32({2, 3}, {7, 9, 11, 8, 10, 12});
  for (bool device : {false, true}) {
    InterpreterOptions options;
    options.deviceNumerics = device;
    auto r = run(ir, {a, b, bt}, options);
    ASSERT_EQ(r.size(), 2u);
    expectEqual(r[0], {2, 2}, {58, 64, 139, 154});
    expectEqual(r[1], {2, 2}, {58, 64, 139, 154});
  }
}

TEST_F(InterpreterTest, MatmulBatchBroadcast) {
  // lhs batch [2, 1] and rhs batch [3] broadcast to [2, 3].
  const char *ir = R"mlir(
func.func @main(%a: tensor<2x1x1x2xf32>, %b: tensor<3x2x1xf32>) -> tensor<2x3x1x1xf32> {
  %0 = npu_graph.matmul %a, %b : tensor<2x1x1x2xf32>, tensor<3x2x1xf32> -> tensor<2x3x1x1xf32>
  return %0 : tensor<2x3x1x1xf32>
})mlir";
  Tensor a = f32({2, 1, 1, 2}, {1, 2, 3, 4});
  Tensor b = f32({3, 2, 1}, {1, 0, 0, 1, 1, 1});
  auto r = run(ir, {a, b});
  ASSERT_EQ(r.size(), 1u);
  // a0 = [1 2], a1 = [3 4]; b0 = [1;0], b1 = [0;1], b2 = [1;1].
  expectEqual(r[0], {2, 3, 1, 1}, {1, 2, 3, 3, 4, 7});
}

TEST_F(InterpreterTest, MatmulInt8) {
  const char *ir = R"mlir(
func.func @main(%a: tensor<1x3xi8>, %b: tensor<3x2xi8>) -> tensor<1x2xi32> {
  %0 = npu_graph.matmul %a, %b : tensor<1x3xi8>, tensor<3x2xi8> -> tensor<1x2xi32>
  return %0 : tensor<1x2xi32>
})mlir";
  auto r = run(
      ir, {i8({1, 3}, {127, -128, 5}), i8({3, 2}, {127, 1, 127, 2, -3, 3})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].getElementType(), ElementType::I32);
  expectEqual(r[0], {1, 2}, {127 * 127 - 128 * 127 - 15, 127 - 256 + 15});
}

TEST_F(InterpreterTest, MatmulDeviceNumerics) {
  const char *ir = R"mlir(
func.func @main(%a: tensor<1x3xf32>, %b: tensor<3x1xf32>) -> tensor<1x1xf32> {
  %0 = npu_graph.matmul %a, %b : tensor<1x3xf32>, tensor<3x1xf32> -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
})mlir";
  // [1 1 1] x [2^24; 1; -2^24]: the device sums sequentially in fp32, so the
  // 1 is lost (2^24 + 1 rounds to 2^24); fp32 numerics sum in double.
  Tensor a = f32({1, 3}, {1, 1, 1});
  Tensor b = f32({3, 1}, {16777216.0, 1, -16777216.0});
  expectEqual(run(ir, {a, b})[0], {1, 1}, {1});
  expectEqual(runDevice(ir, {a, b})[0], {1, 1}, {0});

  // Device operands are rounded to bf16: 1 + 2^-8 becomes 1.
  Tensor c = f32({1, 3}, {1.00390625, 0, 0});
  Tensor d = f32({3, 1}, {1, 0, 0});
  expectEqual(run(ir, {c, d})[0], {1, 1}, {1.00390625});
  expectEqual(runDevice(ir, {c, d})[0], {1, 1}, {1.0});
}

TEST_F(InterpreterTest, Bf16Storage) {
  // A bf16 result is stored rounded to bf16 with device numerics only.
  const char *ir = R"mlir(
func.func @main(%a: tensor<2xbf16>, %b: tensor<2xbf16>) -> tensor<2xbf16> {
  %0 = npu_graph.add %a, %b : tensor<2xbf16>
  return %0 : tensor<2xbf16>
})mlir";
  Tensor a = bf16({2}, {1.0, 1.0});
  Tensor b = bf16({2}, {0.00390625, 0.01171875});
  expectEqual(run(ir, {a, b})[0], {2}, {1.00390625, 1.01171875});
  expectEqual(runDevice(ir, {a, b})[0], {2}, {1.0, 1.015625});
}

//===----------------------------------------------------------------------===//
// Elementwise operations
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, BinaryBroadcast) {
  const char *ir = R"mlir(
func.func @main(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<2x1xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = npu_graph.add %a, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %1 = npu_graph.sub %c, %b : tensor<2x1xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %2 = npu_graph.mul %a, %c : tensor<2x3xf32>, tensor<2x1xf32> -> tensor<2x3xf32>
  %3 = npu_graph.div %a, %c : tensor<2x3xf32>, tensor<2x1xf32> -> tensor<2x3xf32>
  %4 = npu_graph.max %a, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %5 = npu_graph.min %b, %a : tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
})mlir";
  Tensor a = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = f32({3}, {10, 0, -10});
  Tensor c = f32({2, 1}, {2, 4});
  for (bool device : {false, true}) {
    InterpreterOptions options;
    options.deviceNumerics = device;
    auto r = run(ir, {a, b, c}, options);
    ASSERT_EQ(r.size(), 6u);
    expectEqual(r[0], {2, 3}, {11, 2, -7, 14, 5, -4});
    expectEqual(r[1], {2, 3}, {-8, 2, 12, -6, 4, 14});
    expectEqual(r[2], {2, 3}, {2, 4, 6, 16, 20, 24});
    expectEqual(r[3], {2, 3}, {0.5, 1, 1.5, 1, 1.25, 1.5});
    expectEqual(r[4], {2, 3}, {10, 2, 3, 10, 5, 6});
    expectEqual(r[5], {2, 3}, {1, 0, -10, 4, 0, -10});
  }
}

TEST_F(InterpreterTest, CompareLogicalSelect) {
  const char *ir = R"mlir(
func.func @main(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %m: tensor<2x1xi1>,
                %i: tensor<3xi32>)
    -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xf32>,
        tensor<3xi1>, tensor<3xi32>) {
  %lt = npu_graph.compare lt %a, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  %ne = npu_graph.compare ne %a, %a : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xi1>
  %x = npu_graph.logical xor %lt, %m : tensor<2x3xi1>, tensor<2x1xi1> -> tensor<2x3xi1>
  %n = npu_graph.not %x : tensor<2x3xi1>
  %s = npu_graph.select %n, %a, %b : tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %ge = npu_graph.compare ge %i, %i : tensor<3xi32>, tensor<3xi32> -> tensor<3xi1>
  %k = npu_graph.constant dense<[true, false, true]> : tensor<3xi1>
  %z = npu_graph.constant dense<-7> : tensor<i32>
  %si = npu_graph.select %k, %i, %z : tensor<3xi1>, tensor<3xi32>, tensor<i32> -> tensor<3xi32>
  return %lt, %ne, %n, %s, %ge, %si : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xi1>, tensor<3xi32>
})mlir";
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Tensor a = f32({2, 3}, {1, nan, 3, -4, 5, 6});
  Tensor b = f32({3}, {2, 0, 3});
  Tensor m = Tensor::fromValues(ElementType::I1, {2, 1}, {1, 0});
  Tensor i = i32({3}, {16777217, -5, 0});
  for (bool device : {false, true}) {
    InterpreterOptions options;
    options.deviceNumerics = device;
    auto r = run(ir, {a, b, m, i}, options);
    ASSERT_EQ(r.size(), 6u);
    EXPECT_EQ(r[0].getElementType(), ElementType::I1);
    // NaN compares false (lt) and unequal to itself (ne).
    expectEqual(r[0], {2, 3}, {1, 0, 0, 1, 0, 0});
    expectEqual(r[1], {2, 3}, {0, 1, 0, 0, 0, 0});
    // xor with [1, 0] per row, then not.
    expectEqual(r[2], {2, 3}, {1, 0, 0, 0, 1, 1});
    // The NaN of a is not chosen: b's 0 is.
    expectEqual(r[3], {2, 3}, {1, 0, 3, 2, 5, 6});
    expectEqual(r[4], {3}, {1, 1, 1});
    // Exact int32 values (2^24 + 1 does not fit fp32).
    expectEqual(r[5], {3}, {16777217, -7, 0});
  }
}

TEST_F(InterpreterTest, DivDeviceNumerics) {
  // The device divides by multiplying with the fp32 reciprocal, and
  // 41 * fp32(1/41) is not 1 in fp32.
  const char *ir = R"mlir(
func.func @main(%a: tensor<1xf32>, %b: tensor<1xf32>) -> tensor<1xf32> {
  %0 = npu_graph.div %a, %b : tensor<1xf32>
  return %0 : tensor<1xf32>
})mlir";
  float r = 1.0f / 41.0f;
  float viaRecip = 41.0f * r;
  ASSERT_NE(viaRecip, 1.0f);
  expectEqual(run(ir, {f32({1}, {41}), f32({1}, {41})})[0], {1}, {1.0});
  expectEqual(runDevice(ir, {f32({1}, {41}), f32({1}, {41})})[0], {1},
              {viaRecip});
}

TEST_F(InterpreterTest, Unary) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
    tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = npu_graph.neg %x : tensor<4xf32>
  %1 = npu_graph.exp %x : tensor<4xf32>
  %2 = npu_graph.tanh %x : tensor<4xf32>
  %3 = npu_graph.sigmoid %x : tensor<4xf32>
  %4 = npu_graph.silu %x : tensor<4xf32>
  %5 = npu_graph.relu %x : tensor<4xf32>
  %6 = npu_graph.erf %x : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
})mlir";
  std::vector<double> x = {-1, 0, 0.5, 2};
  auto r = run(ir, {f32({4}, x)});
  ASSERT_EQ(r.size(), 7u);
  std::vector<double> neg, ex, th, sg, si, re, er;
  for (double v : x) {
    neg.push_back(-v);
    ex.push_back(std::exp(v));
    th.push_back(std::tanh(v));
    sg.push_back(1 / (1 + std::exp(-v)));
    si.push_back(v / (1 + std::exp(-v)));
    re.push_back(v > 0 ? v : 0);
    er.push_back(std::erf(v));
  }
  expectNear(r[0], {4}, neg);
  expectNear(r[1], {4}, ex);
  expectNear(r[2], {4}, th);
  expectNear(r[3], {4}, sg);
  expectNear(r[4], {4}, si);
  expectNear(r[5], {4}, re);
  expectNear(r[6], {4}, er);

  const char *roots = R"mlir(
func.func @main(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = npu_graph.sqrt %x : tensor<3xf32>
  %1 = npu_graph.rsqrt %x : tensor<3xf32>
  %2 = npu_graph.reciprocal %x : tensor<3xf32>
  return %0, %1, %2 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
})mlir";
  auto s = run(roots, {f32({3}, {4, 16, 0.25})});
  ASSERT_EQ(s.size(), 3u);
  expectEqual(s[0], {3}, {2, 4, 0.5});
  expectEqual(s[1], {3}, {0.5, 0.25, 2});
  expectEqual(s[2], {3}, {0.25, 0.0625, 4});
}

TEST_F(InterpreterTest, PowLogAbsMinProd) {
  // pow broadcasts like the other binary ops and takes negative bases with
  // integral exponents; reduce min and prod fold in row-major order, in
  // both modes (the values are exact in fp32).
  const char *ir = R"mlir(
func.func @main(%x: tensor<2x3xf32>, %e: tensor<3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>, tensor<3xf32>) {
  %0 = npu_graph.pow %x, %e : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %1 = npu_graph.abs %x : tensor<2x3xf32>
  %2 = npu_graph.log %1 : tensor<2x3xf32>
  %3 = npu_graph.reduce min %x axes = [1] : tensor<2x3xf32> -> tensor<2xf32>
  %4 = npu_graph.reduce prod %x axes = [0] : tensor<2x3xf32> -> tensor<3xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>, tensor<3xf32>
})mlir";
  Tensor x = f32({2, 3}, {-2, 4, 0.5, 3, 9, -8});
  Tensor e = f32({3}, {3, 0.5, -1});
  for (bool device : {false, true}) {
    InterpreterOptions options;
    options.deviceNumerics = device;
    auto r = run(ir, {x, e}, options);
    ASSERT_EQ(r.size(), 5u);
    expectEqual(r[0], {2, 3}, {-8, 2, 2, 27, 3, -0.125});
    expectEqual(r[1], {2, 3}, {2, 4, 0.5, 3, 9, 8});
    expectNear(r[2], {2, 3},
               {std::log(2.0), std::log(4.0), std::log(0.5), std::log(3.0),
                std::log(9.0), std::log(8.0)});
    expectEqual(r[3], {2}, {-2, -8});
    expectEqual(r[4], {3}, {-6, 36, -4});
  }
}

TEST_F(InterpreterTest, Gelu) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = npu_graph.gelu %x : tensor<4xf32>
  %1 = npu_graph.gelu %x approximate = tanh : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
})mlir";
  // 0.5 * x * (1 + erf(x / sqrt(2))) and the tanh form, computed by hand in
  // double.
  std::vector<double> exact = {-0.15865525393145707, 0.0, 0.34573123063700656,
                               1.9544997361036416};
  std::vector<double> tanhForm = {-0.15880800939172324, 0.0,
                                  0.34571400982514394, 1.954597694087775};
  Tensor x = f32({4}, {-1, 0, 0.5, 2});
  for (bool device : {false, true}) {
    InterpreterOptions options;
    options.deviceNumerics = device;
    auto r = run(ir, {x}, options);
    ASSERT_EQ(r.size(), 2u);
    expectNear(r[0], {4}, exact, 1e-7);
    expectNear(r[1], {4}, tanhForm, 1e-7);
    // Rounded once from double: the nearest fp32.
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(float(r[0][i]), float(exact[i]));
      EXPECT_EQ(float(r[1][i]), float(tanhForm[i]));
    }
  }
}

//===----------------------------------------------------------------------===//
// Normalisation and softmax
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, SoftmaxCausal) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<1x3x3xf32>) -> (tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>) {
  %0 = npu_graph.softmax %x axis = -1 causal : tensor<1x3x3xf32>
  %1 = npu_graph.softmax %x axis = 2 causal offset = 1 : tensor<1x3x3xf32>
  %2 = npu_graph.softmax %x axis = -1 : tensor<1x3x3xf32>
  return %0, %1, %2 : tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
})mlir";
  Tensor zeros = f32({1, 3, 3}, std::vector<double>(9, 0.0));
  double t = 1.0 / 3;
  for (bool device : {false, true}) {
    InterpreterOptions options;
    options.deviceNumerics = device;
    auto r = run(ir, {zeros}, options);
    ASSERT_EQ(r.size(), 3u);
    // Row i sees columns 0..i (+ offset); masked entries are exactly 0.
    expectNear(r[0], {1, 3, 3}, {1, 0, 0, 0.5, 0.5, 0, t, t, t});
    expectNear(r[1], {1, 3, 3}, {0.5, 0.5, 0, t, t, t, t, t, t});
    expectNear(r[2], {1, 3, 3}, {t, t, t, t, t, t, t, t, t});
    EXPECT_EQ(r[0][1], 0.0);
    EXPECT_EQ(r[0][2], 0.0);
  }

  // softmax([1, 2, 3]) = e^x / (e + e^2 + e^3); a masked large value does
  // not matter.
  Tensor x = f32({1, 3, 3}, {1, 100, 100, 1, 2, 100, 1, 2, 3});
  double s3 = std::exp(1) + std::exp(2) + std::exp(3);
  double s2 = std::exp(1) + std::exp(2);
  auto r = run(ir, {x});
  expectNear(r[0], {1, 3, 3},
             {1, 0, 0, std::exp(1) / s2, std::exp(2) / s2, 0, std::exp(1) / s3,
              std::exp(2) / s3, std::exp(3) / s3});
  auto d = runDevice(ir, {x});
  expectNear(d[0], {1, 3, 3}, r[0].getValues(), 1e-6);
}

TEST_F(InterpreterTest, SoftmaxAxis) {
  // Softmax along the first axis of a 2x2 tensor (columns).
  const char *ir = R"mlir(
func.func @main(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = npu_graph.softmax %x axis = 0 : tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
})mlir";
  auto r = run(ir, {f32({2, 2}, {0, 1, 0, 1 + std::log(3.0)})});
  expectNear(r[0], {2, 2}, {0.5, 0.25, 0.5, 0.75});
}

TEST_F(InterpreterTest, LayerNorm) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>)
    -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = npu_graph.layer_norm %x gamma(%g : tensor<4xf32>) beta(%b : tensor<4xf32>) epsilon = 0.0 : tensor<2x4xf32>
  %1 = npu_graph.layer_norm %x epsilon = 0.75 : tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
})mlir";
  // Row [1 2 3 4]: mean 2.5, biased variance 1.25. Row [0 0 2 2]: mean 1,
  // variance 1.
  Tensor x = f32({2, 4}, {1, 2, 3, 4, 0, 0, 2, 2});
  Tensor g = f32({4}, {1, 2, 1, 1});
  Tensor b = f32({4}, {0, 0, 1, 0});
  double s = 1 / std::sqrt(1.25);
  double s2 = 1 / std::sqrt(1.25 + 0.75); // = 1/sqrt(2)
  for (bool device : {false, true}) {
    InterpreterOptions options;
    options.deviceNumerics = device;
    auto r = run(ir, {x, g, b}, options);
    ASSERT_EQ(r.size(), 2u);
    expectNear(r[0], {2, 4},
               {-1.5 * s, -0.5 * s * 2, 0.5 * s + 1, 1.5 * s, -1, -2, 2, 1});
    double s3 = 1 / std::sqrt(1.75);
    expectNear(r[1], {2, 4},
               {-1.5 * s2, -0.5 * s2, 0.5 * s2, 1.5 * s2, -s3, -s3, s3, s3});
  }
}

TEST_F(InterpreterTest, RmsNorm) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<1x2xf32>, %g: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %0 = npu_graph.rms_norm %x gamma(%g : tensor<2xf32>) epsilon = 0.0 : tensor<1x2xf32>
  %1 = npu_graph.rms_norm %x epsilon = 3.5 : tensor<1x2xf32>
  return %0, %1 : tensor<1x2xf32>, tensor<1x2xf32>
})mlir";
  // [3 4]: mean square 12.5; with epsilon 3.5 it is 16, so y = x / 4.
  for (bool device : {false, true}) {
    InterpreterOptions options;
    options.deviceNumerics = device;
    auto r = run(ir, {f32({1, 2}, {3, 4}), f32({2}, {1, 10})}, options);
    ASSERT_EQ(r.size(), 2u);
    double s = 1 / std::sqrt(12.5);
    expectNear(r[0], {1, 2}, {3 * s, 40 * s});
    expectEqual(r[1], {1, 2}, {0.75, 1.0});
  }
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, TransposeReshapeConcatSlice) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<2x3xf32>, %y: tensor<1x3xf32>)
    -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x3xf32>, tensor<2x6xf32>, tensor<1x2xf32>) {
  %0 = npu_graph.transpose %x permutation = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = npu_graph.reshape %x : tensor<2x3xf32> -> tensor<3x2xf32>
  %2 = npu_graph.concat %x, %y axis = 0 : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<3x3xf32>
  %3 = npu_graph.concat %x, %x axis = -1 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x6xf32>
  %4 = npu_graph.slice %x starts = [1, 0] sizes = [1, 2] strides = [1, 2] : tensor<2x3xf32> -> tensor<1x2xf32>
  return %0, %1, %2, %3, %4 : tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x3xf32>, tensor<2x6xf32>, tensor<1x2xf32>
})mlir";
  auto r = run(ir, {f32({2, 3}, {1, 2, 3, 4, 5, 6}), f32({1, 3}, {7, 8, 9})});
  ASSERT_EQ(r.size(), 5u);
  expectEqual(r[0], {3, 2}, {1, 4, 2, 5, 3, 6});
  expectEqual(r[1], {3, 2}, {1, 2, 3, 4, 5, 6});
  expectEqual(r[2], {3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  expectEqual(r[3], {2, 6}, {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6});
  expectEqual(r[4], {1, 2}, {4, 6});
}

TEST_F(InterpreterTest, Transpose3D) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<2x3x4xi32>) -> tensor<4x2x3xi32> {
  %0 = npu_graph.transpose %x permutation = [2, 0, 1] : tensor<2x3x4xi32> -> tensor<4x2x3xi32>
  return %0 : tensor<4x2x3xi32>
})mlir";
  std::vector<double> v(24);
  for (int i = 0; i < 24; ++i)
    v[i] = i;
  auto r = run(ir, {i32({2, 3, 4}, v)});
  ASSERT_EQ(r.size(), 1u);
  // result[c][a][b] = x[a][b][c] = 12a + 4b + c.
  for (int c = 0; c < 4; ++c)
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 3; ++b)
        EXPECT_EQ(r[0].at({c, a, b}), 12 * a + 4 * b + c);
}

TEST_F(InterpreterTest, Gather) {
  const char *ir = R"mlir(
func.func @main(%t: tensor<4x2xbf16>, %i: tensor<2x2xi32>) -> tensor<2x2x2xbf16> {
  %0 = npu_graph.gather %t[%i] : tensor<4x2xbf16>, tensor<2x2xi32> -> tensor<2x2x2xbf16>
  return %0 : tensor<2x2x2xbf16>
})mlir";
  Tensor table = bf16({4, 2}, {0, 1, 10, 11, 20, 21, 30, 31});
  auto r = run(ir, {table, i32({2, 2}, {3, 0, 1, 1})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].getElementType(), ElementType::BF16);
  expectEqual(r[0], {2, 2, 2}, {30, 31, 0, 1, 10, 11, 10, 11});

  // Negative indices count from the end: -1 is row 3, -4 row 0.
  r = run(ir, {table, i32({2, 2}, {-1, 2, -4, -3})});
  ASSERT_EQ(r.size(), 1u);
  expectEqual(r[0], {2, 2, 2}, {30, 31, 20, 21, 0, 1, 10, 11});

  std::string error = runError(ir, {table, i32({2, 2}, {3, 0, 4, 1})});
  EXPECT_NE(error.find("test.mlir:3:"), std::string::npos) << error;
  EXPECT_NE(error.find("'npu_graph.gather' op index 4 (element 2 of the "
                       "indices) is out of range [-4, 4)"),
            std::string::npos)
      << error;
  error = runError(ir, {table, i32({2, 2}, {3, -5, 0, 1})});
  EXPECT_NE(error.find("index -5 (element 1 of the indices) is out of range "
                       "[-4, 4)"),
            std::string::npos)
      << error;
}

//===----------------------------------------------------------------------===//
// Rotary embedding and attention
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, Rope) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<1x2x4xf32>, %c: tensor<2x4xf32>, %s: tensor<2x4xf32>)
    -> (tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  %0 = npu_graph.rope %x theta = 10000.0 : tensor<1x2x4xf32>
  %1 = npu_graph.rope %x cos(%c : tensor<2x4xf32>) sin(%s : tensor<2x4xf32>) : tensor<1x2x4xf32>
  %2 = npu_graph.rope %x theta = 10000.0 offset = 1 : tensor<1x2x4xf32>
  return %0, %1, %2 : tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>
})mlir";
  // d = 4: frequencies theta^(-0/4) = 1 and theta^(-2/4) = 0.01, each used
  // by both halves. Both rows are x = [1 2 3 4], rotate_half(x) =
  // [-3 -4 1 2]. Position 0 is the identity; at position 1 the angles are
  // [1, 0.01, 1, 0.01].
  Tensor x = f32({1, 2, 4}, {1, 2, 3, 4, 1, 2, 3, 4});
  std::vector<double> pos0 = {1, 2, 3, 4};
  std::vector<double> pos1 = {-1.9841106485555495, 1.959900667496664,
                              2.4623779024123156, 4.019799668334994};
  std::vector<double> cosT, sinT;
  for (int p = 0; p < 2; ++p)
    for (double f : {1.0, 0.01, 1.0, 0.01}) {
      cosT.push_back(std::cos(p * f));
      sinT.push_back(std::sin(p * f));
    }
  std::vector<double> expected = pos0;
  expected.insert(expected.end(), pos1.begin(), pos1.end());
  for (bool device : {false, true}) {
    InterpreterOptions options;
    options.deviceNumerics = device;
    auto r = run(ir, {x, f32({2, 4}, cosT), f32({2, 4}, sinT)}, options);
    ASSERT_EQ(r.size(), 3u);
    expectNear(r[0], {1, 2, 4}, expected, 2e-6);
    expectNear(r[1], {1, 2, 4}, expected, 2e-6);
    // Tables computed from theta equal the explicit ones.
    expectIdentical(r[0], r[1]);
    // With offset 1 the first row is at position 1.
    for (int k = 0; k < 4; ++k)
      EXPECT_NEAR(r[2][k], pos1[k], 2e-6);
  }
}

/// softmax(q k^T * scale, causal with `offset`) v with grouped-query heads,
/// written out directly in double.
std::vector<double> naiveAttention(const Tensor &q, const Tensor &k,
                                   const Tensor &v, double scale, bool causal,
                                   int64_t offset) {
  int64_t b = q.getShape()[0], hq = q.getShape()[1], sq = q.getShape()[2],
          d = q.getShape()[3];
  int64_t hkv = k.getShape()[1], skv = k.getShape()[2], dv = v.getShape()[3];
  std::vector<double> out;
  for (int64_t bi = 0; bi < b; ++bi)
    for (int64_t h = 0; h < hq; ++h) {
      int64_t g = h / (hq / hkv);
      for (int64_t i = 0; i < sq; ++i) {
        std::vector<double> w(skv);
        double sum = 0;
        for (int64_t j = 0; j < skv; ++j) {
          double s = 0;
          for (int64_t p = 0; p < d; ++p)
            s += q.at({bi, h, i, p}) * k.at({bi, g, j, p});
          w[j] = causal && j > i + offset ? 0.0 : std::exp(s * scale);
          sum += w[j];
        }
        for (int64_t c = 0; c < dv; ++c) {
          double o = 0;
          for (int64_t j = 0; j < skv; ++j)
            o += w[j] / sum * v.at({bi, g, j, c});
          out.push_back(o);
        }
      }
    }
  return out;
}

TEST_F(InterpreterTest, AttentionGroupedQuery) {
  // 4 query heads share 2 key/value heads: heads 0, 1 use group 0 and
  // heads 2, 3 group 1.
  const char *ir = R"mlir(
func.func @main(%q: tensor<1x4x2x2xf32>, %k: tensor<1x2x3x2xf32>, %v: tensor<1x2x3x2xf32>)
    -> (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) {
  %0 = npu_graph.attention %q, %k, %v scale = 0.5 : tensor<1x4x2x2xf32>, tensor<1x2x3x2xf32>, tensor<1x2x3x2xf32> -> tensor<1x4x2x2xf32>
  %1 = npu_graph.attention %q, %k, %v scale = 0.5 causal offset = 1 : tensor<1x4x2x2xf32>, tensor<1x2x3x2xf32>, tensor<1x2x3x2xf32> -> tensor<1x4x2x2xf32>
  return %0, %1 : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>
})mlir";
  std::vector<double> qv, kv, vv;
  for (int i = 0; i < 16; ++i)
    qv.push_back(0.25 * ((i * 7) % 11) - 1);
  for (int i = 0; i < 12; ++i) {
    kv.push_back(0.5 * ((i * 5) % 7) - 1.5);
    vv.push_back(i);
  }
  Tensor q = f32({1, 4, 2, 2}, qv), k = f32({1, 2, 3, 2}, kv),
         v = f32({1, 2, 3, 2}, vv);
  auto r = run(ir, {q, k, v});
  ASSERT_EQ(r.size(), 2u);
  expectNear(r[0], {1, 4, 2, 2}, naiveAttention(q, k, v, 0.5, false, 0));
  expectNear(r[1], {1, 4, 2, 2}, naiveAttention(q, k, v, 0.5, true, 1));
  // By hand, head 0, query row 0 (which sees keys 0 and 1 with offset 1):
  // q = [-1, 0.75], keys of group 0 [-1.5, 1], [0, -1] (and [1.5, 0.5]),
  // scores * 0.5 = [(1.5 + 0.75) / 2, -0.75 / 2] = [1.125, -0.375], values
  // [0, 1] and [2, 3].
  double w0 = std::exp(1.125), w1 = std::exp(-0.375);
  EXPECT_NEAR(r[1][0], (w0 * 0 + w1 * 2) / (w0 + w1), kTol);
  EXPECT_NEAR(r[1][1], (w0 * 1 + w1 * 3) / (w0 + w1), kTol);

  // Device numerics stay close to the fp32 result.
  auto d = runDevice(ir, {q, k, v});
  expectNear(d[0], {1, 4, 2, 2}, r[0].getValues(), 0.05);
  expectNear(d[1], {1, 4, 2, 2}, r[1].getValues(), 0.05);
}

TEST_F(InterpreterTest, AttentionEqualsComposition) {
  // With device numerics, attention is bit for bit matmul(q, k^T) * scale,
  // causal softmax, matmul(p, v) on fp32 tensors (the matmuls round their
  // operands to bf16).
  const char *ir = R"mlir(
func.func @main(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x3xf32>)
    -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %0 = npu_graph.attention %q, %k, %v scale = 0.5 causal offset = 2 : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x3xf32> -> tensor<1x2x3x3xf32>
  %s = npu_graph.matmul %q, %k transpose_b : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32> -> tensor<1x2x3x5xf32>
  %c = npu_graph.constant dense<0.5> : tensor<f32>
  %t = npu_graph.mul %s, %c : tensor<1x2x3x5xf32>, tensor<f32> -> tensor<1x2x3x5xf32>
  %p = npu_graph.softmax %t axis = -1 causal offset = 2 : tensor<1x2x3x5xf32>
  %o = npu_graph.matmul %p, %v : tensor<1x2x3x5xf32>, tensor<1x2x5x3xf32> -> tensor<1x2x3x3xf32>
  return %0, %o : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
})mlir";
  std::vector<double> qv, kv, vv;
  for (int i = 0; i < 24; ++i)
    qv.push_back(std::sin(i * 1.3));
  for (int i = 0; i < 40; ++i)
    kv.push_back(std::cos(i * 0.7));
  for (int i = 0; i < 30; ++i)
    vv.push_back(std::sin(i * 0.3) * 2);
  Tensor q = f32({1, 2, 3, 4}, qv), k = f32({1, 2, 5, 4}, kv),
         v = f32({1, 2, 5, 3}, vv);
  auto d = runDevice(ir, {q, k, v});
  ASSERT_EQ(d.size(), 2u);
  expectIdentical(d[0], d[1]);
  auto r = run(ir, {q, k, v});
  expectNear(r[0], {1, 2, 3, 3}, r[1].getValues(), 1e-6);
  expectNear(r[0], {1, 2, 3, 3}, naiveAttention(q, k, v, 0.5, true, 2));
}

//===----------------------------------------------------------------------===//
// Conversions and quantisation
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, Cast) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<5xf32>) -> (tensor<5xbf16>, tensor<5xi8>, tensor<5xf32>) {
  %0 = npu_graph.cast %x : tensor<5xf32> to tensor<5xbf16>
  %1 = npu_graph.cast %x : tensor<5xf32> to tensor<5xi8>
  %2 = npu_graph.cast %1 : tensor<5xi8> to tensor<5xf32>
  return %0, %1, %2 : tensor<5xbf16>, tensor<5xi8>, tensor<5xf32>
})mlir";
  Tensor x = f32({5}, {1.00390625, 2.5, 3.5, -128.5, 200});
  auto r = run(ir, {x});
  ASSERT_EQ(r.size(), 3u);
  // fp32 numerics keep bf16 values in fp32; integers always round half to
  // even and saturate.
  expectEqual(r[0], {5}, {1.00390625, 2.5, 3.5, -128.5, 200});
  expectEqual(r[1], {5}, {1, 2, 4, -128, 127});
  expectEqual(r[2], {5}, {1, 2, 4, -128, 127});
  auto d = runDevice(ir, {x});
  expectEqual(d[0], {5}, {1.0, 2.5, 3.5, -128.0, 200});
  expectEqual(d[1], {5}, {1, 2, 4, -128, 127});
}

TEST_F(InterpreterTest, QuantizeRoundTrip) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<9xf32>) -> (tensor<9xi8>, tensor<9xf32>) {
  %q = npu_graph.quantize %x scales = [0.25] zero_points = [3] : tensor<9xf32> -> tensor<9xi8>
  %d = npu_graph.dequantize %q scales = [0.25] zero_points = [3] : tensor<9xi8> -> tensor<9xf32>
  return %q, %d : tensor<9xi8>, tensor<9xf32>
})mlir";
  // q = round_half_even(x / 0.25) + 3, saturated: 0.125 / 0.25 = 0.5 -> 0,
  // 0.375 / 0.25 = 1.5 -> 2.
  Tensor x = f32({9}, {-1.0, -0.26, 0, 0.125, 0.375, 0.5, 1.0, 100, -100});
  for (bool device : {false, true}) {
    InterpreterOptions options;
    options.deviceNumerics = device;
    auto r = run(ir, {x}, options);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].getElementType(), ElementType::I8);
    expectEqual(r[0], {9}, {-1, 2, 3, 3, 5, 5, 7, 127, -128});
    expectEqual(r[1], {9}, {-1.0, -0.25, 0, 0, 0.5, 0.5, 1.0, 31, -32.75});
  }
}

TEST_F(InterpreterTest, QuantizePerAxis) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<2x3xf32>) -> (tensor<2x3xi8>, tensor<2x3xf32>) {
  %q = npu_graph.quantize %x axis = 1 scales = [1.0, 0.5, 2.0] zero_points = [0, -1, 1] : tensor<2x3xf32> -> tensor<2x3xi8>
  %d = npu_graph.dequantize %q axis = -1 scales = [1.0, 0.5, 2.0] zero_points = [0, -1, 1] : tensor<2x3xi8> -> tensor<2x3xf32>
  return %q, %d : tensor<2x3xi8>, tensor<2x3xf32>
})mlir";
  auto r = run(ir, {f32({2, 3}, {1, 1, 1, -3, 2, 6})});
  ASSERT_EQ(r.size(), 2u);
  // Column scales 1, 0.5, 2 and zero points 0, -1, 1: 1/2 = 0.5 rounds to 0.
  expectEqual(r[0], {2, 3}, {1, 1, 1, -3, 3, 4});
  expectEqual(r[1], {2, 3}, {1, 1, 0, -3, 2, 6});
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, DenseConstants) {
  const char *ir = R"mlir(
func.func @main() -> (tensor<2x2xf32>, tensor<3xbf16>, tensor<2xi32>, tensor<2xi8>) {
  %0 = npu_graph.constant dense<[[1.0, 2.0], [3.0, 4.5]]> : tensor<2x2xf32>
  %1 = npu_graph.constant dense<1.5> : tensor<3xbf16>
  %2 = npu_graph.constant dense<[100000, -7]> : tensor<2xi32>
  %3 = npu_graph.constant dense<[-128, 127]> : tensor<2xi8>
  return %0, %1, %2, %3 : tensor<2x2xf32>, tensor<3xbf16>, tensor<2xi32>, tensor<2xi8>
})mlir";
  auto r = run(ir, {});
  ASSERT_EQ(r.size(), 4u);
  expectEqual(r[0], {2, 2}, {1, 2, 3, 4.5});
  expectEqual(r[1], {3}, {1.5, 1.5, 1.5});
  expectEqual(r[2], {2}, {100000, -7});
  expectEqual(r[3], {2}, {-128, 127});
}

TEST_F(InterpreterTest, ResourceConstants) {
  // The blob: 4-byte alignment header, then fp32 1.0, 2.0 little-endian.
  const char *ir = R"mlir(
func.func @main() -> tensor<2xf32> {
  %0 = npu_graph.constant dense_resource<w> : tensor<2xf32>
  return %0 : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F00000040"
    }
  }
#-})mlir";
  auto r = run(ir, {});
  ASSERT_EQ(r.size(), 1u);
  expectEqual(r[0], {2}, {1.0, 2.0});

  const char *missing = R"mlir(
func.func @main() -> tensor<2xf32> {
  %0 = npu_graph.constant dense_resource<elided> : tensor<2xf32>
  return %0 : tensor<2xf32>
})mlir";
  std::string error = runError(missing, {});
  EXPECT_NE(error.find("dense_resource 'elided' has no data"),
            std::string::npos)
      << error;
}

class ExternalConstantTest : public InterpreterTest {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("npu-reference", dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }
  std::string path(StringRef name) {
    SmallString<128> p(dir);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
  void write(StringRef name, const std::vector<uint8_t> &bytes) {
    std::ofstream out(path(name), std::ios::binary);
    out.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  }
  SmallString<128> dir;
};

TEST_F(ExternalConstantTest, LoadsFromFiles) {
  // weights.bin: 8 bytes of padding, then bf16 [1.5, -2], then i32 [7].
  std::vector<uint8_t> bytes(8, 0xEE);
  std::vector<uint8_t> h = bf16({2}, {1.5, -2}).toBytes();
  std::vector<uint8_t> i = i32({1}, {7}).toBytes();
  bytes.insert(bytes.end(), h.begin(), h.end());
  bytes.insert(bytes.end(), i.begin(), i.end());
  write("weights.bin", bytes);
  std::string ir = R"mlir(
func.func @main() -> (tensor<2xbf16>, tensor<1xi32>, tensor<2xbf16>) {
  %0 = npu_graph.constant #npu_graph.external<"weights.bin", 8> : tensor<2xbf16>
  %1 = npu_graph.constant #npu_graph.external<"weights.bin", 12> : tensor<1xi32>
  %2 = npu_graph.constant #npu_graph.external<")mlir" +
                   path("weights.bin") + R"mlir(", 8> : tensor<2xbf16>
  return %0, %1, %2 : tensor<2xbf16>, tensor<1xi32>, tensor<2xbf16>
})mlir";

  // Relative to the directory of the .mlir file named by the locations.
  auto r = run(ir, {}, {}, path("model.mlir"));
  ASSERT_EQ(r.size(), 3u);
  expectEqual(r[0], {2}, {1.5, -2});
  expectEqual(r[1], {1}, {7});
  expectEqual(r[2], {2}, {1.5, -2});

  // Or to an explicit directory.
  InterpreterOptions options;
  options.externalDataDir = std::string(dir);
  r = run(ir, {}, options, "elsewhere/model.mlir");
  ASSERT_EQ(r.size(), 3u);
  expectEqual(r[1], {1}, {7});

  // The directory of the .mlir file does not hold weights.bin.
  std::string error = runError(ir, {}, {}, "elsewhere/model.mlir");
  EXPECT_NE(error.find("elsewhere/model.mlir:3:"), std::string::npos) << error;
  EXPECT_NE(error.find("cannot open external constant file "
                       "'elsewhere/weights.bin'"),
            std::string::npos)
      << error;
}

TEST_F(ExternalConstantTest, TooShort) {
  write("short.bin", std::vector<uint8_t>(10, 0));
  const char *ir = R"mlir(
func.func @main() -> tensor<2x2xf32> {
  %0 = npu_graph.constant #npu_graph.external<"short.bin", 2> : tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
})mlir";
  std::string error = runError(ir, {}, {}, path("model.mlir"));
  EXPECT_NE(error.find("has 10 bytes, but tensor<2x2xf32> at offset 2 needs "
                       "bytes up to 18"),
            std::string::npos)
      << error;
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, Errors) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "test.unknown"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
})mlir";
  std::string error = runError(ir, {f32({2}, {1, 2})});
  EXPECT_NE(error.find("test.mlir:3:8: 'test.unknown' op is not supported by "
                       "the reference interpreter"),
            std::string::npos)
      << error;

  error = runError(ir, {bf16({2}, {1, 2})});
  EXPECT_NE(error.find("input #0 is tensor<2xbf16>, expected tensor<2xf32>"),
            std::string::npos)
      << error;
  error = runError(ir, {});
  EXPECT_NE(error.find("expects 1 inputs, got 0"), std::string::npos) << error;

  OwningOpRef<ModuleOp> module = parse(ir);
  auto missing = interpret(*module, "nope", {});
  ASSERT_FALSE(bool(missing));
  EXPECT_EQ(llvm::toString(missing.takeError()),
            "no function named 'nope' in the module");
}

} // namespace
