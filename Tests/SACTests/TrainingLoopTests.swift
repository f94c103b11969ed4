import Randomness
import NeuralNetworks
import SAC
import Testing

/// The training loop's episode mechanics: terminal vs truncated endings and resets.
struct TrainingLoopTests {
  /// Walks x by the action; terminal when |x| > 1, truncated after 6 steps otherwise.
  struct Corridor: ContinuousControlEnvironment {
    var x: Float = 0
    var steps = 0
    var observationSize: Int { 1 }
    var actionLow: [Float] { [-1] }
    var actionHigh: [Float] { [1] }

    mutating func reset() -> [Float] {
      x = 0
      steps = 0
      return [x]
    }

    mutating func step(_ action: [Float]) -> EnvironmentStep {
      x += action[0] * 0.6
      steps += 1
      let terminal = abs(x) > 1
      return EnvironmentStep(
        observation: [x], reward: 1, terminal: terminal, truncated: !terminal && steps >= 6)
    }
  }

  @Test func episodesEndOnTerminalOrTruncationAndStoreTheRightFlag() {
    var configuration = SACConfiguration()
    configuration.hiddenSizes = [8]
    configuration.batchSize = 8
    configuration.learningStarts = 1_000
    configuration.replayCapacity = 1_000
    let agent = SACAgent(
      observationSize: 1, actionSize: 1, actionLow: [-1], actionHigh: [1],
      configuration: configuration, seed: 3)
    var loop = TrainingLoop(agent: agent, environment: Corridor())
    loop.run(steps: 300)
    #expect(agent.environmentSteps == 300)
    #expect(agent.updateCount == 0)
    #expect(!loop.completedReturns.isEmpty)
    #expect(loop.completedReturns.allSatisfy { $0 >= 1 && $0 <= 6 })
    #expect(loop.completedReturns.contains { $0 < 6 }, "some episodes should end terminally")
    #expect(loop.completedReturns.contains(6), "some episodes should be truncated")

    let batch = ReplayBatch(batchSize: 500, observationSize: 1, actionSize: 1)
    var generator = RandomGenerator(seed: 4)
    agent.replayBuffer.sample(into: batch, generator: &generator)
    for row in 0..<batch.batchSize {
      let next = batch.nextObservations[row, 0]
      #expect(batch.terminals[row, 0] == (abs(next) > 1 ? 1 : 0))
      #expect(abs(next - batch.observations[row, 0] - 0.6 * batch.actions[row, 0]) < 1e-5)
    }
  }
}
