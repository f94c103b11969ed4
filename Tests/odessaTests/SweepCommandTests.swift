import Foundation
import Testing
import TestSupport

/// `odessa sweep` end to end on tiny budgets: cells run as child `odessa train` processes.
@Suite(.serialized) struct SweepCommandTests {
  static let schedule = ["--steps", "1200", "--eval-every", "600", "--eval-episodes", "1", "--checkpoint-every", "600"]
    + ["--hidden-sizes", "16", "16", "--learning-starts", "100", "--buffer-size", "5000"]

  @Test func aDryRunListsEveryRunAndTouchesNothing() throws {
    let folder = Tool.temporaryFolder("sweep-dry") + "/grid"
    let result = try Tool.run(["sweep", "--dir", folder, "--file", RepositoryPaths.root.appendingPathComponent("experiments/sac-variants.yaml").path, "--dry-run"])
    #expect(result.status == 0, "\(result.error)")
    let lines = result.output.split(separator: "\n")
    #expect(lines.filter { $0.hasPrefix("odessa train ") }.count == 18)
    #expect(result.output.contains("--algorithm sac-v1") && result.output.contains("--algorithm deterministic"))
    #expect(result.output.contains("18 runs; nothing started"))
    #expect(!FileManager.default.fileExists(atPath: folder))
  }

  @Test func aSweepRunsEveryCellLikeTrainAndASecondRunSkipsThem() throws {
    let folder = Tool.temporaryFolder("sweep") + "/grid"
    let arguments = ["sweep", "--dir", folder, "--tasks", "pendulum-swingup", "--seeds", "0-1",
      "--set", "batch-size=16,32", "--jobs", "2"] + Self.schedule
    let first = try Tool.run(arguments)
    #expect(first.status == 0, "\(first.output)\(first.error)")
    #expect(first.output.contains("sweep done: 4 runs finished"))
    for cell in ["batch-size=16/seed-0", "batch-size=16/seed-1", "batch-size=32/seed-0", "batch-size=32/seed-1"] {
      #expect(FileManager.default.fileExists(atPath: "\(folder)/pendulum-swingup/\(cell)/checkpoints/step-000001200"), "\(cell)")
    }
    // A cell is exactly the run `odessa train` makes with the same settings and one thread.
    let direct = Tool.temporaryFolder("sweep-direct") + "/run"
    let train = try Tool.run(["train", "pendulum-swingup", "--seed", "1", "--batch-size", "32", "--threads", "1",
      "--run-dir", direct] + Self.schedule)
    #expect(train.status == 0, "\(train.error)")
    let cellEval = try String(contentsOfFile: "\(folder)/pendulum-swingup/batch-size=32/seed-1/eval.csv", encoding: .utf8)
    let directEval = try String(contentsOfFile: direct + "/eval.csv", encoding: .utf8)
    #expect(cellEval == directEval)

    let second = try Tool.run(arguments)
    #expect(second.status == 0)
    #expect(second.output.contains("4 already finished, 0 to run"))

    let status = try Tool.run(["sweep", "status", folder])
    #expect(status.output.contains("4 finished of 4 runs"))

    let report = try Tool.run(["sweep", "report", folder])
    #expect(report.status == 0, "\(report.error)")
    #expect(report.output.contains("| pendulum-swingup | batch-size=16 | 2 (0, 1) | 1200 |"))
    #expect(report.output.contains("| pendulum-swingup | batch-size=32 | 2 (0, 1) | 1200 |"))
    #expect(FileManager.default.fileExists(atPath: folder + "/report.md"))
    #expect(FileManager.default.fileExists(atPath: folder + "/report.svg"))
  }

  @Test func ctrlCCheckpointsRunningCellsAndTheSameCommandFinishesThem() throws {
    let folder = Tool.temporaryFolder("sweep-stop") + "/grid"
    let arguments = ["sweep", "--dir", folder, "--tasks", "cartpole-balance", "--seeds", "0-2", "--jobs", "2",
      "--steps", "6000", "--eval-every", "3000", "--eval-episodes", "1", "--checkpoint-every", "3000",
      "--hidden-sizes", "16", "16", "--learning-starts", "100", "--buffer-size", "5000", "--batch-size", "16"]
    let stopped = try Tool.run(arguments, interruptAfter: 2)
    #expect(stopped.status == 130, "\(stopped.output)\(stopped.error)")
    #expect(stopped.output.contains("stop requested"))
    let status = try Tool.run(["sweep", "status", folder])
    #expect(status.output.contains("started"), "\(status.output)")
    #expect(!status.output.contains("FAILED"))
    let resumed = try Tool.run(arguments)
    #expect(resumed.status == 0, "\(resumed.output)\(resumed.error)")
    #expect(try Tool.run(["sweep", "status", folder]).output.contains("3 finished of 3 runs"))
  }

  @Test func badGridsAreRefusedWithTheFlagNamed() throws {
    let folder = Tool.temporaryFolder("sweep-bad") + "/grid"
    let unknownTask = try Tool.run(["sweep", "--dir", folder, "--tasks", "walker-fly", "--seeds", "0"])
    #expect(unknownTask.status != 0 && unknownTask.error.contains("unknown task 'walker-fly'"))
    let badSeeds = try Tool.run(["sweep", "--dir", folder, "--tasks", "walker-walk", "--seeds", "zero"])
    #expect(badSeeds.status != 0 && badSeeds.error.contains("--seeds 'zero'"))
    let badValue = try Tool.run(["sweep", "--dir", folder, "--tasks", "walker-walk", "--seeds", "0", "--set", "gamma=1.5"])
    #expect(badValue.status != 0 && badValue.error.contains("--gamma must be in [0, 1), got 1.5"))
    let both = try Tool.run(["sweep", "--dir", folder, "--file", "x.yaml", "--tasks", "walker-walk"])
    #expect(both.status != 0 && both.error.contains("not both"))
    #expect(!FileManager.default.fileExists(atPath: folder))
  }
}
