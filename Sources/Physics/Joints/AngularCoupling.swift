import CODE

/// Holds the relative rotation rate of two bodies about one axis at a target: ODE's angular motor
/// in user mode, with an unbounded force. With the target set each step from how far the coupled
/// coordinates have drifted, it keeps a sum of parallel hinges' angles constant (MJCF's joint and
/// tendon equalities between hinges on one path of bodies).
public final class AngularCoupling: Joint {
  /// The target of (ω_first − ω_second) · axis for the next step, rad/s.
  public var targetRate: Double = 0 {
    didSet { dJointSetAMotorParam(id, Int32(dParamVel), targetRate) }
  }

  /// The constraint force mixing of the motor's row (the world's CFM until set).
  public var cfm: Double = 0 {
    didSet { dJointSetAMotorParam(id, Int32(dParamCFM), cfm) }
  }

  /// The coupling's axis in world coordinates (it turns with the first body).
  public var axis: Vector3 {
    var a = dVector3(0, 0, 0, 0)
    withUnsafeMutablePointer(to: &a) { p in
      p.withMemoryRebound(to: dReal.self, capacity: 4) { dJointGetAMotorAxis(id, 0, $0) }
    }
    return Vector3(a.0, a.1, a.2)
  }
}

extension World {
  /// Couples the rotation of `first` relative to `second` (nil: the world) about `axis` (world
  /// coordinates now; it then turns with `first`) to `targetRate`.
  @discardableResult
  public func addAngularCoupling(name: String = "", first: RigidBody, second: RigidBody?, axis: Vector3) throws
    -> AngularCoupling
  {
    try requireBodies(second, first, joint: name)
    let unitAxis = try requireAxis(axis, joint: name)
    let joint = AngularCoupling(
      world: self, id: dJointCreateAMotor(handle.world, nil), name: name, parent: second, child: first)
    dJointSetAMotorMode(joint.id, Int32(dAMotorUser))
    dJointSetAMotorNumAxes(joint.id, 1)
    dJointSetAMotorAxis(joint.id, 0, 1, unitAxis.x, unitAxis.y, unitAxis.z)
    dJointSetAMotorParam(joint.id, Int32(dParamVel), 0)
    dJointSetAMotorParam(joint.id, Int32(dParamFMax), .infinity)
    dJointSetAMotorParam(joint.id, Int32(dParamCFM), settings.cfm)
    register(joint)
    return joint
  }
}
