import Foundation
import Physics
import Randomness

/// Finger (dm_control's finger domain): a two-link planar finger beside a body that spins on a
/// hinge with dry friction (models/finger.xml). finger-spin: keep the spinner turning fast;
/// finger-turn_easy and finger-turn_hard: turn the spinner's tip into a target on its circle.
public final class Finger: Task, SuiteDomain {
  /// Seconds per environment step (2 physics steps of 0.01 s), and per episode.
  public static let controlTimestep = 0.02
  public static let timeLimit = 20.0
  /// finger-spin pays while the spinner turns faster than this (rad/s, positive about +y).
  public static let spinSpeed = 15.0
  /// finger-spin's spinner damping (N·m·s/rad), in place of the model's.
  public static let spinDamping = 0.03
  /// Target radii of the turn tasks (metres).
  public static let easyTargetRadius = 0.07
  public static let hardTargetRadius = 0.03
  /// Initial joint angles are drawn again while anything touches; this many draws at most.
  static let maximumDraws = 1000

  /// The model file's name in the models folder, without ".xml".
  public static let model = "finger"
  /// finger-spin, finger-turn_easy and finger-turn_hard.
  public static var tasks: [Suite.Entry] {
    [
      Suite.Entry("finger-spin", model: model) { try Finger(model: $0, name: "finger-spin", targetRadius: nil) },
      Suite.Entry("finger-turn_easy", model: model) {
        try Finger(model: $0, name: "finger-turn_easy", targetRadius: easyTargetRadius)
      },
      Suite.Entry("finger-turn_hard", model: model) {
        try Finger(model: $0, name: "finger-turn_hard", targetRadius: hardTargetRadius)
      },
    ]
  }

  /// The task's name, e.g. "finger-spin".
  public let name: String
  /// Seconds per environment step, always `Finger.controlTimestep`.
  public let controlTimestep: Double? = Finger.controlTimestep
  /// Seconds per episode, always `Finger.timeLimit`.
  public let timeLimit: Double = Finger.timeLimit
  /// The target's radius in the turn tasks; nil for finger-spin.
  let targetRadius: Double?
  let proximal: Int
  let distal: Int
  let hinge: Int
  let spinner: Int
  let tip: Int
  let touchSites: [Int]
  /// The spinner's hinge in x–z and the radius of its tip's circle (the spinner's capsule radius
  /// plus half-length, as dm_control takes it), metres.
  let hingeCentre: (x: Double, z: Double)
  let tipRadius: Double
  /// The target's world position in x and z (turn tasks); drawn each episode.
  var targetPosition = (x: 0.0, z: 0.0)

  /// A finger task on `model` (hinges proximal, distal, hinge; body spinner; sites tip, touchtop,
  /// touchbottom; a capsule geom "cap1" whose size sets the tip's circle).
  public init(model: BodyModel, name: String, targetRadius: Double?) throws {
    var names = NameResolver(model: model, task: name)
    proximal = names.joint("proximal", type: .hinge)
    distal = names.joint("distal", type: .hinge)
    hinge = names.joint("hinge", type: .hinge)
    spinner = names.body("spinner")
    tip = names.site("tip")
    touchSites = [names.site("touchtop"), names.site("touchbottom")]
    let capsule = names.geom("cap1")
    try names.finish()
    guard case .capsule(let r, let half) = model.geoms[capsule].shape else {
      throw EnvironmentError.invalidTask("\(model.file): task '\(name)': geom cap1 must be a capsule")
    }
    self.name = name
    self.targetRadius = targetRadius
    tipRadius = r + half
    let centre = model.bodies[spinner].pose.position
    hingeCentre = (centre.x, centre.z)
  }

  /// finger-spin turns the spinner's damping down.
  public func configure(_ model: inout BodyModel) {
    if targetRadius == nil { model.joints[hinge].damping = Self.spinDamping }
  }

  /// The target, for the turn tasks' state snapshots: its x and z.
  public var state: [Double] {
    get { targetRadius == nil ? [] : [targetPosition.x, targetPosition.z] }
    set { if newValue.count == 2 { targetPosition = (newValue[0], newValue[1]) } }
  }

  // Readouts.

  /// The spinner's tip relative to the spinner body's origin, world x and z.
  func tipPosition(_ simulation: Simulation) -> (x: Double, z: Double) {
    let offset = simulation.sitePosition(tip) - simulation.bodyPosition(spinner)
    return (offset.x, offset.z)
  }
  /// The target relative to the spinner body's origin, world x and z.
  func relativeTarget(_ simulation: Simulation) -> (x: Double, z: Double) {
    let origin = simulation.bodyPosition(spinner)
    return (targetPosition.x - origin.x, targetPosition.z - origin.z)
  }
  /// Distance from the tip to the target's surface (negative inside), metres.
  func distanceToTarget(_ simulation: Simulation) -> Double {
    let (tx, tz) = relativeTarget(simulation), (px, pz) = tipPosition(simulation)
    return ((tx - px) * (tx - px) + (tz - pz) * (tz - pz)).squareRoot() - (targetRadius ?? 0)
  }
  /// The spinner's rate about its hinge axis (−y), rad/s.
  func hingeVelocity(_ simulation: Simulation) -> Double { simulation.qvel[simulation.velocityAddress[hinge]] }

  public func target(_ simulation: Simulation) -> TaskTarget? {
    targetRadius.map { TaskTarget(position: Vector3(targetPosition.x, 0, targetPosition.z), radius: $0) }
  }

  /// Turn tasks: the target at a uniform angle on the tip's circle. Then all three joints drawn
  /// (dm_control's randomiser) again until nothing touches.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    if targetRadius != nil {
      let angle = random.nextDouble(low: -Double.pi, high: Double.pi)
      targetPosition = (hingeCentre.x + tipRadius * sin(angle), hingeCentre.z + tipRadius * cos(angle))
    }
    try drawWithoutContacts(simulation, task: name, attempts: Self.maximumDraws) {
      try randomizeLimitedAndRotationalJoints(simulation, random: &random)
    }
  }

  /// position (proximal, distal, tip x, z), velocity (the three hinges), touch (log(1 + force) of
  /// the top and bottom touch sites); the turn tasks add target_position and dist_to_target.
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    let q = simulation.qpos, v = simulation.qvel
    observation.put("position", q[simulation.positionAddress[proximal]])
    observation.put("position", q[simulation.positionAddress[distal]])
    let (x, z) = tipPosition(simulation)
    observation.put("position", [x, z])
    observation.put("velocity", [proximal, distal, hinge].map { v[simulation.velocityAddress[$0]] })
    observation.put("touch", touchSites.map { log1p(simulation.touch($0)) })
    guard targetRadius != nil else { return }
    let (tx, tz) = relativeTarget(simulation)
    observation.put("target_position", [tx, tz])
    observation.put("dist_to_target", distanceToTarget(simulation))
  }

  /// spin: 1 while the spinner turns at 15 rad/s or faster about +y; turn: 1 while the tip is in
  /// the target.
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    if targetRadius == nil { return hingeVelocity(simulation) <= -Self.spinSpeed ? 1 : 0 }
    return distanceToTarget(simulation) <= 0 ? 1 : 0
  }
}
