/// The immutable description of a body model, as an MJCF file states it (MuJoCo's mjModel).
///
/// Everything is resolved: default classes applied, angles in radians, `fromto` turned into a
/// position, orientation and half-length, includes spliced in. Arrays are in file order, so body,
/// joint and actuator indices are MJCF's own. Index 0 of `bodies` is the world body.
public struct BodyModel: Sendable {
  /// `<mujoco model="…">`.
  public var name: String
  /// The file the model was read from.
  public var file: String
  /// `<option>` and `<compiler>` settings.
  public var options: ModelOptions
  /// Every body in file order; index 0 is the world.
  public var bodies: [ModelBody]
  /// Every geom, numbered in body order.
  public var geoms: [ModelGeom]
  /// Every joint in file order.
  public var joints: [ModelJoint]
  /// Every site, numbered in body order.
  public var sites: [ModelSite]
  /// Every fixed tendon in file order.
  public var tendons: [ModelTendon]
  /// Every motor in file order; one control (action dimension) each.
  public var actuators: [ModelActuator]
  /// Every sensor in file order.
  public var sensors: [ModelSensor]
  /// Every equality constraint in file order.
  public var equalities: [ModelEquality] = []
  /// Named states from `<keyframe>`, usable as initial states (`Simulation.reset(to:)`).
  public var keyframes: [Keyframe] = []
  /// Pairs of bodies that never touch (`<contact><exclude>`), by body index.
  public var excludedBodyPairs: [(Int, Int)] = []
  /// Geom pairs that collide with their own parameters (`<contact><pair>`).
  public var contactPairs: [ModelContactPair] = []
  /// What the mapping onto ODE had to approximate for this model, one sentence each (shown by
  /// `odessa model check`); empty when everything maps exactly.
  public var approximations: [String] = []
  /// `<custom><numeric name data>` entries, for task parameters.
  public var numerics: [String: [Double]]

  /// Number of generalised position coordinates (hinge/slide 1, ball 4, free 7).
  public var positionCount: Int { joints.reduce(0) { $0 + $1.type.positionCount } }
  /// Number of degrees of freedom (hinge/slide 1, ball 3, free 6).
  public var velocityCount: Int { joints.reduce(0) { $0 + $1.type.velocityCount } }

  /// Total mass of every body but the world, kg.
  public var totalMass: Double { bodies.dropFirst().reduce(0) { $0 + $1.mass } }

  /// Index of the body with this name.
  public func bodyIndex(_ name: String) -> Int? { bodies.firstIndex { $0.name == name } }
  /// Index of the joint with this name.
  public func jointIndex(_ name: String) -> Int? { joints.firstIndex { $0.name == name } }
  /// Index of the geom with this name.
  public func geomIndex(_ name: String) -> Int? { geoms.firstIndex { $0.name == name } }
  /// Index of the site with this name.
  public func siteIndex(_ name: String) -> Int? { sites.firstIndex { $0.name == name } }
  /// Index of the actuator with this name.
  public func actuatorIndex(_ name: String) -> Int? { actuators.firstIndex { $0.name == name } }
  /// Index of the sensor with this name.
  public func sensorIndex(_ name: String) -> Int? { sensors.firstIndex { $0.name == name } }

  /// The nearest body at or above `b` that has joints (the body that carries `b` when it is welded
  /// to its parent), or 0 for a body welded to the world.
  public func jointedAncestor(of b: Int) -> Int {
    var current = b
    while current != 0 && bodies[current].joints.isEmpty { current = bodies[current].parent }
    return current
  }

  /// Indices of `body` and all its descendants.
  public func subtree(of body: Int) -> [Int] {
    Array(subtreeRanges()[body])
  }

  /// Each body's subtree as a range of indices: bodies are numbered depth first (as MuJoCo
  /// numbers them), so a body's descendants follow it contiguously. O(bodies).
  public func subtreeRanges() -> [Range<Int>] {
    var size = [Int](repeating: 1, count: bodies.count)
    for b in bodies.indices.reversed() where b != 0 { size[bodies[b].parent] += size[b] }
    return bodies.indices.map { $0..<($0 + size[$0]) }
  }
}

