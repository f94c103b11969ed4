import Randomness
import Foundation
import NeuralNetworks

/// The SAC learner: the policy it trains, the twin critics and their targets, the temperature,
/// the three Adam optimisers, and `update(batch:generator:)`.
///
/// It keeps no replay buffer, no environment and no schedule: the training loop samples a
/// batch, hands it to `update`, and acts with `policy`. All randomness comes from the
/// generator the caller passes in, so one seeded generator drives a whole run.
public final class Learner {
  /// Every hyperparameter; the learner reads the optimiser, network and loss settings.
  public let configuration: SACConfiguration
  /// pi_phi, shared with whoever acts.
  public let policy: Policy
  /// Q_1, Q_2.
  package let critics: TwinCritic
  /// Qbar_1, Qbar_2.
  package let targetCritics: TwinCritic
  /// V_psi and V_psibar, for `--algorithm sac-v1` only.
  package let valueFunction: ValueFunction?
  /// log(alpha), `[1, 1]`.
  package let logAlpha: Matrix
  /// dL_alpha/dlog(alpha), `[1, 1]`.
  let logAlphaGradient: Matrix
  package let actorOptimizer: Adam
  package let criticOptimizer: Adam
  package let alphaOptimizer: Adam
  /// Gradient steps taken.
  public package(set) var updateCount = 0
  /// The actor and temperature losses of their latest update (reported on the gradient steps
  /// that skip them, with `policyFrequency` > 1).
  var lastActorLoss: Float = 0
  var lastAlphaLoss: Float = 0
  /// target_entropy in nats.
  public let targetEntropy: Float
  let workspace: UpdateWorkspace
  /// Runs independent halves of an update concurrently when `computeThreads` is 2.
  let pair: ParallelPair
  /// Threads one update uses: 1 (everything on the caller) or 2 (Q_1 and Q_2 work, the two
  /// policy samples, weight and input gradients, Adam and Polyak halves run in parallel).
  /// Results are identical either way. With 2, keep BLAS single-threaded
  /// (`BLAS.setThreadCount(1)`) so the cores are not oversubscribed.
  public let computeThreads: Int

  /// Creates a learner with fresh networks: the actor, then Q_1 and Q_2 (then V for sac-v1),
  /// initialised from `generator` in that order; the targets start as copies.
  ///
  /// - Parameters:
  ///   - actionLow, actionHigh: the action box, one bound per dimension, low < high.
  ///   - computeThreads: 1, or 2 to run the twin critics' work concurrently.
  public init(
    observationSize: Int, actionLow: [Float], actionHigh: [Float],
    configuration: SACConfiguration = SACConfiguration(), generator: inout RandomGenerator,
    computeThreads: Int = 1
  ) {
    precondition(configuration.problems().isEmpty, configuration.problems().joined(separator: "; "))
    precondition(actionLow.count == actionHigh.count, "Action bounds size mismatch")
    let actionSize = actionLow.count
    self.configuration = configuration
    policy = Policy(
      observationSize: observationSize, actionLow: actionLow, actionHigh: actionHigh,
      hiddenSizes: configuration.hiddenSizes, logStdMin: Float(configuration.logStdMin),
      logStdMax: Float(configuration.logStdMax), generator: &generator)
    critics = TwinCritic(
      observationSize: observationSize, actionSize: actionSize,
      hiddenSizes: configuration.hiddenSizes, generator: &generator)
    var unused = RandomGenerator(seed: 0)
    targetCritics = TwinCritic(
      observationSize: observationSize, actionSize: actionSize,
      hiddenSizes: configuration.hiddenSizes, generator: &unused)
    targetCritics.copyParameters(from: critics)
    // The first paper's value network comes after the critics, so the default learner's
    // draws are the same with or without it.
    valueFunction = configuration.algorithm == .sacV1
      ? ValueFunction(
        observationSize: observationSize, hiddenSizes: configuration.hiddenSizes, batchSize: configuration.batchSize,
        configuration: configuration, generator: &generator)
      : nil
    logAlpha = Matrix(
      rows: 1, columns: 1, repeating: Float(Foundation.log(configuration.initialAlpha)))
    logAlphaGradient = Matrix(rows: 1, columns: 1)
    func adam(_ parameters: [Matrix], _ gradients: [Matrix], _ rate: Double) -> Adam {
      Adam(
        parameters: parameters, gradients: gradients, learningRate: rate,
        beta1: configuration.adamBeta1, beta2: configuration.adamBeta2,
        epsilon: configuration.adamEpsilon)
    }
    let actor = policy.actor
    actorOptimizer = adam(
      actor.network.parameters, actor.network.gradients, configuration.actorLearningRate)
    criticOptimizer = adam(critics.parameters, critics.gradients, configuration.criticLearningRate)
    alphaOptimizer = adam([logAlpha], [logAlphaGradient], configuration.alphaLearningRate)
    targetEntropy = Float(configuration.resolvedTargetEntropy(actionSize: actionSize))
    workspace = UpdateWorkspace(
      actor: actor, critics: critics, targets: targetCritics, batchSize: configuration.batchSize)
    self.computeThreads = computeThreads
    pair = ParallelPair(parallel: computeThreads > 1)
  }

  deinit {
    pair.shutDown()
  }

  /// Entries of an observation.
  public var observationSize: Int { policy.observationSize }
  /// Action dimensions.
  public var actionSize: Int { policy.actionSize }
  /// The temperature alpha = exp(log_alpha).
  public var alpha: Float { Foundation.exp(logAlpha[0, 0]) }
  /// pi_phi's network and head.
  package var actor: GaussianActor { policy.actor }
}
