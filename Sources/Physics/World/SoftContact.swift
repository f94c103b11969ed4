import CODE

/// Contacts as soft as MuJoCo makes them (`solref`, `solimp`, the friction cone and `impratio`),
/// instead of ODE contacts that take only a time constant. A world with this setting gives every
/// contact joint, before each step, the constraint force mixing and target velocities that make
/// its rows solve MuJoCo's equations (`ContactSoftness`).
public struct SoftContactModel: Sendable, Equatable {
  /// MuJoCo's friction cones (`<option cone>`).
  public enum Cone: Sendable, Equatable {
    /// Four edges per sliding contact (MuJoCo's default).
    case pyramidal
    /// A cone with elliptic cross-section.
    case elliptic
  }

  /// The friction cone: a pyramid's edges, or the elliptic cone's zones (`EllipticCone`).
  public var cone = Cone.pyramidal
  /// MuJoCo's `impratio`: how much harder friction is than the normal direction.
  public var impedanceRatio = 1.0
  /// The shortest time constant used (MuJoCo's `refsafe`: two of the model's steps), s.
  public var shortestTimeConstant = 0.0
  /// The unit normal of the plane every body moves in, when the joints allow nothing else
  /// (`BodyModel.motionPlaneNormal`). A sliding contact whose normal lies in that plane has two
  /// pyramid edges, n ± μ N, that act identically on the bodies' motion: they become one row
  /// along n with half an edge's CFM (the same force, split evenly between them as MuJoCo's
  /// solver splits it). Two exactly equal rows made ODE's exact solver stall on a tie ("LCP
  /// internal error, s <= 0"), drop the rows it had not reached and kick the bodies.
  public var planeNormal: Vector3? = nil

  /// The defaults listed above.
  public init(
    cone: Cone = .pyramidal, impedanceRatio: Double = 1, shortestTimeConstant: Double = 0, planeNormal: Vector3? = nil
  ) {
    self.cone = cone
    self.impedanceRatio = impedanceRatio
    self.shortestTimeConstant = shortestTimeConstant
    self.planeNormal = planeNormal
  }

  func validate() throws {
    guard impedanceRatio.isFinite, impedanceRatio > 0 else {
      throw PhysicsError.invalidArgument("soft contacts: impedanceRatio must be positive, got \(impedanceRatio)")
    }
    guard shortestTimeConstant.isFinite, shortestTimeConstant >= 0 else {
      throw PhysicsError.invalidArgument(
        "soft contacts: shortestTimeConstant must be finite and non-negative, got \(shortestTimeConstant)")
    }
    if let planeNormal, !(planeNormal.isFinite && abs(planeNormal.length - 1) < 1e-9) {
      throw PhysicsError.invalidArgument("soft contacts: planeNormal must be a unit vector, got \(planeNormal)")
    }
  }
}

/// What a contact between two geoms is made of, once their materials are combined (MuJoCo's
/// `mj_contactParam`): the softness (`solref`, `solimp`) and how hard the two bodies are to move
/// (the sum of their bodies' translational inverse weights at qpos0, MuJoCo's
/// `body_invweight0`; zero for the world).
struct ContactSoftness: Equatable, Sendable {
  var timeConstant: Double
  var dampingRatio: Double
  var impedance: Impedance
  var inverseWeight: Double

  /// MuJoCo's impedance d at `depth` and the stiffness K = 1/(dmax² τ² ζ²) and damping
  /// B = 2/(dmax τ) of the reference acceleration, τ at least the model's shortest.
  func reference(depth: Double, model: SoftContactModel) -> (d: Double, k: Double, b: Double) {
    let dmax = Impedance.clamped(impedance.dmax)
    let tau = max(timeConstant, model.shortestTimeConstant)
    return (impedance.value(at: depth), 1 / (dmax * dmax * tau * tau * dampingRatio * dampingRatio), 2 / (dmax * tau))
  }

