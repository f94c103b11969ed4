import CODE

/// A two-axis rotational joint (ODE's universal): `childAxis` turns with the child, `parentAxis`
/// with the parent, and the two stay perpendicular.
///
/// MuJoCo's two hinges at one point of a body, the first fixed in the parent and the second
/// turning with the body, are this joint when their axes are perpendicular, so the model builder
/// uses it in their place: four constraint rows instead of two hinges' ten and a light body
/// between them. Each axis is then one hinge-like coordinate (`parentCoordinate`,
/// `childCoordinate`) with its own stops, spring, damper and armature; because the axes are
/// perpendicular, the relative angular velocity projected on each is exactly that coordinate's
/// rate, and a torque about one axis does work on that coordinate only.
public final class UniversalJoint: Joint {
  /// The coordinate about the axis fixed in the parent (MuJoCo's first hinge; ODE's axis 2).
  public private(set) var parentCoordinate: UniversalAxis!
  /// The coordinate about the axis that turns with the child (MuJoCo's second hinge; ODE's axis 1).
  public private(set) var childCoordinate: UniversalAxis!

  override init(world: World, id: dJointID, name: String, parent: RigidBody?, child: RigidBody) {
    super.init(world: world, id: id, name: name, parent: parent, child: child)
    parentCoordinate = UniversalAxis(joint: self, odeAxis: 2)
    childCoordinate = UniversalAxis(joint: self, odeAxis: 1)
  }

  /// The rotation angles about the child's and the parent's axis, radians, zero at creation
  /// (ODE's, within (−π, π]; the coordinates' `angle` is continuous).
  public var angles: (child: Double, parent: Double) {
    (dJointGetUniversalAngle1(id), dJointGetUniversalAngle2(id))
  }

  /// The rates of `angles`, rad/s.
  public var rates: (child: Double, parent: Double) {
    (dJointGetUniversalAngle1Rate(id), dJointGetUniversalAngle2Rate(id))
  }

  /// Applies torques (N·m) about the child's and the parent's axis.
  public func addTorques(child: Double, parent: Double) {
    dJointAddUniversalTorques(id, child, parent)
  }

  /// Sets the stops of both axes, radians within (−π, π).
  public func setLimits(child: ClosedRange<Double>, parent: ClosedRange<Double>) throws {
    try childCoordinate.setLimits(lower: child.lowerBound, upper: child.upperBound)
    try parentCoordinate.setLimits(lower: parent.lowerBound, upper: parent.upperBound)
  }

  var coordinates: [UniversalAxis] { [parentCoordinate, childCoordinate] }

  override var hasPassiveForces: Bool { coordinates.contains { $0.spring.isActive } || hasSoftLimits }

  override var hasSoftLimits: Bool { coordinates.contains { $0.softLimit != nil } }

  override func applyPassiveForces(timestep: Double) {
    for coordinate in coordinates { coordinate.applyPassiveForces(timestep: timestep) }
  }

  override func trackAfterStep() {
    for coordinate in coordinates { coordinate.trackAfterStep() }
  }

  override var trackingState: [Double] {
    get { parentCoordinate.trackingState + childCoordinate.trackingState }
    set {
      parentCoordinate.trackingState = Array(newValue[0..<2])
      childCoordinate.trackingState = Array(newValue[2..<4])
    }
  }
}

/// One axis of a `UniversalJoint` as a hinge: its angle (continuous across ±π, zero at
/// creation), rate, torque, stops, and a spring, implicit damper and armature as `JointSpring`
/// describes for hinges.
public final class UniversalAxis {
  unowned let joint: UniversalJoint
  /// 1 (the child's axis) or 2 (the parent's), as ODE numbers them.
  let odeAxis: Int
  /// The passive spring, damper and armature on this coordinate; see `setSpring`.
  public private(set) var spring = JointSpring.none
  private var counter = TurnCounter()
  /// ODE's current stops, kept here to spare the per-step look-ups.
  private var stops = -Double.infinity...Double.infinity
  /// Keeps the damper and armature while the axis is at a stop.
  private var stopCarrier: StopCarrier?

  init(joint: UniversalJoint, odeAxis: Int) {
    self.joint = joint
    self.odeAxis = odeAxis
  }

  /// The joint's name and which axis this is.
  public var name: String { joint.name + (odeAxis == 1 ? " (child axis)" : " (parent axis)") }

  /// Sets one of ODE's parameters for this axis.
  private func set(_ parameter: Int32, _ value: Double) {
    dJointSetUniversalParam(joint.id, parameter + (odeAxis == 1 ? 0 : Int32(dParamGroup)), value)
  }

  /// Reads one of ODE's parameters for this axis.
  private func get(_ parameter: Int32) -> Double {
    dJointGetUniversalParam(joint.id, parameter + (odeAxis == 1 ? 0 : Int32(dParamGroup)))
  }

  /// The angle as ODE's stop test reads it (`dJointGetUniversalAngles`, which finds the second
  /// angle another way than `dJointGetUniversalAngle2`, equal only to rounding).
  private var limitAngle: Double {
    var angle1 = 0.0, angle2 = 0.0
    dJointGetUniversalAngles(joint.id, &angle1, &angle2)
    return odeAxis == 1 ? angle1 : angle2
  }

