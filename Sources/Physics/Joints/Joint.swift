import CODE

/// A passive spring, damper and armature on a joint's coordinate.
///
/// ODE has no native joint springs or damping. On hinges and sliders the damper is implicit, as
/// MuJoCo's is: the joint's motor row is given target velocity 0, unbounded force and
/// CFM = 1/damping, which ODE solves together with everything else, so one step maps the rate to
/// q̇/(1 + damping·dt/I) and stays stable however light the body. The spring is an explicit
/// force −stiffness · (q − reference) each step. On ball joints the damper is explicit too.
///
/// Armature (MuJoCo's rotor inertia, added to the joint's diagonal of the joint-space mass
/// matrix and to nothing else) rides on the same row: a force −(armature/h)(q̇_new − q̇_old) is
/// −armature · q̈ over the step, so the row's force is −B (q̇_new − v*) with
/// B = damping + armature/h and v* = (armature/h) q̇_old / B. ODE then solves
/// (M + armature)(q̇_new − q̇_old) = h (f − damping · q̇_new) along the joint, which is MuJoCo's
/// semi-implicit step with armature on the diagonal.
public struct JointSpring: Equatable, Sendable {
  /// N·m/rad (rotational) or N/m (translational).
  public var stiffness: Double
  /// N·m·s/rad (rotational) or N·s/m (translational).
  public var damping: Double
  /// The coordinate at which the spring is relaxed (rad or m).
  public var reference: Double
  /// Rotor inertia on the coordinate, kg·m² (rotational) or kg (translational).
  public var armature: Double

  /// A spring, damper and armature; all zero is `none`.
  public init(stiffness: Double = 0, damping: Double = 0, reference: Double = 0, armature: Double = 0) {
    self.stiffness = stiffness
    self.damping = damping
    self.reference = reference
    self.armature = armature
  }

  /// No spring and no damping.
  public static let none = JointSpring()

  var isActive: Bool { stiffness != 0 || damping != 0 || armature != 0 }

  func validate(joint: String) throws {
    guard stiffness.isFinite, stiffness >= 0, damping.isFinite, damping >= 0, reference.isFinite,
      armature.isFinite, armature >= 0
    else {
      throw PhysicsError.invalidArgument(
        "joint '\(joint)': stiffness, damping and armature must be finite and non-negative, reference finite")
    }
  }
}

/// Common base of every joint: the ODE handle, the two bodies it connects, and its spring.
///
/// `parent` may be nil (the world). Coordinates follow the child: a hinge's angle is the child's
/// rotation relative to the parent about the axis (right-hand rule), a slider's position is the
/// child's displacement along the axis, and positive actuation drives the coordinate up.
public class Joint {
  let handle: ODEWorldHandle
  let id: dJointID
  /// Position in the world's `joints` array.
  public let index: Int
  /// The name given at creation, or "joint<index>" when none was.
  public let name: String
  /// The body the child is attached to; nil for the world.
  public let parent: RigidBody?
  /// The body the joint moves; its coordinate follows this body.
  public let child: RigidBody
  /// The passive spring and damper; see `setSpring`.
  public internal(set) var spring = JointSpring.none
  weak var world: World?
  /// Where ODE writes the joint's constraint force each step, once `measuresForce` is set.
  private var feedback: UnsafeMutablePointer<dJointFeedback>?

  init(world: World, id: dJointID, name: String, parent: RigidBody?, child: RigidBody) {
    self.handle = world.handle
    self.id = id
    self.index = world.joints.count
    self.name = name.isEmpty ? "joint\(world.joints.count)" : name
    self.parent = parent
    self.child = child
    self.world = world
    dJointAttach(id, child.id, parent?.id)
  }

  deinit {
    if let feedback {
      dJointSetFeedback(id, nil)
      feedback.deallocate()
    }
  }

  /// Whether ODE reports the force this joint's constraint rows (limits and implicit damper
  /// included) applied in the last step; off by default.
  public var measuresForce: Bool {
    get { feedback != nil }
    set {
      guard newValue != (feedback != nil) else { return }
      if newValue {
        let buffer = UnsafeMutablePointer<dJointFeedback>.allocate(capacity: 1)
        buffer.initialize(to: dJointFeedback())
        feedback = buffer
        dJointSetFeedback(id, buffer)
      } else {
        dJointSetFeedback(id, nil)
        feedback?.deallocate()
        feedback = nil
      }
    }
  }

  /// Forgets the last step's constraint force (after the bodies were moved by hand, it no longer
  /// applies): `constraintForceOnChild` reads zero until the next step.
  public func forgetMeasuredForce() {
    feedback?.pointee = dJointFeedback()
  }

  /// The force (N, world axes) and the torque about the child's centre of mass (N·m) the joint's
  /// constraint applied to the child in the last step; zero unless `measuresForce` is set. Forces
  /// the joint adds explicitly (springs, `addTorque`) are not constraint forces and not included.
  public var constraintForceOnChild: (force: Vector3, torque: Vector3) {
    guard let f = feedback?.pointee else { return (.zero, .zero) }
    return (Vector3(f.f1.0, f.f1.1, f.f1.2), Vector3(f.t1.0, f.t1.1, f.t1.2))
  }

  /// Whether the joint acts; a disabled joint is skipped by the stepper.
  public var isEnabled: Bool {
    get { dJointIsEnabled(id) != 0 }
    set { newValue ? dJointEnable(id) : dJointDisable(id) }
  }

