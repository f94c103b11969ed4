import Foundation
import Testing
import TestSupport
@testable import Physics

/// The Euler step in joint coordinates (`CoordinateStep`): positions advance as MuJoCo's do,
/// q′ = q + h q̇′, and ODE's step gets the velocity-product forces its bodies would otherwise
/// miss. Each test iterates MuJoCo's semi-implicit Euler map worked by hand and compares, and
/// shows the difference with ODE's own position update (`stepsInJointCoordinates` off).
@Suite struct CoordinateStepTests {
  let h = 0.01

  func simulation(_ mjcf: String, inCoordinates: Bool) throws -> Simulation {
    var model = try BodyModel(mjcf: mjcf)
    model.options.stepsInJointCoordinates = inCoordinates
    return try Simulation(model: model)
  }

  @Test func aPendulumFollowsMuJoCosEulerMap() throws {
    // A 1 kg ball (radius 0.05) 0.5 m below a hinge, released at 60°: ω′ = ω − h m g l sin θ / I,
    // θ′ = θ + h ω′, I = m l² + (2/5) m r².
    let m = 1.0, l = 0.5, r = 0.05, g = 9.81
    let mjcf = """
      <mujoco><option timestep="\(h)" gravity="0 0 -\(g)"/><worldbody>
        <body><joint name="hinge" axis="0 1 0"/><geom type="sphere" pos="0 0 -\(l)" size="\(r)" mass="\(m)"/></body>
      </worldbody></mujoco>
      """
    let inertia = m * l * l + 0.4 * m * r * r
    var theta = Double.pi / 3, omega = 0.0
    var errors = [Double]()
    for inCoordinates in [true, false] {
      let pendulum = try simulation(mjcf, inCoordinates: inCoordinates)
      try pendulum.setState(qpos: [theta], qvel: [omega])
      var (t, w) = (theta, omega)
      var worst = 0.0
      for _ in 0..<200 {
        try pendulum.step()
        w -= h * m * g * l * sin(t) / inertia
        t += h * w
        worst = max(worst, abs(pendulum.qpos[0] - t), abs(pendulum.qvel[0] - w))
      }
      errors.append(worst)
    }
    (theta, omega) = (0, 0)
    #expect(errors[0] < 1e-8, "in joint coordinates: \(errors[0])")
    #expect(errors[1] > 1e-4, "ODE's own positions: \(errors[1])")
  }

  /// A planar arm without gravity: balls m₁ = 1 at l₁ = 0.5 and m₂ = 0.7 at l₂ = 0.4 beyond the
  /// elbow, radius 0.05, its joints shoulder and elbow.
  static let arm = (m1: 1.0, l1: 0.5, m2: 0.7, l2: 0.4, r: 0.05)
  var armMJCF: String {
    let a = Self.arm
    return """
      <mujoco><option timestep="\(h)" gravity="0 0 0"/><worldbody>
        <body><joint name="shoulder" axis="0 0 1"/><geom type="sphere" pos="\(a.l1) 0 0" size="\(a.r)" mass="\(a.m1)"/>
          <body pos="\(a.l1) 0 0"><joint name="elbow" axis="0 0 1"/>
            <geom type="sphere" pos="\(a.l2) 0 0" size="\(a.r)" mass="\(a.m2)"/></body></body>
      </worldbody></mujoco>
      """
  }

