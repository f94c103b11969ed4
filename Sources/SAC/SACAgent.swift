import Randomness
import Foundation
import NeuralNetworks

/// A Soft Actor-Critic agent: actor, twin critics, target critics, temperature, replay buffer,
/// optimisers and its one random generator.
///
/// Actions are in environment units inside [actionLow, actionHigh]. Typical loop:
///   let action = agent.exploratoryAction(observation: s)   // random during learningStarts
///   let step = environment.step(action)
///   agent.observe(observation: s, action: action, reward: step.reward,
///                 nextObservation: step.observation, terminal: step.terminal,
///                 truncated: step.truncated)          // stores, then trains when due
/// Evaluation uses `act(observation:deterministic: true)`.
public final class SACAgent {
  public let observationSize: Int
  public let actionSize: Int
  public let actionLow: [Float]
  public let actionHigh: [Float]
  public let configuration: SACConfiguration
  /// pi_phi.
  public let actor: GaussianActor
  /// Q_1, Q_2.
  public let critics: TwinCritic
  /// Qbar_1, Qbar_2.
  public let targetCritics: TwinCritic
  /// log(alpha), `[1, 1]`.
  public let logAlpha: Matrix
  /// dL_alpha/dlog(alpha), `[1, 1]`.
  let logAlphaGradient: Matrix
  let actorOptimizer: Adam
  let criticOptimizer: Adam
  let alphaOptimizer: Adam
  /// Transitions stored by `observe`.
  public let replayBuffer: ReplayBuffer
  /// Source of all randomness: initial weights, exploration, noise, minibatch indices.
  public internal(set) var generator: RandomGenerator
  /// Environment steps recorded by `observe`.
  public internal(set) var environmentSteps = 0
  /// Gradient steps taken.
  public internal(set) var updateCount = 0
  /// target_entropy in nats.
  public let targetEntropy: Float
  let workspace: UpdateWorkspace
  /// Runs independent halves of an update concurrently when `computeThreads` is 2.
  let pair: ParallelPair
  /// Threads one update uses: 1 (everything on the caller) or 2 (Q_1 and Q_2 work, the two
  /// policy samples, weight and input gradients, Adam and Polyak halves run in parallel).
  /// Results are identical either way. BLAS threading is left to the caller; with 2 compute
  /// threads, call `BLAS.setThreadCount(1)` to avoid oversubscribing the cores.
  public let computeThreads: Int
  let actingPass: ActorPass
  let actingObservation: Matrix

