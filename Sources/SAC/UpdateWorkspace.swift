import NeuralNetworks

/// Every buffer one SAC update touches, allocated once for the configured batch size.
///
/// Holding them here keeps `Learner.update` free of heap allocations: each step overwrites
/// the same matrices. The critic passes serve the critic loss, then the actor loss, which is
/// safe because each stage finishes before the next starts.
final class UpdateWorkspace {
  /// a' ~ pi(.|s') with logp' (`nextPolicy`) and a~ ~ pi(.|s) with logp (`policy`).
  let policySamples: PolicySamples
  /// Qbar_1, Qbar_2 with their passes: values on (s', a').
  let targets: CriticPair
  /// Q_1, Q_2 with their passes: values on (s, a), then on (s, a~).
  let critics: CriticPair
  /// y, the critic target `[batch, 1]`.
  let nextQValue: Matrix

  init(actor: GaussianActor, critics: TwinCritic, targets: TwinCritic, batchSize: Int) {
    policySamples = PolicySamples(actor: actor, batchSize: batchSize)
    self.targets = CriticPair(critics: targets, batchSize: batchSize)
    self.critics = CriticPair(critics: critics, batchSize: batchSize)
    nextQValue = Matrix(rows: batchSize, columns: 1)
  }

  var nextPolicy: ActorPass { policySamples.nextPolicy }
  var policy: ActorPass { policySamples.policy }
}
