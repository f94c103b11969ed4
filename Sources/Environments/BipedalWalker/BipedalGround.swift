import Foundation
import Physics

/// BipedalWalker's terrain as ODE ground geoms: each edge a box whose top face is the edge (1 m
/// thick, so the ground is solid below), each obstacle a box of its own extents. The geoms are
/// made once per world and moved for each episode's terrain; spare obstacle boxes are switched
/// off. Ground pieces collide only with the walker (category 1 against its conaffinity) and
/// carry no friction of their own (the walker's geoms carry the combined value).
final class BipedalGround {
  /// The world the geoms belong to.
  unowned let world: World
  /// The terrain laid out now and the seed it came from.
  private(set) var terrain: BipedalTerrain?
  private(set) var seed: UInt64?
  /// One box per edge, then the obstacle boxes (as many as the busiest terrain so far).
  private(set) var edges: [Geom] = []
  private(set) var obstacles: [Geom] = []

  /// Thickness of an edge's box below the edge, and the depth of every piece across the plane.
  static let thickness = 1.0
  static let depth = 2.0

  init(world: World) {
    self.world = world
  }

  /// Moves the geoms to `terrain` (made from `seed`), making any that are missing.
  func lay(_ terrain: BipedalTerrain, seed: UInt64) throws {
    let heights = terrain.heights
    for i in 0..<(heights.count - 1) {
      let start = Vector3(BipedalTerrain.x(i), 0, heights[i])
      let end = Vector3(BipedalTerrain.x(i + 1), 0, heights[i + 1])
      let along = end - start
      let length = along.length
      let up = Vector3(-along.z, 0, along.x) / length
      let pose = Pose(
        position: (start + end) / 2 - Self.thickness / 2 * up,
        orientation: Quaternion(axis: Vector3(0, -1, 0), angle: atan2(along.z, along.x)))
      let halfExtents = Vector3(length / 2, Self.depth / 2, Self.thickness / 2)
      if i < edges.count {
        try edges[i].place(at: pose, halfExtents: halfExtents)
      } else {
        edges.append(try world.addGroundGeom(Self.piece("edge \(i)", pose: pose, halfExtents: halfExtents)))
      }
    }
    for (k, box) in terrain.obstacles.enumerated() {
      let pose = Pose(position: Vector3((box.left + box.right) / 2, 0, (box.bottom + box.top) / 2), orientation: .identity)
      let halfExtents = Vector3((box.right - box.left) / 2, Self.depth / 2, (box.top - box.bottom) / 2)
      if k < obstacles.count {
        try obstacles[k].place(at: pose, halfExtents: halfExtents)
        obstacles[k].isEnabled = true
      } else {
        obstacles.append(try world.addGroundGeom(Self.piece("obstacle \(k)", pose: pose, halfExtents: halfExtents)))
      }
    }
    for spare in obstacles.dropFirst(terrain.obstacles.count) { spare.isEnabled = false }
    self.terrain = terrain
    self.seed = seed
  }

  /// The pieces a ray from x = `from` to x = `to` can meet (edges by index, obstacles by extent).
  func pieces(between from: Double, and to: Double) -> [Geom] {
    guard let terrain else { return [] }
    let first = max(0, Int((from / BipedalTerrain.step).rounded(.down)) - 1)
    let last = min(edges.count - 1, Int((to / BipedalTerrain.step).rounded(.up)) + 1)
    var result = first <= last ? Array(edges[first...last]) : []
    for (k, box) in terrain.obstacles.enumerated() where box.right >= from && box.left <= to {
      result.append(obstacles[k])
    }
    return result
  }

  static func piece(_ name: String, pose: Pose, halfExtents: Vector3) -> GeomDescription {
    GeomDescription(
      name: name, shape: .box(halfExtents: halfExtents), pose: pose, mass: .mass(0), friction: 0,
      categoryBits: 1, collideBits: 32)
  }
}
