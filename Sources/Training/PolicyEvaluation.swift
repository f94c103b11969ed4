import Foundation
import Environments
import NeuralNetworks
import SAC

/// A trained policy found from a run folder or a checkpoint folder, with its task.
public struct TrainedPolicy {
  public let run: RunDirectory
  public let checkpoint: URL
  public let configuration: RunConfiguration
  public let agent: SACAgent

  /// Accepts a run folder (its latest checkpoint is used) or a checkpoint folder inside one.
  public static func load(_ path: String) throws -> TrainedPolicy {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    let fileManager = FileManager.default
    guard fileManager.fileExists(atPath: url.path) else {
      throw TrainingError.runFolder("\(url.path) does not exist: give a run folder or a checkpoint folder")
    }
    let run: RunDirectory
    let checkpoint: URL
    if fileManager.fileExists(atPath: url.appendingPathComponent(SACCheckpoint.stateFile).path) {
      checkpoint = url
      run = RunDirectory(url.deletingLastPathComponent().deletingLastPathComponent().path)
    } else {
      run = RunDirectory(url.path)
      guard let latest = try run.latestCheckpoint() else {
        throw TrainingError.checkpoint("\(url.path) has no checkpoint (checkpoints/latest is missing)")
      }
      checkpoint = latest
    }
    let configuration = try run.readConfiguration()
    BLAS.setThreadCount(1)
    let agent = try SACCheckpoint.load(from: checkpoint, computeThreads: 1)
    return TrainedPolicy(run: run, checkpoint: checkpoint, configuration: configuration, agent: agent)
  }

  /// A fresh environment of the policy's task.
  public func makeEnvironment() throws -> Environment {
    let environment = try Trainer.makeEnvironment(configuration)
    guard environment.spec.observationSize == agent.observationSize, environment.spec.actionSize == agent.actionSize else {
      throw TrainingError.checkpoint(
        "\(checkpoint.path) was trained with observation \(agent.observationSize) and action \(agent.actionSize), "
          + "but task \(configuration.taskName) now has \(environment.spec.observationSize) and \(environment.spec.actionSize)")
    }
    return environment
  }

  /// Runs `episodes` episodes (evaluation seeds of run seed `seed`), deterministic unless
  /// `stochastic`; records the first when asked.
  public func evaluate(episodes: Int, seed: UInt64, stochastic: Bool, record: Bool)
    throws -> (summary: EvaluationSummary, recording: EpisodeRecording?)
  {
    let seeds = (0..<episodes).map { EpisodeSeeds.evaluation(runSeed: seed, episode: $0) }
    return try evaluatePolicy(
      agent: agent, environment: makeEnvironment(), seeds: seeds, stochastic: stochastic, recordFirst: record)
  }
}

extension EpisodeRecording {
  /// Writes the recording as JSON (atomically).
  public func write(to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try AtomicFile.write(encoder.encode(self), to: url)
  }
}
