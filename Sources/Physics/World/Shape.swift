import CODE
import Foundation

/// A collision and mass shape, sized the way MJCF sizes it (radii, half-lengths, half-extents).
///
/// Capsules and cylinders lie along their local z axis. A plane is the set of points p with
/// `normal · p = offset` in world coordinates; it is infinite, static, and has no mass. ODE has no
/// ellipsoid: one has the ellipsoid's exact volume and inertia and its own exact contact with a
/// plane (`World.ellipsoidOnPlane`), but collides with other shapes as the capsule along its
/// longest axis (`collisionShape`).
public enum Shape: Equatable, Sendable {
  case sphere(radius: Double)
  case box(halfExtents: Vector3)
  case capsule(radius: Double, halfLength: Double)
  case cylinder(radius: Double, halfLength: Double)
  case plane(normal: Vector3, offset: Double)
  /// Semi-axes along the local x, y, z.
  case ellipsoid(radii: Vector3)
  /// A static elevation grid; see `HeightField`.
  case heightField(HeightField)
  /// A closed triangle mesh; see `TriangleMesh`.
  case mesh(TriangleMesh)

  /// The shape's volume in m³ (zero for a plane).
  public var volume: Double {
    switch self {
    case .sphere(let r):
      return 4 / 3 * Double.pi * r * r * r
    case .box(let h):
      return 8 * h.x * h.y * h.z
    case .capsule(let r, let h):
      return Double.pi * r * r * (2 * h) + 4 / 3 * Double.pi * r * r * r
    case .cylinder(let r, let h):
      return Double.pi * r * r * (2 * h)
    case .plane:
      return 0
    case .ellipsoid(let r):
      return 4 / 3 * Double.pi * r.x * r.y * r.z
    case .heightField:
      return 0
    case .mesh(let mesh):
      return mesh.volume
    }
  }

  /// What ODE collides, and its rotation in the shape's frame: the shape itself, except for an
  /// ellipsoid, which collides as the capsule along its longest semi-axis L whose radius r is the
  /// mean of the other two, reaching L along that axis (a sphere of radius r when L ≤ r).
  public var collisionShape: (shape: Shape, rotation: Quaternion) {
    if case .heightField = self { return (self, HeightField.odeFrame) }
    guard case .ellipsoid(let radii) = self else { return (self, .identity) }
    let long = radii.x >= radii.y && radii.x >= radii.z ? 0 : (radii.y >= radii.z ? 1 : 2)
    let others = [radii.x, radii.y, radii.z].enumerated().filter { $0.offset != long }.map(\.element)
    let r = (others[0] + others[1]) / 2, length = [radii.x, radii.y, radii.z][long]
    let shape: Shape = length > r ? .capsule(radius: r, halfLength: length - r) : .sphere(radius: r)
    switch long {
    case 0: return (shape, Quaternion(axis: Vector3(0, 1, 0), angle: Double.pi / 2))
    case 1: return (shape, Quaternion(axis: Vector3(1, 0, 0), angle: -Double.pi / 2))
    default: return (shape, .identity)
    }
  }

  /// A short name for messages: "sphere", "box", ...
  public var kindName: String {
    switch self {
    case .sphere: return "sphere"
    case .box: return "box"
    case .capsule: return "capsule"
    case .cylinder: return "cylinder"
    case .plane: return "plane"
    case .ellipsoid: return "ellipsoid"
    case .heightField: return "height field"
    case .mesh: return "mesh"
    }
  }

  /// Throws unless every size is finite and positive (and a plane's normal is non-zero).
  func validate(context: String) throws {
    func positive(_ value: Double, _ what: String) throws {
      guard value.isFinite, value > 0 else {
        throw PhysicsError.invalidArgument("\(context): \(kindName) \(what) must be positive and finite, got \(value)")
      }
    }
    switch self {
    case .sphere(let r):
      try positive(r, "radius")
    case .box(let h):
      try positive(h.x, "half-extent x")
      try positive(h.y, "half-extent y")
      try positive(h.z, "half-extent z")
    case .capsule(let r, let h), .cylinder(let r, let h):
      try positive(r, "radius")
      try positive(h, "half-length")
    case .heightField(let field):
      try field.validate(context: context)
    case .mesh(let mesh):
      try mesh.validate(context: context)
    case .ellipsoid(let r):
      try positive(r.x, "semi-axis x")
      try positive(r.y, "semi-axis y")
      try positive(r.z, "semi-axis z")
    case .plane(let normal, let offset):
      guard normal.isFinite, offset.isFinite, normal.length > 0 else {
        throw PhysicsError.invalidArgument("\(context): plane needs a finite non-zero normal and a finite offset")
      }
    }
  }

