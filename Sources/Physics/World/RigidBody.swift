import CODE

/// A moving rigid body: mass and inertia built from its geoms, a pose, and a velocity.
///
/// ODE needs the centre of mass at the body's origin, so the ODE body sits at the centre of
/// mass while Odessa keeps the body *frame* the caller described (the MJCF frame, say). The two
/// differ by the fixed offset `localCenterOfMass`: `position` is the frame origin and
/// `centerOfMass` the ODE body position. Geoms and joint anchors are placed in the frame.
public final class RigidBody {
  let handle: ODEWorldHandle
  let id: dBodyID
  /// Position in the world's `bodies` array.
  public let index: Int
  /// The name given to `addBody`, or "body<index>" when none was.
  public let name: String
  /// The total mass in kg.
  public let mass: Double
  /// The centre of mass in the body frame, in metres.
  public let localCenterOfMass: Vector3
  /// The inertia tensor about the centre of mass, in body-frame axes (row-major), kg·m².
  public let inertia: RotationMatrix
  /// The smallest diagonal entry of `inertia`, for the divergence check's bound on torques.
  let smallestInertia: Double
  /// The geoms attached to this body, in creation order.
  public internal(set) var geoms: [Geom] = []

  init(handle: ODEWorldHandle, id: dBodyID, index: Int, name: String, mass: dMass, centerOfMass: Vector3) {
    self.handle = handle
    self.id = id
    self.index = index
    self.name = name
    self.mass = mass.mass
    self.localCenterOfMass = centerOfMass
    self.inertia = RotationMatrix(rows: (
      Vector3(mass.I.0, mass.I.1, mass.I.2),
      Vector3(mass.I.4, mass.I.5, mass.I.6),
      Vector3(mass.I.8, mass.I.9, mass.I.10)))
    self.smallestInertia = min(mass.I.0, mass.I.5, mass.I.10)
  }

  // MARK: Pose

  /// The world position of the centre of mass (ODE's body position).
  public var centerOfMass: Vector3 {
    let p = dBodyGetPosition(id)!
    return Vector3(p[0], p[1], p[2])
  }

  /// The body's orientation (the same for frame and centre of mass).
  public var orientation: Quaternion {
    let q = dBodyGetQuaternion(id)!
    return Quaternion(w: q[0], x: q[1], y: q[2], z: q[3])
  }

  /// The rotation matrix body → world, row-major (MuJoCo's `xmat`).
  public var rotation: RotationMatrix {
    let r = dBodyGetRotation(id)!
    return RotationMatrix(rows: (
      Vector3(r[0], r[1], r[2]), Vector3(r[4], r[5], r[6]), Vector3(r[8], r[9], r[10])))
  }

  /// The inertia in world axes applied to `v`: R I Rᵀ v, `rotation` the body's current R
  /// (passed in by callers that already read it).
  @inline(__always)
  func worldInertia(times v: Vector3, rotation: RotationMatrix) -> Vector3 {
    rotation.apply(inertia.apply(rotation.applyTransposed(v)))
  }

  /// The world position of the body frame's origin.
  public var position: Vector3 {
    centerOfMass - rotation.apply(localCenterOfMass)
  }

  /// The frame's pose in the world.
  public var pose: Pose { Pose(position: position, orientation: orientation) }

  /// The world coordinates of a point given in the body frame (a site, an anchor).
  public func worldPoint(ofLocal point: Vector3) -> Vector3 {
    centerOfMass + rotation.apply(point - localCenterOfMass)
  }

  /// Moves the body so that its frame sits at `pose` (velocities unchanged).
  public func setPose(_ pose: Pose) throws {
    try requireFinite(pose.position, what: "position of body '\(name)'")
    let q = pose.orientation
    guard q.isFinite, q.norm > 1e-12 else {
      throw PhysicsError.invalidArgument("orientation of body '\(name)' must be a finite non-zero quaternion")
    }
    let unit = q.normalized
    setODEOrientation(unit)
    let com = pose.position + unit.rotate(localCenterOfMass)
    dBodySetPosition(id, com.x, com.y, com.z)
  }

  // MARK: Velocity

  /// The linear velocity of the centre of mass, m/s.
  public var linearVelocity: Vector3 {
    let v = dBodyGetLinearVel(id)!
    return Vector3(v[0], v[1], v[2])
  }

  /// The angular velocity in world axes, rad/s.
  public var angularVelocity: Vector3 {
    let w = dBodyGetAngularVel(id)!
    return Vector3(w[0], w[1], w[2])
  }

  /// The world velocity of a point fixed in the body, given in the body frame.
  public func velocity(ofLocalPoint point: Vector3) -> Vector3 {
    let offset = rotation.apply(point - localCenterOfMass)
    return linearVelocity + angularVelocity.cross(offset)
  }

