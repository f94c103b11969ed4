/// Eigen-decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations.
public struct SymmetricEigen: Sendable {
  /// The eigenvalues.
  public let values: Vector3
  /// The eigenvectors as the columns of a rotation matrix: `vectors.apply(e_i)` is the i-th.
  public let vectors: RotationMatrix

  /// Decomposes `matrix`, which must be symmetric (only its upper triangle is read).
  public init(_ matrix: RotationMatrix) {
    var a = [[Double]](repeating: [0, 0, 0], count: 3)
    for i in 0..<3 { for j in i..<3 { a[i][j] = matrix[i, j]; a[j][i] = matrix[i, j] } }
    var v: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    for _ in 0..<50 {
      let off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2]
      let scale = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2]
      if off <= 1e-30 * max(scale, 1e-300) { break }
      for (p, q) in [(0, 1), (0, 2), (1, 2)] where a[p][q] != 0 {
        // The rotation in the (p, q) plane that zeroes a[p][q].
        let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot(), s = t * c
        for k in 0..<3 {
          let akp = a[k][p], akq = a[k][q]
          a[k][p] = c * akp - s * akq
          a[k][q] = s * akp + c * akq
        }
        for k in 0..<3 {
          let apk = a[p][k], aqk = a[q][k]
          a[p][k] = c * apk - s * aqk
          a[q][k] = s * apk + c * aqk
        }
        for k in 0..<3 {
          let vkp = v[k][p], vkq = v[k][q]
          v[k][p] = c * vkp - s * vkq
          v[k][q] = s * vkp + c * vkq
        }
      }
    }
    // A right-handed frame: flip the last axis if the columns came out left-handed.
    let c0 = Vector3(v[0][0], v[1][0], v[2][0]), c1 = Vector3(v[0][1], v[1][1], v[2][1])
    if c0.cross(c1).dot(Vector3(v[0][2], v[1][2], v[2][2])) < 0 { for k in 0..<3 { v[k][2] = -v[k][2] } }
    values = Vector3(a[0][0], a[1][1], a[2][2])
    vectors = RotationMatrix(rows: (
      Vector3(v[0][0], v[0][1], v[0][2]), Vector3(v[1][0], v[1][1], v[1][2]), Vector3(v[2][0], v[2][1], v[2][2])))
  }
}
