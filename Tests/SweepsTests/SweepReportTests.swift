import Foundation
import Testing
import TestSupport
import Training
@testable import Sweeps

@Suite struct SweepReportTests {
  /// A run folder written by hand: its configuration and an eval.csv with `returns` at steps
  /// 1000, 2000, ….
  func makeRun(
    _ root: String, _ name: String, task: String, seed: UInt64, actorLR: Double, returns: [Double], steps: Int? = nil
  ) throws {
    let run = RunDirectory(root + "/" + name)
    try FileManager.default.createDirectory(atPath: run.path, withIntermediateDirectories: true)
    var configuration = RunConfiguration(task: task, modelsFolder: RepositoryPaths.models)
    configuration.seed = seed
    configuration.sac.actorLearningRate = actorLR
    configuration.sac.batchSize = 64
    configuration.steps = steps ?? returns.count * 1000
    try run.write(configuration: configuration)
    let rows = returns.enumerated().map { "\(($0.offset + 1) * 1000),\($0.element),0,0,0,1" }
    try (["step,mean_return,std_return,min_return,max_return,episodes"] + rows).joined(separator: "\n")
      .write(to: run.evalURL, atomically: true, encoding: .utf8)
  }

  @Test func groupsByTaskAndVariedSettingWithHandComputedStatistics() throws {
    let root = RepositoryPaths.temporaryPath("report")
    try makeRun(root, "a0", task: "walker-walk", seed: 0, actorLR: 3e-4, returns: [10, 100])
    try makeRun(root, "a1", task: "walker-walk", seed: 1, actorLR: 3e-4, returns: [50, 300])
    try makeRun(root, "a2", task: "walker-walk", seed: 2, actorLR: 3e-4, returns: [900, 200])
    try makeRun(root, "b0", task: "walker-walk", seed: 0, actorLR: 1e-3, returns: [0, 0])
    try makeRun(root, "c0", task: "cheetah-run", seed: 0, actorLR: 3e-4, returns: [5, 7])
    let report = try SweepReport(paths: [root])
    #expect(report.shared == ["batch-size=64"])
    let walker = try #require(report.groups.first { $0.task == "walker-walk" && $0.setting == "default" })
    #expect(walker.runs.map(\.seed) == [0, 1, 2])
    let summary = report.summary([walker.runs])
    #expect(summary.finalMean.value == 200)       // (100 + 300 + 200) / 3
    #expect(summary.finalMedian == 200)
    #expect(summary.bestMean.value == (100 + 300 + 900) / 3.0)
    #expect(summary.finalMean.low >= 100 && summary.finalMean.high <= 300)
    let lr = try #require(report.groups.first { $0.setting == "actor-lr=0.001" })
    #expect(lr.runs.count == 1)
    let markdown = report.markdown()
    #expect(markdown.contains("| walker-walk | default | 3 (0, 1, 2) | 2000 | 200.0 ["))
    #expect(markdown.contains("| aggregate over tasks |"))
    #expect(markdown.contains("Every run: batch-size=64"))
    let svg = report.svg()
    #expect(svg.hasPrefix("<svg") && svg.contains("cheetah-run") && svg.contains("actor-lr=0.001"))
  }

  @Test func runsStillTrainingAreLeftOutUnlessAskedFor() throws {
    let root = RepositoryPaths.temporaryPath("report-unfinished")
    try makeRun(root, "done", task: "walker-walk", seed: 0, actorLR: 3e-4, returns: [10, 100])
    try makeRun(root, "running", task: "walker-walk", seed: 1, actorLR: 3e-4, returns: [10], steps: 2000)
    let report = try SweepReport(paths: [root])
    #expect(report.groups.map(\.runs.count) == [1])
    #expect(report.unfinished == ["walker-walk seed 1 (at step 1000 of 2000)"])
    #expect(report.markdown().contains("Left out, not finished yet: walker-walk seed 1"))
    #expect(try SweepReport(paths: [root], includeUnfinished: true).groups.map(\.runs.count) == [2])
  }

  @Test func noRunsIsAClearError() throws {
    let root = RepositoryPaths.temporaryPath("empty-report")
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    #expect(throws: SweepError.self) { try SweepReport(paths: [root]) }
    #expect(throws: SweepError.self) { try SweepReport(paths: [root + "/missing"]) }
  }
}
