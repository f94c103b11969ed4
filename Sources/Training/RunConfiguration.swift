import Foundation
import Environments
import SAC

/// Builds a fresh environment of a run's task (one for training, one for evaluation).
public typealias EnvironmentFactory = () throws -> Environment

/// Everything that defines a training run, written to `config.json` in its folder at start.
public struct RunConfiguration: Codable, Sendable, Equatable {
  /// A suite task name (e.g. "walker-walk"), or nil when training a model file with a family.
  public var task: String?
  /// A model file, trained with the task family `family` (`--model FILE --task FAMILY`).
  public var modelFile: String?
  /// The task family of `modelFile`.
  public var family: String?
  /// Folder of the suite's model files (resolved to an absolute path at start).
  public var modelsFolder: String
  /// Seeds the agent, the training episodes and (offset) the evaluation episodes.
  public var seed: UInt64 = 0
  /// Environment steps to train for in all.
  public var steps: Int = 100_000
  /// Deterministic evaluation every this many environment steps.
  public var evalEvery: Int = 10_000
  /// Episodes per evaluation (0 disables evaluation).
  public var evalEpisodes: Int = 10
  /// A checkpoint every this many steps (and always at the end or on Ctrl-C).
  public var checkpointEvery: Int = 25_000
  /// Whether checkpoints hold the replay buffer (needed to resume bit-exactly).
  public var saveReplayBuffer: Bool = true
  /// A log row in metrics.csv every this many steps.
  public var logEvery: Int = 1_000
  /// Threads for the SAC update (1 or 2): 2 runs the twin critics side by side.
  public var threads: Int = 2
  /// Whether metrics also go to TensorBoard event files in the run's `tensorboard/` folder.
  public var tensorboard: Bool = false
  /// The algorithm's settings.
  public var sac = SACConfiguration()
  /// Whether the physics pairs hinges into universal joints (`ModelOptions.groupsHinges`); nil
  /// in run folders written before the setting existed, which resume with the layout their
  /// checkpoint holds.
  public var groupsHinges: Bool? = true
  /// Whether the physics steps in joint coordinates as MuJoCo's does
  /// (`ModelOptions.stepsInJointCoordinates`); nil in run folders written before the setting
  /// existed, which keep ODE's own position update that they were trained with.
  public var jointCoordinates: Bool? = true

  /// A run of a suite `task`, or of `modelFile` with `family`; every other setting at its default.
  public init(task: String? = nil, modelFile: String? = nil, family: String? = nil, modelsFolder: String = "models") {
    self.task = task
    self.modelFile = modelFile
    self.family = family
    self.modelsFolder = modelsFolder
  }

  /// Every numeric setting of a run (beside the SAC settings) with its flag, range and meaning.
  public static var settings: [Setting<RunConfiguration>] {
    [
      Setting("steps", \.steps, .closed(1, 100_000_000), "Environment steps to train for"),
      Setting("eval-every", \.evalEvery, .closed(1, 100_000_000),
        "Evaluate the deterministic policy every this many steps"),
      Setting("eval-episodes", \.evalEpisodes, .closed(0, 1_000), "Episodes per evaluation (0 disables evaluation)"),
      Setting("checkpoint-every", \.checkpointEvery, .closed(1, 100_000_000),
        "Write a checkpoint every this many steps (and always at the end)"),
      Setting("log-every", \.logEvery, .closed(1, 100_000_000), "Write a log row to metrics.csv every this many steps"),
      Setting("threads", \.threads, .closed(1, 2), "Threads for the SAC update (2 runs the twin critics side by side)"),
    ]
  }

  /// The task's display name.
  public var taskName: String {
    task ?? "\((((modelFile ?? "model") as NSString).lastPathComponent as NSString).deletingPathExtension)-\(family ?? "")"
  }

  /// Builds the run's environment: a suite task, or a model file with a family.
  public var environmentFactory: EnvironmentFactory {
    let configuration = self
    let grouped = groupsHinges ?? true
    let coordinates = jointCoordinates ?? false
    return {
      if let task = configuration.task {
        return try Suite.environment(
          task, modelsFolder: configuration.modelsFolder, groupsHinges: grouped, jointCoordinates: coordinates)
      }
      return try TaskFamily.environment(
        modelFile: configuration.modelFile ?? "", family: configuration.family ?? "", groupsHinges: grouped,
        jointCoordinates: coordinates)
    }
  }

  /// Every problem with the values, each naming the flag and the allowed values; empty when
  /// all is well.
  public func problems() -> [String] {
    var found = [String]()
    if (task == nil) == (modelFile == nil) { found.append("give a task name, or --model FILE with --task FAMILY (not both)") }
    if modelFile != nil && family == nil { found.append("--model needs --task FAMILY") }
    found += Self.settings.compactMap { $0.problem(self) }
    found += sac.problems()
    if sac.batchSize > sac.replayCapacity {
      found.append("--batch-size (\(sac.batchSize)) must not exceed --buffer-size (\(sac.replayCapacity))")
    }
    return found
  }
}

extension RunConfiguration {
  /// Reads a configuration; a field missing from the file (one written by an older Odessa)
  /// takes its default, so older run folders keep resuming, except `groupsHinges`, which stays
  /// nil so that the run's checkpoint decides it (`RunDirectory.readSettledConfiguration`), and
  /// `jointCoordinates`, which stays nil: such runs were trained with ODE's position update.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      task: try container.decodeIfPresent(String.self, forKey: .task),
      modelFile: try container.decodeIfPresent(String.self, forKey: .modelFile),
      family: try container.decodeIfPresent(String.self, forKey: .family),
      modelsFolder: try container.decode(String.self, forKey: .modelsFolder))
    seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
    steps = try container.decodeIfPresent(Int.self, forKey: .steps) ?? steps
    evalEvery = try container.decodeIfPresent(Int.self, forKey: .evalEvery) ?? evalEvery
    evalEpisodes = try container.decodeIfPresent(Int.self, forKey: .evalEpisodes) ?? evalEpisodes
    checkpointEvery = try container.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? checkpointEvery
    saveReplayBuffer = try container.decodeIfPresent(Bool.self, forKey: .saveReplayBuffer) ?? saveReplayBuffer
    logEvery = try container.decodeIfPresent(Int.self, forKey: .logEvery) ?? logEvery
    threads = try container.decodeIfPresent(Int.self, forKey: .threads) ?? threads
    tensorboard = try container.decodeIfPresent(Bool.self, forKey: .tensorboard) ?? tensorboard
    sac = try container.decodeIfPresent(SACConfiguration.self, forKey: .sac) ?? sac
    groupsHinges = try container.decodeIfPresent(Bool.self, forKey: .groupsHinges)
    jointCoordinates = try container.decodeIfPresent(Bool.self, forKey: .jointCoordinates)
  }
}