  /// Creates an agent with freshly initialised networks.
  ///
  /// - Parameters:
  ///   - actionLow, actionHigh: the action box, one bound per dimension, low < high.
  ///   - seed: seeds `generator`; the same seed gives the same agent and the same training.
  ///   - computeThreads: 1, or 2 to run the twin critics' work concurrently.
  public init(
    observationSize: Int, actionSize: Int, actionLow: [Float], actionHigh: [Float],
    configuration: SACConfiguration = SACConfiguration(), seed: UInt64,
    computeThreads: Int = 1
  ) {
    precondition(configuration.problems().isEmpty, configuration.problems().joined(separator: "; "))
    precondition(actionLow.count == actionSize && actionHigh.count == actionSize)
    self.observationSize = observationSize
    self.actionSize = actionSize
    self.actionLow = actionLow
    self.actionHigh = actionHigh
    self.configuration = configuration
    var generator = RandomGenerator(seed: seed)
    let head = SquashedGaussian(
      low: actionLow, high: actionHigh, logStdMin: Float(configuration.logStdMin),
      logStdMax: Float(configuration.logStdMax))
    actor = GaussianActor(
      observationSize: observationSize, hiddenSizes: configuration.hiddenSizes, head: head,
      generator: &generator)
    critics = TwinCritic(
      observationSize: observationSize, actionSize: actionSize,
      hiddenSizes: configuration.hiddenSizes, generator: &generator)
    var unused = RandomGenerator(seed: 0)
    targetCritics = TwinCritic(
      observationSize: observationSize, actionSize: actionSize,
      hiddenSizes: configuration.hiddenSizes, generator: &unused)
    targetCritics.copyParameters(from: critics)
    logAlpha = Matrix(
      rows: 1, columns: 1, repeating: Float(Foundation.log(configuration.initialAlpha)))
    logAlphaGradient = Matrix(rows: 1, columns: 1)
    func adam(_ parameters: [Matrix], _ gradients: [Matrix], _ rate: Double) -> Adam {
      Adam(
        parameters: parameters, gradients: gradients, learningRate: rate,
        beta1: configuration.adamBeta1, beta2: configuration.adamBeta2,
        epsilon: configuration.adamEpsilon)
    }
    actorOptimizer = adam(
      actor.network.parameters, actor.network.gradients, configuration.actorLearningRate)
    criticOptimizer = adam(critics.parameters, critics.gradients, configuration.criticLearningRate)
    alphaOptimizer = adam([logAlpha], [logAlphaGradient], configuration.alphaLearningRate)
    replayBuffer = ReplayBuffer(
      capacity: configuration.replayCapacity, observationSize: observationSize,
      actionSize: actionSize)
    targetEntropy = Float(configuration.resolvedTargetEntropy(actionSize: actionSize))
    workspace = UpdateWorkspace(
      actor: actor, critics: critics, targets: targetCritics,
      batchSize: configuration.batchSize)
    self.computeThreads = computeThreads
    pair = ParallelPair(parallel: computeThreads > 1)
    actingPass = actor.makePass(batchSize: 1)
    actingObservation = Matrix(rows: 1, columns: observationSize)
    self.generator = generator
  }

  deinit {
    pair.shutDown()
  }

  /// The temperature alpha = exp(log_alpha).
  public var alpha: Float { Foundation.exp(logAlpha[0, 0]) }

  /// Whether the agent still acts at random and does not train (first `learningStarts` steps).
  public var isWarmingUp: Bool { environmentSteps < configuration.learningStarts }

  /// The policy's action for one observation: scale * tanh(mu) + offset when
  /// `deterministic`, otherwise a fresh sample from the squashed Gaussian.
  public func act(observation: [Float], deterministic: Bool) -> [Float] {
    precondition(observation.count == observationSize, "Observation size mismatch")
    actingObservation.copy(from: observation)
    if deterministic {
      actor.deterministicActions(actingObservation, into: actingPass)
    } else {
      actor.sample(actingObservation, into: actingPass, generator: &generator)
    }
    return actingPass.actions.row(0)
  }

  /// A uniform random action in the action box.
  public func randomAction() -> [Float] {
    (0..<actionSize).map { generator.nextUniform(low: actionLow[$0], high: actionHigh[$0]) }
  }

  /// The training-time action: uniform random while warming up, then a policy sample.
  public func exploratoryAction(observation: [Float]) -> [Float] {
    isWarmingUp ? randomAction() : act(observation: observation, deterministic: false)
  }

  /// Records one environment step and, once warm-up is over, runs `updatesPerStep` updates.
  ///
  /// `terminal` marks a real end of the episode (no bootstrapping); `truncated` a time-limit
  /// cut (bootstrapping continues). Either one ends the episode in the replay buffer.
  /// Returns the metrics of the last update, or nil when none ran.
  @discardableResult
  public func observe(
    observation: [Float], action: [Float], reward: Float, nextObservation: [Float],
    terminal: Bool, truncated: Bool
  ) -> UpdateMetrics? {
    replayBuffer.add(
      observation: observation, action: action, reward: reward,
      nextObservation: nextObservation, terminal: terminal, truncated: truncated)
    environmentSteps += 1
    guard !isWarmingUp else { return nil }
    var metrics: UpdateMetrics?
    for _ in 0..<configuration.updatesPerStep {
      metrics = update()
    }
    return metrics
  }

  /// Samples a minibatch from the replay buffer and takes one gradient step.
  @discardableResult
  public func update() -> UpdateMetrics {
    replayBuffer.sample(into: workspace.batch, generator: &generator)
    return update(batch: workspace.batch)
  }
}
