import CODE

/// One contact point found in the last step.
public struct ContactPoint: Sendable, Equatable {
  /// World position of the contact, metres: with soft contacts, a plane's contact lies midway
  /// between the two surfaces, as MuJoCo's does; otherwise where ODE's collider puts it.
  public var position: Vector3
  /// Unit contact normal, pointing into the first geom.
  public var normal: Vector3
  /// Penetration depth, metres.
  public var depth: Double
  /// Index (in `World.geoms`) of the first geom; it always belongs to a body.
  public var geom1: Int
  /// Index of the second geom (which may be static).
  public var geom2: Int
  /// True when, in a planar world (`ContactSettings.planeNormal`), this contact repeats one kept
  /// in its place (the same point and normal in the plane, the same bodies and surface): it is
  /// listed, so its geoms count as touching, but it adds no constraint and has no force.
  public internal(set) var isRepeat = false
  /// Slot of this contact's first force record, or -1 when none was kept.
  var feedbackSlot: Int32
  /// How many consecutive force records, from `feedbackSlot`, the contact's joints filled (a
  /// soft pyramidal contact is one joint per edge of its cone).
  var feedbackCount: Int32 = 1
  /// The surface it was made with.
  var surface: ContactSurface
}

/// The surface parameters of a contact joint, as ODE's `dSurfaceParameters` holds them; in a
/// planar world, contacts merge only when theirs are equal.
struct ContactSurface: Equatable, Sendable {
  var mode: Int32
  var friction: Double
  var softERP: Double
  var softCFM: Double
  var bounce: Double
  var rollingFriction: Double = 0
  var torsionalFriction: Double = 0
  /// MJCF's `condim` of the contact (the winner's, or the larger).
  var condim = 3
  /// MuJoCo's softness, in a world with soft contacts (`ContactSettings.soft`).
  var softness: ContactSoftness? = nil
}

extension World {
  /// Stops contacts between two bodies (MJCF excludes every parent–child pair this way).
  public func excludeContacts(between a: RigidBody, and b: RigidBody) {
    excludedBodyPairs.insert(pairKey(a.index, b.index))
  }

  /// The force (N, world axes) that the contact applied to the first geom's body in the last step,
  /// when `recordsContactForces` was on; nil otherwise.
  public func force(of contact: ContactPoint) -> Vector3? {
    guard contact.feedbackSlot >= 0 else { return nil }
    var total = Vector3.zero
    for slot in Int(contact.feedbackSlot)..<Int(contact.feedbackSlot + contact.feedbackCount) {
      let f = feedbackBuffer[slot].f1
      total = total + Vector3(f.0, f.1, f.2)
    }
    return total
  }

  func pairKey(_ i: Int, _ j: Int) -> Int {
    i < j ? i << 32 | j : j << 32 | i
  }

  /// Makes `first` and `second` collide whatever their category and collide bits and body
  /// exclusions, with the pair's own friction μ and `material` (MJCF's `<contact><pair>`); the
  /// broad phase no longer pairs them itself.
  public func addContactPair(_ first: Geom, _ second: Geom, friction: Double, material: ContactMaterial) throws {
    guard first.handle === handle, second.handle === handle, first.index != second.index else {
      throw PhysicsError.invalidArgument("a contact pair needs two different geoms of this world")
    }
    guard friction.isFinite, friction >= 0 else {
      throw PhysicsError.invalidArgument("a contact pair's friction must be finite and non-negative, got \(friction)")
    }
    if let problem = material.problem { throw PhysicsError.invalidArgument("a contact pair's \(problem)") }
    explicitPairs.append((first.index, second.index, friction, material))
    explicitPairKeys.insert(pairKey(first.index, second.index))
  }

  /// The number of contact points at the current state, found without stepping (dm_control's
  /// `ncon` after a reset); the last step's contact list is replaced by these.
  public func countContacts() -> Int {
    guard settings.contacts.enabled else { return 0 }
    ellipticCone.beginSolve()
    collide()
    dJointGroupEmpty(handle.contactGroup)
    // The joints are gone before any step filled their force records.
    for k in contacts.indices { contacts[k].feedbackSlot = -1 }
    return contacts.count(where: { !$0.isRepeat })
  }

