import Foundation
import NeuralNetworks
import Randomness
import Testing
import TestSupport
@testable import SAC

/// The papers' deterministic ablation (`--algorithm deterministic`): no entropy anywhere,
/// a = tanh(mu) in the targets and the actor loss, Gaussian exploration noise when acting.
struct DeterministicAblationTests {
  static func agent(seed: UInt64) -> LearnerHarness {
    var configuration = AgentFixtures.configuration()
    configuration.algorithm = .deterministic
    return AgentFixtures.makeAgent(seed: seed, configuration: configuration)
  }

  @Test func theUpdateUsesTheMeanActionsAndDrawsNothing() {
    let agent = Self.agent(seed: 21)
    AgentFixtures.fill(agent, count: 100)
    agent.replayBuffer.sample(into: agent.batch, generator: &agent.generator)
    let next = doubles(agent.batch.nextObservations).map { $0.map(Float.init) }
    let expected = next.map { agent.learner.policy.act($0) }
    let alpha = agent.alpha
    var generator = agent.generator
    let metrics = agent.learner.update(batch: agent.batch, generator: &generator)
    #expect(generator == agent.generator, "the deterministic update draws no noise")
    let used = agent.learner.workspace.nextPolicy.actions
    for (row, actions) in expected.enumerated() {
      for (k, value) in actions.enumerated() { #expect(abs(used[row, k] - value) < 1e-6) }
    }
    #expect(agent.alpha == alpha && agent.learner.alphaOptimizer.stepCount == 0 && metrics.alpha == 0)
    #expect(agent.learner.actorOptimizer.stepCount == 1 && metrics.isFinite)
  }

  @Test func explorationAddsClippedGaussianNoiseOfTheGivenScale() {
    let agent = Self.agent(seed: 22)
    let policy = agent.learner.policy
    let observation: [Float] = [0.3, -0.2, 0.1]
    var generator = RandomGenerator(seed: 5)
    #expect(policy.explore(observation, noise: 0, generator: &generator) == policy.act(observation))
    // Action 0 lies in [−1, 1] (half range 1): noise 0.1 has standard deviation 0.1 there,
    // away from the bounds; every action stays inside the box.
    let mean = policy.act(observation)
    var deviations = [Double]()
    for _ in 0..<20_000 {
      let action = policy.explore(observation, noise: 0.1, generator: &generator)
      #expect(action[0] >= -1 && action[0] <= 1 && action[1] >= 0 && action[1] <= 2)
      deviations.append(Double(action[0] - mean[0]))
    }
    let std = (deviations.map { $0 * $0 }.reduce(0, +) / Double(deviations.count)).squareRoot()
    #expect(abs(mean[0]) < 0.6, "the mean action is far enough from the bounds for clipping not to matter")
    #expect(abs(std - 0.1) < 0.005, "std \(std)")
  }
}
