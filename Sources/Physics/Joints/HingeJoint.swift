import CODE
import Foundation

/// A one-axis rotational joint. Its angle is continuous (it counts whole turns), unlike ODE's
/// hinge angle, which wraps at ±π.
public final class HingeJoint: Joint, LimitedJoint {
  private var counter = TurnCounter()
  /// ODE measures `angle − offset`: stops are placed symmetrically about the wrap point, so a
  /// range up to a whole turn wide (MJCF allows [−230°, 50°]) fits ODE's (−π, π].
  private var offset = 0.0
  /// ODE's current stops (in ODE's offset angle), kept here to spare the per-step look-ups.
  private var odeStops = -Double.infinity...Double.infinity
  /// Keeps the damper and armature while the hinge is at a stop.
  private var stopCarrier: StopCarrier?

  /// The angle in radians: the child's rotation relative to the parent about the axis, zero at
  /// creation, continuous across ±π.
  public var angle: Double {
    let wrapped = dJointGetHingeAngle(id)
    return offset + counter.angle(wrapped: wrapped)
  }

  /// The angular rate in rad/s.
  public var rate: Double { dJointGetHingeAngleRate(id) }

  /// The hinge axis in world coordinates.
  public var axis: Vector3 {
    var a = dVector3(0, 0, 0, 0)
    withUnsafeMutablePointer(to: &a) { p in
      p.withMemoryRebound(to: dReal.self, capacity: 4) { dJointGetHingeAxis(id, $0) }
    }
    return Vector3(a.0, a.1, a.2)
  }

  /// The anchor point in world coordinates (as seen from the child).
  public var anchor: Vector3 {
    var a = dVector3(0, 0, 0, 0)
    withUnsafeMutablePointer(to: &a) { p in
      p.withMemoryRebound(to: dReal.self, capacity: 4) { dJointGetHingeAnchor(id, $0) }
    }
    return Vector3(a.0, a.1, a.2)
  }

  /// Applies `torque` (N·m) about the axis to the child and its opposite to the parent, for the
  /// next step.
  public func addTorque(_ torque: Double) {
    dJointAddHingeTorque(id, torque)
  }

  /// Sets the stops, in radians; the range may be up to a whole turn wide.
  ///
  /// ODE's stops live in (−π, π], so the joint's zero is moved to the middle of the range (ODE's
  /// `dJointSetHingeAxisOffset`); `angle` still reads the same.
  public func setLimits(lower: Double, upper: Double) throws {
    guard !lower.isNaN, !upper.isNaN, lower <= upper else {
      throw PhysicsError.invalidArgument("joint '\(name)': range [\(lower), \(upper)] is inverted or NaN")
    }
    guard upper - lower <= 2 * Double.pi - 1e-9 else {
      throw PhysicsError.invalidArgument(
        "hinge '\(name)': a range must be narrower than a whole turn, got [\(lower), \(upper)]")
    }
    let current = angle
    let middle = (lower + upper) / 2
    recentre(on: middle, currentAngle: current)
    try setODEStops(id, lower: lower - middle, upper: upper - middle, joint: name, setter: dJointSetHingeParam)
    odeStops = (lower - middle)...(upper - middle)
    updateStopCarrier()
  }

