import Foundation
import Physics
import Randomness
import Testing
import TestSupport
@testable import Environments

/// BipedalWalker's lidar, observation, reward and termination on hand-set states, its signs,
/// and exact restores.
@Suite struct BipedalWalkerTaskTests {
  /// The hull's frame in the model file, and its centre of mass in that frame.
  static let hullStart = Vector3(4.666667, 0, 5.885)
  static let centerOfMass = Vector3(-0.0200364, 0, -0.0056466)

  /// An environment after a reset, on flat ground plus `obstacles`.
  func walker(obstacles: [BipedalTerrain.Box] = []) throws -> (Environment, BipedalWalker) {
    let environment = try Models.environment("bipedal_walker")
    let task = environment.task as! BipedalWalker
    try environment.reset(seed: 0)
    var random = RandomGenerator(seed: 0)
    var terrain = BipedalTerrain(hardcore: false, random: &random)
    terrain.heights = Array(repeating: BipedalTerrain.height, count: BipedalTerrain.length)
    terrain.obstacles = obstacles
    try task.ground!.lay(terrain, seed: task.terrainSeed)
    return (environment, task)
  }

  /// The hull's origin at `origin`, tilted nose-up by `angle`, joints and rates as given.
  func place(_ simulation: Simulation, origin: Vector3, angle: Double = 0, joints: [Double] = [0, 0, 0, 0],
    velocity: [Double] = [0, 0, 0, 0, 0, 0, 0]) throws
  {
    let offset = origin - Self.hullStart
    try simulation.setState(qpos: [offset.x, offset.z, angle] + joints, qvel: velocity)
  }

  func observe(_ environment: Environment) -> [Double] {
    var observation = Observation(size: environment.spec.observationSize)
    environment.task.observe(environment.simulation, into: &observation)
    return observation.values.map(Double.init)
  }

  @Test func overFlatGroundTheLidarReadsHeightOverCosine() throws {
    let (environment, _) = try walker()
    let height = 2.5
    try place(environment.simulation, origin: Vector3(20, 0, BipedalTerrain.height + height))
    let lidar = Array(observe(environment)[14...])
    for i in 0..<10 {
      let expected = min(1, height / (BipedalLidar.range * cos(0.15 * Double(i))))
      #expect(abs(lidar[i] - expected) < 1e-6, "ray \(i): \(lidar[i]) vs \(expected)")
    }
    // Standing height of the original (2.53 m): rays 8 and 9 meet nothing.
    try place(environment.simulation, origin: Vector3(20, 0, BipedalTerrain.height + 2.53))
    #expect(observe(environment)[22...] == [1, 1])
  }

  @Test func theLidarMeetsAWallBeforeTheGround() throws {
    // A wall 1 m ahead of the hull, as tall as the hull is high.
    let ground = BipedalTerrain.height, height = 2.5
    let (environment, _) = try walker(obstacles: [BipedalTerrain.Box(left: 21, right: 21.5, bottom: ground, top: ground + height)])
    try place(environment.simulation, origin: Vector3(20, 0, ground + height))
    let lidar = Array(observe(environment)[14...])
    for i in 0..<10 {
      let angle = 0.15 * Double(i)
      let toWall = i == 0 ? Double.infinity : 1 / sin(angle), toGround = height / cos(angle)
      let expected = min(1, min(toWall, toGround) / BipedalLidar.range)
      #expect(abs(lidar[i] - expected) < 1e-6, "ray \(i): \(lidar[i]) vs \(expected)")
    }
  }

