import Foundation
import Randomness
import Testing
import TestSupport
@testable import Physics

@Suite struct SimulationTests {
  /// Random generalised coordinates within each joint's range (or ±π / ±0.5 m unlimited).
  func randomState(_ model: BodyModel, _ generator: inout RandomGenerator) -> (qpos: [Double], qvel: [Double]) {
    var qpos = [Double](), qvel = [Double]()
    for joint in model.joints {
      switch joint.type {
      case .hinge, .slide:
        let range = joint.range ?? (joint.type == .hinge ? -Double.pi...Double.pi : -0.5...0.5)
        qpos.append(generator.nextDouble(low: range.lowerBound, high: range.upperBound))
        qvel.append(generator.nextDouble(low: -2, high: 2))
      case .ball:
        let q = Quaternion(axis: Vector3(generator.nextDouble(low: -1, high: 1), 1, 0), angle: generator.nextDouble(low: -1, high: 1))
        qpos += [q.w, q.x, q.y, q.z]
        qvel += (0..<3).map { _ in generator.nextDouble(low: -2, high: 2) }
      case .free:
        let q = Quaternion(axis: Vector3(1, generator.nextDouble(low: -1, high: 1), 0), angle: generator.nextDouble(low: -1, high: 1))
        qpos += [0.1, -0.2, 1.5, q.w, q.x, q.y, q.z]
        qvel += (0..<6).map { _ in generator.nextDouble(low: -2, high: 2) }
      }
    }
    return (qpos, qvel)
  }

  @Test(arguments: SuiteModels.names)
  func generalisedCoordinatesRoundTrip(name: String) throws {
    let model = try SuiteModels.load(name)
    let simulation = try Simulation(model: model)
    #expect(simulation.qpos.count == model.positionCount && simulation.qvel.count == model.velocityCount)
    for (a, b) in zip(simulation.qpos, simulation.initialQpos) { #expect(abs(a - b) < 1e-12) }
    var generator = RandomGenerator(seed: 11)
    for _ in 0..<5 {
      let (qpos, qvel) = randomState(model, &generator)
      try simulation.setState(qpos: qpos, qvel: qvel)
      for (k, (a, b)) in zip(simulation.qpos, qpos).enumerated() {
        #expect(abs(a - b) < 1e-9, "\(name) qpos[\(k)]: \(a) vs \(b)")
      }
      for (k, (a, b)) in zip(simulation.qvel, qvel).enumerated() {
        #expect(abs(a - b) < 1e-9, "\(name) qvel[\(k)]: \(a) vs \(b)")
      }
    }
  }

  @Test func walkerFeetTouchTheFloorAtTheInitialPose() throws {
    let model = try SuiteModels.load("walker")
    let simulation = try Simulation(model: model)
    #expect(abs(simulation.bodyPosition(model.bodyIndex("torso")!).z - 1.3) < 1e-12)
    for foot in ["right_foot", "left_foot"] {
      let g = model.geomIndex(foot)!
      let z = simulation.geomPose(g).position.z
      #expect(abs(z - 0.05) < 1e-12, "\(foot) capsule bottom at \(z - 0.05)")
    }
    // xmat convention: rooty = 0.3 gives torso (xx, xz) = (0.9553, 0.2955) (tasks.md §0).
    var qpos = simulation.qpos
    qpos[model.jointIndex("rooty")!] = 0.3
    try simulation.setState(qpos: qpos, qvel: simulation.qvel)
    let r = simulation.bodyRotation(model.bodyIndex("torso")!)
    #expect(abs(r[0, 0] - 0.9553) < 1e-4 && abs(r[0, 2] - 0.2955) < 1e-4)
  }

  @Test(arguments: ["walker", "hopper", "cheetah"])
  func planarModelsStayInTheirPlane(name: String) throws {
    let model = try SuiteModels.load(name)
    let simulation = try Simulation(model: model)
    let startY = model.bodies.indices.map { simulation.bodyPosition($0).y }
    var generator = RandomGenerator(seed: 3)
    var worstY = 0.0, worstTilt = 0.0
    for _ in 0..<10_000 {
      try simulation.step(control: model.actuators.map { _ in generator.nextDouble(low: -1, high: 1) })
      for b in model.bodies.indices.dropFirst() {
        worstY = max(worstY, abs(simulation.bodyPosition(b).y - startY[b]))
        worstTilt = max(worstTilt, abs(1 - simulation.bodyRotation(b)[1, 1]))
      }
    }
    #expect(worstY < 1e-6, "\(name) left its plane by \(worstY) m")
    #expect(worstTilt < 1e-9, "\(name) turned out of its plane (1 − R_yy = \(worstTilt))")
  }

  /// A model file's pendulum (bob of radius r at distance d, no damping) swings with the
  /// physical pendulum's period 2π√(I / (m g d)), I = m d² + 2/5 m r²; armature a adds to I.
  @Test(arguments: [0.0, 0.05])
  func hingePendulumModelSwingsAtTheClosedFormPeriod(armature: Double) throws {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.001"/>
        <worldbody><body name="pole" pos="0 0 1">
          <joint name="hinge" axis="0 1 0" armature="\(armature)"/>
          <geom type="sphere" pos="0 0 -0.5" size="0.05" mass="1"/>
        </body></worldbody></mujoco>
      """)
    let period = try swingPeriod(Simulation(model: model), from: 0.05, steps: 8000)
    let inertia = 0.25 + 0.4 * 0.0025 + armature
    let expected = 2 * Double.pi * (inertia / (9.81 * 0.5)).squareRoot()
    #expect(abs(period - expected) / expected < 0.005, "period \(period) s vs \(expected) s")
  }

  @Test func motorsApplyGearTimesClampedControl() throws {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.01" gravity="0 0 0"/>
        <worldbody><body name="wheel">
          <joint name="axle" axis="0 0 1"/>
          <geom type="sphere" size="0.1" mass="2"/>
        </body></worldbody>
        <actuator><motor joint="axle" gear="3" ctrlrange="-1 1"/></actuator></mujoco>
      """)
    let simulation = try Simulation(model: model)
    try simulation.step(control: [5])  // clamped to 1
    let inertia = 0.4 * 2 * 0.01
    #expect(abs(simulation.qvel[0] - 3 * 0.01 / inertia) < 1e-9)
    #expect(simulation.control == [5], "the raw control is kept, as MuJoCo's data.ctrl")
    #expect(simulation.actuatorForce(0) == 3)
    #expect(throws: PhysicsError.self) { try simulation.step(control: [.nan]) }
  }

