import CODE

/// Keeps a limited coordinate's damper and armature acting while it rests on a stop.
///
/// An ODE hinge, slider or universal axis has one row for its motor and its stop together: at
/// the stop ODE drops the motor's row (it pushes with a fixed "fudge" force instead), and with it
/// the implicit damper and the armature that ride on that row (`JointSpring`), exactly where a
/// joint is pushed hardest. MuJoCo keeps both there: a coordinate resting on its stop and driven
/// away from it accelerates as τ / (I + armature), not τ / I. A second ODE motor along the same
/// coordinate, attached to the same bodies, takes one of the two rows for the steps that start
/// at a stop and is switched off (no rows, no cost) for all others.
///
/// Which row it takes matters to ODE's solver. The two rows have the same Jacobian, and ODE ranks
/// a motor's rows after every joint's. When the damper's row sat on the motor, behind its twin,
/// ODE's update of its factorisation as the stop's row left the active set cancelled to an exact
/// zero pivot beside MuJoCo's softest stops (`solimplimit` from d = 0: the swimmers', walker's,
/// humanoid's), and ODE aborted. So an angular motor takes the *stop*: it is told the joint's
/// angle, given the joint's stops and their softness, and the joint's own stops are opened for
/// that step, so the damper's row, on the joint, ranks first. ODE's linear motor has no stops:
/// a slide's motor takes the damper's row, and only beside stops that are not among MuJoCo's
/// softest (`needsStopCarrier`).
final class StopCarrier {
  private let id: dJointID
  private let setParameter: (dJointID?, Int32, dReal) -> Void
  /// Takes the stop (angular) or the damper's row (linear).
  let takesStop: Bool
  /// Whether the carrier holds the stop this step (the joint's own stops are then open).
  private(set) var holdsStop = false

  /// A motor about (or along) `axis`, world coordinates now, fixed in the first body
  /// (`relativeTo` 1) or the second (2) as the joint's own axis is; `linear` for a slide.
  init(world: World, child: RigidBody, parent: RigidBody?, axis: Vector3, relativeTo body: Int32, linear: Bool) {
    let motor = OneAxisMotor(world: world, linear: linear)
    id = motor.id
    setParameter = motor.setParameter
    takesStop = !linear
    dJointAttach(id, child.id, parent?.id)
    motor.setAxis(axis, fixedIn: body)
    setParameter(id, Int32(dParamFMax), takesStop ? 0 : .infinity)
    dJointDisable(id)
  }

  /// Holds the stop in the coming step for a coordinate at `position` (ODE's measure) on one of
  /// `stops`, as stiff as the joint's own stop: ERP, CFM and bounce.
  func holdStop(position: Double, stops: ClosedRange<Double>, erp: Double, cfm: Double, bounce: Double) {
    dJointSetAMotorAngle(id, 0, position)
    // ODE checks neither stop against the other; both are set whole each time.
    setParameter(id, Int32(dParamLoStop), stops.lowerBound)
    setParameter(id, Int32(dParamHiStop), stops.upperBound)
    setParameter(id, Int32(dParamStopERP), erp)
    setParameter(id, Int32(dParamStopCFM), cfm)
    setParameter(id, Int32(dParamBounce), bounce)
    if !holdsStop {
      dJointEnable(id)
      holdsStop = true
    }
  }

  /// Carries the damper's `row` in the coming step (linear), or nothing when nil.
  func carry(_ row: PassiveRow?) {
    guard let row else {
      dJointDisable(id)
      return
    }
    setParameter(id, Int32(dParamVel), row.velocity)
    setParameter(id, Int32(dParamCFM), row.cfm)
    dJointEnable(id)
  }

  /// Switches the carrier off.
  func release() {
    dJointDisable(id)
    holdsStop = false
  }
}

/// One step's damper-and-armature row (see `JointSpring`): the target rate and the CFM
/// 1/(damping + armature/h) of an unbounded motor row.
struct PassiveRow {
  var velocity: Double
  var cfm: Double

  /// The row for a coordinate moving at `rate` at the step's start, for a step of `h`.
  init(spring: JointSpring, rate: Double, h: Double) {
    let rotor = spring.armature / h
    let total = spring.damping + rotor
    velocity = rotor * rate / total
    cfm = 1 / total
  }
}

/// Routes this step's damper-and-armature row for a coordinate at `position` (ODE's measure, the
/// one ODE's stop test reads) between `stops`. Between the stops it rides on the joint's own
/// motor. At a stop with an angular `carrier`, the carrier holds the stop and the joint's own
/// stops open, so the row stays on the joint; with a linear one the carrier carries the row and
/// the joint's own motor has no force; without a carrier the row is simply absent there (ODE
/// would otherwise push with the motor's whole, unbounded budget). Nothing to do without
/// armature, or without a stop for a plain damper (its row is set once). `get` and `set` read
/// and set one of the joint's own ODE parameters for this coordinate.
@inline(__always)
func routePassiveRow(
  spring: JointSpring, position: @autoclosure () -> Double, rate: @autoclosure () -> Double,
  stops: ClosedRange<Double>, carrier: StopCarrier?, h: Double,
  get: (Int32) -> Double, set: (Int32, Double) -> Void
) {
  let hasStop = stops.lowerBound.isFinite || stops.upperBound.isFinite
  guard spring.armature != 0 || (spring.damping != 0 && hasStop) else { return }
  let here = position()
  let atStop = here <= stops.lowerBound || here >= stops.upperBound
  let row = PassiveRow(spring: spring, rate: rate(), h: h)
  if let carrier, carrier.takesStop {
    if atStop {
      carrier.holdStop(
        position: here, stops: stops, erp: get(Int32(dParamStopERP)), cfm: get(Int32(dParamStopCFM)),
        bounce: get(Int32(dParamBounce)))
      set(Int32(dParamLoStop), -.infinity)
      set(Int32(dParamHiStop), .infinity)
    } else if carrier.holdsStop {
      carrier.release()
      set(Int32(dParamLoStop), stops.lowerBound)
      set(Int32(dParamHiStop), stops.upperBound)
    }
    set(Int32(dParamFMax), .infinity)
    set(Int32(dParamVel), row.velocity)
    set(Int32(dParamCFM), row.cfm)
    return
  }
  carrier?.carry(atStop ? row : nil)
  set(Int32(dParamFMax), atStop ? 0 : .infinity)
  if !atStop {
    set(Int32(dParamVel), row.velocity)
    set(Int32(dParamCFM), row.cfm)
  }
}

/// Whether a coordinate needs a `StopCarrier`: it has a finite stop and a damper or armature;
/// for a slide, also a stop that is not one of MuJoCo's softest (`solimplimit` starting below
/// d = 0.5 at the surface), beside which the linear carrier's damper row ranked behind the stop's
/// made ODE abort (see `StopCarrier`); such a slide goes without its damper and armature for the
/// steps that start at a stop.
@inline(__always)
func needsStopCarrier(_ spring: JointSpring, stops: ClosedRange<Double>, limit: SoftLimit?, linear: Bool) -> Bool {
  guard stops.lowerBound.isFinite || stops.upperBound.isFinite, spring.damping > 0 || spring.armature > 0 else {
    return false
  }
  return !linear || (limit?.impedance.d0 ?? 1) >= 0.5
}
