extension Simulation {
  /// Stops `point` (world coordinates, on body `b`) from moving into a surface of outward
  /// `normal`, as an impact on that body alone would: an impulse at the point that removes its
  /// approach speed (no bounce) and, within a friction pyramid of `friction` (μ times the normal
  /// impulse along each of two directions of the surface), its sliding, solved together. Joints do not take part: the impulse changes only this body's velocity, and the
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
    // Two directions along the surface.
    let helper = abs(n.x) < 0.9 ? Vector3(1, 0, 0) : Vector3(0, 1, 0)
    let t1 = n.cross(helper) / n.cross(helper).length, t2 = n.cross(t1)
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
    func pointVelocity() -> Vector3 { v + w.cross(arm) }
    func apply(_ j: Vector3) {
      v += j / body.mass
      w += spin(j)
    }
    guard pointVelocity().dot(n) < 0 else { return false }
    // The normal and the two friction directions solved together, as an impact solver does:
    // Gauss–Seidel over accumulated impulses, the normal one never pulling, the friction ones
    // within μ times it (a friction pyramid); a tangential impulse at an arm also turns the body,
    // which changes the normal speed, hence the iterations.
    let masses = (n: 1 / inverseMass(along: n), t1: 1 / inverseMass(along: t1), t2: 1 / inverseMass(along: t2))
    var total = (n: 0.0, t1: 0.0, t2: 0.0)
    for _ in 0..<Self.impactIterations {
      let normal = max(total.n - masses.n * pointVelocity().dot(n), 0)
      apply((normal - total.n) * n)
      total.n = normal
      let limit = friction * total.n
      let first = min(max(total.t1 - masses.t1 * pointVelocity().dot(t1), -limit), limit)
      apply((first - total.t1) * t1)
      total.t1 = first
      let second = min(max(total.t2 - masses.t2 * pointVelocity().dot(t2), -limit), limit)
      apply((second - total.t2) * t2)
      total.t2 = second
    }
    try body.setLinearVelocity(v)
    try body.setAngularVelocity(w)
    stateVersion &+= 1
    return true
  }

  /// Sweeps of the impact solver (each normal, then friction); it converges geometrically.
  static let impactIterations = 60

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
