import CODE

extension World {
  /// Adds static geometry kept in a collision space of its own and tested only against the
  /// geoms of the main space, never against itself: terrain made of hundreds of pieces costs
  /// a test per piece and moving geom, not per pair of pieces. `description.pose` is its world
  /// pose. Ground geoms can be moved and resized (`place`) and switched off (`isEnabled`), so a
  /// task can lay out new terrain for each episode without creating geoms.
  @discardableResult
  public func addGroundGeom(_ description: GeomDescription) throws -> Geom {
    if case .plane = description.shape {
      throw PhysicsError.invalidArgument("ground geom '\(description.name)': a plane is not placeable; use addStaticGeom")
    }
    let geom = try addStaticGeom(description)
    dSpaceRemove(handle.space, geom.id)
    dSpaceAdd(handle.groundSpace, geom.id)
    geom.isGround = true
    groundGeoms.append(geom)
    return geom
  }
}

extension Geom {
  /// Whether the geom takes part in collisions and ray casts (on by default).
  public var isEnabled: Bool {
    get { dGeomIsEnabled(id) != 0 }
    set { newValue ? dGeomEnable(id) : dGeomDisable(id) }
  }

  /// Moves a ground geom to `pose` (world coordinates) and, for a box, gives it new half-extents.
  public func place(at pose: Pose, halfExtents: Vector3? = nil) throws {
    guard isGround else { throw PhysicsError.invalidArgument("geom '\(name)': only ground geoms can be moved") }
    guard pose.position.isFinite else { throw PhysicsError.invalidArgument("geom '\(name)': position must be finite") }
    if let halfExtents {
      guard case .box = shape else { throw PhysicsError.invalidArgument("geom '\(name)': only a box can be resized") }
      let resized = Shape.box(halfExtents: halfExtents)
      try resized.validate(context: "ground geom '\(name)'")
      dGeomBoxSetLengths(id, 2 * halfExtents.x, 2 * halfExtents.y, 2 * halfExtents.z)
      shape = resized
    }
    let p = pose.position
    dGeomSetPosition(id, p.x, p.y, p.z)
    var q = odeQuaternion((pose.orientation * shape.collisionShape.rotation).normalized)
    withUnsafePointer(to: &q) { pointer in
      pointer.withMemoryRebound(to: dReal.self, capacity: 4) { dGeomSetQuaternion(id, $0) }
    }
    self.pose = pose
  }
}
