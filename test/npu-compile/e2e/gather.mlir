// Embedding lookups (npu_graph.gather): compiled for npu-tiny and npu-v1,
// run on the simulator and compared exactly with the reference interpreter
// (a gather copies bytes: no rounding). The small table is [50, 24] bf16
// with [2, 7] indices (repeats, the first and the last row); the big one
// is [20000, 512] f32 (40 MB, more than npu-v1's 32 MB of SRAM) with 16
// indices. An index outside the table is a device error of the simulator.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %make_npy %t/t.npy 50x24 --pattern 7,3,61,16
// RUN: %make_npy %t/i.npy 2x7 --dtype i4 --values 7,0,49,7,3,3,12,48,1,25,49,0,30,11
// RUN: %make_npy %t/big.npy 20000x512 --pattern 13,5,8191,64
// RUN: %make_npy %t/bi.npy 16 --dtype i4 --values 0,19999,12345,7,7,19998,5000,100,19999,0,42,15000,3,9999,10000,17
// RUN: npu-interp %s --device-numerics --input %t/t.npy --input %t/i.npy --input %t/big.npy --input %t/bi.npy --output %t/e.npy --output %t/s.npy --output %t/b.npy

// RUN: npu-compile %s --target npu-tiny -o %t/tiny.npub
// RUN: npu-run %t/tiny.npub --input %t/t.npy --input %t/i.npy --input %t/big.npy --input %t/bi.npy --check %t/e.npy --check %t/s.npy --check %t/b.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-compile %s --target npu-v1 -o %t/v1.npub
// RUN: npu-run %t/v1.npub --input %t/t.npy --input %t/i.npy --input %t/big.npy --input %t/bi.npy --check %t/e.npy --check %t/s.npy --check %t/b.npy --rtol 0 --atol 0 | FileCheck %s
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/336
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/336
// CHECK: check {{.*}}: PASS {{.*}} mismatches=0/8192

// The program holds one dma.gather per lookup.
// RUN: npu-objdump -d %t/tiny.npub | FileCheck %s --check-prefix=ASM
// ASM-COUNT-2: dma.gather
// ASM-NOT: dma.gather

// Out-of-range indices (50, and -1): device errors, not silent reads.
// RUN: %make_npy %t/oob.npy 2x7 --dtype i4 --values 7,0,49,7,3,3,12,48,1,50,49,0,30,11
// RUN: not npu-run %t/tiny.npub --input %t/t.npy --input %t/oob.npy --input %t/big.npy --input %t/bi.npy 2>&1 | FileCheck %s --check-prefix=OOB
// OOB: dma.gather: operand idx: index 50 (element 9 of hbm [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}})) is outside the table [-50, 50)
// RUN: %make_npy %t/oobneg.npy 2x7 --dtype i4 --values 7,0,49,7,-51,3,12,48,1,25,49,0,30,11
// RUN: not npu-run %t/v1.npub --input %t/t.npy --input %t/oobneg.npy --input %t/big.npy --input %t/bi.npy 2>&1 | FileCheck %s --check-prefix=OOBNEG
// OOBNEG: dma.gather: operand idx: index -51 (element 4 of {{.*}} is outside the table [-50, 50)

// Negative indices in [-v, 0) count from the end (numpy and ONNX wrap), on
// the device as in the reference interpreter: -1 and -50 are the last and
// the first row, -20000 the first row of the big table.
// RUN: %make_npy %t/neg.npy 2x7 --dtype i4 --values 7,-1,49,-50,3,-3,12,48,1,-25,49,0,30,-11
// RUN: %make_npy %t/bneg.npy 16 --dtype i4 --values 0,-1,12345,-7,7,-20000,5000,100,19999,0,42,15000,3,9999,-10000,17
// RUN: npu-interp %s --device-numerics --input %t/t.npy --input %t/neg.npy --input %t/big.npy --input %t/bneg.npy --output %t/ne.npy --output %t/ns.npy --output %t/nb.npy
// RUN: npu-run %t/tiny.npub --input %t/t.npy --input %t/neg.npy --input %t/big.npy --input %t/bneg.npy --check %t/ne.npy --check %t/ns.npy --check %t/nb.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: npu-run %t/v1.npub --input %t/t.npy --input %t/neg.npy --input %t/big.npy --input %t/bneg.npy --check %t/ne.npy --check %t/ns.npy --check %t/nb.npy --rtol 0 --atol 0 | FileCheck %s
// The wrapped rows are those of the equivalent non-negative indices.
// RUN: %make_npy %t/pos.npy 2x7 --dtype i4 --values 7,49,49,0,3,47,12,48,1,25,49,0,30,39
// RUN: npu-interp %s --device-numerics --input %t/t.npy --input %t/pos.npy --input %t/big.npy --input %t/bneg.npy --output %t/pe.npy --output %t/ps.npy --output %t/pb.npy
// RUN: npu-run %t/v1.npub --input %t/t.npy --input %t/neg.npy --input %t/big.npy --input %t/bneg.npy --check %t/pe.npy --check %t/ps.npy --check %t/pb.npy --rtol 0 --atol 0 | FileCheck %s

func.func @main(%t: tensor<50x24xbf16>, %i: tensor<2x7xi32>,
                %big: tensor<20000x512xf32>, %bi: tensor<16xi32>)
    -> (tensor<2x7x24xbf16>, tensor<2x7x24xf32>, tensor<16x512xf32>) {
  %e = npu_graph.gather %t[%i] : tensor<50x24xbf16>, tensor<2x7xi32> -> tensor<2x7x24xbf16>
  // A consumer of the rows on the VPU: the lookup's result is ordinary data.
  %f = npu_graph.cast %e : tensor<2x7x24xbf16> to tensor<2x7x24xf32>
  %s = npu_graph.add %f, %f : tensor<2x7x24xf32>, tensor<2x7x24xf32> -> tensor<2x7x24xf32>
  %b = npu_graph.gather %big[%bi] : tensor<20000x512xf32>, tensor<16xi32> -> tensor<16x512xf32>
  return %e, %s, %b : tensor<2x7x24xbf16>, tensor<2x7x24xf32>, tensor<16x512xf32>
}
