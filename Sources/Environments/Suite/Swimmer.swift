import Physics
import Randomness

/// Swimmer (dm_control's swimmer domain): a planar chain of 6 or 15 links in a dense fluid
/// (models/swimmer6.xml, swimmer15.xml, written by scripts/make_swimmers.py). Swim the nose to a
/// target placed at random each episode.
public final class Swimmer: Task, SuiteDomain {
  /// Seconds per environment step (15 physics steps of 0.002 s), and per episode.
  public static let controlTimestep = 0.03
  public static let timeLimit = 30.0
  /// The chance that the target is placed close (within ±0.3 m rather than ±2 m in x and y).
  public static let closeTargetChance = 0.2

  /// The 6-link model's name (the 15-link one is "swimmer15").
  public static let model = "swimmer6"
  /// swimmer-swimmer6 and swimmer-swimmer15.
  public static var tasks: [Suite.Entry] {
    [6, 15].map { n in
      Suite.Entry("swimmer-swimmer\(n)", model: "swimmer\(n)") { try Swimmer(model: $0, name: "swimmer-swimmer\(n)") }
    }
  }

  /// The task's name, e.g. "swimmer-swimmer6".
  public let name: String
  /// Seconds per environment step, always `Swimmer.controlTimestep`.
  public let controlTimestep: Double? = Swimmer.controlTimestep
  /// Seconds per episode, always `Swimmer.timeLimit`.
  public let timeLimit: Double = Swimmer.timeLimit
  let head: Int
  let nose: Int
  let rootz: Int
  /// The chain's hinges, head first.
  let joints: [Int]
  /// The sites at the head's and each segment's origin, for their velocities.
  let sites: [Int]
  /// The target's radius (metres) and its height.
  let targetRadius: Double
  let targetHeight: Double
  /// The target's x and y, drawn each episode.
  var targetPosition = (x: 0.0, y: 0.0)

  /// A swimmer task on `model` (body head with hinge rootz, geoms nose and target; hinges
  /// joint_0 … and sites head, site_0 … for every segment).
  public init(model: BodyModel, name: String) throws {
    var names = NameResolver(model: model, task: name)
    head = names.body("head")
    nose = names.geom("nose")
    rootz = names.joint("rootz", type: .hinge)
    let target = names.geom("target")
    let segments = model.bodies.filter { $0.name.hasPrefix("segment_") }.count
    joints = (0..<segments).map { names.joint("joint_\($0)", type: .hinge) }
    sites = [names.site("head")] + (0..<segments).map { names.site("site_\($0)") }
    try names.finish()
    guard segments >= 2 else { throw EnvironmentError.invalidTask("\(model.file): task '\(name)' needs at least two segments") }
    self.name = name
    targetRadius = radius(of: model.geoms[target].shape)
    targetHeight = model.geoms[target].pose.position.z
    targetPosition = (model.geoms[target].pose.position.x, model.geoms[target].pose.position.y)
  }

  /// The target's x and y, for exact snapshots.
  public var state: [Double] {
    get { [targetPosition.x, targetPosition.y] }
    set { if newValue.count == 2 { targetPosition = (newValue[0], newValue[1]) } }
  }

  /// From above: the chain swims in the x–y plane.
  public var cameraView: CameraView { .top }

  public func target(_ simulation: Simulation) -> TaskTarget? {
    TaskTarget(position: Vector3(targetPosition.x, targetPosition.y, targetHeight), radius: targetRadius)
  }

  /// The target relative to the nose, in the head's frame (x and y).
  func noseToTarget(_ simulation: Simulation) -> (x: Double, y: Double) {
    let headPose = simulation.bodyPose(head)
    let offset = Vector3(targetPosition.x, targetPosition.y, targetHeight) - simulation.geomPose(nose).position
    let local = headPose.orientation.conjugate.rotate(offset)
    return (local.x, local.y)
  }

  /// The root's heading uniform in [−π, π] and each hinge uniform within its range (the root's
  /// slides stay at 0), at rest; then the target: with chance 0.2 within ±0.3 m, else ±2 m.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    try randomizeLimitedAndRotationalJoints(simulation, random: &random)
    let close = random.nextDouble() < Self.closeTargetChance
    let box = close ? 0.3 : 2.0
    targetPosition = (random.nextDouble(low: -box, high: box), random.nextDouble(low: -box, high: box))
  }

  /// joints (the chain's hinge angles), to_target (from the nose, in the head's frame),
  /// body_velocities (each link's x and y velocity and its turn rate, in its own frame).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    let q = simulation.qpos
    observation.put("joints", joints.map { q[simulation.positionAddress[$0]] })
    let (x, y) = noseToTarget(simulation)
    observation.put("to_target", [x, y])
    for site in sites {
      let frame = simulation.objectPose(.site(site)).orientation.conjugate
      let v = frame.rotate(simulation.siteLinearVelocity(site))
      let w = frame.rotate(simulation.angularVelocity(ofBody: simulation.model.sites[site].body))
      observation.put("body_velocities", [v.x, v.y, w.z])
    }
  }

  /// tolerance(distance, (0, r), margin 5 r, long tail): 1 with the nose in the target.
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let (x, y) = noseToTarget(simulation)
    return tolerance((x * x + y * y).squareRoot(), bounds: (0, targetRadius), margin: 5 * targetRadius, sigmoid: .longTail)
  }
}
