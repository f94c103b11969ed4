import Randomness
import NeuralNetworks
import SAC
import Testing
import TestSupport

/// Twin critics: independence of Q_1 and Q_2, and Polyak averaging of the targets.
struct TwinCriticTests {
  @Test func criticsAreIndependent() {
    var generator = RandomGenerator(seed: 4)
    let critics = TwinCritic(
      observationSize: 2, actionSize: 1, hiddenSizes: [4], generator: &generator)
    #expect(critics.q1.network.layers[0].weight.toArray()
      != critics.q2.network.layers[0].weight.toArray())
  }

  @Test func polyakAveraging() {
    var generator = RandomGenerator(seed: 5)
    let online = TwinCritic(
      observationSize: 2, actionSize: 1, hiddenSizes: [4], generator: &generator)
    let target = TwinCritic(
      observationSize: 2, actionSize: 1, hiddenSizes: [4], generator: &generator)
    let before = target.parameters.map { $0.toArray() }
    let tau: Float = 0.1
    target.polyakUpdate(toward: online, tau: tau)
    for (index, parameter) in target.parameters.enumerated() {
      let source = online.parameters[index].toArray()
      for element in 0..<parameter.count {
        let expected = tau * source[element] + (1 - tau) * before[index][element]
        #expect(abs(parameter.pointer[element] - expected) < 1e-7)
      }
    }
    target.polyakUpdate(toward: online, tau: 1)
    #expect(target.parameters.map { $0.toArray() } == online.parameters.map { $0.toArray() })
  }
}
