import Foundation
import Testing
import TestSupport
@testable import Physics

/// What a task may do to a simulation beyond the model's actuators: drive joints as velocity
/// motors, push bodies, absorb an impact on one body, and read which bodies touch the ground.
@Suite struct TaskDriveTests {
  /// A 2 kg box 0.4 × 0.2 × 0.1 m, free, no gravity (I_yy = m (0.4² + 0.1²) / 12).
  func freeBox() throws -> Simulation {
    try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.01" gravity="0 0 0"/>
        <worldbody><body name="box"><freejoint/>
          <geom type="box" size="0.2 0.1 0.05" mass="2"/></body></worldbody></mujoco>
      """))
  }

  @Test func anImpactStopsThePointAlongTheNormalAsTheClosedFormSays() throws {
    let simulation = try freeBox()
    // Falling at 1 m/s and sliding at 0.5 m/s; hit at the lower right corner.
    try simulation.setState(qpos: [0, 0, 0, 1, 0, 0, 0], qvel: [0.5, 0, -1, 0, 0, 0])
    let corner = Vector3(0.2, 0, -0.05)
    #expect(try simulation.absorbImpact(ofBody: 1, at: corner, normal: Vector3(0, 0, 1), friction: 0))
    let v = simulation.world.bodies[0].linearVelocity, w = simulation.world.bodies[0].angularVelocity
    let m = 2.0, inertia = m * (0.4 * 0.4 + 0.1 * 0.1) / 12
    // j = 1 / (1/m + r_x² / I) for r = (0.2, 0, −0.05) and n = z.
    let j = 1 / (1 / m + 0.2 * 0.2 / inertia)
    #expect(abs(v.z - (-1 + j / m)) < 1e-9)
    #expect(abs(w.y - (-0.2 * j / inertia)) < 1e-9, "r × n = (0, −0.2, 0)")
    #expect(abs((v + w.cross(corner)).z) < 1e-9, "the corner no longer approaches")
    #expect(abs(v.x - 0.5) < 1e-12, "no friction: the sliding is untouched")
    // Moving away: nothing happens.
    #expect(try !simulation.absorbImpact(ofBody: 1, at: corner, normal: Vector3(0, 0, 1), friction: 1))
  }

  @Test func frictionStopsSlidingWithinItsCone() throws {
    let simulation = try freeBox()
    // Slow sliding and a hard landing: friction stops the corner's sliding altogether.
    try simulation.setState(qpos: [0, 0, 0, 1, 0, 0, 0], qvel: [0.05, 0, -1, 0, 0, 0])
    let bottom = Vector3(0, 0, -0.05)
    try simulation.absorbImpact(ofBody: 1, at: bottom, normal: Vector3(0, 0, 1), friction: 1)
    var body = simulation.world.bodies[0]
    var point = body.linearVelocity + body.angularVelocity.cross(bottom)
    #expect(point.length < 1e-9, "stuck: \(point)")
    // Fast sliding: the tangential impulse is μ times the normal one.
    try simulation.setState(qpos: [0, 0, 0, 1, 0, 0, 0], qvel: [5, 0, -1, 0, 0, 0])
    try simulation.absorbImpact(ofBody: 1, at: bottom, normal: Vector3(0, 0, 1), friction: 0.5)
    body = simulation.world.bodies[0]
    point = body.linearVelocity + body.angularVelocity.cross(bottom)
    #expect(abs(point.z) < 1e-9)
    // Under the centre the normal impulse is m · 1 = 2 N·s, so friction takes 0.5 · 2 = 1 N·s
    // off the momentum of 10 N·s: the centre keeps sliding at 4.5 m/s (and the box tips).
    #expect(abs(body.linearVelocity.x - 4.5) < 1e-9)
  }

  @Test func drivenJointsArePushedAndIdleAgainAfterAReset() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.01" gravity="0 0 0"/>
        <worldbody><body><joint name="j" axis="0 -1 0"/>
          <geom type="sphere" pos="0 0 -1" size="0.05" mass="1"/></body></worldbody></mujoco>
      """))
    try simulation.driveJoint(0, speed: 2, maxForce: 1000)
    try simulation.step()
    #expect(abs(simulation.qvel[0] - 2) < 1e-6, "the motor's speed is qvel's")
    try simulation.reset()
    try simulation.step()
    #expect(simulation.qvel[0] == 0, "a reset leaves the motor idle")
    #expect(throws: PhysicsError.self) { try simulation.driveJoint(3, speed: 1, maxForce: 1) }
    // A push at the ball, 1 m below the hinge, for one step: 10 N·m about −y for 0.01 s.
    try simulation.applyForce(Vector3(10, 0, 0), atCenterOfMassOf: 1)
    try simulation.step()
    #expect(abs(simulation.qvel[0] - 10 * 0.01 / (1 + 0.4 * 0.05 * 0.05)) < 1e-6)
    try simulation.step()
    #expect(abs(simulation.qvel[0] - 10 * 0.01 / (1 + 0.4 * 0.05 * 0.05)) < 1e-6, "the push lasts one step")
  }

  @Test func groundTouchesAreReadPerBody() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.002"/>
        <worldbody><body name="ball" pos="0 0 0.2"><freejoint/><geom type="sphere" size="0.1"/></body></worldbody></mujoco>
      """))
    let piece = try simulation.world.addGroundGeom(GeomDescription(
      shape: .box(halfExtents: Vector3(1, 1, 0.5)), pose: Pose(position: Vector3(0, 0, -0.5))))
    #expect(!simulation.bodyTouchedStatic(1))
    for _ in 0..<100 { try simulation.step() }
    #expect(simulation.bodyTouchedStatic(1))
    #expect(simulation.groundGeomsTouched(byBody: 1) == [piece.index])
  }
}
