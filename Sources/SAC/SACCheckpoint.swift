import Randomness
import Foundation
import NeuralNetworks

/// A problem with a checkpoint; the message names the file and what is wrong.
public struct CheckpointError: Error, CustomStringConvertible, LocalizedError {
  /// Path of the offending file.
  public let path: String
  /// What is wrong with it.
  public let reason: String

  /// An error about the file at `path`.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  /// The message, naming the file and the problem.
  public var description: String { "checkpoint \(path): \(reason)" }
  /// The same message, for `localizedDescription`.
  public var errorDescription: String? { description }
}

/// Everything about an agent that is not a tensor, written to `state.json`.
public struct CheckpointState: Codable, Sendable {
  /// Bumped when the layout changes.
  public var formatVersion: Int
  /// The SAC settings the learner was built with.
  public var configuration: SACConfiguration
  /// Entries of an observation.
  public var observationSize: Int
  /// Number of action dimensions.
  public var actionSize: Int
  /// Lower bounds of the action box, one per action dimension.
  public var actionLow: [Float]
  /// Upper bounds of the action box, one per action dimension.
  public var actionHigh: [Float]
  /// Environment steps the training loop had taken.
  public var environmentSteps: Int
  /// Gradient steps the learner had taken.
  public var updateCount: Int
  /// Adam step counts t of the actor, critic and temperature optimisers.
  public var actorOptimizerSteps: Int
  /// Adam step count t of the critic optimiser.
  public var criticOptimizerSteps: Int
  /// Adam step count t of the temperature optimiser.
  public var alphaOptimizerSteps: Int
  /// xoshiro256** state words.
  public var generator: RandomGenerator
  /// Present when the replay buffer was saved to `replay.safetensors`.
  public var replayBuffer: ReplayBufferState?
}

/// Saves and restores a learner, its replay buffer and the run's generator, so that a resumed
/// run continues bit-exactly; and loads the policy alone for acting.
///
/// A checkpoint is a directory:
/// - `weights.safetensors`: `actor.*`, `qf1.*`, `qf2.*`, `qf1_target.*`, `qf2_target.*`
///   (PyTorch `nn.Sequential` names and shapes) and `log_alpha` `[1]`, all F32.
/// - `optimizer.safetensors`: Adam moments `<optimizer>.exp_avg.<tensor>` and
///   `<optimizer>.exp_avg_sq.<tensor>` for `actor_optimizer`, `critic_optimizer`,
///   `alpha_optimizer`.
/// - `replay.safetensors` (optional): the replay ring's filled slots.
/// - `state.json`: `CheckpointState` (configuration, sizes, counters, Adam steps, generator).
/// - `checksums.json`: the `CheckpointManifest`, written last.
/// Each file is written atomically and durably. Without a saved replay buffer a resumed run
/// starts with an empty buffer (weights and optimiser still exact).
public enum SACCheckpoint {
  /// The learner's weights, the actor's among them.
  public static let weightsFile = "weights.safetensors"
  /// Adam moments.
  public static let optimizerFile = "optimizer.safetensors"
  /// The replay ring.
  public static let replayFile = "replay.safetensors"
  /// Sizes, settings, counters and the generator.
  public static let stateFile = "state.json"
  /// 2: a `checksums.json` manifest and per-tensor checksums; 1 (still read): neither.
  static let formatVersion = 2

  /// Writes `learner` (and `replayBuffer`, when given) into `directory`, created if needed.
  /// `environmentSteps` and `generator` are the training loop's, saved so it can continue;
  /// `extraFiles` (name, contents) are the caller's own files, written before the manifest so
  /// it covers them.
  public static func save(
    _ learner: Learner, replayBuffer: ReplayBuffer?, environmentSteps: Int,
    generator: RandomGenerator, extraFiles: [(name: String, contents: Data)] = [], to directory: URL
  ) throws {
    let metadata = ["format": "pt", "producer": "Odessa SAC"]
    let weightsURL = directory.appendingPathComponent(weightsFile)
    try file(learner.weightTensors, metadata: metadata, url: weightsURL).write(to: weightsURL)
    let optimizerURL = directory.appendingPathComponent(optimizerFile)
    try file(learner.optimizerTensors, metadata: metadata, url: optimizerURL).write(to: optimizerURL)
    if let replayBuffer {
      try SafeTensorsFile(tensors: replayBuffer.tensors(), metadata: metadata)
        .write(to: directory.appendingPathComponent(replayFile))
    }
    let policy = learner.policy
    let state = CheckpointState(
      formatVersion: formatVersion, configuration: learner.configuration,
      observationSize: policy.observationSize, actionSize: policy.actionSize,
      actionLow: policy.actionLow, actionHigh: policy.actionHigh,
      environmentSteps: environmentSteps, updateCount: learner.updateCount,
      actorOptimizerSteps: learner.actorOptimizer.stepCount,
      criticOptimizerSteps: learner.criticOptimizer.stepCount,
      alphaOptimizerSteps: learner.alphaOptimizer.stepCount, generator: generator,
      replayBuffer: replayBuffer?.state)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(encoder.encode(state), to: directory.appendingPathComponent(stateFile))
    for file in extraFiles { try AtomicFile.write(file.contents, to: directory.appendingPathComponent(file.name)) }
    try CheckpointManifest.write(folder: directory)
  }

