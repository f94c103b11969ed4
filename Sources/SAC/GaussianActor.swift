import Randomness
import NeuralNetworks

/// The SAC actor pi_phi: an MLP from observations to `[mu | logStd]` plus the squashed head.
///
/// Network: observationSize -> hidden... -> 2 * actionSize, ReLU between hidden layers.
/// Sampling and log-probabilities are delegated to `SquashedGaussian`; this type wires the
/// network, the noise and the head together on preallocated `ActorPass` buffers.
package final class GaussianActor {
  /// The MLP producing `[mu | raw logStd]`.
  package let network: MLP
  /// The tanh-squashed Gaussian head with the action bounds.
  package let head: SquashedGaussian

  /// Builds the network with PyTorch default initialisation from `generator`.
  package init(
    observationSize: Int, hiddenSizes: [Int], head: SquashedGaussian,
    generator: inout RandomGenerator
  ) {
    network = MLP(
      sizes: [observationSize] + hiddenSizes + [2 * head.actionSize], generator: &generator)
    self.head = head
  }

  /// Buffers for batches of `batchSize` observations.
  package func makePass(batchSize: Int) -> ActorPass {
    ActorPass(network: network, actionSize: head.actionSize, batchSize: batchSize)
  }

  /// Samples a~ = scale * tanh(mu + sigma * eps) + offset and log pi(a~) for each row.
  /// Fresh noise eps is drawn from `generator`; results land in `pass`.
  package func sample(
    _ observations: Matrix, into pass: ActorPass, generator: inout RandomGenerator
  ) {
    drawNoise(into: pass, generator: &generator)
    sample(observations, into: pass)
  }

  /// Draws eps ~ N(0, I) into `pass.noise` (row-major, from `generator`).
  package func drawNoise(into pass: ActorPass, generator: inout RandomGenerator) {
    generator.fillNormal(pass.noise.buffer)
  }

  /// Like `sample(_:into:generator:)` but with the noise already in `pass.noise`.
  /// Reads the network's weights only, so two passes may run concurrently.
  package func sample(_ observations: Matrix, into pass: ActorPass) {
    let output = network.forward(observations, workspace: pass.network)
    head.sample(
      actorOutput: output, noise: pass.noise, squashed: pass.squashed, actions: pass.actions,
      logProbabilities: pass.logProbabilities)
  }

  /// Writes the deterministic actions scale * tanh(mu) + offset into `pass.actions`.
  package func deterministicActions(_ observations: Matrix, into pass: ActorPass) {
    let output = network.forward(observations, workspace: pass.network)
    head.deterministicActions(actorOutput: output, into: pass.actions)
  }

  /// Back-propagates `pass.actionGradient` (dL/da~) and `pass.logProbabilityGradient`
  /// (dL/dlog pi) of the last `sample` into the network's parameter gradients.
  /// A parallel `pair` splits each layer's weight- and input-gradient products.
  package func backward(_ observations: Matrix, pass: ActorPass, pair: ParallelPair? = nil) {
    head.backward(
      actorOutput: pass.network.output, noise: pass.noise, squashed: pass.squashed,
      actionGradient: pass.actionGradient, logProbabilityGradient: pass.logProbabilityGradient,
      outputGradient: pass.outputGradient)
    network.backward(
      input: observations, outputGradient: pass.outputGradient, workspace: pass.network,
      pair: pair)
  }
}

/// Preallocated buffers of one actor pass at one batch size.
package final class ActorPass {
  /// Activations of the actor network.
  package let network: MLPWorkspace
  /// eps `[batch, A]`.
  package let noise: Matrix
  /// tanh(u) `[batch, A]`.
  package let squashed: Matrix
  /// Scaled actions `[batch, A]`.
  package let actions: Matrix
  /// log pi `[batch, 1]`.
  package let logProbabilities: Matrix
  /// dL/d(actions), filled by the caller before `backward`.
  package let actionGradient: Matrix
  /// dL/d(log pi), filled by the caller before `backward`.
  package let logProbabilityGradient: Matrix
  /// dL/d(network output) `[batch, 2A]`.
  package let outputGradient: Matrix

  init(network: MLP, actionSize: Int, batchSize: Int) {
    self.network = network.makeWorkspace(batchSize: batchSize)
    noise = Matrix(rows: batchSize, columns: actionSize)
    squashed = Matrix(rows: batchSize, columns: actionSize)
    actions = Matrix(rows: batchSize, columns: actionSize)
    logProbabilities = Matrix(rows: batchSize, columns: 1)
    actionGradient = Matrix(rows: batchSize, columns: actionSize)
    logProbabilityGradient = Matrix(rows: batchSize, columns: 1)
    outputGradient = Matrix(rows: batchSize, columns: 2 * actionSize)
  }
}
