import Foundation
import Environments
import Randomness
import SAC

/// The returns of a set of evaluation episodes.
public struct EvaluationSummary: Codable, Sendable, Equatable {
  /// Mean return.
  public var mean: Double
  /// Population standard deviation.
  public var standardDeviation: Double
  /// Lowest return.
  public var minimum: Double
  /// Highest return.
  public var maximum: Double
  /// Every episode's return, in seed order.
  public var returns: [Double]

  init(returns: [Double]) {
    self.returns = returns
    let count = Double(max(returns.count, 1))
    let mean = returns.reduce(0, +) / count
    self.mean = mean
    standardDeviation = (returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count).squareRoot()
    minimum = returns.min() ?? 0
    maximum = returns.max() ?? 0
  }

  /// "mean ± std (min … max) over N episodes".
  public var text: String {
    String(format: "%.1f ± %.1f (min %.1f, max %.1f) over %d episodes", mean, standardDeviation, minimum, maximum, returns.count)
  }
}

/// Per-step poses of one episode's bodies, for `--record` and `odessa render`.
public struct EpisodeRecording: Codable, Sendable {
  /// Model body names (index 0 is the world).
  public var bodies: [String]
  /// Seconds per recorded frame.
  public var frameTime: Double
  /// One frame per environment step (the reset state first): per body, x y z and w qx qy qz.
  public var frames: [[Double]]
  /// The reward of each step.
  public var rewards: [Double]
  /// The task's target, if it has one (x y z), per frame.
  public var targets: [[Double]]?
  /// The target's radius in metres, if the task has a target.
  public var targetRadius: Double?
  /// How the task is best seen: "side" (x–z) or "top" (x–y).
  public var view: String?
  /// Ground the task lays itself, if any: its surface as x z pairs, left to right.
  public var ground: [Double]?
  /// The task's obstacles, if any: left, right, bottom, top of each.
  public var blocks: [[Double]]?
  /// The task's sensing rays per frame, if it has any: x z of each ray's start and end.
  public var rays: [[Double]]?
  /// The height pictures keep at their floor line (the task's ground level), if not 0.
  public var baseline: Double?
}

/// Seeds: training episode k and evaluation episode k of a run with seed s never coincide.
public enum EpisodeSeeds {
  /// Seed of training episode `episode` of the run seeded `runSeed`.
  public static func training(runSeed: UInt64, episode: Int) -> UInt64 {
    mix(runSeed, UInt64(episode))
  }

  /// Seed of evaluation episode `episode` of the run seeded `runSeed`.
  public static func evaluation(runSeed: UInt64, episode: Int) -> UInt64 {
    mix(runSeed ^ 0x5EED_E7A1_0000_0000, UInt64(episode))
  }

  static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var z = a &+ 0x9E37_79B9_7F4A_7C15 &* (b &+ 1)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Runs one episode per seed with the deterministic action scale * tanh(mu) + offset, or with
/// sampled actions when a `sampling` generator is given; optionally records the first episode.
/// `shouldStop` is polled every step: when it says so, the evaluation ends at once by throwing
/// `EvaluationInterrupted` (Ctrl-C answers within a step, however long the episodes).
public func evaluatePolicy(
  _ policy: Policy, environment: Environment, seeds: [UInt64], sampling: RandomGenerator? = nil,
  recordFirst: Bool = false, shouldStop: () -> Bool = { false }
) throws -> (summary: EvaluationSummary, recording: EpisodeRecording?) {
  var returns = [Double]()
  var recording: EpisodeRecording?
  var generator = sampling
  for (index, seed) in seeds.enumerated() {
    var observation = try environment.reset(seed: seed)
    let record = recordFirst && index == 0
    if record { recording = EpisodeRecording(startingFrom: environment) }
    var total = 0.0
    while true {
      if shouldStop() { throw EvaluationInterrupted() }
      let action = generator == nil ? policy.act(observation) : policy.sample(observation, generator: &generator!)
      let result = try environment.step(action)
      total += result.reward
      if record { recording!.append(environment, reward: result.reward) }
      if result.terminated || result.truncated { break }
      observation = result.observation
    }
    returns.append(total)
  }
  return (EvaluationSummary(returns: returns), recording)
}

/// An evaluation ended early because a stop was requested.
public struct EvaluationInterrupted: Error, CustomStringConvertible {
  /// "evaluation interrupted".
  public var description: String { "evaluation interrupted" }
}

extension EpisodeRecording {
  /// A recording whose first frame is `environment`'s state now (just after a reset).
  public init(startingFrom environment: Environment) {
    let target = environment.task.target(environment.simulation)
    self.init(
      bodies: environment.simulation.model.bodies.map(\.name), frameTime: environment.spec.controlTimestep,
      frames: [], rewards: [], targets: target.map { _ in [] }, targetRadius: target?.radius,
      view: environment.task.cameraView.rawValue)
    capture(environment, into: &self)
  }

  /// Adds the frame `environment` reached with a step that earned `reward`.
  public mutating func append(_ environment: Environment, reward: Double) {
    rewards.append(reward)
    capture(environment, into: &self)
  }
}

private func capture(_ environment: Environment, into recording: inout EpisodeRecording) {
  let simulation = environment.simulation
  var frame = [Double]()
  for b in simulation.model.bodies.indices {
    let pose = simulation.bodyPose(b)
    frame += [pose.position.x, pose.position.y, pose.position.z,
      pose.orientation.w, pose.orientation.x, pose.orientation.y, pose.orientation.z]
  }
  recording.frames.append(frame)
  if let scenery = environment.task.scenery(simulation) {
    if recording.ground == nil {
      recording.ground = scenery.ground.flatMap { [$0.x, $0.z] }
      recording.blocks = scenery.blocks.map { [$0.lower.x, $0.upper.x, $0.lower.z, $0.upper.z] }
      recording.baseline = scenery.baseline
      recording.rays = []
    }
    recording.rays?.append(scenery.rays.flatMap { [$0.from.x, $0.from.z, $0.to.x, $0.to.z] })
  }
  if let target = environment.task.target(simulation) {
    recording.targets?.append([target.position.x, target.position.y, target.position.z])
  }
}
