import Randomness
import Foundation
import NeuralNetworks
import SAC
import Testing
import TestSupport

/// The SAC losses: the critic target on a hand-made batch, and each loss's gradient
/// against float64 central differences through the real networks.
struct LossesTests {
  @Test func criticTargetHandlesTerminalAndTruncatedRows() {
    // Row 0: ordinary step. Row 1: terminal (no bootstrap). Row 2: cut by the time limit,
    // which is NOT terminal, so it still bootstraps.
    let target = Matrix(rows: 3, columns: 1)
    Losses.criticTarget(
      rewards: matrix([[1], [2], [3]]), terminals: matrix([[0], [1], [0]]),
      qf1NextTarget: matrix([[10], [20], [30]]), qf2NextTarget: matrix([[12], [15], [31]]),
      nextLogProbabilities: matrix([[-1], [0.5], [2]]), alpha: 0.2, gamma: 0.9, into: target)
    // y0 = 1 + 0.9 * (min(10, 12) - 0.2 * -1) = 10.18
    // y1 = 2 (terminal)
    // y2 = 3 + 0.9 * (min(30, 31) - 0.2 * 2) = 29.64
    #expect(abs(target[0, 0] - 10.18) < 1e-5)
    #expect(target[1, 0] == 2)
    #expect(abs(target[2, 0] - 29.64) < 1e-5)
  }

  @Test func truncatedStepsAreStoredAsNonTerminal() {
    let buffer = ReplayBuffer(capacity: 8, observationSize: 1, actionSize: 1)
    buffer.beginEpisode(observation: [0])
    buffer.add(action: [0], reward: 0, nextObservation: [1], terminal: false, endsEpisode: true)
    let batch = ReplayBatch(batchSize: 4, observationSize: 1, actionSize: 1)
    var generator = RandomGenerator(seed: 1)
    buffer.sample(into: batch, generator: &generator)
    #expect(batch.terminals.toArray() == [0, 0, 0, 0])
  }

  @Test func criticLossGradientMatchesFiniteDifferences() {
    var generator = RandomGenerator(seed: 21)
    let critics = TwinCritic(
      observationSize: 3, actionSize: 2, hiddenSizes: [5, 4], generator: &generator)
    let batch = 4
    let observations = randomMatrix(rows: batch, columns: 3, generator: &generator)
    let actions = randomMatrix(rows: batch, columns: 2, generator: &generator)
    let targets = randomMatrix(rows: batch, columns: 1, generator: &generator)
    let pass1 = critics.q1.makePass(batchSize: batch)
    let pass2 = critics.q2.makePass(batchSize: batch)
    let q1 = critics.q1.evaluate(observations, actions, pass: pass1)
    let q2 = critics.q2.evaluate(observations, actions, pass: pass2)
    _ = Losses.meanSquaredError(q1, target: targets, gradient: pass1.outputGradient)
    _ = Losses.meanSquaredError(q2, target: targets, gradient: pass2.outputGradient)
    critics.q1.backward(pass: pass1)
    critics.q2.backward(pass: pass2)

    let inputs = (0..<batch).map { doubles(observations)[$0] + doubles(actions)[$0] }
    let y = doubles(targets).map { $0[0] }
    func loss(_ first: DoubleMLP, _ second: DoubleMLP) -> Double {
      var total = 0.0
      for row in 0..<batch {
        total += pow(first.forward(inputs[row])[0] - y[row], 2) / Double(batch)
        total += pow(second.forward(inputs[row])[0] - y[row], 2) / Double(batch)
      }
      return total
    }
    let reference1 = DoubleMLP(critics.q1.network)
    let reference2 = DoubleMLP(critics.q2.network)
    for index in reference1.parameterIndices() {
      let numeric1 = centralDifference { loss(reference1.perturbed(index, by: $0), reference2) }
      let numeric2 = centralDifference { loss(reference1, reference2.perturbed(index, by: $0)) }
      #expect(close(storedGradient(critics.q1.network, index), numeric1, tolerance: 1e-3))
      #expect(close(storedGradient(critics.q2.network, index), numeric2, tolerance: 1e-3))
    }
  }

