import Randomness
import NeuralNetworks

/// The pair of independent critics Q_1, Q_2 (and, as a second instance, their targets).
///
/// Both critics see the same (s ++ a) input and are built from one generator, Q_1 first.
/// Clipped double-Q: the SAC target and the actor loss use min(Q_1, Q_2).
package final class TwinCritic {
  /// Q_1.
  package let q1: Critic
  /// Q_2.
  package let q2: Critic

  /// Builds both critics, Q_1 first, from `generator`.
  package init(
    observationSize: Int, actionSize: Int, hiddenSizes: [Int], generator: inout RandomGenerator
  ) {
    q1 = Critic(
      observationSize: observationSize, actionSize: actionSize, hiddenSizes: hiddenSizes,
      generator: &generator)
    q2 = Critic(
      observationSize: observationSize, actionSize: actionSize, hiddenSizes: hiddenSizes,
      generator: &generator)
    parameters = q1.network.parameters + q2.network.parameters
    gradients = q1.network.gradients + q2.network.gradients
    polyak.target = self
  }

  /// Parameters of Q_1 then Q_2 (what the critic optimiser updates).
  package let parameters: [Matrix]
  /// Gradients in the same order.
  package let gradients: [Matrix]

  /// Copies all weights from `other` (used to initialise the targets).
  package func copyParameters(from other: TwinCritic) {
    q1.network.copyParameters(from: other.q1.network)
    q2.network.copyParameters(from: other.q2.network)
  }

  /// Polyak averaging toward `online`: theta_bar <- tau * theta + (1 - tau) * theta_bar,
  /// element-wise for every parameter (the form CleanRL writes).
  /// With a parallel `pair`, Q_1's and Q_2's targets are averaged concurrently.
  package func polyakUpdate(toward online: TwinCritic, tau: Float, pair: ParallelPair? = nil) {
    polyak.source = online
    polyak.tau = tau
    if let pair {
      pair.run(polyak)
    } else {
      polyak.run(lane: 0)
      polyak.run(lane: 1)
    }
    polyak.source = nil
  }

  /// Reused job of `polyakUpdate`: lane 0 averages Q_1's parameters, lane 1 Q_2's.
  private final class PolyakAveraging: PairedWork {
    unowned(unsafe) var target: TwinCritic?
    var source: TwinCritic?
    var tau: Float = 0

    func run(lane: Int) {
      guard let target, let source else { return }
      let half = target.parameters.count / 2
      for index in lane == 0 ? 0..<half : half..<target.parameters.count {
        VectorKernels.polyak(
          target: target.parameters[index].pointer, source: source.parameters[index].pointer,
          count: target.parameters[index].count, tau: tau, keep: 1 - tau)
      }
    }
  }

  private let polyak = PolyakAveraging()
}
