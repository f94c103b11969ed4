/// How the world integrates: ODE's exact solver or its iterative one.
public enum Stepper: Equatable, Sendable, Codable {
  /// `dWorldStep`: a direct (big-matrix) solve; exact and affordable for small articulated bodies.
  case exact
  /// `dWorldQuickStep` with this many successive over-relaxation iterations.
  case iterative(iterations: Int)
}

/// How contacts behave: how many per geom pair, how soft, how they handle friction.
public struct ContactSettings: Equatable, Sendable {
  /// Whether geoms collide at all (MJCF's `<flag contact="disable"/>` turns this off).
  public var enabled = true
  /// The most contact points kept for one pair of geoms.
  public var maxContactsPerPair = 4
  /// Per-contact error reduction; nil uses the world's ERP.
  public var softERP: Double? = nil
  /// Per-contact constraint force mixing; nil uses the world's CFM.
  public var softCFM: Double? = nil
  /// Restitution in [0, 1] (0 = no bounce).
  public var bounce = 0.0
  /// Use ODE's friction-pyramid approximation (`dContactApprox1`), as MuJoCo's pyramidal cone does.
  public var pyramidFriction = true
  /// Depth that contacts may sink before correction starts (`dWorldSetContactSurfaceLayer`), metres.
  public var surfaceLayer = 0.0
  /// Cap on the velocity a contact may use to correct penetration (m/s); infinity means none.
  public var maxCorrectingVelocity = Double.infinity
  /// For a world whose bodies move in one plane: the plane's normal. Contacts of one body that
  /// differ only along it (a box's two faces across the plane, the shared corner of two ground
  /// pieces) and share their normal and friction are kept once: the copies constrain the planar
  /// motion identically, and such redundant rows can make ODE's exact LCP solver fail.
  public var planeNormal: Vector3? = nil
  /// MuJoCo's soft contacts (`SoftContactModel`): each contact's ERP, CFM and target velocities
  /// then follow from its geoms' `ContactMaterial` softness, its depth and its bodies' motion,
  /// and `softERP`, `softCFM`, `bounce` and `pyramidFriction` no longer apply (`surfaceLayer` and
  /// `maxCorrectingVelocity` still do); nil keeps ODE's contacts. Not meant for `planeNormal`'s
  /// merged contacts: the kept one would stand for two of MuJoCo's with one's stiffness.
  public var soft: SoftContactModel? = nil

  /// The defaults listed above.
  public init() {}

  /// ERP and CFM of a spring-damper (stiffness kp in N/m, damping kd in N·s/m) at step `h` seconds:
  /// ERP = h·kp / (h·kp + kd), CFM = 1 / (h·kp + kd).
  public static func springDamper(stiffness kp: Double, damping kd: Double, timestep h: Double)
    -> (erp: Double, cfm: Double)
  {
    let denominator = h * kp + kd
    return (h * kp / denominator, 1 / denominator)
  }

  func validate() throws {
    guard maxContactsPerPair >= 1, maxContactsPerPair <= 64 else {
      throw PhysicsError.invalidArgument("maxContactsPerPair must be in 1...64, got \(maxContactsPerPair)")
    }
    if let softERP, !(softERP.isFinite && softERP >= 0 && softERP <= 1) {
      throw PhysicsError.invalidArgument("contact softERP must be in [0, 1], got \(softERP)")
    }
    if let softCFM, !(softCFM.isFinite && softCFM >= 0) {
      throw PhysicsError.invalidArgument("contact softCFM must be finite and non-negative, got \(softCFM)")
    }
    guard bounce.isFinite, bounce >= 0, bounce <= 1 else {
      throw PhysicsError.invalidArgument("contact bounce must be in [0, 1], got \(bounce)")
    }
    guard surfaceLayer.isFinite, surfaceLayer >= 0 else {
      throw PhysicsError.invalidArgument("contact surfaceLayer must be finite and non-negative, got \(surfaceLayer)")
    }
    if let planeNormal, !(planeNormal.isFinite && planeNormal.length > 0) {
      throw PhysicsError.invalidArgument("contact planeNormal must be finite and non-zero, got \(planeNormal)")
    }
    try soft?.validate()
    guard maxCorrectingVelocity > 0, !maxCorrectingVelocity.isNaN else {
      throw PhysicsError.invalidArgument("maxCorrectingVelocity must be positive, got \(maxCorrectingVelocity)")
    }
  }
}

/// The world-wide simulation parameters.
public struct WorldSettings: Equatable, Sendable {
  /// Gravity in m/s², world axes.
  public var gravity = Vector3(0, 0, -9.81)
  /// The physics timestep in seconds (MuJoCo's default is 0.002).
  public var timestep = 0.002
  /// The solver `step()` uses; exact by default.
  public var stepper = Stepper.exact
  /// Global error reduction parameter in [0, 1] (ODE's default 0.2).
  public var erp = 0.2
  /// Global constraint force mixing (ODE's default for double precision, 1e-10).
  public var cfm = 1e-10
  /// How contacts behave.
  public var contacts = ContactSettings()
  /// A body faster than this (m/s, or rad/s for rotation) counts as diverged: `step()` throws.
  public var divergenceSpeed = 1e6

  /// The defaults listed above.
  public init() {}

  func validate() throws {
    try requireFinite(gravity, what: "gravity")
    guard timestep.isFinite, timestep > 0 else {
      throw PhysicsError.invalidArgument("timestep must be positive and finite, got \(timestep)")
    }
    if case .iterative(let iterations) = stepper, iterations < 1 {
      throw PhysicsError.invalidArgument("iterative stepper needs at least 1 iteration, got \(iterations)")
    }
    guard erp.isFinite, erp >= 0, erp <= 1 else {
      throw PhysicsError.invalidArgument("erp must be in [0, 1], got \(erp)")
    }
    guard cfm.isFinite, cfm >= 0 else {
      throw PhysicsError.invalidArgument("cfm must be finite and non-negative, got \(cfm)")
    }
    guard divergenceSpeed > 0, !divergenceSpeed.isNaN else {
      throw PhysicsError.invalidArgument("divergenceSpeed must be positive, got \(divergenceSpeed)")
    }
    try contacts.validate()
  }
}