/// How MJCF's `<option integrator>` is honoured.
public enum Integrator: String, Sendable {
  /// MuJoCo's default; ODE's semi-implicit Euler step.
  case euler = "Euler"
  /// MuJoCo's RK4; emulated by ten ODE substeps of a tenth of the timestep each.
  case rk4 = "RK4"
}

/// `<option>` and `<compiler>` settings that matter physically.
public struct ModelOptions: Sendable, Equatable {
  /// Seconds per physics step (`<option timestep>`).
  public var timestep = 0.002
  /// Gravity in m/s², world axes (`<option gravity>`).
  public var gravity = Vector3(0, 0, -9.81)
  /// `<option integrator>`.
  public var integrator = Integrator.euler
  /// `<flag contact="disable">` turns contacts off.
  public var contactsEnabled = true
  /// `<flag gravity="disable">` turns gravity off.
  public var gravityEnabled = true
  /// `<flag limit="disable">` turns joint limits off.
  public var limitsEnabled = true
  /// `<flag passive="disable">` turns joint springs and dampers off.
  public var passiveEnabled = true
  /// `<flag actuation="disable">` turns actuator forces off.
  public var actuationEnabled = true
  /// `<flag clampctrl="disable">` stops clamping controls to their ranges.
  public var clampControls = true
  /// `<flag filterparent="disable">` lets a body collide with its parent.
  public var filterParent = true
  /// `<flag frictionloss="disable">` turns joint dry friction off.
  public var frictionLossEnabled = true
  /// The fluid's density (kg/m³), viscosity (Pa·s) and wind (m/s, world axes), `<option>`'s
  /// `density`, `viscosity`, `wind`: with either of the first two positive, every moving body
  /// feels MuJoCo's inertia-box drag.
  public var density = 0.0
  public var viscosity = 0.0
  public var wind = Vector3.zero
  /// Whether `<equality>` constraints act (the `equality` and `constraint` flags).
  public var equalitiesEnabled = true
  /// `<compiler inertiafromgeom>`: "true" (geoms always), "auto" (geoms unless `<inertial>`)
  /// or "false" (`<inertial>` only).
  public var inertiaFromGeom = "auto"
  /// `<compiler settotalmass>`; nil when not set.
  public var totalMass: Double? = nil
  /// Odessa's building choice, not MJCF's: whether two perpendicular hinges at one point of a
  /// body become one ODE universal joint (4 constraint rows) instead of two hinges with a light
  /// body between them (10 rows and the light body's inertia). Exact either way but for that
  /// inertia; off only to measure the difference.
  public var groupsHinges = true
  /// Odessa's building choice: whether joint limits are as soft as MuJoCo's (`solreflimit` and
  /// `solimplimit`, see `SoftLimit`) rather than ODE stops that take only `solreflimit`'s time
  /// constant. On by default; off only to measure the difference.
  public var softLimits = true
  /// Odessa's building choice: whether contacts are as soft as MuJoCo's (`solref`, `solimp`,
  /// the cone and `impratio`, see `SoftContactModel`) rather than ODE contacts that take only
  /// `solref`'s time constant. On by default; off only to measure the difference.
  public var softContacts = true
  /// `cone`: MuJoCo's friction cone for soft contacts (a pyramid's edges, or the elliptic cone's
  /// zones, `EllipticCone`).
  public var cone = SoftContactModel.Cone.pyramidal
  /// `impratio`: how much harder friction is than the normal direction in soft contacts.
  public var impedanceRatio = 1.0
  /// `<flag eulerdamp>`: whether the Euler step integrates joint damping implicitly (on by
  /// default); off, damping is an explicit force, as MuJoCo then has it.
  public var eulerDampingEnabled = true
  /// Odessa's building choice: whether joint damping meets the constraints as in MuJoCo's
  /// Euler step (`EulerDamping`: contacts and limits solved with the damping explicit, the
  /// damping made implicit afterwards) rather than as an implicit ODE row solved together with
  /// them. On by default; off only to measure the difference.
  public var dampingAfterConstraints = true
  /// Odessa's building choice: whether the Euler step advances positions in joint coordinates
  /// as MuJoCo's does (`CoordinateStep`: q′ = q + h q̇′, every body put back on its joints,
  /// with the velocity-product and explicit gyroscopic forces this needs) rather than leaving
  /// each body where ODE's own integration put it, parted slightly from its joints. On by
  /// default: it follows MuJoCo far longer on nearly every task (docs/fidelity.md) for about a
  /// third more physics time per step. Off reproduces runs trained before it existed.
  public var stepsInJointCoordinates = true
}

