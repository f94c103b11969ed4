import Physics
import Randomness

/// Fish (dm_control's fish domain): a small free-swimming body with a jointed tail and two fins
/// in a dense fluid, without gravity (models/fish.xml). fish-upright: keep the torso upright;
/// fish-swim: bring the mouth to a target placed at random each episode, upright.
public final class Fish: Task, SuiteDomain {
  /// A body moving in 3-D: pictures show it from the side and from the front.
  public var cameraView: CameraView { .sideAndFront }

  /// Seconds per environment step (10 physics steps of 0.004 s), and per episode.
  public static let controlTimestep = 0.04
  public static let timeLimit = 40.0
  /// Each joint of the tail and fins starts uniform within ±this angle (radians).
  public static let initialJointSpread = 0.2

  /// The model file's name in the models folder, without ".xml".
  public static let model = "fish"
  /// fish-upright and fish-swim.
  public static var tasks: [Suite.Entry] {
    [
      Suite.Entry("fish-upright", model: model) { try Fish(model: $0, name: "fish-upright", swimming: false) },
      Suite.Entry("fish-swim", model: model) { try Fish(model: $0, name: "fish-swim", swimming: true) },
    ]
  }

  /// The task's name, e.g. "fish-swim".
  public let name: String
  /// Seconds per environment step, always `Fish.controlTimestep`.
  public let controlTimestep: Double? = Fish.controlTimestep
  /// Seconds per episode, always `Fish.timeLimit`.
  public let timeLimit: Double = Fish.timeLimit
  /// Whether the fish swims to a target (fish-swim) or only keeps upright.
  let swimming: Bool
  let torso: Int
  let root: Int
  let mouth: Int
  /// The tail's and fins' hinges, in model order.
  let joints: [Int]
  /// Mouth radius plus target radius: the distance within which the mouth is at the target.
  let reach: Double
  let targetRadius: Double
  /// The target's position (fish-swim); drawn each episode.
  var targetPosition = Vector3.zero

  /// A fish task on `model` (body torso with free joint root, capsule geom mouth, sphere geom
  /// target, hinges tail1, tail_twist, tail2, finright_roll, finright_pitch, finleft_roll,
  /// finleft_pitch).
  public init(model: BodyModel, name: String, swimming: Bool) throws {
    var names = NameResolver(model: model, task: name)
    torso = names.body("torso")
    root = names.joint("root", type: .free)
    mouth = names.geom("mouth")
    let target = names.geom("target")
    joints = ["tail1", "tail_twist", "tail2", "finright_roll", "finright_pitch", "finleft_roll", "finleft_pitch"]
      .map { names.joint($0, type: .hinge) }
    try names.finish()
    self.name = name
    self.swimming = swimming
    targetRadius = radius(of: model.geoms[target].shape)
    reach = radius(of: model.geoms[mouth].shape) + targetRadius
    targetPosition = model.geoms[target].pose.position
  }

  /// The target's position, for exact snapshots (fish-swim).
  public var state: [Double] {
    get { swimming ? [targetPosition.x, targetPosition.y, targetPosition.z] : [] }
    set { if newValue.count == 3 { targetPosition = Vector3(newValue[0], newValue[1], newValue[2]) } }
  }

  public func target(_ simulation: Simulation) -> TaskTarget? {
    swimming ? TaskTarget(position: targetPosition, radius: targetRadius) : nil
  }

  /// The torso frame's zz entry: 1 upright.
  func upright(_ simulation: Simulation) -> Double { simulation.bodyRotation(torso)[2, 2] }
  /// The target relative to the mouth, in the mouth geom's frame.
  func mouthToTarget(_ simulation: Simulation) -> Vector3 {
    let pose = simulation.geomPose(mouth)
    return pose.orientation.conjugate.rotate(targetPosition - pose.position)
  }

  /// A uniformly random orientation (four normal numbers, normalised), each tail and fin joint
  /// uniform in ±0.2 rad, at rest; fish-swim then draws the target in x, y ∈ ±0.4, z ∈ [0.1, 0.3].
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    var qpos = simulation.initialQpos
    let q = randomOrientation(&random)
    let p = simulation.positionAddress[root]
    qpos[(p + 3)..<(p + 7)] = [q.w, q.x, q.y, q.z]
    for joint in joints {
      qpos[simulation.positionAddress[joint]] = random.nextDouble(low: -Self.initialJointSpread, high: Self.initialJointSpread)
    }
    try simulation.setState(qpos: qpos)
    if swimming {
      let x = random.nextDouble(low: -0.4, high: 0.4), y = random.nextDouble(low: -0.4, high: 0.4)
      targetPosition = Vector3(x, y, random.nextDouble(low: 0.1, high: 0.3))
    }
  }

  /// joint_angles, upright, target (fish-swim: from the mouth, in its frame), velocity (qvel).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    let q = simulation.qpos
    observation.put("joint_angles", joints.map { q[simulation.positionAddress[$0]] })
    observation.put("upright", upright(simulation))
    if swimming {
      let d = mouthToTarget(simulation)
      observation.put("target", [d.x, d.y, d.z])
    }
    observation.put("velocity", simulation.qvel)
  }

  /// upright: tolerance(zz, (1, 1), margin 1); swim: (7 · in_target + (zz + 1)/2) / 8 with
  /// in_target = tolerance(|mouth → target|, (0, mouth + target radius), margin 2 (mouth + target)).
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let zz = upright(simulation)
    guard swimming else { return tolerance(zz, bounds: (1, 1), margin: 1) }
    let inTarget = tolerance(mouthToTarget(simulation).length, bounds: (0, reach), margin: 2 * reach)
    return (7 * inTarget + (zz + 1) / 2) / 8
  }
}
