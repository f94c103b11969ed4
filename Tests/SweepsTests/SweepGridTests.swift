import Foundation
import Testing
import TestSupport
import Training
@testable import Sweeps

@Suite struct SweepGridTests {
  func grid(_ varied: [VariedSetting] = [], seeds: [UInt64] = [0, 1]) -> SweepGrid {
    var base = RunConfiguration(modelsFolder: RepositoryPaths.models)
    base.steps = 5_000
    return SweepGrid(tasks: ["walker-walk", "cheetah-run"], seeds: seeds, varied: varied, base: base)
  }

  @Test func cellsAreEveryTaskTimesEveryCombinationTimesEverySeed() throws {
    let cells = try grid([
      VariedSetting(flag: "actor-lr", values: ["3e-4", "1e-3"]), VariedSetting(flag: "batch-size", values: ["128", "256", "512"]),
    ]).cells()
    #expect(cells.count == 2 * 2 * 3 * 2)
    #expect(cells[0].relativeFolder == "walker-walk/actor-lr=3e-4,batch-size=128/seed-0")
    #expect(cells[1].relativeFolder == "walker-walk/actor-lr=3e-4,batch-size=128/seed-1")
    #expect(cells[2].relativeFolder == "walker-walk/actor-lr=3e-4,batch-size=256/seed-0")
    #expect(cells.last!.relativeFolder == "cheetah-run/actor-lr=1e-3,batch-size=512/seed-1")
    #expect(cells.last!.configuration.sac.actorLearningRate == 1e-3)
    #expect(cells.last!.configuration.sac.batchSize == 512)
    #expect(cells.last!.configuration.task == "cheetah-run" && cells.last!.configuration.seed == 1)
    #expect(cells.last!.configuration.steps == 5_000)
    #expect(Set(cells.map(\.relativeFolder)).count == cells.count)
  }

  @Test func noVariedSettingsMeansOneDefaultColumn() throws {
    let cells = try grid().cells()
    #expect(cells.map(\.relativeFolder) == [
      "walker-walk/default/seed-0", "walker-walk/default/seed-1", "cheetah-run/default/seed-0", "cheetah-run/default/seed-1",
    ])
  }

  @Test func seedListsAndRanges() throws {
    #expect(try parseSeeds("0-4") == [0, 1, 2, 3, 4])
    #expect(try parseSeeds("0,2,7") == [0, 2, 7])
    #expect(try parseSeeds("0-2,10") == [0, 1, 2, 10])
    for bad in ["", "a", "3-1", "1-", "-1", "0-20000"] {
      #expect(throws: SweepError.self) { try parseSeeds(bad) }
    }
  }

  @Test func setParsesFlagAndValues() throws {
    let setting = try VariedSetting(parsing: "--actor-lr=3e-4, 1e-3")
    #expect(setting.flag == "actor-lr" && setting.values == ["3e-4", "1e-3"])
    #expect(throws: SweepError.self) { try VariedSetting(parsing: "actor-lr") }
    #expect(throws: SweepError.self) { try VariedSetting(parsing: "actor-lr=1e-3,") }
  }

  @Test func problemsNameTheFlagAndTheValue() {
    let bad = grid([VariedSetting(flag: "actor-lr", values: ["2"]), VariedSetting(flag: "wings", values: ["1"])])
    let problems = bad.problems(knownTasks: ["walker-walk"])
    #expect(problems.contains { $0.contains("unknown task 'cheetah-run'") })
    #expect(problems.contains { $0.contains("--actor-lr must be in (0, 1], got 2") })
    #expect(problems.contains { $0.contains("unknown setting 'wings'") })
    #expect(grid(seeds: [1, 1]).problems(knownTasks: ["walker-walk", "cheetah-run"]).contains { $0.contains("seed is listed twice") })
    #expect(grid().problems(knownTasks: ["walker-walk", "cheetah-run"]).isEmpty)
    var seedSet = RunConfiguration()
    #expect(throws: SweepError.self) { try SweepSettings.apply(flag: "seed", text: "3", to: &seedSet) }
  }

  @Test func specialSettings() throws {
    var configuration = RunConfiguration()
    try SweepSettings.apply(flag: "hidden-sizes", text: "1024x1024", to: &configuration)
    try SweepSettings.apply(flag: "fixed-alpha", text: "true", to: &configuration)
    try SweepSettings.apply(flag: "steps", text: "2e5", to: &configuration)
    #expect(configuration.sac.hiddenSizes == [1024, 1024])
    #expect(!configuration.sac.autotuneAlpha)
    #expect(configuration.steps == 200_000)
    #expect(throws: SweepError.self) { try SweepSettings.apply(flag: "hidden-sizes", text: "0x3", to: &configuration) }
    #expect(throws: SweepError.self) { try SweepSettings.apply(flag: "fixed-alpha", text: "maybe", to: &configuration) }
    #expect(throws: SweepError.self) { try SweepSettings.apply(flag: "batch-size", text: "12.5", to: &configuration) }
  }

  @Test func trainArgumentsCarryTheNonDefaultSettingsOnly() throws {
    var configuration = RunConfiguration(task: "walker-walk", modelsFolder: "/m")
    configuration.seed = 4
    configuration.threads = 1
    configuration.sac.actorLearningRate = 1e-3
    configuration.sac.hiddenSizes = [64, 64]
    configuration.sac.targetEntropy = -3
    let arguments = SweepSettings.trainArguments(configuration, folder: "f")
    #expect(arguments == [
      "train", "walker-walk", "--seed", "4", "--run-dir", "f", "--models", "/m", "--threads", "1",
      "--actor-lr", "0.001", "--target-entropy", "-3.0", "--hidden-sizes", "64", "64",
    ])
  }
}
