import Foundation

/// A 3-vector of doubles: positions in metres, velocities in m/s, axes (unitless).
public typealias Vector3 = SIMD3<Double>

/// A rotation stored as a unit quaternion (w, x, y, z), in ODE's component order.
///
/// The rotation of a vector v is q v q*. Composition `a * b` rotates by `b` first, then by `a`.
public struct Quaternion: Equatable, Sendable, Codable {
  /// The scalar part.
  public var w: Double
  /// The x component of the vector part.
  public var x: Double
  /// The y component of the vector part.
  public var y: Double
  /// The z component of the vector part.
  public var z: Double

  /// A quaternion with these components, taken as given (not normalised).
  public init(w: Double, x: Double, y: Double, z: Double) {
    self.w = w
    self.x = x
    self.y = y
    self.z = z
  }

  /// The identity rotation.
  public static let identity = Quaternion(w: 1, x: 0, y: 0, z: 0)

  /// The rotation by `angle` radians about `axis` (right-hand rule); the axis need not be unit.
  public init(axis: Vector3, angle: Double) {
    let length = (axis * axis).sum().squareRoot()
    precondition(length > 0, "Quaternion(axis:angle:) needs a non-zero axis")
    let half = angle / 2
    let s = sin(half) / length
    self.init(w: cos(half), x: axis.x * s, y: axis.y * s, z: axis.z * s)
  }

  /// The shortest rotation that takes the unit vector +z onto `direction` (MJCF's `zaxis`).
  public init(rotatingZTo direction: Vector3) {
    self.init(rotating: Vector3(0, 0, 1), onto: direction)
  }

  /// The shortest rotation that takes `from` onto `to` (neither needs to be unit).
  public init(rotating from: Vector3, onto to: Vector3) {
    let a = from / (from * from).sum().squareRoot()
    let b = to / (to * to).sum().squareRoot()
    let cosine = (a * b).sum()
    if cosine < -1 + 1e-12 {
      // Opposite vectors: turn half a circle about any axis perpendicular to `a`.
      let helper = abs(a.x) < 0.9 ? Vector3(1, 0, 0) : Vector3(0, 1, 0)
      self.init(axis: a.cross(helper), angle: Double.pi)
      return
    }
    let axis = a.cross(b)
    self = Quaternion(w: 1 + cosine, x: axis.x, y: axis.y, z: axis.z).normalized
  }

  /// The components as a SIMD vector (w, x, y, z).
  public var components: SIMD4<Double> { SIMD4(w, x, y, z) }

  /// The vector part (x, y, z).
  public var vector: Vector3 { Vector3(x, y, z) }

  /// The Euclidean norm of the four components.
  public var norm: Double { (components * components).sum().squareRoot() }

  /// This rotation scaled to unit norm.
  public var normalized: Quaternion {
    let n = norm
    return Quaternion(w: w / n, x: x / n, y: y / n, z: z / n)
  }

  /// The inverse rotation of a unit quaternion.
  public var conjugate: Quaternion { Quaternion(w: w, x: -x, y: -y, z: -z) }

  /// True when every component is finite.
  public var isFinite: Bool { w.isFinite && x.isFinite && y.isFinite && z.isFinite }

  /// Hamilton product: rotate by `rhs`, then by `lhs`.
  public static func * (lhs: Quaternion, rhs: Quaternion) -> Quaternion {
    Quaternion(
      w: lhs.w * rhs.w - lhs.x * rhs.x - lhs.y * rhs.y - lhs.z * rhs.z,
      x: lhs.w * rhs.x + lhs.x * rhs.w + lhs.y * rhs.z - lhs.z * rhs.y,
      y: lhs.w * rhs.y - lhs.x * rhs.z + lhs.y * rhs.w + lhs.z * rhs.x,
      z: lhs.w * rhs.z + lhs.x * rhs.y - lhs.y * rhs.x + lhs.z * rhs.w)
  }

  /// Rotates `v` by this (unit) quaternion.
  public func rotate(_ v: Vector3) -> Vector3 {
    let u = vector
    let t = 2 * u.cross(v)
    return v + w * t + u.cross(t)
  }

  /// The rotation matrix, row-major: `rows[i][j]` is R_ij, so column j is body axis j in world.
  public var matrix: RotationMatrix {
    RotationMatrix(rows: (
      Vector3(1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)),
      Vector3(2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)),
      Vector3(2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y))))
  }
}

/// A 3x3 rotation matrix in row-major order (MuJoCo's `xmat` layout).
public struct RotationMatrix: Sendable {
  /// The three rows; `rows.0.z` is R[0][2] (MJCF's `xz`).
  public var rows: (Vector3, Vector3, Vector3)

  /// A matrix with these three rows.
  public init(rows: (Vector3, Vector3, Vector3)) {
    self.rows = rows
  }

  /// R times `v`.
  public func apply(_ v: Vector3) -> Vector3 {
    Vector3((rows.0 * v).sum(), (rows.1 * v).sum(), (rows.2 * v).sum())
  }

  /// Rᵀ times `v`: a world vector expressed in the rotated frame.
  public func applyTransposed(_ v: Vector3) -> Vector3 {
    rows.0 * v.x + rows.1 * v.y + rows.2 * v.z
  }

  /// Element (row, column).
  public subscript(row: Int, column: Int) -> Double {
    let r = row == 0 ? rows.0 : (row == 1 ? rows.1 : rows.2)
    return r[column]
  }
}

extension SIMD3 where Scalar == Double {
  /// The cross product self × other.
  public func cross(_ other: Vector3) -> Vector3 {
    Vector3(y * other.z - z * other.y, z * other.x - x * other.z, x * other.y - y * other.x)
  }

  /// The dot product.
  public func dot(_ other: Vector3) -> Double { (self * other).sum() }

  /// The Euclidean length.
  public var length: Double { (self * self).sum().squareRoot() }

  /// True when every component is finite.
  public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
}
