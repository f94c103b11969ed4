import CODE

extension World {
  /// Adds a rigid body whose frame sits at `pose`, with mass and inertia combined from `geoms`.
  ///
  /// Each geom's pose is given in the body frame; its mass (density × volume, or explicit) sits at
  /// its centre. ODE's body is placed at the combined centre of mass and every geom is offset
  /// from it, so off-centre geoms get the right inertia and the right collision shapes.
  ///
  /// `extraInertia` adds rotational inertia a·n·nᵀ (kg·m², n a unit axis in the body frame) about
  /// the centre of mass without adding mass: Odessa's emulation of MJCF joint armature.
  @discardableResult
  public func addBody(
    name: String = "", pose: Pose = .identity, geoms descriptions: [GeomDescription],
    massElements: [MassElement] = [], extraInertia: [(axis: Vector3, inertia: Double)] = []
  ) throws -> RigidBody {
    let index = bodies.count
    let bodyName = name.isEmpty ? "body\(index)" : name
    let context = "body '\(bodyName)'"
    guard !descriptions.isEmpty || !massElements.isEmpty else {
      throw PhysicsError.invalidArgument("\(context) needs at least one geom or mass element to have mass")
    }
    for (k, description) in descriptions.enumerated() {
      try description.validate(context: "\(context), geom \(k)")
      switch description.shape {
      case .plane, .heightField:
        throw PhysicsError.invalidArgument("\(context), geom \(k): a \(description.shape.kindName) is static; use addStaticGeom")
      default: break
      }
    }
    try requireFinite(pose.position, what: "position of \(context)")

    var total = dMass()
    dMassSetZero(&total)
    /// Adds a mass given in its own frame, turned and moved to `pose` in the body frame.
    func add(_ mass: dMass, at pose: Pose) {
      var part = mass
      var rotation = odeRotationMatrix(pose.orientation)
      withUnsafePointer(to: &rotation) { pointer in
        pointer.withMemoryRebound(to: dReal.self, capacity: 12) { dMassRotate(&part, $0) }
      }
      dMassTranslate(&part, pose.position.x, pose.position.y, pose.position.z)
      dMassAdd(&total, &part)
    }
    for description in descriptions {
      let geomMass = description.resolvedMass
      guard geomMass > 0 else { continue }
      add(description.shape.odeMass(total: geomMass), at: description.pose)
    }
    for element in massElements {
      guard element.mass.isFinite, element.mass > 0, element.inertia.allSatisfy({ $0.isFinite }) else {
        throw PhysicsError.invalidArgument("\(context): a mass element needs a positive mass and finite inertia")
      }
      var part = dMass()
      let i = element.inertia
      dMassSetParameters(&part, element.mass, 0, 0, 0, i[0], i[1], i[2], i[3], i[4], i[5])
      add(part, at: element.pose)
    }
    guard total.mass > 0, total.mass.isFinite else { throw PhysicsError.massless(body: bodyName) }
    let centerOfMass = Vector3(total.c.0, total.c.1, total.c.2)
    dMassTranslate(&total, -centerOfMass.x, -centerOfMass.y, -centerOfMass.z)
    for (axis, inertia) in extraInertia {
      guard axis.isFinite, axis.length > 0, inertia.isFinite, inertia >= 0 else {
        throw PhysicsError.invalidArgument("\(context): extra inertia needs a non-zero axis and a non-negative value")
      }
      let n = axis / axis.length
      withUnsafeMutablePointer(to: &total.I) { pointer in
        pointer.withMemoryRebound(to: dReal.self, capacity: 12) { I in
          for row in 0..<3 {
            for column in 0..<3 { I[4 * row + column] += inertia * n[row] * n[column] }
          }
        }
      }
    }
    guard dMassCheck(&total) != 0 else {
      throw PhysicsError.invalidArgument("\(context): its mass properties are not physical (check geom sizes)")
    }

    let id = dBodyCreate(handle.world)!
    dBodySetMass(id, &total)
    let body = RigidBody(
      handle: handle, id: id, index: index, name: bodyName, mass: total, centerOfMass: centerOfMass)
    try body.setPose(pose)
    for description in descriptions {
      let geomID = description.shape.makeODEGeom(in: handle)
      dGeomSetBody(geomID, id)
      let offset = description.pose.position - centerOfMass
      dGeomSetOffsetPosition(geomID, offset.x, offset.y, offset.z)
      var q = odeQuaternion((description.pose.orientation * description.shape.collisionShape.rotation).normalized)
      withUnsafePointer(to: &q) { pointer in
        pointer.withMemoryRebound(to: dReal.self, capacity: 4) { dGeomSetOffsetQuaternion(geomID, $0) }
      }
      let geom = Geom(handle: handle, id: geomID, index: geoms.count, description: description, body: body)
      geoms.append(geom)
      body.geoms.append(geom)
    }
    bodies.append(body)
    return body
  }

  /// Adds a geom fixed in the world (a floor, a wall); `description.pose` is its world pose.
  @discardableResult
  public func addStaticGeom(_ description: GeomDescription) throws -> Geom {
    try description.validate(context: "static geom '\(description.name)'")
    let geomID = description.shape.makeODEGeom(in: handle)
    if case .plane = description.shape {
    } else {
      let p = description.pose.position
      dGeomSetPosition(geomID, p.x, p.y, p.z)
      var q = odeQuaternion((description.pose.orientation * description.shape.collisionShape.rotation).normalized)
      withUnsafePointer(to: &q) { pointer in
        pointer.withMemoryRebound(to: dReal.self, capacity: 4) { dGeomSetQuaternion(geomID, $0) }
      }
    }
    let geom = Geom(handle: handle, id: geomID, index: geoms.count, description: description, body: nil)
    geoms.append(geom)
    return geom
  }

  /// The body with this name, if any (a linear search: resolve names once, not per step).
  public func body(named name: String) -> RigidBody? {
    bodies.first { $0.name == name }
  }
}

/// ODE's quaternion layout (w, x, y, z).
func odeQuaternion(_ q: Quaternion) -> dQuaternion {
  (q.w, q.x, q.y, q.z)
}

/// ODE's 3x4 row-major rotation matrix for a quaternion.
func odeRotationMatrix(_ q: Quaternion) -> dMatrix3 {
  let r = q.normalized.matrix.rows
  return (r.0.x, r.0.y, r.0.z, 0, r.1.x, r.1.y, r.1.z, 0, r.2.x, r.2.y, r.2.z, 0)
}

/// Mass given directly rather than by a geom's shape (MJCF `<inertial>`): a mass at the origin
/// of `pose` (in the body frame) with the inertia tensor (kg·m², about that point, in the
/// frame `pose` turns to) Ixx, Iyy, Izz, Ixy, Ixz, Iyz.
public struct MassElement: Sendable, Equatable {
  /// kg.
  public var mass: Double
  /// The centre of mass and the frame of `inertia`, in the body frame.
  public var pose: Pose
  /// Ixx, Iyy, Izz, Ixy, Ixz, Iyz.
  public var inertia: [Double]

  /// A mass element.
  public init(mass: Double, pose: Pose, inertia: [Double]) {
    self.mass = mass
    self.pose = pose
    self.inertia = inertia
  }
}