/// A body: its place in the tree and its frame relative to its parent at qpos = 0.
public struct ModelBody: Sendable {
  /// The body's name; empty when unnamed, "world" for body 0.
  public var name: String
  /// Index of the parent body (the world's parent is itself, 0).
  public var parent: Int
  /// The body frame relative to the parent frame.
  public var pose: Pose
  /// Indices into the model's `geoms` of this body's own geoms.
  public var geoms: [Int] = []
  /// Indices into the model's `joints` of the joints that move this body.
  public var joints: [Int] = []
  /// Indices into the model's `sites` of this body's sites.
  public var sites: [Int] = []
  /// The body's `<inertial>`, if it has one (in the body frame).
  public var inertial: MassElement? = nil
  /// Mass of this body (its `<inertial>`, or its own geoms), after settotalmass, kg.
  public var mass = 0.0
  /// Centre of mass of this body's own geoms, in its frame.
  public var centerOfMass = Vector3.zero
  /// Where the `<body>` element is.
  public var source: SourceLocation
}

/// A geom with MJCF semantics (sizes are radii and half-lengths).
public struct ModelGeom: Sendable {
  /// The geom's name; empty when unnamed.
  public var name: String
  /// Index of the body it belongs to (0: the world).
  public var body: Int
  /// The collision shape; sizes in metres.
  public var shape: Shape
  /// Pose in the body frame (planes: world pose of the plane, z is its normal).
  public var pose: Pose
  /// Mass in kg, from `mass` or density × volume (scaled by settotalmass).
  public var mass: Double
  /// Sliding, torsional and rolling friction; only the first is simulated (condim 3).
  public var friction: Vector3
  /// MJCF `contype` bit mask (default 1), used as ODE category bits.
  public var contype: UInt
  /// MJCF `conaffinity` bit mask (default 1), used as ODE collide bits.
  public var conaffinity: UInt
  /// Contact dimensionality: 1 (frictionless) or 3 (sliding friction).
  public var condim: Int
  /// Priority, dimensionality, torsional and rolling friction, contact softness (`solref`,
  /// `solimp`, `solmix`).
  public var material = ContactMaterial()
  /// Where the `<geom>` element is.
  public var source: SourceLocation
}

/// The kinds of MJCF joint.
public enum JointType: String, Sendable {
  case hinge, slide, ball, free

  /// Entries in qpos.
  public var positionCount: Int {
    switch self {
    case .hinge, .slide: return 1
    case .ball: return 4
    case .free: return 7
    }
  }

  /// Entries in qvel.
  public var velocityCount: Int {
    switch self {
    case .hinge, .slide: return 1
    case .ball: return 3
    case .free: return 6
    }
  }
}

/// A joint in its body's frame.
public struct ModelJoint: Sendable {
  /// The joint's name; empty when unnamed.
  public var name: String
  /// Index of the body the joint moves.
  public var body: Int
  /// Hinge, slide, ball or free.
  public var type: JointType
  /// Anchor in the body frame, metres.
  public var position: Vector3
  /// Unit axis in the body frame.
  public var axis: Vector3
  /// Range in radians (hinge) or metres (slide); nil when not limited.
  public var range: ClosedRange<Double>?
  /// Dry friction (MJCF `frictionloss`): at most this torque (hinge) or force (slide).
  public var frictionLoss = 0.0
  /// Viscous damping, N·m·s/rad (hinge, ball) or N·s/m (slide).
  public var damping: Double
  /// Spring stiffness, N·m/rad (hinge) or N/m (slide).
  public var stiffness: Double
  /// Rotor inertia added to this joint's diagonal of the mass matrix, kg·m² (or kg).
  public var armature: Double
  /// qpos0 for hinge and slide joints (`ref`), rad or m.
  public var reference: Double
  /// Where the spring is relaxed (`springref`), rad or m.
  public var springReference: Double
  /// Time constant of the limit's softness (`solreflimit`'s first number), seconds.
  public var limitTimeConstant: Double
  /// Where the `<joint>` or `<freejoint>` element is.
  public var source: SourceLocation
  /// Damping ratio of the limit's softness (`solreflimit`'s second number).
  public var limitDampingRatio = 1.0
  /// How much of the limit's reference acceleration is enforced at a given violation
  /// (`solimplimit`).
  public var limitImpedance = Impedance.mujocoDefault
}

