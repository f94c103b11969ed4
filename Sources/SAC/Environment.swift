/// The result of one environment step.
///
/// `terminal` is true only when the task really ended (a fall, a goal state): the critic
/// target stops bootstrapping there. `truncated` is true when a time limit cut the episode:
/// the episode ends but the target still bootstraps.
public struct EnvironmentStep: Sendable {
  public var observation: [Float]
  public var reward: Float
  public var terminal: Bool
  public var truncated: Bool

  public init(observation: [Float], reward: Float, terminal: Bool, truncated: Bool) {
    self.observation = observation
    self.reward = reward
    self.terminal = terminal
    self.truncated = truncated
  }

  /// Whether the episode is over (either way).
  public var isLast: Bool { terminal || truncated }
}

/// What the SAC training and evaluation loops need from an environment.
///
/// Observations have `observationSize` entries; actions `actionLow.count` entries inside
/// [actionLow, actionHigh].
public protocol ContinuousControlEnvironment {
  var observationSize: Int { get }
  var actionLow: [Float] { get }
  var actionHigh: [Float] { get }
  /// Starts a new episode; returns the first observation.
  mutating func reset() -> [Float]
  /// Applies `action` and advances one control step.
  mutating func step(_ action: [Float]) -> EnvironmentStep
}