  /// ODE mass properties of this shape centred at its own origin, for a total mass `mass`.
  func odeMass(total mass: Double) -> dMass {
    var m = dMass()
    switch self {
    case .sphere(let r):
      dMassSetSphereTotal(&m, mass, r)
    case .box(let h):
      dMassSetBoxTotal(&m, mass, 2 * h.x, 2 * h.y, 2 * h.z)
    case .capsule(let r, let h):
      dMassSetCapsuleTotal(&m, mass, 3, r, 2 * h)
    case .cylinder(let r, let h):
      dMassSetCylinderTotal(&m, mass, 3, r, 2 * h)
    case .plane, .heightField:
      dMassSetZero(&m)
    case .mesh(let mesh):
      return mesh.odeMass(total: mass)
    case .ellipsoid(let r):
      // A solid ellipsoid: I_xx = m (b² + c²) / 5, and so on.
      dMassSetParameters(&m, mass, 0, 0, 0,
        mass * (r.y * r.y + r.z * r.z) / 5, mass * (r.x * r.x + r.z * r.z) / 5, mass * (r.x * r.x + r.y * r.y) / 5,
        0, 0, 0)
    }
    return m
  }

  /// Creates the ODE geom for this shape in `space`.
  func makeODEGeom(in handle: ODEWorldHandle) -> dGeomID {
    let space = handle.space
    switch collisionShape.shape {
    case .sphere(let r):
      return dCreateSphere(space, r)
    case .box(let h):
      return dCreateBox(space, 2 * h.x, 2 * h.y, 2 * h.z)
    case .capsule(let r, let h):
      return dCreateCapsule(space, r, 2 * h)
    case .cylinder(let r, let h):
      return dCreateCylinder(space, r, 2 * h)
    case .plane(let normal, let offset):
      let n = normal / normal.length
      return dCreatePlane(space, n.x, n.y, n.z, offset / normal.length)
    case .heightField(let field):
      let (geom, data) = field.makeODEGeom(in: space)
      handle.heightFieldData.append(data)
      return geom
    case .mesh(let mesh):
      return mesh.makeODEGeom(in: handle)
    case .ellipsoid:
      fatalError("collisionShape never is an ellipsoid")
    }
  }
}

/// How a geom contributes mass to its body.
public enum GeomMass: Equatable, Sendable {
  /// Mass = density × volume, in kg/m³ (MJCF's default density is 1000).
  case density(Double)
  /// An explicit mass in kg (0 makes the geom massless: collision only).
  case mass(Double)

  /// MJCF's default: water density.
  public static let mjcfDefault = GeomMass.density(1000)
}

/// Everything needed to make a geom: its shape, where it sits, and how it collides.
public struct GeomDescription: Sendable {
  /// The geom's name; may be empty.
  public var name: String
  /// The collision shape; sizes in metres.
  public var shape: Shape
  /// The geom's pose in its body's frame (or in the world, for a static geom).
  public var pose: Pose
  /// How the geom contributes mass to its body.
  public var mass: GeomMass
  /// Sliding friction coefficient; a contact uses the larger of its two geoms' values.
  public var friction: Double
  /// ODE category bits (MJCF `contype`).
  public var categoryBits: UInt
  /// ODE collide bits (MJCF `conaffinity`). Two geoms may touch when
  /// (category_a & collide_b) != 0 or (category_b & collide_a) != 0.
  public var collideBits: UInt
  /// How contacts with this geom behave beyond sliding friction.
  public var material = ContactMaterial()

  /// A geom description; by default identity pose, MJCF's default density, friction 1.
  public init(
    name: String = "", shape: Shape, pose: Pose = .identity, mass: GeomMass = .mjcfDefault,
    friction: Double = 1, categoryBits: UInt = 1, collideBits: UInt = 1
  ) {
    self.name = name
    self.shape = shape
    self.pose = pose
    self.mass = mass
    self.friction = friction
    self.categoryBits = categoryBits
    self.collideBits = collideBits
  }

  /// The geom's mass in kg.
  public var resolvedMass: Double {
    switch mass {
    case .density(let density): return density * shape.volume
    case .mass(let mass): return mass
    }
  }

