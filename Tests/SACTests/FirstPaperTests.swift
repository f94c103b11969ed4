import Foundation
import NeuralNetworks
import Randomness
import Testing
import TestSupport
@testable import SAC

/// The first SAC paper's learner (`--algorithm sac-v1`): its losses against their definitions
/// and finite differences, and how it is wired into the learner.
struct FirstPaperTests {
  @Test func targetsFollowTheirDefinitions() {
    let valueTarget = Matrix(rows: 2, columns: 1)
    Losses.valueTarget(
      qf1Pi: Matrix(rows: 2, columns: 1, values: [3, -1]), qf2Pi: Matrix(rows: 2, columns: 1, values: [2, 4]),
      logProbabilities: Matrix(rows: 2, columns: 1, values: [-0.5, 1.5]), into: valueTarget)
    // min(3, 2) − (−0.5) = 2.5; min(−1, 4) − 1.5 = −2.5.
    #expect(valueTarget.toArray() == [2.5, -2.5])
    let criticTarget = Matrix(rows: 2, columns: 1)
    Losses.valueCriticTarget(
      rewards: Matrix(rows: 2, columns: 1, values: [1, 2]), terminals: Matrix(rows: 2, columns: 1, values: [0, 1]),
      nextValues: Matrix(rows: 2, columns: 1, values: [10, 10]), gamma: 0.9, rewardScale: 5, into: criticTarget)
    // 5 · 1 + 0.9 · 10 = 14; terminal: 5 · 2 = 10.
    #expect(criticTarget.toArray() == [14, 10])
  }

  @Test func valueLossGradientMatchesFiniteDifferences() {
    var generator = RandomGenerator(seed: 31)
    let value = Critic(observationSize: 3, actionSize: 0, hiddenSizes: [5, 4], generator: &generator)
    let batch = 4
    let observations = randomMatrix(rows: batch, columns: 3, generator: &generator)
    let targets = randomMatrix(rows: batch, columns: 1, generator: &generator)
    let pass = value.makePass(batchSize: batch)
    let values = value.evaluate(observations, Matrix(rows: batch, columns: 0), pass: pass)
    let loss = Losses.halfMeanSquaredError(values, target: targets, gradient: pass.outputGradient)
    value.backward(pass: pass)
    let inputs = doubles(observations)
    let y = doubles(targets).map { $0[0] }
    func reference(_ network: DoubleMLP) -> Double {
      (0..<batch).map { pow(network.forward(inputs[$0])[0] - y[$0], 2) }.reduce(0, +) / Double(batch) / 2
    }
    let network = DoubleMLP(value.network)
    #expect(close(Double(loss), reference(network), tolerance: 1e-4))
    for index in network.parameterIndices() {
      let numeric = centralDifference { reference(network.perturbed(index, by: $0)) }
      #expect(close(storedGradient(value.network, index), numeric, tolerance: 1e-3))
    }
  }

  static func learner(_ algorithm: SACAlgorithm, seed: UInt64) -> LearnerHarness {
    var configuration = AgentFixtures.configuration()
    configuration.algorithm = algorithm
    return AgentFixtures.makeAgent(seed: seed, configuration: configuration)
  }

  @Test func theValueNetworkIsDrawnAfterTheCriticsAndStartsAsItsTarget() throws {
    let first = Self.learner(.sacV1, seed: 12), second = Self.learner(.sac, seed: 12)
    #expect(AgentFixtures.allWeights(first) == AgentFixtures.allWeights(second))
    let value = try #require(first.learner.valueFunction)
    #expect(value.value.network.parameters.map { $0.toArray() } == value.target.network.parameters.map { $0.toArray() })
    #expect(second.learner.valueFunction == nil)
  }

  @Test func anUpdateStepsValueCriticsAndActorAndAveragesOnlyTheValueTarget() throws {
    let agent = Self.learner(.sacV1, seed: 13)
    AgentFixtures.fill(agent, count: 100)
    let value = try #require(agent.learner.valueFunction)
    let criticTargets = agent.targetCritics.parameters.map { $0.toArray() }
    let valueTarget = value.target.network.parameters.map { $0.toArray() }
    let alpha = agent.alpha
    let metrics = agent.update()
    #expect(value.optimizer.stepCount == 1 && agent.learner.criticOptimizer.stepCount == 1)
    #expect(agent.learner.actorOptimizer.stepCount == 1 && agent.learner.alphaOptimizer.stepCount == 0)
    #expect(agent.targetCritics.parameters.map { $0.toArray() } == criticTargets, "Q targets are not used by sac-v1")
    #expect(value.target.network.parameters.map { $0.toArray() } != valueTarget)
    #expect(agent.alpha == alpha && metrics.alpha == 1)
    #expect(metrics.valueLoss != nil && metrics.isFinite)
  }

  @Test func theTemperatureStaysAtOne() {
    var configuration = SACConfiguration()
    configuration.algorithm = .sacV1
    #expect(configuration.problems().isEmpty)
    configuration.initialAlpha = 0.2
    #expect(configuration.problems().contains { $0.contains("sac-v1 fixes the temperature") })
    var paper = SACConfiguration()
    paper.algorithm = .sacV1
    paper.applyFirstPaperDefaults(task: "humanoid-walk")
    #expect(paper.rewardScale == 20)
    var walker = SACConfiguration()
    walker.algorithm = .sacV1
    walker.applyFirstPaperDefaults(task: "walker-walk")
    #expect(walker.rewardScale == 5)
    var plain = SACConfiguration()
    plain.applyFirstPaperDefaults(task: "walker-walk")
    #expect(plain.rewardScale == 1)
  }
}