  /// Sets the linear velocity of the centre of mass (m/s).
  public func setLinearVelocity(_ v: Vector3) throws {
    try requireFinite(v, what: "linear velocity of body '\(name)'")
    dBodySetLinearVel(id, v.x, v.y, v.z)
  }

  /// Sets the angular velocity in world axes (rad/s).
  public func setAngularVelocity(_ w: Vector3) throws {
    try requireFinite(w, what: "angular velocity of body '\(name)'")
    dBodySetAngularVel(id, w.x, w.y, w.z)
  }

  /// Sets the velocities to `velocity` (of the centre of mass) and `angularVelocity` (world
  /// axes) and the pose to where ODE's step of `time` takes them from `centerOfMass` and
  /// `orientation`: the centre of mass moved by time · velocity, the orientation turned by
  /// q + (time/2) ω q, normalised.
  func restep(
    from centerOfMass: Vector3, _ orientation: Quaternion, velocity: Vector3, angularVelocity spin: Vector3,
    over time: Double
  ) {
    dBodySetLinearVel(id, velocity.x, velocity.y, velocity.z)
    dBodySetAngularVel(id, spin.x, spin.y, spin.z)
    let p = centerOfMass + time * velocity
    dBodySetPosition(id, p.x, p.y, p.z)
    let q = orientation
    let turn = Quaternion(w: 0, x: spin.x, y: spin.y, z: spin.z) * q
    let half = time / 2
    setODEOrientation(
      Quaternion(w: q.w + half * turn.w, x: q.x + half * turn.x, y: q.y + half * turn.y, z: q.z + half * turn.z)
        .normalized)
  }

  /// Sets both velocities without the checks of `setLinearVelocity` (callers hold finite values).
  func setVelocities(linear: Vector3, angular spin: Vector3) {
    dBodySetLinearVel(id, linear.x, linear.y, linear.z)
    dBodySetAngularVel(id, spin.x, spin.y, spin.z)
  }

  /// Hands a unit quaternion to ODE as the body's orientation.
  private func setODEOrientation(_ unit: Quaternion) {
    var odeQuaternion: dQuaternion = (unit.w, unit.x, unit.y, unit.z)
    withUnsafeMutablePointer(to: &odeQuaternion) { pointer in
      pointer.withMemoryRebound(to: dReal.self, capacity: 4) { dBodySetQuaternion(id, $0) }
    }
  }

  // MARK: Forces (accumulated until the next step)

  /// Adds a force (N, world axes) at the centre of mass.
  public func addForce(_ f: Vector3) {
    dBodyAddForce(id, f.x, f.y, f.z)
  }

  /// Adds a force (N, world axes) at a world point.
  public func addForce(_ f: Vector3, atWorldPoint p: Vector3) {
    dBodyAddForceAtPos(id, f.x, f.y, f.z, p.x, p.y, p.z)
  }

  /// Adds a torque (N·m, world axes).
  public func addTorque(_ t: Vector3) {
    dBodyAddTorque(id, t.x, t.y, t.z)
  }

  /// The force accumulated for the next step (N, world axes).
  public var accumulatedForce: Vector3 {
    let f = dBodyGetForce(id)!
    return Vector3(f[0], f[1], f[2])
  }

  /// The torque accumulated for the next step (N·m, world axes).
  public var accumulatedTorque: Vector3 {
    let t = dBodyGetTorque(id)!
    return Vector3(t[0], t[1], t[2])
  }

  /// Whether a step refuses to start when the forces accumulated on this body would change its
  /// speed beyond the divergence limit on their own (on by default). Turn it off for a light body
  /// held by joints on both sides (a multi-joint body's intermediate link), whose applied torques
  /// the joints pass on; its velocity after the step is still checked.
  public var checksAppliedForces = true

  /// Whether ODE adds the gyroscopic torque −ω × (I ω) to this body (on by default). MuJoCo's
  /// armature has none, so the light links that carry a multi-joint body's armature turn it off.
  public var hasGyroscopicTorque: Bool {
    get { dBodyGetGyroscopicMode(id) != 0 }
    set { dBodySetGyroscopicMode(id, newValue ? 1 : 0) }
  }

  /// Whether gravity acts on this body (on by default).
  public var isAffectedByGravity: Bool {
    get { dBodyGetGravityMode(id) != 0 }
    set { dBodySetGravityMode(id, newValue ? 1 : 0) }
  }

  // MARK: Energy

  /// Kinetic energy ½ m v² + ½ ωᵀ I ω, in joules.
  public var kineticEnergy: Double {
    let v = linearVelocity
    let bodyOmega = rotation.applyTransposed(angularVelocity)
    let iw = inertia.apply(bodyOmega)
    return 0.5 * mass * v.dot(v) + 0.5 * bodyOmega.dot(iw)
  }
}
