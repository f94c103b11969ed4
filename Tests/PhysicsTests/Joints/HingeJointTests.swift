import Foundation
import Testing
import TestSupport
@testable import Physics

@Suite struct HingeJointTests {
  /// A 2 kg ball of radius 0.05 m on a vertical hinge, no gravity, its centre `offset` metres
  /// from the axis: returns (world, ball, hinge, inertia about the axis).
  func spinner(offset: Double = 0.5) throws -> (World, RigidBody, HingeJoint, Double) {
    let world = try TestWorlds.empty(timestep: 0.001, gravity: .zero)
    let rod = try world.addBody(geoms: [
      GeomDescription(shape: .sphere(radius: 0.05), pose: Pose(position: Vector3(offset, 0, 0)), mass: .mass(2))
    ])
    let hinge = try world.addHingeJoint(parent: nil, child: rod, anchor: .zero, axis: Vector3(0, 0, 1))
    let inertia = 2 * (offset * offset + 0.4 * 0.05 * 0.05)
    return (world, rod, hinge, inertia)
  }

  @Test func positiveTorqueIncreasesTheAngleAsTheClosedFormSays() throws {
    let (world, rod, hinge, inertia) = try spinner()
    let torque = 0.2
    for _ in 0..<500 {
      hinge.addTorque(torque)
      try world.step()
    }
    let t = 0.5
    #expect(hinge.rate > 0)
    // The hinge constraint is solved to within about 1e-7 of the free closed form.
    let expectedRate = torque / inertia * t
    #expect(abs(hinge.rate - expectedRate) / expectedRate < 1e-6)
    // Semi-implicit Euler: θ_n = α dt² n(n+1)/2.
    let expected = torque / inertia * 0.001 * 0.001 * 500 * 501 / 2
    #expect(abs(hinge.angle - expected) / expected < 1e-6)
    #expect(rod.centerOfMass.y > 0, "a positive angle about +z turns +x towards +y")
  }

  /// ODE turns a body by q += dt/2·ω⊗q and renormalises, i.e. by 2·atan(ω·dt/2) per step.
  @Test func angleIsContinuousPastHalfATurn() throws {
    let (world, rod, hinge, _) = try spinner(offset: 0)
    let perStep = 2 * atan(10 * 0.001 / 2)
    try spin(rod, about: .zero, angularVelocity: Vector3(0, 0, 10))
    try world.step(count: 2000)
    #expect(abs(hinge.angle - 2000 * perStep) < 1e-9, "angle \(hinge.angle) after 2 s at 10 rad/s")
    try spin(rod, about: .zero, angularVelocity: Vector3(0, 0, -10))
    try world.step(count: 3000)
    #expect(abs(hinge.angle + 1000 * perStep) < 1e-9)
  }