  @Test func theObservationIsTheOriginalsOnAHandSetState() throws {
    let (environment, task) = try walker()
    let angle = 0.1, omega = 0.7, joints = [0.3, -0.5, -0.2, -1.2], rates = [1.0, -2.0, 3.0, -4.0]
    try place(environment.simulation, origin: Vector3(30, 0, 8), angle: angle, joints: joints,
      velocity: [1.5, -0.4, omega] + rates)
    task.legContact = [true, false]
    let s = observe(environment)
    #expect(s.count == 24)
    // The centre of mass turns with the hull about −y (nose-up positive).
    let arm = Quaternion(axis: Vector3(0, -1, 0), angle: angle).rotate(Self.centerOfMass)
    let comVelocity = Vector3(1.5, 0, -0.4) + Vector3(0, -omega, 0).cross(arm)
    let expected: [Double] = [
      angle, 0.04 * omega, 0.12 * comVelocity.x, 0.08 * comVelocity.z,
      joints[0], rates[0] / 4, joints[1] + 1, rates[1] / 6, 1,
      joints[2], rates[2] / 4, joints[3] + 1, rates[3] / 6, 0,
    ]
    for k in expected.indices { #expect(abs(s[k] - expected[k]) < 1e-6, "observation \(k): \(s[k]) vs \(expected[k])") }
    #expect(environment.spec.observation.map(\.name) == ["hull", "leg_0", "leg_1", "lidar"])
  }

  @Test func positiveActionsSwingTheHipForwardAndStraightenTheKnee() throws {
    let (environment, task) = try walker()
    let simulation = environment.simulation
    // In the air, level: hip 0 driven forward swings the foot of leg 0 to +x.
    try place(simulation, origin: Vector3(30, 0, 9), joints: [0, -0.8, 0, -0.8])
    let foot = { simulation.bodyPosition(task.lowerLegs[0]).x - task.hullPosition(simulation).x }
    let before = foot()
    let result = try environment.step([1, 1, 0, 0])
    #expect(result.observation[4] > 0 && result.observation[5] > 0, "hip 0 angle and speed grow")
    #expect(result.observation[6] > 0.2 && result.observation[7] > 0, "knee 0 straightens (angle + 1 grows)")
    #expect(foot() > before)
    // A nose-up hull reads a positive angle, and its nose is above its tail.
    try place(simulation, origin: Vector3(30, 0, 9), angle: 0.2)
    #expect(abs(observe(environment)[0] - 0.2) < 1e-6)
    let hull = simulation.model.geomIndex("hull")!
    #expect(simulation.geomPose(hull).transform(Vector3(1, 0, 0)).z > simulation.geomPose(hull).transform(Vector3(-1, 0, 0)).z)
  }

  @Test func theRewardIsProgressLessTiltAndTorque() throws {
    let (environment, task) = try walker()
    let simulation = environment.simulation
    try place(simulation, origin: Vector3(30, 0, 9), angle: 0.05)
    task.afterStep(simulation)
    try place(simulation, origin: Vector3(30.1, 0, 9), angle: -0.08)
    task.afterStep(simulation)
    let action = [0.5, -2, 0, -0.25]
    let expected = 130.0 / 30 * 0.1 - 5 * (0.08 - 0.05) - 0.00035 * 80 * (0.5 + 1 + 0 + 0.25)
    #expect(abs(task.reward(simulation, action: action) - expected) < 1e-9)
    #expect(!task.isTerminal(simulation))
    // Past the finish: the episode ends, the reward is the usual one.
    try place(simulation, origin: Vector3(89, 0, 9))
    task.afterStep(simulation)
    #expect(task.isTerminal(simulation) && task.reward(simulation, action: action) > -100)
    // Backwards off the start: −100 and the end, and −100 again for any step after.
    try place(simulation, origin: Vector3(-0.1, 0, 9))
    task.afterStep(simulation)
    #expect(task.isTerminal(simulation) && task.reward(simulation, action: action) == -100)
    try place(simulation, origin: Vector3(30, 0, 9))
    task.afterStep(simulation)
    #expect(task.reward(simulation, action: action) == -100)
  }

  @Test func aHullOnTheGroundEndsTheEpisodeWithMinusOneHundred() throws {
    let (environment, _) = try walker()
    // Lying on its back: hull origin 0.25 m above the ground, legs pointing up.
    try place(environment.simulation, origin: Vector3(30, 0, BipedalTerrain.height + 0.25), angle: .pi)
    var result = try environment.step([0, 0, 0, 0])
    for _ in 0..<20 where !result.terminated { result = try environment.step([0, 0, 0, 0]) }
    #expect(result.terminated && result.reward == -100)
    #expect(throws: EnvironmentError.notReset) { try environment.step([0, 0, 0, 0]) }
  }

  @Test func aFootLandingWithinAStepStopsThereAndSetsItsFlag() throws {
    // Box2D's time of impact: feet 3 cm above the ground falling at 2 m/s reach it within the
    // step; they stop there and their contact begins in that step.
    let (environment, task) = try walker()
    let simulation = environment.simulation
    try task.placeInStartingCrouch(simulation)
    var qpos = simulation.qpos
    qpos[1] -= BipedalWalker.startFootClearance - 0.03
    var qvel = [Double](repeating: 0, count: 7)
    qvel[1] = -2
    try simulation.setState(qpos: qpos, qvel: qvel)
    task.legContact = [false, false]
    task.touching = [[], []]
    let result = try environment.step([0, 0, 0, 0])
    #expect(simulation.world.contacts.isEmpty, "no contact when the step began: the landing is the time of impact's")
    #expect(result.observation[8] == 1 && result.observation[13] == 1, "both feet landed in the step")
    for (body, geom) in task.legGeoms where task.lowerLegs.contains(body) {
      // The lowest corner of the shank's core no longer approaches the ground (it fell at 2.2 m/s).
      guard case .box(let half) = simulation.model.geoms[geom].shape else { continue }
      let pose = simulation.geomPose(geom)
      let corners = [-1.0, 1.0].flatMap { x in [-1.0, 1.0].map { z in
        pose.transform(Vector3(x * (half.x - BipedalWalker.skin), 0, z * (half.z - BipedalWalker.skin)))
      } }
      let lowest = corners.min { $0.z < $1.z }!
      // The impact changes the shank's own velocity (its knee is pulled back together later),
      // so read the ODE body, not the joints' rates.
      let shank = try #require(simulation.world.body(named: simulation.model.bodies[body].name))
      let approach = (shank.linearVelocity + shank.angularVelocity.cross(lowest - shank.centerOfMass)).z
      #expect(approach > -1e-6, "the landed corner still falls at \(approach) m/s")
    }
  }

  @Test func aHullReachingTheGroundWithinAStepEndsTheEpisodeInThatStep() throws {
    // Upside down (legs in the air), its flat top 3 cm above the ground (its 2 cm skin clear of
    // it), falling at 2 m/s: no contact when the step begins, the ground reached within it.
    let (environment, task) = try walker()
    let simulation = environment.simulation
    let top = 0.3
    try place(simulation, origin: Vector3(30, 0, BipedalTerrain.height + top + 0.03), angle: .pi,
      velocity: [0, -2, 0, 0, 0, 0, 0])
    #expect(!task.hullReachedGround(simulation))
    let result = try environment.step([0, 0, 0, 0])
    #expect(!simulation.bodyTouchedStatic(task.hull), "no hull contact when the step began")
    #expect(result.terminated && result.reward == -100, "the fall counts in the step it happened")
  }

  @Test func limpJointsCollapseAndTheFallCostsOneHundred() throws {
    let environment = try Models.environment("bipedal_walker")
    try environment.reset(seed: 4)
    var steps = 0
    var result = try environment.step([0, 0, 0, 0])
    while !result.terminated && !result.truncated {
      result = try environment.step([0, 0, 0, 0])
      steps += 1
    }
    #expect(result.terminated && result.reward == -100 && steps < 300, "after \(steps) steps: \(result.reward)")
  }

  @Test func aSavedEpisodeContinuesExactlyInAnotherEnvironment() throws {
    let first = try Models.environment("bipedal_walker")
    try first.reset(seed: 3)
    var random = RandomGenerator(seed: 1)
    func action() -> [Float] { (0..<4).map { _ in Float(random.nextDouble(low: -1, high: 1)) } }
    for _ in 0..<30 { _ = try first.step(action()) }
    let saved = first.saveState()
    let actions = (0..<40).map { _ in action() }
    let expected = try actions.map { try first.step($0).observation }
    // Another environment on another terrain takes over the saved episode, and so does a new
    // one that has never stepped (as when a run resumes from its checkpoint).
    let second = try Models.environment("bipedal_walker")
    try second.reset(seed: 8)
    let fresh = try Models.environment("bipedal_walker")
    for environment in [second, fresh] {
      try environment.restore(saved)
      for (k, a) in actions.enumerated() {
        #expect(try environment.step(a).observation == expected[k], "step \(k)")
      }
    }
  }
}
