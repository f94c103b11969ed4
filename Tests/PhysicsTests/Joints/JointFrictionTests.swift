import Foundation
import Testing
import TestSupport
@testable import Physics

/// MJCF `frictionloss` as ODE dry friction: a constant torque or force opposing motion, and
/// holding still below it.
@Suite struct JointFrictionTests {
  func model(_ joint: String, gravity: String = "0 0 0", flag: String = "") -> BodyModel {
    try! BodyModel(mjcf: """
      <mujoco><option timestep="0.001" gravity="\(gravity)">\(flag)</option>
        <worldbody><body><joint name="j" \(joint) frictionloss="0.5"/>
          <geom type="sphere" pos="0 0 -1" size="0.05" mass="2"/></body></worldbody></mujoco>
      """)
  }

  @Test func aSpinningHingeSlowsAtFrictionOverInertia() throws {
    let simulation = try Simulation(model: model("type=\"hinge\" axis=\"0 1 0\""))
    let inertia = 2 * (1 + 0.4 * 0.05 * 0.05)  // point mass at 1 m plus the sphere's own
    try simulation.setState(qpos: [0], qvel: [1])
    for _ in 0..<500 { try simulation.step() }
    #expect(abs(simulation.qvel[0] - (1 - 0.5 / inertia * 0.5)) < 2e-3, "\(simulation.qvel[0])")
    for _ in 0..<5000 { try simulation.step() }
    #expect(abs(simulation.qvel[0]) < 1e-6, "stops and stays")
  }

  @Test func aSlideSlowsAtFrictionOverMass() throws {
    let simulation = try Simulation(model: model("type=\"slide\" axis=\"1 0 0\""))
    try simulation.setState(qpos: [0], qvel: [1])
    for _ in 0..<500 { try simulation.step() }
    #expect(abs(simulation.qvel[0] - (1 - 0.5 / 2 * 0.5)) < 1e-3, "\(simulation.qvel[0])")
  }

  @Test func aPendulumHeldByFrictionStaysAndFlagsSwitchItOff() throws {
    // Gravity torque m g L sin θ = 2 · 9.81 · sin(0.02) = 0.39 N m < 0.5: it stays.
    let held = try Simulation(model: model("type=\"hinge\" axis=\"0 1 0\"", gravity: "0 0 -9.81"))
    try held.setState(qpos: [0.02], qvel: [0])
    for _ in 0..<1000 { try held.step() }
    #expect(abs(held.qpos[0] - 0.02) < 1e-4)
    let free = try Simulation(model: model(
      "type=\"hinge\" axis=\"0 1 0\"", gravity: "0 0 -9.81", flag: "<flag frictionloss=\"disable\"/>"))
    try free.setState(qpos: [0.02], qvel: [0])
    for _ in 0..<1000 { try free.step() }
    #expect(free.qpos[0] < 0.01)
  }
}