  /// The largest difference of the arm's joint positions and rates from MuJoCo's Euler map over
  /// `steps` steps from q = (0.3, 0.8) at rates `rates`. M = [[I₁ + I₂ + m₁l₁² + m₂(l₁² + l₂² +
  /// 2l₁l₂ cos q₂), I₂ + m₂(l₂² + l₁l₂ cos q₂)], [·, I₂ + m₂l₂²]], bias c = m₂l₁l₂ sin q₂
  /// (−(2q̇₁q̇₂ + q̇₂²), q̇₁²); q̈ = −M⁻¹c. Only the bias forces turn the arm, so they are what the
  /// comparison checks.
  func armErrorFromMuJoCosMap(rates: [Double], steps: Int, inCoordinates: Bool) throws -> Double {
    let (m1, l1, m2, l2, r) = Self.arm
    let i1 = 0.4 * m1 * r * r, i2 = 0.4 * m2 * r * r
    let arm = try simulation(armMJCF, inCoordinates: inCoordinates)
    var q = [0.3, 0.8], v = rates
    try arm.setState(qpos: q, qvel: v)
    var worst = 0.0
    for _ in 0..<steps {
      try arm.step()
      let c2 = cos(q[1]), s2 = sin(q[1])
      let a = i1 + i2 + m1 * l1 * l1 + m2 * (l1 * l1 + l2 * l2 + 2 * l1 * l2 * c2)
      let b = i2 + m2 * (l2 * l2 + l1 * l2 * c2), d = i2 + m2 * l2 * l2
      let bias = [-m2 * l1 * l2 * s2 * (2 * v[0] * v[1] + v[1] * v[1]), m2 * l1 * l2 * s2 * v[0] * v[0]]
      let det = a * d - b * b
      let acceleration = [-(d * bias[0] - b * bias[1]) / det, -(a * bias[1] - b * bias[0]) / det]
      for k in 0..<2 {
        v[k] += h * acceleration[k]
        q[k] += h * v[k]
      }
      for k in 0..<2 { worst = max(worst, abs(arm.qpos[k] - q[k]), abs(arm.qvel[k] - v[k])) }
    }
    return worst
  }

  @Test func aTwoLinkArmFollowsMuJoCosEulerMapWithItsBiasForces() throws {
    let inCoordinates = try armErrorFromMuJoCosMap(rates: [2, -3], steps: 50, inCoordinates: true)
    let odePositions = try armErrorFromMuJoCosMap(rates: [2, -3], steps: 50, inCoordinates: false)
    #expect(inCoordinates < 1e-7, "in joint coordinates: \(inCoordinates)")
    #expect(odePositions > 1e-3, "ODE's own positions: \(odePositions)")
  }

  @Test func anArmTurningAsFastAsARunningCheetahsFeetKeepsToMuJoCosMap() throws {
    // From 25 and 15 rad/s the arm's links turn up to 0.43 rad per step over these 8 steps: as
    // fast as the feet of trained cheetah-run policies (0.3–0.4 rad per step), whose steps MuJoCo
    // takes with its explicit bias forces. (With a limit of 0.25 rad these steps would be ODE's
    // own, without velocity-product forces: 61 rad/s off after 8 steps.)
    let error = try armErrorFromMuJoCosMap(rates: [25, 15], steps: 8, inCoordinates: true)
    #expect(error < 1e-5, "\(error)")
  }

  @Test func aStepOfODEsOwnEndsWithTheBodiesOnTheirJoints() throws {
    // The forearm at 70 rad/s turns 0.7 rad per step, past the limit: each step is ODE's own,
    // which moves every body on its own, the forearm's ball along a chord where its joint would
    // swing it on an arc. The step ends with the bodies back where the joints' coordinates put
    // them, so that `qpos` says where they are and the next step's contacts are found there (a
    // cheetah's foot sat 2 cm from where its joints put it).
    let arm = try simulation(armMJCF, inCoordinates: true)
    try arm.setState(qpos: [0.3, 0.8], qvel: [30, 40])
    let probe = try simulation(armMJCF, inCoordinates: true)
    for _ in 0..<5 {
      let turn = arm.forwardKinematics.bodies.map { $0.angularVelocity.length * h }.max()!
      #expect(turn > Simulation.coordinateStepTurnLimit)
      try arm.step()
      try probe.setState(qpos: arm.qpos, qvel: arm.qvel)
      for (body, placed) in zip(arm.forwardKinematics.bodies, probe.forwardKinematics.bodies) {
        #expect((body.position - placed.position).length < 1e-9, "\(body.position) vs \(placed.position)")
        #expect((body.linearVelocity - placed.linearVelocity).length < 1e-9)
      }
    }
  }

