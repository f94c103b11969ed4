import Foundation
import Testing
import TestSupport
@testable import Physics

/// MuJoCo's inertia-box fluid model: a box falling flat reaches the terminal speed at which its
/// weight equals the drag, ½ ρ b_x b_y v² (density) or 3π β b̄ v (viscosity); wind blows a body
/// along; tendon springs; ellipsoid mass and collision.
@Suite struct FluidTests {
  func fallingBox(_ medium: String, flags: String = "") throws -> Simulation {
    try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001" \(medium)>\(flags)</option>
        <worldbody><body pos="0 0 10"><freejoint/><geom type="box" size="0.1 0.2 0.05" mass="1"/></body></worldbody>
      </mujoco>
      """))
  }

  @Test func aBoxFallingThroughADenseFluidReachesTheQuadraticTerminalSpeed() throws {
    let simulation = try fallingBox(#"density="1000""#)
    for _ in 0..<2000 { try simulation.step() }
    let expected = (2 * 9.81 / (1000 * 0.2 * 0.4)).squareRoot()
    #expect(abs(-simulation.qvel[2] - expected) / expected < 1e-3, "\(simulation.qvel[2]) vs −\(expected)")
  }

  @Test func aBoxFallingThroughAViscousFluidReachesTheStokesTerminalSpeed() throws {
    let simulation = try fallingBox(#"viscosity="10""#)
    for _ in 0..<2000 { try simulation.step() }
    let expected = 9.81 / (3 * Double.pi * 10 * (0.2 + 0.4 + 0.1) / 3)
    #expect(abs(-simulation.qvel[2] - expected) / expected < 1e-3, "\(simulation.qvel[2]) vs −\(expected)")
  }

  @Test func windCarriesABodyAtTheWindSpeed() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001" gravity="0 0 0" density="1000" wind="2 0 0"/>
        <worldbody><body><freejoint/><geom type="box" size="0.1 0.1 0.1" mass="0.1"/></body></worldbody></mujoco>
      """))
    for _ in 0..<3000 { try simulation.step() }
    #expect(abs(simulation.qvel[0] - 2) < 0.02, "\(simulation.qvel[0])")
    // No medium, no drag: a spinning body keeps spinning.
    let still = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option gravity="0 0 0"/><worldbody><body><freejoint/><geom size="0.1"/></body></worldbody></mujoco>
      """))
    try still.setState(qpos: still.initialQpos, qvel: [0, 0, 0, 0, 0, 3])
    for _ in 0..<100 { try still.step() }
    #expect(abs(still.qvel[5] - 3) < 1e-9)
  }

  /// A hinge held only by a fixed tendon's spring swings at 2π √(I / k).
  @Test func aTendonSpringSwingsAtItsNaturalPeriod() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.0005" gravity="0 0 0"/>
        <worldbody><body><joint name="j" axis="0 0 1"/><geom type="sphere" size="0.01" pos="0.5 0 0" mass="2"/></body></worldbody>
        <tendon><fixed stiffness="3"><joint joint="j" coef="2"/></fixed></tendon></mujoco>
      """))
    // Torque −c k (c q) on the joint: stiffness c² k = 12; inertia m L² + 2/5 m r².
    let inertia = 2 * 0.25 + 0.4 * 2 * 0.0001
    let expected = 2 * Double.pi * (inertia / 12).squareRoot()
    let period = try swingPeriod(simulation, from: 0.2, steps: 8000)
    #expect(abs(period - expected) / expected < 0.002, "\(period) vs \(expected)")
  }

  @Test func anEllipsoidHasItsExactMassAndInertiaAndCollidesAsItsCapsule() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001"/>
        <worldbody><geom type="plane" size="5 5 1"/>
          <body pos="0 0 0.5"><freejoint/><geom type="ellipsoid" size="0.3 0.1 0.2" density="500"/></body></worldbody>
      </mujoco>
      """))
    let body = try #require(simulation.world.bodies.first)
    let mass = 500 * 4 / 3 * Double.pi * 0.3 * 0.1 * 0.2
    #expect(abs(body.mass - mass) < 1e-12)
    #expect(abs(body.inertia[0, 0] - mass * (0.01 + 0.04) / 5) < 1e-12)
    #expect(abs(body.inertia[2, 2] - mass * (0.09 + 0.01) / 5) < 1e-12)
    for _ in 0..<2000 { try simulation.step() }
    // At rest on the capsule along x, radius (0.1 + 0.2) / 2.
    #expect(abs(simulation.qpos[2] - 0.15) < 2e-3, "\(simulation.qpos[2])")
  }

  @Test func thePassiveFlagSwitchesTheFluidOff() throws {
    let simulation = try fallingBox(#"density="1000""#, flags: #"<flag passive="disable"/>"#)
    for _ in 0..<100 { try simulation.step() }
    #expect(abs(simulation.qvel[2] + 9.81 * 0.1) < 1e-9, "free fall: \(simulation.qvel[2])")
  }

  /// With a dead band (two springlength numbers) the tendon spring is slack inside the band and
  /// pulls back to its nearer end outside it (overdamped, so it creeps up to the end and stops).
  @Test func aTendonSpringWithADeadBandIsSlackInsideIt() throws {
    func settle(from angle: Double) throws -> Double {
      let simulation = try Simulation(model: BodyModel(mjcf: """
        <mujoco><option timestep="0.001" gravity="0 0 0"/>
          <worldbody><body><joint name="j" axis="0 0 1" damping="5"/><geom type="sphere" size="0.01" pos="0.5 0 0" mass="2"/></body></worldbody>
          <tendon><fixed stiffness="3" springlength="0.1 0.3"><joint joint="j" coef="1"/></fixed></tendon></mujoco>
        """))
      try simulation.setState(qpos: [angle], qvel: [0])
      for _ in 0..<16000 { try simulation.step() }
      return simulation.qpos[0]
    }
    #expect(abs(try settle(from: 0.2) - 0.2) < 1e-9)
    #expect(abs(try settle(from: 0.6) - 0.3) < 1e-3)
    #expect(abs(try settle(from: -0.3) - 0.1) < 1e-3)
  }
}
