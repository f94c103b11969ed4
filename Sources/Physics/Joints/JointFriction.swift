import CODE

/// Dry (Coulomb) friction on a hinge's or slider's coordinate, MJCF's `frictionloss`: an ODE
/// angular (hinge) or linear (slider) motor that drives the coordinate's speed to zero with a
/// force or torque of at most `maxForce`. It adds a row of its own, so it acts beside the
/// joint's implicit damper.
public final class JointFriction: Joint {}

/// A velocity motor on a hinge's or slider's coordinate: a constraint row of its own that drives
/// the coordinate's rate towards `speed` with a force or torque of at most `maxForce`, and acts
/// the same at a joint stop as anywhere else (Box2D's revolute motor). ODE's motor built into the
/// hinge does not: at a stop it pushes with its full force whatever the speed.
public final class JointVelocityMotor: Joint {
  /// The rate the motor drives towards (rad/s or m/s, the joint's own sign).
  public private(set) var speed = 0.0
  /// The most force or torque it may use (N or N·m); zero leaves the joint free.
  public private(set) var maxForce = 0.0
  var setParameter: (dJointID?, Int32, dReal) -> Void = dJointSetAMotorParam

  /// Sets the target rate and the force budget for the coming steps.
  public func drive(speed newSpeed: Double, maxForce newMaxForce: Double) throws {
    guard newSpeed.isFinite, newMaxForce.isFinite, newMaxForce >= 0 else {
      throw PhysicsError.invalidArgument(
        "motor of joint '\(name)': speed must be finite and the force budget finite and non-negative, got \(newSpeed), \(newMaxForce)")
    }
    if newSpeed != speed { setParameter(id, Int32(dParamVel), newSpeed) }
    if newMaxForce != maxForce { setParameter(id, Int32(dParamFMax), newMaxForce) }
    speed = newSpeed
    maxForce = newMaxForce
  }
}

extension World {
  /// Adds dry friction of at most `maxForce` (N m for a hinge, N for a slider) to `joint`.
  @discardableResult
  public func addJointFriction(to joint: Joint, maxForce: Double) throws -> JointFriction {
    guard maxForce.isFinite, maxForce >= 0 else {
      throw PhysicsError.invalidArgument("friction of joint '\(joint.name)' must be finite and non-negative, got \(maxForce)")
    }
    let (id, setAxis, setParameter) = try makeAxisMotor(along: joint, purpose: "dry friction")
    let friction = JointFriction(world: self, id: id, name: joint.name + " friction", parent: joint.parent, child: joint.child)
    setAxis()
    setParameter(id, Int32(dParamVel), 0)
    setParameter(id, Int32(dParamFMax), maxForce)
    register(friction)
    return friction
  }

  /// Adds a velocity motor to `joint` (a hinge or slider), idle (no force) until driven.
  @discardableResult
  public func addVelocityMotor(to joint: Joint) throws -> JointVelocityMotor {
    let (id, setAxis, setParameter) = try makeAxisMotor(along: joint, purpose: "a velocity motor")
    let motor = JointVelocityMotor(world: self, id: id, name: joint.name + " motor", parent: joint.parent, child: joint.child)
    setAxis()
    motor.setParameter = setParameter
    setParameter(id, Int32(dParamVel), 0)
    setParameter(id, Int32(dParamFMax), 0)
    register(motor)
    return motor
  }

  /// An ODE one-axis motor along `joint`'s axis (angular for a hinge, linear for a slider), not
  /// yet attached; the function that gives it the axis once it is attached (ODE fixes the axis in
  /// the first body's frame, so it needs the body); and the function that sets its parameters.
  /// Attached as the joint is, the motor's rate is the joint's rate.
  private func makeAxisMotor(along joint: Joint, purpose: String) throws
    -> (dJointID, () -> Void, (dJointID?, Int32, dReal) -> Void)
  {
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
      throw PhysicsError.invalidArgument("joint '\(joint.name)': \(purpose) needs a hinge or a slider")
    }
    read(calls.axis)
    let id = calls.create(handle.world, nil)!
    let setAxis = {
      calls.setAxisCount(id, 1)
      calls.setAxis(id, 0, 1, axis.0, axis.1, axis.2)
    }
    return (id, setAxis, calls.setParameter)
  }
}
