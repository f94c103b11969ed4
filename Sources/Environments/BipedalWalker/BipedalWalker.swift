import Foundation
import Physics
import Randomness

/// BipedalWalker (Gymnasium's BipedalWalker-v3, Box2D, ported to ODE): a hull on two legs of two
/// segments walks over generated terrain it senses with a 10-ray lidar (models/bipedal_walker.xml).
///
/// Each joint is a velocity motor: the action's sign picks the direction of a fixed target
/// speed (4 rad/s at the hips, 6 at the knees), its magnitude the torque budget (80 N·m at 1).
/// The reward is the progress of the shaping 130/30 · x − 5 · |hull angle| less 0.00035 · 80 N·m
/// per unit of action; the hull touching the ground, or walking off the start backwards, ends
/// the episode with −100 (a real termination); reaching the end of the terrain ends it too. The
/// hardcore version adds stumps, stairs and pits and 400 more steps.
public final class BipedalWalker: Task, SuiteDomain {
  /// The model file's name in the models folder, without ".xml".
  public static let model = "bipedal_walker"
  /// bipedal_walker (1,600 steps) and bipedal_walker-hardcore (2,000 steps).
  public static var tasks: [Suite.Entry] {
    [
      Suite.Entry("bipedal_walker", model: model) { try BipedalWalker(model: $0, hardcore: false) },
      Suite.Entry("bipedal_walker-hardcore", model: model) { try BipedalWalker(model: $0, hardcore: true) },
    ]
  }

  /// Seconds per step: one physics step of 1/50 s.
  static let timestep = 0.02
  /// Steps per episode (Gymnasium's time limits).
  static let normalSteps = 1600
  static let hardcoreSteps = 2000
  /// Largest motor torque (N·m) and the target speeds of hips and knees (rad/s).
  static let motorTorque = 80.0
  static let hipSpeed = 4.0
  static let kneeSpeed = 6.0
  /// Shaping per metre of progress (130 per 30 pixels) and per radian of hull tilt.
  static let progressWeight = 130.0 / 30
  static let tiltWeight = 5.0
  /// Torque cost per N·m of budget.
  static let torqueCost = 0.00035
  /// The reward for falling (the hull touching the ground) or leaving the start backwards.
  static let fallReward = -100.0
  /// Box2D's collision skin: every polygon is rounded out by 1 cm, so two touch 2 cm apart. The
  /// model's walker geoms are 2 cm larger than its bodies for that reason.
  static let skin = 0.02
  /// The fraction of a contact's penetration removed per step: Box2D's Baumgarte factor. (Box2D
  /// moves the bodies apart without adding speed; ODE's correction adds speed, so the factor is
  /// kept at Box2D's 0.2 rather than MJCF's stiffer default.)
  static let contactERP = 0.2
  /// How deep contacts may rest without being pushed apart (Box2D's linear slop, m).
  static let contactSlop = 0.005
  /// Largest horizontal push on the hull at the start of an episode (N).
  static let initialPush = 5.0

  /// The task's name.
  public let name: String
  /// Seconds per environment step (the original's 1/50 s).
  public let controlTimestep: Double? = BipedalWalker.timestep
  /// Seconds per episode.
  public let timeLimit: Double
  /// Whether the terrain has obstacles.
  public let hardcore: Bool

  let hull: Int
  let lowerLegs: [Int]
  /// The hull's rotation joint and the four motorised joints (hip 0, knee 0, hip 1, knee 1).
  let hullAngle: Int
  let rootHeight: Int
  let legJoints: [Int]
  /// Each leg body with its geom.
  let legGeoms: [(body: Int, geom: Int)]
  let lidar = BipedalLidar()
  var ground: BipedalGround?

  /// The episode's state: its terrain seed, the shaping now and after the previous step, whether
  /// the walker has fallen, and each lower leg's ground contact in the last step.
  var terrainSeed: UInt64 = 0
  var shaping: Double?
  var previousShaping: Double?
  package var gameOver = false
  var legContact = [false, false]
  /// Per lower leg, the ground geoms (world indices) it touched in the last step.
  var touching: [Set<Int>] = [[], []]

