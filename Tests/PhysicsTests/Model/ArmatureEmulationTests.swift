import Foundation
import Testing
import TestSupport
@testable import Physics

/// Armature has no ODE equivalent. Odessa adds it as rotational inertia of the joint's child
/// about the axis. On a joint whose parent does not turn that is exact; when the parent turns
/// too, the child's added inertia also couples to the parent's rotation: in a two-link chain the
/// emulated mass matrix is M + a·[[1, 1], [1, 1]] where MuJoCo's is M + a·[[0, 0], [0, 1]].
/// This test measures that error on a hopper-like calf and foot (a = 0.2 kg·m² on the ankle)
/// swinging under gravity, against the linearised equations of motion integrated with RK4.
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

  @Test func emulationErrorIsMeasuredAndBeatsDroppingArmature() throws {
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
    let emulated = linearTrajectory(extra: [[a, a], [a, a]], q20: q20, dt: dt, steps: steps)
    let dropped = linearTrajectory(extra: [[0, 0], [0, 0]], q20: q20, dt: dt, steps: steps)
    // The ODE model is the emulation it claims to be.
    #expect(rms(simulated, emulated) / q20 < 0.02, "ODE vs emulated equations: \(rms(simulated, emulated) / q20)")
    let emulationError = rms(simulated, truth) / q20
    let droppedError = rms(dropped, truth) / q20
    print(String(format: "armature emulation: ankle angle RMS error %.1f %% of amplitude over 2 s "
      + "(dropping armature: %.1f %%)", emulationError * 100, droppedError * 100))
    #expect(emulationError < droppedError)
    #expect(emulationError < 0.5)
  }
}
