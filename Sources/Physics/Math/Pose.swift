/// A rigid transform: a position and an orientation, mapping local coordinates to a parent frame.
public struct Pose: Equatable, Sendable, Codable {
  /// The local origin in the parent frame, metres.
  public var position: Vector3
  /// The rotation from local axes to parent axes.
  public var orientation: Quaternion

  /// A transform with this position and orientation (identity by default).
  public init(position: Vector3 = .zero, orientation: Quaternion = .identity) {
    self.position = position
    self.orientation = orientation
  }

  /// The identity transform.
  public static let identity = Pose()

  /// The parent-frame coordinates of a point given in this pose's local frame.
  public func transform(_ localPoint: Vector3) -> Vector3 {
    position + orientation.rotate(localPoint)
  }

  /// The pose of `child` (given relative to this pose) in this pose's parent frame.
  public func composed(with child: Pose) -> Pose {
    Pose(position: transform(child.position), orientation: orientation * child.orientation)
  }

  /// The inverse transform.
  public var inverse: Pose {
    let inverseOrientation = orientation.conjugate
    return Pose(position: -inverseOrientation.rotate(position), orientation: inverseOrientation)
  }
}
