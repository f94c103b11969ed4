import Foundation
import SAC
import Testing
import TestSupport
@testable import Training

@Suite struct TrainerTests {
  @Test func aRunFillsItsFolder() throws {
    let folder = Fixtures.folder("run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let trainer = try Trainer.start(configuration: Fixtures.tiny(), run: RunDirectory(folder), force: false)
    let summary = try trainer.train(display: .silent)
    #expect(summary.steps == 600 && !summary.interrupted)
    let run = RunDirectory(folder)
    #expect(try run.readConfiguration() == trainer.configuration)
    let metrics = try String(contentsOf: run.metricsURL, encoding: .utf8).split(separator: "\n")
    #expect(metrics[0].hasPrefix("kind,step,episode,episodic_return,episodic_length,qf1_loss"))
    #expect(metrics.filter { $0.hasPrefix("log,") }.count == 6)
    // Episodes of point_mass are 1000 steps: none finished in 600.
    #expect(metrics.filter { $0.hasPrefix("episode,") }.isEmpty)
    let evaluations = try String(contentsOf: run.evalURL, encoding: .utf8).split(separator: "\n")
    #expect(evaluations.count == 3)
    #expect(evaluations[1].hasPrefix("300,") && evaluations[2].hasPrefix("600,"))
    let checkpoint = try #require(try run.latestCheckpoint())
    #expect(checkpoint.lastPathComponent == "step-000000600")
    for file in ["weights.safetensors", "optimizer.safetensors", "replay.safetensors", "state.json", "trainer.json"] {
      #expect(FileManager.default.fileExists(atPath: checkpoint.appendingPathComponent(file).path), "\(file)")
    }
    #expect(try String(contentsOf: run.curveURL, encoding: .utf8).contains("<polyline"))
  }

  @Test func anExistingRunFolderIsNotOverwrittenWithoutForce() throws {
    let folder = Fixtures.folder("exists")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try "keep me".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
    do {
      _ = try Trainer.start(configuration: Fixtures.tiny(), run: RunDirectory(folder), force: false)
      Issue.record("overwrote")
    } catch {
      #expect("\(error)".contains("already exists") && "\(error)".contains("--force"))
    }
    #expect(FileManager.default.fileExists(atPath: folder + "/notes.txt"))
    // --force replaces only an Odessa run: a folder of the user's own is never deleted.
    do {
      _ = try Trainer.start(configuration: Fixtures.tiny(), run: RunDirectory(folder), force: true)
      Issue.record("--force deleted a folder that is not a run")
    } catch {
      #expect("\(error)".contains("not an Odessa run folder"), "\(error)")
    }
    #expect(FileManager.default.fileExists(atPath: folder + "/notes.txt"))
    // A real run is replaced.
    try FileManager.default.removeItem(atPath: folder + "/notes.txt")
    try Trainer.start(configuration: Fixtures.tiny(steps: 50), run: RunDirectory(folder), force: false).train(display: .silent)
    try "old".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
    _ = try Trainer.start(configuration: Fixtures.tiny(), run: RunDirectory(folder), force: true)
    #expect(!FileManager.default.fileExists(atPath: folder + "/notes.txt"))
  }

  @Test func badConfigurationsNameTheFlag() {
    var configuration = Fixtures.tiny()
    configuration.threads = 3
    configuration.steps = 0
    let problems = configuration.problems().joined(separator: "\n")
    #expect(problems.contains("--threads must be 1 or 2"))
    #expect(problems.contains("--steps must be between 1 and 100000000"))
  }

  /// Train N then resume M gives the same numbers as train N + M with the same seed.
  @Test func trainThenResumeEqualsOneLongRun() throws {
    let whole = Fixtures.folder("whole"), split = Fixtures.folder("split")
    defer {
      try? FileManager.default.removeItem(atPath: whole)
      try? FileManager.default.removeItem(atPath: split)
    }
    var configuration = Fixtures.tiny(steps: 700)
    try Trainer.start(configuration: configuration, run: RunDirectory(whole), force: false).train(display: .silent)
    configuration.steps = 450
    try Trainer.start(configuration: configuration, run: RunDirectory(split), force: false).train(display: .silent)
    let resumed = try Trainer.resume(run: RunDirectory(split), additionalSteps: 250)
    #expect(resumed.step == 450)
    try resumed.train(display: .silent)
    let a = try #require(try RunDirectory(whole).latestCheckpoint())
    let b = try #require(try RunDirectory(split).latestCheckpoint())
    #expect(a.lastPathComponent == b.lastPathComponent)
    for file in ["weights.safetensors", "optimizer.safetensors", "replay.safetensors"] {
      let left = try Data(contentsOf: a.appendingPathComponent(file))
      let right = try Data(contentsOf: b.appendingPathComponent(file))
      #expect(left == right, "\(file) differs")
    }
    // The evaluation rows match too (same steps, same returns).
    let evalA = try String(contentsOf: RunDirectory(whole).evalURL, encoding: .utf8)
    let evalB = try String(contentsOf: RunDirectory(split).evalURL, encoding: .utf8)
    #expect(evalA.split(separator: "\n").filter { !$0.hasPrefix("450,") } == evalB.split(separator: "\n").filter { !$0.hasPrefix("450,") })
  }

  @Test func stoppingEarlyWritesACheckpointAndResumeContinues() throws {
    let folder = Fixtures.folder("stop")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var calls = 0
    let summary = try Trainer.start(configuration: Fixtures.tiny(), run: RunDirectory(folder), force: false)
      .train(display: .silent) {
        calls += 1
        return calls > 250
      }
    #expect(summary.interrupted && summary.steps == 250)
    #expect(try RunDirectory(folder).latestCheckpoint()?.lastPathComponent == "step-000000250")
    let resumed = try Trainer.resume(run: RunDirectory(folder), additionalSteps: nil)
    #expect(resumed.step == 250)
    #expect(try resumed.train(display: .silent).steps == 600)
  }

  /// Trains a tiny humanoid-stand run with the given layout, then removes `groupsHinges` from
  /// its config.json as a folder from before the setting would have it.
  func legacyRun(_ name: String, groupsHinges: Bool) throws -> RunDirectory {
    var configuration = Fixtures.tiny(task: "humanoid-stand", steps: 60)
    configuration.sac.learningStarts = 40
    configuration.evalEpisodes = 0
    configuration.groupsHinges = groupsHinges
    let run = RunDirectory(Fixtures.folder(name))
    try Trainer.start(configuration: configuration, run: run, force: false).train(display: .silent)
    var fields = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: run.configURL)) as? [String: Any])
    fields["groupsHinges"] = nil
    try JSONSerialization.data(withJSONObject: fields).write(to: run.configURL)
    #expect(try run.readConfiguration().groupsHinges == nil)
    return run
  }

  /// A folder written before hinges were grouped (no `groupsHinges` in config.json, a snapshot
  /// of separate hinges) evaluates and resumes with separate hinges and records that layout.
  @Test func aRunFromBeforeHingeGroupingResumesWithItsLayout() throws {
    let run = try legacyRun("legacy-hinges", groupsHinges: false)
    defer { try? FileManager.default.removeItem(at: run.url) }
    // Evaluation and resume both find the separate layout from the checkpoint.
    #expect(try TrainedPolicy.load(run.path).configuration.groupsHinges == false)
    do {
      let resumed = try Trainer.resume(run: run, additionalSteps: 20)
      #expect(try resumed.train(display: .silent).steps == 80)
    }
    #expect(try run.readConfiguration().groupsHinges == false)
    // With the key, the layout is not guessed: grouped hinges cannot restore the snapshot.
    var grouped = try run.readConfiguration()
    grouped.groupsHinges = true
    try run.write(configuration: grouped)
    do {
      _ = try Trainer.resume(run: run, additionalSteps: 20)
      Issue.record("restored separate hinges' snapshot into grouped ones")
    } catch {
      #expect("\(error)".contains("grouped hinges") && "\(error)".contains("groupsHinges"), "\(error)")
    }
  }

  @Test func aRunWithoutTheKeyButGroupedHingesResumesGroupedAndRecordsIt() throws {
    let run = try legacyRun("legacy-grouped", groupsHinges: true)
    defer { try? FileManager.default.removeItem(at: run.url) }
    #expect(try TrainedPolicy.load(run.path).configuration.groupsHinges == true)
    do {
      let resumed = try Trainer.resume(run: run, additionalSteps: 20)
      #expect(try resumed.train(display: .silent).steps == 80)
    }
    #expect(try run.readConfiguration().groupsHinges == true)
  }

  @Test func damagedCheckpointsAreRejectedNamingTheFile() throws {
    let folder = Fixtures.folder("damaged")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Trainer.start(configuration: Fixtures.tiny(steps: 300), run: RunDirectory(folder), force: false).train(display: .silent)
    let checkpoint = try #require(try RunDirectory(folder).latestCheckpoint())
    let weights = checkpoint.appendingPathComponent("weights.safetensors")
    let data = try Data(contentsOf: weights)
    try data.prefix(data.count / 2).write(to: weights)
    do {
      _ = try Trainer.resume(run: RunDirectory(folder), additionalSteps: 10)
      Issue.record("accepted a truncated checkpoint")
    } catch {
      #expect("\(error)".contains("weights.safetensors"), "\(error)")
    }
    // Without `latest`, the newest complete checkpoint is used, with a message; its damaged
    // weights are still refused.
    try FileManager.default.removeItem(at: RunDirectory(folder).latestPointerURL)
    var warnings = [String]()
    do {
      _ = try TrainedPolicy.load(folder, warn: { warnings.append($0) })
      Issue.record("accepted a truncated checkpoint")
    } catch {
      #expect("\(error)".contains("weights.safetensors"), "\(error)")
    }
    #expect(warnings.contains { $0.contains("using the newest complete checkpoint") }, "\(warnings)")
    try FileManager.default.removeItem(at: RunDirectory(folder).checkpointsURL)
    do {
      _ = try TrainedPolicy.load(folder)
      Issue.record("accepted a run without checkpoints")
    } catch {
      #expect("\(error)".contains("no checkpoint"), "\(error)")
    }
  }
}
