import Physics
import Randomness

/// Ball in cup (dm_control's ball_in_cup domain): a cup on sprung slides and a ball tied to it by
/// a string, everything in the x–z plane (models/ball_in_cup.xml). Swing the ball into the cup:
/// 1 while the ball is inside the cup's target box, else 0.
public final class BallInCup: Task, SuiteDomain {
  /// Seconds per environment step (10 physics steps of 0.002 s), and per episode.
  public static let controlTimestep = 0.02
  public static let timeLimit = 20.0
  /// Initial ball positions are drawn again while anything touches; this many draws at most.
  static let maximumDraws = 10_000

  /// The model file's name in the models folder, without ".xml".
  public static let model = "ball_in_cup"
  /// ball_in_cup-catch.
  public static var tasks: [Suite.Entry] {
    [Suite.Entry("ball_in_cup-catch", model: model) { try BallInCup(model: $0, name: "ball_in_cup-catch") }]
  }

  /// The task's name, "ball_in_cup-catch".
  public let name: String
  /// Seconds per environment step, always `BallInCup.controlTimestep`.
  public let controlTimestep: Double? = BallInCup.controlTimestep
  /// Seconds per episode, always `BallInCup.timeLimit`.
  public let timeLimit: Double = BallInCup.timeLimit
  let ball: Int
  let ballX: Int
  let ballZ: Int
  let target: Int
  /// The ball's radius (metres).
  let ballRadius: Double
  /// The target box's half-sizes along x and z (metres).
  let targetHalfSize: (x: Double, z: Double)

  /// The catch task on `model` (body and geom "ball" on slides ball_x, ball_z; box site "target").
  public init(model: BodyModel, name: String) throws {
    var names = NameResolver(model: model, task: name)
    ball = names.body("ball")
    let ballGeom = names.geom("ball")
    ballX = names.joint("ball_x", type: .slide)
    ballZ = names.joint("ball_z", type: .slide)
    target = names.site("target")
    try names.finish()
    guard case .box(let half) = model.sites[target].shape else {
      throw EnvironmentError.invalidTask("\(model.file): task '\(name)': the target site must be a box")
    }
    self.name = name
    ballRadius = radius(of: model.geoms[ballGeom].shape)
    targetHalfSize = (half.x, half.z)
  }

  /// The ball's centre relative to the target box's centre (world x and z, metres).
  func ballFromTarget(_ simulation: Simulation) -> (x: Double, z: Double) {
    let offset = simulation.bodyPosition(ball) - simulation.sitePosition(target)
    return (offset.x, offset.z)
  }

  /// The cup at rest; the ball anywhere in x ∈ [−0.2, 0.2], z ∈ [0.2, 0.5] from its rest position,
  /// drawn again until nothing touches; velocities zero.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    try drawWithoutContacts(simulation, task: name, attempts: Self.maximumDraws) {
      var qpos = simulation.initialQpos
      qpos[simulation.positionAddress[ballX]] = random.nextDouble(low: -0.2, high: 0.2)
      qpos[simulation.positionAddress[ballZ]] = random.nextDouble(low: 0.2, high: 0.5)
      try simulation.setState(qpos: qpos)
    }
  }

  /// position (qpos), velocity (qvel).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    observation.put("position", simulation.qpos)
    observation.put("velocity", simulation.qvel)
  }

  /// 1 while the ball lies wholly inside the target box in x and z, else 0.
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let (x, z) = ballFromTarget(simulation)
    return abs(x) < targetHalfSize.x - ballRadius && abs(z) < targetHalfSize.z - ballRadius ? 1 : 0
  }
}
