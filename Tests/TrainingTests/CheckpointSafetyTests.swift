import Foundation
import NeuralNetworks
import Randomness
import SAC
import Testing
import TestSupport
@testable import Training

/// Checkpoints a user can trust: never replaced in place, a damaged `latest` not obeyed, a
/// poisoned learner never saved, and damaged files refused cleanly (never a trap).
@Suite(.serialized) struct CheckpointSafetyTests {
  @Test func reSavingAtTheSameStepNeverReplacesTheGoodCopy() throws {
    let folder = Fixtures.folder("resave")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let trainer = try Trainer.start(configuration: Fixtures.tiny(steps: 300), run: RunDirectory(folder), force: false)
    try trainer.train(display: .silent)
    let first = RunDirectory(folder).checkpointsURL.appendingPathComponent("step-000000300")
    let before = try Data(contentsOf: first.appendingPathComponent("weights.safetensors"))
    let second = try trainer.saveCheckpoint()
    #expect(second.lastPathComponent == "step-000000300.r2")
    #expect(try Data(contentsOf: first.appendingPathComponent("weights.safetensors")) == before)
    #expect(try RunDirectory(folder).latestCheckpoint()?.lastPathComponent == "step-000000300.r2")
    let names = RunDirectory(folder).checkpointNames()
    #expect(names == ["step-000000300", "step-000000300.r2"])
  }

  @Test func aDamagedLatestPointerIsNotFollowedOutsideTheRun() throws {
    let folder = Fixtures.folder("latest")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Trainer.start(configuration: Fixtures.tiny(steps: 450), run: RunDirectory(folder), force: false).train(display: .silent)
    let run = RunDirectory(folder)
    for pointer in ["../../etc", "/etc", "step-000000999", "", "step-000000400/../../.."] {
      try Data(pointer.utf8).write(to: run.latestPointerURL)
      var warnings = [String]()
      let chosen = try run.latestCheckpoint(warn: { warnings.append($0) })
      #expect(chosen?.lastPathComponent == "step-000000450", "latest = '\(pointer)'")
      #expect(warnings.count == 1)
    }
    // resume --checkpoint picks one by name, and only one of the run's.
    #expect(try run.latestCheckpoint(named: "step-000000400")?.lastPathComponent == "step-000000400")
    #expect(throws: TrainingError.self) { try run.latestCheckpoint(named: "../step-000000400") }
  }

  @Test func nonFiniteLossesStopTrainingAndKeepTheLastGoodCheckpoint() throws {
    let folder = Fixtures.folder("poison")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var configuration = Fixtures.tiny(task: "sliding_mass", steps: 400)
    configuration.checkpointEvery = 100
    configuration.sac.learningStarts = 150
    let trainer = try Trainer.start(
      configuration: configuration, run: RunDirectory(folder), force: false,
      makeEnvironment: { try SlidingMass.environment(rewardScale: 1e37) })
    do {
      try trainer.train(display: .silent)
      Issue.record("trained on through non-finite losses")
    } catch {
      let message = "\(error)"
      #expect(message.contains("non-finite") && message.contains("step 150"), "\(message)")
      #expect(message.contains("step-000000100") && message.contains("is kept"), "\(message)")
    }
    let run = RunDirectory(folder)
    let names = run.checkpointNames()
    #expect(names == ["step-000000100"])
    #expect(try run.latestCheckpoint()?.lastPathComponent == "step-000000100")
    _ = try TrainedPolicy.load(folder)
  }

  @Test func editedRunSettingsAreCheckedWhenReadBack() throws {
    let folder = Fixtures.folder("edited")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Trainer.start(configuration: Fixtures.tiny(steps: 100), run: RunDirectory(folder), force: false).train(display: .silent)
    let run = RunDirectory(folder)
    let text = try String(contentsOf: run.configURL, encoding: .utf8)
    let edited = text.replacingOccurrences(of: "\"evalEvery\" : 300", with: "\"evalEvery\" : 0")
    #expect(edited != text)
    try edited.write(to: run.configURL, atomically: true, encoding: .utf8)
    do {
      _ = try Trainer.resume(run: run, additionalSteps: 10)
      Issue.record("resumed with --eval-every 0")
    } catch {
      #expect("\(error)".contains("config.json") && "\(error)".contains("--eval-every"), "\(error)")
    }
  }

  /// Every mutated checkpoint either loads with finite values or fails with a message naming a
  /// file of the checkpoint; none traps.
  @Test func mutatedCheckpointFilesLoadOrFailCleanly() throws {
    let folder = Fixtures.folder("fuzz")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Trainer.start(configuration: Fixtures.tiny(steps: 250), run: RunDirectory(folder), force: false).train(display: .silent)
    let checkpoint = try #require(try RunDirectory(folder).latestCheckpoint())
    let files = ["weights.safetensors", "optimizer.safetensors", "replay.safetensors", "state.json", "trainer.json",
      "checksums.json"]
    let originals = try files.map { try Data(contentsOf: checkpoint.appendingPathComponent($0)) }
    var generator = RandomGenerator(seed: 2024)
    var loaded = 0, refused = 0
    for trial in 0..<120 {
      let index = trial % files.count
      var data = originals[index]
      switch generator.nextIndex(below: 4) {
      case 0:  // flip one bit
        let position = generator.nextIndex(below: data.count)
        data[position] ^= UInt8(1 << generator.nextIndex(below: 8))
      case 1:  // truncate
        data = data.prefix(generator.nextIndex(below: data.count))
      case 2:  // overwrite a byte in the first 200 (headers, JSON)
        data[generator.nextIndex(below: min(200, data.count))] = UInt8(generator.nextIndex(below: 256))
      default:  // append garbage
        data.append(contentsOf: (0..<8).map { _ in UInt8(generator.nextIndex(below: 256)) })
      }
      let url = checkpoint.appendingPathComponent(files[index])
      try data.write(to: url)
      do {
        let policy = try TrainedPolicy.load(checkpoint.path)
        let action = policy.policy.act([Float](repeating: 0.1, count: policy.policy.observationSize))
        let finite = action.allSatisfy { $0.isFinite }
        #expect(finite)
        let trainer = try Trainer.resume(run: RunDirectory(folder), additionalSteps: 1)
        #expect(trainer.step == 250)
        loaded += 1
      } catch {
        let message = "\(error)"
        #expect(files.contains { message.contains($0) } || message.contains(checkpoint.path), "\(message)")
        refused += 1
      }
      try originals[index].write(to: url)
    }
    print("checkpoint fuzz: \(loaded) mutations loaded, \(refused) refused with a message")
    #expect(refused > 60)
  }
}
