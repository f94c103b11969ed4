import SAC
import Testing
import Benchmarks
import TestSupport

/// The benchmark's analytic FLOP count (the run itself is too slow for a debug test).
struct SACBenchmarkTests {
  @Test func flopCountMatchesHandCount() {
    // obs 17, act 6, 256 x 256, batch 256: 581,566,464 FLOPs; with PyTorch's extra critic
    // weight gradients in the actor step, 654,966,784 (the "about 655 MFLOP" figure).
    let flops = SACBenchmark.flopsPerUpdate(
      observationSize: 17, actionSize: 6, hiddenSizes: [256, 256], batchSize: 256)
    #expect(flops == 581_566_464)
  }
}
