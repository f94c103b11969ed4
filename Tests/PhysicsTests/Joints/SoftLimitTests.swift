import Foundation
import Testing
import TestSupport
@testable import Physics

/// Joint limits as soft as MuJoCo's (`SoftLimit`): the impedance curve, the inverse weight at
/// qpos0, and the resting violation under a steady push, against their closed forms.
@Suite struct SoftLimitTests {
  @Test func theImpedanceFollowsMuJoCosCurve() {
    // solimp 0 0.99 0.01 (midpoint 0.5, power 2), the humanoid's: y = 2x² below the midpoint,
    // 1 − 2(1 − x)² above it, d = d0 + y (dmax − d0), with d0 first raised to 0.0001.
    let soft = Impedance(d0: 0, dmax: 0.99, width: 0.01)
    #expect(soft.value(at: 0) == 0.0001)
    #expect(abs(soft.value(at: 0.0025) - (0.0001 + 0.125 * (0.99 - 0.0001))) < 1e-12)
    #expect(abs(soft.value(at: -0.0075) - (0.0001 + 0.875 * (0.99 - 0.0001))) < 1e-12)
    #expect(soft.value(at: 0.02) == 0.99)
    #expect(Impedance(d0: 0.2, dmax: 0.8, width: 0.1, power: 1).value(at: 0.05) == 0.5)
    #expect(Impedance(d0: 0.9, dmax: 0.9, width: 0.1).value(at: 0.05) == 0.9)
    #expect(Impedance(d0: 1, dmax: 1, width: 0.1).value(at: 0.5) == 0.9999)
  }

  func hingeNamed(_ name: String, in simulation: Simulation) throws -> HingeJoint {
    try #require(simulation.world.joints.compactMap { $0 as? HingeJoint }.first { $0.name == name })
  }