  /// A BipedalWalker task on `model`, which needs the bodies hull, lower_leg_0 and lower_leg_1,
  /// the hinge rooty and the hinges hip_0, knee_0, hip_1, knee_1 in that order of actuators.
  public init(model: BodyModel, hardcore: Bool) throws {
    name = hardcore ? "bipedal_walker-hardcore" : "bipedal_walker"
    self.hardcore = hardcore
    timeLimit = Double(hardcore ? Self.hardcoreSteps : Self.normalSteps) * Self.timestep
    var names = NameResolver(model: model, task: name)
    hull = names.body("hull")
    lowerLegs = [names.body("lower_leg_0"), names.body("lower_leg_1")]
    hullAngle = names.joint("rooty", type: .hinge)
    rootHeight = names.joint("rootz", type: .slide)
    legJoints = ["hip_0", "knee_0", "hip_1", "knee_1"].map { names.joint($0, type: .hinge) }
    let legBodies = [names.body("upper_leg_0"), lowerLegs[0], names.body("upper_leg_1"), lowerLegs[1]]
    try names.finish()
    legGeoms = legBodies.compactMap { body in model.geoms.firstIndex { $0.body == body }.map { (body, $0) } }
    let driven = model.actuators.map { actuator -> Int? in
      if case .joint(let j) = actuator.target { return j }
      return nil
    }
    guard driven == legJoints else {
      throw EnvironmentError.invalidTask(
        "\(model.file): \(name) needs one motor on each of hip_0, knee_0, hip_1, knee_1 in that order")
    }
  }

  // Readouts.

  /// Where the hull's origin starts (x, m): the middle of the start pad.
  package static let startX = BipedalTerrain.step * Double(BipedalTerrain.startPad) / 2

  /// Lays `terrain` in place of this episode's (for benchmarks: the original on flat ground).
  package func replaceTerrain(_ terrain: BipedalTerrain, in simulation: Simulation) throws {
    try layOutGround(simulation)
    try ground!.lay(terrain, seed: terrainSeed)
  }

  /// The hull's frame origin (the original's body position; its centre of mass lies behind).
  package func hullPosition(_ simulation: Simulation) -> Vector3 { simulation.bodyPosition(hull) }
  /// The shaping whose progress is rewarded.
  func shaping(_ simulation: Simulation) -> Double {
    Self.progressWeight * hullPosition(simulation).x - Self.tiltWeight * abs(simulation.qpos[simulation.positionAddress[hullAngle]])
  }

  /// The pose the original starts from, as measured in Gymnasium 1.4.0 with Box2D 2.3.10: its
  /// walker is created with the legs above their hip anchors, and Box2D's first steps pull them
  /// together into a crouch — hips at 0.435 and 0.338 rad, knees at −0.885 rad — with the feet
  /// 3.7 cm above the ground. Odessa starts there, with the joints consistent.
  static let startHips = (0.435, 0.338)
  static let startKnees = (-0.885, -0.883)
  static let startFootClearance = 0.037

