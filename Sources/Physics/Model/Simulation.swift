import Foundation

/// A running simulation of a `BodyModel` (MuJoCo's mjData): the ODE world built from the model,
/// the joint handles, actuator controls, and readouts by index, resolved once at construction.
///
/// How MJCF maps onto ODE is documented in the README ("How MJCF maps onto ODE"). In short: each body with joints
/// is an ODE body at its centre of mass; a body without joints is welded into its parent's ODE
/// body; a body with several joints gets a chain of light, gravity-free intermediate bodies, one
/// per extra joint; damping and springs are joint forces each step; armature is added rotational
/// inertia about the hinge axis; motors apply gear × clamped control.
public final class Simulation {
  /// The model the simulation was built from.
  public let model: BodyModel
  /// The ODE world holding the model's bodies, geoms and joints.
  public let world: World

  /// Per model body: the ODE body that carries it (nil for the world and bodies welded to it).
  let carrier: [RigidBody?]
  /// Per model body: its frame relative to its carrier's frame (identity for bodies with joints).
  let frameInCarrier: [Pose]
  /// Per model body: its centre of mass in its own frame.
  let localCenterOfMass: [Vector3]
  /// Per model joint: the ODE joint that realises it.
  let jointHandles: [JointHandle]
  /// Per model joint: the body it moves and the ODE body it moves relative to.
  let jointChild: [RigidBody]
  /// Per model joint: the ODE motor realising its dry friction, if any.
  let frictionJoints: [Joint?]
  /// Per model joint: the generalised force actuators applied in the last substep (force and
  /// torque sensors add it to the joint's constraint force).
  var actuatorJointForce: [Double]
  /// Joint and tendon equalities, held each substep.
  let couplings: [CouplingConstraint]
  /// Per model tendon, its length limit's MuJoCo softness (nil: ODE's stiff row).
  let tendonLimits: [SoftLimit?]
  /// The fluid the bodies move in, if the model has one.
  let fluid: FluidMedium?
  /// Per fixed tendon, the coefficient of each of its joints: the model's, unless a task changed
  /// them (dm_control's point_mass-hard turns its two tendons each episode); `reset()` restores them.
  public private(set) var tendonCoefficients: [[Double]]
  /// Per tendon: the rest length (or dead band) of its spring (`springlength`, or the length at qpos0).
  var tendonRestLength: [ClosedRange<Double>] = []
  /// What the mapping onto ODE approximated for this model: the parser's list and the builder's.
  public let approximations: [String]
  /// Per model body, MuJoCo's translational `body_invweight0` (1/kg): the mean diagonal of
  /// J M⁻¹ Jᵀ for its centre of mass at qpos0, which soft contacts scale their softness by.
  public let contactInverseWeights: [Double]
  /// Per model joint: index of its first entry in qpos / qvel.
  public let positionAddress: [Int]
  /// Per model joint: index of its first entry in qvel.
  public let velocityAddress: [Int]
  /// Intermediate bodies of multi-joint bodies, with the model body they belong to.
  let intermediates: [(body: RigidBody, modelBody: Int, afterJoint: Int)]
  /// Per model body: indices of the bodies in its subtree (including itself).
  let subtrees: [Range<Int>]
  /// Joint speeds (rad/s or m/s) above this count as divergence, in `odessa model check` and
  /// in training alike.
  public static let divergenceSpeed = 1000.0
  /// ODE steps per model timestep: 10 for RK4 models (see the MJCF docs on stepping), otherwise 1.
  public let substeps: Int
  /// The state at construction (qpos = qpos0, qvel = 0), for `reset()`.
  let initialState: WorldState