  /// The rows' parameters for one step of `h` seconds of a frictional contact (condim 3 or
  /// more) `depth` deep whose bodies approach at `normalRate` (negative: approaching; ODE's row
  /// velocity J v) and slide at `slideRates` along ODE's two friction directions, with sliding
  /// friction `friction` and MJCF's `condim`, under `model`.
  ///
  /// MuJoCo's contact rows ask for the acceleration a = aref − R f, with aref = −B (J v) −
  /// K d (−depth), K = 1/(dmax² τ² ζ²), B = 2/(dmax τ), d the impedance at the depth, and
  /// R = (1 − d)/d · A from the diagonal approximation A of J M⁻¹ Jᵀ (the inverse weights).
  /// A pyramidal cone has 2(condim − 1) edge rows, each with A = w (1 + μ²) and R_e = 2 μ²
  /// R₀/impratio (R₀ the first edge's R); while every edge pushes, their sum is a normal row
  /// with R = R_e / (2(condim − 1)) and their differences are friction rows with aref = −B
  /// (J_t v) and R = R₀/impratio. An elliptic cone has a normal row with A = w and friction
  /// rows with aref = −B (J_t v), R = R₀/impratio.
  ///
  /// ODE's row solves J v' = c − CFM·f (f the force over the step), Euler's step of MuJoCo's is
  /// J v' = (1 − hB) J v + h K d depth − h R f: so CFM = h R, and the normal row's
  /// c = ERP·depth/h + motionN takes ERP = h² K d and motionN = (1 − hB) J v; each friction
  /// row's c = motion = (1 − hB) J_t v, its slip (CFM) h R.
  func rows(
    depth: Double, normalRate: Double, slideRates: (Double, Double), friction mu: Double, condim: Int,
    model: SoftContactModel, h: Double
  ) -> ContactRows {
    let (d, k, b) = reference(depth: depth, model: model)
    let first = firstEdgeRegularisation(d: d, friction: mu, model: model)
    let normalR: Double
    if model.cone == .pyramidal {
      let edge = 2 * mu * mu * first / model.impedanceRatio
      normalR = max(1e-15, edge / Double(2 * (condim - 1)))
    } else {
      normalR = first
    }
    let frictionR = max(1e-15, first / model.impedanceRatio)
    let damping = 1 - h * b
    return ContactRows(
      normalERP: h * h * k * d, normalCFM: h * normalR, normalMotion: damping * normalRate, frictionCFM: h * frictionR,
      frictionMotion1: damping * slideRates.0, frictionMotion2: damping * slideRates.1)
  }

  /// MuJoCo's R₀ for a frictional contact: (1 − d)/d · A with A = w (1 + μ²), its pyramid's
  /// first edge, or A = w for an elliptic cone (its normal row's, from which its friction rows
  /// and its sliding edge take theirs); at least 10⁻¹⁵.
  func firstEdgeRegularisation(d: Double, friction mu: Double, model: SoftContactModel) -> Double {
    let diagonal = model.cone == .pyramidal ? inverseWeight * (1 + mu * mu) : inverseWeight
    return max(1e-15, (1 - d) / d * diagonal)
  }
}

extension ContactSoftness {
  /// Below this sliding friction a pyramid's edges are nearly one row four times over; the
  /// contact is then one frictionless row with their combined regularisation.
  static let smallestEdgeFriction = 0.01

  /// One row of MuJoCo's soft contact as a frictionless ODE contact (its force at least 0): the
  /// normal of a frictionless contact, or one of the `edges` edges of a pyramid with sliding
  /// friction `friction` (`pyramid`), whose row velocity J v is `rate`. MuJoCo's
  /// aref = −B (J v) − K d (−depth) and R (frictionless: (1 − d)/d · w; edge: 2 μ² R₀/impratio
  /// with R₀ = (1 − d)/d · w (1 + μ²), or · w for an elliptic cone) become ERP = h² K d,
  /// motionN = (1 − hB) J v and CFM = h R
  /// (see `rows`). A pyramid whose friction is too small for separate edges is one row whose R
  /// is an edge's shared among the `edges` of them.
  func edgeRow(
    depth: Double, rate: Double, friction mu: Double, pyramid: Bool, edges: Int, model: SoftContactModel, h: Double
  ) -> (erp: Double, cfm: Double, motion: Double) {
    let (d, k, b) = reference(depth: depth, model: model)
    var r: Double
    if pyramid {
      let m = max(mu, 1e-5)  // MuJoCo's smallest friction
      r = 2 * m * m * firstEdgeRegularisation(d: d, friction: m, model: model) / model.impedanceRatio
      if mu < Self.smallestEdgeFriction { r /= Double(edges) }
    } else {
      r = (1 - d) / d * inverseWeight
    }
    return (h * h * k * d, h * max(1e-15, r), (1 - h * b) * rate)
  }