  private var wrappedAngle: Double {
    odeAxis == 1 ? dJointGetUniversalAngle1(joint.id) : dJointGetUniversalAngle2(joint.id)
  }

  /// The angle in radians: the child's rotation relative to the parent about this axis.
  public var angle: Double {
    counter.angle(wrapped: wrappedAngle)
  }

  /// The angular rate in rad/s.
  public var rate: Double {
    odeAxis == 1 ? dJointGetUniversalAngle1Rate(joint.id) : dJointGetUniversalAngle2Rate(joint.id)
  }

  /// The axis in world coordinates.
  public var axis: Vector3 {
    var a = dVector3(0, 0, 0, 0)
    withUnsafeMutablePointer(to: &a) { p in
      p.withMemoryRebound(to: dReal.self, capacity: 4) {
        odeAxis == 1 ? dJointGetUniversalAxis1(joint.id, $0) : dJointGetUniversalAxis2(joint.id, $0)
      }
    }
    return Vector3(a.0, a.1, a.2)
  }

  /// The joint's anchor in world coordinates (as seen from the child), where both axes meet.
  public var anchor: Vector3 {
    var a = dVector3(0, 0, 0, 0)
    withUnsafeMutablePointer(to: &a) { p in
      p.withMemoryRebound(to: dReal.self, capacity: 4) { dJointGetUniversalAnchor(joint.id, $0) }
    }
    return Vector3(a.0, a.1, a.2)
  }

  /// Applies `torque` (N·m) about this axis to the child and its opposite to the parent, for
  /// the next step.
  public func addTorque(_ torque: Double) {
    dJointAddUniversalTorques(joint.id, odeAxis == 1 ? torque : 0, odeAxis == 1 ? 0 : torque)
  }

  /// Sets the stops, radians within (−π, π) (ODE's universal angles wrap at ±π and, unlike a
  /// hinge's, cannot be re-centred).
  public func setLimits(lower: Double, upper: Double) throws {
    guard lower > -Double.pi, upper < Double.pi else {
      throw PhysicsError.invalidArgument("\(name): stops must lie within (-π, π), got [\(lower), \(upper)]")
    }
    try setODEStops(joint.id, lower: lower, upper: upper, joint: name) { id, parameter, value in
      dJointSetUniversalParam(id, parameter + (self.odeAxis == 1 ? 0 : Int32(dParamGroup)), value)
    }
    stops = lower...upper
    updateStopCarrier()
  }

  /// Sets how stiffly the stops push back: ERP in [0, 1] and CFM ≥ 0.
  public func setLimitSoftness(erp: Double, cfm: Double) throws {
    try validateSoftness(erp: erp, cfm: cfm, joint: name)
    set(Int32(dParamStopERP), erp)
    set(Int32(dParamStopCFM), cfm)
  }

  /// MuJoCo's soft limit on the stops, if set.
  public private(set) var softLimit: SoftLimit?

  /// Makes the stops as soft as MuJoCo's limits (nil: the fixed softness of `setLimitSoftness`).
  public func setSoftLimit(_ limit: SoftLimit?) throws {
    if let problem = limit?.problem(joint: name) { throw PhysicsError.invalidArgument(problem) }
    softLimit = limit
    joint.world?.refreshPassiveJoints()
  }

  /// Sets the passive spring, damper and armature applied before every step.
  public func setSpring(_ newSpring: JointSpring) throws {
    try newSpring.validate(joint: name)
    spring = newSpring
    configureImplicitDamper(joint.id, damping: spring.damping, armature: spring.armature) { id, parameter, value in
      dJointSetUniversalParam(id, parameter + (self.odeAxis == 1 ? 0 : Int32(dParamGroup)), value)
    }
    updateStopCarrier()
    joint.world?.refreshPassiveJoints()
  }

  /// Tells the coordinate its true continuous angle after bodies were moved by hand.
  public func synchronize(angle value: Double) {
    counter.synchronize(angle: value, wrapped: wrappedAngle)
  }

  func applyPassiveForces(timestep: Double) {
    if spring.stiffness != 0 {
      addTorque(-spring.stiffness * (angle - spring.reference))
    }
    if let stop = softStopParameters(softLimit, position: limitAngle, rate: rate, stops: stops, h: timestep) {
      set(Int32(dParamStopERP), stop.erp)
      set(Int32(dParamStopCFM), stop.cfm)
    }
    routePassiveRow(
      spring: spring, position: limitAngle, rate: rate, stops: stops, carrier: stopCarrier, h: timestep, get: get,
      set: set)
  }

  /// Makes the `StopCarrier` once the coordinate has both a damper or armature and a stop; ODE
  /// fixes axis 1 in the first body (the child) and axis 2 in the second, as the joint does.
  private func updateStopCarrier() {
    guard stopCarrier == nil, needsStopCarrier(spring, stops: stops, limit: softLimit, linear: false),
      let world = joint.world
    else { return }
    stopCarrier = StopCarrier(
      world: world, child: joint.child, parent: joint.parent, axis: axis, relativeTo: Int32(odeAxis), linear: false)
  }

  func trackAfterStep() {
    counter.track(wrapped: wrappedAngle)
  }

  var trackingState: [Double] {
    get { counter.state }
    set { counter.state = newValue }
  }
}
