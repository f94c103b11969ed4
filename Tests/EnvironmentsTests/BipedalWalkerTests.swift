import Foundation
import Physics
import Randomness
import Testing
import TestSupport
import Benchmarks
@testable import Environments

@Suite struct BipedalWalkerTests {
  /// Gymnasium's own heuristic, over 100 seeds of normal terrain in Box2D (Gymnasium 1.4.0,
  /// Box2D 2.3.10), averages +121 with 15 runs reaching the end and a median distance of 50 m
  /// (`odessa bench bipedal`); the gait is tuned to Box2D's solver, so in ODE it is asked to walk
  /// forward clearly, score positive on average and, in its best runs, cover most of the course.
  @Test func theHeuristicGaitWalksForwardAndScoresPositive() throws {
    let environment = try Models.environment("bipedal_walker")
    var scores: [Double] = [], distances: [Double] = []
    for seed in 0..<100 as Range<UInt64> {
      let run = try BipedalHeuristicGait.run(environment, seed: seed)
      scores.append(run.score)
      distances.append(run.distance)
    }
    let mean = scores.reduce(0, +) / Double(scores.count)
    let median = distances.sorted()[50]
    #expect(mean > 20, "mean return \(mean)")
    #expect(median > 20, "median distance \(median) m")
    #expect(distances.max()! > 0.75 * (BipedalTerrain.finishX - BipedalWalker.startX), "farthest \(distances.max()!) m")
  }
}