  /// Lays out a new terrain, puts the walker in the original's starting crouch, pushes the hull,
  /// and takes the original's first step with the joints limp, whose observation starts the
  /// episode.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    terrainSeed = random.next()
    try layOutGround(simulation)
    shaping = nil
    previousShaping = nil
    gameOver = false
    legContact = [false, false]
    touching = [[], []]
    try placeInStartingCrouch(simulation)
    let push = random.nextDouble(low: -Self.initialPush, high: Self.initialPush)
    try simulation.applyForce(Vector3(push, 0, 0), atCenterOfMassOf: hull)
    try applyAction([0, 0, 0, 0], to: simulation)
    try simulation.step()
    afterStep(simulation)
  }

  /// Sets the joints to the starting crouch and lowers the hull until the lowest foot corner is
  /// `startFootClearance` above the ground (the feet's geoms carry Box2D's 2 cm skin, which the
  /// clearance does not count).
  func placeInStartingCrouch(_ simulation: Simulation) throws {
    var qpos = simulation.initialQpos
    qpos[simulation.positionAddress[legJoints[0]]] = Self.startHips.0
    qpos[simulation.positionAddress[legJoints[1]]] = Self.startKnees.0
    qpos[simulation.positionAddress[legJoints[2]]] = Self.startHips.1
    qpos[simulation.positionAddress[legJoints[3]]] = Self.startKnees.1
    try simulation.setState(qpos: qpos)
    var lowest = Double.infinity
    for geom in simulation.model.geoms.indices where lowerLegs.contains(simulation.model.geoms[geom].body) {
      guard case .box(let half) = simulation.model.geoms[geom].shape else { continue }
      let pose = simulation.geomPose(geom)
      for x in [-1.0, 1.0] {
        for z in [-1.0, 1.0] {
          let corner = pose.transform(Vector3(x * (half.x - Self.skin), 0, z * (half.z - Self.skin)))
          lowest = min(lowest, corner.z)
        }
      }
    }
    qpos[simulation.positionAddress[rootHeight]] += BipedalTerrain.height + Self.startFootClearance - lowest
    try simulation.setState(qpos: qpos)
  }

  /// Builds the ground of `terrainSeed` in `simulation`'s world, unless it is there already.
  func layOutGround(_ simulation: Simulation) throws {
    if ground == nil || ground!.world !== simulation.world {
      ground = BipedalGround(world: simulation.world)
      var settings = simulation.world.settings
      settings.contacts.surfaceLayer = Self.contactSlop
      settings.contacts.softERP = Self.contactERP
      // Box2D's contacts, not MuJoCo's: a fixed Baumgarte factor.
      settings.contacts.soft = nil
      // A leg's box meets a ground box at each point twice (its faces across the plane), and two
      // edges at their shared corner: repeated rows that can make the exact LCP solver fail.
      settings.contacts.planeNormal = Vector3(0, 1, 0)
      try simulation.world.update(settings: settings)
    }
    var random = RandomGenerator(seed: terrainSeed)
    let terrain = BipedalTerrain(hardcore: hardcore, random: &random)
    try ground!.lay(terrain, seed: terrainSeed)
  }

  /// Makes the four joint motors, idle, at the rest pose: ODE keeps a motor's axis in its body's
  /// frame, so a motor made later, at another pose, would round it differently.
  public func prepare(_ simulation: Simulation) throws {
    for joint in legJoints { try simulation.driveJoint(joint, speed: 0, maxForce: 0) }
  }

  /// Each joint: towards ±its speed (the action's sign) with at most 80 · min(|a|, 1) N·m.
  public func applyAction(_ action: [Double], to simulation: Simulation) throws {
    if ground?.seed != terrainSeed { try layOutGround(simulation) }
    for (k, joint) in legJoints.enumerated() {
      let speed = k % 2 == 0 ? Self.hipSpeed : Self.kneeSpeed
      try simulation.driveJoint(
        joint, speed: speed * sign(action[k]), maxForce: Self.motorTorque * min(abs(action[k]), 1))
    }
  }

  /// Reads the contacts the step began with and the shaping.
  ///
  /// A leg's contact flag follows Box2D's contact events, as the original's does: it is set when
  /// the foot starts touching a piece of ground and cleared when it stops touching one, even
  /// if it still touches another (a foot resting across two edges that leaves one reads 0).
  /// Box2D reports the newest contacts first, so when one piece is left and another reached in
  /// the same step, the older contact's end comes last and the flag reads 0.
  public func afterStep(_ simulation: Simulation) {
    previousShaping = shaping
    shaping = shaping(simulation)
    if simulation.bodyTouchedStatic(hull) || hullReachedGround(simulation) || hullPosition(simulation).x < 0 {
      gameOver = true
    }
    let landed = (try? absorbLandings(simulation)) ?? []
    for (k, leg) in lowerLegs.enumerated() {
      let now = Set(simulation.groundGeomsTouched(byBody: leg))
      if !touching[k].subtracting(now).isEmpty {
        legContact[k] = false
      } else if !now.subtracting(touching[k]).isEmpty || landed.contains(leg) {
        legContact[k] = true
      }
      touching[k] = now
    }
  }

  /// hull: angle, angular velocity / 25, velocity × (0.12, 0.08); per leg: hip angle and speed / 4,
  /// knee angle + 1 and speed / 6, ground contact; lidar: 10 fractions of 5.33 m.
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    let qpos = simulation.qpos, qvel = simulation.qvel
    let angle = simulation.positionAddress[hullAngle], rate = simulation.velocityAddress[hullAngle]
    let velocity = simulation.velocity(ofWorldPoint: simulation.bodyCenterOfMass(hull), onBody: hull)
    observation.put("hull", qpos[angle])
    observation.put("hull", 2 * qvel[rate] / 50)
    observation.put("hull", 0.3 * velocity.x * (600.0 / 30) / 50)
    observation.put("hull", 0.3 * velocity.z * (400.0 / 30) / 50)
    for leg in 0..<2 {
      let hip = legJoints[2 * leg], knee = legJoints[2 * leg + 1]
      observation.put(leg == 0 ? "leg_0" : "leg_1", qpos[simulation.positionAddress[hip]])
      observation.put(leg == 0 ? "leg_0" : "leg_1", qvel[simulation.velocityAddress[hip]] / Self.hipSpeed)
      observation.put(leg == 0 ? "leg_0" : "leg_1", qpos[simulation.positionAddress[knee]] + 1)
      observation.put(leg == 0 ? "leg_0" : "leg_1", qvel[simulation.velocityAddress[knee]] / Self.kneeSpeed)
      observation.put(leg == 0 ? "leg_0" : "leg_1", legContact[leg] ? 1 : 0)
    }
    // A restored state may name other terrain than the one laid out.
    if ground?.seed != terrainSeed { try? layOutGround(simulation) }
    observation.put("lidar", lidar.fractions(from: hullPosition(simulation), ground: ground))
  }

  /// −100 after a fall; otherwise the shaping's progress less the torque budget's cost (zero in
  /// the episode's first, hidden step).
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    if gameOver { return Self.fallReward }
    guard let shaping, let previousShaping else { return 0 }
    let budget = action.reduce(0) { $0 + Self.motorTorque * min(abs($1), 1) }
    return shaping - previousShaping - Self.torqueCost * budget
  }

  /// From −100 (a fall) to the most progress one step can make (≈ 4.33 m/step · 100 m/s cap).
  public var rewardRange: ClosedRange<Double> { -100...1000 }

  /// Gymnasium's threshold: a mean of 300 over 100 consecutive episodes (both versions).
  public var solvedAt: (meanReturn: Double, episodes: Int)? { (300, 100) }

  /// A fall, or the hull past the finish.
  public func isTerminal(_ simulation: Simulation) -> Bool {
    gameOver || hullPosition(simulation).x > BipedalTerrain.finishX
  }

  /// Falls and finishes end episodes.
  public var endsEarly: Bool { true }

  /// From the side, with the lidar and the terrain.
  public var cameraView: CameraView { .side }

  /// The terrain's edges and obstacles, and the 10 lidar rays to where they meet the ground.
  public func scenery(_ simulation: Simulation) -> TaskScenery? {
    guard let terrain = ground?.terrain else { return nil }
    let origin = hullPosition(simulation)
    let fractions = lidar.fractions(from: origin, ground: ground)
    return TaskScenery(
      ground: terrain.heights.indices.map { Vector3(BipedalTerrain.x($0), 0, terrain.heights[$0]) },
      blocks: terrain.obstacles.map {
        TaskScenery.Block(lower: Vector3($0.left, 0, $0.bottom), upper: Vector3($0.right, 0, $0.top))
      },
      rays: fractions.indices.map { i in
        (origin, origin + fractions[i] * BipedalLidar.range * BipedalLidar.direction(i))
      },
      baseline: BipedalTerrain.height)
  }
}
