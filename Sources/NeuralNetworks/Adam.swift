import Foundation

/// Adam (Kingma & Ba, 2015) with bias correction exactly as `torch.optim.Adam` (no weight decay,
/// no amsgrad).
///
/// For each parameter p with gradient g, at step t = 1, 2, ...:
///   m <- m + (1 - beta1) * (g - m)          (torch's `lerp_`)
///   v <- beta2 * v + (1 - beta2) * g^2
///   stepSize = lr / (1 - beta1^t)
///   denom = sqrt(v) / sqrt(1 - beta2^t) + eps
///   p <- p - stepSize * m / denom
/// Hyperparameters are Doubles and the scalars (1 - beta, `stepSize`, sqrt(1 - beta2^t)) are
/// computed in Double, as Python does for torch, then rounded to Float for the element loop.
/// Defaults: lr 1e-3 (SAC passes 3e-4), beta1 0.9, beta2 0.999, eps 1e-8.
public final class Adam {
  /// Step size lr.
  public let learningRate: Double
  /// Decay of the first moment.
  public let beta1: Double
  /// Decay of the second moment.
  public let beta2: Double
  /// Added to the denominator for stability.
  public let epsilon: Double
  /// The tensors this optimiser updates in place.
  public let parameters: [Matrix]
  /// Their gradients (read at each step), in the same order.
  public let gradients: [Matrix]
  /// First moments m, one per parameter.
  public let firstMoments: [Matrix]
  /// Second moments v, one per parameter.
  public let secondMoments: [Matrix]
  /// Steps taken so far (t of the last step).
  public var stepCount: Int = 0

  /// Creates an optimiser for `parameters` reading `gradients`; moments start at zero.
  public init(
    parameters: [Matrix], gradients: [Matrix], learningRate: Double = 1e-3,
    beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
  ) {
    precondition(parameters.count == gradients.count, "One gradient per parameter")
    for (parameter, gradient) in zip(parameters, gradients) {
      precondition(parameter.count == gradient.count, "Gradient shape mismatch")
    }
    self.parameters = parameters
    self.gradients = gradients
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    firstMoments = parameters.map { Matrix(rows: $0.rows, columns: $0.columns) }
    secondMoments = parameters.map { Matrix(rows: $0.rows, columns: $0.columns) }
    halves.optimizer = self
  }

  /// Applies one Adam step to every parameter using the current gradients.
  public func step() {
    step(using: nil)
  }

  /// Applies one Adam step to every parameter using the current gradients.
  ///
  /// With a parallel `pair`, the elements (all tensors laid end to end) are split in two
  /// halves updated concurrently; the result is identical to the serial step.
  package func step(using pair: ParallelPair?) {
    stepCount += 1
    let t = Double(stepCount)
    let biasCorrection1 = 1 - Foundation.pow(beta1, t)
    let biasCorrection2 = 1 - Foundation.pow(beta2, t)
    let scalars = StepScalars(
      oneMinusBeta1: Float(1 - beta1), beta2: Float(beta2), oneMinusBeta2: Float(1 - beta2),
      stepSize: Float(learningRate / biasCorrection1),
      biasCorrection2Root: Float(biasCorrection2.squareRoot()), epsilon: Float(epsilon))
    if let pair, pair.isParallel {
      halves.scalars = scalars
      pair.run(halves)
    } else {
      update(elements: 0..<totalCount, scalars)
    }
  }

  /// Reused job for `step(using:)`: lane 0 updates the first half of the elements.
  private final class Halves: PairedWork {
    unowned(unsafe) var optimizer: Adam?
    var scalars: StepScalars?

    func run(lane: Int) {
      guard let optimizer, let scalars else { return }
      let total = optimizer.totalCount
      optimizer.update(
        elements: lane == 0 ? 0..<(total / 2) : (total / 2)..<total, scalars)
    }
  }

  private let halves = Halves()

  /// Per-step constants of the element loop.
  struct StepScalars {
    let oneMinusBeta1: Float
    let beta2: Float
    let oneMinusBeta2: Float
    let stepSize: Float
    let biasCorrection2Root: Float
    let epsilon: Float
  }

  private var totalCount: Int {
    var total = 0
    for parameter in parameters { total += parameter.count }
    return total
  }

  /// Updates the elements whose positions, with all tensors laid end to end, are in `range`.
  private func update(elements range: Range<Int>, _ scalars: StepScalars) {
    var offset = 0
    for index in parameters.indices {
      let count = parameters[index].count
      let lower = max(range.lowerBound, offset) - offset
      let upper = min(range.upperBound, offset + count) - offset
      if lower < upper {
        VectorKernels.adam(
          parameter: parameters[index].pointer + lower,
          gradient: gradients[index].pointer + lower,
          firstMoment: firstMoments[index].pointer + lower,
          secondMoment: secondMoments[index].pointer + lower,
          count: upper - lower, oneMinusBeta1: scalars.oneMinusBeta1, beta2: scalars.beta2,
          oneMinusBeta2: scalars.oneMinusBeta2, stepSize: scalars.stepSize,
          biasCorrection2Root: scalars.biasCorrection2Root, epsilon: scalars.epsilon)
      }
      offset += count
    }
  }
}
