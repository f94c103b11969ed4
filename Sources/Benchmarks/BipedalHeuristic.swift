import Environments
import Physics
import Randomness

/// Gymnasium's hand-written gait for BipedalWalker (its `heuristic`), re-implemented from its
/// description: three phases run in turn within one call (stand on one leg, put the other down,
/// push off), PD terms towards hip and knee targets, and balance terms from the hull. The
/// original's sanity check that the walker can walk; tuned to Box2D, so a port that walks with it
/// behaves much like the original.
package struct BipedalHeuristicGait {
  /// 1: stand on one leg, 2: put the other down, 3: push off.
  var phase = 1
  var movingLeg = 0
  var supportingLeg = 1
  var supportingKneeAngle = 0.1
  /// The speed it aims at (observation units: 0.29 is about 2.4 m/s) and the supporting knee's
  /// target (observation units, angle + 1).
  static let speed = 0.29
  static let supportKneeAngle = 0.1

  /// A gait standing on leg 1, about to swing leg 0.
  package init() {}

  /// The action for observation `s`.
  package mutating func action(_ s: [Float]) -> [Float] {
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

extension BipedalHeuristicGait {
  /// One episode of the gait: the first step sends zeros, later ones answer the previous step's
  /// observation (as Gymnasium's driver does). `flat` lays flat ground in place of the terrain.
  package static func run(_ environment: Environment, seed: UInt64, flat: Bool = false) throws -> BipedalHeuristicEpisode {
    try environment.reset(seed: seed)
    let task = environment.task as! BipedalWalker
    if flat {
      var random = RandomGenerator(seed: 0)
      var terrain = BipedalTerrain(hardcore: false, random: &random)
      terrain.heights = Array(repeating: BipedalTerrain.height, count: BipedalTerrain.length)
      try task.replaceTerrain(terrain, in: environment.simulation)
    }
    var gait = BipedalHeuristicGait()
    var action: [Float] = [0, 0, 0, 0]
    var episode = BipedalHeuristicEpisode()
    while true {
      let result = try environment.step(action)
      episode.score += result.reward
      episode.steps += 1
      action = gait.action(result.observation)
      if result.terminated || result.truncated {
        episode.distance = task.hullPosition(environment.simulation).x - BipedalWalker.startX
        episode.finished = result.terminated && !task.gameOver
        return episode
      }
    }
  }
}

/// One episode of the heuristic gait.
package struct BipedalHeuristicEpisode: Sendable {
  /// The return, the steps taken, how far the hull got from its start (m), and whether it
  /// reached the finish.
  package var score = 0.0
  package var steps = 0
  package var distance = 0.0
  package var finished = false
}
