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

  @Test func firstPaperFlopCountMatchesHandCount() {
    // obs 2, act 1, hidden [3], batch 1. F(actor [2,3,2]) = 24, X0(actor) = 12; F(critic [3,3,1])
    // = 24, X0(critic) = 6; F(V [2,3,1]) = 18, X0(V) = 6. Target 18, sample 24, value
    // 2·24 + 2·18 + 6 = 90, critics 4·24 + 2·6 = 108, actor 4·24 + 24 + 12 = 132: 372.
    let flops = SACBenchmark.flopsPerUpdate(
      observationSize: 2, actionSize: 1, hiddenSizes: [3], batchSize: 1, algorithm: .sacV1)
    #expect(flops == 372)
  }
}
