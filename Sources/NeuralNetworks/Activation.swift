/// The element-wise nonlinearity applied after a dense layer.
///
/// - `identity`: f(z) = z, f'(z) = 1.
/// - `relu`: f(z) = max(z, 0), f'(z) = 1 if z > 0 else 0. The backward pass reads the mask
///   from the activation's output (f(z) > 0 exactly when z > 0), so no pre-activation copy
///   is kept.
public enum Activation: String, Codable, Sendable {
  case identity
  case relu

  /// Adds the row vector `bias` to every row of `output`, then applies the activation in place.
  public func addBiasAndApply(bias: UnsafePointer<Float>, to output: Matrix) {
    VectorKernels.addBias(bias, to: output, relu: self == .relu)
  }

  /// Turns dL/df into dL/dz in place, given the activation's output f.
  public func backward(output: Matrix, gradient: Matrix) {
    precondition(output.count == gradient.count, "Activation shape mismatch")
    guard self == .relu else { return }
    VectorKernels.reluBackward(
      output: output.pointer, gradient: gradient.pointer, count: gradient.count)
  }
}
