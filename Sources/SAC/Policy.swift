import Randomness
import NeuralNetworks

/// The SAC policy pi_phi on its own: the actor network and its tanh-squashed Gaussian head.
///
/// It acts with the deterministic action scale * tanh(mu) + offset or a fresh sample, and can be
/// built from the actor's weights alone (`SACCheckpoint.loadPolicy`), so evaluating, drawing
/// or exporting a trained agent never reads critics, optimiser moments or the replay buffer.
public final class Policy {
  /// The actor network and head; the learner trains these weights in place.
  package let actor: GaussianActor
  /// Hidden layer widths of the actor network.
  public let hiddenSizes: [Int]
  /// Lower bounds of the action box.
  public let actionLow: [Float]
  /// Upper bounds of the action box.
  public let actionHigh: [Float]
  private let pass: ActorPass
  private let input: Matrix

  /// A policy with freshly initialised weights (PyTorch's default initialisation from
  /// `generator`), acting in the box [actionLow, actionHigh].
  public init(
    observationSize: Int, actionLow: [Float], actionHigh: [Float], hiddenSizes: [Int],
    logStdMin: Float = -20, logStdMax: Float = 2, generator: inout RandomGenerator
  ) {
    let head = SquashedGaussian(
      low: actionLow, high: actionHigh, logStdMin: logStdMin, logStdMax: logStdMax)
    actor = GaussianActor(
      observationSize: observationSize, hiddenSizes: hiddenSizes, head: head,
      generator: &generator)
    self.hiddenSizes = hiddenSizes
    self.actionLow = actionLow
    self.actionHigh = actionHigh
    pass = actor.makePass(batchSize: 1)
    input = Matrix(rows: 1, columns: observationSize)
  }

  /// Entries of an observation.
  public var observationSize: Int { actor.network.inputSize }
  /// Action dimensions.
  public var actionSize: Int { actor.head.actionSize }
  /// The clamp of the log standard deviation.
  public var logStdRange: ClosedRange<Float> { actor.head.logStdMin...actor.head.logStdMax }

  /// The deterministic action scale * tanh(mu) + offset.
  public func act(_ observation: [Float]) -> [Float] {
    precondition(observation.count == observationSize, "Observation size mismatch")
    input.copy(from: observation)
    actor.deterministicActions(input, into: pass)
    return pass.actions.row(0)
  }

  /// A sample scale * tanh(mu + sigma * eps) + offset, eps drawn from `generator`.
  public func sample(_ observation: [Float], generator: inout RandomGenerator) -> [Float] {
    precondition(observation.count == observationSize, "Observation size mismatch")
    input.copy(from: observation)
    actor.sample(input, into: pass, generator: &generator)
    return pass.actions.row(0)
  }

  /// The deterministic action plus Gaussian noise of standard deviation `noise` half action
  /// ranges, clipped to the action box (the deterministic ablation's exploration).
  public func explore(_ observation: [Float], noise: Double, generator: inout RandomGenerator) -> [Float] {
    let mean = act(observation)
    return mean.indices.map { k in
      let half = (actionHigh[k] - actionLow[k]) / 2
      return min(max(mean[k] + Float(noise) * half * generator.nextNormal(), actionLow[k]), actionHigh[k])
    }
  }

  /// The actor's tensors as PyTorch's `nn.Sequential` names them: `actor.0.weight` `[out, in]`,
  /// `actor.0.bias` `[out]`, …; the last layer outputs `[mu | log_std]`.
  package var namedTensors: [NamedTensor] { actor.network.namedTensors(prefix: "actor") }

  /// The actor alone as a safetensors file, with `metadata` in the header's `__metadata__`.
  public func safeTensors(metadata: [String: String]) -> SafeTensorsFile {
    var tensors = [String: SafeTensor]()
    for tensor in namedTensors {
      tensors[tensor.name] = SafeTensor(shape: tensor.shape, floats: tensor.matrix.toArray())
    }
    return SafeTensorsFile(tensors: tensors, metadata: metadata)
  }
}
