import Physics
import Randomness

/// Humanoid (dm_control's humanoid domain): a 3-D biped with 21 actuated hinges on a free root
/// (models/humanoid.xml). Keep the head high and the torso upright with small controls; in
/// humanoid-stand also keep still, in humanoid-walk and humanoid-run move at a speed.
public final class Humanoid: Task, SuiteDomain {
  /// A body moving in 3-D: pictures show it from the side and from the front.
  public var cameraView: CameraView { .sideAndFront }

  /// The head height above which the humanoid counts as standing (metres).
  public static let standHeight = 1.4
  /// Horizontal speed of humanoid-walk (m/s).
  public static let walkSpeed = 1.0
  /// Horizontal speed of humanoid-run (m/s).
  public static let runSpeed = 10.0
  /// Seconds per environment step (5 physics steps of 0.005 s).
  public static let controlTimestep = 0.025
  /// Seconds per episode (1000 environment steps).
  public static let timeLimit = 25.0
  /// Initial states are drawn again while the body touches anything; this many draws at most.
  static let maximumDraws = 10_000

  /// The model file's name in the models folder, without ".xml".
  public static let model = "humanoid"
  /// humanoid-stand, humanoid-walk and humanoid-run.
  public static var tasks: [Suite.Entry] {
    [
      Suite.Entry("humanoid-stand", model: model) { try Humanoid(model: $0, name: "humanoid-stand", moveSpeed: 0) },
      Suite.Entry("humanoid-walk", model: model) { try Humanoid(model: $0, name: "humanoid-walk", moveSpeed: walkSpeed) },
      Suite.Entry("humanoid-run", model: model) { try Humanoid(model: $0, name: "humanoid-run", moveSpeed: runSpeed) },
    ]
  }

  /// The task's name, e.g. "humanoid-walk".
  public let name: String
  /// Seconds per environment step, always `Humanoid.controlTimestep`.
  public let controlTimestep: Double? = Humanoid.controlTimestep
  /// Seconds per episode, always `Humanoid.timeLimit`.
  public let timeLimit: Double = Humanoid.timeLimit
  /// Horizontal speed to reach (m/s); 0 asks to stand still.
  let moveSpeed: Double
  let torso: Int
  let head: Int
  /// Left hand, left foot, right hand, right foot: the order of the `extremities` observation.
  let extremities: [Int]
  /// The root's free joint; the hinges follow it in qpos.
  let root: Int

  /// A humanoid task on `model` (bodies torso, head, hands and feet, a free joint "root").
  public init(model: BodyModel, name: String, moveSpeed: Double) throws {
    var names = NameResolver(model: model, task: name)
    torso = names.body("torso")
    head = names.body("head")
    extremities = ["left_hand", "left_foot", "right_hand", "right_foot"].map { names.body($0) }
    root = names.joint("root", type: .free)
    try names.finish()
    guard moveSpeed >= 0 else { throw EnvironmentError.invalidTask("\(name): the speed must be non-negative") }
    self.name = name
    self.moveSpeed = moveSpeed
  }

  // Readouts.

  /// z of the head body's origin (the centre of the head), metres.
  func headHeight(_ simulation: Simulation) -> Double { simulation.bodyPosition(head).z }
  /// The z axis of the world in the torso's frame (the last row of the torso's rotation).
  func torsoVertical(_ simulation: Simulation) -> [Double] {
    let r = simulation.bodyRotation(torso)
    return [r[2, 0], r[2, 1], r[2, 2]]
  }
  /// Velocity of the whole body's centre of mass (world axes), m/s.
  func centerOfMassVelocity(_ simulation: Simulation) -> Vector3 { simulation.subtreeLinearVelocity(torso) }

  /// Joints randomised (dm_control's randomiser), drawn again until nothing touches.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    try drawWithoutContacts(simulation, task: name, attempts: Self.maximumDraws) {
      try randomizeLimitedAndRotationalJoints(simulation, random: &random)
    }
  }

  /// joint_angles (the 21 hinges), head_height, extremities (hands and feet in the torso's frame),
  /// torso_vertical, com_velocity, velocity (qvel).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    observation.put("joint_angles", Array(simulation.qpos[(simulation.positionAddress[root] + 7)...]))
    observation.put("head_height", headHeight(simulation))
    let torsoPose = simulation.bodyPose(torso)
    for body in extremities {
      let local = torsoPose.orientation.conjugate.rotate(simulation.bodyPosition(body) - torsoPose.position)
      observation.put("extremities", [local.x, local.y, local.z])
    }
    observation.put("torso_vertical", torsoVertical(simulation))
    let v = centerOfMassVelocity(simulation)
    observation.put("com_velocity", [v.x, v.y, v.z])
    observation.put("velocity", simulation.qvel)
  }

  /// small_control · standing · upright · (stand: keep still; otherwise: (5 · move + 1) / 6).
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let standing = tolerance(headHeight(simulation), bounds: (Self.standHeight, .infinity), margin: Self.standHeight / 4)
    let upright = tolerance(
      torsoVertical(simulation)[2], bounds: (0.9, .infinity), margin: 1.9, sigmoid: .linear, valueAtMargin: 0)
    let small = (4 + smallControl(action)) / 5
    let velocity = centerOfMassVelocity(simulation)
    let move: Double
    if moveSpeed == 0 {
      move = (tolerance(velocity.x, margin: 2) + tolerance(velocity.y, margin: 2)) / 2
    } else {
      let speed = (velocity.x * velocity.x + velocity.y * velocity.y).squareRoot()
      let reached = tolerance(speed, bounds: (moveSpeed, .infinity), margin: moveSpeed, sigmoid: .linear, valueAtMargin: 0)
      move = (5 * reached + 1) / 6
    }
    return small * standing * upright * move
  }
}