/// A site: a named point (and small volume) on a body.
public struct ModelSite: Sendable {
  /// The site's name; empty when unnamed.
  public var name: String
  /// Index of the body the site is on.
  public var body: Int
  /// Pose in the body frame.
  public var pose: Pose
  /// MJCF `size`'s first number (a sphere's, capsule's or cylinder's radius).
  public var radius: Double
  /// The site's volume, in its own frame (touch sensors count contacts inside it).
  public var shape: SiteShape = .sphere(radius: 0.005)
  /// Where the `<site>` element is.
  public var source: SourceLocation
}

/// A fixed tendon: a linear combination of joint coordinates.
public struct ModelTendon: Sendable {
  /// The tendon's name; empty when unnamed.
  public var name: String
  /// A fixed tendon's (joint index, coefficient) pairs: its length is Σ coefficient · q.
  public var joints: [(joint: Int, coefficient: Double)]
  /// A spatial tendon's path, by site index: its length is the sum of the straight segments
  /// between consecutive sites. Empty for a fixed tendon.
  public var sites: [Int] = []
  /// A passive spring on the length L: force −stiffness (L − springLength), or, with a dead band
  /// (two `springlength` numbers), towards the nearer end of the band and zero inside it.
  public var stiffness = 0.0
  /// A passive damper on the length: force −damping · L̇.
  public var damping = 0.0
  /// The spring's rest length, or its dead band (MJCF `springlength`); nil: the length at qpos0.
  public var springLength: ClosedRange<Double>?
  /// The length may not leave this range (`limited`, `range`); nil when not limited.
  public var range: ClosedRange<Double>?
  /// The time constant of the limit's softness (`solreflimit`'s first number), s.
  public var limitTimeConstant = 0.02
  /// The damping ratio of the limit's softness (`solreflimit`'s second number).
  public var limitDampingRatio = 1.0
  /// The impedance of the limit's softness (`solimplimit`).
  public var limitImpedance = Impedance.mujocoDefault
  /// Where the tendon element is.
  public var source: SourceLocation

  /// A fixed tendon without spring, damper or limit.
  public init(name: String, joints: [(joint: Int, coefficient: Double)], source: SourceLocation) {
    self.name = name
    self.joints = joints
    self.source = source
  }

  /// A fixed tendon's coefficients in joint order (empty for a spatial one).
  public var coefficients: [Double] { joints.map(\.coefficient) }

  /// Whether the tendon runs through sites (MJCF `<spatial>`) rather than over joints.
  public var isSpatial: Bool { !sites.isEmpty }
}

/// What a motor drives.
public enum ActuatorTarget: Sendable, Equatable {
  case joint(Int)
  case tendon(Int)
}

/// A `<motor>`: force or torque = gear × control, the control clamped to `controlRange`.
public struct ModelActuator: Sendable {
  /// The actuator's name (the action's name); empty when unnamed.
  public var name: String
  /// The joint or tendon it drives.
  public var target: ActuatorTarget
  /// Force or torque per unit of control (`gear`'s first number).
  public var gear: Double
  /// Nil when the control is not limited.
  public var controlRange: ClosedRange<Double>?
  /// Actuator-space force per unit of control (1 for a motor, kp for a position servo, kv for
  /// a velocity servo, gainprm[0] for a general actuator).
  public var gain = 1.0
  /// The bias force b0 + b1 · length + b2 · velocity, in actuator space (length = gear × q).
  public var bias = [0.0, 0.0, 0.0]
  /// The actuator-space force is clamped to this range; nil when not limited.
  public var forceRange: ClosedRange<Double>? = nil
  /// How the control becomes the activation the force uses (MJCF `dyntype`).
  public var dynamics = ActivationDynamics.none
  /// An integrator's activation is clamped to this range (`actlimited`, `actrange`).
  public var activationRange: ClosedRange<Double>? = nil
  /// Whether the force uses the activation after this step's update (`actearly`).
  public var activatesEarly = false