  /// Sets the stiffness with which the joint's rows correct drift (ERP in [0, 1]) and their
  /// softness (CFM ≥ 0), for joint types whose rows ODE lets one soften (ball, fixed).
  public func setSoftness(erp: Double, cfm: Double) throws {
    try validateSoftness(erp: erp, cfm: cfm, joint: name)
    switch self {
    case is BallJoint:
      dJointSetBallParam(id, Int32(dParamERP), erp)
      dJointSetBallParam(id, Int32(dParamCFM), cfm)
    case is FixedJoint:
      dJointSetFixedParam(id, Int32(dParamERP), erp)
      dJointSetFixedParam(id, Int32(dParamCFM), cfm)
    default:
      throw PhysicsError.invalidArgument("joint '\(name)': only ball and fixed joints take an overall softness")
    }
  }

  /// Sets the passive spring and damper applied before every step.
  public func setSpring(_ newSpring: JointSpring) throws {
    try newSpring.validate(joint: name)
    guard supportsSpring else {
      throw PhysicsError.invalidArgument("joint '\(name)': this joint type has no coordinate for a spring")
    }
    spring = newSpring
    springDidChange()
    world?.refreshPassiveJoints()
  }

  /// Lets a joint type configure ODE for a new spring.
  func springDidChange() {}

  /// Whether a spring can act on this joint type.
  var supportsSpring: Bool { false }

  /// Applies this step's spring and damper forces (and sets the armature's row) for a step
  /// of `timestep` seconds.
  func applyPassiveForces(timestep: Double) {}

  /// Whether the joint has passive forces or rows to set before each step.
  var hasPassiveForces: Bool { spring.isActive || hasSoftLimits }

  /// Whether a stop of the joint is soft (`SoftLimit`), set again before each step.
  var hasSoftLimits: Bool { softLimit != nil }

  /// MuJoCo's soft limit on the stops of a hinge or slider, if set.
  public internal(set) var softLimit: SoftLimit?

  /// Makes a hinge's or slider's stops as soft as MuJoCo's limits (nil: the fixed softness of
  /// `setLimitSoftness`).
  public func setSoftLimit(_ limit: SoftLimit?) throws {
    guard self is LimitedJoint else {
      throw PhysicsError.invalidArgument("joint '\(name)': only hinges and sliders take a soft limit this way")
    }
    if let problem = limit?.problem(joint: name) { throw PhysicsError.invalidArgument(problem) }
    softLimit = limit
    world?.refreshPassiveJoints()
  }

  /// Updates state that follows the motion between steps (unwrapped angles).
  func trackAfterStep() {}

  /// The values `trackAfterStep` keeps, for snapshots.
  var trackingState: [Double] {
    get { [] }
    set {}
  }
}

/// A joint with limits on a single coordinate (hinge, slider).
public protocol LimitedJoint: Joint {
  /// Sets the lower and upper stops (rad or m); throws if lower > upper or if ODE cannot hold them.
  func setLimits(lower: Double, upper: Double) throws
  /// Sets how stiffly the stops push back: ERP in [0, 1] and CFM ≥ 0.
  func setLimitSoftness(erp: Double, cfm: Double) throws
  /// Makes the stops as soft as MuJoCo's limits (nil: the fixed softness of `setLimitSoftness`).
  func setSoftLimit(_ limit: SoftLimit?) throws
}

/// Configures a hinge's or slider's motor row as the implicit damper (and armature) described
/// at `JointSpring`; at a stop the coordinate's `StopCarrier` keeps it.
func configureImplicitDamper(
  _ id: dJointID, damping: Double, armature: Double, setter: (dJointID, Int32, dReal) -> Void
) {
  if damping > 0 || armature > 0 {
    setter(id, Int32(dParamVel), 0)
    setter(id, Int32(dParamFMax), .infinity)
    if damping > 0 { setter(id, Int32(dParamCFM), 1 / damping) }
  } else {
    setter(id, Int32(dParamFMax), 0)
  }
}

/// Stop parameters shared by hinge and slider limits.
func setODEStops(
  _ id: dJointID, lower: Double, upper: Double, joint: String,
  setter: (dJointID, Int32, dReal) -> Void
) throws {
  guard !lower.isNaN, !upper.isNaN, lower <= upper else {
    throw PhysicsError.invalidArgument("joint '\(joint)': range [\(lower), \(upper)] is inverted or NaN")
  }
  // ODE checks each stop against the other; open both before narrowing.
  setter(id, Int32(dParamLoStop), -Double.infinity)
  setter(id, Int32(dParamHiStop), Double.infinity)
  setter(id, Int32(dParamLoStop), lower)
  setter(id, Int32(dParamHiStop), upper)
}

extension World {
  func register(_ joint: Joint) {
    joints.append(joint)
    if joint is HingeJoint || joint is UniversalJoint { trackedJoints.append(joint) }
    refreshPassiveJoints()
  }

  /// Marks the list of sprung joints stale; the next step rebuilds it (in joint order), so
  /// building a model with thousands of joints stays linear.
  func refreshPassiveJoints() {
    passiveJointsAreStale = true
  }

  func requireBodies(_ parent: RigidBody?, _ child: RigidBody, joint: String) throws {
    if let parent {
      guard parent !== child else {
        throw PhysicsError.invalidArgument("joint '\(joint)' connects body '\(child.name)' to itself")
      }
      guard parent.handle === handle else {
        throw PhysicsError.invalidArgument("joint '\(joint)': body '\(parent.name)' belongs to another world")
      }
    }
    guard child.handle === handle else {
      throw PhysicsError.invalidArgument("joint '\(joint)': body '\(child.name)' belongs to another world")
    }
  }

  func requireAxis(_ axis: Vector3, joint: String) throws -> Vector3 {
    guard axis.isFinite, axis.length > 1e-12 else {
      throw PhysicsError.invalidArgument("joint '\(joint)': axis must be finite and non-zero, got \(axis)")
    }
    return axis / axis.length
  }
}
