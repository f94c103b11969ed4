/// MJCF's fluid medium (`<option density viscosity wind>`) with MuJoCo's inertia-box model: each
/// moving body feels, at its centre of mass and in its principal-inertia frame, quadratic drag from
/// the density and linear (Stokes) drag from the viscosity, sized by the box with the body's mass
/// and principal inertia. Applied explicitly each substep from the velocities at its start.
struct FluidMedium {
  /// One moving body and its equivalent box.
  struct Drag {
    let body: RigidBody
    /// The principal-inertia frame in the body's frame (columns: the principal axes).
    let principal: RotationMatrix
    /// The box's full side lengths along the principal axes, m.
    let box: Vector3
  }

  let density: Double
  let viscosity: Double
  let wind: Vector3
  let drags: [Drag]

  /// The medium acting on `bodies` (ODE bodies with mass); nil when density and viscosity are 0
  /// or the `passive` flag is off (fluid forces are passive forces in MuJoCo).
  init?(options: ModelOptions, bodies: [RigidBody]) {
    guard options.density > 0 || options.viscosity > 0, options.passiveEnabled else { return nil }
    density = options.density
    viscosity = options.viscosity
    wind = options.wind
    drags = bodies.filter { $0.mass > 0 }.map { body in
      let eigen = SymmetricEigen(body.inertia)
      let i = eigen.values, m = body.mass
      func side(_ a: Double, _ b: Double, _ c: Double) -> Double { (max(1e-15, b + c - a) * 6 / m).squareRoot() }
      return Drag(body: body, principal: eigen.vectors, box: Vector3(side(i.x, i.y, i.z), side(i.y, i.x, i.z), side(i.z, i.x, i.y)))
    }
  }

  /// The force and torque (principal frame) on a box of side lengths `b` moving at `v` and
  /// turning at `w` relative to the medium (principal frame).
  func localWrench(box b: Vector3, velocity v: Vector3, angularVelocity w: Vector3) -> (force: Vector3, torque: Vector3) {
    var force = Vector3.zero, torque = Vector3.zero
    if viscosity > 0 {
      let diameter = (b.x + b.y + b.z) / 3
      force -= 3 * Double.pi * diameter * viscosity * v
      torque -= Double.pi * diameter * diameter * diameter * viscosity * w
    }
    if density > 0 {
      let faces = Vector3(b.y * b.z, b.x * b.z, b.x * b.y)
      force -= 0.5 * density * faces * Vector3(abs(v.x), abs(v.y), abs(v.z)) * v
      let b4 = b * b * b * b
      let arms = Vector3(b.x * (b4.y + b4.z), b.y * (b4.x + b4.z), b.z * (b4.x + b4.y)) / 64
      torque -= density * arms * Vector3(abs(w.x), abs(w.y), abs(w.z)) * w
    }
    return (force, torque)
  }

  /// Adds this substep's drag to every body.
  func apply() {
    for drag in drags {
      let body = drag.body
      let bodyRotation = body.rotation
      // The principal frame in world axes is R_body · P: world to principal is Pᵀ R_bodyᵀ.
      func local(_ u: Vector3) -> Vector3 { drag.principal.applyTransposed(bodyRotation.applyTransposed(u)) }
      func world(_ u: Vector3) -> Vector3 { bodyRotation.apply(drag.principal.apply(u)) }
      let (force, torque) = localWrench(
        box: drag.box, velocity: local(body.linearVelocity - wind), angularVelocity: local(body.angularVelocity))
      body.addForce(world(force))
      body.addTorque(world(torque))
    }
  }
}