  /// Point mass: tendon motors push x and y separately; the body slides on two slide joints
  /// (one intermediate body) with implicit damping 1 N·s/m.
  @Test func tendonMotorsDriveThePointMass() throws {
    let model = try SuiteModels.load("point_mass")
    let simulation = try Simulation(model: model)
    try simulation.step(control: [1, 0])
    let dt = 0.02, m = 0.3, c = 1.0
    let expected = (0.1 / m * dt) / (1 + c * dt / m)
    #expect(abs(simulation.qvel[0] - expected) / expected < 1e-3, "vx \(simulation.qvel[0]) vs \(expected)")
    #expect(abs(simulation.qvel[1]) < 1e-12)
  }

  @Test func subtreeVelocityOfAFallingWalkerFollowsGravity() throws {
    let model = try SuiteModels.load("walker")
    let simulation = try Simulation(model: model)
    var qpos = simulation.qpos
    qpos[model.jointIndex("rootz")!] = 5
    try simulation.setState(qpos: qpos, qvel: [Double](repeating: 0, count: model.velocityCount))
    for _ in 0..<400 { try simulation.step() }  // 1 s of free fall (dt 0.0025), no contact
    let v = simulation.sensorValue(model.sensorIndex("torso_subtreelinvel")!)
    #expect(abs(v[2] + 9.81 * 1.0) < 1e-2 * 9.81, "vz \(v[2])")
    #expect(abs(v[0]) < 1e-6)
  }

  @Test func touchSensorFeelsTheWeightItCarries() throws {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.002"/>
        <worldbody>
          <geom type="plane" size="1 1 1"/>
          <body name="box" pos="0 0 0.1"><freejoint/>
            <geom type="box" size="0.1 0.1 0.1" mass="2"/>
            <site name="sole" pos="0 0 -0.1" size="0.2"/>
            <site name="elsewhere" pos="0 0 0.3" size="0.05"/>
          </body>
        </worldbody>
        <sensor><touch name="sole" site="sole"/><touch name="top" site="elsewhere"/></sensor></mujoco>
      """)
    let simulation = try Simulation(model: model)
    for _ in 0..<500 { try simulation.step() }
    #expect(abs(simulation.sensorValue(0)[0] - 2 * 9.81) < 0.02 * 2 * 9.81)
    #expect(simulation.sensorValue(1)[0] == 0)
  }

  @Test func resetReturnsToTheInitialStateExactly() throws {
    let model = try SuiteModels.load("hopper")
    let simulation = try Simulation(model: model)
    let start = simulation.world.snapshot()
    for _ in 0..<100 { try simulation.step(control: [1, -1, 0.5, 0]) }
    try simulation.reset()
    #expect(simulation.world.snapshot() == start)
    #expect(simulation.control == [0, 0, 0, 0])
  }

  /// A strong motor on the first of a body's two joints pushes on the light intermediate link;
  /// the joints pass that torque on, so it is no divergence (humanoid's abdomen, hips, shoulders).
  @Test func aStrongMotorOnAMultiJointBodyTurnsTheBody() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.005" gravity="0 0 0"/>
        <worldbody><body><joint name="a" axis="0 0 1"/><joint name="b" axis="0 1 0"/>
          <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.05" mass="2"/></body></worldbody>
        <actuator><motor joint="a" gear="120"/></actuator></mujoco>
      """))
    simulation.control = [1]
    for _ in 0..<20 { try simulation.step() }
    // The body turns about z under 120 N m; it has not turned about y.
    #expect(simulation.qvel[0] > 1)
    #expect(abs(simulation.qvel[1]) < 1e-3 * simulation.qvel[0], "\(simulation.qvel)")
  }

  /// A hinge on a body whose frame is turned, with a range not centred on zero (humanoid_CMU's
  /// feet): the angle reads zero at qpos0, and a motor pushing either way stops at each limit.
  @Test(arguments: ["0.707107 -0.707107 0 0", "0.9 0.3 0.2 0.1", "1 0 0 0"])
  func anAsymmetricRangeOnATurnedBodyIsHeldWhereItSays(quat: String) throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001" gravity="0 0 0"/><worldbody><body pos="0 0 1" quat="\(quat)">
        <joint name="j" axis="0 0 1" range="-70 20" damping="0.05"/><geom type="capsule" fromto="0 0 0 0.2 0 0" size="0.02" mass="1"/>
      </body></worldbody><actuator><motor joint="j"/></actuator></mujoco>
      """))
    #expect(abs(simulation.qpos[0]) < 1e-12, "qpos0 reads \(simulation.qpos[0])")
    for (control, limit) in [(0.5, 20.0), (-0.5, -70.0)] {
      simulation.control = [control]
      for _ in 0..<3000 { try simulation.step() }
      #expect(abs(simulation.qpos[0] - limit * Double.pi / 180) < 0.01, "held at \(simulation.qpos[0] * 180 / Double.pi)°")
    }
  }
}
