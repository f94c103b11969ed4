import Foundation
import Randomness
import Testing
import TestSupport
@testable import Physics

/// Two perpendicular hinges at one point of a body (a hip's, an ankle's, a shoulder's) become one
/// ODE universal joint instead of two hinges with a light body between them. These tests check
/// that the coordinates read and set exactly as MJCF's, that a universal pendulum swings with the
/// closed-form period about either axis, and that a limb with stops, springs, dampers, armature
/// and motors moves as the hinge-and-light-body build does, up to that body's inertia.
@Suite struct HingeGroupingTests {
  /// A pelvis on a free-swinging hinge, a thigh with three hinges at the hip (the first two
  /// become a universal joint), a shin with a knee, and a foot with two perpendicular tilted
  /// hinges (a universal joint with no light body at all) and one pair without stops.
  static let limb = """
    <mujoco><option timestep="0.002"/>
      <default><joint damping="0.5" armature="0.01"/></default>
      <worldbody>
        <body name="pelvis" pos="0 0 2"><joint name="sway" axis="0 1 0" damping="2"/>
          <geom type="capsule" fromto="-0.1 0 0 0.1 0 0" size="0.05" mass="4"/>
          <body name="thigh" pos="0.1 0 0">
            <joint name="hip_x" axis="1 0 0" range="-25 5" limited="true"/>
            <joint name="hip_z" axis="0 0 1" range="-60 35" limited="true" stiffness="3"/>
            <joint name="hip_y" axis="0 1 0" range="-110 20" limited="true"/>
            <geom type="capsule" fromto="0 0 0 0 0.01 -0.34" size="0.06" mass="3"/>
            <body name="shin" pos="0 0.01 -0.4"><joint name="knee" axis="0 -1 0" range="-160 -2" limited="true"/>
              <geom type="capsule" fromto="0 0 0 0 0 -0.3" size="0.05" mass="2"/>
              <body name="foot" pos="0 0 -0.35">
                <joint name="ankle_y" axis="0 1 0" range="-50 50" limited="true" stiffness="4"/>
                <joint name="ankle_x" axis="1 0 0.5" range="-50 50" limited="true"/>
                <geom type="box" size="0.08 0.04 0.02" pos="0.03 0 0" mass="1"/>
                <body name="tassel" pos="0.1 0 0">
                  <joint name="spin_a" axis="2 1 1"/><joint name="spin_b" axis="0 -1 1"/>
                  <geom type="sphere" size="0.02" pos="0.05 0 0" mass="0.2"/>
                </body>
              </body>
            </body>
          </body>
        </body>
      </worldbody>
      <actuator>
        <motor joint="hip_x" gear="20"/><motor joint="hip_z" gear="20"/><motor joint="hip_y" gear="40"/>
        <motor joint="knee" gear="30"/><motor joint="ankle_y" gear="5"/><motor joint="ankle_x" gear="5"/>
      </actuator>
    </mujoco>
    """

  func limb(grouped: Bool) throws -> Simulation {
    var model = try BodyModel(mjcf: Self.limb)
    model.options.groupsHinges = grouped
    return try Simulation(model: model)
  }

  @Test func perpendicularHingesAtOnePointBecomeOneUniversalJoint() throws {
    let grouped = try limb(grouped: true), separate = try limb(grouped: false)
    #expect(grouped.world.joints.filter { $0 is UniversalJoint }.map(\.name) == ["hip_x+hip_z", "ankle_y+ankle_x", "spin_a+spin_b"])
    #expect(grouped.intermediates.count == 1 && grouped.intermediates[0].afterJoint == 2)  // between hip_z and hip_y
    #expect(separate.world.joints.contains { $0 is UniversalJoint } == false)
    #expect(separate.intermediates.count == 4)
  }

