import NeuralNetworks

/// A minibatch of transitions (s, a, r, s', terminal), one row per transition.
///
/// Preallocated once per batch size; `ReplayBuffer.sample` overwrites it in place.
/// Shapes: observations and nextObservations `[batchSize, observationSize]`, actions
/// `[batchSize, actionSize]` (environment units, inside the action bounds), rewards and
/// terminals `[batchSize, 1]` (terminal is 1 only for a true end, 0 for a time-limit cut).
public final class ReplayBatch {
  /// Rows in the batch.
  public let batchSize: Int
  /// s.
  public let observations: Matrix
  /// a.
  public let actions: Matrix
  /// r.
  public let rewards: Matrix
  /// s'.
  public let nextObservations: Matrix
  /// 1 when s' ended the episode for real, else 0.
  public let terminals: Matrix

  /// Allocates an empty batch.
  public init(batchSize: Int, observationSize: Int, actionSize: Int) {
    self.batchSize = batchSize
    observations = Matrix(rows: batchSize, columns: observationSize)
    actions = Matrix(rows: batchSize, columns: actionSize)
    rewards = Matrix(rows: batchSize, columns: 1)
    nextObservations = Matrix(rows: batchSize, columns: observationSize)
    terminals = Matrix(rows: batchSize, columns: 1)
  }

  /// An empty batch of the learner's batch size and shapes.
  public convenience init(for learner: Learner) {
    self.init(
      batchSize: learner.configuration.batchSize, observationSize: learner.observationSize,
      actionSize: learner.actionSize)
  }
}
