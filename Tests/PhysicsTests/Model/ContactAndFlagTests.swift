import Foundation
import Testing
import TestSupport
@testable import Physics

/// MJCF contact parameters (priority, condim 4/6, solref), site shapes for touch sensors, and
/// `<option><flag>` switches, each against a closed form or a hand count.
@Suite struct ContactAndFlagTests {
  /// A box sliding on the floor at `speed` along x; returns the distance it slides (m). ODE's
  /// rigid contacts (`softContacts` off), for which Coulomb's closed form holds; MuJoCo's soft
  /// pyramid lets a fast box glide a little further (`SoftContactTests`).
  func slidingDistance(floor: String, box: String, speed: Double = 2, contact: String = "") throws -> Double {
    var model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.001"/>
        <worldbody>
          <geom name="floor" type="plane" size="5 5 1" \(floor)/>
          <body name="box" pos="0 0 0.05"><freejoint/><geom name="cube" type="box" size="0.05 0.05 0.05" mass="1" \(box)/></body>
        </worldbody>\(contact)</mujoco>
      """)
    model.options.softContacts = false
    let simulation = try Simulation(model: model)
    var qvel = [Double](repeating: 0, count: 6)
    qvel[0] = speed
    try simulation.setState(qpos: simulation.initialQpos, qvel: qvel)
    for _ in 0..<4000 { try simulation.step() }
    return simulation.bodyPosition(1).x
  }

  @Test func aHigherPriorityGeomDecidesTheFriction() throws {
    // Equal priorities: the larger friction (1) acts: d = v²/(2 μ g) = 0.204 m.
    let both = try slidingDistance(floor: "friction=\"1\"", box: "friction=\"0.2\"")
    #expect(abs(both - 4 / (2 * 1 * 9.81)) < 0.01, "\(both)")
    // The box's priority makes its own friction (0.2) act: d = 1.02 m.
    let boxWins = try slidingDistance(floor: "friction=\"1\"", box: "friction=\"0.2\" priority=\"1\"")
    #expect(abs(boxWins - 4 / (2 * 0.2 * 9.81)) < 0.03, "\(boxWins)")
  }

  /// An explicit `<pair>` makes a box that collides with nothing (contype 0) slide on the floor,
  /// with the pair's friction (0.2) rather than the geoms' (1).
  @Test func anExplicitPairCollidesWithItsOwnFriction() throws {
    let pair = #"<contact><pair geom1="floor" geom2="cube" friction="0.2 0.2"/></contact>"#
    let distance = try slidingDistance(floor: "friction=\"1\"", box: "contype=\"0\" conaffinity=\"0\"", contact: pair)
    #expect(abs(distance - 4 / (2 * 0.2 * 9.81)) < 0.03, "\(distance)")
    // Without the pair, it falls through the floor and slides on for ever.
    let unpaired = try slidingDistance(floor: "", box: "contype=\"0\" conaffinity=\"0\"")
    #expect(unpaired > 7)
  }

  /// A 1 kg ball of radius 0.1 m on the floor, both with `condim` and `friction`, started
  /// with `qvel`; returns its velocity after `steps` steps of 1 ms.
  func ballOnFloor(condim: Int, friction: String, qvel: [Double], steps: Int) throws -> [Double] {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.001"/>
        <worldbody>
          <geom type="plane" size="5 5 1" condim="\(condim)" friction="\(friction)"/>
          <body pos="0 0 0.1"><freejoint/>
            <geom type="sphere" size="0.1" mass="1" condim="\(condim)" friction="\(friction)"/></body>
        </worldbody></mujoco>
      """)
    let simulation = try Simulation(model: model)
    try simulation.setState(qpos: simulation.initialQpos, qvel: qvel)
    for _ in 0..<steps { try simulation.step() }
    return simulation.qvel
  }

  /// A ball spinning about the vertical (one contact point): torsional friction (condim 4)
  /// slows it at μ_t m g / I; with condim 3 nothing opposes the spin.
  @Test func torsionalFrictionStopsASpinAtItsClosedFormRate() throws {
    let spin: [Double] = [0, 0, 0, 0, 0, 10]
    // I = 2 m r² / 5 = 0.004; the torque limit μ_t m g = 0.0981 N m gives 24.5 rad/s² for 0.3 s.
    let expected = 10 - 0.01 * 9.81 / 0.004 * 0.3
    let spinning = try ballOnFloor(condim: 4, friction: "1 0.01 0", qvel: spin, steps: 300)[5]
    #expect(abs(spinning - expected) < 0.4, "condim 4: \(spinning), expected \(expected)")
    #expect(abs(try ballOnFloor(condim: 3, friction: "1 0.01 0", qvel: spin, steps: 300)[5] - 10) < 0.05)
  }

  /// A ball rolling without slipping: rolling friction (condim 6) decelerates it at
  /// ρ g / (r (1 + 2/5)); with condim 3 it keeps rolling.
  @Test func rollingFrictionSlowsARollingBallAtItsClosedFormRate() throws {
    let roll: [Double] = [2, 0, 0, 0, 20, 0]  // ω_y = v / r
    let expected = 2 - 0.01 * 9.81 / (0.1 * 1.4) * 0.5
    let rolling = try ballOnFloor(condim: 6, friction: "1 0 0.01", qvel: roll, steps: 500)[0]
    #expect(abs(rolling - expected) < 0.03, "condim 6: \(rolling), expected \(expected)")
    #expect(abs(try ballOnFloor(condim: 3, friction: "1 0 0.01", qvel: roll, steps: 500)[0] - 2) < 0.01)
  }

  /// With ODE's contacts (`softContacts` off), a resting box started 5 mm into the floor
  /// climbs out at the rate the contact time constant sets: one step removes the fraction
  /// ERP = h / (h + 2 τ) of the depth. (MuJoCo's soft contacts: `SoftContactTests`.)
  @Test func solrefSetsHowFastPenetrationIsRemovedFromODEContacts() throws {
    func depthAfterOneStep(_ tau: Double) throws -> Double {
      var model = try BodyModel(mjcf: """
        <mujoco><option timestep="0.001" gravity="0 0 0"/>
          <worldbody>
            <geom type="plane" size="5 5 1"/>
            <body pos="0 0 0.045"><freejoint/><geom type="box" size="0.05 0.05 0.05" mass="1" solref="\(tau) 1"/></body>
          </worldbody></mujoco>
        """)
      model.options.softContacts = false
      let simulation = try Simulation(model: model)
      try simulation.step()
      return 0.05 - simulation.bodyPosition(1).z
    }
    for tau in [0.02, 0.1] {
      let h = 0.001, erp = h / (h + 2 * ((tau + 0.02) / 2))
      let depth = try depthAfterOneStep(tau)
      #expect(abs(depth - 0.005 * (1 - erp)) < 1e-5, "τ \(tau): depth \(depth)")
    }
  }

  @Test func touchSensorsCoverEverySiteShape() throws {
    for (type, size) in [("box", "0.11 0.11 0.02"), ("cylinder", "0.15 0.02"), ("capsule", "0.15 0.02"),
      ("ellipsoid", "0.15 0.15 0.02")]
    {
      let model = try BodyModel(mjcf: """
        <mujoco><option timestep="0.002"/>
          <worldbody>
            <geom type="plane" size="1 1 1"/>
            <body pos="0 0 0.1"><freejoint/>
              <geom type="box" size="0.1 0.1 0.1" mass="2"/>
              <site name="sole" type="\(type)" pos="0 0 -0.1" size="\(size)"/>
              <site name="side" type="\(type)" pos="0 0 0.05" size="\(size)"/>
            </body>
          </worldbody>
          <sensor><touch site="sole"/><touch site="side"/></sensor></mujoco>
        """)
      let simulation = try Simulation(model: model)
      for _ in 0..<500 { try simulation.step() }
      #expect(abs(simulation.sensorValue(0)[0] - 2 * 9.81) < 0.02 * 2 * 9.81, "\(type)")
      #expect(simulation.sensorValue(1)[0] == 0, "\(type)")
    }
    #expect(SiteShape.box(halfExtents: Vector3(1, 2, 3)).contains(Vector3(0.9, -1.9, 2.9)))
    #expect(!SiteShape.ellipsoid(radii: Vector3(1, 2, 3)).contains(Vector3(0.8, 1.5, 0)))
    #expect(SiteShape.capsule(radius: 1, halfLength: 2).contains(Vector3(0, 0.5, 2.8)))
    #expect(!SiteShape.cylinder(radius: 1, halfLength: 2).contains(Vector3(0, 0.5, 2.8)))
  }

  /// A hinge pendulum with a range, a damper and a motor, under each switch.
  func pendulum(flags: String, control: Double = 0) throws -> Simulation {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.001"><flag \(flags)/></option>
        <worldbody><body><joint name="j" axis="0 1 0" range="-10 10" damping="0.5"/>
          <geom type="capsule" fromto="0 0 0 0 0 -1" size="0.02" mass="1"/></body></worldbody>
        <actuator><motor joint="j" gear="2" ctrlrange="-1 1" ctrllimited="true"/></actuator></mujoco>
      """)
    let simulation = try Simulation(model: model)
    simulation.control = [control]
    return simulation
  }

  @Test func flagsSwitchGravityLimitsDampingAndActuation() throws {
    // gravity disabled: released at 1 rad, it stays there.
    let floating = try pendulum(flags: "gravity=\"disable\" limit=\"disable\"")
    try floating.setState(qpos: [1], qvel: [0])
    for _ in 0..<200 { try floating.step() }
    #expect(abs(floating.qpos[0] - 1) < 1e-9)
    // limit disabled: pushed past its 10° stop.
    let free = try pendulum(flags: "limit=\"disable\" gravity=\"disable\"", control: 1)
    for _ in 0..<1000 { try free.step() }
    #expect(free.qpos[0] > 0.5)
    let stopped = try pendulum(flags: "gravity=\"disable\"", control: 1)
    for _ in 0..<1000 { try stopped.step() }
    #expect(stopped.qpos[0] < 10 * Double.pi / 180 + 0.01)
    // passive disabled: no damping, so a spin keeps its speed without gravity.
    let undamped = try pendulum(flags: "passive=\"disable\" gravity=\"disable\" limit=\"disable\"")
    try undamped.setState(qpos: [0], qvel: [1])
    for _ in 0..<500 { try undamped.step() }
    #expect(abs(undamped.qvel[0] - 1) < 1e-4, "damping 0.5 would have slowed it to about 0.47")
    // actuation disabled: the motor does nothing; clampctrl disabled: gear × raw control.
    let off = try pendulum(flags: "actuation=\"disable\"", control: 1)
    #expect(off.actuatorForce(0) == 0)
    let unclamped = try pendulum(flags: "clampctrl=\"disable\"", control: 3)
    #expect(unclamped.actuatorForce(0) == 6)
    let clamped = try pendulum(flags: "", control: 3)
    #expect(clamped.actuatorForce(0) == 2)
  }

  /// Two free boxes, one above the other: they rest stacked, unless `<contact><exclude>` names
  /// them, and then the upper one falls through the lower one to the floor.
  @Test func excludedBodiesPassThroughEachOther() throws {
    func upperHeight(exclude: Bool) throws -> Double {
      let model = try BodyModel(mjcf: """
        <mujoco><option timestep="0.002"/>
          <worldbody>
            <geom type="plane" size="1 1 1"/>
            <body name="lower" pos="0 0 0.1"><freejoint/><geom type="box" size="0.1 0.1 0.1" mass="1"/></body>
            <body name="upper" pos="0 0 0.3"><freejoint/><geom type="box" size="0.05 0.05 0.05" mass="1"/></body>
          </worldbody>
          \(exclude ? "<contact><exclude body1=\"lower\" body2=\"upper\"/></contact>" : "")
        </mujoco>
        """)
      let simulation = try Simulation(model: model)
      for _ in 0..<500 { try simulation.step() }
      return simulation.bodyPosition(2).z
    }
    #expect(abs(try upperHeight(exclude: false) - 0.25) < 0.005)
    #expect(abs(try upperHeight(exclude: true) - 0.05) < 0.005)
    #expect(throws: ModelError.self) {
      try BodyModel(mjcf: mjcf("<body name=\"b\"/>", extra: "<contact><exclude body1=\"b\" body2=\"nobody\"/></contact>"))
    }
  }

  @Test func numericsOnlySettingsAreAcceptedAndApproximationsListed() throws {
    let model = try BodyModel(mjcf: mjcf(
      "<body><joint/><geom size=\"0.1\" margin=\"0.01\" solimp=\"0.8 0.9 0.01\"/></body>",
      extra: """
        <size njmax="500" nconmax="100"/>
        <option iterations="50" tolerance="1e-10" solver="Newton" cone="elliptic" impratio="10">
          <flag warmstart="disable" energy="enable"/></option>
        """))
    let notes = model.approximations.joined(separator: "\n")
    for word in ["solver settings", "elliptic", "margin"] {
      #expect(notes.contains(word), "\(word) missing from \(notes)")
    }
    // Soft contacts take the cone, impratio and solimp as they are.
    #expect(model.options.cone == .elliptic && model.options.impedanceRatio == 10)
    #expect(model.geoms.last?.material.impedance == Impedance(d0: 0.8, dmax: 0.9, width: 0.01))
    #expect(throws: ModelError.self) { try BodyModel(mjcf: mjcf("", extra: "<option density=\"-1\"/>")) }
    #expect(throws: ModelError.self) { try BodyModel(mjcf: mjcf("", extra: "<option><flag override=\"enable\"/></option>")) }
  }
}
