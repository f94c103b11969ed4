import Physics

/// What a task adds to a picture beyond the model's geoms: ground it lays itself (a polyline and
/// solid blocks in the x–z plane) and sensing rays, in world coordinates.
public struct TaskScenery: Sendable, Equatable {
  /// An axis-aligned solid block in the x–z plane.
  public struct Block: Sendable, Equatable {
    /// Its lowest and highest x and z (y is ignored).
    public var lower: Vector3, upper: Vector3
    /// A block from `lower` to `upper`.
    public init(lower: Vector3, upper: Vector3) {
      self.lower = lower
      self.upper = upper
    }
  }

  /// The ground's surface, left to right; solid below.
  public var ground: [Vector3]
  /// Obstacles standing on or sunk into the ground.
  public var blocks: [Block]
  /// Rays the task senses with now, each from its start to where it ends or meets something.
  public var rays: [(from: Vector3, to: Vector3)]
  /// The height the picture keeps at its floor line (the ground's nominal level).
  public var baseline: Double

  /// Scenery of `ground`, `blocks` and `rays` around `baseline`.
  public init(ground: [Vector3], blocks: [Block], rays: [(from: Vector3, to: Vector3)], baseline: Double) {
    self.ground = ground
    self.blocks = blocks
    self.rays = rays
    self.baseline = baseline
  }

  /// Equal ground, blocks, rays and baseline.
  public static func == (a: TaskScenery, b: TaskScenery) -> Bool {
    a.ground == b.ground && a.blocks == b.blocks && a.baseline == b.baseline
      && a.rays.count == b.rays.count && zip(a.rays, b.rays).allSatisfy { $0.from == $1.from && $0.to == $1.to }
  }
}
