import CODE

/// A weld: the child keeps its pose relative to the parent.
public final class FixedJoint: Joint {}

/// A two-axis rotational joint: `childAxis` turns with the child, `parentAxis` with the parent.
public final class UniversalJoint: Joint {
  /// The rotation angles about the child's and the parent's axis, radians, zero at creation.
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

  /// Sets the stops of both axes, radians within [−π, π].
  public func setLimits(child: ClosedRange<Double>, parent: ClosedRange<Double>) throws {
    for range in [child, parent] where range.lowerBound < -Double.pi || range.upperBound > Double.pi {
      throw PhysicsError.invalidArgument("universal joint '\(name)': stops must lie within [-π, π]")
    }
    try setODEStops(id, lower: child.lowerBound, upper: child.upperBound, joint: name,
      setter: dJointSetUniversalParam)
    try setODEStops(id, lower: parent.lowerBound, upper: parent.upperBound, joint: name) {
      dJointSetUniversalParam($0, $1 + Int32(dParamGroup), $2)
    }
  }
}

/// Keeps a body in ODE's z = 0 plane, turning only about z (ODE's Plane2D joint).
public final class Plane2DJoint: Joint {}
