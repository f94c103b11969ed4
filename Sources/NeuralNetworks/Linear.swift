import Randomness

/// A dense layer y = x · Wᵀ + b, with its parameter gradients, on row-major batches.
///
/// Shapes: input x is `[batch, inputSize]`, weight W is `[outputSize, inputSize]` (PyTorch's
/// layout, so checkpoints name and shape tensors like `torch.nn.Linear`), bias b is
/// `[1, outputSize]`, output y is `[batch, outputSize]`. All products go through `cblas_sgemm`.
///
/// Gradients, for upstream gradient G = dL/dy `[batch, outputSize]`:
/// dL/dW = Gᵀ · x, dL/db = column sums of G, dL/dx = G · W.
/// `backward` overwrites `weightGradient` and `biasGradient` (no accumulation across calls).
public final class Linear {
  /// Number of input features.
  public let inputSize: Int
  /// Number of output features.
  public let outputSize: Int
  /// Weight W, `[outputSize, inputSize]`.
  public let weight: Matrix
  /// Bias b, `[1, outputSize]`.
  public let bias: Matrix
  /// dL/dW from the last `backward`, same shape as `weight`.
  public let weightGradient: Matrix
  /// dL/db from the last `backward`, same shape as `bias`.
  public let biasGradient: Matrix

  /// Creates a layer with PyTorch's default initialisation (see `Initialization`).
  public init(inputSize: Int, outputSize: Int, generator: inout RandomGenerator) {
    self.inputSize = inputSize
    self.outputSize = outputSize
    weight = Matrix(rows: outputSize, columns: inputSize)
    bias = Matrix(rows: 1, columns: outputSize)
    weightGradient = Matrix(rows: outputSize, columns: inputSize)
    biasGradient = Matrix(rows: 1, columns: outputSize)
    let bound = Initialization.kaimingUniformBound(fanIn: inputSize)
    Initialization.fillUniform(weight, bound: bound, using: &generator)
    Initialization.fillUniform(bias, bound: bound, using: &generator)
  }

  /// The trainable tensors, weight then bias.
  public var parameters: [Matrix] { [weight, bias] }

  /// Their gradients, in the same order as `parameters`.
  public var gradients: [Matrix] { [weightGradient, biasGradient] }

  /// Computes `output = activation(input · Wᵀ + b)`.
  public func forward(_ input: Matrix, into output: Matrix, activation: Activation = .identity) {
    precondition(input.columns == inputSize && output.columns == outputSize, "Linear shape")
    precondition(input.rows == output.rows, "Linear batch mismatch")
    BLAS.gemm(
      transposeA: false, transposeB: true, m: input.rows, n: outputSize, k: inputSize,
      a: input.pointer, lda: inputSize, b: weight.pointer, ldb: inputSize,
      beta: 0, c: output.pointer, ldc: outputSize)
    activation.addBiasAndApply(bias: bias.pointer, to: output)
  }

  /// Back-propagates `outputGradient` = dL/dy (taken after the activation's own backward).
  ///
  /// - Parameters:
  ///   - input: the `x` given to the matching `forward`.
  ///   - outputGradient: dL/dy, `[batch, outputSize]`.
  ///   - inputGradient: receives dL/dx `[batch, inputSize]` when not nil.
  ///   - computeParameterGradients: when false, W and b gradients are left untouched
  ///     (used to differentiate a frozen network with respect to its input only).
  public func backward(
    input: Matrix, outputGradient: Matrix, inputGradient: Matrix?,
    computeParameterGradients: Bool = true
  ) {
    let batch = input.rows
    precondition(outputGradient.rows == batch && outputGradient.columns == outputSize)
    if computeParameterGradients {
      BLAS.gemm(
        transposeA: true, transposeB: false, m: outputSize, n: inputSize, k: batch,
        a: outputGradient.pointer, lda: outputSize, b: input.pointer, ldb: inputSize,
        beta: 0, c: weightGradient.pointer, ldc: inputSize)
      VectorKernels.sumColumns(outputGradient, into: biasGradient.pointer)
    }
    if let inputGradient {
      precondition(inputGradient.rows == batch && inputGradient.columns == inputSize)
      BLAS.gemm(
        transposeA: false, transposeB: false, m: batch, n: inputSize, k: outputSize,
        a: outputGradient.pointer, lda: outputSize, b: weight.pointer, ldb: inputSize,
        beta: 0, c: inputGradient.pointer, ldc: inputSize)
    }
  }
}
