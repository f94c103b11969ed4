import Foundation
import Randomness
import Testing
import TestSupport
@testable import Environments

/// The terrain generator against the original's rules, over many seeds.
@Suite struct BipedalTerrainTests {
  let step = BipedalTerrain.step, nominal = BipedalTerrain.height

  func terrain(_ seed: UInt64, hardcore: Bool) -> BipedalTerrain {
    var random = RandomGenerator(seed: seed)
    return BipedalTerrain(hardcore: hardcore, random: &random)
  }

  @Test func theConstantsAreTheOriginals() {
    #expect(abs(step - 0.466667) < 1e-6)
    #expect(abs(BipedalTerrain.finishX - 88.666667) < 1e-6)
    #expect(abs(BipedalTerrain.x(199) - 92.866667) < 1e-6)
    #expect(abs(nominal - 3.333333) < 1e-6)
    #expect(abs(BipedalLidar.range - 5.333333) < 1e-6)
  }

  @Test func eachSeedGivesOneTerrainAndSeedsDiffer() {
    #expect(terrain(3, hardcore: true) == terrain(3, hardcore: true))
    #expect(terrain(3, hardcore: false) != terrain(4, hardcore: false))
    #expect(terrain(3, hardcore: false) != terrain(3, hardcore: true))
  }

  @Test func normalTerrainIsAFlatStartThenGentleGrass() {
    var lowest = Double.infinity, highest = -Double.infinity, steepest = 0.0
    for seed in 0..<200 as Range<UInt64> {
      let ground = terrain(seed, hardcore: false)
      #expect(ground.heights.count == 200 && ground.obstacles.isEmpty)
      #expect(ground.heights[0...20].allSatisfy { $0 == nominal }, "the start pad, points 0…20")
      #expect(ground.heights[21] != nominal, "randomness starts at point 21")
      lowest = min(lowest, ground.heights.min()!)
      highest = max(highest, ground.heights.max()!)
      for i in 1..<200 { steepest = max(steepest, abs(ground.heights[i] - ground.heights[i - 1])) }
    }
    // The original's 200 seeds stay within [2.71, 4.01] m with steps of at most 0.121 m.
    #expect(lowest > 2.5 && highest < 4.2, "\(lowest)…\(highest)")
    #expect(steepest < 0.15, "\(steepest)")
  }

  @Test func hardcoreObstaclesFollowTheirRules() {
    var kinds = Set<String>()
    for seed in 0..<100 as Range<UInt64> {
      let ground = terrain(seed, hardcore: true)
      let heights = ground.heights
      #expect(ground.heights[0...20].allSatisfy { $0 == nominal })
      let first = ground.obstacles[0]
      #expect(abs(first.left - BipedalTerrain.x(20)) < 1e-9, "the first obstacle starts at point 20")
      var k = 0
      while k < ground.obstacles.count {
        let box = ground.obstacles[k]
        let i = Int((box.left / step).rounded())
        let width = box.right - box.left, height = box.top - box.bottom
        if abs(height - 4 * step) < 1e-9 {
          // A pit: two walls 4S deep, c ∈ {3, 4} steps apart; the floor 4S down, then back.
          kinds.insert("pit")
          let right = ground.obstacles[k + 1]
          let c = Int(((right.left - box.left) / step).rounded())
          #expect([3, 4].contains(c) && abs(width - step) < 1e-9 && abs(right.right - right.left - step) < 1e-9)
          #expect(abs(box.top - heights[i]) < 1e-9)
          for j in (i + 1)...(i + c) where j < 200 { #expect(abs(heights[j] - (heights[i] - 4 * step)) < 1e-9, "pit floor") }
          if i + c + 1 < 200 { #expect(abs(heights[i + c + 1] - heights[i]) < 1e-9, "out of the pit") }
          k += 2
        } else if abs(width - height) < 1e-9 {
          // A stump: a square of side S or 2S standing on the ground.
          kinds.insert("stump")
          #expect(abs(width - step) < 1e-9 || abs(width - 2 * step) < 1e-9)
          #expect(abs(box.bottom - heights[i]) < 1e-9)
          k += 1
        } else {
          // Stairs: n ∈ {3, 4} slabs 4S wide and S thick, each S above (or below) the last, the
          // ground edge on the ramp y0 + h (j − h) S / 4.
          kinds.insert("stairs")
          var n = 1
          while k + n < ground.obstacles.count, abs(ground.obstacles[k + n].left - ground.obstacles[k + n - 1].right) < 1e-9,
            abs(ground.obstacles[k + n].right - ground.obstacles[k + n].left - 4 * step) < 1e-9
          {
            n += 1
          }
          #expect(abs(width - 4 * step) < 1e-9 && abs(height - step) < 1e-9)
          let rise = n > 1 ? (ground.obstacles[k + 1].top - box.top) / step : 0
          #expect(n == 1 || abs(abs(rise) - 1) < 1e-9)
          if n > 1 {
            let y0 = heights[i]
            for j in 1..<(4 * n) where i + j < 200 {
              #expect(abs(heights[i + j] - (y0 + rise * (Double(j) - rise) * step / 4)) < 1e-9, "ramp at \(j)")
            }
          }
          k += n
        }
      }
    }
    #expect(kinds == ["pit", "stump", "stairs"])
  }
}