  /// A motor: unit gain, no bias, no force range (its force is the control itself).
  public var isPlainMotor: Bool {
    gain == 1 && bias[0] == 0 && bias[1] == 0 && bias[2] == 0 && forceRange == nil && dynamics == .none
  }
  /// Where the actuator element is.
  public var source: SourceLocation
}

/// The sensors Odessa computes.
public enum SensorKind: Sendable, Equatable {
  /// Linear velocity of the centre of mass of a body's subtree (world axes).
  case subtreeLinearVelocity(body: Int)
  /// Centre of mass of a body's subtree (world).
  case subtreeCenterOfMass(body: Int)
  /// Sum of normal contact forces inside a site's sphere, on geoms of the site's body.
  case touch(site: Int)
  case jointPosition(joint: Int)
  case jointVelocity(joint: Int)
  /// World position of a body frame, geom or site.
  case framePosition(ModelObject)
  /// World orientation quaternion of a body frame, geom or site.
  case frameQuaternion(ModelObject)
  /// World direction of an object's x (0), y (1) or z (2) axis.
  case frameAxis(ModelObject, axis: Int)
  /// World linear velocity of an object's origin.
  case frameLinearVelocity(ModelObject)
  /// World angular velocity of an object.
  case frameAngularVelocity(ModelObject)
  /// Linear velocity of a site, in the site's frame.
  case velocimeter(site: Int)
  /// Angular velocity of a site, in the site's frame.
  case gyro(site: Int)
  /// Proper acceleration of a site (its acceleration minus gravity), in the site's frame.
  case accelerometer(site: Int)
  /// The actuator's force in actuator space (before the gear).
  case actuatorForce(actuator: Int)
  /// Angular momentum of a body's subtree about its centre of mass, world axes.
  case subtreeAngularMomentum(body: Int)
  /// The force the parent exerts on the site's body through its joint, in the site's frame.
  case force(site: Int)
  /// The torque about the site the parent exerts on the site's body, in the site's frame.
  case torque(site: Int)
  /// Distance from the site along its z axis to the first geom surface (−1 when none).
  case rangefinder(site: Int)

  /// Number of values the sensor produces.
  public var dimension: Int {
    switch self {
    case .subtreeLinearVelocity, .subtreeCenterOfMass, .framePosition, .frameAxis, .frameLinearVelocity,
      .frameAngularVelocity, .velocimeter, .gyro, .accelerometer, .subtreeAngularMomentum, .force, .torque:
      return 3
    case .frameQuaternion: return 4
    case .touch, .jointPosition, .jointVelocity, .actuatorForce, .rangefinder: return 1
    }
  }
}

/// A model element a frame sensor refers to.
public enum ModelObject: Sendable, Equatable {
  case body(Int)
  case geom(Int)
  case site(Int)
}

/// A named sensor.
public struct ModelSensor: Sendable {
  /// The sensor's name; empty when unnamed.
  public var name: String
  /// What it measures, and on which element.
  public var kind: SensorKind
  /// Where the sensor's element is.
  public var source: SourceLocation
}

/// Where an element was written: file and 1-based line.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  /// The file the element is in.
  public var file: String
  /// 1-based line number.
  public var line: Int

  /// A location at `line` of `file`.
  public init(file: String, line: Int) {
    self.file = file
    self.line = line
  }

  /// "file:line".
  public var description: String { "\(file):\(line)" }
}

/// The volume of a site, in the site's frame: what a touch sensor covers.
public enum SiteShape: Sendable, Equatable {
  /// A ball of this radius (m).
  case sphere(radius: Double)
  /// A cylinder along z with hemispherical caps: radius and half-length of the cylinder (m).
  case capsule(radius: Double, halfLength: Double)
  /// A cylinder along z: radius and half-length (m).
  case cylinder(radius: Double, halfLength: Double)
  /// An ellipsoid with these semi-axes along x, y, z (m).
  case ellipsoid(radii: Vector3)
  /// A box with these half-sizes along x, y, z (m).
  case box(halfExtents: Vector3)