  /// Rebuilds the learner saved in `directory` and returns it with the saved state; throws
  /// `CheckpointError` or `SafeTensorsError` naming the file when anything is missing,
  /// damaged or of the wrong shape. `state` is the directory's `readValidState` when the
  /// caller has it already. `computeThreads` belongs to the run, not the checkpoint.
  public static func loadLearner(
    from directory: URL, state knownState: CheckpointState? = nil, computeThreads: Int = 1
  ) throws -> (learner: Learner, state: CheckpointState) {
    let state = try knownState ?? readValidState(in: directory)
    try CheckpointManifest.verify(weightsFile, in: directory)
    try CheckpointManifest.verify(optimizerFile, in: directory)
    var unused = RandomGenerator(seed: 0)
    let learner = Learner(
      observationSize: state.observationSize, actionLow: state.actionLow,
      actionHigh: state.actionHigh, configuration: state.configuration, generator: &unused,
      computeThreads: computeThreads)
    try restore(learner.weightTensors, from: directory.appendingPathComponent(weightsFile))
    try restore(learner.optimizerTensors, from: directory.appendingPathComponent(optimizerFile))
    learner.updateCount = state.updateCount
    learner.actorOptimizer.stepCount = state.actorOptimizerSteps
    learner.criticOptimizer.stepCount = state.criticOptimizerSteps
    learner.alphaOptimizer.stepCount = state.alphaOptimizerSteps
    return (learner, state)
  }

  /// Fills `replayBuffer` from the checkpoint in `directory`, as `state` describes it.
  public static func loadReplayBuffer(
    into replayBuffer: ReplayBuffer, state replayState: ReplayBufferState, from directory: URL
  ) throws {
    let replayURL = directory.appendingPathComponent(replayFile)
    try CheckpointManifest.verify(replayFile, in: directory)
    let replay = try SafeTensorsFile.read(from: replayURL)
    for (name, tensor) in replay.tensors.sorted(by: { $0.key < $1.key }) where tensor.dataType == .float32 {
      if let bad = tensor.floats().first(where: { !$0.isFinite }) {
        throw CheckpointError(path: replayURL.path, reason: "tensor '\(name)' holds \(bad): the replay buffer is poisoned")
      }
    }
    try replayBuffer.restore(state: replayState, tensors: replay.tensors) {
      CheckpointError(path: replayURL.path, reason: $0)
    }
  }

  /// The policy alone: reads `state.json` for the sizes and only the `actor.*` tensors of
  /// `weights.safetensors`. Critics, optimiser moments and the replay ring are never read, so
  /// acting works even when those files are missing or damaged. Returns the saved state too.
  public static func loadPolicy(from directory: URL) throws -> (policy: Policy, state: CheckpointState) {
    let state = try readValidState(in: directory)
    try CheckpointManifest.verify(weightsFile, in: directory)
    var unused = RandomGenerator(seed: 0)
    let policy = Policy(
      observationSize: state.observationSize, actionLow: state.actionLow,
      actionHigh: state.actionHigh, hiddenSizes: state.configuration.hiddenSizes,
      logStdMin: Float(state.configuration.logStdMin),
      logStdMax: Float(state.configuration.logStdMax), generator: &unused)
    try restore(
      policy.namedTensors, from: directory.appendingPathComponent(weightsFile),
      only: { $0.hasPrefix("actor.") })
    return (policy, state)
  }

