/// One rotational coordinate of the ODE world that a model's hinge becomes: a hinge joint of its
/// own, or one axis of a universal joint standing for two hinges at one point.
protocol RotaryCoordinate: CoordinateSettings {
  /// The angle in radians (zero at creation, continuous across ±π).
  var angle: Double { get }
  /// The angular rate in rad/s.
  var rate: Double { get }
  /// The axis in world coordinates.
  var axis: Vector3 { get }
  /// A point of the axis in world coordinates (as seen from the child).
  var anchor: Vector3 { get }
  /// The passive spring, damper and armature.
  var spring: JointSpring { get }
  /// The ODE joint whose rows realise it.
  var odeJoint: Joint { get }
  /// Applies `torque` about the axis to the child and its opposite to the parent for the next step.
  func addTorque(_ torque: Double)
  /// Tells the coordinate its continuous angle after the bodies were moved by hand.
  func synchronize(angle: Double)
}

/// What a model's hinge or slide sets on the ODE coordinate it becomes: stops, their softness,
/// and the spring, damper and armature.
protocol CoordinateSettings: AnyObject {
  func setLimits(lower: Double, upper: Double) throws
  func setLimitSoftness(erp: Double, cfm: Double) throws
  func setSoftLimit(_ limit: SoftLimit?) throws
  func setSpring(_ spring: JointSpring) throws
}

extension SliderJoint: CoordinateSettings {}

extension HingeJoint: RotaryCoordinate {
  var odeJoint: Joint { self }
}

extension UniversalAxis: RotaryCoordinate {
  var odeJoint: Joint { joint }
}