  /// Velocity motors made by `driveJoint`, by model joint.
  var velocityMotors: [Int: JointVelocityMotor] = [:]
  /// The degrees of freedom and M at each step's start, when a joint-space correction needs them.
  var jointSpace: JointSpace?
  /// Joint damping as MuJoCo's Euler step has it, when the model has any.
  var eulerDamping: EulerDamping?
  /// The equalities held in joint space after ODE's step, when the model has any.
  var couplingProjection: CouplingProjection?
  /// Forward kinematics' bodies and buffers.
  let forwardKinematics: ForwardKinematics
  /// The bodies whose gyroscopic torque the Euler step in joint coordinates applies explicitly,
  /// as MuJoCo's bias forces have it (ODE's own is implicit); empty when not stepping so.
  var explicitlyGyroscopic: [RigidBody] = []
  /// Whether `explicitlyGyroscopic`'s bodies have ODE's implicit gyroscopic torque off now (it
  /// is back on for steps too fast for joint coordinates).
  var gyroscopicTorqueIsExplicit = true
  /// One control value per actuator, as last set (not clamped; clamping happens when applied).
  public var control: [Double]
  /// One activation per actuator (MJCF's act): what an actuator with activation dynamics applies
  /// in place of its control; zero for the others.
  public var activation: [Double]
  /// Whether any actuator has activation dynamics.
  let hasActivations: Bool

  /// Bumped whenever the simulation moves bodies itself; with the world's `generation` it keys
  /// the cache, so `qpos`/`qvel` are computed once per state. (Bodies moved directly through
  /// `world` rather than through `setState` are not seen: use `setState`.)
  var stateVersion = 0
  /// Sites with accelerometers, and their world velocities before the last step.
  let accelerometerSites: [Int]
  var previousSiteVelocities: [Vector3] = []
  /// The last computed `qpos`/`qvel` and the state version they belong to.
  var cache = StateCache()

  /// Builds the ODE world for `model` at qpos0 with zero velocity.
  public init(model: BodyModel) throws {
    self.model = model
    substeps = model.options.integrator == .rk4 ? 10 : 1
    var builder = try SimulationBuilder(model: model, substeps: substeps)
    try builder.build()
    world = builder.world
    carrier = builder.carrier
    frameInCarrier = builder.frameInCarrier
    localCenterOfMass = model.bodies.map(\.centerOfMass)
    jointHandles = builder.jointHandles
    jointChild = builder.jointChild
    forwardKinematics = ForwardKinematics(
      bodies: ForwardKinematics.placedBodies(model: model, jointChild: builder.jointChild, carrier: builder.carrier),
      modelBodies: model.bodies.count)
    frictionJoints = builder.frictionJoints
    couplings = builder.couplings
    tendonLimits = builder.tendonLimits
    let intermediateBodies = builder.intermediates.map(\.body)
    fluid = FluidMedium(
      options: model.options, bodies: builder.world.bodies.filter { body in !intermediateBodies.contains { $0 === body } })
    approximations = model.approximations + builder.approximations
    contactInverseWeights = builder.bodyInverseWeight0
    actuatorJointForce = Array(repeating: 0, count: model.joints.count)
    intermediates = builder.intermediates
    var qposAddress = [Int](), qvelAddress = [Int]()
    var nextPosition = 0, nextVelocity = 0
    for joint in model.joints {
      qposAddress.append(nextPosition)
      qvelAddress.append(nextVelocity)
      nextPosition += joint.type.positionCount
      nextVelocity += joint.type.velocityCount
    }
    positionAddress = qposAddress
    velocityAddress = qvelAddress
    subtrees = model.subtreeRanges()
    accelerometerSites = model.sensors.compactMap {
      if case .accelerometer(let site) = $0.kind { return site }
      return nil
    }
    control = Array(repeating: 0, count: model.actuators.count)
    activation = control
    tendonCoefficients = model.tendons.map(\.coefficients)
    hasActivations = model.actuators.contains { $0.dynamics != .none }
    world.recordsContactForces = model.sensors.contains {
      if case .touch = $0.kind { return true }
      return false
    }
    initialState = world.snapshot()
    let space = JointSpace.make(for: self)
    eulerDamping = EulerDamping.make(for: self, space: space)
    couplingProjection = CouplingProjection.make(for: self, space: space)
    if eulerDamping?.corrects == true || couplingProjection != nil { jointSpace = space }
    if model.options.stepsInJointCoordinates && substeps == 1 {
      explicitlyGyroscopic = world.bodies.filter(\.hasGyroscopicTorque)
      for body in explicitlyGyroscopic { body.hasGyroscopicTorque = false }
    }
    tendonRestLength = model.tendons.indices.map { t in
      model.tendons[t].springLength ?? { $0...$0 }(tendonLengthAndRate(t).length)
    }
    for sensor in model.sensors {
      switch sensor.kind {
      case .force(let s), .torque(let s):
        guard let j = interactionJoint(ofBody: model.sites[s].body) else { continue }
        jointHandles[j].joint?.measuresForce = true
        frictionJoints[j]?.measuresForce = true
      default: continue
      }
    }
  }

