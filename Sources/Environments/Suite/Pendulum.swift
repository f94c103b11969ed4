import Foundation
import Physics
import Randomness

/// Pendulum (dm_control's pendulum domain): a pole on a hinge with a weak motor
/// (models/pendulum.xml). Swing up from any angle and hold it within 8 degrees of upright.
///
/// The `swingup` family for a user model without a cart is this task.
public final class Pendulum: Task, SuiteDomain {
  /// The reward is 1 within this angle of upright (radians), else 0.
  public static let uprightAngle = 8 * Double.pi / 180
  /// Seconds per episode (one physics step of 0.02 s per environment step).
  public static let timeLimit = 20.0

  /// The model file's name in the models folder, without ".xml".
  public static let model = "pendulum"
  /// pendulum-swingup.
  public static var tasks: [Suite.Entry] {
    [Suite.Entry("pendulum-swingup", model: model) { try Pendulum(model: $0, name: "pendulum-swingup") }]
  }

  /// The task's name, e.g. "pendulum-swingup".
  public let name: String
  /// nil: one physics step per environment step.
  public let controlTimestep: Double? = nil
  /// Seconds per episode.
  public let timeLimit: Double
  let pole: Int
  let hinge: Int

  /// A pendulum task on `model` (a body `pole` on a hinge joint `hinge`).
  public init(
    model: BodyModel, name: String, pole poleName: String = "pole", hinge hingeName: String = "hinge",
    timeLimit: Double = Pendulum.timeLimit
  ) throws {
    var names = NameResolver(model: model, task: name)
    pole = names.body(poleName)
    hinge = names.joint(hingeName, type: .hinge)
    try names.finish()
    self.name = name
    self.timeLimit = timeLimit
  }

  /// cos and sin of the pole angle from upright: its frame's zz and xz entries.
  func poleAngleCosine(_ simulation: Simulation) -> Double { simulation.bodyRotation(pole)[2, 2] }
  func poleAngleSine(_ simulation: Simulation) -> Double { simulation.bodyRotation(pole)[0, 2] }
  /// The pole's angular velocity (rad/s).
  func angularVelocity(_ simulation: Simulation) -> Double { simulation.qvel[simulation.velocityAddress[hinge]] }

  /// The pole at a uniformly random angle in [−π, π], at rest.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    var qpos = simulation.initialQpos
    qpos[simulation.positionAddress[hinge]] = random.nextDouble(low: -Double.pi, high: Double.pi)
    try simulation.setState(qpos: qpos)
  }

  /// orientation (cos, sin), velocity.
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    observation.put("orientation", poleAngleCosine(simulation))
    observation.put("orientation", poleAngleSine(simulation))
    observation.put("velocity", angularVelocity(simulation))
  }

  /// 1 while the pole is within `uprightAngle` of upright, else 0.
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    tolerance(poleAngleCosine(simulation), bounds: (cos(Self.uprightAngle), 1))
  }
}
