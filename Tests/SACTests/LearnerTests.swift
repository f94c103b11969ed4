import Randomness
import NeuralNetworks
import SAC
import Testing
import TestSupport

/// Helpers shared by agent-level tests: a tiny configuration and synthetic transitions.
enum AgentFixtures {
  static func configuration(batchSize: Int = 16) -> SACConfiguration {
    var configuration = SACConfiguration()
    configuration.hiddenSizes = [16, 16]
    configuration.batchSize = batchSize
    configuration.learningStarts = 0
    configuration.replayCapacity = 500
    return configuration
  }

  static func makeAgent(
    seed: UInt64, configuration: SACConfiguration = configuration()
  ) -> LearnerHarness {
    LearnerHarness(
      observationSize: 3, actionSize: 2, actionLow: [-1, 0], actionHigh: [1, 2],
      configuration: configuration, seed: seed)
  }

  /// Fills the replay buffer with `count` random transitions from a fixed data generator.
  static func fill(_ agent: LearnerHarness, count: Int, dataSeed: UInt64 = 77) {
    var data = RandomGenerator(seed: dataSeed)
    var observation = (0..<3).map { _ in data.nextNormal() }
    for step in 0..<count {
      let action = [data.nextUniform(low: -1, high: 1), data.nextUniform(low: 0, high: 2)]
      let next = (0..<3).map { _ in data.nextNormal() }
      agent.store(
        observation: observation, action: action, reward: data.nextNormal(),
        nextObservation: next, terminal: step % 37 == 36, truncated: step % 50 == 49)
      observation = next
    }
  }

  static func allWeights(_ agent: LearnerHarness) -> [[Float]] {
    (agent.actor.network.parameters + agent.critics.parameters + agent.targetCritics.parameters
      + [agent.logAlpha]).map { $0.toArray() }
  }
}

/// Agent behaviour: determinism, acting, temperature direction, warm-up.
struct LearnerTests {
  @Test func sameSeedGivesIdenticalWeightsAfterUpdates() {
    let first = AgentFixtures.makeAgent(seed: 5)
    let second = AgentFixtures.makeAgent(seed: 5)
    let other = AgentFixtures.makeAgent(seed: 6)
    for agent in [first, second, other] {
      AgentFixtures.fill(agent, count: 200)
      for _ in 0..<25 { agent.update() }
    }
    #expect(AgentFixtures.allWeights(first) == AgentFixtures.allWeights(second))
    #expect(AgentFixtures.allWeights(first) != AgentFixtures.allWeights(other))
    #expect(first.generator == second.generator)
  }

  @Test func twoComputeThreadsGiveIdenticalResults() {
    let serial = AgentFixtures.makeAgent(seed: 12)
    let parallel = LearnerHarness(
      observationSize: 3, actionSize: 2, actionLow: [-1, 0], actionHigh: [1, 2],
      configuration: AgentFixtures.configuration(), seed: 12, computeThreads: 2)
    var metrics: [[UpdateMetrics]] = []
    for agent in [serial, parallel] {
      AgentFixtures.fill(agent, count: 200)
      metrics.append((0..<20).map { _ in agent.update() })
    }
    #expect(metrics[0] == metrics[1])
    #expect(AgentFixtures.allWeights(serial) == AgentFixtures.allWeights(parallel))
  }

  @Test func actionsRespectBounds() {
    let agent = AgentFixtures.makeAgent(seed: 1)
    for step in 0..<100 {
      let observation: [Float] = [Float(step) * 0.1, -2, 3]
      for action in [
        agent.act(observation: observation, deterministic: false),
        agent.act(observation: observation, deterministic: true), agent.randomAction(),
      ] {
        #expect(action[0] >= -1 && action[0] <= 1)
        #expect(action[1] >= 0 && action[1] <= 2)
      }
    }
    let observation: [Float] = [0.3, 0.1, -0.2]
    #expect(
      agent.act(observation: observation, deterministic: true)
        == agent.act(observation: observation, deterministic: true))
  }

  @Test func updateMetricsAreFiniteAndAlphaStartsAtOne() {
    let agent = AgentFixtures.makeAgent(seed: 2)
    AgentFixtures.fill(agent, count: 100)
    let metrics = agent.update()
    #expect(metrics.alpha == 1)
    for value in [metrics.criticLoss, metrics.actorLoss, metrics.alphaLoss, metrics.entropy,
      metrics.meanQ]
    {
      #expect(value.isFinite)
    }
    #expect(metrics.criticLoss == metrics.qf1Loss + metrics.qf2Loss)
    #expect(agent.updateCount == 1)
  }

  @Test func temperatureFollowsEntropyTarget() {
    var high = AgentFixtures.configuration()
    high.targetEntropy = 50  // unreachable entropy: alpha must rise
    var low = AgentFixtures.configuration()
    low.targetEntropy = -50  // far below the policy's entropy: alpha must fall
    let rising = AgentFixtures.makeAgent(seed: 3, configuration: high)
    let falling = AgentFixtures.makeAgent(seed: 3, configuration: low)
    for agent in [rising, falling] {
      AgentFixtures.fill(agent, count: 100)
      for _ in 0..<10 { agent.update() }
    }
    #expect(rising.alpha > 1)
    #expect(falling.alpha < 1)
  }

  @Test func fixedAlphaStaysFixed() {
    var configuration = AgentFixtures.configuration()
    configuration.autotuneAlpha = false
    configuration.initialAlpha = 0.2
    let agent = AgentFixtures.makeAgent(seed: 4, configuration: configuration)
    AgentFixtures.fill(agent, count: 100)
    for _ in 0..<5 {
      let metrics = agent.update()
      #expect(metrics.alphaLoss == 0)
    }
    #expect(abs(agent.alpha - 0.2) < 1e-7)
  }

  @Test func warmUpActsRandomlyWithoutUpdates() {
    var configuration = AgentFixtures.configuration()
    configuration.learningStarts = 20
    let agent = AgentFixtures.makeAgent(seed: 8, configuration: configuration)
    var observation: [Float] = [0, 0, 0]
    for step in 0..<25 {
      let action = agent.exploratoryAction(observation: observation)
      let next: [Float] = [Float(step), 1, 2]
      let metrics = agent.observe(
        observation: observation, action: action, reward: 1, nextObservation: next,
        terminal: false, truncated: false)
      #expect((metrics == nil) == (step < 19))
      observation = next
    }
    #expect(agent.updateCount == 6)
    #expect(agent.environmentSteps == 25)
  }

  @Test func targetCriticsStartAsCopiesAndTrailTheCritics() {
    let agent = AgentFixtures.makeAgent(seed: 9)
    #expect(
      agent.critics.parameters.map { $0.toArray() }
        == agent.targetCritics.parameters.map { $0.toArray() })
    AgentFixtures.fill(agent, count: 100)
    agent.update()
    #expect(
      agent.critics.parameters.map { $0.toArray() }
        != agent.targetCritics.parameters.map { $0.toArray() })
  }
}
