import Environments
import Randomness
import SAC

/// The one SAC training loop, one environment step at a time (docs/algorithm.md):
///
///     a = uniform random in the action box        for the first `learningStarts` steps
///       = a sample of pi(.|s)                     afterwards
///     s', r, terminal, truncated = environment.step(a)
///     store (s, a, r, s', terminal) in the replay buffer
///     once step >= learningStarts: `updatesPerStep` times, sample a batch and update
///     if the episode ended: reset with the next training seed and begin a new episode
///
/// It owns the environment, the replay buffer, the learner and the run's one generator, which
/// draws the random actions, the policy noise and the minibatch indices, in that order.
final class TrainingLoop {
  let environment: Environment
  let learner: Learner
  let replayBuffer: ReplayBuffer
  let batch: ReplayBatch
  /// Every random draw of the agent: actions, policy noise, minibatches.
  var generator: RandomGenerator
  /// Counters and the current observation s, saved with each checkpoint.
  var state: TrainerState
  /// Seeds the training episodes.
  let runSeed: UInt64

  /// What one step produced, for logging.
  struct Outcome {
    /// The return and length of the episode that ended on this step, if one did.
    var finishedEpisode: (return: Double, length: Int)?
    /// Metrics of the last update of this step, if any ran.
    var metrics: UpdateMetrics?
  }

  init(
    environment: Environment, learner: Learner, replayBuffer: ReplayBuffer,
    generator: RandomGenerator, state: TrainerState, runSeed: UInt64
  ) {
    self.environment = environment
    self.learner = learner
    self.replayBuffer = replayBuffer
    self.generator = generator
    self.state = state
    self.runSeed = runSeed
    batch = ReplayBatch(for: learner)
    // A resumed run whose checkpoint left the buffer between episodes (or holds no buffer)
    // continues its episode from the saved observation.
    if !replayBuffer.isEpisodeOpen {
      replayBuffer.beginEpisode(observation: state.observation)
    }
  }

  /// Starts the first episode of a new run.
  static func firstState(environment: Environment, runSeed: UInt64) throws -> TrainerState {
    var state = TrainerState()
    state.observation = try environment.reset(seed: EpisodeSeeds.training(runSeed: runSeed, episode: 0))
    return state
  }

  /// Whether actions are still uniformly random and no update runs.
  var isWarmingUp: Bool { state.step < learner.configuration.learningStarts }

  /// Act, step, store, learn; reset when the episode ends.
  func step() throws -> Outcome {
    let configuration = learner.configuration
    let action =
      isWarmingUp ? randomAction()
      : configuration.algorithm == .deterministic
        ? learner.policy.explore(state.observation, noise: configuration.explorationNoise, generator: &generator)
        : learner.policy.sample(state.observation, generator: &generator)
    let result = try environment.step(action)
    replayBuffer.add(
      action: action, reward: Float(result.reward), nextObservation: result.observation,
      terminal: result.terminated, endsEpisode: result.truncated)
    state.step += 1
    var outcome = Outcome()
    if !isWarmingUp {
      for _ in 0..<configuration.updatesPerStep {
        replayBuffer.sample(into: batch, generator: &generator)
        outcome.metrics = learner.update(batch: batch, generator: &generator)
      }
    }
    state.episodeReturn += result.reward
    state.episodeLength += 1
    if result.terminated || result.truncated {
      outcome.finishedEpisode = (state.episodeReturn, state.episodeLength)
      state.lastEpisodeReturn = state.episodeReturn
      state.episode += 1
      state.episodeReturn = 0
      state.episodeLength = 0
      state.observation = try environment.reset(
        seed: EpisodeSeeds.training(runSeed: runSeed, episode: state.episode))
      replayBuffer.beginEpisode(observation: state.observation)
    } else {
      state.observation = result.observation
    }
    return outcome
  }

  /// A uniform random action in the action box.
  func randomAction() -> [Float] {
    let policy = learner.policy
    let low = policy.actionLow, high = policy.actionHigh
    return (0..<policy.actionSize).map { generator.nextUniform(low: low[$0], high: high[$0]) }
  }
}
