import Foundation
import Physics
import Randomness

/// Manipulator (dm_control's manipulator domain, bring_ball): a planar four-link arm with a
/// two-fingered hand and a ball (models/manipulator.xml). Bring the ball to a target placed at
/// random each episode.
public final class Manipulator: Task, SuiteDomain {
  /// Seconds per environment step (10 physics steps of 0.001 s), and per episode.
  public static let controlTimestep = 0.01
  public static let timeLimit = 10.0
  /// How an episode places the ball: in the hand, at the target, or anywhere (these odds).
  static let startOdds = (inHand: 0.1, inTarget: 0.1)
  /// The ball counts as close within 0.01 m; the reward falls to 0.1 at 0.02 m beyond.
  static let closeDistance = 0.01
  static let closeMargin = 0.02
  /// Initial states are drawn again while anything touches; this many draws at most.
  static let maximumDraws = 10_000

  /// The model file's name in the models folder, without ".xml".
  public static let model = "manipulator"
  /// manipulator-bring_ball.
  public static var tasks: [Suite.Entry] {
    [Suite.Entry("manipulator-bring_ball", model: model) { try Manipulator(model: $0, name: "manipulator-bring_ball") }]
  }

  /// The task's name, "manipulator-bring_ball".
  public let name: String
  /// Seconds per environment step, always `Manipulator.controlTimestep`.
  public let controlTimestep: Double? = Manipulator.controlTimestep
  /// Seconds per episode, always `Manipulator.timeLimit`.
  public let timeLimit: Double = Manipulator.timeLimit
  /// The arm's and hand's hinges in dm_control's order (finger before thumb).
  let arm: [Int]
  /// The ball's slides x, z and hinge y.
  let objectJoints: [Int]
  let hand: Int
  let ball: Int
  let ballSite: Int
  let grasp: Int
  let touchSites: [Int]
  /// The target's height above the arm's plane (its y), from the model.
  let targetY: Double
  /// The target's x, z and angle about y, drawn each episode.
  var target = (x: 0.0, z: 0.0, angle: 0.0)

  /// The bring_ball task on `model`.
  public init(model: BodyModel, name: String) throws {
    var names = NameResolver(model: model, task: name)
    arm = ["arm_root", "arm_shoulder", "arm_elbow", "arm_wrist", "finger", "fingertip", "thumb", "thumbtip"]
      .map { names.joint($0, type: .hinge) }
    objectJoints = [names.joint("ball_x", type: .slide), names.joint("ball_z", type: .slide), names.joint("ball_y", type: .hinge)]
    hand = names.body("hand")
    ball = names.body("ball")
    ballSite = names.site("ball")
    grasp = names.site("grasp")
    touchSites = ["palm_touch", "finger_touch", "thumb_touch", "fingertip_touch", "thumbtip_touch"].map { names.site($0) }
    let targetBody = names.body("target_ball")
    try names.finish()
    self.name = name
    targetY = model.bodies[targetBody].pose.position.y
  }

  /// The target's x, z and angle, for exact snapshots.
  public var state: [Double] {
    get { [target.x, target.z, target.angle] }
    set { if newValue.count == 3 { target = (newValue[0], newValue[1], newValue[2]) } }
  }

  public func target(_ simulation: Simulation) -> TaskTarget? {
    TaskTarget(position: Vector3(target.x, targetY, target.z), radius: 0.02)
  }

  /// dm_control's planar pose of a frame: x, z and the w and y of its quaternion.
  func pose2d(_ pose: Pose) -> [Double] {
    [pose.position.x, pose.position.z, pose.orientation.w, pose.orientation.y]
  }

  /// The ball's centre to the target's, metres.
  func ballToTarget(_ simulation: Simulation) -> Double {
    (simulation.sitePosition(ballSite) - Vector3(target.x, targetY, target.z)).length
  }

  /// Arm angles drawn in their ranges (the root in [−π, π]), the finger set to the thumb's; the
  /// target at x ∈ ±0.4, z ∈ [0.1, 0.4], angle ∈ ±π; the ball in the hand (1 in 10), at the target
  /// (1 in 10) or anywhere with a random x speed; all drawn again until nothing touches. As in
  /// dm_control, a ball speed drawn in a rejected attempt stays.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    let model = simulation.model
    var ballSpeed = 0.0
    try drawWithoutContacts(simulation, task: name, attempts: Self.maximumDraws) {
      var qpos = simulation.initialQpos
      for joint in arm {
        let range = model.joints[joint].range ?? -Double.pi...Double.pi
        qpos[simulation.positionAddress[joint]] = random.nextDouble(low: range.lowerBound, high: range.upperBound)
      }
      qpos[simulation.positionAddress[arm[4]]] = qpos[simulation.positionAddress[arm[6]]]
      target = (random.nextDouble(low: -0.4, high: 0.4), random.nextDouble(low: 0.1, high: 0.4), 0)
      target.angle = random.nextDouble(low: -Double.pi, high: Double.pi)
      let choice = random.nextDouble()
      let placement: (x: Double, z: Double, angle: Double)
      if choice < Self.startOdds.inHand {
        try simulation.setState(qpos: qpos)
        let site = simulation.objectPose(.site(grasp))
        let r = site.orientation.matrix
        placement = (site.position.x, site.position.z, Double.pi - atan2(r[2, 0], r[0, 0]))
      } else if choice < Self.startOdds.inHand + Self.startOdds.inTarget {
        placement = target
      } else {
        placement = (random.nextDouble(low: -0.5, high: 0.5), random.nextDouble(low: 0, high: 0.7),
          random.nextDouble(low: 0, high: 2 * Double.pi))
        ballSpeed = random.nextDouble(low: -5, high: 5)
      }
      qpos[simulation.positionAddress[objectJoints[0]]] = placement.x
      qpos[simulation.positionAddress[objectJoints[1]]] = placement.z
      qpos[simulation.positionAddress[objectJoints[2]]] = placement.angle
      var qvel = [Double](repeating: 0, count: model.velocityCount)
      qvel[simulation.velocityAddress[objectJoints[0]]] = ballSpeed
      try simulation.setState(qpos: qpos, qvel: qvel)
    }
  }

  /// arm_pos (sin, cos of each arm joint), arm_vel, touch (log(1 + force) of the five touch
  /// sites), hand_pos, object_pos, object_vel (x, z, angle rates), target_pos.
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    let q = simulation.qpos, v = simulation.qvel
    for joint in arm {
      let angle = q[simulation.positionAddress[joint]]
      observation.put("arm_pos", [sin(angle), cos(angle)])
    }
    observation.put("arm_vel", arm.map { v[simulation.velocityAddress[$0]] })
    observation.put("touch", touchSites.map { log1p(simulation.touch($0)) })
    observation.put("hand_pos", pose2d(simulation.bodyPose(hand)))
    observation.put("object_pos", pose2d(simulation.bodyPose(ball)))
    observation.put("object_vel", objectJoints.map { v[simulation.velocityAddress[$0]] })
    observation.put("target_pos", [target.x, target.z, cos(target.angle / 2), sin(target.angle / 2)])
  }

  /// tolerance(ball to target, (0, 0.01), margin 0.02).
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    tolerance(ballToTarget(simulation), bounds: (0, Self.closeDistance), margin: Self.closeMargin)
  }
}
