import CODE

/// A simulated world: rigid bodies, their geoms and joints, contacts, and the stepper.
///
/// The world owns every ODE object it creates and frees them when the last Swift reference goes.
/// Create bodies with `addBody`, static geometry with `addStaticGeom`, joints with the `add…Joint`
/// methods, then call `step()`. Each step applies joint springs and dampers, finds contacts,
/// integrates, and checks that every body's state is still finite.
public final class World {
  let handle: ODEWorldHandle
  /// The current settings; change them with `update(settings:)`.
  public private(set) var settings: WorldSettings
  /// Every body, in creation order (a body's `index` is its place here).
  public internal(set) var bodies: [RigidBody] = []
  /// Every geom, on bodies and static, in creation order.
  public internal(set) var geoms: [Geom] = []
  /// The ground geoms (also in `geoms`), in creation order.
  public internal(set) var groundGeoms: [Geom] = []
  /// Every joint, in creation order.
  public internal(set) var joints: [Joint] = []
  /// Simulated time in seconds since creation (or since the restored snapshot's time).
  public internal(set) var time: Double = 0
  /// Steps taken since creation.
  public internal(set) var stepCount = 0
  /// Changes whenever a step or a restore changes the state (for caches of derived values).
  public internal(set) var generation = 0

  /// The contacts found in the last step.
  public internal(set) var contacts: [ContactPoint] = []
  /// The zones of this step's elliptic sliding contacts (soft contacts with an elliptic cone).
  let ellipticCone = EllipticCone()
  /// Whether to measure contact forces (for touch sensors); off by default, as it costs a little.
  public var recordsContactForces = false
  /// Contacts found in the last step beyond the force-recording capacity (their forces are unknown).
  public internal(set) var contactsWithoutForce = 0

  var passiveJoints: [Joint] = []
  /// Whether `passiveJoints` must be rebuilt before the next step.
  var passiveJointsAreStale = false
  var trackedJoints: [Joint] = []
  var excludedBodyPairs = Set<Int>()
  /// Explicit contact pairs (geom indices) with their own friction and material.
  var explicitPairs: [(first: Int, second: Int, friction: Double, material: ContactMaterial)] = []
  var explicitPairKeys = Set<Int>()
  /// This step's contact joints still to be created, in geom-pair order, each with the index of
  /// its record in `contacts` (`collide()` creates them once every pair is collided).
  var pendingContacts: [(contact: dContact, body1: dBodyID?, body2: dBodyID?, record: Int)] = []
  /// This step's colliding geom pairs, each with its range in `collidedContacts`; sorted by geom
  /// indices before their contacts are kept (`collide()`), so that the contact order, and with it
  /// the solver's rounding, does not depend on the order ODE's spaces hold their geoms (which
  /// moves with every restore).
  var collidedPairs: [CollidedPair] = []
  var collidedContacts: [dContact] = []
  let contactBuffer: UnsafeMutablePointer<dContact>
  let contactBufferCapacity = 64
  let feedbackBuffer: UnsafeMutablePointer<dJointFeedback>
  let feedbackCapacity = 1024

  /// Makes an empty world with the given settings.
  public init(settings: WorldSettings = WorldSettings()) throws {
    try settings.validate()
    handle = ODEWorldHandle()
    self.settings = settings
    contactBuffer = .allocate(capacity: contactBufferCapacity)
    contactBuffer.initialize(repeating: dContact(), count: contactBufferCapacity)
    feedbackBuffer = .allocate(capacity: feedbackCapacity)
    feedbackBuffer.initialize(repeating: dJointFeedback(), count: feedbackCapacity)
    contacts.reserveCapacity(64)
    applySettingsToODE()
  }

  deinit {
    contactBuffer.deallocate()
    feedbackBuffer.deallocate()
  }

  /// Replaces the world's settings after validating them.
  public func update(settings newSettings: WorldSettings) throws {
    try newSettings.validate()
    settings = newSettings
    applySettingsToODE()
  }

  private func applySettingsToODE() {
    let world = handle.world
    dWorldSetGravity(world, settings.gravity.x, settings.gravity.y, settings.gravity.z)
    dWorldSetERP(world, settings.erp)
    dWorldSetCFM(world, settings.cfm)
    dWorldSetContactSurfaceLayer(world, settings.contacts.surfaceLayer)
    dWorldSetContactMaxCorrectingVel(world, settings.contacts.maxCorrectingVelocity)
    if case .iterative(let iterations) = settings.stepper {
      dWorldSetQuickStepNumIterations(world, Int32(iterations))
    }
  }

  // MARK: Stepping