  /// Runs the broad and narrow phases and creates this step's contact joints.
  func collide() {
    contacts.removeAll(keepingCapacity: true)
    pendingContacts.removeAll(keepingCapacity: true)
    collidedPairs.removeAll(keepingCapacity: true)
    collidedContacts.removeAll(keepingCapacity: true)
    contactsWithoutForce = 0
    if handle.triangleMeshes.isEmpty {
      findCollisions()
    } else {
      ODERuntime.triangleMeshCollision.withLock { _ in findCollisions() }
    }
    // The broad phase finds a pair once; an explicit pair listed twice is ordered as listed.
    collidedPairs.sort { ($0.geom1, $0.geom2, $0.contacts.lowerBound) < ($1.geom1, $1.geom2, $1.contacts.lowerBound) }
    for pair in collidedPairs { keepContacts(of: pair) }
    createContactJoints()
  }

  /// ODE's broad and narrow phases over the world's geoms, the ground and the explicit pairs.
  private func findCollisions() {
    dSpaceCollide(handle.space, Unmanaged.passUnretained(self).toOpaque(), worldNearCallback)
    if let ground = handle.groundSpaceIfCreated {
      dSpaceCollide2(handle.space, ground, Unmanaged.passUnretained(self).toOpaque(), groundNearCallback)
    }
    for pair in explicitPairs {
      collidePair(geoms[pair.first].id, geoms[pair.second].id, parameters: (pair.friction, pair.material))
    }
  }

  /// Creates the contact joints found by this step's collisions, in geom-pair order, and gives
  /// each a force record while there is room.
  func createContactJoints() {
    var nextSlot = 0
    for index in pendingContacts.indices {
      let pending = pendingContacts[index]
      let surface = contacts[pending.record].surface
      // A soft contact is up to four joints; each takes the next force record while there is
      // room, and the contact reads them all or none.
      let firstSlot = nextSlot
      var made = 0
      func make(_ contact: dContact) {
        let joint = withUnsafePointer(to: contact) { dJointCreateContact(handle.world, handle.contactGroup, $0) }
        dJointAttach(joint, pending.body1, pending.body2)
        made += 1
        guard recordsContactForces, nextSlot < feedbackCapacity else { return }
        dJointSetFeedback(joint, feedbackBuffer + nextSlot)
        nextSlot += 1
      }
      if let softness = surface.softness {
        softContactJoints(
          pending.contact, body1: pending.body1, body2: pending.body2, softness: softness, condim: surface.condim,
          make: make)
      } else {
        make(pending.contact)
      }
      guard recordsContactForces else { continue }
      if nextSlot - firstSlot == made {
        contacts[pending.record].feedbackSlot = Int32(firstSlot)
        contacts[pending.record].feedbackCount = Int32(made)
      } else {
        contactsWithoutForce += 1
      }
    }
    pendingContacts.removeAll(keepingCapacity: true)
  }

