import Foundation

/// Mean and standard deviation of episode returns from deterministic evaluation.
public struct EvaluationResult: Codable, Sendable {
  public var meanReturn: Double
  /// Population standard deviation over episodes.
  public var standardDeviation: Double
  public var returns: [Double]
}

/// The SAC training loop of `specs/sac.md`, one environment step at a time.
///
/// Each `step()`: act (uniformly at random during `learningStarts`, else a policy sample),
/// step the environment, store (s, a, r, s', terminal), run `updatesPerStep` updates once
/// warm-up is over, and reset on episode end (terminal or truncated). Evaluation with the
/// deterministic action is a separate call on separate environment instances.
public struct TrainingLoop<Environment: ContinuousControlEnvironment> {
  public let agent: SACAgent
  public var environment: Environment
  /// Current observation s.
  public private(set) var observation: [Float]
  /// Return of the episode in progress.
  public private(set) var episodeReturn: Double = 0
  /// Returns of finished training episodes, oldest first.
  public private(set) var completedReturns: [Double] = []
  /// Metrics of the most recent update, if any.
  public private(set) var lastMetrics: UpdateMetrics?

  public init(agent: SACAgent, environment: Environment) {
    self.agent = agent
    self.environment = environment
    observation = self.environment.reset()
  }

  /// Advances one environment step (and its updates).
  public mutating func step() {
    let action = agent.exploratoryAction(observation: observation)
    let result = environment.step(action)
    if let metrics = agent.observe(
      observation: observation, action: action, reward: result.reward,
      nextObservation: result.observation, terminal: result.terminal,
      truncated: result.truncated)
    {
      lastMetrics = metrics
    }
    episodeReturn += Double(result.reward)
    if result.isLast {
      completedReturns.append(episodeReturn)
      episodeReturn = 0
      observation = environment.reset()
    } else {
      observation = result.observation
    }
  }

  /// Runs `count` environment steps.
  public mutating func run(steps count: Int) {
    for _ in 0..<count { step() }
  }
}

/// Deterministic evaluation: `episodes` episodes with a = scale * tanh(mu) + offset.
public func evaluate<Environment: ContinuousControlEnvironment>(
  agent: SACAgent, environment: inout Environment, episodes: Int, maxSteps: Int = 100_000
) -> EvaluationResult {
  var returns: [Double] = []
  for _ in 0..<episodes {
    var observation = environment.reset()
    var total = 0.0
    for _ in 0..<maxSteps {
      let result = environment.step(agent.act(observation: observation, deterministic: true))
      total += Double(result.reward)
      if result.isLast { break }
      observation = result.observation
    }
    returns.append(total)
  }
  let count = Double(max(returns.count, 1))
  let mean = returns.reduce(0, +) / count
  let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
  return EvaluationResult(
    meanReturn: mean, standardDeviation: variance.squareRoot(), returns: returns)
}
