import CODE

/// MuJoCo's elliptic friction cone for sliding contacts (condim 3), by the zone each contact
/// ends up in.
///
/// MuJoCo's solver gives an elliptic contact, from its constraint residual jar = J a − aref,
/// one of three forms: nothing (top zone, jar_n ≥ μ‖jar_t‖); while it sticks (bottom zone,
/// (μ²/impratio) jar_n + μ‖jar_t‖ ≤ 0, the force inside the cone) a normal row with
/// R = (1 − d)/d · w and two friction rows with R/impratio; and while it slides (the middle
/// zone) a single pyramid edge n − μ ŝ along the direction ŝ of jar_t, whose regularisation is
/// (1 + μ²/impratio) R. ODE solves linear rows, so each contact takes one of the two forms as
/// guessed; after ODE's step the residual each contact reached tells its zone, and where a guess
/// was wrong `World.step` solves the step again from the same state, forces included, with the
/// zones found (an edge whose friction reversed the slip means the contact holds), up to
/// `attempts` solves. The first guess is sticking unless the contact already slides faster than
/// `slidingSpeed`.
final class EllipticCone {
  /// The form an elliptic contact takes in one solve.
  enum Zone {
    case stick
    /// Sliding along the unit tangent direction (of the residual jar_t).
    case slide(Vector3)
  }

  /// What the check after the step needs of one elliptic contact.
  struct Record {
    var body1: dBodyID?
    var body2: dBodyID?
    /// The contact point relative to each body's centre of mass at the step's start.
    var arm1: Vector3
    var arm2: Vector3
    var normal: Vector3
    /// A planar model's plane normal: the residual's component along it is not a slip.
    var plane: Vector3?
    /// The relative velocity at the point before the step.
    var velocity: Vector3
    var friction: Double
    var impedanceRatio: Double
    /// h·B of the reference acceleration, and the normal row's push over the step divided by h
    /// (K·d·depth, as ODE makes it: the depth beyond the surface layer, at most the largest
    /// correcting velocity).
    var damping: Double
    var push: Double
    var zone: Zone
  }

  /// Solves per step at most.
  static let attempts = 12
  /// Slip speed above which a contact is first guessed to slide, m/s (only the number of solves
  /// depends on it).
  static let slidingSpeed = 1e-4

  /// This solve's contacts, in the order they were made.
  var records: [Record] = []
  /// The zones to use in the next solve, when it retries the same step.
  private var guesses: [Zone] = []
  /// How many solves this step has taken.
  private(set) var attempt = 0
  /// Every body's pose, velocities and accumulated force and torque before the first solve
  /// (`World.keepForRetry`): `WorldState`'s 22 values a body, then force and torque.
  var saved: [Double] = []

  /// Called before each collision: forgets the last solve's contacts, and its guesses unless
  /// `retrying` the same step.
  func beginSolve(retrying: Bool = false) {
    records.removeAll(keepingCapacity: true)
    if retrying {
      attempt += 1
    } else {
      attempt = 1
      guesses.removeAll(keepingCapacity: true)
    }
  }

  /// The zone for the next contact made, with its slip velocity `slip` before the step.
  func zone(slip: Vector3) -> Zone {
    let k = records.count
    if k < guesses.count { return guesses[k] }
    let speed = slip.length
    return speed > Self.slidingSpeed ? .slide(slip / speed) : .stick
  }

