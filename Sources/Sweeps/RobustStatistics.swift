import Foundation
import Randomness

/// The statistics RL results should be reported with (Agarwal et al., "Deep Reinforcement
/// Learning at the Edge of the Statistical Precipice", NeurIPS 2021): mean, median and
/// interquartile mean over runs, with stratified bootstrap confidence intervals.
public enum RobustStatistics {
  /// The arithmetic mean; nan for no values.
  public static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
  }

  /// The median (the mean of the middle two for an even count); nan for no values.
  public static func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }

  /// The interquartile mean: the mean after dropping ⌊n/4⌋ values from each end (SciPy's
  /// `trim_mean(x, 0.25)`, which rliable uses); nan for no values.
  public static func interquartileMean(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let cut = values.count / 4
    return mean(Array(values.sorted()[cut..<(values.count - cut)]))
  }

  /// A percentile bootstrap confidence interval of `statistic` over the runs of all `strata`
  /// pooled, resampling runs with replacement within each stratum (each task keeps its
  /// number of runs), `repetitions` times, from a generator seeded with `seed`.
  public static func stratifiedBootstrap(
    _ strata: [[Double]], statistic: ([Double]) -> Double, confidence: Double = 0.95,
    repetitions: Int = 2_000, seed: UInt64 = 0
  ) -> (low: Double, high: Double) {
    let strata = strata.filter { !$0.isEmpty }
    guard !strata.isEmpty else { return (.nan, .nan) }
    var generator = RandomGenerator(seed: seed)
    var estimates = [Double]()
    estimates.reserveCapacity(repetitions)
    var sample = [Double]()
    for _ in 0..<repetitions {
      sample.removeAll(keepingCapacity: true)
      for stratum in strata {
        for _ in 0..<stratum.count { sample.append(stratum[Int(generator.next() % UInt64(stratum.count))]) }
      }
      estimates.append(statistic(sample))
    }
    estimates.sort()
    let tail = (1 - confidence) / 2
    return (quantile(estimates, tail), quantile(estimates, 1 - tail))
  }

  /// The `q` quantile of sorted values, interpolating linearly between order statistics
  /// (NumPy's default).
  static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    let position = q * Double(sorted.count - 1)
    let below = Int(position.rounded(.down))
    let above = min(below + 1, sorted.count - 1)
    return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
  }
}
