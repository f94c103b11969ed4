import Physics
import Randomness

/// Cheetah (dm_control's cheetah domain): a planar running body with two legs
/// (models/cheetah.xml). Run forward as fast as possible, up to 10 m/s.
public final class Cheetah: Task, SuiteDomain {
  /// The speed at which the reward saturates (m/s).
  public static let runSpeed = 10.0
  /// Seconds of zero-control physics after randomising the joints, so the body lands.
  public static let settleTime = 2.0
  /// Seconds per episode (one physics step of 0.01 s per environment step).
  public static let timeLimit = 10.0

  /// The model file's name in the models folder, without ".xml".
  public static let model = "cheetah"
  /// cheetah-run.
  public static var tasks: [Suite.Entry] {
    [Suite.Entry("cheetah-run", model: model) { try Cheetah(model: $0, name: "cheetah-run") }]
  }

  /// The task's name, "cheetah-run" in the suite.
  public let name: String
  /// nil: one physics step per environment step.
  public let controlTimestep: Double? = nil
  /// Seconds per episode, always `Cheetah.timeLimit`.
  public let timeLimit: Double = Cheetah.timeLimit
  let torso: Int

  /// Cheetah's task on `model` (a body "torso").
  public init(model: BodyModel, name: String) throws {
    var names = NameResolver(model: model, task: name)
    torso = names.body("torso")
    try names.finish()
    self.name = name
  }

  /// The x velocity of the torso subtree's centre of mass, m/s.
  func speed(_ simulation: Simulation) -> Double { simulation.subtreeLinearVelocity(torso).x }

  /// Limited joints uniform in their ranges, then `settleTime` seconds of physics at rest.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    var qpos = simulation.initialQpos
    for (j, joint) in simulation.model.joints.enumerated() {
      if let range = joint.range {
        qpos[simulation.positionAddress[j]] = random.nextDouble(low: range.lowerBound, high: range.upperBound)
      }
    }
    try simulation.setState(qpos: qpos)
    let steps = Int((Self.settleTime / simulation.timestep).rounded())
    for _ in 0..<steps { try simulation.step() }
    simulation.world.resetClock()
  }

  /// position (qpos without rootx), velocity (qvel).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    observation.put("position", simulation.qpos.dropFirst())
    observation.put("velocity", simulation.qvel)
  }

  /// Forward speed / `runSpeed`, clipped to [0, 1].
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    tolerance(
      speed(simulation), bounds: (Self.runSpeed, .infinity), margin: Self.runSpeed,
      sigmoid: .linear, valueAtMargin: 0)
  }
}
