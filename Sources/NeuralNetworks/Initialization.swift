import Randomness

/// PyTorch's default initialisation of a dense layer, drawn from our seeded generator.
///
/// `torch.nn.Linear.reset_parameters` uses Kaiming-uniform with a = sqrt(5):
/// gain = sqrt(2 / (1 + a^2)) = sqrt(1/3), bound = gain * sqrt(3 / fan_in) = 1 / sqrt(fan_in).
/// So weights ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) and the bias uses the same bound.
public enum Initialization {
  /// Bound of the uniform distribution for a layer with `fanIn` inputs: 1 / sqrt(fanIn).
  public static func kaimingUniformBound(fanIn: Int) -> Float {
    1 / Float(fanIn).squareRoot()
  }

  /// Fills `matrix` with U(-bound, bound) samples in row-major order.
  public static func fillUniform(
    _ matrix: Matrix, bound: Float, using generator: inout RandomGenerator
  ) {
    for index in 0..<matrix.count {
      matrix.pointer[index] = generator.nextUniform(low: -bound, high: bound)
    }
  }
}
