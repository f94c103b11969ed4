import Foundation
import NeuralNetworks
import SAC
import Testing

/// End to end: SAC learns to drive the point mass to its goal, on two seeds, in a CI budget.
struct EndToEndTests {
  static let configuration: SACConfiguration = {
    var configuration = SACConfiguration()
    configuration.hiddenSizes = [64, 64]
    configuration.batchSize = 64
    configuration.learningStarts = 500
    configuration.replayCapacity = 20_000
    configuration.actorLearningRate = 1e-3
    configuration.criticLearningRate = 1e-3
    configuration.alphaLearningRate = 1e-3
    return configuration
  }()

  @Test(arguments: [UInt64(1), UInt64(2)])
  func learnsPointMass(seed: UInt64) {
    let agent = SACAgent(
      observationSize: 2, actionSize: 1, actionLow: [-1], actionHigh: [1],
      configuration: Self.configuration, seed: seed)
    var loop = TrainingLoop(agent: agent, environment: PointMassTask(seed: seed &* 1000))
    let start = Date()
    loop.run(steps: 4_000)
    let elapsed = Date().timeIntervalSince(start)

    var evaluationTask = PointMassTask(seed: seed &* 1000 &+ 7)
    let result = evaluate(agent: agent, environment: &evaluationTask, episodes: 10)
    let random = randomPolicyReturn(episodes: 50, seed: seed &+ 99)
    print("seed \(seed): deterministic return \(result.meanReturn) ± \(result.standardDeviation)"
      + ", random \(random), \(agent.updateCount) updates in \(elapsed) s")
    // Random play scores about 6 and doing nothing about 9; a PD controller about 42.
    #expect(result.meanReturn > 25)
    #expect(result.meanReturn > 3 * random)
  }
}
