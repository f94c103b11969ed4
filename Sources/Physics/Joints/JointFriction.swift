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
    let axis: Vector3, linear: Bool
    switch joint {
    case let hinge as HingeJoint: (axis, linear) = (hinge.axis, false)
    case let slider as SliderJoint: (axis, linear) = (slider.axis, true)
    default:
      throw PhysicsError.invalidArgument("joint '\(joint.name)': \(purpose) needs a hinge or a slider")
    }
    let motor = OneAxisMotor(world: self, linear: linear)
    return (motor.id, { motor.setAxis(axis, fixedIn: 1) }, motor.setParameter)
  }
}

/// A fresh ODE motor with one axis, not yet attached: angular (`dJointCreateAMotor`) or linear
/// (`dJointCreateLMotor`); the ODE calls differ only in name. Joint friction, velocity motors
/// and `StopCarrier` are made of it.
struct OneAxisMotor {
  let id: dJointID
  let linear: Bool
  let setParameter: (dJointID?, Int32, dReal) -> Void

  init(world: World, linear: Bool) {
    self.linear = linear
    if linear {
      id = dJointCreateLMotor(world.handle.world, nil)!
      setParameter = dJointSetLMotorParam
    } else {
      id = dJointCreateAMotor(world.handle.world, nil)!
      setParameter = dJointSetAMotorParam
    }
  }

  /// Gives the attached motor its axis, `axis` in world coordinates now, fixed in the first body
  /// (`body` 1) or the second (2).
  func setAxis(_ axis: Vector3, fixedIn body: Int32) {
    if linear {
      dJointSetLMotorNumAxes(id, 1)
      dJointSetLMotorAxis(id, 0, body, axis.x, axis.y, axis.z)
    } else {
      dJointSetAMotorNumAxes(id, 1)
      dJointSetAMotorAxis(id, 0, body, axis.x, axis.y, axis.z)
    }
  }
}
