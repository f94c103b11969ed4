import Foundation
import Physics

/// BipedalWalker's lidar: 10 rays from the hull's origin, fixed in the world from straight down
/// (ray 0) to 1.35 rad forward (ray 9) in steps of 0.15 rad, each 160/30 m long, cast through ODE
/// ray geoms against the ground alone. Each reads the fraction of its length at which it first
/// meets the ground, 1 when it meets none.
struct BipedalLidar {
  /// Rays, their angular spacing from straight down (rad) and length (m).
  static let rayCount = 10
  static let spacing = 0.15
  static let range = 160.0 / 30

  /// The unit direction of ray `i` in the x–z plane.
  static func direction(_ i: Int) -> Vector3 {
    Vector3(sin(spacing * Double(i)), 0, -cos(spacing * Double(i)))
  }

  /// The 10 fractions from `origin` (all 1 without ground).
  func fractions(from origin: Vector3, ground: BipedalGround?) -> [Double] {
    guard let ground else { return Array(repeating: 1, count: Self.rayCount) }
    let candidates = ground.pieces(between: origin.x - 0.01, and: origin.x + Self.range)
    return (0..<Self.rayCount).map { i in
      let distance = ground.world.castRay(
        from: origin, direction: Self.direction(i), maxLength: Self.range, against: candidates)
      return distance.map { min($0 / Self.range, 1) } ?? 1
    }
  }
}
