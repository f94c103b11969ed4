import Physics

/// Box2D's time of impact, which the original relies on: a leg that reaches the ground within
/// a step, without touching it when the step began, is stopped there by an impact solved for
/// that leg alone (its joints pulled back together in the next steps), and the contact begins
/// in that same step. ODE finds contacts only at the start of a step, so a landing foot would
/// otherwise sink in for a step and keep its speed.
extension BipedalWalker {
  /// How close (m) two cores come before Box2D stops them: the two 1 cm skins less three times
  /// its linear slop.
  static let impactDistance = 0.005

  /// Stops the legs that landed in the last step; returns the lower legs among them.
  func absorbLandings(_ simulation: Simulation) throws -> [Int] {
    guard let terrain = ground?.terrain else { return [] }
    var landed: [Int] = []
    for (body, geom) in legGeoms where simulation.groundGeomsTouched(byBody: body).isEmpty {
      guard case .box(let half) = simulation.model.geoms[geom].shape else { continue }
      let pose = simulation.geomPose(geom)
      var deepest: (gap: Double, point: Vector3)?
      for x in [-1.0, 1.0] {
        for z in [-1.0, 1.0] {
          let corner = pose.transform(Vector3(x * (half.x - Self.skin), 0, z * (half.z - Self.skin)))
          let gap = corner.z - Self.groundHeight(terrain, at: corner.x)
          if gap < (deepest?.gap ?? .infinity) { deepest = (gap, corner) }
        }
      }
      guard let deepest, deepest.gap < Self.impactDistance else { continue }
      let slope = Self.groundSlope(terrain, at: deepest.point.x)
      let friction = simulation.model.geoms[geom].friction.x
      if try simulation.absorbImpact(ofBody: body, at: deepest.point, normal: Vector3(-slope, 0, 1), friction: friction) {
        landed.append(body)
      }
    }
    return landed
  }

  /// The original's hull polygon in the hull's frame (x forward, z up; metres), its core without
  /// the skin.
  static let hullPolygon: [(x: Double, z: Double)] = [
    (-1.0, 0.3), (0.2, 0.3), (34.0 / 30, 1.0 / 30), (34.0 / 30, -8.0 / 30), (-1.0, -8.0 / 30),
  ]

  /// Whether the hull reached the ground within the last step without touching it when the step
  /// began: Box2D's time of impact, which begins the hull's contact (the fall) in that step.
  func hullReachedGround(_ simulation: Simulation) -> Bool {
    guard let terrain = ground?.terrain else { return false }
    let pose = simulation.bodyPose(hull)
    return Self.hullPolygon.contains { vertex in
      let point = pose.transform(Vector3(vertex.x, 0, vertex.z))
      return point.z - Self.groundHeight(terrain, at: point.x) < Self.impactDistance
    }
  }

  /// The height of the solid ground at `x`: the edges, or an obstacle's top where one stands.
  static func groundHeight(_ terrain: BipedalTerrain, at x: Double) -> Double {
    var height = terrain.surfaceHeight(at: x)
    for box in terrain.obstacles where box.left <= x && x <= box.right { height = max(height, box.top) }
    return height
  }

  /// The slope dz/dx of the edge under `x` (zero on an obstacle's top).
  static func groundSlope(_ terrain: BipedalTerrain, at x: Double) -> Double {
    let height = terrain.surfaceHeight(at: x)
    if terrain.obstacles.contains(where: { $0.left <= x && x <= $0.right && $0.top > height }) { return 0 }
    let i = min(max(Int(x / BipedalTerrain.step), 0), terrain.heights.count - 2)
    return (terrain.heights[i + 1] - terrain.heights[i]) / BipedalTerrain.step
  }
}
