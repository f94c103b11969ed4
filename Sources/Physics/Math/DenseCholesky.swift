/// Cholesky factorisation of a small dense symmetric positive definite matrix, row-major, in
/// place on its lower triangle (the joint-space inertias of `InverseWeights` and `EulerDamping`).
enum DenseCholesky {
  /// Overwrites the lower triangle of the `size`×`size` `matrix` with L (matrix = L Lᵀ); false
  /// when the matrix is not positive definite. The upper triangle is neither read nor written.
  static func factor(_ matrix: UnsafeMutableBufferPointer<Double>, size n: Int) -> Bool {
    for i in 0..<n {
      for j in 0...i {
        var sum = matrix[i * n + j]
        for k in 0..<j { sum -= matrix[i * n + k] * matrix[j * n + k] }
        if i == j {
          guard sum > 1e-300 else { return false }
          matrix[i * n + i] = sum.squareRoot()
        } else {
          matrix[i * n + j] = sum / matrix[j * n + j]
        }
      }
    }
    return true
  }

  /// Solves L Lᵀ x = b in place (`x` holds b), L a `factor`ed lower triangle.
  static func solve(_ lower: UnsafeBufferPointer<Double>, size n: Int, _ x: UnsafeMutableBufferPointer<Double>) {
    for i in 0..<n {
      var sum = x[i]
      for k in 0..<i { sum -= lower[i * n + k] * x[k] }
      x[i] = sum / lower[i * n + i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      var sum = x[i]
      for k in (i + 1)..<n { sum -= lower[k * n + i] * x[k] }
      x[i] = sum / lower[i * n + i]
    }
  }
}