  /// Simulated time, seconds.
  public var time: Double { world.time }

  /// The model's timestep (one `step()`), seconds.
  public var timestep: Double { model.options.timestep }

  /// Puts the simulation in the state of `key` (its qpos, qvel and controls; qpos0, zero
  /// velocity and zero control where the key gives none).
  public func reset(to key: Keyframe) throws {
    try reset()
    try setState(
      qpos: key.qpos ?? initialQpos, qvel: key.qvel ?? [Double](repeating: 0, count: model.velocityCount))
    if let values = key.control { control = values }
  }

  /// Puts the simulation back to qpos0, zero velocity, zero control, time 0.
  public func reset() throws {
    previousSiteVelocities.removeAll()
    forgetLastStepForces()
    stateVersion &+= 1
    try world.restore(initialState)
    for k in control.indices {
      control[k] = 0
      activation[k] = 0
    }
    tendonCoefficients = model.tendons.map(\.coefficients)
    for motor in velocityMotors.values { try motor.drive(speed: 0, maxForce: 0) }
  }

  /// Replaces the coefficients of fixed tendon `t` (one per joint, in the model's order) until the
  /// next `reset()`.
  public func setTendonCoefficients(_ t: Int, _ coefficients: [Double]) throws {
    guard model.tendons.indices.contains(t), !model.tendons[t].isSpatial,
      coefficients.count == model.tendons[t].joints.count, coefficients.allSatisfy(\.isFinite)
    else {
      throw PhysicsError.invalidArgument(
        "tendon \(t): expected \(model.tendons.indices.contains(t) ? model.tendons[t].joints.count : 0) finite coefficients for a fixed tendon, got \(coefficients)")
    }
    tendonCoefficients[t] = coefficients
  }

  /// Advances by one model timestep with the current `control` held fixed.
  public func step() throws {
    if !accelerometerSites.isEmpty {
      previousSiteVelocities = accelerometerSites.map { siteLinearVelocity($0) }
    }
    stateVersion &+= 1
    defer { stateVersion &+= 1 }
    let coordinates = substeps == 1 && model.options.stepsInJointCoordinates
    let inCoordinates = coordinates && turnsSlowlyEnoughForCoordinates()
    for _ in 0..<substeps {
      let start = inCoordinates ? qpos : []
      applyActuators()
      applyTendonSprings()
      holdTendonLimits()
      holdCouplings()
      fluid?.apply()
      if inCoordinates {
        keepStartPoses()
        try applyVelocityProductForces(at: start)
      }
      let h = world.settings.timestep
      jointSpace?.begin()
      eulerDamping?.begin(h: h)
      couplingProjection?.begin(h: h)
      try world.step()
      if inCoordinates {
        try returnToStartPoses()
        couplingProjection?.end(h: h, movesPoses: false)
        eulerDamping?.end(h: h, movesPoses: false)
        try seatOnJoints(from: start, h: h)
      } else {
        couplingProjection?.end(h: h, movesPoses: true)
        eulerDamping?.end(h: h, movesPoses: true)
        if coordinates { try seatOnJointsWhereTheyAre() }
      }
      if hasActivations {
        for k in activation.indices { activation[k] = nextActivation(k) }
      }
    }
  }

  /// Sets the controls (one per actuator) and advances by one model timestep.
  public func step(control newControl: [Double]) throws {
    guard newControl.count == control.count else {
      throw PhysicsError.invalidArgument("expected \(control.count) controls, got \(newControl.count)")
    }
    for (k, value) in newControl.enumerated() {
      guard value.isFinite else {
        throw PhysicsError.invalidArgument("control \(k) (\(model.actuators[k].name)) is not finite: \(value)")
      }
      control[k] = value
    }
    try step()
  }

