import CODE

extension World {
  /// Adds a hinge: `child` turns relative to `parent` (nil: the world) about `axis` through
  /// `anchor`, both in world coordinates at the bodies' current poses.
  @discardableResult
  public func addHingeJoint(
    name: String = "", parent: RigidBody?, child: RigidBody, anchor: Vector3, axis: Vector3
  ) throws -> HingeJoint {
    try requireBodies(parent, child, joint: name)
    try requireFinite(anchor, what: "anchor of hinge '\(name)'")
    let unitAxis = try requireAxis(axis, joint: name)
    let joint = HingeJoint(
      world: self, id: dJointCreateHinge(handle.world, nil), name: name, parent: parent, child: child)
    dJointSetHingeAnchor(joint.id, anchor.x, anchor.y, anchor.z)
    dJointSetHingeAxis(joint.id, unitAxis.x, unitAxis.y, unitAxis.z)
    joint.resetTurnCount()
    register(joint)
    return joint
  }

  /// Adds a slider: `child` translates relative to `parent` (nil: the world) along `axis`.
  @discardableResult
  public func addSliderJoint(name: String = "", parent: RigidBody?, child: RigidBody, axis: Vector3)
    throws -> SliderJoint
  {
    try requireBodies(parent, child, joint: name)
    let unitAxis = try requireAxis(axis, joint: name)
    let joint = SliderJoint(
      world: self, id: dJointCreateSlider(handle.world, nil), name: name, parent: parent, child: child)
    dJointSetSliderAxis(joint.id, unitAxis.x, unitAxis.y, unitAxis.z)
    register(joint)
    return joint
  }

  /// Adds a ball joint holding the child's point `anchor` on the parent's point `parentAnchor`
  /// (world coordinates now; by default the same point).
  @discardableResult
  public func addBallJoint(
    name: String = "", parent: RigidBody?, child: RigidBody, anchor: Vector3, parentAnchor: Vector3? = nil
  ) throws -> BallJoint {
    try requireBodies(parent, child, joint: name)
    try requireFinite(anchor, what: "anchor of ball joint '\(name)'")
    let joint = BallJoint(
      world: self, id: dJointCreateBall(handle.world, nil), name: name, parent: parent, child: child)
    dJointSetBallAnchor(joint.id, anchor.x, anchor.y, anchor.z)
    if let other = parentAnchor, other != anchor {
      try requireFinite(other, what: "parent anchor of ball joint '\(name)'")
      dJointSetBallAnchor2(joint.id, other.x, other.y, other.z)
    }
    register(joint)
    return joint
  }

  /// Welds `child` to `parent` (nil: the world) in their current relative pose.
  @discardableResult
  public func addFixedJoint(name: String = "", parent: RigidBody?, child: RigidBody) throws -> FixedJoint {
    try requireBodies(parent, child, joint: name)
    let joint = FixedJoint(
      world: self, id: dJointCreateFixed(handle.world, nil), name: name, parent: parent, child: child)
    dJointSetFixed(joint.id)
    register(joint)
    return joint
  }

  /// Adds a universal joint at `anchor`; the two axes (world coordinates) must be perpendicular.
  @discardableResult
  public func addUniversalJoint(
    name: String = "", parent: RigidBody?, child: RigidBody, anchor: Vector3,
    childAxis: Vector3, parentAxis: Vector3
  ) throws -> UniversalJoint {
    try requireBodies(parent, child, joint: name)
    try requireFinite(anchor, what: "anchor of universal joint '\(name)'")
    let axis1 = try requireAxis(childAxis, joint: name)
    let axis2 = try requireAxis(parentAxis, joint: name)
    guard abs(axis1.dot(axis2)) < 1e-6 else {
      throw PhysicsError.invalidArgument("universal joint '\(name)': the two axes must be perpendicular")
    }
    let joint = UniversalJoint(
      world: self, id: dJointCreateUniversal(handle.world, nil), name: name, parent: parent, child: child)
    dJointSetUniversalAnchor(joint.id, anchor.x, anchor.y, anchor.z)
    dJointSetUniversalAxis1(joint.id, axis1.x, axis1.y, axis1.z)
    dJointSetUniversalAxis2(joint.id, axis2.x, axis2.y, axis2.z)
    for coordinate in joint.coordinates { coordinate.synchronize(angle: 0) }
    register(joint)
    return joint
  }

  /// Keeps `body` in the world's z = 0 plane, turning only about z.
  @discardableResult
  public func addPlane2DJoint(name: String = "", body: RigidBody) throws -> Plane2DJoint {
    try requireBodies(nil, body, joint: name)
    let joint = Plane2DJoint(
      world: self, id: dJointCreatePlane2D(handle.world, nil), name: name, parent: nil, child: body)
    register(joint)
    return joint
  }

  /// The joint with this name, if any (a linear search: resolve names once, not per step).
  public func joint(named name: String) -> Joint? {
    joints.first { $0.name == name }
  }
}
