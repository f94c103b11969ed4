import Foundation
import Testing
import TestSupport
@testable import Physics

/// `<inertial>` and `inertiafromgeom`: explicit mass, centre and inertia read back exactly and
/// swing at the compound pendulum's period.
@Suite struct InertialTests {
  @Test func anInertialBodysMassAndInertiaReadBackExactly() throws {
    // diaginertia (0.1, 0.2, 0.3) in a frame turned 90° about z: (0.2, 0.1, 0.3) in the body.
    let model = try BodyModel(mjcf: mjcf("""
      <body name="b" pos="0 0 1"><freejoint/>
        <inertial pos="0.1 0 0" quat="0.7071067811865476 0 0 0.7071067811865476" mass="2" diaginertia="0.1 0.2 0.3"/>
        <geom type="sphere" size="0.05" mass="7"/>
      </body>
      """))
    #expect(model.bodies[1].mass == 2 && model.totalMass == 2, "the geom's mass is replaced")
    #expect(model.bodies[1].centerOfMass == Vector3(0.1, 0, 0))
    let body = try Simulation(model: model).world.bodies[0]
    #expect(body.mass == 2)
    #expect(abs(body.localCenterOfMass.x - 0.1) < 1e-15)
    #expect(abs(body.inertia[0, 0] - 0.2) < 1e-12 && abs(body.inertia[1, 1] - 0.1) < 1e-12)
    #expect(abs(body.inertia[2, 2] - 0.3) < 1e-12 && abs(body.inertia[0, 1]) < 1e-12)
    // fullinertia, in the body frame.
    let full = try BodyModel(mjcf: mjcf("""
      <body pos="0 0 1"><freejoint/><inertial pos="0 0 0" mass="1" fullinertia="0.3 0.3 0.4 0.01 0 0"/></body>
      """))
    let fullBody = try Simulation(model: full).world.bodies[0]
    #expect(abs(fullBody.inertia[0, 1] - 0.01) < 1e-12 && abs(fullBody.inertia[2, 2] - 0.4) < 1e-12)
  }

  /// A compound pendulum whose mass and inertia come only from `<inertial>`: period
  /// 2π √((I_c + m d²) / (m g d)).
  @Test func anInertialPendulumSwingsAtItsClosedFormPeriod() throws {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.001"/>
        <worldbody><body pos="0 0 1"><joint axis="0 1 0"/>
          <inertial pos="0 0 -0.5" mass="1" diaginertia="0.02 0.02 0.001"/></body></worldbody></mujoco>
      """)
    let period = try swingPeriod(Simulation(model: model), from: 0.05, steps: 8000)
    let expected = 2 * Double.pi * ((0.02 + 0.25) / (9.81 * 0.5)).squareRoot()
    #expect(abs(period - expected) / expected < 0.005, "period \(period) s vs \(expected) s")
  }

  @Test func inertiaFromGeomChoosesTheSource() throws {
    let body = """
      <body name="a" pos="0 0 1"><freejoint/><inertial pos="0 0 0" mass="2" diaginertia="0.1 0.1 0.1"/>
        <geom type="sphere" size="0.1" mass="5"/></body>
      <body name="b" pos="1 0 1"><freejoint/><geom type="sphere" size="0.1" mass="3"/></body>
      """
    func masses(_ mode: String) throws -> [Double] {
      let model = try BodyModel(mjcf: mjcf(body, extra: "<compiler inertiafromgeom=\"\(mode)\"/>"))
      return model.bodies.dropFirst().map(\.mass)
    }
    #expect(try masses("auto") == [2, 3])
    #expect(try masses("true") == [5, 3])
    #expect(try masses("false") == [2, 0])
    // settotalmass scales inertials too.
    let scaled = try BodyModel(mjcf: mjcf(body, extra: "<compiler settotalmass=\"10\"/>"))
    #expect(abs(scaled.totalMass - 10) < 1e-12 && abs(scaled.bodies[1].mass - 4) < 1e-12)
    #expect(throws: ModelError.self) { try BodyModel(mjcf: mjcf("<body><inertial pos=\"0 0 0\" mass=\"1\"/></body>")) }
  }
}

/// `<keyframe>`: named states, checked against the model's sizes, usable as initial states.
@Suite struct KeyframeTests {
  @Test func aKeyIsAStateTheSimulationCanStartFrom() throws {
    let model = try BodyModel(mjcf: """
      <mujoco><worldbody>
        <body name="arm"><joint name="j" axis="0 1 0"/><geom type="capsule" fromto="0 0 0 0 0 -1" size="0.05"/></body>
        <body name="ball" pos="2 0 1"><freejoint/><geom type="sphere" size="0.1"/></body>
      </worldbody>
      <actuator><motor joint="j"/></actuator>
      <keyframe><key name="raised" qpos="0.5 2 0 1.5 1 0 0 0" qvel="0.1 0 0 0 0 0 0" ctrl="0.3"/><key name="empty"/></keyframe>
      </mujoco>
      """)
    #expect(model.keyframes.map(\.name) == ["raised", "empty"])
    let simulation = try Simulation(model: model)
    try simulation.reset(to: model.keyframes[0])
    #expect(abs(simulation.qpos[0] - 0.5) < 1e-12 && abs(simulation.qpos[3] - 1.5) < 1e-12)
    #expect(abs(simulation.qvel[0] - 0.1) < 1e-12 && simulation.control == [0.3])
    try simulation.reset(to: model.keyframes[1])
    #expect(simulation.qpos == simulation.initialQpos && simulation.control == [0])
    do {
      _ = try BodyModel(mjcf: mjcf("<body><joint/><geom size=\"0.1\"/></body>", extra: "")
        .replacingOccurrences(of: "</mujoco>", with: "<keyframe>\n<key qpos=\"1 2\"/></keyframe></mujoco>"))
      Issue.record("accepted a key of the wrong size")
    } catch let error as ModelError {
      #expect(error.description.contains("needs 1 numbers") && error.line > 1, "\(error)")
    }
  }
}