  /// After ODE's step of `h`, from the bodies' new velocities: each contact's zone, and whether
  /// another solve is needed (some guess was wrong, and attempts remain).
  func needsAnotherSolve(h: Double) -> Bool {
    guard !records.isEmpty else { return false }
    var wrong = false
    var found = [Zone]()
    found.reserveCapacity(records.count)
    for record in records {
      let after = Self.pointVelocity(record.body1, arm: record.arm1) - Self.pointVelocity(record.body2, arm: record.arm2)
      let n = record.normal
      let jarN = (n.dot(after) - (1 - record.damping) * n.dot(record.velocity)) / h - record.push
      let residual = (after - (1 - record.damping) * record.velocity) * (1 / h)
      var jarT = residual - residual.dot(n) * n
      if let plane = record.plane { jarT = jarT - jarT.dot(plane) * plane }
      let mu = record.friction, slide = mu * jarT.length
      let scale = abs(jarN) + slide + 1e-12
      let zone: Zone
      if jarN >= slide - 1e-9 * scale {
        // The top zone: no force. A sliding edge reaches it with a zero force; a sticking guess
        // only when its friction rows pushed nothing either.
        if case .stick = record.zone, slide > 1e-9 * scale {
          zone = .slide(jarT / jarT.length)
        } else {
          zone = record.zone
        }
      } else if mu * mu / record.impedanceRatio * jarN + slide <= 1e-9 * scale {
        zone = .stick
      } else {
        zone = .slide(jarT / jarT.length)
      }
      switch (zone, record.zone) {
      case (.stick, .stick):
        found.append(zone)
      case (.slide(let s), .slide(let guess)):
        let turn = s.dot(guess)
        if turn >= 1 - 1e-9 {
          found.append(zone)
        } else {
          // Slip reversed by the edge's friction: the contact holds (the bottom zone).
          found.append(turn <= 0 ? .stick : zone)
          wrong = true
        }
      default:
        found.append(zone)
        wrong = true
      }
    }
    guard wrong else { return false }
    // Past the last attempt the last solve stands.
    guard attempt < Self.attempts else { return false }
    guesses = found
    return true
  }

  static func pointVelocity(_ body: dBodyID?, arm: Vector3) -> Vector3 {
    guard let body else { return .zero }
    let v = dBodyGetLinearVel(body)!, w = dBodyGetAngularVel(body)!
    return Vector3(v[0], v[1], v[2]) + Vector3(w[0], w[1], w[2]).cross(arm)
  }
}

extension World {
  /// Keeps every body's state and the forces accumulated on it for this step, so that the step
  /// can be solved again from the same start (ODE clears the accumulators as it steps).
  func keepForRetry() {
    ellipticCone.saved.removeAll(keepingCapacity: true)
    for body in bodies {
      let id = body.id
      // `WorldState`'s 22 values, then the accumulated force and torque.
      let position = dBodyGetPosition(id)!, quaternion = dBodyGetQuaternion(id)!, rotation = dBodyGetRotation(id)!
      let linear = dBodyGetLinearVel(id)!, angular = dBodyGetAngularVel(id)!
      let force = dBodyGetForce(id)!, torque = dBodyGetTorque(id)!
      for k in 0..<3 { ellipticCone.saved.append(position[k]) }
      for k in 0..<4 { ellipticCone.saved.append(quaternion[k]) }
      for k in 0..<9 { ellipticCone.saved.append(rotation[k / 3 * 4 + k % 3]) }
      for k in 0..<3 { ellipticCone.saved.append(linear[k]) }
      for k in 0..<3 { ellipticCone.saved.append(angular[k]) }
      for k in 0..<3 { ellipticCone.saved.append(force[k]) }
      for k in 0..<3 { ellipticCone.saved.append(torque[k]) }
    }
  }

  /// Puts every body back as `keepForRetry` found it, bit for bit, its forces included.
  func restoreForRetry() {
    let values = ellipticCone.saved, size = WorldState.valuesPerBody + 6
    for (i, body) in bodies.enumerated() {
      let v = size * i, f = v + WorldState.valuesPerBody
      restoreBody(body.id, values[v..<f])
      dBodySetForce(body.id, values[f], values[f + 1], values[f + 2])
      dBodySetTorque(body.id, values[f + 3], values[f + 4], values[f + 5])
    }
  }

