import Foundation
import Testing
import TestSupport
@testable import Physics

/// Sensors on hand-set states: velocities in site frames, frame axes and velocities, the
/// accelerometer at rest and in free fall, actuator force, subtree angular momentum.
@Suite struct SensorTests {
  static let sensors = """
    <sensor>
      <velocimeter site="s"/><gyro site="s"/><accelerometer site="s"/>
      <framexaxis objtype="site" objname="s"/><framezaxis objtype="body" objname="b"/>
      <framelinvel objtype="site" objname="s"/><frameangvel objtype="body" objname="b"/>
      <subtreeangmom body="b"/>
    </sensor>
    """

  func box(floor: Bool) throws -> Simulation {
    try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001"/>
        <worldbody>\(floor ? "<geom type=\"plane\" size=\"5 5 1\"/>" : "")
          <body name="b" pos="0 0 0.1"><freejoint/>
            <geom type="box" size="0.1 0.2 0.1" mass="3"/>
            <site name="s" pos="0.1 0 0" euler="0 0 90"/>
          </body>
        </worldbody>\(Self.sensors)</mujoco>
      """))
  }

  func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-9) -> Bool {
    zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
  }

  @Test func velocitiesAndAxesOnAHandSetState() throws {
    let simulation = try box(floor: false)
    // Moving at (1, 0, 0) m/s and turning at 2 rad/s about z, from the reset pose.
    var qvel = [Double](repeating: 0, count: 6)
    qvel[0] = 1
    qvel[5] = 2
    try simulation.setState(qpos: simulation.initialQpos, qvel: qvel)
    // The site is 0.1 m along x: world velocity (1, 0.2, 0); its frame is turned 90° about z.
    #expect(close(simulation.sensorValue(5), [1, 0.2, 0]), "framelinvel \(simulation.sensorValue(5))")
    #expect(close(simulation.sensorValue(0), [0.2, -1, 0]), "velocimeter \(simulation.sensorValue(0))")
    #expect(close(simulation.sensorValue(1), [0, 0, 2]), "gyro")
    #expect(close(simulation.sensorValue(3), [0, 1, 0]), "the site's x axis is the world's y")
    #expect(close(simulation.sensorValue(4), [0, 0, 1]))
    #expect(close(simulation.sensorValue(6), [0, 0, 2]))
    // Spin about z: I_zz ω = m (a² + b²)/3 · ω with half-sizes 0.1 and 0.2.
    #expect(close(simulation.sensorValue(7), [0, 0, 3 * (0.01 + 0.04) / 3 * 2], 1e-9), "\(simulation.sensorValue(7))")
  }

  @Test func theAccelerometerReadsGravityAtRestAndNothingInFreeFall() throws {
    let resting = try box(floor: true)
    for _ in 0..<500 { try resting.step() }
    #expect(close(resting.sensorValue(2), [0, 0, 9.81], 0.02), "at rest: \(resting.sensorValue(2))")
    let falling = try box(floor: false)
    for _ in 0..<50 { try falling.step() }
    #expect(close(falling.sensorValue(2), [0, 0, 0], 1e-6), "falling: \(falling.sensorValue(2))")
  }

  @Test func actuatorForceIsTheForceBeforeTheGear() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><worldbody><body><joint name="j"/><geom size="0.1"/></body></worldbody>
        <actuator><motor name="m" joint="j" gear="3" ctrlrange="-1 1" ctrllimited="true"/></actuator>
        <sensor><actuatorfrc actuator="m"/></sensor></mujoco>
      """))
    simulation.control = [2]
    #expect(simulation.sensorValue(0) == [1])
    #expect(simulation.actuatorForce(0) == 3)
  }

  /// A 2 kg point mass 0.5 m out on a horizontal arm, hinged at the site and held still by a motor:
  /// the parent pushes up with m g and twists with −m g L about the hinge axis (y).
  func heldArm(joints: String) throws -> Simulation {
    try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.002"/>
        <worldbody><body name="arm" pos="0 0 1">\(joints)
          <geom type="sphere" size="0.01" pos="0.5 0 0" mass="2"/><site name="s"/>
        </body></worldbody>
        <actuator><motor joint="jy"/></actuator>
        <sensor><force site="s"/><torque site="s"/></sensor></mujoco>
      """))
  }

  @Test(arguments: [
    "<joint name=\"jy\" axis=\"0 1 0\"/>",
    // Two joints (one universal joint): the motor drives the first.
    "<joint name=\"jy\" axis=\"0 1 0\"/><joint name=\"jx\" axis=\"1 0 0\"/>",
    // Three (a universal joint and a hinge, a light body between): the last joint's constraint
    // passes the first's torque on.
    "<joint name=\"jy\" axis=\"0 1 0\"/><joint name=\"jx\" axis=\"1 0 0\"/><joint name=\"jz\" axis=\"0 0 1\"/>",
  ])
  func forceAndTorqueHoldingAnArmStill(joints: String) throws {
    let simulation = try heldArm(joints: joints)
    let weight = 2 * 9.81
    simulation.control = [-weight * 0.5]
    for _ in 0..<200 { try simulation.step() }
    // Still to 1e-5 rad/s after 0.4 s: stepping in joint coordinates, the joints' own constraint
    // softness (the world's CFM of 1e-10) leaves a steady 5e-6 rad/s² that ODE's drift
    // correction used to cancel.
    #expect(simulation.qvel.allSatisfy { abs($0) < 1e-5 }, "the arm stays still: \(simulation.qvel)")
    #expect(close(simulation.sensorValue(0), [0, 0, weight], 1e-3), "force \(simulation.sensorValue(0))")
    #expect(close(simulation.sensorValue(1), [0, -weight * 0.5, 0], 1e-3), "torque \(simulation.sensorValue(1))")
  }
}