  /// The force or torque each actuator applies now: gear × control clamped to its range.
  public func actuatorForce(_ k: Int) -> Double {
    model.actuators[k].gear * actuatorScalarForce(k)
  }

  /// The actuator's force in actuator space, before the gear (MJCF's actuatorfrc): the
  /// clamped control for a motor, gain · ctrl + bias, clamped to the force range, otherwise.
  public func actuatorScalarForce(_ k: Int) -> Double {
    let actuator = model.actuators[k]
    guard model.options.actuationEnabled else { return 0 }
    var u = clampedControl(k)
    if actuator.dynamics != .none { u = actuator.activatesEarly ? nextActivation(k) : activation[k] }
    // A motor (gain 1, no bias, no force range) is the control itself.
    if actuator.isPlainMotor { return u }
    var force = actuator.gain * u + actuator.bias[0]
    if actuator.bias[1] != 0 || actuator.bias[2] != 0 {
      let (length, velocity) = actuatorLengthAndVelocity(k)
      force += actuator.bias[1] * length + actuator.bias[2] * velocity
    }
    if let range = actuator.forceRange { force = min(max(force, range.lowerBound), range.upperBound) }
    return force
  }

  /// The control of actuator `k`, clamped to its range (unless the clampctrl flag is off).
  func clampedControl(_ k: Int) -> Double {
    guard let range = model.actuators[k].controlRange, model.options.clampControls else { return control[k] }
    return min(max(control[k], range.lowerBound), range.upperBound)
  }

  /// Actuator `k`'s activation after one substep of its dynamics under the clamped control.
  func nextActivation(_ k: Int) -> Double {
    let actuator = model.actuators[k], u = clampedControl(k), a = activation[k]
    let h = world.settings.timestep
    var next: Double
    switch actuator.dynamics {
    case .none: return 0
    case .integrator: next = a + h * u
    case .filter(let tau): next = a + h * (u - a) / tau
    case .filterExact(let tau): next = u + (a - u) * exp(-h / tau)
    }
    if let range = actuator.activationRange { next = min(max(next, range.lowerBound), range.upperBound) }
    return next
  }

  /// Actuator length gear × q and its rate (q a joint's coordinate, or a tendon's length).
  func actuatorLengthAndVelocity(_ k: Int) -> (Double, Double) {
    let actuator = model.actuators[k]
    switch actuator.target {
    case .joint(let j):
      return (actuator.gear * qpos[positionAddress[j]], actuator.gear * qvel[velocityAddress[j]])
    case .tendon(let t):
      let (length, rate) = tendonLengthAndRate(t)
      return (actuator.gear * length, actuator.gear * rate)
    }
  }

  /// Holds each joint or tendon equality for the coming substep from its drift
  /// r = Σ c (q − q0) − offset and rate: a motor's or a gear's row gets MuJoCo's soft target and
  /// CFM (or, without softness, removes the fraction `erp` of the drift); a projected coupling
  /// is held after ODE's step (`CouplingProjection`).
  func holdCouplings() {
    let h = world.settings.timestep
    for coupling in couplings {
      let (drift, rate) = JointHandle.drift(
        of: coupling.terms.lazy.map { (self.jointHandles[$0.joint], $0.coefficient) }, offset: coupling.offset)
      switch coupling.holder {
      case .motor(let motor, let scale):
        if let softness = coupling.softness {
          // The motor's rate is the coupling's over `scale`, its torque `scale` times the
          // coupling's force: its row solves MuJoCo's equation with the target and CFM rescaled.
          let row = softness.rowParameters(violation: drift, rate: rate, h: h)
          motor.targetRate = row.velocity / scale
          motor.cfm = row.cfm / (scale * scale)
        } else {
          motor.targetRate = -coupling.erp * drift / (h * scale)
        }
      case .gear(let gear):
        if let softness = coupling.softness {
          let row = softness.rowParameters(violation: drift, rate: rate, h: h)
          gear.hold(rate: row.velocity, cfm: row.cfm, h: h)
        } else {
          gear.hold(rate: -coupling.erp * drift / h, cfm: world.settings.cfm, h: h)
        }
      case .projected:
        continue  // `CouplingProjection` holds it after ODE's step.
      }
    }
  }

