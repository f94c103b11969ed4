import Foundation
import Benchmarks

extension SACBenchmarkResult {
  /// A table for people: updates/s per thread count and strategy beside the sgemm peak measured
  /// in the same run, and the fraction of that peak the update reaches.
  var report: String {
    var lines = [
      String(format: "SAC update benchmark (%@): obs %d, act %d, hidden %@, batch %d; %.1f MFLOP per update "
        + "(%.1f counted the PyTorch way)", algorithm, observationSize, actionSize,
        hiddenSizes.map(String.init).joined(separator: "x"), batchSize, flopsPerUpdate / 1e6,
        pytorchEquivalentFlopsPerUpdate / 1e6),
      "  threads  strategy           updates/s (best / median)   update GFLOP/s   sgemm \(squareSize)³ GFLOP/s   fraction of peak",
    ]
    for r in results {
      lines.append(String(format: "  %7d  %@ %12.1f / %-10.1f %16.1f %22.1f %18.2f",
        r.threads, r.strategy.padding(toLength: 18, withPad: " ", startingAt: 0), r.updatesPerSecond,
        r.medianUpdatesPerSecond, r.updateGFLOPS, r.squareSgemmGFLOPS, r.fractionOfPeak))
    }
    if let best = results.filter({ $0.threads >= 2 }).max(by: { $0.updatesPerSecond < $1.updatesPerSecond }) {
      lines.append(String(format: "  best with 2 threads: %.0f updates/s (target ≥ 200), %.0f %% of sgemm peak (target ≥ 60 %%)",
        best.updatesPerSecond, best.fractionOfPeak * 100))
    }
    return lines.joined(separator: "\n")
  }

  /// The figures as one line of JSON.
  func jsonLine() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }
}
