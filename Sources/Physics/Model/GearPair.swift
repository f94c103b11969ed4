/// A coupling c₁q₁ + c₂q₂ of two hinges on one parent body with parallel or antiparallel axes
/// (the manipulator's finger mirroring its thumb), held as the mesh of two gears.
///
/// Its rate, c₁q̇₁ + c₂q̇₂ = c₁(ω₁ − ω₀)·a₁ + c₂(ω₂ − ω₀)·a₂, involves three bodies, and ODE's
/// rows join two. But while both hinges hold, the two children's points at the gears' pitch
/// point P move apart along the common tangent t at exactly a multiple κ of that rate: with p₁,
/// p₂ the hinge anchors, e the unit vector from p₁ to p₂ across the axis (d apart), σ = a₁·a₂ =
/// ±1, P = p₁ + s e and t = a₁ × e, t·(v₁(P) − v₂(P)) = s q̇₁ − σ(s − d) q̇₂, which is
/// κ(c₁q̇₁ + c₂q̇₂) for κ = σ d/(c₂ + σc₁) and s = κ c₁. So a two-body row along t at P
/// (`LineCoupling`) differs from the coupling's row only by the hinges' own rows, and ODE's
/// solver, holding those, solves the coupling together with the contacts and limits, as MuJoCo
/// does. Its target and CFM are the coupling's scaled by κ and κ² (MuJoCo's soft equality:
/// J v′ = target − CFM f with the coupling's force f = κ λ, λ the row's). P and t are placed
/// anew before every step, as the hinges turn.
struct GearPair {
  let row: LineCoupling
  let first: HingeJoint
  let second: HingeJoint
  let firstCoefficient: Double
  let secondCoefficient: Double

  /// Places the row for the coming step of `h`: the coupling's rate is to be `rate` with
  /// constraint force mixing `cfm` (both in the coupling's own units).
  func hold(rate: Double, cfm: Double, h: Double) {
    let a = first.axis, p1 = first.anchor
    let sigma = a.dot(second.axis) > 0 ? 1.0 : -1.0
    var across = second.anchor - p1
    across = across - across.dot(a) * a
    let d = across.length
    let e = across / d
    let kappa = sigma * d / (secondCoefficient + sigma * firstCoefficient)
    let s = kappa * firstCoefficient
    let tangent = a.cross(e), pitch = p1 + s * e
    row.hold(
      anchor1: pitch + (0.5 * d) * tangent, anchor2: pitch - (0.5 * d) * tangent, rate: kappa * rate,
      cfm: kappa * kappa * cfm, h: h)
  }
}
