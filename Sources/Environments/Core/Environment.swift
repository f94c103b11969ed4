import Foundation
import Physics
import Randomness

/// Errors from the environment API, each saying what was wrong.
public enum EnvironmentError: Error, CustomStringConvertible, Equatable {
  case invalidAction(String)
  case notReset
  case invalidTask(String)

  /// The message, saying what was wrong.
  public var description: String {
    switch self {
    case .invalidAction(let message): return "invalid action: \(message)"
    case .notReset: return "step() called before reset(seed:)"
    case .invalidTask(let message): return message
    }
  }
}

/// The episode mechanics around a task (dm_control's control.Environment): reset, action repeat
/// over physics substeps, the time limit as truncation, and divergence handling.
///
/// A step sets the controls, runs `spec.substeps` physics steps with them held, then computes the
/// observation and the reward once, from the final state. If the physics diverges (a non-finite or
/// absurd state), the episode ends as truncated with a warning, `divergenceCount` goes up, and the
/// observation and reward stay finite; the next `reset` starts cleanly.
public final class Environment {
  /// What the environment observes and accepts, and its timing.
  public let spec: EnvironmentSpec
  /// The physics the task runs on.
  public let simulation: Simulation
  /// The task: observation, reward and how an episode starts.
  public let task: any Task
  /// Joint speeds above this (rad/s or m/s) count as divergence.
  public var divergenceSpeed = Simulation.divergenceSpeed
  /// Episodes cut short because the simulation diverged.
  public private(set) var divergenceCount = 0
  /// Steps taken in the current episode.
  public internal(set) var episodeStep = 0
  /// Where warnings go (stderr by default; tests silence it).
  public var warn: (String) -> Void = { message in
    // Straight to file descriptor 2: a closed stream drops the line instead of trapping.
    let bytes = Array(("warning: " + message + "\n").utf8)
    _ = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
  }

  /// Called with what is needed to replay an episode whose physics diverged (nothing by default;
  /// a training run writes it into the run folder). An episode continued from `restore` has no
  /// record: its start is not known.
  public var recordDivergence: ((DivergenceRecord) -> Void)?
  /// The current episode's reset seed and actions, while it can still be replayed.
  private var episodeSeed: UInt64?
  private var episodeActions: [[Float]] = []

  private var random = RandomGenerator(seed: 0)
  private var observation: Observation
  var needsReset = true
  private var action: [Double]

  /// The most physics steps one environment step may hold.
  public static let maximumSubsteps = 10_000
  /// The most environment steps one episode may hold.
  public static let maximumEpisodeSteps = 1_000_000

  /// Wraps `task` around a simulation of `model`, as the task configures it.
  public init(task: any Task, model original: BodyModel) throws {
    var model = original
    task.configure(&model)
    self.task = task
    simulation = try Simulation(model: model)
    try task.prepare(simulation)
    let physicsTimestep = model.options.timestep
    let control = task.controlTimestep ?? physicsTimestep
    let where_ = "\(model.file): task '\(task.name)'"
    guard control.isFinite, control > 0, control / physicsTimestep <= Double(Self.maximumSubsteps) else {
      throw EnvironmentError.invalidTask(
        "\(where_): the control timestep must be positive and at most \(Self.maximumSubsteps) physics steps of "
          + "\(physicsTimestep) s, got \(control) s")
    }
    let substeps = Int((control / physicsTimestep).rounded())
    guard substeps >= 1, abs(Double(substeps) * physicsTimestep - control) < 1e-9 * control + 1e-12 else {
      throw EnvironmentError.invalidTask(
        "\(task.name): control timestep \(control) s is not a whole number of physics steps of \(physicsTimestep) s")
    }
    let steps = task.timeLimit / control
    guard task.timeLimit.isFinite, steps.rounded() >= 1, steps <= Double(Self.maximumEpisodeSteps) else {
      throw EnvironmentError.invalidTask(
        "\(where_): the time limit must give between 1 and \(Self.maximumEpisodeSteps) steps of \(control) s, "
          + "got \(task.timeLimit) s")
    }
    let actuators = model.actuators
    guard !actuators.isEmpty else {
      throw EnvironmentError.invalidTask("\(where_): the model has no actuators, so there is nothing to act with; add a <motor>")
    }
    var layout = Observation.recordingLayout()
    task.observe(simulation, into: &layout)
    spec = EnvironmentSpec(
      name: task.name, observation: layout.layout, actionNames: actuators.map(\.name),
      actionLow: actuators.map { $0.controlRange?.lowerBound ?? -1 },
      actionHigh: actuators.map { $0.controlRange?.upperBound ?? 1 },
      controlTimestep: control, substeps: substeps,
      episodeSteps: Int((task.timeLimit / control).rounded()))
    guard spec.observationSize > 0 else {
      throw EnvironmentError.invalidTask("\(model.file): task '\(task.name)' observes nothing (the model has no joints to observe)")
    }
    observation = Observation(size: spec.observationSize)
    action = [Double](repeating: 0, count: actuators.count)
  }

