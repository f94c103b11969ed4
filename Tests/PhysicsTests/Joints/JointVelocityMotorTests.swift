import Foundation
import Testing
@testable import Physics

/// The velocity motor: Box2D's joint motor, a row that drives the joint's rate towards a speed
/// with a bounded torque, at a stop as anywhere.
@Suite struct JointVelocityMotorTests {
  /// A 1 kg ball of radius 0.5 m turning about a hinge through its centre (I = 2/5 m r² =
  /// 0.1 kg·m²), without gravity: no centripetal load, so the closed forms hold exactly.
  func wheel() throws -> (World, RigidBody, HingeJoint, Double) {
    let world = try TestWorlds.empty(timestep: 0.01, gravity: .zero)
    let (body, hinge) = try TestWorlds.pendulum(world: world, length: 0, angle: 0, bobRadius: 0.5)
    return (world, body, hinge, 0.1)
  }

  @Test func aSmallBudgetAcceleratesAtTorqueOverInertiaUntilTheSpeed() throws {
    let (world, _, hinge, inertia) = try wheel()
    let motor = try world.addVelocityMotor(to: hinge)
    try motor.drive(speed: 2, maxForce: 0.2)
    // α = 0.2 / 0.1 = 2 rad/s²: 0.02 rad/s per step until 2 rad/s after 100 steps.
    for step in 1...150 {
      try world.step()
      let expected = min(2, 0.2 / inertia * 0.01 * Double(step))
      #expect(abs(hinge.rate - expected) < 1e-9, "step \(step): \(hinge.rate) vs \(expected)")
    }
  }

  @Test func aLargeBudgetReachesTheSpeedInOneStepAndTheSignFollowsTheJoint() throws {
    let (world, _, hinge, _) = try wheel()
    let motor = try world.addVelocityMotor(to: hinge)
    try motor.drive(speed: -3, maxForce: 1000)
    try world.step()
    #expect(abs(hinge.rate + 3) < 1e-8)
    try world.step(count: 10)
    // ODE's first-order rotation update loses about (ωh)³/12 per step.
    #expect(abs(hinge.angle + 3 * 0.11) < 1e-4)
    // No budget: the joint coasts.
    try motor.drive(speed: 5, maxForce: 0)
    try world.step(count: 5)
    #expect(abs(hinge.rate + 3) < 1e-8)
  }

  @Test func atAStopTheMotorStillTargetsItsSpeed() throws {
    // ODE's own hinge motor pushes with its whole force at a stop; this motor leaves the stop at
    // its speed and never faster.
    let (world, _, hinge, _) = try wheel()
    try hinge.setLimits(lower: -0.1, upper: 0.1)
    let motor = try world.addVelocityMotor(to: hinge)
    try motor.drive(speed: 1, maxForce: 1000)
    try world.step(count: 40)
    #expect(hinge.angle < 0.1 + 0.02 && hinge.angle > 0.09, "held at the upper stop: \(hinge.angle)")
    #expect(abs(hinge.rate) < 0.5)
    try motor.drive(speed: -1, maxForce: 1000)
    try world.step()
    #expect(abs(hinge.rate + 1) < 1e-6, "leaves the stop at the target speed: \(hinge.rate)")
  }

  @Test func badDrivesAreRefused() throws {
    let (world, _, hinge, _) = try wheel()
    let motor = try world.addVelocityMotor(to: hinge)
    #expect(throws: PhysicsError.self) { try motor.drive(speed: .nan, maxForce: 1) }
    #expect(throws: PhysicsError.self) { try motor.drive(speed: 1, maxForce: -1) }
    #expect(throws: PhysicsError.self) { try motor.drive(speed: 1, maxForce: .infinity) }
  }
}
