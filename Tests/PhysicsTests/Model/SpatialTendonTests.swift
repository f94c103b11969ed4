import Foundation
import Testing
import TestSupport
@testable import Physics

/// Spatial tendons through sites: a rope that goes slack, stops a falling ball at its length, and
/// pulls along its line when actuated.
@Suite struct SpatialTendonTests {
  /// A 0.1 kg ball on a vertical slide, 0.1 m below a site on the world, tied to it by a 0.3 m rope.
  func ballOnARope(actuator: String = "") throws -> Simulation {
    try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001"/>
        <worldbody><site name="anchor" pos="0 0 1"/>
          <body name="ball" pos="0 0 0.9"><joint type="slide" axis="0 0 1"/>
            <geom type="sphere" size="0.02" mass="0.1"/><site name="knot"/></body></worldbody>
        <tendon><spatial name="rope" limited="true" range="0 0.3"><site site="anchor"/><site site="knot"/></spatial></tendon>
        \(actuator)</mujoco>
      """))
  }

  @Test func theBallFallsFreelyUntilTheRopeIsTautThenHangsAtItsLength() throws {
    let simulation = try ballOnARope()
    #expect(abs(simulation.tendonLengthAndRate(0).length - 0.1) < 1e-12)
    for _ in 0..<100 { try simulation.step() }
    // Slack: free fall, −g t after 0.1 s (semi-implicit Euler is exact for the speed).
    #expect(abs(simulation.qvel[0] + 9.81 * 0.1) < 1e-9, "\(simulation.qvel[0])")
    for _ in 0..<1900 { try simulation.step() }
    let (length, rate) = simulation.tendonLengthAndRate(0)
    #expect(abs(length - 0.3) < 1e-3, "hangs at \(length)")
    #expect(abs(rate) < 1e-3)
  }

  @Test func aTautRopeIsMuJoCosSoftLimit() throws {
    // The ball 1 cm beyond the rope's length, moving away at 0.5 m/s, no gravity. MuJoCo's
    // limit row on dist = 0.3 − L = −0.01: aref = −B ḋist − K d dist with K = 1/(dmax² τ²),
    // B = 2/(dmax τ), d = dmax (beyond solimplimit's width), R = (1 − d)/d · A and A = 1/m
    // (`tendon_invweight0`); force f = aref / (A + R) ≥ 0, and one Euler step leaves the ball at
    // L̇ = 0.5 − h A f. (ODE's stiff row that held the rope before stopped the ball at once:
    // L̇ = −ERP·0.01/h; the ball in cup's one-step error along random controls was 0.8 m/s.)
    let simulation = try Simulation(model: BodyModel(mjcf: """
      <mujoco><option timestep="0.001" gravity="0 0 0"/>
        <worldbody><site name="anchor" pos="0 0 1"/>
          <body name="ball" pos="0 0 0.9"><joint type="slide" axis="0 0 1"/>
            <geom type="sphere" size="0.02" mass="0.1"/><site name="knot"/></body></worldbody>
        <tendon><spatial name="rope" limited="true" range="0 0.3" solreflimit="0.02 0.8">
          <site site="anchor"/><site site="knot"/></spatial></tendon>
      </mujoco>
      """))
    try simulation.setState(qpos: [-0.21], qvel: [-0.5])
    let (m, h, tau, ratio, dmax) = (0.1, 0.001, 0.02, 0.8, 0.95)
    let k = 1 / (dmax * dmax * tau * tau * ratio * ratio), b = 2 / (dmax * tau)
    let dist = -0.01, rate = -0.5
    let weight = 1 / m, regularisation = (1 - dmax) / dmax * weight
    let force = max(0, (-b * rate - k * dmax * dist) / (weight + regularisation))
    try simulation.step()
    let expected = 0.5 - h * weight * force
    #expect(abs(simulation.tendonLengthAndRate(0).rate - expected) < 1e-9, "\(simulation.tendonLengthAndRate(0).rate) vs \(expected)")
  }

  @Test func anActuatedRopePullsAlongItsLine() throws {
    // A force of −2 m g along the rope (shortening it) lifts the ball at g.
    let simulation = try ballOnARope(actuator: #"<actuator><motor tendon="rope"/></actuator>"#)
    simulation.control = [-2 * 0.1 * 9.81]
    for _ in 0..<50 { try simulation.step() }
    #expect(abs(simulation.qvel[0] - 9.81 * 0.05) < 1e-9, "\(simulation.qvel[0])")
  }

  @Test func unsupportedPathsAreRefusedWithTheirLine() throws {
    #expect(throws: ModelError.self) {
      try BodyModel(mjcf: """
        <mujoco><worldbody><site name="a"/><geom name="g" size="0.1"/><site name="b" pos="1 0 0"/></worldbody>
          <tendon><spatial><site site="a"/><geom geom="g"/><site site="b"/></spatial></tendon></mujoco>
        """)
    }
  }
}
