import Foundation
import Testing
import TestSupport
@testable import Physics

/// Armature has no ODE equivalent. Odessa puts it on the joint's motor row as an implicit
/// −(a/h)(q̇_new − q̇_old) (see `JointSpring`), which adds a to the joint's diagonal of the mass
/// matrix and nowhere else, as MuJoCo does. Adding it as rotational inertia of the child (what
/// Odessa did before) would also couple it to the parent's rotation: in a two-link chain the
/// mass matrix would be M + a·[[1, 1], [1, 1]] where MuJoCo's is M + a·[[0, 0], [0, 1]]. These
/// tests check the ODE model against MuJoCo's equations: on a hopper-like calf and foot
/// (a = 0.2 kg·m² on the ankle) swinging under gravity, against the linearised equations of
/// motion integrated with RK4, and on two coaxial wheels against the closed-form accelerations.
@Suite struct ArmatureEmulationTests {
  let m1 = 1.0, l1 = 0.32, m2 = 1.5, l2 = 0.1, r = 0.03, a = 0.2, g = 9.81

  /// The linearised mass matrix at rest (hanging straight down), plus `extra`.
  func massMatrix(extra: [[Double]]) -> [[Double]] {
    let ic1 = 0.4 * m1 * r * r, ic2 = 0.4 * m2 * r * r
    let m11 = ic1 + m1 * l1 * l1 + ic2 + m2 * (l1 + l2) * (l1 + l2)
    let m12 = ic2 + m2 * l2 * (l1 + l2)
    let m22 = ic2 + m2 * l2 * l2
    return [[m11 + extra[0][0], m12 + extra[0][1]], [m12 + extra[1][0], m22 + extra[1][1]]]
  }

  /// q2(t) of M q̈ = −K q from q = (0, q20), sampled every `dt`.
  func linearTrajectory(extra: [[Double]], q20: Double, dt: Double, steps: Int) -> [Double] {
    let m = massMatrix(extra: extra)
    let k = [[g * (m1 * l1 + m2 * l1 + m2 * l2), g * m2 * l2], [g * m2 * l2, g * m2 * l2]]
    let det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
    let inverse = [[m[1][1] / det, -m[0][1] / det], [-m[1][0] / det, m[0][0] / det]]
    func derivative(_ s: [Double]) -> [Double] {
      let f0 = -(k[0][0] * s[0] + k[0][1] * s[1]), f1 = -(k[1][0] * s[0] + k[1][1] * s[1])
      return [s[2], s[3], inverse[0][0] * f0 + inverse[0][1] * f1, inverse[1][0] * f0 + inverse[1][1] * f1]
    }
    var state = [0, q20, 0, 0]
    var samples = [Double]()
    for _ in 0..<steps {
      let substeps = 10, h = dt / Double(substeps)
      for _ in 0..<substeps {
        let k1 = derivative(state)
        let k2 = derivative(zip(state, k1).map { $0 + h / 2 * $1 })
        let k3 = derivative(zip(state, k2).map { $0 + h / 2 * $1 })
        let k4 = derivative(zip(state, k3).map { $0 + h * $1 })
        state = (0..<4).map { state[$0] + h / 6 * (k1[$0] + 2 * k2[$0] + 2 * k3[$0] + k4[$0]) }
      }
      samples.append(state[1])
    }
    return samples
  }

  func rms(_ a: [Double], _ b: [Double]) -> Double {
    (zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(a.count)).squareRoot()
  }

  @Test func armatureFollowsMuJoCosMassMatrixInAChain() throws {
    let dt = 0.0005, steps = 4000, q20 = 0.02
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="\(dt)"/><worldbody>
        <body name="calf" pos="0 0 1"><joint name="knee" axis="0 1 0"/>
          <geom type="sphere" pos="0 0 -\(l1)" size="\(r)" mass="\(m1)"/>
          <body name="foot" pos="0 0 -\(l1)"><joint name="ankle" axis="0 1 0" armature="\(a)"/>
            <geom type="sphere" pos="0 0 -\(l2)" size="\(r)" mass="\(m2)"/>
          </body>
        </body></worldbody></mujoco>
      """)
    let simulation = try Simulation(model: model)
    try simulation.setState(qpos: [0, q20], qvel: [0, 0])
    var simulated = [Double]()
    for _ in 0..<steps {
      try simulation.step()
      simulated.append(simulation.qpos[1])
    }
    let truth = linearTrajectory(extra: [[0, 0], [0, a]], q20: q20, dt: dt, steps: steps)
    let childInertia = linearTrajectory(extra: [[a, a], [a, a]], q20: q20, dt: dt, steps: steps)
    let error = rms(simulated, truth) / q20
    // Over 2 s (several swings) the ankle follows MuJoCo's equations to 1 % of the amplitude;
    // armature as child inertia is off by tens of percent.
    #expect(error < 0.01, "ODE vs MuJoCo's equations: \(error)")
    #expect(rms(childInertia, truth) / q20 > 0.1)
  }

  /// Two coaxial wheels: the outer one turned by a motor from the world, the inner one on a
  /// free hinge inside it with armature a. With inertias I1, I2 about the axle, MuJoCo's
  /// equations [[I1 + I2, I2], [I2, I2 + a]] q̈ = [τ, 0] give q̈1 = τ / (I1 + I2 − I2²/(I2 + a))
  /// and q̈2 = −I2 q̈1 / (I2 + a), exactly, with no velocity-dependent forces.
  @Test func coaxialWheelsAccelerateAsTheClosedFormSays() throws {
    let i1 = 0.4 * 250 * 0.01, i2 = 0.4 * 500 * 0.01, a = 1.5, torque = 3.0, dt = 0.001
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="\(dt)" gravity="0 0 0"/><worldbody>
        <body name="outer"><joint name="axle" axis="0 0 1"/><geom type="sphere" size="0.1" mass="250"/>
          <body name="inner"><joint name="spin" axis="0 0 1" armature="\(a)"/><geom type="sphere" size="0.1" mass="500"/></body>
        </body></worldbody>
        <actuator><motor joint="axle" gear="1"/></actuator></mujoco>
      """)
    let simulation = try Simulation(model: model)
    for _ in 0..<100 { try simulation.step(control: [torque]) }
    let q1 = torque / (i1 + i2 - i2 * i2 / (i2 + a)), q2 = -i2 * q1 / (i2 + a)
    let time = 100 * dt
    #expect(abs(simulation.qvel[0] - q1 * time) / (q1 * time) < 1e-6, "outer \(simulation.qvel[0]) vs \(q1 * time)")
    #expect(abs(simulation.qvel[1] - q2 * time) / abs(q2 * time) < 1e-6, "inner \(simulation.qvel[1]) vs \(q2 * time)")
  }

  /// Armature on a slide joint adds to the carriage's mass along the rail.
  @Test func slideArmatureAddsMassAlongTheRail() throws {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.01" gravity="0 0 0"/><worldbody>
        <body name="cart"><joint name="rail" type="slide" axis="1 0 0" armature="3"/><geom type="sphere" size="0.1" mass="2"/></body>
      </worldbody><actuator><motor joint="rail" gear="1"/></actuator></mujoco>
      """)
    let simulation = try Simulation(model: model)
    for _ in 0..<10 { try simulation.step(control: [10]) }
    #expect(abs(simulation.qvel[0] - 10.0 / 5.0 * 0.1) < 1e-9)
  }
}