  /// The ODE contact joints for an elliptic sliding contact in the zone `ellipticCone` gives it:
  /// sticking, one ODE contact in MuJoCo's frame, a normal row (R = (1 − d)/d · w) and unbounded
  /// friction rows (R/impratio); sliding along ŝ, one frictionless row along
  /// n − μ ŝ with regularisation (1 + μ²/impratio) R. A planar model's contact keeps only the
  /// friction row in its plane.
  func ellipticContactJoints(
    _ contact: dContact, body1: dBodyID?, body2: dBodyID?, softness: ContactSoftness, model: SoftContactModel,
    relative: Vector3, make: (dContact) -> Void
  ) {
    let h = settings.timestep
    let g = contact.geom
    let normal = Vector3(g.normal.0, g.normal.1, g.normal.2)
    let mu = contact.surface.mu
    let point = Vector3(g.pos.0, g.pos.1, g.pos.2)
    // A planar model slides only along t1; t2 is then its plane's normal.
    let (t1, t2, planar) = frictionTangents(contact, normal: normal, model: model)
    var slip = relative - relative.dot(normal) * normal
    if planar { slip = slip - slip.dot(t2) * t2 }
    let zone = ellipticCone.zone(slip: slip)
    let (d, k, b) = softness.reference(depth: g.depth, model: model)
    let normalR = softness.firstEdgeRegularisation(d: d, friction: mu, model: model)
    // ODE's contact row pushes out by ERP·depth/h over the step (ERP h²Kd), from the depth beyond
    // the surface layer, at most at the largest correcting velocity.
    let contactSettings = settings.contacts
    let push = min(h * k * d * max(g.depth - contactSettings.surfaceLayer, 0), contactSettings.maxCorrectingVelocity)
    func centre(_ body: dBodyID?) -> Vector3 {
      guard let body else { return .zero }
      let p = dBodyGetPosition(body)!
      return Vector3(p[0], p[1], p[2])
    }
    ellipticCone.records.append(
      EllipticCone.Record(
        body1: body1, body2: body2, arm1: point - centre(body1), arm2: point - centre(body2), normal: normal,
        plane: planar ? t2 : nil, velocity: relative, friction: mu, impedanceRatio: model.impedanceRatio,
        damping: h * b, push: push / h, zone: zone))
    var result = contact
    result.surface.mode &= ~Int32(dContactApprox1)
    result.surface.mode |= Int32(dContactSoftERP) | Int32(dContactSoftCFM) | Int32(dContactMotionN)
    result.surface.soft_erp = h * h * k * d
    result.surface.bounce = 0
    switch zone {
    case .stick:
      let frictionR = max(1e-15, normalR / model.impedanceRatio)
      result.surface.soft_cfm = max(h * normalR, settings.cfm)
      result.surface.motionN = (1 - h * b) * relative.dot(normal)
      result.fdir1 = (t1.x, t1.y, t1.z, 0)
      result.surface.mode |= Int32(dContactFDir1) | Int32(dContactMotion1) | Int32(dContactSlip1)
      result.surface.mode |= Int32(dContactMotion2) | Int32(dContactSlip2) | Int32(dContactMu2)
      result.surface.mu = .infinity
      result.surface.mu2 = planar ? 0 : .infinity
      result.surface.motion1 = (1 - h * b) * relative.dot(t1)
      result.surface.motion2 = (1 - h * b) * relative.dot(t2)
      result.surface.slip1 = max(h * frictionR, settings.cfm)
      result.surface.slip2 = max(h * frictionR, settings.cfm)
    case .slide(let s):
      let edge = normal - mu * s
      result.geom.normal = (edge.x, edge.y, edge.z, 0)
      result.surface.mu = 0
      let edgeR = (1 + mu * mu / model.impedanceRatio) * normalR
      result.surface.soft_cfm = max(h * edgeR, settings.cfm)
      result.surface.motionN = (1 - h * b) * relative.dot(edge)
    }
    make(result)
  }
}
