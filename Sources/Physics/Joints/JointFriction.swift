import CODE

/// Dry (Coulomb) friction on a hinge's or slider's coordinate, MJCF's `frictionloss`: an ODE
/// angular (hinge) or linear (slider) motor that drives the coordinate's speed to zero with a
/// force or torque of at most `maxForce`. It adds a row of its own, so it acts beside the
/// joint's implicit damper.
public final class JointFriction: Joint {}

extension World {
  /// Adds dry friction of at most `maxForce` (N m for a hinge, N for a slider) to `joint`.
  @discardableResult
  public func addJointFriction(to joint: Joint, maxForce: Double) throws -> JointFriction {
    guard maxForce.isFinite, maxForce >= 0 else {
      throw PhysicsError.invalidArgument("friction of joint '\(joint.name)' must be finite and non-negative, got \(maxForce)")
    }
    var axis: dVector3 = (0, 0, 0, 0)
    func read(_ get: (dJointID?, UnsafeMutablePointer<dReal>?) -> Void) {
      withUnsafeMutablePointer(to: &axis) { tuple in
        tuple.withMemoryRebound(to: dReal.self, capacity: 4) { get(joint.id, $0) }
      }
    }
    let friction: JointFriction
    switch joint {
    case is HingeJoint:
      read(dJointGetHingeAxis)
      friction = JointFriction(
        world: self, id: dJointCreateAMotor(handle.world, nil), name: joint.name + " friction",
        parent: joint.parent, child: joint.child)
      dJointSetAMotorNumAxes(friction.id, 1)
      dJointSetAMotorAxis(friction.id, 0, 1, axis.0, axis.1, axis.2)
      dJointSetAMotorParam(friction.id, Int32(dParamVel), 0)
      dJointSetAMotorParam(friction.id, Int32(dParamFMax), maxForce)
    case is SliderJoint:
      read(dJointGetSliderAxis)
      friction = JointFriction(
        world: self, id: dJointCreateLMotor(handle.world, nil), name: joint.name + " friction",
        parent: joint.parent, child: joint.child)
      dJointSetLMotorNumAxes(friction.id, 1)
      dJointSetLMotorAxis(friction.id, 0, 1, axis.0, axis.1, axis.2)
      dJointSetLMotorParam(friction.id, Int32(dParamVel), 0)
      dJointSetLMotorParam(friction.id, Int32(dParamFMax), maxForce)
    default:
      throw PhysicsError.invalidArgument("joint '\(joint.name)': dry friction needs a hinge or a slider")
    }
    register(friction)
    return friction
  }
}