  /// Called by ODE for every pair of geoms whose bounding boxes overlap, and for every explicit
  /// pair with its own `parameters`.
  func collidePair(_ first: dGeomID, _ second: dGeomID, parameters: (friction: Double, material: ContactMaterial)? = nil) {
    var o1 = first
    var o2 = second
    var b1 = dGeomGetBody(o1)
    var b2 = dGeomGetBody(o2)
    if b1 == b2 { return }  // same body, or both static
    // The moving geom first; of two moving geoms, the one made first (whichever order the
    // broad phase reports them in).
    if b1 == nil || (b2 != nil && Geom.index(of: o1) > Geom.index(of: o2)) {
      swap(&o1, &o2)
      swap(&b1, &b2)
    }
    let geom1 = Geom.index(of: o1)
    let geom2 = Geom.index(of: o2)
    if parameters == nil, !explicitPairKeys.isEmpty, explicitPairKeys.contains(pairKey(geom1, geom2)) { return }
    if parameters == nil, !excludedBodyPairs.isEmpty {
      let body1 = geoms[geom1].bodyIndex
      let body2 = geoms[geom2].bodyIndex
      if body2 >= 0, excludedBodyPairs.contains(pairKey(body1, body2)) { return }
    }
    let contactSettings = settings.contacts
    let maxContacts = min(contactSettings.maxContactsPerPair, contactBufferCapacity)
    let stride = Int32(MemoryLayout<dContact>.stride)
    let geomOffset = MemoryLayout<dContact>.offset(of: \dContact.geom)!
    let firstGeom = (UnsafeMutableRawPointer(contactBuffer) + geomOffset)
      .assumingMemoryBound(to: dContactGeom.self)
    let count = ellipsoidOnPlane(geoms[geom1], geoms[geom2], into: firstGeom)
      ?? Int(dCollide(o1, o2, Int32(maxContacts), firstGeom, stride))
    guard count > 0 else { return }

    var mode = Int32(0)
    if contactSettings.pyramidFriction { mode |= Int32(dContactApprox1) }
    if contactSettings.softERP != nil { mode |= Int32(dContactSoftERP) }
    if contactSettings.softCFM != nil { mode |= Int32(dContactSoftCFM) }
    if contactSettings.bounce > 0 { mode |= Int32(dContactBounce) }
    var mu = parameters?.friction ?? max(geoms[geom1].friction, geoms[geom2].friction)
    var softERP = contactSettings.softERP ?? 0
    // An explicit pair's material stands for both geoms.
    let (m1, m2) = parameters.map { ($0.material, $0.material) } ?? (geoms[geom1].material, geoms[geom2].material)
    var rolling: (torsion: Double, roll: Double)?
    if m1 != m2 || m1 != ContactMaterial() {
      // A higher priority decides alone; equal priorities combine (MuJoCo's rules).
      let firstWins: Bool? = m1.priority == m2.priority ? nil : m1.priority > m2.priority
      let winner = firstWins.map { $0 ? m1 : m2 }
      if let firstWins, parameters == nil { mu = geoms[firstWins ? geom1 : geom2].friction }
      let condim = winner?.condim ?? max(m1.condim, m2.condim)
      if condim >= 4 {
        let torsion = winner?.torsionalFriction ?? max(m1.torsionalFriction, m2.torsionalFriction)
        let roll = condim >= 6 ? (winner?.rollingFriction ?? max(m1.rollingFriction, m2.rollingFriction)) : 0
        rolling = (torsion, roll)
        // ODE reads rho, rho2 and rhoN separately only in axis-dependent mode (which also
        // makes it read mu2, set equal to mu below).
        mode |= Int32(dContactRolling) | Int32(dContactAxisDep)
      }
      if m1.timeConstant != nil || m2.timeConstant != nil {
        let standard = ContactMaterial.mjcfDefaultTimeConstant
        let tau = winner.map { $0.timeConstant ?? standard }
          ?? ((m1.timeConstant ?? standard) + (m2.timeConstant ?? standard)) / 2
        let h = settings.timestep
        softERP = h / (h + 2 * tau)
        mode |= Int32(dContactSoftERP)
      }
    }

    var surface = ContactSurface(
      mode: mode, friction: mu, softERP: softERP, softCFM: contactSettings.softCFM ?? 0, bounce: contactSettings.bounce)
    if contactSettings.soft != nil {
      let (timeConstant, dampingRatio, impedance) = ContactMaterial.combinedSoftness(m1, m2)
      surface.condim = m1.priority == m2.priority ? max(m1.condim, m2.condim) : (m1.priority > m2.priority ? m1 : m2).condim
      surface.softness = ContactSoftness(
        timeConstant: timeConstant, dampingRatio: dampingRatio, impedance: impedance,
        inverseWeight: geoms[geom1].contactInverseWeight + geoms[geom2].contactInverseWeight)
    }
    if let rolling {
      surface.rollingFriction = rolling.roll
      surface.torsionalFriction = rolling.torsion
    }
    // MuJoCo lays a capsule's contacts on a plane with their first tangent along its axis;
    // `softContactJoints` reads it from fdir1 (ODE reads fdir1 only in dContactFDir1 mode).
    let capsuleAxis = surface.softness == nil ? nil : Self.capsuleOnPlaneAxis(geoms[geom1], geoms[geom2])
    let first = collidedContacts.count
    for k in 0..<count {
      let contact = contactBuffer + k
      let axis = capsuleAxis ?? .zero
      contact.pointee.fdir1 = (axis.x, axis.y, axis.z, 0)
      contact.pointee.surface.mode = mode
      contact.pointee.surface.mu = mu
      contact.pointee.surface.soft_erp = softERP
      if rolling != nil {
        contact.pointee.surface.mu2 = mu
        contact.pointee.surface.rho = surface.rollingFriction
        contact.pointee.surface.rho2 = surface.rollingFriction
        contact.pointee.surface.rhoN = surface.torsionalFriction
      }
      contact.pointee.surface.soft_cfm = surface.softCFM
      contact.pointee.surface.bounce = surface.bounce
      contact.pointee.surface.bounce_vel = 0
      if surface.softness != nil, case .plane = geoms[geom2].shape {
        // ODE puts a plane contact at the deepest point of the other geom, MuJoCo midway
        // between the two surfaces; the rows' lever arms follow the point.
        let g = contact.pointee.geom, half = g.depth / 2
        contact.pointee.geom.pos = (g.pos.0 + g.normal.0 * half, g.pos.1 + g.normal.1 * half, g.pos.2 + g.normal.2 * half, 0)
      }
      collidedContacts.append(contact.pointee)
    }
    collidedPairs.append(
      CollidedPair(geom1: geom1, geom2: geom2, body1: b1, body2: b2, surface: surface, contacts: first..<(first + count)))
  }

