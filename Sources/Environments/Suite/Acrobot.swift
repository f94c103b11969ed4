import Physics
import Randomness

/// Acrobot (dm_control's acrobot domain): two links hinged end to end, only the elbow driven
/// (models/acrobot.xml). Swing the tip up into the target sphere above the shoulder and keep it
/// there: a smooth reward in acrobot-swingup, 1 inside the sphere and 0 outside in the sparse one.
public final class Acrobot: Task, SuiteDomain {
  /// Seconds per episode (one physics step of 0.01 s per environment step).
  public static let timeLimit = 10.0

  /// The model file's name in the models folder, without ".xml".
  public static let model = "acrobot"
  /// acrobot-swingup and acrobot-swingup_sparse.
  public static var tasks: [Suite.Entry] {
    [
      Suite.Entry("acrobot-swingup", model: model) { try Acrobot(model: $0, name: "acrobot-swingup", sparse: false) },
      Suite.Entry("acrobot-swingup_sparse", model: model) {
        try Acrobot(model: $0, name: "acrobot-swingup_sparse", sparse: true)
      },
    ]
  }

  /// The task's name, e.g. "acrobot-swingup".
  public let name: String
  /// nil: one physics step per environment step.
  public let controlTimestep: Double? = nil
  /// Seconds per episode, always `Acrobot.timeLimit`.
  public let timeLimit: Double = Acrobot.timeLimit
  /// Whether the reward is the indicator of the tip inside the target.
  let sparse: Bool
  let upperArm: Int
  let lowerArm: Int
  let shoulder: Int
  let elbow: Int
  let tip: Int
  let target: Int

  /// An acrobot task on `model` (bodies upper_arm and lower_arm, hinges shoulder and elbow, sites
  /// tip and target, the target's size its radius).
  public init(model: BodyModel, name: String, sparse: Bool) throws {
    var names = NameResolver(model: model, task: name)
    upperArm = names.body("upper_arm")
    lowerArm = names.body("lower_arm")
    shoulder = names.joint("shoulder", type: .hinge)
    elbow = names.joint("elbow", type: .hinge)
    tip = names.site("tip")
    target = names.site("target")
    try names.finish()
    self.name = name
    self.sparse = sparse
  }

  /// The distance from the tip to the target's centre, metres.
  func tipToTarget(_ simulation: Simulation) -> Double {
    (simulation.sitePosition(target) - simulation.sitePosition(tip)).length
  }

  /// Both angles uniform in [−π, π] (shoulder first), at rest.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    var qpos = simulation.initialQpos
    qpos[simulation.positionAddress[shoulder]] = random.nextDouble(low: -Double.pi, high: Double.pi)
    qpos[simulation.positionAddress[elbow]] = random.nextDouble(low: -Double.pi, high: Double.pi)
    try simulation.setState(qpos: qpos)
  }

  /// orientations (the x then z components of each link's axis: sin θ1, sin(θ1 + θ2), cos θ1,
  /// cos(θ1 + θ2)), velocity.
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    let upper = simulation.bodyRotation(upperArm), lower = simulation.bodyRotation(lowerArm)
    observation.put("orientations", [upper[0, 2], lower[0, 2], upper[2, 2], lower[2, 2]])
    observation.put("velocity", simulation.qvel)
  }

  /// tolerance(distance, (0, r), margin 1) for swingup, margin 0 for the sparse task; r is the
  /// target's radius.
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let radius = simulation.model.sites[target].radius
    return tolerance(tipToTarget(simulation), bounds: (0, radius), margin: sparse ? 0 : 1)
  }
}
