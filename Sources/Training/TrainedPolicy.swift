import Foundation
import Environments
import NeuralNetworks
import Randomness
import SAC

/// A trained policy found from a run folder or a checkpoint folder, with its task. Only the
/// actor's weights and the checkpoint's `state.json` are read: critics, optimiser moments and
/// the replay buffer are never loaded to act.
public struct TrainedPolicy {
  /// The run the policy belongs to.
  public let run: RunDirectory
  /// The checkpoint folder it was read from.
  public let checkpoint: URL
  /// The run's settings (its task among them).
  public let configuration: RunConfiguration
  /// The policy.
  public let policy: Policy
  /// Environment steps the policy was trained for.
  public let trainedSteps: Int

  /// Accepts a run folder (its latest checkpoint is used) or a checkpoint folder inside one.
  public static func load(_ path: String, warn: (String) -> Void = { _ in }) throws -> TrainedPolicy {
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
      guard let latest = try run.latestCheckpoint(warn: warn) else {
        throw TrainingError.checkpoint("\(url.path) has no checkpoint (checkpoints/latest is missing)")
      }
      checkpoint = latest
    }
    let configuration = try run.readSettledConfiguration(checkpoint: checkpoint)
    BLAS.setThreadCount(1)
    let (policy, state) = try SACCheckpoint.loadPolicy(from: checkpoint)
    return TrainedPolicy(
      run: run, checkpoint: checkpoint, configuration: configuration, policy: policy,
      trainedSteps: state.environmentSteps)
  }

  /// A fresh environment of the policy's task.
  public func makeEnvironment() throws -> Environment {
    let environment = try configuration.environmentFactory()
    guard environment.spec.observationSize == policy.observationSize, environment.spec.actionSize == policy.actionSize else {
      throw TrainingError.checkpoint(
        "\(checkpoint.path) was trained with observation \(policy.observationSize) and action \(policy.actionSize), "
          + "but task \(configuration.taskName) now has \(environment.spec.observationSize) and \(environment.spec.actionSize)")
    }
    return environment
  }

  /// Runs `episodes` episodes (evaluation seeds of run seed `seed`), deterministic unless
  /// `stochastic` (then the policy noise is drawn from a generator seeded by `seed`); records
  /// the first when asked, and hands each episode whose physics diverged to `keepDivergence`.
  public func evaluate(
    episodes: Int, seed: UInt64, stochastic: Bool, record: Bool,
    keepDivergence: ((DivergenceRecord) -> Void)? = nil, shouldStop: () -> Bool = { false }
  ) throws -> (summary: EvaluationSummary, recording: EpisodeRecording?) {
    let seeds = (0..<episodes).map { EpisodeSeeds.evaluation(runSeed: seed, episode: $0) }
    let environment = try makeEnvironment()
    environment.recordDivergence = keepDivergence
    return try evaluatePolicy(
      policy, environment: environment, seeds: seeds,
      sampling: stochastic ? RandomGenerator(seed: seed) : nil, recordFirst: record, shouldStop: shouldStop)
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