  /// The contact of an ellipsoid (`moving`) with a plane (`other`), written into `contact` as
  /// ODE's colliders write theirs, and its count (0 or 1); nil for any other pair. ODE has no
  /// ellipsoid and collides one as a capsule (`Shape.collisionShape`), which on a plane reaches
  /// further than the ellipsoid (the quadruped's torso: 3.5 cm). MuJoCo's contact: the
  /// ellipsoid's support point against the plane's normal, R D² Rᵀ(−n) / |D Rᵀ n| from the centre
  /// (D its semi-axes), one contact while it lies on or below the plane.
  func ellipsoidOnPlane(_ moving: Geom, _ other: Geom, into contact: UnsafeMutablePointer<dContactGeom>) -> Int? {
    guard case .ellipsoid(let radii) = moving.shape, case .plane(let planeNormal, let planeOffset) = other.shape else {
      return nil
    }
    let normal = planeNormal / planeNormal.length, offset = planeOffset / planeNormal.length
    let orientation = moving.worldOrientation * moving.shape.collisionShape.rotation.conjugate
    let down = orientation.conjugate.rotate(normal * -1)
    let stretched = Vector3(radii.x * down.x, radii.y * down.y, radii.z * down.z)
    let reach = Vector3(radii.x * stretched.x, radii.y * stretched.y, radii.z * stretched.z) / stretched.length
    let deepest = moving.worldPosition + orientation.rotate(reach)
    let depth = offset - normal.dot(deepest)
    guard depth >= 0 else { return 0 }
    contact.pointee.pos = (deepest.x, deepest.y, deepest.z, 0)
    contact.pointee.normal = (normal.x, normal.y, normal.z, 0)
    contact.pointee.depth = depth
    contact.pointee.g1 = moving.id
    contact.pointee.g2 = other.id
    contact.pointee.side1 = -1
    contact.pointee.side2 = -1
    return 1
  }

  /// The world axis of the capsule when one of `a` and `b` is a capsule and the other a plane.
  static func capsuleOnPlaneAxis(_ a: Geom, _ b: Geom) -> Vector3? {
    switch (a.shape, b.shape) {
    case (.capsule, .plane): return a.worldOrientation.rotate(Vector3(0, 0, 1))
    case (.plane, .capsule): return b.worldOrientation.rotate(Vector3(0, 0, 1))
    default: return nil
    }
  }

  /// Lists the contacts of one colliding pair and queues their joints; in a planar world a
  /// contact that repeats a kept one is listed as a repeat, and the deeper of the two makes the
  /// constraint.
  func keepContacts(of pair: CollidedPair) {
    for contact in collidedContacts[pair.contacts] {
      let g = contact.geom
      let point = ContactPoint(
        position: Vector3(g.pos.0, g.pos.1, g.pos.2), normal: Vector3(g.normal.0, g.normal.1, g.normal.2),
        depth: g.depth, geom1: pair.geom1, geom2: pair.geom2, feedbackSlot: -1, surface: pair.surface)
      if let plane = settings.contacts.planeNormal, let kept = keptContact(repeatedBy: point, plane: plane) {
        var repeated = point
        if point.depth > contacts[kept].depth, let pending = pendingContacts.firstIndex(where: { $0.record == kept }) {
          repeated = contacts[kept]
          contacts[kept] = point
          pendingContacts[pending] = (contact, pair.body1, pair.body2, kept)
        }
        repeated.isRepeat = true
        contacts.append(repeated)
        continue
      }
      pendingContacts.append((contact, pair.body1, pair.body2, contacts.count))
      contacts.append(point)
    }
  }
}

