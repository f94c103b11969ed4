/// Tendons: lengths, the forces along them (actuators, springs, dampers) and spatial length limits.
extension Simulation {
  /// Tendon `t`'s length and its rate: Σ coefficient · q for a fixed tendon (q with `ref`), the
  /// sum of the straight segments between consecutive sites for a spatial one.
  public func tendonLengthAndRate(_ t: Int) -> (length: Double, rate: Double) {
    let tendon = model.tendons[t]
    var length = 0.0, rate = 0.0
    if tendon.isSpatial {
      for (a, b) in zip(tendon.sites, tendon.sites.dropFirst()) {
        let span = sitePosition(b) - sitePosition(a)
        let segment = span.length
        length += segment
        if segment > 0 { rate += span.dot(siteLinearVelocity(b) - siteLinearVelocity(a)) / segment }
      }
      return (length, rate)
    }
    for ((j, _), coefficient) in zip(tendon.joints, tendonCoefficients[t]) {
      let (displacement, jointRate) = displacementAndRate(j)
      length += coefficient * (displacement + model.joints[j].reference)
      rate += coefficient * jointRate
    }
    return (length, rate)
  }

  /// Applies `force` along tendon `t` for the next step (positive lengthens it): through its
  /// joints' coordinates (fixed), or at each site along ∂L/∂p, the unit directions of the
  /// segments it ends and begins (spatial).
  func applyTendonForce(_ force: Double, tendon t: Int) {
    let tendon = model.tendons[t]
    guard tendon.isSpatial else {
      for ((j, _), coefficient) in zip(tendon.joints, tendonCoefficients[t]) {
        applyGeneralizedForce(coefficient * force, joint: j)
      }
      return
    }
    for (a, b) in zip(tendon.sites, tendon.sites.dropFirst()) {
      let pa = sitePosition(a), pb = sitePosition(b)
      let span = pb - pa
      guard span.length > 1e-12 else { continue }
      let direction = span / span.length
      carrier[model.sites[a].body]?.addForce(-force * direction, atWorldPoint: pa)
      carrier[model.sites[b].body]?.addForce(force * direction, atWorldPoint: pb)
    }
  }

  /// Tendon springs and dampers: −stiffness (L − rest length) − damping L̇ along each tendon (with
  /// a dead band, the spring pulls towards the nearer end and is slack inside).
  func applyTendonSprings() {
    guard model.options.passiveEnabled else { return }
    for t in model.tendons.indices where model.tendons[t].stiffness != 0 || model.tendons[t].damping != 0 {
      let tendon = model.tendons[t]
      let (length, rate) = tendonLengthAndRate(t)
      let rest = tendonRestLength[t]
      let stretch = length > rest.upperBound ? length - rest.upperBound : (length < rest.lowerBound ? length - rest.lowerBound : 0)
      let force = -tendon.stiffness * stretch - tendon.damping * rate
      if tendon.isSpatial {
        applyTendonForce(force, tendon: t)
      } else {
        // Passive, so not recorded with the actuators' forces for the force sensors.
        for ((j, _), coefficient) in zip(tendon.joints, tendonCoefficients[t]) {
          addGeneralizedForce(coefficient * force, joint: j)
        }
      }
    }
  }

  /// A two-site spatial tendon outside its range gets a one-sided limit for the next step: a rope
  /// that only pulls (above the upper limit) or only pushes (below the lower), softened with the
  /// limit's time constant.
  func holdTendonLimits() {
    guard model.options.limitsEnabled else { return }
    let h = world.settings.timestep
    for (t, tendon) in model.tendons.enumerated() {
      guard let range = tendon.range, tendon.sites.count == 2 else { continue }
      let (a, b) = (tendon.sites[0], tendon.sites[1])
      let first = carrier[model.sites[a].body], second = carrier[model.sites[b].body]
      guard first !== second else { continue }
      let pa = sitePosition(a), pb = sitePosition(b)
      let length = (pb - pa).length
      let pushesApart: Bool
      if length > range.upperBound {
        pushesApart = false
      } else if length < range.lowerBound {
        pushesApart = true
      } else {
        continue
      }
      let violation = pushesApart ? range.lowerBound - length : length - range.upperBound
      // MuJoCo's soft limit (`SoftLimit.contactRowParameters`), J v the rate at which the
      // violation shrinks; without one, ERP from the time constant alone.
      var erp = h / (h + 2 * tendon.limitTimeConstant)
      var soft: (cfm: Double, motion: Double)?
      if let limit = tendonLimits[t] {
        let ends = velocity(ofWorldPoint: pb, onBody: model.sites[b].body) - velocity(ofWorldPoint: pa, onBody: model.sites[a].body)
        let lengthening = (pb - pa).dot(ends) / length
        let row = limit.contactRowParameters(violation: violation, rate: pushesApart ? lengthening : -lengthening, h: h)
        erp = row.erp
        soft = (row.cfm, row.velocity)
      }
      if let first {
        world.addDistanceLimit(
          first: first, at: pa, second: second, at: pb, violation: violation, erp: erp, pushesApart: pushesApart,
          soft: soft)
      } else if let second {
        world.addDistanceLimit(
          first: second, at: pb, second: nil, at: pa, violation: violation, erp: erp, pushesApart: pushesApart,
          soft: soft)
      }
    }
  }
}
