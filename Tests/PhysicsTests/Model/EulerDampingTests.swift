import Foundation
import Testing
import TestSupport
@testable import Physics

/// Joint damping as MuJoCo's Euler step has it (`EulerDamping`): the constraints are solved with
/// the damping explicit, then the damping is made implicit, a = (M + hD)⁻¹ M a_u (a joint resting
/// on its stop keeping its damper and armature is `StopCarrierTests`). Each test takes one step
/// and compares it with MuJoCo's equations worked by hand.
@Suite struct EulerDampingTests {
  let h = 0.002

  /// A 2 kg box on a slide along x (damping 5, range ±1), no gravity, at `position` moving at
  /// `velocity`.
  func slider(position: Double, velocity: Double, afterConstraints: Bool = true) throws -> Simulation {
    var model = try BodyModel(mjcf: """
      <mujoco><option timestep="\(h)" gravity="0 0 0"/><worldbody>
        <body><joint name="slide" type="slide" axis="1 0 0" range="-1 1" damping="5"/>
          <geom type="box" size="0.1 0.1 0.1" mass="2"/></body>
      </worldbody></mujoco>
      """)
    model.options.dampingAfterConstraints = afterConstraints
    let simulation = try Simulation(model: model)
    try simulation.setState(qpos: [position], qvel: [velocity])
    return simulation
  }

  @Test func aLimitIsSolvedWithTheDampingExplicitAndTheDampingIsImplicitAfter() throws {
    let m = 2.0, damping = 5.0, q0 = -1.0005, v0 = -2.0
    // MuJoCo's lower limit row: J = 1, pos = q − lower = −0.0005; d from solimplimit's default
    // (0.9 0.95 0.001) at |pos| = width/2: d = 0.9 + 0.5 · 0.05; k = 1/(dmax² τ²), b = 2/(dmax τ)
    // with τ = 0.02; R = (1 − d)/d · w₀, w₀ = 1/m.
    let position = q0 + 1, d = 0.925, dmax = 0.95, tau = 0.02
    let k = 1 / (dmax * dmax * tau * tau), b = 2 / (dmax * tau)
    let aref = -b * v0 - k * d * position
    let regularisation = (1 - d) / d / m
    // The constraint sees the damping as the explicit force −D v0.
    let free = -damping * v0 / m
    let force = max(0, (aref - free) / (1 / m + regularisation))
    #expect(force > 0)
    let unconstrained = free + force / m
    let acceleration = m * unconstrained / (m + h * damping)
    let v1 = v0 + h * acceleration
    let simulation = try slider(position: q0, velocity: v0)
    try simulation.step()
    #expect(abs(simulation.qvel[0] - v1) < 1e-9 * abs(v1), "\(simulation.qvel[0]) vs \(v1)")
    #expect(abs(simulation.qpos[0] - (q0 + h * v1)) < 1e-12)
    // Solving an implicit damper row together with the limit (ODE's way) gives another step.
    let old = try slider(position: q0, velocity: v0, afterConstraints: false)
    try old.step()
    #expect(abs(old.qvel[0] - v1) > 1e-4 * abs(v1), "\(old.qvel[0]) vs \(v1)")
  }