/// One pair of geoms that touch in this step: their indices (the moving one first), bodies,
/// surface, and where their contacts lie in `World.collidedContacts`.
struct CollidedPair {
  var geom1: Int
  var geom2: Int
  var body1: dBodyID?
  var body2: dBodyID?
  var surface: ContactSurface
  var contacts: Range<Int>
}

extension World {
  /// Contacts closer than this in the plane (m, and in their normals) are one: far below any
  /// contact's meaning, far above the rounding of a planar body's out-of-plane drift.
  static let coincidence = 1e-7

  /// The index in `contacts` of the kept contact that `point` repeats, as seen in the plane with
  /// normal `plane`: the same bodies and surface, the same point once the offset along `plane` is
  /// dropped, and the same normal; nil when it repeats none (or its geometry is not finite).
  func keptContact(repeatedBy point: ContactPoint, plane: Vector3) -> Int? {
    guard point.position.isFinite, point.normal.isFinite else { return nil }
    let n = plane / plane.length
    let body1 = geoms[point.geom1].bodyIndex, body2 = geoms[point.geom2].bodyIndex
    for index in contacts.indices.reversed() {
      let other = contacts[index]
      guard !other.isRepeat, other.surface == point.surface, geoms[other.geom1].bodyIndex == body1,
        geoms[other.geom2].bodyIndex == body2
      else { continue }
      var offset = other.position - point.position
      offset = offset - offset.dot(n) * n
      if offset.length <= Self.coincidence, (other.normal - point.normal).length <= Self.coincidence { return index }
    }
    return nil
  }
}

/// ODE's near callback: a C function pointer without captures; the world arrives as `data`.
private func worldNearCallback(_ data: UnsafeMutableRawPointer?, _ o1: dGeomID?, _ o2: dGeomID?) {
  guard let data, let o1, let o2 else { return }
  Unmanaged<World>.fromOpaque(data).takeUnretainedValue().collidePair(o1, o2)
}

/// The near callback between the main space and the ground space. ODE's `dSpaceCollide2` skips
/// switched-off geoms only on one side, so both are checked here.
private func groundNearCallback(_ data: UnsafeMutableRawPointer?, _ o1: dGeomID?, _ o2: dGeomID?) {
  guard let data, let o1, let o2, dGeomIsEnabled(o1) != 0, dGeomIsEnabled(o2) != 0 else { return }
  Unmanaged<World>.fromOpaque(data).takeUnretainedValue().collidePair(o1, o2)
}

extension World {
  /// Adds, for the next step only, a one-sided limit on the distance between `point1` on `first`
  /// and `point2` on `second` (nil: the world), world coordinates, which is `violation` metres
  /// beyond it: an ODE contact joint without friction along the line between the points that can
  /// only pull them together (an upper limit: a rope) or, with `pushesApart`, only push them apart
  /// (a lower limit), removing the fraction `erp` of the violation per step. With `soft`, the
  /// row also has that CFM and target velocity (a MuJoCo soft limit: see `SoftLimit`), else the
  /// world's CFM and none.
  public func addDistanceLimit(
    first: RigidBody, at point1: Vector3, second: RigidBody?, at point2: Vector3, violation: Double, erp: Double,
    pushesApart: Bool = false, soft: (cfm: Double, motion: Double)? = nil
  ) {
    let span = point2 - point1
    guard span.length > 1e-12 else { return }
    let normal = (pushesApart ? -1 : 1) * span / span.length
    var contact = dContact()
    contact.surface.mode = Int32(dContactSoftERP) | Int32(dContactSoftCFM)
    contact.surface.mu = 0
    contact.surface.soft_erp = erp
    contact.surface.soft_cfm = settings.cfm
    if let soft {
      contact.surface.mode |= Int32(dContactMotionN)
      contact.surface.soft_cfm = max(soft.cfm, settings.cfm)
      contact.surface.motionN = soft.motion
    }
    // Both points lie on the line of action, so the force acts the same applied at either.
    contact.geom.pos = (point1.x, point1.y, point1.z, 0)
    contact.geom.normal = (normal.x, normal.y, normal.z, 0)
    contact.geom.depth = violation
    let joint = dJointCreateContact(handle.world, handle.contactGroup, &contact)
    dJointAttach(joint, first.id, second?.id)
  }
}
