import Foundation
import Testing
import TestSupport
@testable import Physics

/// Joint limits as soft as MuJoCo's (`SoftLimit`): the impedance curve, the inverse weight at
/// qpos0, and the resting violation under a steady push, against their closed forms.
@Suite struct SoftLimitTests {
  @Test func theImpedanceFollowsMuJoCosCurve() {
    // solimp 0 0.99 0.01 (midpoint 0.5, power 2), the humanoid's: y = 2x² below the midpoint,
    // 1 − 2(1 − x)² above it, d = d0 + y (dmax − d0), kept within [0.0001, 0.9999].
    let soft = Impedance(d0: 0, dmax: 0.99, width: 0.01)
    #expect(soft.value(at: 0) == 0.0001)
    #expect(abs(soft.value(at: 0.0025) - 0.125 * 0.99) < 1e-12)
    #expect(abs(soft.value(at: -0.0075) - 0.875 * 0.99) < 1e-12)
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
        <mujoco><worldbody><body><joint axis="0 1 0" range="-30 30" solimplimit="0.9 1.5 0.001"/>
          <geom type="sphere" size="0.05"/></body></worldbody></mujoco>
        """)
    } throws: { "\($0)".contains("solimplimit") && "\($0)".contains("dmax") }
  }
}