  /// Moves ODE's zero so that ODE measures `angle − centre`, keeping `angle` unchanged.
  ///
  /// ODE takes its zero from the bodies' relative rotation when the axis is set, so the child is
  /// turned to where the angle would be `centre`, the axis set again, and the child turned back.
  /// (ODE's own `dJointSetHingeAxisOffset` composes a world-frame turn with a body-frame rotation,
  /// which is right only when the first body's frame is the world's.)
  private func recentre(on centre: Double, currentAngle: Double) {
    let a = axis
    offset = centre
    let saved = dBodyGetQuaternion(child.id)!
    let current = Quaternion(w: saved[0], x: saved[1], y: saved[2], z: saved[3])
    let turned = (Quaternion(axis: a, angle: centre - currentAngle) * current).normalized
    var q: dQuaternion = (turned.w, turned.x, turned.y, turned.z)
    withUnsafePointer(to: &q) { $0.withMemoryRebound(to: dReal.self, capacity: 4) { dBodySetQuaternion(child.id, $0) } }
    dJointSetHingeAxis(id, a.x, a.y, a.z)
    var back: dQuaternion = (current.w, current.x, current.y, current.z)
    withUnsafePointer(to: &back) { $0.withMemoryRebound(to: dReal.self, capacity: 4) { dBodySetQuaternion(child.id, $0) } }
    synchronize(angle: currentAngle)
  }

  /// Tells the joint its true continuous angle after bodies were moved by hand (ODE only knows the
  /// angle modulo a turn); `angle` then reads `value` (to within rounding of the pose).
  public func synchronize(angle value: Double) {
    let wrapped = dJointGetHingeAngle(id)
    counter.synchronize(angle: value - offset, wrapped: wrapped)
  }

  /// The current stops (−∞, ∞ when unlimited).
  public var limits: ClosedRange<Double> {
    (odeStops.lowerBound + offset)...(odeStops.upperBound + offset)
  }

  /// Sets how stiffly the stops push back: ERP in [0, 1] and CFM ≥ 0 (ODE's `StopERP`/`StopCFM`).
  public func setLimitSoftness(erp: Double, cfm: Double) throws {
    try validateSoftness(erp: erp, cfm: cfm, joint: name)
    dJointSetHingeParam(id, Int32(dParamStopERP), erp)
    dJointSetHingeParam(id, Int32(dParamStopCFM), cfm)
  }

  /// Forgets the turn count, so `angle` restarts within a turn of the offset.
  func resetTurnCount() {
    counter.state = [0, dJointGetHingeAngle(id)]
  }

  override var supportsSpring: Bool { true }

  override func springDidChange() {
    configureImplicitDamper(id, damping: spring.damping, armature: spring.armature, setter: dJointSetHingeParam)
    updateStopCarrier()
  }

  override func applyPassiveForces(timestep: Double) {
    if spring.stiffness != 0 {
      dJointAddHingeTorque(id, -spring.stiffness * (angle - spring.reference))
    }
    if let stop = softStopParameters(
      softLimit, position: dJointGetHingeAngle(id), rate: dJointGetHingeAngleRate(id), stops: odeStops, h: timestep)
    {
      dJointSetHingeParam(id, Int32(dParamStopERP), stop.erp)
      dJointSetHingeParam(id, Int32(dParamStopCFM), stop.cfm)
    }
    routePassiveRow(
      spring: spring, position: dJointGetHingeAngle(id), rate: dJointGetHingeAngleRate(id), stops: odeStops,
      carrier: stopCarrier, h: timestep, get: { dJointGetHingeParam(id, $0) }, set: { dJointSetHingeParam(id, $0, $1) })
  }

  /// Makes the `StopCarrier` once the coordinate has both a damper or armature and a stop.
  private func updateStopCarrier() {
    guard stopCarrier == nil, needsStopCarrier(spring, stops: odeStops, limit: softLimit, linear: false), let world
    else { return }
    stopCarrier = StopCarrier(world: world, child: child, parent: parent, axis: axis, relativeTo: 1, linear: false)
  }

  override func trackAfterStep() {
    counter.track(wrapped: dJointGetHingeAngle(id))
  }

  override var trackingState: [Double] {
    get { counter.state }
    set { counter.state = newValue }
  }
}

func validateSoftness(erp: Double, cfm: Double, joint: String) throws {
  guard erp.isFinite, erp >= 0, erp <= 1, cfm.isFinite, cfm >= 0 else {
    throw PhysicsError.invalidArgument("joint '\(joint)': stop ERP must be in [0, 1] and CFM finite, non-negative")
  }
}
