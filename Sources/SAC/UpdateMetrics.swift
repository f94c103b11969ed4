/// What one gradient step measured, for logging.
///
/// Losses are batch means as defined in `Losses`; `criticLoss` = `qf1Loss` + `qf2Loss`
/// (CleanRL's `qf_loss`). `alpha` is the temperature used during this step, `entropy` the
/// estimate -mean(log pi(a~|s)) in nats, `meanQ` the mean of Q_1 and Q_2 on the batch (s, a).
public struct UpdateMetrics: Codable, Sendable, Equatable {
  public var criticLoss: Float
  public var qf1Loss: Float
  public var qf2Loss: Float
  public var actorLoss: Float
  /// 0 when alpha is fixed.
  public var alphaLoss: Float
  public var alpha: Float
  public var entropy: Float
  public var meanQ: Float

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
