import Foundation
import NeuralNetworks

/// The four SAC losses and their gradients with respect to their direct inputs.
///
/// Each function reads `[batch, 1]` columns and writes gradients into preallocated matrices;
/// the chain rule into the networks is done by `Critic` and `GaussianActor`.
package enum Losses {
  /// Critic target, computed without gradients:
  /// y = scale * r + gamma * (1 - terminal) * (min(Qbar_1(s', a'), Qbar_2(s', a')) - alpha * logp'),
  /// with the reward scale 1 unless `--reward-scale` says otherwise.
  package static func criticTarget(
    rewards: Matrix, terminals: Matrix, qf1NextTarget: Matrix, qf2NextTarget: Matrix,
    nextLogProbabilities: Matrix, alpha: Float, gamma: Float, rewardScale: Float = 1, into nextQValue: Matrix
  ) {
    for row in 0..<nextQValue.rows {
      let minQfNextTarget =
        min(qf1NextTarget[row, 0], qf2NextTarget[row, 0]) - alpha * nextLogProbabilities[row, 0]
      nextQValue[row, 0] =
        rewardScale * rewards[row, 0] + gamma * (1 - terminals[row, 0]) * minQfNextTarget
    }
  }

  /// Mean squared error mean((q - y)^2); writes dL/dq = 2 (q - y) / batch into `gradient`.
  package static func meanSquaredError(
    _ values: Matrix, target: Matrix, gradient: Matrix
  ) -> Float {
    let batch = values.rows
    let scale = 2 / Float(batch)
    var sum = 0.0
    for row in 0..<batch {
      let difference = values[row, 0] - target[row, 0]
      sum += Double(difference * difference)
      gradient[row, 0] = scale * difference
    }
    return Float(sum / Double(batch))
  }

  /// Actor loss mean(alpha * logp - min(Q_1(s, a~), Q_2(s, a~))).
  ///
  /// Writes dL/dQ_k (= -1/batch on rows where Q_k is the smaller, ties to Q_1, else 0) and
  /// dL/dlogp (= alpha/batch) so the frozen critics and the actor can back-propagate.
  package static func actorLoss(
    qf1Pi: Matrix, qf2Pi: Matrix, logProbabilities: Matrix, alpha: Float,
    qf1PiGradient: Matrix, qf2PiGradient: Matrix, logProbabilityGradient: Matrix
  ) -> Float {
    let batch = qf1Pi.rows
    let inverseBatch = 1 / Float(batch)
    var sum = 0.0
    for row in 0..<batch {
      let q1 = qf1Pi[row, 0]
      let q2 = qf2Pi[row, 0]
      let minQfPi = min(q1, q2)
      sum += Double(alpha * logProbabilities[row, 0] - minQfPi)
      qf1PiGradient[row, 0] = q1 <= q2 ? -inverseBatch : 0
      qf2PiGradient[row, 0] = q1 <= q2 ? 0 : -inverseBatch
      logProbabilityGradient[row, 0] = alpha * inverseBatch
    }
    return Float(sum / Double(batch))
  }

  /// The first paper's squared errors: ½ mean (v − y)²; writes dL/dv = (v − y) / batch into
  /// `gradient`.
  package static func halfMeanSquaredError(_ values: Matrix, target: Matrix, gradient: Matrix) -> Float {
    let batch = values.rows
    var sum = 0.0
    for row in 0..<batch {
      let difference = values[row, 0] - target[row, 0]
      sum += Double(difference * difference)
      gradient[row, 0] = difference / Float(batch)
    }
    return Float(sum / Double(batch) / 2)
  }

  /// The first paper's soft value target, without gradients: min(Q_1, Q_2)(s, a~) − log π(a~|s).
  package static func valueTarget(qf1Pi: Matrix, qf2Pi: Matrix, logProbabilities: Matrix, into target: Matrix) {
    for row in 0..<target.rows {
      target[row, 0] = min(qf1Pi[row, 0], qf2Pi[row, 0]) - logProbabilities[row, 0]
    }
  }

  /// The first paper's critic target, without gradients: scale · r + γ (1 − terminal) V̄(s').
  package static func valueCriticTarget(
    rewards: Matrix, terminals: Matrix, nextValues: Matrix, gamma: Float, rewardScale: Float, into target: Matrix
  ) {
    for row in 0..<target.rows {
      target[row, 0] = rewardScale * rewards[row, 0] + gamma * (1 - terminals[row, 0]) * nextValues[row, 0]
    }
  }

  /// Temperature loss mean(-log_alpha * (logp + targetEntropy)) with logp detached.
  /// Returns the loss and dL/dlog_alpha = -mean(logp + targetEntropy): when the policy's
  /// entropy -mean(logp) is below the target the gradient is negative and alpha rises.
  package static func temperatureLoss(
    logAlpha: Float, logProbabilities: Matrix, targetEntropy: Float
  ) -> (loss: Float, gradient: Float) {
    var sum = 0.0
    for row in 0..<logProbabilities.rows {
      sum += Double(logProbabilities[row, 0] + targetEntropy)
    }
    let mean = Float(sum / Double(logProbabilities.rows))
    return (-logAlpha * mean, -mean)
  }
}
