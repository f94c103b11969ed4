import Foundation
import Randomness
import SAC
import Testing
import TestSupport
@testable import Environments
@testable import Training

/// The training loop's episode mechanics: terminal vs truncated endings, resets, and what
/// reaches the replay buffer.
struct TrainingLoopTests {
  /// The sliding mass in a corridor: a real end when |x| > 0.8, a time-limit cut after 6 steps.
  func corridorLoop(learningStarts: Int) throws -> TrainingLoop {
    var configuration = SACConfiguration()
    configuration.hiddenSizes = [8]
    configuration.batchSize = 8
    configuration.learningStarts = learningStarts
    configuration.replayCapacity = 1_000
    let environment = try SlidingMass.environment(timeLimit: 0.6, terminalBeyond: 0.8)
    var generator = RandomGenerator(seed: 3)
    let learner = Learner(
      observationSize: 2, actionLow: [-1], actionHigh: [1], configuration: configuration,
      generator: &generator)
    let replayBuffer = ReplayBuffer(capacity: 1_000, observationSize: 2, actionSize: 1)
    let state = try TrainingLoop.firstState(environment: environment, runSeed: 3)
    return TrainingLoop(
      environment: environment, learner: learner, replayBuffer: replayBuffer, generator: generator,
      state: state, runSeed: 3)
  }

  @Test func episodesEndOnTerminalOrTruncationAndStoreTheRightFlag() throws {
    let loop = try corridorLoop(learningStarts: 1_000)
    var returns: [(Double, Int)] = []
    for _ in 0..<300 {
      let outcome = try loop.step()
      #expect(outcome.metrics == nil, "no update during warm-up")
      if let episode = outcome.finishedEpisode { returns.append(episode) }
    }
    #expect(loop.state.step == 300)
    #expect(loop.learner.updateCount == 0)
    #expect(!returns.isEmpty)
    #expect(returns.allSatisfy { $0.1 >= 1 && $0.1 <= 6 })
    #expect(returns.contains { $0.1 < 6 }, "some episodes should end terminally")
    #expect(returns.contains { $0.1 == 6 }, "some episodes should be truncated")

    let batch = ReplayBatch(batchSize: 500, observationSize: 2, actionSize: 1)
    var generator = RandomGenerator(seed: 4)
    loop.replayBuffer.sample(into: batch, generator: &generator)
    for row in 0..<batch.batchSize {
      let next = batch.nextObservations[row, 0]
      #expect(batch.terminals[row, 0] == (abs(next) > 0.8 ? 1 : 0))
      // x' = x + (v + 2 u dt) dt with dt = 0.1: s' really follows s.
      let expected = batch.observations[row, 0]
        + (batch.observations[row, 1] + 0.2 * batch.actions[row, 0]) * 0.1
      #expect(abs(next - expected) < 1e-5)
    }
  }

  @Test func updatesStartWhenWarmUpEnds() throws {
    let loop = try corridorLoop(learningStarts: 20)
    for step in 1...25 {
      let outcome = try loop.step()
      #expect((outcome.metrics == nil) == (step < 20), "step \(step)")
    }
    #expect(loop.learner.updateCount == 6)
  }
}