  func validate(context: String) throws {
    try shape.validate(context: context)
    try requireFinite(pose.position, what: "\(context): geom position")
    guard pose.orientation.isFinite, pose.orientation.norm > 0 else {
      throw PhysicsError.invalidArgument("\(context): geom orientation must be a finite non-zero quaternion")
    }
    switch mass {
    case .density(let d) where !(d.isFinite && d >= 0):
      throw PhysicsError.invalidArgument("\(context): density must be finite and non-negative, got \(d)")
    case .mass(let m) where !(m.isFinite && m >= 0):
      throw PhysicsError.invalidArgument("\(context): mass must be finite and non-negative, got \(m)")
    default:
      break
    }
    guard friction.isFinite, friction >= 0 else {
      throw PhysicsError.invalidArgument("\(context): friction must be finite and non-negative, got \(friction)")
    }
    if let problem = material.problem { throw PhysicsError.invalidArgument("\(context): \(problem)") }
  }
}

/// A geom's contact behaviour beyond sliding friction, with MJCF's meaning and defaults. For a
/// pair of geoms, a higher `priority` decides alone; with equal priorities friction and
/// dimensionality take the larger value and the softness is averaged with the weights
/// `mixWeight` (MuJoCo's rules).
public struct ContactMaterial: Sendable, Equatable {
  /// MJCF `priority`.
  public var priority = 0
  /// MJCF `condim`: 1 frictionless, 3 sliding, 4 also torsional, 6 also rolling friction.
  public var condim = 3
  /// Torsional friction, metres (the torque about the normal is at most this times the normal force).
  public var torsionalFriction = 0.005
  /// Rolling friction, metres.
  public var rollingFriction = 0.0001
  /// Contact time constant in seconds (MJCF `solref`'s first number); nil is MJCF's default.
  /// Soft contacts take it with the rest of the softness; ODE's rigid contacts map it to the
  /// ERP h / (h + 2 τ), two geoms' constants averaged evenly.
  public var timeConstant: Double? = nil
  /// Damping ratio of the contact's softness (MJCF `solref`'s second number); soft contacts
  /// only (`SoftContactModel`).
  public var dampingRatio = 1.0
  /// The impedance curve (MJCF `solimp`); soft contacts only.
  public var impedance = Impedance.mujocoDefault
  /// MJCF `solmix`: this geom's weight when equal priorities average the softness.
  public var mixWeight = 1.0

  /// MJCF's default contact time constant (`solref` 0.02 s, critically damped), which a
  /// geom without its own stands for when paired with one that has one.
  public static let mjcfDefaultTimeConstant = 0.02

  /// MJCF's defaults.
  public init() {}

  /// What is wrong with the softness, or nil: a time constant and damping ratio must be
  /// positive, the impedance finite with a non-negative width, the mixing weight non-negative.
  var problem: String? {
    if let timeConstant, !(timeConstant.isFinite && timeConstant > 0) {
      return "contact time constant must be positive, got \(timeConstant)"
    }
    guard dampingRatio.isFinite, dampingRatio > 0 else { return "contact damping ratio must be positive, got \(dampingRatio)" }
    guard mixWeight.isFinite, mixWeight >= 0 else { return "contact mixing weight must be non-negative, got \(mixWeight)" }
    return impedance.problem.map { "contact impedance: \($0)" }
  }

  /// The softness of a contact between geoms of materials `first` and `second` (MuJoCo's
  /// `mj_contactParam`): a higher priority's alone; otherwise the average weighted by
  /// `mixWeight` (even when both weights are below 10⁻¹⁵, all on the other when one is).
  static func combinedSoftness(_ first: ContactMaterial, _ second: ContactMaterial)
    -> (timeConstant: Double, dampingRatio: Double, impedance: Impedance)
  {
    let standard = mjcfDefaultTimeConstant
    if first.priority != second.priority {
      let winner = first.priority > second.priority ? first : second
      return (winner.timeConstant ?? standard, winner.dampingRatio, winner.impedance)
    }
    let tiny = 1e-15
    let w: Double
    switch (first.mixWeight < tiny, second.mixWeight < tiny) {
    case (true, true): w = 0.5
    case (true, false): w = 0
    case (false, true): w = 1
    case (false, false): w = first.mixWeight / (first.mixWeight + second.mixWeight)
    }
    func mix(_ a: Double, _ b: Double) -> Double { w * a + (1 - w) * b }
    let i1 = first.impedance, i2 = second.impedance
    return (
      mix(first.timeConstant ?? standard, second.timeConstant ?? standard), mix(first.dampingRatio, second.dampingRatio),
      Impedance(
        d0: mix(i1.d0, i2.d0), dmax: mix(i1.dmax, i2.dmax), width: mix(i1.width, i2.width),
        midpoint: mix(i1.midpoint, i2.midpoint), power: mix(i1.power, i2.power))
    )
  }
}
