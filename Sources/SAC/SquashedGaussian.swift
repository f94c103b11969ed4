import Foundation
import NeuralNetworks

/// The tanh-squashed diagonal Gaussian policy head, scaled to the action bounds.
///
/// The actor network outputs `[mu | rawLogStd]`, `[batch, 2A]`. With eps ~ N(0, I):
///   logStd = clamp(rawLogStd, logStdMin, logStdMax),  sigma = exp(logStd)
///   u = mu + sigma * eps                         (reparameterisation)
///   action = scale * tanh(u) + offset,  scale = (high - low) / 2, offset = (high + low) / 2
///   log pi(action) = sum_i [ -eps_i^2 / 2 - logStd_i - log(2 pi) / 2 - log(1 - tanh(u_i)^2) ]
///                    - sum_i log(scale_i)
/// with log(1 - tanh(u)^2) = 2 * (log 2 - u - softplus(-2u)), exact and overflow-free.
/// The deterministic (evaluation) action is scale * tanh(mu) + offset.
package struct SquashedGaussian: Sendable {
  /// Number of action dimensions A.
  package let actionSize: Int
  /// Half-widths of the action box, (high - low) / 2 per dimension.
  package let scale: [Float]
  /// Centres of the action box, (high + low) / 2 per dimension.
  package let offset: [Float]
  /// Clamp bounds of the log standard deviation.
  package let logStdMin: Float
  package let logStdMax: Float
  /// sum_i log(scale_i), subtracted from every log-probability.
  package let logScaleSum: Float

  /// Creates the head for the box [low, high] (each `high_i > low_i`).
  package init(low: [Float], high: [Float], logStdMin: Float = -20, logStdMax: Float = 2) {
    precondition(low.count == high.count && !low.isEmpty, "Action bounds size mismatch")
    precondition(zip(low, high).allSatisfy { $0 < $1 }, "Each action low must be below high")
    actionSize = low.count
    scale = zip(low, high).map { ($1 - $0) / 2 }
    offset = zip(low, high).map { ($1 + $0) / 2 }
    self.logStdMin = logStdMin
    self.logStdMax = logStdMax
    logScaleSum = Float(scale.reduce(0.0) { $0 + Foundation.log(Double($1)) })
  }

  /// softplus(x) = log(1 + e^x), computed without overflow.
  @inline(__always)
  package static func softplus(_ x: Float) -> Float {
    x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
  }

  /// log(1 - tanh(u)^2) = 2 * (log 2 - u - softplus(-2u)).
  @inline(__always)
  package static func logOneMinusTanhSquared(_ u: Float) -> Float {
    2 * (Float(M_LN2) - u - softplus(-2 * u))
  }

  /// Draws reparameterised actions and their log-probabilities.
  ///
  /// - Parameters:
  ///   - actorOutput: `[batch, 2A]`, mu then raw log std.
  ///   - noise: eps `[batch, A]`, standard normal, supplied by the caller.
  ///   - squashed: receives tanh(u) `[batch, A]` (kept for the backward pass).
  ///   - actions: receives the scaled actions `[batch, A]`.
  ///   - logProbabilities: receives log pi `[batch, 1]`.
  package func sample(
    actorOutput: Matrix, noise: Matrix, squashed: Matrix, actions: Matrix,
    logProbabilities: Matrix
  ) {
    let a = actionSize
    let halfLogTwoPi = Float(0.5 * Foundation.log(2 * Double.pi))
    for row in 0..<actorOutput.rows {
      let output = actorOutput.rowPointer(row)
      let eps = noise.rowPointer(row)
      let tanhU = squashed.rowPointer(row)
      let action = actions.rowPointer(row)
      var logProbability: Float = -logScaleSum
      for i in 0..<a {
        let logStd = min(max(output[a + i], logStdMin), logStdMax)
        let u = output[i] + Foundation.exp(logStd) * eps[i]
        let t = Foundation.tanh(u)
        tanhU[i] = t
        action[i] = scale[i] * t + offset[i]
        logProbability += -0.5 * eps[i] * eps[i] - logStd - halfLogTwoPi
          - Self.logOneMinusTanhSquared(u)
      }
      logProbabilities[row, 0] = logProbability
    }
  }

  /// Writes scale * tanh(mu) + offset for every row of `actorOutput` into `actions`.
  package func deterministicActions(actorOutput: Matrix, into actions: Matrix) {
    let a = actionSize
    for row in 0..<actorOutput.rows {
      let output = actorOutput.rowPointer(row)
      let action = actions.rowPointer(row)
      for i in 0..<a {
        action[i] = scale[i] * Foundation.tanh(output[i]) + offset[i]
      }
    }
  }

  /// Back-propagates through `sample` to the actor output.
  ///
  /// With g_a = dL/d(action) and g_p = dL/d(log pi) per row:
  ///   dL/du = g_a * scale * (1 - tanh(u)^2) + g_p * 2 tanh(u)
  ///   dL/dmu = dL/du
  ///   dL/dlogStd = dL/du * sigma * eps - g_p, zeroed where the clamp is active
  ///   (the gradient passes on the closed interval [logStdMin, logStdMax], as torch.clamp).
  package func backward(
    actorOutput: Matrix, noise: Matrix, squashed: Matrix,
    actionGradient: Matrix, logProbabilityGradient: Matrix, outputGradient: Matrix
  ) {
    let a = actionSize
    for row in 0..<actorOutput.rows {
      let output = actorOutput.rowPointer(row)
      let eps = noise.rowPointer(row)
      let tanhU = squashed.rowPointer(row)
      let gradAction = actionGradient.rowPointer(row)
      let gradLogProbability = logProbabilityGradient[row, 0]
      let gradOutput = outputGradient.rowPointer(row)
      for i in 0..<a {
        let t = tanhU[i]
        let gradU = gradAction[i] * scale[i] * (1 - t * t) + gradLogProbability * 2 * t
        gradOutput[i] = gradU
        let rawLogStd = output[a + i]
        if rawLogStd >= logStdMin && rawLogStd <= logStdMax {
          gradOutput[a + i] = gradU * Foundation.exp(rawLogStd) * eps[i] - gradLogProbability
        } else {
          gradOutput[a + i] = 0
        }
      }
    }
  }
}
