import CODE

/// Holds the rate at which two points, one on each body, move apart along the line between them
/// at a target: ODE's double-ball joint (one bilateral row, q̂ · (v₁(A₁) − v₂(A₂)) with q̂ the
/// unit vector from A₂ to A₁), its anchors, target and CFM set anew before each step. With the
/// anchors on a line through a gear pair's pitch point along the common tangent, the row is the
/// mesh of two gears (`SimulationBuilder.gearCoupling`).
public final class LineCoupling: Joint {
  /// Places the anchors (world coordinates; each then moves with its body) and asks the row for
  /// `rate` (m/s) over the coming step of `h` seconds, with constraint force mixing `cfm`.
  public func hold(anchor1: Vector3, anchor2: Vector3, rate: Double, cfm: Double, h: Double) {
    dJointSetDBallAnchor1(id, anchor1.x, anchor1.y, anchor1.z)
    dJointSetDBallAnchor2(id, anchor2.x, anchor2.y, anchor2.z)
    // ODE's row target is (ERP/h)(distance − current distance): with ERP 1 it is `rate`.
    dJointSetDBallParam(id, Int32(dParamERP), 1)
    dJointSetDBallParam(id, Int32(dParamCFM), cfm)
    dJointSetDBallDistance(id, (anchor1 - anchor2).length + h * rate)
  }
}

extension World {
  /// A line coupling between `first` and `second` (nil: the world); `hold` places it each step.
  @discardableResult
  public func addLineCoupling(name: String = "", first: RigidBody, second: RigidBody?) throws -> LineCoupling {
    try requireBodies(second, first, joint: name)
    let joint = LineCoupling(
      world: self, id: dJointCreateDBall(handle.world, nil), name: name, parent: second, child: first)
    dJointSetDBallParam(joint.id, Int32(dParamCFM), settings.cfm)
    register(joint)
    return joint
  }
}
