extension Simulation {
  /// Stops `point` (world coordinates, on body `b`) from moving into a surface of outward
  /// `normal`, as an impact on that body alone would: an impulse at the point that removes its
  /// approach speed (no bounce), then, within Coulomb's cone of `friction`, its sliding along the
  /// surface. Joints do not take part: the impulse changes only this body's velocity, and the
  /// joints pull the bodies back together in the next steps (as Box2D's time-of-impact solver
  /// does). Returns whether the point was approaching.
  @discardableResult
  public func absorbImpact(ofBody b: Int, at point: Vector3, normal: Vector3, friction: Double) throws -> Bool {
    guard model.bodies.indices.contains(b), let body = carrier[b] else {
      throw PhysicsError.invalidArgument("body \(b) does not move, so it cannot take an impact")
    }
    guard point.isFinite, normal.isFinite, normal.length > 0, friction.isFinite, friction >= 0 else {
      throw PhysicsError.invalidArgument("an impact needs a finite point, a non-zero normal and a non-negative friction")
    }
    let n = normal / normal.length
    let rotation = body.rotation
    let inverseInertia = Self.inverse(body.inertia)
    let arm = point - body.centerOfMass
    var v = body.linearVelocity, w = body.angularVelocity
    /// The world angular velocity change from an impulse `j` at the point.
    func spin(_ j: Vector3) -> Vector3 {
      rotation.apply(inverseInertia.apply(rotation.applyTransposed(arm.cross(j))))
    }
    /// The inverse of the mass the point shows along unit direction `d`.
    func inverseMass(along d: Vector3) -> Double { 1 / body.mass + spin(d).cross(arm).dot(d) }
    let approach = (v + w.cross(arm)).dot(n)
    guard approach < 0 else { return false }
    let normalImpulse = -approach / inverseMass(along: n)
    v += normalImpulse * n / body.mass
    w += spin(normalImpulse * n)
    let pointVelocity = v + w.cross(arm)
    let sliding = pointVelocity - pointVelocity.dot(n) * n
    if sliding.length > 1e-12 {
      let direction = sliding / sliding.length
      let stopping = sliding.length / inverseMass(along: direction)
      let tangentImpulse = -min(stopping, friction * normalImpulse) * direction
      v += tangentImpulse / body.mass
      w += spin(tangentImpulse)
    }
    try body.setLinearVelocity(v)
    try body.setAngularVelocity(w)
    stateVersion &+= 1
    return true
  }

  /// The inverse of a symmetric positive-definite 3×3 matrix (cofactors over the determinant).
  static func inverse(_ m: RotationMatrix) -> RotationMatrix {
    let a = m.rows.0, b = m.rows.1, c = m.rows.2
    let r0 = b.cross(c), r1 = c.cross(a), r2 = a.cross(b)
    let determinant = a.dot(r0)
    // The columns of the inverse are the cross products over the determinant; symmetric, so
    // rows and columns agree.
    return RotationMatrix(rows: (r0 / determinant, r1 / determinant, r2 / determinant))
  }
}