  /// A free box (half sizes 0.3, 0.2, 0.1, 2 kg) without gravity, stepped in joint coordinates,
  /// and its principal moments of inertia.
  func freeBox() throws -> (Simulation, inertia: Vector3) {
    let (a, b, c, m) = (0.3, 0.2, 0.1, 2.0)
    let inertia = Vector3(m * (b * b + c * c) / 3, m * (a * a + c * c) / 3, m * (a * a + b * b) / 3)
    let body = try simulation("""
      <mujoco><option timestep="\(h)" gravity="0 0 0"/><worldbody>
        <body><freejoint/><geom type="box" size="\(a) \(b) \(c)" mass="\(m)"/></body>
      </worldbody></mujoco>
      """, inCoordinates: true)
    return (body, inertia)
  }

  @Test func aFreeBodyTumblesAsMuJoCosEulerMapSays() throws {
    // A box (half sizes 0.3, 0.2, 0.1, 2 kg) spinning freely: ω′ = ω − h I⁻¹ (ω × I ω) in the
    // body frame (MuJoCo's explicit gyroscopic bias; ODE's own implicit form was 6·10⁻⁴ rad/s
    // off after one step), orientation q′ = q ⊗ exp(h ω′), position x′ = x + h v.
    let (body, inertia) = try freeBox()
    var x = Vector3(0.1, -0.2, 0.3), v = Vector3(0.5, 0.2, -0.1)
    var orientation = Quaternion(w: 1, x: 0, y: 0, z: 0), w = Vector3(3, 0.2, -1)
    try body.setState(qpos: [x.x, x.y, x.z, 1, 0, 0, 0], qvel: [v.x, v.y, v.z, w.x, w.y, w.z])
    var worst = 0.0
    for _ in 0..<100 {
      try body.step()
      w -= h * (w.cross(inertia * w) / inertia)
      orientation = (orientation * Quaternion(axis: w * (1 / w.length), angle: h * w.length)).normalized
      x += h * v
      let qpos = body.qpos, qvel = body.qvel
      let sign = qpos[3] * orientation.w < 0 ? -1.0 : 1.0
      let expected = [x.x, x.y, x.z, orientation.w, orientation.x, orientation.y, orientation.z]
      for k in 0..<3 { worst = max(worst, abs(qpos[k] - expected[k]), abs(qvel[3 + k] - w[k])) }
      for k in 3..<7 { worst = max(worst, abs(sign * qpos[k] - expected[k])) }
    }
    #expect(worst < 1e-10, "\(worst)")
  }

  @Test func aBodyTurningTooFarPerStepTakesODEsOwnStep() throws {
    // The same box spun to 60 rad/s about an axis off its principal ones: 0.6 rad per 0.01 s
    // step, past the 0.5 rad that the explicit gyroscopic torque is trusted with. MuJoCo's
    // explicit map is unstable there: iterated by hand, its angular momentum grows sixfold in 50
    // steps and overflows within 60.
    // Such steps are ODE's own (implicit gyroscopic torque), which loses a few per cent of |L|
    // over 200 steps and never gains energy.
    let (body, inertia) = try freeBox()
    let start = Vector3(20, 50, -26)
    #expect(start.length * h > Simulation.coordinateStepTurnLimit)
    try body.setState(qpos: [0, 0, 0, 1, 0, 0, 0], qvel: [0, 0, 0, start.x, start.y, start.z])
    var explicit = start
    for _ in 0..<50 { explicit -= h * (explicit.cross(inertia * explicit) / inertia) }
    for _ in 0..<200 { try body.step() }
    // Body-frame rates: |I ω| is the angular momentum's length, ½ ω·Iω the energy.
    let w = Vector3(body.qvel[3], body.qvel[4], body.qvel[5])
    let momentum = (inertia * w).length, startMomentum = (inertia * start).length
    #expect(abs(momentum / startMomentum - 1) < 0.1, "|L| \(momentum), was \(startMomentum)")
    #expect(w.dot(inertia * w) <= start.dot(inertia * start) * 1.001)
    #expect((inertia * explicit).length > 5 * startMomentum, "MuJoCo's explicit map after 50 steps: \(explicit)")
  }
}