  func applyActuators() {
    for j in actuatorJointForce.indices { actuatorJointForce[j] = 0 }
    for k in model.actuators.indices {
      let force = actuatorForce(k)
      if force == 0 { continue }
      switch model.actuators[k].target {
      case .joint(let j):
        applyGeneralizedForce(force, joint: j)
      case .tendon(let t):
        applyTendonForce(force, tendon: t)
      }
    }
  }

  /// Applies `force` along joint `j` for the next step and records it for the force sensors.
  @inline(__always)
  func applyGeneralizedForce(_ force: Double, joint j: Int) {
    actuatorJointForce[j] += force
    addGeneralizedForce(force, joint: j)
  }

  /// Applies `force` (N·m on a hinge, N on a slide) along joint `j` for the next step.
  @inline(__always)
  func addGeneralizedForce(_ force: Double, joint j: Int) {
    jointHandles[j].addForce(force)
  }

  /// A hinge's or slide's displacement from qpos0 (ODE's own coordinate) and its rate; zero for
  /// ball and free joints.
  @inline(__always)
  func displacementAndRate(_ j: Int) -> (displacement: Double, rate: Double) {
    jointHandles[j].displacementAndRate
  }
}

/// Generalised coordinates computed for one state.
struct StateCache {
  var qpos: [Double] = []
  var qposVersion = -1
  var qvel: [Double] = []
  var qvelVersion = -1
}

/// The ODE joint behind one MJCF joint.
enum JointHandle {
  /// A hinge of its own, or one axis of a universal joint standing for two hinges at one point.
  case hinge(any RotaryCoordinate)
  case slide(SliderJoint)
  /// A ball joint and the child's orientation relative to its parent frame at qpos0.
  case ball(BallJoint)
  /// A free joint has no ODE joint: the body is simply unconstrained.
  case free

  /// A hinge's or slide's rate (rad/s or m/s); zero for ball and free joints.
  var rate: Double {
    switch self {
    case .hinge(let hinge): return hinge.rate
    case .slide(let slider): return slider.rate
    case .ball, .free: return 0
    }
  }

  /// Applies `force` (N·m on a hinge, N on a slide) along the coordinate for the next step;
  /// nothing on ball and free joints (the parser lets forces drive hinges and slides only).
  @inline(__always)
  func addForce(_ force: Double) {
    switch self {
    case .hinge(let hinge): hinge.addTorque(force)
    case .slide(let slider): slider.addForce(force)
    case .ball, .free: break
    }
  }

  /// A hinge's or slide's displacement from qpos0 (ODE's own coordinate) and its rate; zero for
  /// ball and free joints.
  var displacementAndRate: (displacement: Double, rate: Double) {
    switch self {
    case .hinge(let hinge): return (hinge.angle, hinge.rate)
    case .slide(let slider): return (slider.position, slider.rate)
    case .ball, .free: return (0, 0)
    }
  }

  /// A coupling's drift r = Σ c (q − q0) − offset over its `terms` (each a hinge's or slide's
  /// handle and coefficient) and the drift's rate ṙ.
  @inline(__always)
  static func drift(of terms: some Sequence<(JointHandle, Double)>, offset: Double) -> (drift: Double, rate: Double) {
    var drift = -offset, rate = 0.0
    for (handle, coefficient) in terms {
      let (displacement, jointRate) = handle.displacementAndRate
      drift += coefficient * displacement
      rate += coefficient * jointRate
    }
    return (drift, rate)
  }

  /// The ODE joint, if there is one.
  var joint: Joint? {
    switch self {
    case .hinge(let hinge): return hinge.odeJoint
    case .slide(let slider): return slider
    case .ball(let ball): return ball
    case .free: return nil
    }
  }
}