  /// Starts an episode: seeds the task's generator, resets the physics, lets the task randomise
  /// the initial state, and returns the first observation.
  @discardableResult
  public func reset(seed: UInt64) throws -> [Float] {
    random = RandomGenerator(seed: seed)
    episodeSeed = seed
    episodeActions.removeAll(keepingCapacity: true)
    try simulation.reset()
    try task.initializeEpisode(simulation, random: &random)
    episodeStep = 0
    needsReset = false
    return currentObservation()
  }

  /// Applies `action` (clipped to the bounds when it is applied, as MJCF's ctrlrange does) for one
  /// control step.
  public func step(_ newAction: [Float]) throws -> StepResult {
    guard !needsReset else { throw EnvironmentError.notReset }
    guard newAction.count == spec.actionSize else {
      throw EnvironmentError.invalidAction("expected \(spec.actionSize) values, got \(newAction.count)")
    }
    for (k, value) in newAction.enumerated() {
      guard value.isFinite else {
        throw EnvironmentError.invalidAction("\(spec.actionNames[k]) (index \(k)) is \(value)")
      }
      action[k] = Double(value)
    }
    episodeStep += 1
    if episodeSeed != nil, recordDivergence != nil { episodeActions.append(newAction) }
    var divergence: String?
    do {
      try task.applyAction(action, to: simulation)
      for _ in 0..<spec.substeps { try simulation.step() }
      task.afterStep(simulation)
      let qvel = simulation.qvel
      if let k = qvel.firstIndex(where: { !(abs($0) <= divergenceSpeed) }) {
        let joint = simulation.velocityAddress.lastIndex { $0 <= k }.map { simulation.model.joints[$0].name } ?? "?"
        divergence = "joint speed \(qvel[k]) of '\(joint)' exceeds \(divergenceSpeed); "
          + "speeds " + qvel.map { String(format: "%.3g", $0) }.joined(separator: " ")
      }
    } catch let error as PhysicsError {
      divergence = error.description
    }
    let reward = divergence == nil ? task.reward(simulation, action: action) : 0
    let obs = currentObservation()
    if divergence == nil, !reward.isFinite || obs.contains(where: { !$0.isFinite }) {
      divergence = "a non-finite observation or reward"
    }
    if let divergence {
      divergenceCount += 1
      warn("\(spec.name): the simulation diverged at step \(episodeStep) (\(divergence)); "
        + "the episode ends here as truncated (\(divergenceCount) so far)")
      needsReset = true
      if let recordDivergence, let episodeSeed {
        recordDivergence(DivergenceRecord(task: spec.name, seed: episodeSeed, actions: episodeActions, message: divergence))
      }
      return StepResult(
        observation: obs.map { $0.isFinite ? $0 : 0 }, reward: 0, terminated: false, truncated: true,
        divergence: divergence)
    }
    let terminated = task.isTerminal(simulation)
    let truncated = !terminated && episodeStep >= spec.episodeSteps
    if terminated || truncated { needsReset = true }
    return StepResult(observation: obs, reward: reward, terminated: terminated, truncated: truncated, divergence: nil)
  }

  /// After a restore the episode's start is unknown, so it cannot be replayed.
  func forgetEpisodeStart() {
    episodeSeed = nil
    episodeActions.removeAll(keepingCapacity: true)
  }

  private func currentObservation() -> [Float] {
    observation.rewind()
    task.observe(simulation, into: &observation)
    return observation.values
  }
}
