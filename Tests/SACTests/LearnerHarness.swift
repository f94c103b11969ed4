import Foundation
import NeuralNetworks
import Randomness
@testable import SAC

/// A learner with a replay buffer and one generator, driven step by step by the unit tests
/// (the tool's training loop lives in Training and has tests of its own).
final class LearnerHarness {
  let learner: Learner
  let replayBuffer: ReplayBuffer
  let batch: ReplayBatch
  var generator: RandomGenerator
  var environmentSteps = 0
  private var lastNextObservation: [Float]?

  init(learner: Learner, replayBuffer: ReplayBuffer, generator: RandomGenerator) {
    self.learner = learner
    self.replayBuffer = replayBuffer
    self.generator = generator
    batch = ReplayBatch(for: learner)
  }

  convenience init(
    observationSize: Int, actionSize: Int, actionLow: [Float], actionHigh: [Float],
    configuration: SACConfiguration, seed: UInt64, computeThreads: Int = 1
  ) {
    var generator = RandomGenerator(seed: seed)
    let learner = Learner(
      observationSize: observationSize, actionLow: actionLow, actionHigh: actionHigh,
      configuration: configuration, generator: &generator, computeThreads: computeThreads)
    self.init(
      learner: learner,
      replayBuffer: ReplayBuffer(
        capacity: configuration.replayCapacity, observationSize: observationSize,
        actionSize: actionSize),
      generator: generator)
  }

  var configuration: SACConfiguration { learner.configuration }
  var actor: GaussianActor { learner.actor }
  var critics: TwinCritic { learner.critics }
  var targetCritics: TwinCritic { learner.targetCritics }
  var logAlpha: Matrix { learner.logAlpha }
  var alpha: Float { learner.alpha }
  var updateCount: Int { learner.updateCount }
  var isWarmingUp: Bool { environmentSteps < configuration.learningStarts }

  func act(observation: [Float], deterministic: Bool) -> [Float] {
    deterministic
      ? learner.policy.act(observation) : learner.policy.sample(observation, generator: &generator)
  }

  func randomAction() -> [Float] {
    let policy = learner.policy
    return (0..<policy.actionSize).map {
      generator.nextUniform(low: policy.actionLow[$0], high: policy.actionHigh[$0])
    }
  }

  func exploratoryAction(observation: [Float]) -> [Float] {
    isWarmingUp ? randomAction() : act(observation: observation, deterministic: false)
  }

  /// Stores a transition (a new episode begins when `observation` does not continue the last
  /// one) and runs the updates that are due.
  @discardableResult
  func observe(
    observation: [Float], action: [Float], reward: Float, nextObservation: [Float],
    terminal: Bool, truncated: Bool
  ) -> UpdateMetrics? {
    store(observation: observation, action: action, reward: reward, nextObservation: nextObservation,
      terminal: terminal, truncated: truncated)
    environmentSteps += 1
    guard !isWarmingUp else { return nil }
    var metrics: UpdateMetrics?
    for _ in 0..<configuration.updatesPerStep { metrics = update() }
    return metrics
  }

  /// Stores a transition without updating.
  func store(
    observation: [Float], action: [Float], reward: Float, nextObservation: [Float],
    terminal: Bool, truncated: Bool
  ) {
    if !replayBuffer.isEpisodeOpen || lastNextObservation != observation {
      replayBuffer.beginEpisode(observation: observation)
    }
    replayBuffer.add(
      action: action, reward: reward, nextObservation: nextObservation, terminal: terminal,
      endsEpisode: truncated)
    lastNextObservation = nextObservation
  }

  @discardableResult
  func update() -> UpdateMetrics {
    replayBuffer.sample(into: batch, generator: &generator)
    return learner.update(batch: batch, generator: &generator)
  }

  func save(to directory: URL, includeReplayBuffer: Bool = false) throws {
    try SACCheckpoint.save(
      learner, replayBuffer: includeReplayBuffer ? replayBuffer : nil,
      environmentSteps: environmentSteps, generator: generator, to: directory)
  }

  static func load(from directory: URL) throws -> LearnerHarness {
    let (learner, state) = try SACCheckpoint.loadLearner(from: directory)
    let replayBuffer = ReplayBuffer(
      capacity: state.configuration.replayCapacity, observationSize: state.observationSize,
      actionSize: state.actionSize)
    if let replayState = state.replayBuffer {
      try SACCheckpoint.loadReplayBuffer(into: replayBuffer, state: replayState, from: directory)
    }
    let harness = LearnerHarness(learner: learner, replayBuffer: replayBuffer, generator: state.generator)
    harness.environmentSteps = state.environmentSteps
    return harness
  }
}