  /// Whether `point` (in the site's frame) lies inside or on the surface.
  public func contains(_ point: Vector3) -> Bool {
    switch self {
    case .sphere(let r):
      return point.dot(point) <= r * r
    case .capsule(let r, let h):
      let z = min(max(point.z, -h), h)
      let offset = Vector3(point.x, point.y, point.z - z)
      return offset.dot(offset) <= r * r
    case .cylinder(let r, let h):
      return abs(point.z) <= h && point.x * point.x + point.y * point.y <= r * r
    case .ellipsoid(let radii):
      let x = point.x / radii.x, y = point.y / radii.y, z = point.z / radii.z
      return x * x + y * y + z * z <= 1
    case .box(let half):
      return abs(point.x) <= half.x && abs(point.y) <= half.y && abs(point.z) <= half.z
    }
  }
}

/// A named state of the model (MJCF `<key>`): generalised positions and velocities, controls
/// and the time; nil parts take qpos0, zero velocity and zero control.
public struct Keyframe: Sendable, Equatable {
  /// The key's name; may be empty.
  public var name: String
  /// Simulated time, seconds.
  public var time: Double
  /// qpos, in MJCF joint order (quaternions w x y z).
  public var qpos: [Double]?
  /// qvel.
  public var qvel: [Double]?
  /// One control per actuator.
  public var control: [Double]?
}

/// An MJCF equality constraint (`<equality>`), resolved to what Odessa simulates.
public struct ModelEquality: Sendable {
  /// What the constraint holds.
  public enum Kind: Sendable {
    /// A point of `body1` (`anchor`, in its frame) is held on a point of `body2` (0: the world):
    /// `anchor2` in body2's frame (sites), or, when nil, the point that coincides with it at qpos0.
    case connect(body1: Int, body2: Int, anchor: Vector3, anchor2: Vector3?)
    /// `body1` keeps its qpos0 pose relative to `body2` (0: the world).
    case weld(body1: Int, body2: Int)
    /// Σ coefficient · (q − q0) over the joints stays at `offset` (joint and tendon equalities
    /// with a linear polynomial).
    case coupling(terms: [(joint: Int, coefficient: Double)], offset: Double)
  }

  /// The constraint's name; empty when unnamed.
  public var name: String
  /// What it holds.
  public var kind: Kind
  /// Whether it acts (MJCF `active`; the `equality` flag switches all off).
  public var active: Bool
  /// The time constant of its softness (solref's first number), s.
  public var timeConstant: Double
  /// The damping ratio of its softness (solref's second number).
  public var dampingRatio: Double
  /// Its `solimp` (joint and tendon couplings follow it; connect and weld do not).
  public var impedance = Impedance.mujocoDefault
  /// For a coupling: the joint vectors (each joint alone for a joint equality, each tendon's
  /// coefficients for a tendon equality) whose inverse weights at qpos0 MuJoCo adds up as the
  /// constraint's diagonal (`dof_invweight0`, `tendon_invweight0`).
  public var weightParts: [[(joint: Int, coefficient: Double)]] = []
  /// Where the element is.
  public var source: SourceLocation
}

/// MJCF's actuator activation dynamics: how the (clamped) control u drives the activation a that
/// the force uses in place of u.
public enum ActivationDynamics: Sendable, Equatable {
  /// No activation: the force uses u at once.
  case none
  /// ȧ = u.
  case integrator
  /// ȧ = (u − a) / τ, one Euler step per timestep.
  case filter(timeConstant: Double)
  /// The same filter, integrated exactly: a ← u + (a − u) e^(−h/τ).
  case filterExact(timeConstant: Double)
}

/// An explicit contact pair (`<contact><pair>`): two geoms that collide whatever their contype
/// and conaffinity, with the pair's own friction, condim and time constant instead of theirs.
public struct ModelContactPair: Sendable {
  public var name: String
  public var geom1: Int
  public var geom2: Int
  /// Sliding friction (the first of MJCF's five numbers; the second sliding one is listed when it
  /// differs).
  public var friction: Double
  /// condim, torsional and rolling friction and the time constant, as for a geom.
  public var material: ContactMaterial
  public var source: SourceLocation
}
