import Foundation
import Testing
import TestSupport
@testable import Physics

/// MuJoCo's soft contacts (`SoftContactModel`) against the closed forms of MuJoCo's own
/// equations: a = aref − R f with aref = −B v − K d r, R = (1 − d)/d · A.
@Suite struct SoftContactTests {
  /// K = 1/(dmax² τ² ζ²) and B = 2/(dmax τ), MuJoCo's stiffness and damping.
  func stiffness(tau: Double, ratio: Double = 1, dmax: Double = 0.95) -> (k: Double, b: Double) {
    (1 / (dmax * dmax * tau * tau * ratio * ratio), 2 / (dmax * tau))
  }

  /// The root of an increasing `f` on [low, high], by bisection.
  func root(low: Double, high: Double, _ f: (Double) -> Double) -> Double {
    var (a, b) = (low, high)
    for _ in 0..<200 {
      let m = (a + b) / 2
      if f(m) > 0 { b = m } else { a = m }
    }
    return (a + b) / 2
  }

  /// A frictionless ball (condim 1 on both geoms, so one row) started 5 mm into the floor at
  /// rest without gravity. MuJoCo's Euler step: v' = h K d (depth) − h R f with f = m v'/h and
  /// R = (1 − d)/d / m, so v' = h K d² depth and one step leaves depth (1 − h² K d²), d = dmax
  /// beyond the 1 mm width. The softness mixes the ball's solref with the floor's default.
  @Test func aFrictionlessBallClimbsOutAtMuJoCosRateInOneStep() throws {
    for (tau, ratio) in [(0.02, 1.0), (0.1, 1.0), (0.02, 0.5)] {
      let model = try BodyModel(mjcf: """
        <mujoco><option timestep="0.001" gravity="0 0 0"/>
          <worldbody>
            <geom type="plane" size="5 5 1" condim="1"/>
            <body pos="0 0 0.095"><freejoint/>
              <geom type="sphere" size="0.1" mass="2" condim="1" solref="\(tau) \(ratio)"/></body>
          </worldbody></mujoco>
        """)
      let simulation = try Simulation(model: model)
      #expect(abs(simulation.world.geoms[1].contactInverseWeight - 0.5) < 1e-12)
      try simulation.step()
      let (k, _) = stiffness(tau: (tau + 0.02) / 2, ratio: (ratio + 1) / 2)
      let h = 0.001, d = 0.95, depth = 0.005
      let expected = depth * (1 - h * h * k * d * d)
      let after = 0.1 - simulation.bodyPosition(1).z
      #expect(abs(after - expected) < 1e-12, "τ \(tau) ζ \(ratio): depth \(after), expected \(expected)")
      #expect(abs(simulation.qvel[2] - h * k * d * d * depth) < 1e-9)
    }
  }