  @Test func aFloatingDampedHingeDecaysAsTheImplicitStepSaysAndKeepsItsMomentum() throws {
    // A box (2 kg, half sizes 0.2 0.1 0.05) floats free; a disc (1 kg, radius 0.3) turns on a
    // hinge through both centres along z with damping 0.5. In (base spin, hinge) coordinates
    // M = [[I1 + I2, I2], [I2, I2]] and D = diag(0, 0.5): (M + hD)(v′ − v) = −h D v.
    let i1 = 2 * (0.2 * 0.2 + 0.1 * 0.1) / 3, i2 = 1 * 0.3 * 0.3 / 2, damping = 0.5
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="\(h)" gravity="0 0 0"/><worldbody>
        <body name="base"><freejoint/><geom type="box" size="0.2 0.1 0.05" mass="2"/>
          <body name="disc"><joint name="hinge" axis="0 0 1" damping="\(damping)"/>
            <geom type="cylinder" size="0.3 0.01" mass="1"/></body></body>
      </worldbody></mujoco>
      """))
    let rate = 10.0
    try simulation.setState(qpos: [0, 0, 0, 1, 0, 0, 0, 0], qvel: [0, 0, 0, 0, 0, 0, rate])
    try simulation.step()
    let a11 = i1 + i2, a12 = i2, a22 = i2 + h * damping
    let rhs = -h * damping * rate
    let det = a11 * a22 - a12 * a12
    let baseChange = -a12 * rhs / det, hingeChange = a11 * rhs / det
    let qvel = simulation.qvel
    #expect(abs(qvel[5] - baseChange) < 1e-9 * abs(baseChange), "base \(qvel[5]) vs \(baseChange)")
    #expect(abs(qvel[6] - (rate + hingeChange)) < 1e-9 * rate, "hinge \(qvel[6]) vs \(rate + hingeChange)")
    // Angular momentum about z: I1 ω_base + I2 (ω_base + q̇) stays I2 · rate.
    let momentum = i1 * qvel[5] + i2 * (qvel[5] + qvel[6])
    #expect(abs(momentum - i2 * rate) < 1e-9)
    // The poses moved with the corrected velocities, to ODE's quaternion step ((hω)³/12 off
    // the exact turn, 7·10⁻⁷ rad here; the uncorrected rate would be 10⁻⁴ off).
    let turn = h * rate
    #expect(abs(simulation.qpos[7] - h * qvel[6]) < turn * turn * turn / 6)
    #expect(abs(2 * asin(simulation.qpos[6]) - h * qvel[5]) < turn * turn * turn / 6)
    for k in [0, 1, 2, 4, 5] { #expect(abs(simulation.qpos[k]) < 1e-12) }
  }

  @Test func aChainOfTwoAxisJointsFollowsMuJoCosMapFromItsLagrangian() throws {
    // Two balls (m = 1, r = 0.05) each 0.3 m out along x from a joint of two hinges (x, then the
    // turned y), the second joint 0.3 m out on the first body; no gravity, damping D = 5 and
    // armature 0.01 on every hinge. MuJoCo's step: q̇′ = q̇ + h (M + A + hD)⁻¹ (−c − D q̇),
    // q′ = q + h q̇′, with M(q) and the bias c(q, q̇) = Ṁ q̇ − ½ ∂(q̇ᵀ M q̇)/∂q taken here from
    // the kinetic energy by finite differences of the chain's kinematics. (With the damping's
    // correction reading the joint rates at ODE's moved poses, the second body's axes having
    // turned with the step, this chain was 5·10⁻³ off within these 20 steps; now 2·10⁻⁸.)
    let (m, r, l, damping, armature, h) = (1.0, 0.05, 0.3, 5.0, 0.01, 0.005)
    let chain = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="\(h)" gravity="0 0 0"/><worldbody>
        <body><joint axis="1 0 0" damping="\(damping)" armature="\(armature)"/>
          <joint axis="0 1 0" damping="\(damping)" armature="\(armature)"/>
          <geom type="sphere" pos="\(l) 0 0" size="\(r)" mass="\(m)"/>
          <body pos="\(l) 0 0"><joint axis="1 0 0" damping="\(damping)" armature="\(armature)"/>
            <joint axis="0 1 0" damping="\(damping)" armature="\(armature)"/>
            <geom type="sphere" pos="\(l) 0 0" size="\(r)" mass="\(m)"/></body></body>
      </worldbody></mujoco>
      """))
    // Kinetic energy ½ m |v|² + ½ (2/5 m r²) |ω|² per ball, from the chain's kinematics: the
    // first body turns by Rx(q₀) Ry(q₁) about the origin, the second by Rx(q₂) Ry(q₃) more
    // about the first ball's centre.
    func energy(_ q: [Double], _ v: [Double]) -> Double {
      let x = Vector3(1, 0, 0), y = Vector3(0, 1, 0), out = Vector3(l, 0, 0)
      let turnX = Quaternion(axis: x, angle: q[0]), first = turnX * Quaternion(axis: y, angle: q[1])
      let bend = Quaternion(axis: x, angle: q[2]), second = first * bend * Quaternion(axis: y, angle: q[3])
      let spin1 = v[0] * x + v[1] * turnX.rotate(y)
      let spin2 = spin1 + v[2] * first.rotate(x) + v[3] * (first * bend).rotate(y)
      let joint = first.rotate(out), arm = second.rotate(out)
      let velocity1 = spin1.cross(joint), velocity2 = spin1.cross(joint) + spin2.cross(arm)
      let spinInertia = 0.4 * m * r * r
      return 0.5 * m * (velocity1.dot(velocity1) + velocity2.dot(velocity2))
        + 0.5 * spinInertia * (spin1.dot(spin1) + spin2.dot(spin2))
    }
    func inertia(_ q: [Double]) -> [[Double]] {
      (0..<4).map { i in
        (0..<4).map { j in
          let ei = (0..<4).map { $0 == i ? 1.0 : 0 }, ej = (0..<4).map { $0 == j ? 1.0 : 0 }
          let sum = zip(ei, ej).map(+), difference = zip(ei, ej).map(-)
          return (energy(q, sum) - energy(q, difference)) / 2
        }
      }
    }
    func times(_ a: [[Double]], _ v: [Double]) -> [Double] { a.map { zip($0, v).map(*).reduce(0, +) } }
    var q = [0.3, -0.4, 0.7, 0.2], v = [2.0, -1.5, 3.0, 2.5]
    try chain.setState(qpos: q, qvel: v)
    var worst = 0.0
    for _ in 0..<20 {
      try chain.step()
      let e = 1e-5
      let ahead = zip(q, v).map { $0 + e * $1 }, behind = zip(q, v).map { $0 - e * $1 }
      let rateOfM = zip(times(inertia(ahead), v), times(inertia(behind), v)).map { ($0 - $1) / (2 * e) }
      let slope = (0..<4).map { k -> Double in
        var up = q, down = q
        up[k] += e
        down[k] -= e
        return (energy(up, v) - energy(down, v)) / (2 * e)
      }
      let bias = zip(rateOfM, slope).map { $0 - $1 }
      var matrix = inertia(q)
      for k in 0..<4 { matrix[k][k] += armature + h * damping }
      var rhs = (0..<4).map { h * (-bias[$0] - damping * v[$0]) }
      // Gaussian elimination on the symmetric positive definite 4 × 4.
      for p in 0..<4 {
        for row in (p + 1)..<4 {
          let f = matrix[row][p] / matrix[p][p]
          for c in p..<4 { matrix[row][c] -= f * matrix[p][c] }
          rhs[row] -= f * rhs[p]
        }
      }
      var change = [Double](repeating: 0, count: 4)
      for p in stride(from: 3, through: 0, by: -1) {
        change[p] = (rhs[p] - ((p + 1)..<4).map { matrix[p][$0] * change[$0] }.reduce(0, +)) / matrix[p][p]
      }
      for k in 0..<4 {
        v[k] += change[k]
        q[k] += h * v[k]
      }
      for k in 0..<4 { worst = max(worst, abs(chain.qvel[k] - v[k]), abs(chain.qpos[k] - q[k])) }
    }
    #expect(worst < 1e-6, "\(worst)")
  }
}