  /// ODE enforces a stop from the step after the hinge reaches it, so the angle can pass a stop
  /// by at most one step's travel (|rate|·dt) before being pushed back; held against the stop,
  /// it stays on it.
  @Test func hingeNeverPassesItsStopsByMoreThanOneStep() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    let (_, hinge) = try TestWorlds.pendulum(world: world, length: 0.5, angle: 0)
    try hinge.setLimits(lower: -0.5, upper: 0.5)
    #expect(hinge.limits == -0.5...0.5)
    let dt = world.settings.timestep
    var lowest = 0.0, highest = 0.0, fastest = 0.0
    for step in 0..<5000 {
      // Slam into each stop in turn with a torque far above gravity's.
      hinge.addTorque((step / 500) % 2 == 0 ? 30 : -30)
      try world.step()
      lowest = min(lowest, hinge.angle)
      highest = max(highest, hinge.angle)
      fastest = max(fastest, abs(hinge.rate))
    }
    #expect(highest > 0.49 && lowest < -0.49, "the stops were reached")
    #expect(highest <= 0.5 + fastest * dt, "passed the upper stop by \(highest - 0.5)")
    #expect(lowest >= -0.5 - fastest * dt, "passed the lower stop by \(-0.5 - lowest)")
    // The last 500 steps push against the lower stop: the hinge rests on it.
    #expect(abs(hinge.angle + 0.5) < 2e-3, "held at \(hinge.angle)")
  }

  @Test func springOscillatesAtItsNaturalPeriod() throws {
    let (world, rod, hinge, inertia) = try spinner()
    let stiffness = 4.0
    try hinge.setSpring(JointSpring(stiffness: stiffness, reference: 0))
    try spin(rod, about: .zero, angularVelocity: Vector3(0, 0, 0.5))
    var angles = [Double]()
    for _ in 0..<6000 {
      try world.step()
      angles.append(hinge.angle)
    }
    let crossings = downwardZeroCrossings(angles, timestep: 0.001)
    let period = (crossings.last! - crossings.first!) / Double(crossings.count - 1)
    let expected = 2 * Double.pi * (inertia / stiffness).squareRoot()
    #expect(abs(period - expected) / expected < 0.005, "period \(period) vs \(expected)")
  }

  /// The damper is implicit, as MuJoCo's: ω_{n+1} = ω_n / (1 + c·dt/I).
  @Test func dampingDecaysTheRateAsAnImplicitDamper() throws {
    let (world, rod, hinge, inertia) = try spinner(offset: 0)
    let damping = 0.01
    try hinge.setSpring(JointSpring(damping: damping))
    try spin(rod, about: .zero, angularVelocity: Vector3(0, 0, 3))
    try world.step(count: 1000)
    let expected = 3 / pow(1 + damping * 0.001 / inertia, 1000)
    #expect(abs(hinge.rate - expected) / expected < 1e-9)
    // An explicit damper, ω·(1 − c·dt/I) per step, would end measurably elsewhere.
    let explicit = 3 * pow(1 - damping * 0.001 / inertia, 1000)
    #expect(abs(explicit - expected) / expected > 1e-4)
  }

  /// Explicit damping with c·dt/I > 2 would blow up; the implicit damper just stops the body.
  @Test func aHeavyDamperOnALightBodyStaysStable() throws {
    let (world, rod, hinge, inertia) = try spinner(offset: 0)
    let damping = 50 * inertia / 0.001
    try hinge.setSpring(JointSpring(damping: damping))
    try hinge.setLimits(lower: -1, upper: 1)
    try spin(rod, about: .zero, angularVelocity: Vector3(0, 0, 3))
    for _ in 0..<2000 {
      hinge.addTorque(0.001)
      try world.step()
      #expect(abs(hinge.rate) < 3.0001)
    }
    // Pushed by a steady torque the rate settles at torque / damping.
    #expect(hinge.angle < 1.0 + 1e-3)
  }

  @Test func invalidLimitsAreRejected() throws {
    let (_, _, hinge, _) = try spinner()
    #expect(throws: PhysicsError.self) { try hinge.setLimits(lower: 0.5, upper: -0.5) }
    #expect(throws: PhysicsError.self) { try hinge.setLimits(lower: -4, upper: 3) }
    #expect(throws: PhysicsError.self) { try hinge.setSpring(JointSpring(damping: -1)) }
  }
}

@Suite struct HingeRangeTests {
  /// MJCF allows hinge ranges beyond ±180° (cheetah's back foot: [−230°, 50°]).
  @Test func aRangeWiderThanHalfATurnIsHeldAndTheAngleReadsTheSame() throws {
    let world = try TestWorlds.empty(timestep: 0.001, gravity: .zero)
    let body = try world.addBody(geoms: [
      GeomDescription(shape: .sphere(radius: 0.05), pose: Pose(position: Vector3(0.5, 0, 0)), mass: .mass(1))
    ])
    let hinge = try world.addHingeJoint(parent: nil, child: body, anchor: .zero, axis: Vector3(0, 0, 1))
    let lower = -230 * Double.pi / 180, upper = 50 * Double.pi / 180
    try hinge.setLimits(lower: lower, upper: upper)
    #expect(abs(hinge.angle) < 1e-12, "setting limits must not change the reading")
    #expect(abs(hinge.limits.lowerBound - lower) < 1e-12 && abs(hinge.limits.upperBound - upper) < 1e-12)
    var lowest = 0.0
    for _ in 0..<6000 {
      hinge.addTorque(-0.5)
      try world.step()
      lowest = min(lowest, hinge.angle)
    }
    #expect(lowest < -3.5, "it turned past −180° (reached \(lowest))")
    #expect(lowest > lower - 0.05)
    #expect(abs(hinge.angle - lower) < 0.01)
    #expect(throws: PhysicsError.self) { try hinge.setLimits(lower: -4, upper: 3) }
  }

  @Test func synchronizeRestoresTheTurnCount() throws {
    let world = try TestWorlds.empty(gravity: .zero)
    let body = try world.addBody(geoms: [GeomDescription(shape: .sphere(radius: 0.1))])
    let hinge = try world.addHingeJoint(parent: nil, child: body, anchor: .zero, axis: Vector3(0, 0, 1))
    let target = 2 * Double.pi + 0.3
    try body.setPose(Pose(orientation: Quaternion(axis: Vector3(0, 0, 1), angle: target)))
    #expect(abs(hinge.angle - 0.3) < 1e-9)
    hinge.synchronize(angle: target)
    #expect(abs(hinge.angle - target) < 1e-9)
  }
}
