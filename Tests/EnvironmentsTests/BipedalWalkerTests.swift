import Foundation
import Physics
import Randomness
import Testing
import TestSupport
@testable import Environments

/// Gymnasium's hand-written gait controller for BipedalWalker (its `heuristic`), re-implemented
/// from its description: three phases per step (stand on one leg, put the other down, push
/// off), PD terms towards hip and knee targets, and balance terms from the hull.
struct HeuristicGait {
  var phase = 1
  var movingLeg = 0
  var supportingLeg = 1
  var supportingKneeAngle = 0.1
  static let speed = 0.29
  static let supportKneeAngle = 0.1

  mutating func action(_ s: [Float]) -> [Float] {
    let s = s.map(Double.init)
    var hipTarget: [Double?] = [nil, nil], kneeTarget: [Double?] = [nil, nil]
    let moving = 4 + 5 * movingLeg, supporting = 4 + 5 * supportingLeg
    if phase == 1 {
      hipTarget[movingLeg] = 1.1
      kneeTarget[movingLeg] = -0.6
      supportingKneeAngle += 0.03
      if s[2] > Self.speed { supportingKneeAngle += 0.03 }
      supportingKneeAngle = min(supportingKneeAngle, Self.supportKneeAngle)
      kneeTarget[supportingLeg] = supportingKneeAngle
      if s[supporting] < 0.10 { phase = 2 }
    }
    if phase == 2 {
      hipTarget[movingLeg] = 0.1
      kneeTarget[movingLeg] = Self.supportKneeAngle
      kneeTarget[supportingLeg] = supportingKneeAngle
      if s[moving + 4] != 0 {
        phase = 3
        supportingKneeAngle = min(s[moving + 2], Self.supportKneeAngle)
      }
    }
    if phase == 3 {
      kneeTarget[movingLeg] = supportingKneeAngle
      kneeTarget[supportingLeg] = 1.0
      if s[supporting + 2] > 0.88 || s[2] > 1.2 * Self.speed {
        phase = 1
        swap(&movingLeg, &supportingLeg)
      }
    }
    var hipTodo = [0.0, 0.0], kneeTodo = [0.0, 0.0]
    for k in 0..<2 {
      let base = 4 + 5 * k
      if let target = hipTarget[k], target != 0 { hipTodo[k] = 0.9 * (target - s[base]) - 0.25 * s[base + 1] }
      if let target = kneeTarget[k], target != 0 { kneeTodo[k] = 4.0 * (target - s[base + 2]) - 0.25 * s[base + 3] }
      hipTodo[k] += 0.9 * s[0] + 1.5 * s[1]
      kneeTodo[k] -= 15 * s[3]
    }
    return [hipTodo[0], kneeTodo[0], hipTodo[1], kneeTodo[1]].map { Float(min(max(0.5 * $0, -1), 1)) }
  }
}

/// Runs the heuristic gait for one episode: the first step sends zeros, later ones answer the
/// previous step's observation. Returns the return, the steps, and how far the hull got.
func runHeuristic(_ environment: Environment, seed: UInt64, flat: Bool = false) throws -> (score: Double, steps: Int, x: Double, finished: Bool) {
  try environment.reset(seed: seed)
  if flat {
    let task = environment.task as! BipedalWalker
    var random = RandomGenerator(seed: 0)
    var terrain = BipedalTerrain(hardcore: false, random: &random)
    terrain.heights = Array(repeating: BipedalTerrain.height, count: BipedalTerrain.length)
    try task.ground!.lay(terrain, seed: task.terrainSeed)
  }
  var gait = HeuristicGait()
  var action: [Float] = [0, 0, 0, 0]
  var score = 0.0, steps = 0
  while true {
    let result = try environment.step(action)
    score += result.reward
    steps += 1
    action = gait.action(result.observation)
    if result.terminated || result.truncated {
      let task = environment.task as! BipedalWalker
      let x = task.hullPosition(environment.simulation).x
      return (score, steps, x, result.terminated && !task.gameOver)
    }
  }
}

@Suite struct BipedalWalkerTests {
  /// Gymnasium's own heuristic, over 100 seeds of normal terrain in Box2D (Gymnasium 1.4.0,
  /// Box2D 2.3.10), averages about +90 with about one run in eight reaching the end; the gait is
  /// tuned to Box2D's solver, so in ODE it is asked to walk forward clearly, score positive on
  /// average and, in its best runs, cover most of the course.
  @Test func theHeuristicGaitWalksForwardAndScoresPositive() throws {
    let environment = try Models.environment("bipedal_walker")
    var scores: [Double] = [], distances: [Double] = []
    for seed in 0..<100 as Range<UInt64> {
      let run = try runHeuristic(environment, seed: seed)
      scores.append(run.score)
      distances.append(run.x - 4.667)
    }
    let mean = scores.reduce(0, +) / Double(scores.count)
    let median = distances.sorted()[50]
    #expect(mean > 20, "mean return \(mean)")
    #expect(median > 20, "median distance \(median) m")
    #expect(distances.max()! > 0.75 * (BipedalTerrain.finishX - 4.667), "farthest \(distances.max()!) m")
  }
}