  /// The humanoid's waist, hips and shoulders qualify; its ankles' two hinges sit at different
  /// points, and the quadruped's hip pitch joints are in its tendon equalities.
  @Test func theHumanoidGroupsItsWaistHipsAndShoulders() throws {
    let humanoid = try Simulation(model: BodyModel(contentsOf: RepositoryPaths.model("humanoid")))
    #expect(humanoid.world.joints.filter { $0 is UniversalJoint }.map(\.name) == [
      "abdomen_z+abdomen_y", "right_hip_x+right_hip_z", "left_hip_x+left_hip_z",
      "right_shoulder1+right_shoulder2", "left_shoulder1+left_shoulder2",
    ])
    let quadruped = try Simulation(model: BodyModel(contentsOf: RepositoryPaths.model("quadruped")))
    #expect(quadruped.world.joints.contains { $0 is UniversalJoint } == false)
  }

  @Test func coordinatesReadBackAsSet() throws {
    let simulation = try limb(grouped: true)
    var random = RandomGenerator(seed: 7)
    for _ in 0..<50 {
      let ranges = simulation.model.joints.map { $0.range ?? -5...5 }
      let qpos = ranges.map { random.nextDouble(low: $0.lowerBound, high: $0.upperBound) }
      let qvel = ranges.map { _ in random.nextDouble(low: -4, high: 4) }
      try simulation.setState(qpos: qpos, qvel: qvel)
      let positionError = zip(simulation.qpos, qpos).map { abs($0 - $1) }.max()!
      let velocityError = zip(simulation.qvel, qvel).map { abs($0 - $1) }.max()!
      #expect(positionError < 1e-9 && velocityError < 1e-9, "qpos \(qpos): errors \(positionError), \(velocityError)")
    }
  }

  /// A 1 kg ball 0.5 m below a universal joint's anchor swings about either axis with the
  /// physical pendulum's period 2π √(I / (m g d)), I = (2/5) m r² + m d².
  @Test func aUniversalPendulumSwingsWithTheClosedFormPeriodAboutEitherAxis() throws {
    let d = 0.5, r = 0.05, g = 9.81, dt = 0.0005
    let period = 2 * Double.pi * ((0.4 * r * r + d * d) / (g * d)).squareRoot()
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="\(dt)"/><worldbody><body pos="0 0 1">
        <joint name="a" axis="1 0 0"/><joint name="b" axis="0 1 0"/>
        <geom type="sphere" size="\(r)" pos="0 0 -\(d)" mass="1"/></body></worldbody></mujoco>
      """)
    let simulation = try Simulation(model: model)
    #expect(simulation.world.joints.count == 1 && simulation.world.joints[0] is UniversalJoint)
    for axis in 0..<2 {
      let (measured, other) = try swing(simulation, axis: axis, from: 0.01, for: 3 * period)
      #expect(abs(measured - period) / period < 1e-3, "axis \(axis): \(measured) s against \(period) s")
      #expect(other < 1e-9, "the other axis stays still: \(other)")
    }
  }

  /// Swings `simulation` about one axis from `amplitude` for `duration` seconds; returns the
  /// period between downward zero crossings and the largest excursion of the other axis.
  func swing(_ simulation: Simulation, axis: Int, from amplitude: Double, for duration: Double) throws
    -> (period: Double, other: Double)
  {
    let h = simulation.model.options.timestep
    var start = [0.0, 0.0]
    start[axis] = amplitude
    try simulation.setState(qpos: start)
    var crossings = [Double](), previous = amplitude, other = 0.0
    for step in 1...Int(duration / h) {
      try simulation.step()
      let q = simulation.qpos[axis]
      if previous > 0 && q <= 0 { crossings.append((Double(step) - q / (q - previous)) * h) }
      previous = q
      other = max(other, abs(simulation.qpos[1 - axis]))
    }
    return ((crossings.last! - crossings.first!) / Double(crossings.count - 1), other)
  }

  /// A 1 kg ball `drop` metres below a universal joint with `attributes` on both hinges, no
  /// gravity.
  func pendulum(_ attributes: String, drop: Double = 0.5, control: Bool = false) throws -> Simulation {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.001" gravity="0 0 0"/><worldbody><body pos="0 0 1">
        <joint name="a" axis="1 0 0" \(attributes)/><joint name="b" axis="0 1 0" \(attributes)/>
        <geom type="sphere" size="0.05" pos="0 0 -\(drop)" mass="1"/></body></worldbody>
        \(control ? "<actuator><motor joint=\"a\"/><motor joint=\"b\"/></actuator>" : "")</mujoco>
      """)
    let simulation = try Simulation(model: model)
    #expect(simulation.world.joints.count == 1 && simulation.world.joints[0] is UniversalJoint)
    return simulation
  }

  /// The ball's inertia about either axis through the anchor.
  let inertia = 0.4 * 0.05 * 0.05 + 0.5 * 0.5

  /// MuJoCo's implicit damper with armature a: each step (I + a)(q̇′ − q̇) = −h b q̇′, so the
  /// rate shrinks by (I + a)/(I + a + h b) per step, on either axis alone (a ball spinning about
  /// its centre, I = (2/5) m r², so that no constraint drift enters).
  @Test func dampingAndArmatureOnEachAxisFollowTheImplicitStep() throws {
    let b = 0.003, a = 0.001, h = 0.001, inertia = 0.4 * 0.05 * 0.05
    let simulation = try pendulum("damping=\"\(b)\" armature=\"\(a)\"", drop: 0)
    for axis in 0..<2 {
      var rates = [0.0, 0.0]
      rates[axis] = 2
      try simulation.setState(qpos: [0, 0], qvel: rates)
      for _ in 0..<200 { try simulation.step() }
      let expected = 2 * pow((inertia + a) / (inertia + a + h * b), 200)
      #expect(abs(simulation.qvel[axis] - expected) < 1e-9 * expected, "axis \(axis): \(simulation.qvel[axis]) vs \(expected)")
      #expect(abs(simulation.qvel[1 - axis]) < 1e-9)
    }
  }

  /// A joint spring k with armature a swings the ball with period 2π √((I + a)/k) on either axis.
  @Test func aSpringOnEachAxisSwingsWithItsClosedFormPeriod() throws {
    let k = 4.0, a = 0.05
    let period = 2 * Double.pi * ((inertia + a) / k).squareRoot()
    let simulation = try pendulum("stiffness=\"\(k)\" armature=\"\(a)\"")
    for axis in 0..<2 {
      let measured = try swing(simulation, axis: axis, from: 0.05, for: 3 * period).period
      #expect(abs(measured - period) / period < 2e-3, "axis \(axis): \(measured) s against \(period) s")
    }
  }

  /// A steady torque drives each coordinate to its stop, where it stays.
  @Test func aSteadyTorqueStopsAtEachAxissLimit() throws {
    let simulation = try pendulum("range=\"-20 30\" limited=\"true\" damping=\"1\"", control: true)
    for _ in 0..<3000 { try simulation.step(control: [2, -2]) }
    let top = 30 * Double.pi / 180, bottom = -20 * Double.pi / 180
    #expect(abs(simulation.qpos[0] - top) < 0.01 && abs(simulation.qpos[1] - bottom) < 0.01, "\(simulation.qpos)")
    #expect(abs(simulation.qvel[0]) < 1e-3 && abs(simulation.qvel[1]) < 1e-3)
  }

  /// From the same state, one step under each actuator alone gives the same joint rates in both
  /// builds to within 1 % of the largest (the light body's inertia and the solver's conditioning
  /// make the difference; over many steps this limb's chaotic swinging amplifies any difference,
  /// so longer horizons are compared against MuJoCo by `odessa bench fidelity` instead).
  @Test func eachActuatorMovesTheLimbAsWithHingesAndALightBody() throws {
    let start = [0.3, -0.2, 0.4, -1.0, -0.8, 0.3, 0.2, 1.0, -2.0]
    for actuator in 0..<6 {
      let grouped = try limb(grouped: true), separate = try limb(grouped: false)
      try grouped.setState(qpos: start)
      try separate.setState(qpos: start)
      var control = [Double](repeating: 0, count: 6)
      control[actuator] = 1
      try grouped.step(control: control)
      try separate.step(control: control)
      let largest = separate.qvel.map(abs).max()!
      let difference = zip(grouped.qvel, separate.qvel).map { abs($0 - $1) }.max()!
      #expect(difference < 0.01 * largest, "actuator \(actuator): \(grouped.qvel) vs \(separate.qvel)")
      #expect(largest > 0.1)
    }
  }
}
