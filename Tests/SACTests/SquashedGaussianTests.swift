import Randomness
import Foundation
import NeuralNetworks
import SAC
import Testing
import TestSupport

/// The squashed Gaussian's log-probability, actions and bounds.
struct SquashedGaussianTests {
  func logProbability(
    head: SquashedGaussian, mu: [Float], logStd: [Float], eps: [Float]
  ) -> (action: [Float], logp: Float) {
    let output = matrix([mu + logStd])
    let noise = matrix([eps])
    let squashed = Matrix(rows: 1, columns: mu.count)
    let actions = Matrix(rows: 1, columns: mu.count)
    let logp = Matrix(rows: 1, columns: 1)
    head.sample(
      actorOutput: output, noise: noise, squashed: squashed, actions: actions,
      logProbabilities: logp)
    return (actions.row(0), logp[0, 0])
  }

  @Test func logProbabilityMatchesChangeOfVariables() {
    let head = SquashedGaussian(low: [-1, 0, -3], high: [1, 4, -2])
    let cases: [(mu: [Float], logStd: [Float], eps: [Float])] = [
      ([0.1, -0.5, 1.2], [-0.3, 0.2, -1.0], [0.4, -1.3, 0.7]),
      ([2.0, -1.0, 0.0], [0.5, -2.0, 1.5], [-0.2, 2.5, -1.1]),
    ]
    for c in cases {
      let result = logProbability(head: head, mu: c.mu, logStd: c.logStd, eps: c.eps)
      let u = c.mu.indices.map { Double(c.mu[$0]) + exp(Double(c.logStd[$0])) * Double(c.eps[$0]) }
      let expected = referenceLogProbability(
        mu: c.mu.map(Double.init), logStd: c.logStd.map(Double.init), u: u,
        scale: head.scale.map(Double.init))
      #expect(abs(Double(result.logp) - expected) < 1e-4, "\(result.logp) vs \(expected)")
      for i in u.indices {
        let action = Double(head.scale[i]) * tanh(u[i]) + Double(head.offset[i])
        #expect(abs(Double(result.action[i]) - action) < 1e-5)
      }
    }
  }

  @Test func stableAtExtremePreTanhValues() {
    let head = SquashedGaussian(low: [-2], high: [2])
    for u: Float in [-60, -20, -9, 9, 20, 60] {
      let result = logProbability(head: head, mu: [u], logStd: [-20], eps: [0])
      let expected = referenceLogProbability(
        mu: [Double(u)], logStd: [-20], u: [Double(u)], scale: [2])
      #expect(result.logp.isFinite)
      #expect(abs(Double(result.logp) - expected) < 1e-3 * max(1, abs(expected)))
      // The naive float formula breaks down here: 1 - tanh(u)^2 loses all precision at
      // |u| = 9 and is exactly 0 (log gives -inf) from |u| of about 10 on.
      let t = tanh(u)
      let naive = Double(log(1 - t * t))
      #expect(!naive.isFinite || abs(naive - (-2 * log(cosh(Double(u))))) > 0.5)
    }
  }

  @Test func stableFormMatchesDefinitionForModerateValues() {
    for u in stride(from: -4.0, through: 4.0, by: 0.25) {
      let stable = Double(SquashedGaussian.logOneMinusTanhSquared(Float(u)))
      #expect(abs(stable - log(1 - tanh(u) * tanh(u))) < 1e-5)
    }
    #expect(SquashedGaussian.softplus(100) == 100)
    #expect(SquashedGaussian.softplus(-100) > 0)
  }

  @Test func logStdIsClamped() {
    let head = SquashedGaussian(low: [-1], high: [1], logStdMin: -5, logStdMax: 2)
    let wide = logProbability(head: head, mu: [0], logStd: [10], eps: [0.1])
    let clamped = logProbability(head: head, mu: [0], logStd: [2], eps: [0.1])
    #expect(wide.logp == clamped.logp)
    #expect(wide.action == clamped.action)
  }

  @Test func deterministicActionIsScaledTanhOfMean() {
    let head = SquashedGaussian(low: [0, -4], high: [2, 0])
    let output = matrix([[0.3, -1.0, 5, 5]])
    let actions = Matrix(rows: 1, columns: 2)
    head.deterministicActions(actorOutput: output, into: actions)
    #expect(abs(actions[0, 0] - (1 + tanh(0.3))) < 1e-6)
    #expect(abs(actions[0, 1] - (-2 + 2 * tanh(-1.0))) < 1e-6)
  }

  @Test func samplesStayInsideBounds() {
    let head = SquashedGaussian(low: [-0.5, 10], high: [0.5, 20])
    var generator = RandomGenerator(seed: 3)
    for _ in 0..<200 {
      let mu = [generator.nextNormal() * 5, generator.nextNormal() * 5]
      let eps = [generator.nextNormal(), generator.nextNormal()]
      let result = logProbability(head: head, mu: mu, logStd: [1, 1], eps: eps)
      #expect(result.action[0] >= -0.5 && result.action[0] <= 0.5)
      #expect(result.action[1] >= 10 && result.action[1] <= 20)
    }
  }
}
