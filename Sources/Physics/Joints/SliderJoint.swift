import CODE

/// A one-axis translational joint (MJCF's `slide`).
public final class SliderJoint: Joint, LimitedJoint {
  /// ODE's current stops, kept here to spare the per-step look-ups.
  private var stops = -Double.infinity...Double.infinity
  /// Carries the damper and armature while the slider is at a stop.
  private var stopCarrier: StopCarrier?

  /// The child's displacement along the axis relative to the parent, metres; zero at creation.
  public var position: Double { dJointGetSliderPosition(id) }

  /// The rate of `position`, m/s.
  public var rate: Double { dJointGetSliderPositionRate(id) }

  /// The slider axis in world coordinates.
  public var axis: Vector3 {
    var a = dVector3(0, 0, 0, 0)
    withUnsafeMutablePointer(to: &a) { p in
      p.withMemoryRebound(to: dReal.self, capacity: 4) { dJointGetSliderAxis(id, $0) }
    }
    return Vector3(a.0, a.1, a.2)
  }

  /// Applies `force` (N) along the axis to the child and its opposite to the parent.
  public func addForce(_ force: Double) {
    dJointAddSliderForce(id, force)
  }

  /// Sets the stops, in metres.
  public func setLimits(lower: Double, upper: Double) throws {
    try setODEStops(id, lower: lower, upper: upper, joint: name, setter: dJointSetSliderParam)
    stops = lower...upper
    updateStopCarrier()
  }

  /// The current stops (−∞, ∞ when unlimited).
  public var limits: ClosedRange<Double> {
    stops
  }

  /// Sets how stiffly the stops push back: ERP in [0, 1] and CFM ≥ 0.
  public func setLimitSoftness(erp: Double, cfm: Double) throws {
    try validateSoftness(erp: erp, cfm: cfm, joint: name)
    dJointSetSliderParam(id, Int32(dParamStopERP), erp)
    dJointSetSliderParam(id, Int32(dParamStopCFM), cfm)
  }

  override var supportsSpring: Bool { true }

  override func springDidChange() {
    configureImplicitDamper(id, damping: spring.damping, armature: spring.armature, setter: dJointSetSliderParam)
    updateStopCarrier()
  }

  override func applyPassiveForces(timestep: Double) {
    if spring.stiffness != 0 {
      dJointAddSliderForce(id, -spring.stiffness * (position - spring.reference))
    }
    if let stop = softStopParameters(
      softLimit, position: position, rate: dJointGetSliderPositionRate(id), stops: stops, h: timestep)
    {
      dJointSetSliderParam(id, Int32(dParamStopERP), stop.erp)
      dJointSetSliderParam(id, Int32(dParamStopCFM), stop.cfm)
    }
    routePassiveRow(
      spring: spring, position: position, rate: dJointGetSliderPositionRate(id), stops: stops, carrier: stopCarrier,
      h: timestep, get: { dJointGetSliderParam(id, $0) }, set: { dJointSetSliderParam(id, $0, $1) })
  }

  /// Makes the `StopCarrier` once the coordinate has both a damper or armature and a stop.
  private func updateStopCarrier() {
    guard stopCarrier == nil, needsStopCarrier(spring, stops: stops, limit: softLimit, linear: true), let world
    else { return }
    stopCarrier = StopCarrier(world: world, child: child, parent: parent, axis: axis, relativeTo: 1, linear: true)
  }
}
