import CODE

/// The damper-and-armature row of a limited coordinate while it is at a stop.
///
/// An ODE hinge, slider or universal axis has one row for its motor and its stop together: at
/// the stop ODE drops the motor's row (it pushes with a fixed "fudge" force instead), so the
/// implicit damper and the armature that ride on that row (`JointSpring`) would vanish exactly
/// where a joint is pushed hardest. MuJoCo keeps both there: a coordinate resting on its stop
/// and driven away from it accelerates as τ / (I + armature), not τ / I. This is a second ODE
/// motor along the same coordinate (angular for a rotation, linear for a slide), attached to
/// the same bodies, that carries the row for the steps that start at a stop and is switched off
/// (no rows, no cost) for all others.
final class StopDamper {
  private let id: dJointID
  private let setParameter: (dJointID?, Int32, dReal) -> Void

  /// A motor about (or along) `axis`, world coordinates now, fixed in the first body
  /// (`relativeTo` 1) or the second (2) as the joint's own axis is; `linear` for a slide.
  init(world: World, child: RigidBody, parent: RigidBody?, axis: Vector3, relativeTo body: Int32, linear: Bool) {
    let motor = OneAxisMotor(world: world, linear: linear)
    id = motor.id
    setParameter = motor.setParameter
    dJointAttach(id, child.id, parent?.id)
    motor.setAxis(axis, fixedIn: body)
    setParameter(id, Int32(dParamFMax), .infinity)
    dJointDisable(id)
  }

  /// Carries `row` in the coming step, or nothing (switched off) when nil.
  func carry(_ row: PassiveRow?) {
    guard let row else {
      dJointDisable(id)
      return
    }
    setParameter(id, Int32(dParamVel), row.velocity)
    setParameter(id, Int32(dParamCFM), row.cfm)
    dJointEnable(id)
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

/// Routes this step's damper-and-armature row for a coordinate at `position` between `stops`:
/// onto the joint's own motor between the stops, onto the `StopDamper` at a stop (the joint's own
/// motor then has no force, so ODE's stop row acts alone on it). Nothing to do without armature,
/// or without a stop for a plain damper (its row is set once). `set` sets one of the joint's own
/// parameters for this coordinate.
@inline(__always)
func routePassiveRow(
  spring: JointSpring, position: @autoclosure () -> Double, rate: @autoclosure () -> Double,
  stops: ClosedRange<Double>, stopDamper: StopDamper?, h: Double, set: (Int32, Double) -> Void
) {
  let hasStop = stops.lowerBound.isFinite || stops.upperBound.isFinite
  guard spring.armature != 0 || (spring.damping != 0 && hasStop) else { return }
  let here = position()
  let atStop = here <= stops.lowerBound || here >= stops.upperBound
  let row = PassiveRow(spring: spring, rate: rate(), h: h)
  stopDamper?.carry(atStop ? row : nil)
  // At a stop the joint's own motor has no force: ODE would otherwise push with its whole
  // (unbounded) budget there. Without a stop damper the row is then simply absent.
  set(Int32(dParamFMax), atStop ? 0 : .infinity)
  if !atStop {
    set(Int32(dParamVel), row.velocity)
    set(Int32(dParamCFM), row.cfm)
  }
}

/// Whether a coordinate needs a `StopDamper`: it has a finite stop and a damper or armature,
/// and its stop is not one of MuJoCo's softest (`solimplimit` starting below d = 0.5 at the
/// surface, as the swimmers' and the humanoid's do). Beside such a stop, whose row's CFM is
/// enormous near the surface, ODE's solver aborted within seconds of random actions on the
/// swimmers with the stop damper's row (an exact zero pivot when the stop's row left its set; the
/// cause is not understood) and never without it; there the armature and damper are left out for
/// the steps that start at a stop, as before the stop damper existed.
@inline(__always)
func needsStopDamper(_ spring: JointSpring, stops: ClosedRange<Double>, limit: SoftLimit?) -> Bool {
  guard stops.lowerBound.isFinite || stops.upperBound.isFinite, spring.damping > 0 || spring.armature > 0 else {
    return false
  }
  return (limit?.impedance.d0 ?? 1) >= 0.5
}