  /// MuJoCo's contact frame tangents for a contact normal (`mju_makeFrame`): the `given`
  /// direction (a capsule's axis, for a capsule on a plane) made orthogonal to the normal, or
  /// without one the world's y axis, or z when the normal lies within 60° of y; the second is
  /// normal × first.
  static func tangents(_ normal: Vector3, given: Vector3? = nil) -> (Vector3, Vector3) {
    let n = normal / normal.length
    let seed = given.flatMap { $0.dot($0) >= 0.25 ? $0 : nil }
      ?? (abs(n.y) < 0.5 ? Vector3(0, 1, 0) : Vector3(0, 0, 1))
    var t1 = seed - seed.dot(n) * n
    // A given direction along the normal leaves nothing: MuJoCo's normalisation then takes x.
    t1 = t1.length < 1e-15 ? Vector3(1, 0, 0) : t1 / t1.length
    return (t1, n.cross(t1))
  }
}

/// The parameters of one ODE contact joint's rows that make it solve MuJoCo's soft contact.
struct ContactRows: Equatable {
  var normalERP: Double
  var normalCFM: Double
  var normalMotion: Double
  var frictionCFM: Double
  var frictionMotion1: Double
  var frictionMotion2: Double
}

extension World {
  /// The ODE contact joints that make `contact` behave as MuJoCo's soft contact this step, from
  /// its bodies' velocities at the contact point now.
  ///
  /// Under a pyramidal cone a sliding contact (condim 3) becomes MuJoCo's pyramid rows: one
  /// frictionless ODE contact per edge of the pyramid, whose "normal" is the edge direction
  /// n ± μ t (not unit: ODE puts it in the row as given), so that each row is J_n ± μ J_t with
  /// force ≥ 0, its own reference acceleration −B (J_e v) − K d (−depth) and regularisation
  /// R_e = 2 μ² R₀/impratio (`ContactSoftness.edgeRow`). The tangents t are MuJoCo's contact
  /// frame (`ContactSoftness.tangents`): the first along a capsule's axis where a capsule lies
  /// on a plane (its axis arrives in the contact's `fdir1`), otherwise the world's y axis made
  /// orthogonal to the normal, or z when the normal is nearly y.
  /// Frictionless contacts are one such row with μ = 0. A sliding contact under an elliptic cone
  /// takes the rows of the zone it is in (`ellipticContactJoints`). Torsional or
  /// rolling friction (condim 4 and 6) keeps one ODE contact with a normal and two friction rows
  /// as MuJoCo's cone interior has them (`ContactSoftness.rows`), and ODE's rolling rows. No
  /// row's CFM falls below the world's: the edge rows of one contact are linearly dependent,
  /// and a body that cannot move at the contact (weight 0) would otherwise leave them singular.
  func softContactJoints(
    _ contact: dContact, body1: dBodyID?, body2: dBodyID?, softness: ContactSoftness, condim: Int,
    make: (dContact) -> Void
  ) {
    guard let model = settings.contacts.soft else { return make(contact) }
    let h = settings.timestep
    let g = contact.geom
    let normal = Vector3(g.normal.0, g.normal.1, g.normal.2)
    // ODE's rows read J v = direction · (v₁ − v₂) at the point.
    let relative = pointVelocity(body1, g.pos) - pointVelocity(body2, g.pos)
    let mu = contact.surface.mu
    if model.cone == .elliptic && condim == 3 && mu >= ContactSoftness.smallestEdgeFriction {
      return ellipticContactJoints(
        contact, body1: body1, body2: body2, softness: softness, model: model, relative: relative, make: make)
    }
    if condim <= 3 {
      // `direction` is the edge's; the row is laid along `rowDirection` and stands for `edges`
      // equal edges (its CFM shared between them).
      func makeRow(_ direction: Vector3, along rowDirection: Vector3? = nil, edges: Double = 1) {
        let row = softness.edgeRow(
          depth: g.depth, rate: relative.dot(direction), friction: condim == 1 ? 0 : mu, pyramid: condim != 1,
          edges: 4, model: model, h: h)
        let laid = rowDirection ?? direction
        var edge = contact
        edge.geom.normal = (laid.x, laid.y, laid.z, 0)
        edge.surface.mode = Int32(dContactSoftERP) | Int32(dContactSoftCFM) | Int32(dContactMotionN)
        edge.surface.mu = 0
        edge.surface.soft_erp = row.erp
        edge.surface.soft_cfm = max(row.cfm, settings.cfm) / edges
        edge.surface.motionN = row.motion
        make(edge)
      }
      if condim == 3 && mu >= ContactSoftness.smallestEdgeFriction {
        let (t1, t2, planar) = frictionTangents(contact, normal: normal, model: model)
        if planar {
          // The edges n ± μ N push across the plane, which no body can leave: one row along n.
          makeRow(normal + mu * t1)
          makeRow(normal - mu * t1)
          makeRow(normal + mu * t2, along: normal, edges: 2)
          return
        }
        makeRow(normal + mu * t1)
        makeRow(normal - mu * t1)
        makeRow(normal + mu * t2)
        makeRow(normal - mu * t2)
      } else {
        makeRow(normal)
      }
      return
    }
    var result = contact
    var n = dVector3(normal.x, normal.y, normal.z, 0)
    var t1 = dVector3(0, 0, 0, 0), t2 = dVector3(0, 0, 0, 0)
    withUnsafeMutablePointer(to: &n) { np in
      np.withMemoryRebound(to: dReal.self, capacity: 4) { nr in
        withUnsafeMutablePointer(to: &t1) { p1 in
          p1.withMemoryRebound(to: dReal.self, capacity: 4) { r1 in
            withUnsafeMutablePointer(to: &t2) { p2 in
              p2.withMemoryRebound(to: dReal.self, capacity: 4) { r2 in dPlaneSpace(nr, r1, r2) }
            }
          }
        }
      }
    }
    let slide1 = relative.dot(Vector3(t1.0, t1.1, t1.2)), slide2 = relative.dot(Vector3(t2.0, t2.1, t2.2))
    let rows = softness.rows(
      depth: g.depth, normalRate: relative.dot(normal), slideRates: (slide1, slide2), friction: mu,
      condim: condim, model: model, h: h)
    result.surface.mode |= Int32(dContactSoftERP) | Int32(dContactSoftCFM) | Int32(dContactMotionN)
    result.surface.soft_erp = rows.normalERP
    result.surface.soft_cfm = max(rows.normalCFM, settings.cfm)
    result.surface.motionN = rows.normalMotion
    result.surface.mode |= Int32(dContactMotion1) | Int32(dContactMotion2) | Int32(dContactSlip1) | Int32(dContactSlip2)
    result.surface.motion1 = rows.frictionMotion1
    result.surface.motion2 = rows.frictionMotion2
    result.surface.slip1 = max(rows.frictionCFM, settings.cfm)
    result.surface.slip2 = max(rows.frictionCFM, settings.cfm)
    make(result)
  }