  @Test func theInverseWeightIsTheInverseInertiasDiagonalWithTheBaseFree() throws {
    // A box (2 kg, half sizes 0.2, 0.1, 0.05) on a free joint carries a disc (1 kg, radius 0.3)
    // on a hinge through both centres along z. Only the base's turn about z couples to the
    // hinge: M = [[I1 + I2, I2], [I2, I2 + a]], so (M⁻¹)₂₂ = (I1 + I2) / (I1 I2 + a (I1 + I2)).
    let i1 = 2 * (0.2 * 0.2 + 0.1 * 0.1) / 3, i2 = 1 * 0.3 * 0.3 / 2, a = 0.01
    let free = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option gravity="0 0 0"/><worldbody>
        <body name="base"><freejoint/><geom type="box" size="0.2 0.1 0.05" mass="2"/>
          <body name="disc"><joint name="hinge" axis="0 0 1" range="-30 30" armature="\(a)"/>
            <geom type="cylinder" size="0.3 0.01" mass="1"/></body></body>
      </worldbody></mujoco>
      """))
    let weight = try #require(try hingeNamed("hinge", in: free).softLimit?.inverseWeight)
    let expected = (i1 + i2) / (i1 * i2 + a * (i1 + i2))
    #expect(abs(weight - expected) < 1e-9 * expected, "\(weight) vs \(expected)")
    // Fixed to the world, the base no longer turns: 1 / (I2 + a).
    let fixed = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option gravity="0 0 0"/><worldbody>
          <body name="disc"><joint name="hinge" axis="0 0 1" range="-30 30" armature="\(a)"/>
            <geom type="cylinder" size="0.3 0.01" mass="1"/></body>
      </worldbody></mujoco>
      """))
    let fixedWeight = try #require(try hingeNamed("hinge", in: fixed).softLimit?.inverseWeight)
    #expect(abs(fixedWeight - 1 / (i2 + a)) < 1e-9 / (i2 + a))
  }

  /// A 1 kg ball on a 0.5 m arm, no gravity, pushed into its lower stop (−30°) by a motor of
  /// `torque` N·m; the limit's `solimplimit` as given.
  func pushedArm(torque: Double, solimp: String, softLimits: Bool = true) throws -> Simulation {
    var model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.002" gravity="0 0 0"/><worldbody>
        <body><joint name="hinge" axis="0 1 0" range="-30 30" solimplimit="\(solimp)"/>
          <geom type="sphere" pos="0.5 0 0" size="0.05" mass="1"/></body>
      </worldbody><actuator><motor joint="hinge" gear="\(torque)"/></actuator></mujoco>
      """)
    model.options.softLimits = softLimits
    let simulation = try Simulation(model: model)
    simulation.control = [-1]
    for _ in 0..<2_000 { try simulation.step() }
    return simulation
  }

  @Test func aPushedLimitRestsAtMuJoCosViolation() throws {
    // At rest the limit's force f = τ satisfies R f = k d |r| (MuJoCo's reference acceleration
    // at zero speed), R = (1 − d)/d · w: |r| = τ (1 − d) w / (k d²), k = 1 / (dmax² τc² ζ²).
    let inertia = 0.5 * 0.5 + 0.4 * 0.05 * 0.05, w = 1 / inertia
    let k = 1 / (0.95 * 0.95 * 0.02 * 0.02)
    let lower = -Double.pi / 6
    for torque in [20.0, 50.0] {
      let simulation = try pushedArm(torque: torque, solimp: "0.9 0.95 0.001")
      // Past the width, d = dmax = 0.95.
      let expected = torque * 0.05 * w / (k * 0.95 * 0.95)
      let violation = lower - simulation.qpos[0]
      #expect(abs(violation - expected) < 1e-3 * expected, "τ \(torque): \(violation) vs \(expected)")
      #expect(abs(simulation.qvel[0]) < 1e-9)
    }
    // Within the width the impedance is lower than dmax and the joint sinks further than the
    // saturated formula says; MuJoCo's curve gives the rest point where both sides agree.
    let gentle = try pushedArm(torque: 2, solimp: "0 0.99 0.01")
    let r = lower - gentle.qpos[0]
    let d = Impedance(d0: 0, dmax: 0.99, width: 0.01).value(at: r)
    let kSoft = 1 / (0.99 * 0.99 * 0.02 * 0.02)
    #expect(abs(2 * (1 - d) * w / (kSoft * d * d) - r) < 1e-3 * r, "\(r), d \(d)")
    // ODE's hard stop holds the same push to a far smaller violation.
    let hard = try pushedArm(torque: 50, solimp: "0.9 0.95 0.001", softLimits: false)
    #expect(lower - hard.qpos[0] < 1e-4)
  }

  @Test func aBadSolimplimitIsRefusedNamingTheAttribute() throws {
    #expect {
      try BodyModel(mjcf: """
        <mujoco><worldbody><body><joint axis="0 1 0" range="-30 30" solimplimit="0.9 0.95 -0.001"/>
          <geom type="sphere" size="0.05"/></body></worldbody></mujoco>
        """)
    } throws: { "\($0)".contains("solimplimit") && "\($0)".contains("width") }
  }

  /// One step of `h` from `violation` beyond a stop at `rate`, nothing else acting: ODE's row
  /// gives v' = v + h w λ with λ (w + R) = −b v − k d r and R = (1 − d)/d · w, so
  /// v' = v − h d (b v + k d r), the inverse weight cancelling.
  func expectOneStep(joint: String, range: String, start: Double, rate: Double, stop: Double) throws {
    let h = 0.002
    var model = try BodyModel(mjcf: """
      <mujoco><option timestep="\(h)" gravity="0 0 0"/><worldbody>
        <body>\(joint.replacingOccurrences(of: "RANGE", with: range))
          <geom type="sphere" pos="0.5 0 0" size="0.05" mass="1"/></body>
      </worldbody></mujoco>
      """)
    model.options.softLimits = true
    let simulation = try Simulation(model: model)
    var qpos = simulation.qpos, qvel = simulation.qvel
    qpos[0] = start
    qvel[0] = rate
    try simulation.setState(qpos: qpos, qvel: qvel)
    try simulation.step()
    let r = start - stop, impedance = Impedance.mujocoDefault
    let d = impedance.value(at: r), k = 1 / (0.95 * 0.95 * 0.02 * 0.02), b = 2 / (0.95 * 0.02)
    let expected = rate - h * d * (b * rate + k * d * r)
    #expect(abs(simulation.qvel[0] - expected) < 1e-6 * max(1, abs(expected)), "\(joint): \(simulation.qvel[0]) vs \(expected)")
  }

  @Test func oneStepBeyondAStopFollowsMuJoCosReferenceAcceleration() throws {
    let hinge = #"<joint name="j" axis="0 1 0" range="RANGE"/>"#
    let lower = -Double.pi / 6, upper = Double.pi / 3
    // Beyond the upper stop moving out, beyond the lower stop moving back in, and inside the
    // width of the impedance curve.
    try expectOneStep(joint: hinge, range: "-30 60", start: upper + 0.01, rate: 2, stop: upper)
    try expectOneStep(joint: hinge, range: "-30 60", start: lower - 0.02, rate: 0.5, stop: lower)
    try expectOneStep(joint: hinge, range: "-30 60", start: upper + 0.0004, rate: 1, stop: upper)
    let slide = #"<joint name="j" type="slide" axis="1 0 0" range="RANGE"/>"#
    try expectOneStep(joint: slide, range: "-0.1 0.2", start: 0.21, rate: 0.3, stop: 0.2)
    try expectOneStep(joint: slide, range: "-0.1 0.2", start: -0.105, rate: -1, stop: -0.1)
  }

  @Test func aUniversalJointsAxesAreSoftToo() throws {
    // Two perpendicular hinges at one point become one ODE universal joint; the arm along x
    // makes the axes' inertias independent (w = 1 / I each), so the pushed axis rests where a
    // lone hinge does.
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.002" gravity="0 0 0"/><worldbody>
        <body><joint name="a" axis="0 1 0" range="-30 30"/><joint name="b" axis="0 0 1" range="-30 30"/>
          <geom type="sphere" pos="0.5 0 0" size="0.05" mass="1"/></body>
      </worldbody><actuator><motor joint="a" gear="50"/></actuator></mujoco>
      """)
    let simulation = try Simulation(model: model)
    #expect(simulation.world.joints.contains { $0 is UniversalJoint })
    simulation.control = [-1]
    for _ in 0..<2_000 { try simulation.step() }
    let w = 1 / (0.25 + 0.4 * 0.05 * 0.05), k = 1 / (0.95 * 0.95 * 0.02 * 0.02)
    let expected = 50 * 0.05 * w / (k * 0.95 * 0.95)
    let violation = -Double.pi / 6 - simulation.qpos[0]
    #expect(abs(violation - expected) < 1e-3 * expected, "\(violation) vs \(expected)")
    #expect(abs(simulation.qpos[1]) < 1e-9)
  }
}
