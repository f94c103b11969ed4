import Foundation
import SAC

/// Everything that defines a training run, written to `config.json` in its folder at start.
public struct RunConfiguration: Codable, Sendable, Equatable {
  /// A suite task name (e.g. "walker-walk"), or nil when training a model file with a family.
  public var task: String?
  /// A model file and a task family (`--model FILE --task FAMILY`).
  public var modelFile: String?
  public var family: String?
  /// Folder of the suite's model files (resolved to an absolute path at start).
  public var modelsFolder: String
  /// Seeds the agent, the training episodes and (offset) the evaluation episodes.
  public var seed: UInt64 = 0
  /// Environment steps to train for in all.
  public var steps: Int = 100_000
  /// Deterministic evaluation every this many environment steps.
  public var evalEvery: Int = 10_000
  public var evalEpisodes: Int = 10
  /// A checkpoint every this many steps (and always at the end or on Ctrl-C).
  public var checkpointEvery: Int = 25_000
  /// Whether checkpoints hold the replay buffer (needed to resume bit-exactly).
  public var saveReplayBuffer: Bool = true
  /// A log row in metrics.csv every this many steps.
  public var logEvery: Int = 1_000
  /// Threads for the SAC update (1 or 2): 2 runs the twin critics side by side.
  public var threads: Int = 2
  public var sac = SACConfiguration()

  public init(task: String? = nil, modelFile: String? = nil, family: String? = nil, modelsFolder: String = "models") {
    self.task = task
    self.modelFile = modelFile
    self.family = family
    self.modelsFolder = modelsFolder
  }

  /// The task's display name.
  public var taskName: String {
    task ?? "\((((modelFile ?? "model") as NSString).lastPathComponent as NSString).deletingPathExtension)-\(family ?? "")"
  }

  /// Every problem with the values, each naming the flag; empty when all is well.
  public func problems() -> [String] {
    var found = [String]()
    if (task == nil) == (modelFile == nil) { found.append("give a task name, or --model FILE with --task FAMILY (not both)") }
    if modelFile != nil && family == nil { found.append("--model needs --task FAMILY") }
    if steps < 1 || steps > 100_000_000 { found.append("--steps must be between 1 and 100000000, got \(steps)") }
    if evalEvery < 1 { found.append("--eval-every must be at least 1, got \(evalEvery)") }
    if evalEpisodes < 0 || evalEpisodes > 1000 { found.append("--eval-episodes must be between 0 and 1000, got \(evalEpisodes)") }
    if checkpointEvery < 1 { found.append("--checkpoint-every must be at least 1, got \(checkpointEvery)") }
    if logEvery < 1 { found.append("--log-every must be at least 1, got \(logEvery)") }
    if threads < 1 || threads > 2 { found.append("--threads must be 1 or 2, got \(threads)") }
    found += sac.problems()
    return found
  }
}
