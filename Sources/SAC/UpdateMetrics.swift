/// What one gradient step measured, for logging.
///
/// Losses are batch means as defined in `Losses`; `criticLoss` = `qf1Loss` + `qf2Loss`
/// (CleanRL's `qf_loss`). `alpha` is the temperature used during this step, `entropy` the
/// estimate -mean(log pi(a~|s)) in nats, `meanQ` the mean of Q_1 and Q_2 on the batch (s, a).
public struct UpdateMetrics: Codable, Sendable, Equatable {
  /// `qf1Loss` + `qf2Loss`, the loss the critic optimiser steps on.
  public var criticLoss: Float
  /// mean (Q_1(s, a) - y)^2 on the batch.
  public var qf1Loss: Float
  /// mean (Q_2(s, a) - y)^2 on the batch.
  public var qf2Loss: Float
  /// mean(alpha log pi(a~|s) - min(Q_1, Q_2)(s, a~)) on the batch.
  public var actorLoss: Float
  /// 0 when alpha is fixed.
  public var alphaLoss: Float
  /// The temperature used during this step (before its own update).
  public var alpha: Float
  /// -mean(log pi(a~|s)) on the batch, in nats.
  public var entropy: Float
  /// Mean of Q_1 and Q_2 on the batch (s, a), before the critic's Adam step.
  public var meanQ: Float
  /// sac-v1 only: ½ mean (V(s) − (min Q(s, a~) − log pi(a~|s)))².
  public var valueLoss: Float?

  /// Metrics with every value given.
  public init(
    criticLoss: Float, qf1Loss: Float, qf2Loss: Float, actorLoss: Float, alphaLoss: Float,
    alpha: Float, entropy: Float, meanQ: Float
  ) {
    self.criticLoss = criticLoss
    self.qf1Loss = qf1Loss
    self.qf2Loss = qf2Loss
    self.actorLoss = actorLoss
    self.alphaLoss = alphaLoss
    self.alpha = alpha
    self.entropy = entropy
    self.meanQ = meanQ
  }
}

extension UpdateMetrics {
  /// Whether every figure is a finite number (a NaN or infinite loss means the networks are
  /// poisoned and training must stop).
  public var isFinite: Bool {
    [criticLoss, qf1Loss, qf2Loss, actorLoss, alphaLoss, alpha, entropy, meanQ, valueLoss ?? 0].allSatisfy(\.isFinite)
  }
}