  @Test func actorLossGradientMatchesFiniteDifferences() {
    var generator = RandomGenerator(seed: 22)
    let head = SquashedGaussian(low: [-1, 0], high: [2, 3], logStdMin: -0.2, logStdMax: 0.1)
    let actor = GaussianActor(
      observationSize: 3, hiddenSizes: [6, 5], head: head, generator: &generator)
    let critics = TwinCritic(
      observationSize: 3, actionSize: 2, hiddenSizes: [5, 4], generator: &generator)
    let batch = 5
    let alpha: Float = 0.7
    let observations = randomMatrix(rows: batch, columns: 3, generator: &generator)
    let pass = actor.makePass(batchSize: batch)
    let pass1 = critics.q1.makePass(batchSize: batch)
    let pass2 = critics.q2.makePass(batchSize: batch)
    let criticGradientsBefore = critics.gradients.map { $0.toArray() }

    actor.sample(observations, into: pass, generator: &generator)
    let qf1Pi = critics.q1.evaluate(observations, pass.actions, pass: pass1)
    let qf2Pi = critics.q2.evaluate(observations, pass.actions, pass: pass2)
    _ = Losses.actorLoss(
      qf1Pi: qf1Pi, qf2Pi: qf2Pi, logProbabilities: pass.logProbabilities, alpha: alpha,
      qf1PiGradient: pass1.outputGradient, qf2PiGradient: pass2.outputGradient,
      logProbabilityGradient: pass.logProbabilityGradient)
    critics.q1.backwardToInput(pass: pass1)
    critics.q2.backwardToInput(pass: pass2)
    Critic.sumActionGradients(pass1, pass2, into: pass.actionGradient)
    actor.backward(observations, pass: pass)
    #expect(critics.gradients.map { $0.toArray() } == criticGradientsBefore)
    let rawLogStd = (0..<batch).flatMap { pass.network.output.row($0)[2..<4] }
    #expect(rawLogStd.contains { $0 < -0.2 || $0 > 0.1 }, "the clamp should be exercised")
    #expect(rawLogStd.contains { $0 > -0.2 && $0 < 0.1 }, "\(rawLogStd)")

    let eps = doubles(pass.noise)
    let states = doubles(observations)
    let q1 = DoubleMLP(critics.q1.network)
    let q2 = DoubleMLP(critics.q2.network)
    let scale = head.scale.map(Double.init)
    let offset = head.offset.map(Double.init)
    func loss(_ policy: DoubleMLP) -> Double {
      var total = 0.0
      for row in 0..<batch {
        let output = policy.forward(states[row])
        let mu = Array(output[0..<2])
        let logStd = output[2..<4].map { min(max($0, -0.2), 0.1) }
        let u = (0..<2).map { mu[$0] + exp(logStd[$0]) * eps[row][$0] }
        let action = (0..<2).map { scale[$0] * tanh(u[$0]) + offset[$0] }
        let logp = referenceLogProbability(mu: mu, logStd: logStd, u: u, scale: scale)
        let minQ = min(q1.forward(states[row] + action)[0], q2.forward(states[row] + action)[0])
        total += (Double(alpha) * logp - minQ) / Double(batch)
      }
      return total
    }
    let reference = DoubleMLP(actor.network)
    var checked = 0
    for index in reference.parameterIndices() {
      let numeric = centralDifference { loss(reference.perturbed(index, by: $0)) }
      let analytic = storedGradient(actor.network, index)
      #expect(close(analytic, numeric, tolerance: 2e-3), "\(index): \(analytic) vs \(numeric)")
      checked += 1
    }
    #expect(checked == reference.parameterIndices().count)
  }

  @Test func temperatureGradientMatchesFiniteDifferences() {
    let logp = matrix([[0.5], [-1.5], [2.0]])
    let targetEntropy: Float = -2
    let logAlpha: Float = 0.3
    let result = Losses.temperatureLoss(
      logAlpha: logAlpha, logProbabilities: logp, targetEntropy: targetEntropy)
    let values = doubles(logp).map { $0[0] }
    func loss(_ x: Double) -> Double {
      values.reduce(0) { $0 - x * ($1 + Double(targetEntropy)) } / Double(values.count)
    }
    #expect(abs(Double(result.loss) - loss(Double(logAlpha))) < 1e-6)
    let numeric = centralDifference { loss(Double(logAlpha) + $0) }
    #expect(abs(Double(result.gradient) - numeric) < 1e-5)
  }

  @Test func temperatureRisesWhenEntropyIsBelowTarget() {
    func logAlphaAfterStep(logProbability: Float) -> Float {
      let logAlpha = Matrix(rows: 1, columns: 1)
      let gradient = Matrix(rows: 1, columns: 1)
      let optimizer = Adam(parameters: [logAlpha], gradients: [gradient], learningRate: 0.01)
      let logp = Matrix(rows: 8, columns: 1, repeating: logProbability)
      gradient[0, 0] = Losses.temperatureLoss(
        logAlpha: logAlpha[0, 0], logProbabilities: logp, targetEntropy: -2
      ).gradient
      optimizer.step()
      return logAlpha[0, 0]
    }
    // Entropy -logp = -3 < target -2: alpha must rise.
    #expect(logAlphaAfterStep(logProbability: 3) > 0)
    // Entropy 5 > target -2: alpha must fall.
    #expect(logAlphaAfterStep(logProbability: -5) < 0)
  }

  @Test func meanSquaredErrorGradient() {
    let gradient = Matrix(rows: 2, columns: 1)
    let loss = Losses.meanSquaredError(
      matrix([[3], [-1]]), target: matrix([[1], [1]]), gradient: gradient)
    #expect(loss == 4)
    #expect(gradient.toArray() == [2, -2])
  }
}
