import Randomness
import Foundation
import NeuralNetworks

/// A problem with a checkpoint; the message names the file and what is wrong.
public struct CheckpointError: Error, CustomStringConvertible, LocalizedError {
  public let path: String
  public let reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "checkpoint \(path): \(reason)" }
  public var errorDescription: String? { description }
}

/// Everything about an agent that is not a tensor, written to `state.json`.
public struct CheckpointState: Codable, Sendable {
  /// Bumped when the layout changes.
  public var formatVersion: Int
  public var configuration: SACConfiguration
  public var observationSize: Int
  public var actionSize: Int
  public var actionLow: [Float]
  public var actionHigh: [Float]
  public var environmentSteps: Int
  public var updateCount: Int
  /// Adam step counts t of the actor, critic and temperature optimisers.
  public var actorOptimizerSteps: Int
  public var criticOptimizerSteps: Int
  public var alphaOptimizerSteps: Int
  /// xoshiro256** state words.
  public var generator: RandomGenerator
  /// Present when the replay buffer was saved to `replay.safetensors`.
  public var replayBuffer: ReplayBufferState?
}

/// Saves and restores a complete `SACAgent` so that a resumed run continues bit-exactly.
///
/// A checkpoint is a directory:
/// - `weights.safetensors`: `actor.*`, `qf1.*`, `qf2.*`, `qf1_target.*`, `qf2_target.*`
///   (PyTorch `nn.Sequential` names and shapes) and `log_alpha` `[1]`, all F32.
/// - `optimizer.safetensors`: Adam moments `<optimizer>.exp_avg.<tensor>` and
///   `<optimizer>.exp_avg_sq.<tensor>` for `actor_optimizer`, `critic_optimizer`,
///   `alpha_optimizer`.
/// - `replay.safetensors` (optional): the replay ring's filled slots.
/// - `state.json`: `CheckpointState` (configuration, counters, Adam steps, generator state).
/// Each file is written atomically; `state.json` is written last. Without a saved replay
/// buffer the resumed agent starts with an empty buffer (weights and optimiser still exact).
public enum SACCheckpoint {
  public static let weightsFile = "weights.safetensors"
  public static let optimizerFile = "optimizer.safetensors"
  public static let replayFile = "replay.safetensors"
  public static let stateFile = "state.json"
  static let formatVersion = 1

  /// Writes `agent` into `directory` (created if needed).
  public static func save(
    _ agent: SACAgent, to directory: URL, includeReplayBuffer: Bool = false
  ) throws {
    let metadata = ["format": "pt", "producer": "Odessa SAC"]
    try file(agent.weightTensors, metadata: metadata)
      .write(to: directory.appendingPathComponent(weightsFile))
    try file(agent.optimizerTensors, metadata: metadata)
      .write(to: directory.appendingPathComponent(optimizerFile))
    if includeReplayBuffer {
      try SafeTensorsFile(tensors: agent.replayBuffer.tensors(), metadata: metadata)
        .write(to: directory.appendingPathComponent(replayFile))
    }
    let state = CheckpointState(
      formatVersion: formatVersion, configuration: agent.configuration,
      observationSize: agent.observationSize, actionSize: agent.actionSize,
      actionLow: agent.actionLow, actionHigh: agent.actionHigh,
      environmentSteps: agent.environmentSteps, updateCount: agent.updateCount,
      actorOptimizerSteps: agent.actorOptimizer.stepCount,
      criticOptimizerSteps: agent.criticOptimizer.stepCount,
      alphaOptimizerSteps: agent.alphaOptimizer.stepCount, generator: agent.generator,
      replayBuffer: includeReplayBuffer ? agent.replayBuffer.state : nil)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(encoder.encode(state), to: directory.appendingPathComponent(stateFile))
  }

  /// Rebuilds the agent saved in `directory`; throws `CheckpointError` or `SafeTensorsError`
  /// naming the file when anything is missing, damaged or of the wrong shape.
  /// `computeThreads` is a property of the run, not of the checkpoint (see `SACAgent`).
  public static func load(from directory: URL, computeThreads: Int = 1) throws -> SACAgent {
    let stateURL = directory.appendingPathComponent(stateFile)
    let state = try readState(stateURL)
    let problems = state.configuration.problems()
    guard problems.isEmpty else {
      throw CheckpointError(path: stateURL.path, reason: problems.joined(separator: "; "))
    }
    guard state.actionLow.count == state.actionSize, state.actionHigh.count == state.actionSize,
      state.observationSize > 0, zip(state.actionLow, state.actionHigh).allSatisfy({ $0 < $1 })
    else {
      throw CheckpointError(path: stateURL.path, reason: "inconsistent sizes or action bounds")
    }
    let agent = SACAgent(
      observationSize: state.observationSize, actionSize: state.actionSize,
      actionLow: state.actionLow, actionHigh: state.actionHigh,
      configuration: state.configuration, seed: 0, computeThreads: computeThreads)
    try restore(agent.weightTensors, from: directory.appendingPathComponent(weightsFile))
    try restore(agent.optimizerTensors, from: directory.appendingPathComponent(optimizerFile))
    if let replayState = state.replayBuffer {
      let replayURL = directory.appendingPathComponent(replayFile)
      let replay = try SafeTensorsFile.read(from: replayURL)
      try agent.replayBuffer.restore(state: replayState, tensors: replay.tensors) {
        CheckpointError(path: replayURL.path, reason: $0)
      }
    }
    agent.environmentSteps = state.environmentSteps
    agent.updateCount = state.updateCount
    agent.actorOptimizer.stepCount = state.actorOptimizerSteps
    agent.criticOptimizer.stepCount = state.criticOptimizerSteps
    agent.alphaOptimizer.stepCount = state.alphaOptimizerSteps
    agent.generator = state.generator
    return agent
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
      guard state.formatVersion == formatVersion else {
        throw CheckpointError(
          path: url.path, reason: "unsupported format version \(state.formatVersion)")
      }
      return state
    } catch let error as CheckpointError {
      throw error
    } catch {
      throw CheckpointError(path: url.path, reason: "invalid state JSON (\(error))")
    }
  }

  private static func file(_ tensors: [NamedTensor], metadata: [String: String])
    -> SafeTensorsFile
  {
    var result = SafeTensorsFile(metadata: metadata)
    for tensor in tensors {
      result.tensors[tensor.name] = SafeTensor(shape: tensor.shape, floats: tensor.matrix.toArray())
    }
    return result
  }

  /// Copies every expected tensor from the file at `url`, checking names, dtypes and shapes.
  private static func restore(_ expected: [NamedTensor], from url: URL) throws {
    let file = try SafeTensorsFile.read(from: url)
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
      stored.copyFloats(into: tensor.matrix)
    }
  }
}
