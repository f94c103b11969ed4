import Testing
@testable import Physics

@Suite struct SymmetricEigenTests {
  /// R diag(1, 2, 3) Rᵀ for a turned frame: the values come back, and V diag(λ) Vᵀ rebuilds it.
  @Test func recoversTheEigenvaluesOfATurnedDiagonalMatrix() throws {
    let rotation = Quaternion(axis: Vector3(1, 2, -0.5), angle: 0.7).matrix
    let diagonal = Vector3(1, 2, 3)
    func entry(_ m: RotationMatrix, _ d: Vector3, _ i: Int, _ j: Int) -> Double {
      (0..<3).reduce(0) { $0 + m[i, $1] * d[$1] * m[j, $1] }
    }
    let matrix = RotationMatrix(rows: (
      Vector3(entry(rotation, diagonal, 0, 0), entry(rotation, diagonal, 0, 1), entry(rotation, diagonal, 0, 2)),
      Vector3(entry(rotation, diagonal, 1, 0), entry(rotation, diagonal, 1, 1), entry(rotation, diagonal, 1, 2)),
      Vector3(entry(rotation, diagonal, 2, 0), entry(rotation, diagonal, 2, 1), entry(rotation, diagonal, 2, 2))))
    let eigen = SymmetricEigen(matrix)
    let sorted = [eigen.values.x, eigen.values.y, eigen.values.z].sorted()
    for (value, expected) in zip(sorted, [1.0, 2, 3]) { #expect(abs(value - expected) < 1e-12) }
    for i in 0..<3 {
      for j in 0..<3 { #expect(abs(entry(eigen.vectors, eigen.values, i, j) - matrix[i, j]) < 1e-12) }
    }
    // The vectors form a right-handed rotation.
    let c0 = Vector3(eigen.vectors[0, 0], eigen.vectors[1, 0], eigen.vectors[2, 0])
    let c1 = Vector3(eigen.vectors[0, 1], eigen.vectors[1, 1], eigen.vectors[2, 1])
    let c2 = Vector3(eigen.vectors[0, 2], eigen.vectors[1, 2], eigen.vectors[2, 2])
    #expect(abs(c0.cross(c1).dot(c2) - 1) < 1e-12)
  }
}
