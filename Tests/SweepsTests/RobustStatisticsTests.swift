import Testing
@testable import Sweeps

@Suite struct RobustStatisticsTests {
  @Test func meanMedianAndInterquartileMeanAgainstHandCounts() {
    #expect(RobustStatistics.mean([1, 2, 3, 10]) == 4)
    #expect(RobustStatistics.median([5, 1, 3]) == 3)
    #expect(RobustStatistics.median([4, 1, 3, 2]) == 2.5)
    // n = 8: two dropped from each end of -50, 1, 2, 3, 4, 5, 6, 100: the mean of 2, 3, 4, 5.
    #expect(RobustStatistics.interquartileMean([100, 1, 2, 3, 4, 5, 6, -50]) == 3.5)
    // n = 3: nothing dropped (⌊3/4⌋ = 0), as SciPy's trim_mean does.
    #expect(RobustStatistics.interquartileMean([1, 2, 9]) == 4)
    // n = 5: one from each end.
    #expect(RobustStatistics.interquartileMean([0, 10, 20, 30, 1000]) == 20)
    #expect(RobustStatistics.mean([]).isNaN)
  }

  @Test func quantileInterpolatesLikeNumPy() {
    let sorted: [Double] = [0, 10, 20, 30, 40]
    #expect(RobustStatistics.quantile(sorted, 0.5) == 20)
    #expect(RobustStatistics.quantile(sorted, 0.1) == 4)
    #expect(RobustStatistics.quantile(sorted, 1) == 40)
  }

  @Test func bootstrapIntervalOfIdenticalRunsIsThePoint() {
    let interval = RobustStatistics.stratifiedBootstrap([[7, 7, 7], [7, 7]], statistic: RobustStatistics.mean)
    #expect(interval.low == 7 && interval.high == 7)
  }

  @Test func bootstrapIntervalMatchesTheNormalTheoryWidthForManyRuns() {
    // 400 runs alternating 0 and 1: the mean's standard error is 0.5 / sqrt(400) = 0.025, so the
    // 95 % interval is about 0.5 ± 1.96 × 0.025 = [0.451, 0.549].
    let values = (0..<400).map { Double($0 % 2) }
    let interval = RobustStatistics.stratifiedBootstrap([values], statistic: RobustStatistics.mean, repetitions: 4_000)
    #expect(abs(interval.low - 0.451) < 0.006)
    #expect(abs(interval.high - 0.549) < 0.006)
  }

  @Test func strataAreResampledSeparately() {
    // Each task's runs are identical within the task: every resample keeps one of each, so the
    // pooled mean never moves, however different the tasks are.
    let interval = RobustStatistics.stratifiedBootstrap([[0, 0, 0], [1000, 1000, 1000]], statistic: RobustStatistics.mean)
    #expect(interval.low == 500 && interval.high == 500)
    // Pooled without strata the same six values give a wide interval.
    let pooled = RobustStatistics.stratifiedBootstrap([[0, 0, 0, 1000, 1000, 1000]], statistic: RobustStatistics.mean)
    #expect(pooled.high - pooled.low > 400)
  }

  @Test func bootstrapIsDeterministicForASeed() {
    let values: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
    let a = RobustStatistics.stratifiedBootstrap([values], statistic: RobustStatistics.interquartileMean, seed: 3)
    let b = RobustStatistics.stratifiedBootstrap([values], statistic: RobustStatistics.interquartileMean, seed: 3)
    #expect(a.low == b.low && a.high == b.high)
  }
}
