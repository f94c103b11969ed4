import Foundation
import Physics
import Randomness
import TestSupport
@testable import Environments

/// A 1-D point mass for end-to-end and loop tests: x'' = 2 u (a 1 kg mass on a frictionless
/// slide, a motor of gear 2, u in [-1, 1]), one physics step of 0.1 s per control step, which
/// ODE integrates exactly as v += a dt, x += v dt.
///
/// Episodes start at x ~ U(-1, 1) m at rest and last `timeLimit` seconds. Observation [x, v];
/// reward 1 / (1 + (x / 0.1)^2) in (0, 1], 1 at the goal x = 0. With `terminalBeyond`, the
/// episode ends for real when |x| exceeds it. Reference returns of 5-second episodes (200
/// episodes): uniform random policy about 6, u = 0 about 9, a PD controller u = -3x - 2v
/// about 42.
final class SlidingMass: Task {
  static let modelText = """
    <mujoco model="sliding_mass">
      <option timestep="0.1" gravity="0 0 0"/>
      <worldbody>
        <body name="mass">
          <joint name="x" type="slide" axis="1 0 0"/>
          <geom name="mass" type="sphere" size="0.05" mass="1" contype="0" conaffinity="0"/>
        </body>
      </worldbody>
      <actuator>
        <motor name="push" joint="x" gear="2" ctrlrange="-1 1" ctrllimited="true"/>
      </actuator>
    </mujoco>
    """

  /// The model, written once to a temporary file and loaded.
  static let model: BodyModel = {
    let path = RepositoryPaths.temporaryPath("sliding-mass") + ".xml"
    try! Data(modelText.utf8).write(to: URL(fileURLWithPath: path))
    return try! BodyModel(contentsOf: path)
  }()

  let name = "sliding_mass"
  let controlTimestep: Double? = nil
  let timeLimit: Double
  let terminalBeyond: Double?
  /// Multiplies the reward (a huge scale overflows the critic loss, for the poison tests).
  let rewardScale: Double

  init(timeLimit: Double = 5, terminalBeyond: Double? = nil, rewardScale: Double = 1) {
    self.timeLimit = timeLimit
    self.terminalBeyond = terminalBeyond
    self.rewardScale = rewardScale
  }

  /// A fresh environment of this task.
  static func environment(timeLimit: Double = 5, terminalBeyond: Double? = nil, rewardScale: Double = 1) throws -> Environment {
    try Environment(
      task: SlidingMass(timeLimit: timeLimit, terminalBeyond: terminalBeyond, rewardScale: rewardScale), model: model)
  }

  func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    try simulation.setState(qpos: [random.nextDouble(low: -1, high: 1)], qvel: [0])
  }

  func observe(_ simulation: Simulation, into observation: inout Observation) {
    observation.put("position", simulation.qpos[0])
    observation.put("velocity", simulation.qvel[0])
  }

  func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let distance = simulation.qpos[0] / 0.1
    return rewardScale / (1 + distance * distance)
  }

  func isTerminal(_ simulation: Simulation) -> Bool {
    terminalBeyond.map { abs(simulation.qpos[0]) > $0 } ?? false
  }
}
