import Foundation
import Testing
import TestSupport
@testable import Physics

/// `<position>`, `<velocity>` and `<general>` actuators against the closed forms of a servo on
/// a known inertia, and `forcerange`.
@Suite struct ActuatorTests {
  /// A 1 kg ball on a 1 m arm, no gravity: I = 1 + 0.4 · 0.05² kg m².
  static let inertia = 1 + 0.4 * 0.05 * 0.05

  func arm(_ actuator: String) throws -> Simulation {
    try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001" gravity="0 0 0"/>
        <worldbody><body><joint name="j" axis="0 1 0"/>
          <geom type="sphere" pos="0 0 -1" size="0.05" mass="1"/></body></worldbody>
        <actuator>\(actuator)</actuator></mujoco>
      """))
  }

  @Test func aPositionServoSettlesAtItsSetPointWithTheDampingRatioOfKpKvAndInertia() throws {
    // kp 4, kv 2: ω_n = √(kp / I) ≈ 2, ζ = kv / (2 √(kp I)) ≈ 0.5, overshoot exp(−ζπ/√(1−ζ²)).
    let simulation = try arm(#"<position joint="j" kp="4" kv="2"/>"#)
    simulation.control = [0.3]
    var peak = 0.0
    for _ in 0..<10_000 {
      try simulation.step()
      peak = max(peak, simulation.qpos[0])
    }
    let zeta = 2 / (2 * (4 * Self.inertia).squareRoot())
    let overshoot = exp(-zeta * Double.pi / (1 - zeta * zeta).squareRoot())
    #expect(abs(simulation.qpos[0] - 0.3) < 1e-4, "settles at the set point (the envelope is 0.3 e^{−ζ ω t} ≈ 1e-5 after 10 s)")
    #expect(abs(peak - 0.3 * (1 + overshoot)) < 0.002, "peak \(peak), expected \(0.3 * (1 + overshoot))")
  }

  @Test func aVelocityServoReachesItsSpeedWithTimeConstantInertiaOverKv() throws {
    let simulation = try arm(#"<velocity joint="j" kv="5"/>"#)
    simulation.control = [2]
    for _ in 0..<1000 { try simulation.step() }
    let expected = 2 * (1 - exp(-5 / Self.inertia * 1))
    #expect(abs(simulation.qvel[0] - expected) < 0.005, "\(simulation.qvel[0]) vs \(expected)")
  }

  @Test func generalAffineActuatorsAndForceRangesAct() throws {
    // A general actuator with the position servo's parameters behaves like it.
    let general = try arm(#"<general joint="j" gainprm="4" biastype="affine" biasprm="0 -4 -2"/>"#)
    let position = try arm(#"<position joint="j" kp="4" kv="2"/>"#)
    for simulation in [general, position] {
      simulation.control = [0.3]
      for _ in 0..<500 { try simulation.step() }
    }
    #expect(general.qpos[0] == position.qpos[0])
    // forcerange clamps the actuator force: a far set point accelerates at 0.1 / I only.
    let clamped = try arm(#"<position joint="j" kp="100" forcerange="-0.1 0.1"/>"#)
    clamped.control = [1]
    #expect(abs(clamped.actuatorForce(0) - 0.1) < 1e-12)
    for _ in 0..<100 { try clamped.step() }
    #expect(abs(clamped.qvel[0] - 0.1 / Self.inertia * 0.1) < 1e-4)
    #expect(throws: ModelError.self) { try arm(#"<general joint="j" dyntype="muscle"/>"#) }
    #expect(throws: ModelError.self) { try arm(#"<general joint="j" dyntype="filter" dynprm="0"/>"#) }
  }

  /// Activation dynamics from rest under a unit control, h = 1 ms: a filter's Euler steps give
  /// 1 − (1 − h/τ)ⁿ, the exact filter (and a position servo's timeconst) 1 − e^(−nh/τ), an
  /// integrator n h up to its actrange; the force follows the activation, not the control.
  @Test(arguments: [
    (#"<general joint="j" dyntype="filter" dynprm="0.1"/>"#, 1 - pow(1 - 0.01, 50)),
    (#"<general joint="j" dyntype="filterexact" dynprm="0.1"/>"#, 1 - exp(-0.5)),
    (#"<position joint="j" kp="1" timeconst="0.1"/>"#, 1 - exp(-0.5)),
    (#"<general joint="j" dyntype="integrator"/>"#, 0.05),
    (#"<general joint="j" dyntype="integrator" actlimited="true" actrange="0 0.02"/>"#, 0.02),
  ])
  func activationsFollowTheirDynamics(actuator: String, expected: Double) throws {
    let simulation = try arm(actuator)
    simulation.control = [1]
    #expect(simulation.actuatorScalarForce(0) == 0, "no activation yet, so no force")
    for _ in 0..<50 { try simulation.step() }
    #expect(abs(simulation.activation[0] - expected) < 1e-12, "\(simulation.activation[0]) vs \(expected)")
    let bias = actuator.hasPrefix("<position") ? simulation.qpos[0] : 0
    #expect(abs(simulation.actuatorScalarForce(0) - (expected - bias)) < 1e-12)
    try simulation.reset()
    #expect(simulation.activation == [0])
  }
}