  /// `state.json` of the checkpoint in `directory`, checked against the manifest, decoded, and
  /// checked for consistent sizes and settings and network sizes that fit in memory.
  public static func readValidState(in directory: URL) throws -> CheckpointState {
    let stateURL = directory.appendingPathComponent(stateFile)
    try CheckpointManifest.verify(stateFile, in: directory)
    let state = try readState(stateURL)
    if state.formatVersion >= 2 && !CheckpointManifest.exists(in: directory) {
      throw CheckpointError(
        path: directory.appendingPathComponent(CheckpointManifest.file).path,
        reason: "is missing: the checkpoint is incomplete or damaged")
    }
    let problems = state.configuration.problems()
    guard problems.isEmpty else {
      throw CheckpointError(path: stateURL.path, reason: problems.joined(separator: "; "))
    }
    guard (1...100_000).contains(state.observationSize), (1...1_000).contains(state.actionSize) else {
      throw CheckpointError(
        path: stateURL.path,
        reason: "observation size \(state.observationSize) or action size \(state.actionSize) is out of range (damaged?)")
    }
    let widths = [state.observationSize + state.actionSize] + state.configuration.hiddenSizes + [2 * state.actionSize]
    let parameters = zip(widths, widths.dropFirst()).reduce(0.0) { $0 + Double($1.0 + 1) * Double($1.1) }
    // Five float copies of every parameter (actor, critics and targets with Adam moments, roughly).
    let bytes = parameters * 5 * 4
    guard bytes <= 64e9 else {
      throw CheckpointError(
        path: stateURL.path, reason: String(format: "its network sizes need about %.0f GB (damaged?)", bytes / 1e9))
    }
    guard state.actionLow.count == state.actionSize, state.actionHigh.count == state.actionSize,
      zip(state.actionLow, state.actionHigh).allSatisfy({ $0 < $1 })
    else {
      throw CheckpointError(path: stateURL.path, reason: "inconsistent sizes or action bounds")
    }
    return state
  }

  /// Reads and decodes `state.json`.
  public static func readState(_ url: URL) throws -> CheckpointState {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw CheckpointError(path: url.path, reason: "cannot read file (missing or unreadable)")
    }
    do {
      let state = try JSONDecoder().decode(CheckpointState.self, from: data)
      guard (1...formatVersion).contains(state.formatVersion) else {
        throw CheckpointError(
          path: url.path, reason: "unsupported format version \(state.formatVersion)")
      }
      return state
    } catch let error as CheckpointError {
      throw error
    } catch {
      throw CheckpointError(path: url.path, reason: "invalid state JSON (\(describeDecodingError(error)))")
    }
  }

  /// The tensors as a file; throws naming the file and the tensor if any value is NaN or
  /// infinite, so a poisoned learner is never saved over a good checkpoint.
  private static func file(_ tensors: [NamedTensor], metadata: [String: String], url: URL) throws
    -> SafeTensorsFile
  {
    var result = SafeTensorsFile(metadata: metadata)
    for tensor in tensors {
      if let bad = UnsafeBufferPointer(start: tensor.matrix.pointer, count: tensor.matrix.count)
        .first(where: { !$0.isFinite })
      {
        throw CheckpointError(
          path: url.path, reason: "tensor '\(tensor.name)' holds \(bad); refusing to save non-finite values")
      }
      result.tensors[tensor.name] = SafeTensor(shape: tensor.shape, floats: tensor.matrix.toArray())
    }
    return result
  }

  /// Copies every expected tensor from the file at `url`, checking names, dtypes and shapes.
  /// With `only`, just the tensors whose names it accepts are read from disk.
  private static func restore(
    _ expected: [NamedTensor], from url: URL, only: ((String) -> Bool)? = nil
  ) throws {
    let file = try only.map { try SafeTensorsFile.read(from: url, only: $0) }
      ?? SafeTensorsFile.read(from: url)
    let expectedNames = Set(expected.map(\.name))
    if let unexpected = file.tensors.keys.sorted().first(where: { !expectedNames.contains($0) }) {
      throw CheckpointError(path: url.path, reason: "unexpected tensor '\(unexpected)'")
    }
    for tensor in expected {
      guard let stored = file.tensors[tensor.name] else {
        throw CheckpointError(path: url.path, reason: "missing tensor '\(tensor.name)'")
      }
      guard stored.dataType == .float32 else {
        throw CheckpointError(
          path: url.path,
          reason: "tensor '\(tensor.name)' has dtype \(stored.dataType.rawValue), expected F32")
      }
      guard stored.shape == tensor.shape else {
        throw CheckpointError(
          path: url.path,
          reason: "tensor '\(tensor.name)' has shape \(stored.shape), expected \(tensor.shape)")
      }
      if let bad = stored.floats().first(where: { !$0.isFinite }) {
        throw CheckpointError(path: url.path, reason: "tensor '\(tensor.name)' holds \(bad): the checkpoint is poisoned")
      }
      stored.copyFloats(into: tensor.matrix)
    }
  }
}
