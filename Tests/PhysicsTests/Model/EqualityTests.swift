import Foundation
import Testing
import TestSupport
@testable import Physics

/// `<equality>`: a pendulum hung by `connect` keeps the closed-form period, `weld` holds a free
/// body, joint and tendon couplings hold their sums (exactly through an angular motor on a path of
/// parallel hinges or as a gear's mesh between two hinges on one body, in joint space after ODE's
/// step otherwise), and the flags switch them off.
@Suite struct EqualityTests {
  /// A ball of radius 0.05 m on a free joint, its centre `length` below the anchor, started 0.1 rad
  /// out; the anchor is connected to the world.
  @Test func aBallHungByConnectSwingsAtTheCompoundPendulumPeriod() throws {
    let length = 0.5, angle = 0.1, radius = 0.05
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001"/>
        <worldbody><body name="ball" pos="\(length * sin(angle)) 0 \(1 - length * cos(angle))"><freejoint/>
          <geom type="sphere" size="\(radius)" mass="1"/></body></worldbody>
        <equality><connect body1="ball" anchor="\(-length * sin(angle)) 0 \(length * cos(angle))"/></equality>
      </mujoco>
      """))
    var xs = [Double]()
    for _ in 0..<6000 {
      try simulation.step()
      xs.append(simulation.bodyPosition(1).x)
    }
    let crossings = downwardZeroCrossings(xs, timestep: simulation.timestep)
    let period = (crossings.last! - crossings.first!) / Double(crossings.count - 1)
    let inertia = 0.4 * radius * radius + length * length
    let expected = 2 * Double.pi * (inertia / (9.81 * length)).squareRoot()
    #expect(abs(period - expected) / expected < 0.005, "period \(period) s vs \(expected) s")
    // The anchor stays put.
    let anchor = simulation.bodyPose(1).transform(Vector3(-length * sin(angle), 0, length * cos(angle)))
    #expect((anchor - Vector3(0, 0, 1)).length < 1e-4, "anchor at \(anchor)")
  }

  @Test func aWeldHoldsAFreeBodyWhereItWas() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><worldbody><body name="b" pos="0.3 0 1" euler="0 30 0"><freejoint/>
        <geom type="box" size="0.1 0.2 0.05" mass="2"/></body></worldbody>
        <equality><weld body1="b"/></equality></mujoco>
      """))
    let start = simulation.bodyPose(1)
    for _ in 0..<1000 { try simulation.step() }
    let end = simulation.bodyPose(1)
    #expect((end.position - start.position).length < 1e-4, "moved to \(end.position)")
    #expect(abs(abs((start.orientation.conjugate * end.orientation).w) - 1) < 1e-8)
  }

  /// Two bodies hinged about y on a shared arm; `coupling` is the `<equality>` body. A motor turns
  /// the first hinge; returns (q1, q2) after one second.
  func coupledPair(siblings: Bool, secondAxis: String = "0 1 0", equality: String, flag: String = "") throws
    -> (Double, Double)
  {
    let second = """
      <body name="b2" pos="\(siblings ? "0 0 -0.2" : "0.3 0 0")"><joint name="j2" axis="\(secondAxis)"/>
        <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.03" mass="0.5"/></body>
      """
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.002" gravity="0 0 0">\(flag)</option>
        <worldbody><body name="b1"><joint name="j1" axis="0 1 0"/>
          <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.03" mass="1"/>\(siblings ? "" : second)</body>
          \(siblings ? second : "")</worldbody>
        <tendon><fixed name="sum"><joint joint="j1" coef="1"/><joint joint="j2" coef="1"/></fixed></tendon>
        <actuator><motor joint="j1"/></actuator>
        <equality>\(equality)</equality></mujoco>
      """))
    simulation.control = [0.2]
    for _ in 0..<500 { try simulation.step() }
    return (simulation.qpos[0], simulation.qpos[1])
  }

  @Test func aTendonEqualityOnAChainHoldsTheEndBodyStill() throws {
    // j1 + j2 = 0: the outer body keeps its orientation while the inner one turns (quadruped's legs).
    let (q1, q2) = try coupledPair(siblings: false, equality: "<tendon tendon1=\"sum\"/>")
    #expect(abs(q1) > 0.3, "the motor turned the first hinge: \(q1)")
    #expect(abs(q1 + q2) < 1e-3 * abs(q1), "q1 \(q1), q2 \(q2)")
  }

  @Test func aJointEqualityBetweenSiblingsMovesThemTogether() throws {
    let (q1, q2) = try coupledPair(siblings: true, equality: "<joint joint1=\"j2\" joint2=\"j1\"/>")
    #expect(abs(q1) > 0.3)
    #expect(abs(q1 - q2) < 1e-3 * abs(q1), "q1 \(q1), q2 \(q2)")
  }

  /// A rod on a hinge (no gravity) held at angle 0 by a joint equality, started 0.05 rad off:
  /// MuJoCo's soft equality in its Euler step, worked by hand. With A = 1/I (the hinge's
  /// `dof_invweight0`), R = (1 − d)/d · A and the force f = I (ṙ′ − ṙ)/h, the constraint's row
  /// ṙ′ = (1 − hB) ṙ − h K d r − h R f gives ṙ′ = (d (1 − hB) + 1 − d) ṙ − h K d² r (R I = (1 − d)/d:
  /// the inertia drops out), and
  /// r′ = r + h ṙ′; d follows `solimp` at |r|, K and B `solref` (τ at least two steps).
  @Test func aJointEqualityPullsBackAsMuJoCosSoftConstraint() throws {
    let h = 0.005
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="\(h)" gravity="0 0 0"/><worldbody>
        <body><joint name="j" axis="0 1 0" armature="0.01"/>
          <geom type="capsule" fromto="0 0 0 0.5 0 0" size="0.02" mass="1"/></body>
      </worldbody>
      <equality><joint joint1="j" solref="0.02 0.7" solimp="0.8 0.95 0.1"/></equality></mujoco>
      """)
    let simulation = try Simulation(model: model)
    try simulation.setState(qpos: [0.05], qvel: [0])
    let equality = model.equalities[0]
    let dmax = 0.95, tau = 0.02, zeta = 0.7
    let k = 1 / (dmax * dmax * tau * tau * zeta * zeta), b = 2 / (dmax * tau)
    var r = 0.05, rate = 0.0, worst = 0.0
    for _ in 0..<100 {
      try simulation.step()
      let d = equality.impedance.value(at: abs(r))
      rate = (d * (1 - h * b) + 1 - d) * rate - h * k * d * d * r
      r += h * rate
      worst = max(worst, abs(simulation.qpos[0] - r), abs(simulation.qvel[0] - rate) * h)
    }
    #expect(abs(r) < 0.01, "the constraint pulled back: \(r)")
    #expect(worst < 1e-9, "largest difference from MuJoCo's map: \(worst)")
  }

  /// Two sibling joints on the world, no gravity, a motor on the first and `q2 = ratio · q1`
  /// (`polycoef="0 ratio"`) started 0.05 off, against MuJoCo's Euler step worked by hand: M is
  /// diagonal (I₁, and I₂ or the slide's mass), a₀ = M⁻¹ τ, the coupling's row J = (−ratio, 1)
  /// asks for aref = −B J v − K d r with R = (1 − d)/d · (1/M₁₁ + 1/M₂₂) (MuJoCo's diagonal for a
  /// joint equality sums the two joints' inverse weights), so f = (aref − J a₀)/(J M⁻¹ Jᵀ + R),
  /// v′ = v + h (a₀ + M⁻¹ Jᵀ f), q′ = q + h v′. A mirrored pair (antiparallel axes) and a geared
  /// pair (ratio 2) are no rotation between two bodies: ODE holds them as a gear's mesh
  /// (`GearPair`); a hinge and a slide fit no ODE row and are solved in joint space after ODE's
  /// step (`CouplingProjection`). Each follows the hand-made map over 200 steps: the projection
  /// to 6·10⁻¹⁰, the gears to 1.4·10⁻⁸ (the hinges' own rows, which the mesh leans on, keep
  /// ODE's CFM of 10⁻¹⁰). The spring that held these before lagged by about 2 %.
  @Test(arguments: [("hinge", "0 -1 0", 1.0), ("hinge", "0 1 0", 2.0), ("slide", "1 0 0", 2.0)])
  func couplingsOutsideOnePathFollowMuJoCosSoftEquality(type: String, axis: String, ratio: Double) throws {
    let h = 0.002, control = 0.2
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="\(h)" gravity="0 0 0"/>
        <worldbody>
          <body name="b1"><joint name="j1" axis="0 1 0"/>
            <inertial pos="0.2 0 0" mass="1" diaginertia="0.01 0.01 0.01"/></body>
          <body name="b2" pos="0 0 -0.2"><joint name="j2" type="\(type)" axis="\(axis)"/>
            <inertial pos="0.1 0 0" mass="0.5" diaginertia="0.002 0.002 0.002"/></body>
        </worldbody>
        <actuator><motor joint="j1"/></actuator>
        <equality><joint joint1="j2" joint2="j1" polycoef="0 \(ratio)" solref="0.02 1" solimp="0.9 0.95 0.001"/></equality>
      </mujoco>
      """)
    let simulation = try Simulation(model: model)
    try simulation.setState(qpos: [0, 0.05], qvel: [0, 0])
    simulation.control = [control]
    let inertia = [0.01 + 1 * 0.2 * 0.2, type == "slide" ? 0.5 : 0.002 + 0.5 * 0.1 * 0.1]
    let jacobian = [-ratio, 1.0]
    let dmax = 0.95, tau = 0.02
    let k = 1 / (dmax * dmax * tau * tau), b = 2 / (dmax * tau)
    let invweight0 = 1 / inertia[0] + 1 / inertia[1]
    let a = jacobian[0] * jacobian[0] / inertia[0] + jacobian[1] * jacobian[1] / inertia[1]
    var q = [0.0, 0.05], v = [0.0, 0.0], worst = 0.0
    for _ in 0..<200 {
      try simulation.step()
      let r = jacobian[0] * q[0] + jacobian[1] * q[1], rate = jacobian[0] * v[0] + jacobian[1] * v[1]
      let d = Impedance(d0: 0.9, dmax: dmax, width: 0.001).value(at: abs(r))
      let free = [control / inertia[0], 0.0]
      let reference = -b * rate - k * d * r
      let force = (reference - (jacobian[0] * free[0] + jacobian[1] * free[1])) / (a + (1 - d) / d * invweight0)
      for i in 0..<2 {
        v[i] += h * (free[i] + jacobian[i] * force / inertia[i])
        q[i] += h * v[i]
      }
      worst = max(worst, abs(simulation.qpos[0] - q[0]), abs(simulation.qpos[1] - q[1]))
    }
    #expect(abs(q[0]) > 0.02, "the motor turned the first joint: \(q[0])")
    #expect(abs(q[1] - ratio * q[0]) < 0.01 * abs(ratio * q[0]), "held: q1 \(q[0]), q2 \(q[1])")
    #expect(worst < (type == "slide" ? 2e-9 : 5e-8), "largest difference from MuJoCo's map: \(worst)")
  }

  @Test(arguments: ["<flag equality=\"disable\"/>", "<flag constraint=\"disable\"/>"])
  func theFlagsSwitchEqualitiesOff(flag: String) throws {
    let (q1, q2) = try coupledPair(siblings: false, equality: "<tendon tendon1=\"sum\"/>", flag: flag)
    #expect(abs(q1 + q2) > 0.05, "uncoupled, the outer body lags: q1 \(q1), q2 \(q2)")
  }

  @Test func anInactiveEqualityDoesNothing() throws {
    let (q1, q2) = try coupledPair(siblings: false, equality: "<tendon tendon1=\"sum\" active=\"false\"/>")
    #expect(abs(q1 + q2) > 0.05)
  }

  @Test func equalityErrorsNameTheLine() throws {
    #expect(throws: ModelError.self) {
      try BodyModel(mjcf: """
        <mujoco><worldbody><body name="a"><joint name="j"/><geom size="0.1"/></body></worldbody>
          <equality><joint joint1="j" polycoef="0 1 0.5"/></equality></mujoco>
        """)
    }
    do {
      _ = try Simulation(model: BodyModel(mjcf: """
        <mujoco><worldbody><body name="a"><geom size="0.1"/></body></worldbody>
          <equality><weld body1="a"/></equality></mujoco>
        """))
      Issue.record("a weld between two fixed bodies should be refused")
    } catch let error as ModelError {
      #expect(error.line == 2 && error.message.contains("move as one body"), "\(error)")
    }
  }

  /// `connect` between two sites that start apart pulls them together (MuJoCo holds the sites,
  /// not the qpos0 offset).
  @Test func connectingTwoSitesPullsThemTogether() throws {
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001" gravity="0 0 0"/>
        <worldbody><site name="hook" pos="0 0 1"/>
          <body name="ball" pos="0.05 0 1"><freejoint/><geom size="0.02" mass="0.1"/><site name="eye"/></body></worldbody>
        <equality><connect site1="eye" site2="hook"/></equality></mujoco>
      """))
    for _ in 0..<1000 { try simulation.step() }
    #expect((simulation.bodyPosition(1) - Vector3(0, 0, 1)).length < 1e-4, "\(simulation.bodyPosition(1))")
  }
}
