import Physics
import Randomness

/// Walker (dm_control's walker domain): a planar biped with a torso, two thighs, legs and feet
/// (models/walker.xml). Stand tall and upright, and in walker-walk and walker-run move forward.
///
/// The `locomotion` family for user models is this task with the numbers from the model file.
public final class Walker: Task, SuiteDomain {
  /// The torso height above which the walker counts as standing (metres).
  public static let standHeight = 1.2
  /// Target forward speeds (metres per second).
  public static let walkSpeed = 1.0
  /// Forward speed of walker-run (m/s).
  public static let runSpeed = 8.0
  /// Seconds per environment step (10 physics steps of 0.0025 s), and per episode.
  public static let controlTimestep = 0.025
  /// Seconds per episode (1000 environment steps).
  public static let timeLimit = 25.0

  /// The model file's name in the models folder, without ".xml".
  public static let model = "walker"
  /// walker-stand, walker-walk and walker-run.
  public static var tasks: [Suite.Entry] {
    [
      Suite.Entry("walker-stand", model: model) { try Walker(model: $0, name: "walker-stand", moveSpeed: 0) },
      Suite.Entry("walker-walk", model: model) { try Walker(model: $0, name: "walker-walk", moveSpeed: walkSpeed) },
      Suite.Entry("walker-run", model: model) { try Walker(model: $0, name: "walker-run", moveSpeed: runSpeed) },
    ]
  }

  /// The task's name, e.g. "walker-walk".
  public let name: String
  /// Seconds per environment step; nil uses the model's timestep.
  public let controlTimestep: Double?
  /// Seconds per episode.
  public let timeLimit: Double
  /// Forward speed to reach (m/s); 0 asks only to stand.
  let moveSpeed: Double
  /// Torso height that counts as standing (m).
  let standHeight: Double
  let torso: Int
  /// Every body but the world, in model order.
  let bodies: [Int]

  /// A walker task on `model`, which needs a body "torso".
  public init(
    model: BodyModel, name: String, moveSpeed: Double, standHeight: Double = Walker.standHeight,
    controlTimestep: Double? = Walker.controlTimestep, timeLimit: Double = Walker.timeLimit
  ) throws {
    var names = NameResolver(model: model, task: name)
    torso = names.body("torso")
    try names.finish()
    guard standHeight > 0, moveSpeed >= 0 else {
      throw EnvironmentError.invalidTask("\(name): stand height must be positive, speed non-negative")
    }
    self.name = name
    self.moveSpeed = moveSpeed
    self.standHeight = standHeight
    self.controlTimestep = controlTimestep
    self.timeLimit = timeLimit
    bodies = Array(model.bodies.indices.dropFirst())
  }

  // Readouts.

  /// The torso frame's zz entry: 1 upright, -1 upside down.
  func torsoUpright(_ simulation: Simulation) -> Double { simulation.bodyRotation(torso)[2, 2] }
  /// The torso frame's height (z of its origin), metres.
  func torsoHeight(_ simulation: Simulation) -> Double { simulation.bodyPosition(torso).z }
  /// The x velocity of the torso subtree's centre of mass (MuJoCo's subtreelinvel), m/s.
  func horizontalVelocity(_ simulation: Simulation) -> Double { simulation.subtreeLinearVelocity(torso).x }

  /// Joints randomised (dm_control's randomiser).
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    try randomizeLimitedAndRotationalJoints(simulation, random: &random)
  }

  /// orientations (xx and xz of every body's frame), height, velocity (qvel).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    for body in bodies {
      let rotation = simulation.bodyRotation(body)
      observation.put("orientations", rotation[0, 0])
      observation.put("orientations", rotation[0, 2])
    }
    observation.put("height", torsoHeight(simulation))
    observation.put("velocity", simulation.qvel)
  }

  /// stand = (3 · standing + upright) / 4; when moving, stand · (5 · move + 1) / 6.
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let standing = tolerance(torsoHeight(simulation), bounds: (standHeight, .infinity), margin: standHeight / 2)
    let upright = (1 + torsoUpright(simulation)) / 2
    let stand = (3 * standing + upright) / 4
    guard moveSpeed > 0 else { return stand }
    let move = tolerance(
      horizontalVelocity(simulation), bounds: (moveSpeed, .infinity), margin: moveSpeed / 2,
      sigmoid: .linear, valueAtMargin: 0.5)
    return stand * (5 * move + 1) / 6
  }
}
