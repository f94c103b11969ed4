import Randomness

/// A multilayer perceptron: dense layers with ReLU between them and a linear output.
///
/// `sizes = [input, hidden..., output]`; e.g. `[24, 256, 256, 12]` is 24 -> 256 -> 256 -> 12
/// with ReLU after each hidden layer. Activations live in an `MLPWorkspace` made for one batch
/// size, so forward and backward passes allocate nothing.
public final class MLP {
  /// The dense layers, input side first.
  public let layers: [Linear]

  /// Creates the layers with PyTorch's default initialisation, in order, from `generator`.
  public init(sizes: [Int], generator: inout RandomGenerator) {
    precondition(sizes.count >= 2, "An MLP needs an input and an output size")
    var layers: [Linear] = []
    for index in 0..<(sizes.count - 1) {
      layers.append(
        Linear(inputSize: sizes[index], outputSize: sizes[index + 1], generator: &generator))
    }
    self.layers = layers
  }

  /// Input feature count.
  public var inputSize: Int { layers[0].inputSize }
  /// Output feature count.
  public var outputSize: Int { layers[layers.count - 1].outputSize }
  /// Layer widths, `[input, hidden..., output]`.
  public var sizes: [Int] { [inputSize] + layers.map(\.outputSize) }

  /// All trainable tensors: layer 0 weight, layer 0 bias, layer 1 weight, ...
  public var parameters: [Matrix] { layers.flatMap(\.parameters) }
  /// Gradients in the same order as `parameters`.
  public var gradients: [Matrix] { layers.flatMap(\.gradients) }

  /// Tensor names matching PyTorch's `nn.Sequential` of Linear/ReLU: `0.weight`, `0.bias`,
  /// `2.weight`, ... (ReLU modules take the odd indices).
  public var parameterNames: [String] {
    layers.indices.flatMap { ["\($0 * 2).weight", "\($0 * 2).bias"] }
  }

  /// Activation after layer `index`: ReLU for hidden layers, identity for the last.
  @inline(__always)
  func activation(after index: Int) -> Activation {
    index == layers.count - 1 ? .identity : .relu
  }

  /// Workspace for batches of `batchSize` rows.
  public func makeWorkspace(batchSize: Int) -> MLPWorkspace {
    MLPWorkspace(sizes: sizes, batchSize: batchSize)
  }

  /// Runs the network on `input` `[batch, inputSize]`; returns the output matrix, which
  /// belongs to `workspace` and is overwritten by the next forward pass.
  @discardableResult
  public func forward(_ input: Matrix, workspace: MLPWorkspace) -> Matrix {
    precondition(input.rows == workspace.batchSize, "Batch size does not match the workspace")
    var current = input
    for index in layers.indices {
      let output = workspace.outputs[index]
      layers[index].forward(current, into: output, activation: activation(after: index))
      current = output
    }
    return current
  }

  /// Back-propagates `outputGradient` of the last `forward` on `workspace`: parameter
  /// gradients (overwritten) and, when `inputGradient` is given, dL/d(input).
  public func backward(
    input: Matrix, outputGradient: Matrix, workspace: MLPWorkspace,
    inputGradient: Matrix? = nil, computeParameterGradients: Bool = true
  ) {
    backward(
      input: input, outputGradient: outputGradient, workspace: workspace,
      inputGradient: inputGradient, computeParameterGradients: computeParameterGradients, pair: nil)
  }

  /// Back-propagates dL/d(output) through the activations stored by the last `forward`.
  ///
  /// - Parameters:
  ///   - input: the matrix given to `forward`.
  ///   - outputGradient: dL/d(output), `[batch, outputSize]`; not modified.
  ///   - inputGradient: receives dL/d(input) when not nil.
  ///   - computeParameterGradients: false leaves every layer's gradients untouched and only
  ///     propagates to the input (a frozen network).
  ///   - pair: when parallel, each layer's weight gradient and input gradient (independent
  ///     products of the same upstream gradient) are computed concurrently.
  package func backward(
    input: Matrix, outputGradient: Matrix, workspace: MLPWorkspace,
    inputGradient: Matrix? = nil, computeParameterGradients: Bool = true,
    pair: ParallelPair?
  ) {
    var upstream = outputGradient
    for index in layers.indices.reversed() {
      let layer = layers[index]
      let layerInput = index == 0 ? input : workspace.outputs[index - 1]
      let downstream: Matrix? = index == 0 ? inputGradient : workspace.gradients[index - 1]
      if let pair, pair.isParallel, computeParameterGradients, let downstream {
        let split = workspace.splitBackward
        split.prepare(layer: layer, input: layerInput, upstream: upstream, downstream: downstream)
        pair.run(split)
        split.clear()
      } else {
        layer.backward(
          input: layerInput, outputGradient: upstream, inputGradient: downstream,
          computeParameterGradients: computeParameterGradients)
      }
      guard index > 0, let downstream else { break }
      activation(after: index - 1).backward(output: layerInput, gradient: downstream)
      upstream = downstream
    }
  }

  /// Copies every parameter from `other`, which must have the same sizes.
  public func copyParameters(from other: MLP) {
    precondition(sizes == other.sizes, "MLP sizes differ")
    for (target, source) in zip(parameters, other.parameters) {
      target.copy(from: source)
    }
  }
}

/// Preallocated activations and gradients for one `MLP` at one batch size.
///
/// `outputs[i]` holds layer i's output after its activation, `[batchSize, sizes[i + 1]]`;
/// `gradients[i]` holds dL/d(outputs[i]) during backward (the last layer's gradient is
/// supplied by the caller, so `gradients` has one entry fewer).
public final class MLPWorkspace {
  /// Rows per batch.
  public let batchSize: Int
  /// Post-activation outputs of every layer.
  public let outputs: [Matrix]
  /// Gradients with respect to the hidden outputs.
  public let gradients: [Matrix]
  /// Reused job splitting one layer's backward pass across a `ParallelPair`.
  let splitBackward = SplitLayerBackward()

  /// Allocates buffers for layer widths `sizes` and `batchSize` rows.
  public init(sizes: [Int], batchSize: Int) {
    self.batchSize = batchSize
    outputs = sizes.dropFirst().map { Matrix(rows: batchSize, columns: $0) }
    gradients = sizes.dropFirst().dropLast().map { Matrix(rows: batchSize, columns: $0) }
  }

  /// The network output from the last forward pass.
  public var output: Matrix { outputs[outputs.count - 1] }
}

/// One layer's backward pass split in two independent products of the same upstream gradient:
/// lane 0 forms dL/dW and dL/db, lane 1 forms dL/dx.
final class SplitLayerBackward: PairedWork {
  private var layer: Linear?
  private var input: Matrix?
  private var upstream: Matrix?
  private var downstream: Matrix?

  func prepare(layer: Linear, input: Matrix, upstream: Matrix, downstream: Matrix) {
    self.layer = layer
    self.input = input
    self.upstream = upstream
    self.downstream = downstream
  }

  func clear() {
    layer = nil
    input = nil
    upstream = nil
    downstream = nil
  }

  func run(lane: Int) {
    guard let layer, let input, let upstream else { return }
    if lane == 0 {
      layer.backward(input: input, outputGradient: upstream, inputGradient: nil)
    } else {
      layer.backward(
        input: input, outputGradient: upstream, inputGradient: downstream,
        computeParameterGradients: false)
    }
  }
}
