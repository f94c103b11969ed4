import NeuralNetworks
import Randomness
import Testing
import TestSupport
@testable import SAC

/// The update schedule settings of the SAC papers' ablations and CleanRL: reward scale,
/// delayed actor and temperature updates, and the target-network interval.
struct UpdateScheduleTests {
  @Test func rewardScaleMultipliesTheRewardInTheCriticTarget() {
    let target = Matrix(rows: 2, columns: 1)
    Losses.criticTarget(
      rewards: Matrix(rows: 2, columns: 1, values: [1, 2]), terminals: Matrix(rows: 2, columns: 1, values: [0, 1]),
      qf1NextTarget: Matrix(rows: 2, columns: 1, values: [10, 20]), qf2NextTarget: Matrix(rows: 2, columns: 1, values: [12, 15]),
      nextLogProbabilities: Matrix(rows: 2, columns: 1, values: [-1, 0.5]), alpha: 0.2, gamma: 0.9, rewardScale: 5,
      into: target)
    // y0 = 5 · 1 + 0.9 · (min(10, 12) − 0.2 · −1) = 14.18; y1 = 5 · 2 (terminal).
    #expect(abs(target[0, 0] - 14.18) < 1e-5)
    #expect(target[1, 0] == 10)
  }

  static func actorWeights(_ agent: LearnerHarness) -> [[Float]] { agent.actor.network.parameters.map { $0.toArray() } }
  static func targetWeights(_ agent: LearnerHarness) -> [[Float]] { agent.targetCritics.parameters.map { $0.toArray() } }

  @Test func delayedPolicyUpdatesRunEveryFthStepFTimes() {
    var configuration = AgentFixtures.configuration()
    configuration.policyFrequency = 2
    let agent = AgentFixtures.makeAgent(seed: 3, configuration: configuration)
    AgentFixtures.fill(agent, count: 100)
    let before = Self.actorWeights(agent), alphaBefore = agent.alpha
    agent.update()  // gradient step 0: two actor and two temperature steps
    #expect(agent.learner.actorOptimizer.stepCount == 2)
    #expect(Self.actorWeights(agent) != before && agent.alpha != alphaBefore)
    let afterFirst = Self.actorWeights(agent), alphaAfterFirst = agent.alpha
    agent.update()  // gradient step 1: critics only
    #expect(agent.learner.actorOptimizer.stepCount == 2)
    #expect(Self.actorWeights(agent) == afterFirst && agent.alpha == alphaAfterFirst)
    agent.update()  // gradient step 2: two more
    #expect(agent.learner.actorOptimizer.stepCount == 4)
    #expect(agent.learner.criticOptimizer.stepCount == 3)
  }

  @Test func targetCriticsMoveOnlyEveryKthStep() {
    var configuration = AgentFixtures.configuration()
    configuration.targetUpdateInterval = 3
    let agent = AgentFixtures.makeAgent(seed: 4, configuration: configuration)
    AgentFixtures.fill(agent, count: 100)
    var moved = [Bool]()
    for _ in 0..<6 {
      let before = Self.targetWeights(agent)
      agent.update()
      moved.append(Self.targetWeights(agent) != before)
    }
    #expect(moved == [true, false, false, true, false, false])
  }

  @Test func settingsRejectOutOfRangeValues() {
    var configuration = SACConfiguration()
    configuration.policyFrequency = 0
    configuration.targetUpdateInterval = 0
    configuration.rewardScale = -1
    let problems = configuration.problems()
    #expect(problems.contains { $0.contains("--policy-frequency") })
    #expect(problems.contains { $0.contains("--target-update-interval") })
    #expect(problems.contains { $0.contains("--reward-scale") })
  }
}