  /// A sliding contact's friction directions: MuJoCo's contact frame (`ContactSoftness.tangents`,
  /// with the capsule axis that `fdir1` may carry), or, when `normal` lies in the plane of a
  /// planar model (`SoftContactModel.planeNormal`), the tangent in that plane and the plane's
  /// normal, with `planar` true.
  func frictionTangents(_ contact: dContact, normal: Vector3, model: SoftContactModel)
    -> (t1: Vector3, t2: Vector3, planar: Bool)
  {
    if let plane = model.planeNormal, abs(normal.dot(plane)) < 1e-9 * normal.length {
      return (normal.cross(plane) * (1 / normal.length), plane, true)
    }
    let given = Vector3(contact.fdir1.0, contact.fdir1.1, contact.fdir1.2)
    let (t1, t2) = ContactSoftness.tangents(normal, given: given == .zero ? nil : given)
    return (t1, t2, false)
  }

  private func pointVelocity(_ body: dBodyID?, _ point: dVector3) -> Vector3 {
    guard let body else { return .zero }
    var v = dVector3(0, 0, 0, 0)
    withUnsafeMutablePointer(to: &v) { p in
      p.withMemoryRebound(to: dReal.self, capacity: 4) { dBodyGetPointVel(body, point.0, point.1, point.2, $0) }
    }
    return Vector3(v.0, v.1, v.2)
  }
}