  /// Advances the world by one timestep.
  ///
  /// Throws `PhysicsError.nonFiniteState` or `.diverged` (naming the body) when a state or an
  /// accumulated force is not finite or a body is faster than `settings.divergenceSpeed`; in that
  /// case ODE is not called, so the world keeps its last valid state.
  public func step() throws {
    try checkState(includingForces: true)
    if passiveJointsAreStale {
      passiveJoints = joints.filter(\.hasPassiveForces)
      passiveJointsAreStale = false
    }
    for joint in passiveJoints { joint.applyPassiveForces(timestep: settings.timestep) }
    ellipticCone.beginSolve()
    if settings.contacts.enabled { collide() }
    // An elliptic contact whose zone was guessed wrong takes the step again (`EllipticCone`);
    // ODE's iterative stepper leaves residuals too coarse to tell zones apart: first guesses.
    let mayRetry = settings.stepper == .exact && !ellipticCone.records.isEmpty
    if mayRetry { keepForRetry() }
    var ok = solve()
    while mayRetry, ok != 0, ellipticCone.needsAnotherSolve(h: settings.timestep) {
      dJointGroupEmpty(handle.contactGroup)
      restoreForRetry()
      ellipticCone.beginSolve(retrying: true)
      collide()
      ok = solve()
    }
    dJointGroupEmpty(handle.contactGroup)
    generation &+= 1
    guard ok != 0 else { throw PhysicsError.engine("the stepper could not allocate its memory") }
    for joint in trackedJoints { joint.trackAfterStep() }
    time += settings.timestep
    stepCount += 1
    try checkState(includingForces: false)
  }

  /// ODE's step over the joints and contacts made.
  private func solve() -> Int32 {
    switch settings.stepper {
    case .exact: return dWorldStep(handle.world, settings.timestep)
    case .iterative: return dWorldQuickStep(handle.world, settings.timestep)
    }
  }

  /// Advances the world by `count` timesteps.
  public func step(count: Int) throws {
    for _ in 0..<count { try step() }
  }

  private func checkState(includingForces: Bool) throws {
    let limit = settings.divergenceSpeed
    for body in bodies {
      let id = body.id
      if includingForces {
        // A force that would change the velocity by more than the divergence limit in one step
        // is as fatal as a non-finite one: ODE would abort on the resulting state.
        let dt = settings.timestep
        let forceLimit = body.checksAppliedForces ? limit : .infinity
        try checkSpeed(dBodyGetForce(id)!, body, "accumulated force", forceLimit, scale: dt / body.mass)
        try checkSpeed(dBodyGetTorque(id)!, body, "accumulated torque", forceLimit, scale: dt / body.smallestInertia)
      }
      try checkFinite(dBodyGetPosition(id)!, 3, body, "position")
      try checkFinite(dBodyGetQuaternion(id)!, 4, body, "orientation")
      try checkSpeed(dBodyGetLinearVel(id)!, body, "linear velocity", limit)
      try checkSpeed(dBodyGetAngularVel(id)!, body, "angular velocity", limit)
    }
  }

  @inline(__always)
  private func checkFinite(
    _ values: UnsafePointer<dReal>, _ count: Int, _ body: RigidBody, _ quantity: String
  ) throws {
    for i in 0..<count where !values[i].isFinite {
      throw PhysicsError.nonFiniteState(body: body.name, quantity: quantity, time: time)
    }
  }

  /// Throws unless |scale · v| is finite and below `limit`.
  @inline(__always)
  private func checkSpeed(
    _ v: UnsafePointer<dReal>, _ body: RigidBody, _ quantity: String, _ limit: Double, scale: Double = 1
  ) throws {
    let squared = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) * scale * scale
    guard squared.isFinite else {
      throw PhysicsError.nonFiniteState(body: body.name, quantity: quantity, time: time)
    }
    if squared > limit * limit {
      throw PhysicsError.diverged(body: body.name, speed: squared.squareRoot(), limit: limit, time: time)
    }
  }

  /// Sets the clock back to zero (after a settling phase, say); the state is unchanged.
  public func resetClock() {
    time = 0
    stepCount = 0
  }

  /// Forgets the last step's contacts (after bodies were moved by hand, they no longer apply).
  public func forgetContacts() {
    contacts.removeAll(keepingCapacity: true)
  }

  // MARK: Energy

  /// Total kinetic energy of all bodies, J.
  public var kineticEnergy: Double {
    bodies.reduce(0) { $0 + $1.kineticEnergy }
  }

  /// Total gravitational potential energy, J, relative to the world origin.
  public var potentialEnergy: Double {
    bodies.reduce(0) { $0 - $1.mass * settings.gravity.dot($1.centerOfMass) }
  }
}
