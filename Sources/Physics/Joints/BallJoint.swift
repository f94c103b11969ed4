import CODE

/// A three-axis rotational joint about a shared anchor (no limits). Its spring supports damping
/// only: a torque −damping · (ω_child − ω_parent).
public final class BallJoint: Joint {
  /// The parent-frame rotation of the child at creation.
  let restRelativeOrientation: Quaternion

  override init(world: World, id: dJointID, name: String, parent: RigidBody?, child: RigidBody) {
    let parentOrientation = parent?.orientation ?? .identity
    restRelativeOrientation = parentOrientation.conjugate * child.orientation
    super.init(world: world, id: id, name: name, parent: parent, child: child)
  }

  /// The child's rotation relative to the parent since creation, in the parent's frame.
  public var relativeOrientation: Quaternion {
    let parentOrientation = parent?.orientation ?? .identity
    return parentOrientation.conjugate * child.orientation * restRelativeOrientation.conjugate
  }

  /// The child's rotation since creation in its own frame (MJCF's ball-joint quaternion):
  /// child = parent · rest · localRotation.
  public var localRotation: Quaternion {
    let parentOrientation = parent?.orientation ?? .identity
    return restRelativeOrientation.conjugate * parentOrientation.conjugate * child.orientation
  }

  /// The child's orientation relative to its parent at creation.
  public var restOrientation: Quaternion { restRelativeOrientation }

  /// The anchor in world coordinates (as seen from the child).
  public var anchor: Vector3 {
    var a = dVector3(0, 0, 0, 0)
    withUnsafeMutablePointer(to: &a) { p in
      p.withMemoryRebound(to: dReal.self, capacity: 4) { dJointGetBallAnchor(id, $0) }
    }
    return Vector3(a.0, a.1, a.2)
  }

  /// The child's angular velocity relative to the parent, world axes, rad/s.
  public var relativeAngularVelocity: Vector3 {
    child.angularVelocity - (parent?.angularVelocity ?? .zero)
  }

  /// Applies `torque` (N·m, world axes) to the child and its opposite to the parent.
  public func addTorque(_ torque: Vector3) {
    child.addTorque(torque)
    parent?.addTorque(-torque)
  }

  override var supportsSpring: Bool { true }

  override func applyPassiveForces(timestep: Double) {
    addTorque(-spring.damping * relativeAngularVelocity)
  }
}