  /// Under gravity the same ball comes to rest where the reference acceleration K d(depth)·depth
  /// equals R f = (1 − d)/d · g, d on the impedance curve (the rest depth lies within its width).
  @Test func aFrictionlessBallRestsAtMuJoCosDepth() throws {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.001"/>
        <worldbody>
          <geom type="plane" size="5 5 1" condim="1"/>
          <body pos="0 0 0.1"><freejoint/><geom type="sphere" size="0.1" mass="2" condim="1"/></body>
        </worldbody></mujoco>
      """)
    let simulation = try Simulation(model: model)
    for _ in 0..<3000 { try simulation.step() }
    let (k, _) = stiffness(tau: 0.02)
    let curve = Impedance.mujocoDefault
    let expected = root(low: 0, high: 0.01) { x in
      let d = curve.value(at: x)
      return k * d * x - (1 - d) / d * 9.81
    }
    let depth = 0.1 - simulation.bodyPosition(1).z
    #expect(expected > 0 && expected < curve.width)
    #expect(abs(depth - expected) < 1e-10, "rest depth \(depth), expected \(expected)")
  }

  /// A ball on two sliders (x, z) pulled along x by gravity's 1 m/s² on a floor of friction 0.5:
  /// under MuJoCo's pyramid no contact holds a tangential load at rest; the ball creeps at the
  /// speed where each friction row's damping balances it. With every edge pushing (|f_t| <
  /// μ f_n / 2), the edges' sum is a normal row with R_e / 4 and their difference a friction row
  /// with R₀ (R_e = 2 μ² R₀, R₀ = (1 − d)/d · w (1 + μ²), w = 1/m for a body on sliders alone):
  /// K d·depth = R_e/4 · m g and v = R₀ m a_x / B. (MuJoCo 4.0.1 on the same file: the same
  /// depth and speed to ten digits.)
  @Test func aBallOnSlidersCreepsAtMuJoCosSpeedUnderAPyramid() throws {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.001" gravity="1 0 -9.81"/>
        <worldbody><geom type="plane" size="5 5 1" friction="0.5"/>
          <body pos="0 0 0.1"><joint name="x" type="slide" axis="1 0 0"/><joint name="z" type="slide" axis="0 0 1"/>
            <geom type="sphere" size="0.1" mass="2" friction="0.5"/></body>
        </worldbody></mujoco>
      """)
    let simulation = try Simulation(model: model)
    #expect(simulation.world.geoms[1].contactInverseWeight == 0.5)
    for _ in 0..<5000 { try simulation.step() }
    let (k, b) = stiffness(tau: 0.02)
    let curve = Impedance.mujocoDefault
    let mu = 0.5, m = 2.0, w = 1 / m
    func firstR(_ d: Double) -> Double { (1 - d) / d * w * (1 + mu * mu) }
    let depth = root(low: 0, high: 0.01) { x in
      let d = curve.value(at: x)
      return k * d * x - 2 * mu * mu * firstR(d) / 4 * m * 9.81
    }
    let speed = firstR(curve.value(at: depth)) * m * 1 / b
    #expect(abs(-simulation.qpos[1] - depth) < 1e-10, "depth \(-simulation.qpos[1]), expected \(depth)")
    #expect(abs(simulation.qvel[0] - speed) < 1e-9, "creep \(simulation.qvel[0]), expected \(speed)")
  }

  /// A capsule sliding on the floor along its own axis at 2 m/s, its axis turned 0.3 rad or
  /// 1.1 rad about z from x. MuJoCo lays a capsule's plane contacts with the first tangent along
  /// its axis, so the pyramid turns with the capsule and the two runs are the same motion turned
  /// by 0.8 rad. With the world's y axis as first tangent (MuJoCo's frame for other shapes) the
  /// two slid differently into the pyramid's corners (speeds 1.097 and 1.135 m/s after 0.2 s),
  /// and the humanoid's feet were 0.3–1 rad/s off MuJoCo in a step. (Turned exactly 0 rad, the
  /// two edges across the motion tie exactly, and ODE's solver stalls on the tie.)
  @Test func aCapsulesPyramidTurnsWithItOnAPlane() throws {
    func slide(turn: Double) throws -> (speed: Double, height: Double) {
      let (c, s) = (cos(turn), sin(turn))
      let model = try BodyModel(mjcf: """
        <mujoco><option timestep="0.002"/>
          <worldbody><geom type="plane" size="5 5 1" friction="0.6"/>
            <body pos="0 0 0.05"><freejoint/>
              <geom type="capsule" fromto="\(-0.2 * c) \(-0.2 * s) 0 \(0.2 * c) \(0.2 * s) 0" size="0.05" mass="1" friction="0.6"/></body>
          </worldbody></mujoco>
        """)
      let simulation = try Simulation(model: model)
      try simulation.setState(qpos: [0, 0, 0.0495, 1, 0, 0, 0], qvel: [2 * c, 2 * s, 0, 0, 0, 0])
      for _ in 0..<100 { try simulation.step() }
      let v = simulation.qvel
      return ((v[0] * v[0] + v[1] * v[1]).squareRoot(), simulation.qpos[2])
    }
    let along = try slide(turn: 0.3), turned = try slide(turn: 1.1)
    // Friction slows it: 0.2 s at up to μ g.
    #expect(along.speed < 2 - 0.3 && along.speed > 2 - 0.6 * 9.81 * 0.2 - 0.01, "\(along)")
    #expect(abs(along.speed - turned.speed) < 1e-9, "turned 0.3 rad \(along), 1.1 rad \(turned)")
    #expect(abs(along.height - turned.height) < 1e-9)
  }

  /// The hopper lying on the floor, its knee driven 0.03 rad into its upper stop at 6.8 rad/s
  /// (a state the environment benchmark's random controls reach). Each floor contact's pyramid
  /// has two edges across the plane the hopper moves in, n ± μ y, which act identically on it;
  /// as two exactly equal rows they stalled ODE's solver on a tie ("LCP internal error, s <=
  /// 0"), which then dropped the rows it had not reached: the knee sped up to 91 rad/s into its
  /// stop, and a few steps later the hopper flew apart. As one row (`planeNormal`) the stop
  /// slows the knee as MuJoCo's does: MuJoCo 4.0.1 from this state, 6.85 → 3.105 rad/s.
  @Test func aPlanarBodyOnTheFloorKeepsItsStopWithoutStallingTheSolver() throws {
    let simulation = try Simulation(model: try Models.load("hopper"))
    #expect(simulation.world.settings.contacts.soft?.planeNormal != nil)
    try simulation.setState(
      qpos: [-0.5579, -0.9366, -1.5739, -0.0610, -2.5831, 2.6471, -0.7776],
      qvel: [-0.1059, 0.0013, -0.9463, -1.5035, 0.5636, 6.8499, 0.5844])
    simulation.control = [0.8036, 0.5610, -0.7934, -0.2485]
    let messages = ODEDiagnostics.messageCount
    try simulation.step()
    #expect(ODEDiagnostics.messageCount == messages, "\(ODEDiagnostics.recentMessages.suffix(1))")
    #expect(abs(simulation.qvel[5] - 3.105) < 0.05, "knee \(simulation.qvel[5]) rad/s")
  }

  /// MuJoCo's translational `body_invweight0`: the mean diagonal of J M⁻¹ Jᵀ for the body's
  /// centre of mass at qpos0. A free body: 1/m. A rod on a hinge through its end (centre of mass
  /// L from the axis, M = I_c + m L² + armature about it): L² / (3 M). A wheel on a hinge through
  /// its centre: 0, its centre of mass does not move (not a singular inertia to fall back from).
  @Test func contactInverseWeightsFollowTheArticulatedInertia() throws {
    let model = try BodyModel(mjcf: """
      <mujoco><worldbody>
        <body pos="0 0 1"><freejoint/><geom type="box" size="0.1 0.2 0.3" mass="3"/></body>
        <body pos="2 0 1"><joint type="hinge" axis="0 1 0" armature="0.2"/>
          <geom type="capsule" fromto="0 0 0 0.6 0 0" size="0.05" mass="1.5"/></body>
        <body pos="4 0 1"><joint type="hinge" axis="0 1 0"/>
          <geom type="cylinder" size="0.3 0.05" quat="0.707107 0.707107 0 0" mass="2"/></body>
      </worldbody></mujoco>
      """)
    let simulation = try Simulation(model: model)
    #expect(abs(simulation.world.geoms[0].contactInverseWeight - 1.0 / 3) < 1e-12)
    #expect(abs(simulation.world.geoms[2].contactInverseWeight) < 1e-15)
    #expect(!simulation.approximations.contains { $0.contains("singular") })
    // The capsule's centre of mass and its inertia about the y axis through it.
    let body = try #require(simulation.world.geoms[1].body)
    let spin = body.orientation.conjugate.rotate(Vector3(0, 1, 0))
    let l = 0.3, inertia = spin.dot(body.inertia.apply(spin))
    let expected = l * l / (3 * (inertia + 1.5 * l * l + 0.2))
    #expect(abs(simulation.world.geoms[1].contactInverseWeight - expected) < 1e-12 * expected)
  }

  /// Softness that would make the rows infinite or NaN is refused where a geom or pair is made.
  @Test func badSoftnessIsRefusedWithItsName() throws {
    let world = try World(settings: WorldSettings())
    for (change, word) in [
      ({ (m: inout ContactMaterial) in m.dampingRatio = 0 }, "damping ratio"),
      ({ (m: inout ContactMaterial) in m.timeConstant = -0.02 }, "time constant"),
      ({ (m: inout ContactMaterial) in m.mixWeight = .nan }, "mixing weight"),
      ({ (m: inout ContactMaterial) in m.impedance.width = -1 }, "width"),
    ] {
      var description = GeomDescription(shape: .sphere(radius: 0.1))
      change(&description.material)
      #expect {
        _ = try world.addBody(pose: .identity, geoms: [description])
      } throws: { error in "\(error)".contains(word) }
    }
  }

  /// MuJoCo's mixing of two geoms' softness: the higher priority alone; otherwise the average
  /// weighted by solmix (even when both weights vanish, all on one when only the other does).
  @Test func softnessMixesByPriorityAndSolmix() {
    var a = ContactMaterial(), b = ContactMaterial()
    a.timeConstant = 0.01
    a.dampingRatio = 0.5
    a.impedance = Impedance(d0: 0.5, dmax: 0.7, width: 0.01)
    a.mixWeight = 3
    let mixed = ContactMaterial.combinedSoftness(a, b)
    #expect(abs(mixed.timeConstant - (0.75 * 0.01 + 0.25 * 0.02)) < 1e-15)
    #expect(abs(mixed.dampingRatio - 0.625) < 1e-15)
    #expect(abs(mixed.impedance.d0 - (0.75 * 0.5 + 0.25 * 0.9)) < 1e-15)
    #expect(abs(mixed.impedance.width - (0.75 * 0.01 + 0.25 * 0.001)) < 1e-15)
    b.priority = 1
    #expect(ContactMaterial.combinedSoftness(a, b).timeConstant == 0.02)
    b.priority = 0
    a.mixWeight = 0
    #expect(ContactMaterial.combinedSoftness(a, b).timeConstant == 0.02)
    b.mixWeight = 0
    #expect(abs(ContactMaterial.combinedSoftness(a, b).timeConstant - 0.015) < 1e-15)
  }
}
