import Foundation
import Testing
import TestSupport
@testable import Physics

/// A joint at its stop keeps its damper and armature (`StopCarrier`): the stop still holds and
/// the joint's limits still read as set. (ODE's solver surviving the swimmers' soft stops, which
/// the first arrangement of the two rows did not, is `SuiteTests.swimmer15SurvivesRandomStrokes`.)
@Suite struct StopCarrierTests {
  let h = 0.002

  func hinge(in simulation: Simulation) throws -> HingeJoint {
    try #require(simulation.world.joints.compactMap { $0 as? HingeJoint }.first)
  }

  @Test(arguments: [(1e-6, ""), (1e-3, "solimplimit=\"0 0.99 0.01\"")])
  func aHingeOnItsStopKeepsItsArmatureAndDamping(tolerance: Double, softness: String) throws {
    // A 1 kg ball on a 0.5 m arm (inertia 0.25 + 0.4 · 0.05²), armature 0.1, damping 2, starting
    // at rest just past its upper stop (30°) with a torque of 3 N·m pulling it away: the limit
    // pushes nothing (a stop as soft as the walker's, from d = 0, next to nothing at the
    // surface), so the first step's rate is h τ / (I + armature + h D) as between the stops;
    // without the armature it would be 40 % faster.
    let inertia = 0.5 * 0.5 + 0.4 * 0.05 * 0.05, armature = 0.1, damping = 2.0, torque = 3.0
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="\(h)" gravity="0 0 0"/><worldbody>
        <body><joint name="hinge" axis="0 1 0" range="-30 30" armature="\(armature)" damping="\(damping)"
          \(softness)/>
          <geom type="sphere" pos="0.5 0 0" size="0.05" mass="1"/></body>
      </worldbody><actuator><motor joint="hinge" gear="\(torque)"/></actuator></mujoco>
      """))
    try simulation.setState(qpos: [Double.pi / 6 + 1e-4], qvel: [0])
    simulation.control = [-1]
    try simulation.step()
    let expected = -h * torque / (inertia + armature + h * damping)
    #expect(abs(simulation.qvel[0] - expected) < tolerance * abs(expected), "\(simulation.qvel[0]) vs \(expected)")
    // While the carrier holds the stop the joint's own ODE stops are open; its limits still
    // read as set.
    let limits = try hinge(in: simulation).limits
    #expect(abs(limits.lowerBound + Double.pi / 6) < 1e-12 && abs(limits.upperBound - Double.pi / 6) < 1e-12)
  }

  @Test(arguments: ["Euler", "RK4"])
  func anArmPushedIntoASoftStopComesToRestOnIt(integrator: String) throws {
    // Pushed steadily into its 30° stop, the arm rests where the stop's pull balances the
    // torque (the resting violation of a soft limit is a few hundredths of a radian at most),
    // with its damper and armature on the joint's own row and the stop held by the carrier.
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="\(h)" gravity="0 0 0" integrator="\(integrator)"/><worldbody>
        <body><joint name="hinge" axis="0 1 0" range="-30 30" damping="2" armature="0.01"
          solimplimit="0 0.99 0.01"/>
          <geom type="sphere" pos="0.5 0 0" size="0.05" mass="1"/></body>
      </worldbody><actuator><motor joint="hinge" gear="3"/></actuator></mujoco>
      """))
    simulation.control = [1]
    for _ in 0..<1000 { try simulation.step() }
    #expect(simulation.qpos[0].isFinite && simulation.qvel[0].isFinite)
    #expect(simulation.qpos[0] > Double.pi / 6 && simulation.qpos[0] < Double.pi / 6 + 0.05, "\(simulation.qpos[0])")
    #expect(abs(simulation.qvel[0]) < 1e-3, "\(simulation.qvel[0])")
    // Driven back, it leaves the stop: the joint's own stops are restored and hold at −30°.
    simulation.control = [-1]
    for _ in 0..<1000 { try simulation.step() }
    #expect(simulation.qpos[0] < -Double.pi / 6 && simulation.qpos[0] > -Double.pi / 6 - 0.05, "\(simulation.qpos[0])")
  }

  @Test func aDampedSlideRestsOnASoftStopWithoutACarrier() throws {
    // ODE's linear motor has no stops, so beside one of MuJoCo's softest stops a slide has no
    // carrier: at the stop its own motor row must have no force (ODE would push with its whole
    // unbounded budget there), and the block pushed into the stop comes to rest on it.
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="\(h)" gravity="0 0 0" integrator="RK4"/><worldbody>
        <body><joint name="slide" type="slide" axis="1 0 0" range="-0.3 0.3" damping="2"
          solimplimit="0 0.99 0.01"/>
          <geom type="sphere" size="0.05" mass="1"/></body>
      </worldbody><actuator><motor joint="slide" gear="3"/></actuator></mujoco>
      """))
    simulation.control = [1]
    for _ in 0..<1000 { try simulation.step() }
    #expect(simulation.qpos[0].isFinite && simulation.qvel[0].isFinite)
    #expect(simulation.qpos[0] > 0.3 && simulation.qpos[0] < 0.35, "\(simulation.qpos[0])")
    #expect(abs(simulation.qvel[0]) < 1e-3, "\(simulation.qvel[0])")
  }
}
