import Environments
import Foundation
import Testing
import TestSupport
@testable import Benchmarks

@Suite struct BipedalBenchmarkTests {
  @Test func odessasSideRunsAloneAndSaysHowToAddBox2Ds() throws {
    let result = try BipedalBenchmark.run(modelsFolder: RepositoryPaths.models, seeds: 2, python: nil, script: "scripts/bipedal_box2d.py")
    #expect(result.odessa["normal"]?.episodes == 2 && result.odessa["hardcore"]?.episodes == 2)
    #expect(result.box2d == nil && result.oneStep == nil)
    #expect(result.report.contains("make bipedal-oracle"))
    // The same seeds give the same gait: the benchmark is deterministic.
    let again = try BipedalBenchmark.run(modelsFolder: RepositoryPaths.models, seeds: 2, python: nil, script: "scripts/bipedal_box2d.py")
    #expect(again.odessa["normal"]?.meanReturn == result.odessa["normal"]?.meanReturn)
  }

  @Test func aMissingPythonIsNamedWithTheWayToInstallIt() throws {
    do {
      _ = try BipedalBenchmark.run(modelsFolder: RepositoryPaths.models, seeds: 1, python: "/nonexistent/python", script: "scripts/bipedal_box2d.py")
      Issue.record("a missing Python was accepted")
    } catch let error as BenchmarkError {
      #expect(error.description.contains("/nonexistent/python") && error.description.contains("make bipedal-oracle"))
    }
  }

  @Test func summariesCountMeanSpreadAndMedian() {
    let summary = BipedalBenchmark.GaitSummary(returns: [-100, 100, 300], distances: [5, 80, 84], finished: 1)
    #expect(summary.meanReturn == 100 && abs(summary.standardDeviation - (80000.0 / 3).squareRoot()) < 1e-9)
    #expect(summary.medianDistance == 80 && summary.farthest == 84 && summary.finished == 1)
  }
}
