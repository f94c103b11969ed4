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
    // An angular motor about a hinge's axis, a linear one along a slider's; the ODE calls differ
    // only in name.
    typealias MotorCalls = (
      axis: (dJointID?, UnsafeMutablePointer<dReal>?) -> Void, create: (dWorldID?, dJointGroupID?) -> dJointID?,
      setAxisCount: (dJointID?, Int32) -> Void,
      setAxis: (dJointID?, Int32, Int32, dReal, dReal, dReal) -> Void, setParameter: (dJointID?, Int32, dReal) -> Void
    )
    let calls: MotorCalls
    switch joint {
    case is HingeJoint:
      calls = (dJointGetHingeAxis, dJointCreateAMotor, dJointSetAMotorNumAxes, dJointSetAMotorAxis, dJointSetAMotorParam)
    case is SliderJoint:
      calls = (dJointGetSliderAxis, dJointCreateLMotor, dJointSetLMotorNumAxes, dJointSetLMotorAxis, dJointSetLMotorParam)
    default:
      throw PhysicsError.invalidArgument("joint '\(joint.name)': dry friction needs a hinge or a slider")
    }
    read(calls.axis)
    let friction = JointFriction(
      world: self, id: calls.create(handle.world, nil)!, name: joint.name + " friction",
      parent: joint.parent, child: joint.child)
    calls.setAxisCount(friction.id, 1)
    calls.setAxis(friction.id, 0, 1, axis.0, axis.1, axis.2)
    calls.setParameter(friction.id, Int32(dParamVel), 0)
    calls.setParameter(friction.id, Int32(dParamFMax), maxForce)
    register(friction)
    return friction
  }
}
