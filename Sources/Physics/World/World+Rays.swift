import CODE

extension World {
  /// The distance along the unit `direction` from `origin` (world coordinates) to the first geom
  /// surface the ray meets within `maxLength`, skipping the geoms of `excluded` (nil: the static
  /// geoms); nil when it meets none.
  public func castRay(from origin: Vector3, direction: Vector3, maxLength: Double = 1e4, excluding excluded: RigidBody?)
    -> Double?
  {
    let skipped = excluded?.index ?? -1
    return nearestHit(from: origin, direction: direction, maxLength: maxLength, among: geoms.lazy.filter { $0.bodyIndex != skipped })
  }

  /// The distance along the unit `direction` from `origin` (world coordinates) to the first
  /// surface among `candidates` within `maxLength` (ODE's ray geom; switched-off geoms are
  /// skipped); nil when it meets none. A ray starting inside a box meets it where it leaves.
  public func castRay(from origin: Vector3, direction: Vector3, maxLength: Double, against candidates: [Geom]) -> Double? {
    nearestHit(from: origin, direction: direction, maxLength: maxLength, among: candidates)
  }

  /// The nearest hit of ODE's ray geom among `candidates` (this world's, switched on).
  private func nearestHit<Candidates: Sequence<Geom>>(
    from origin: Vector3, direction: Vector3, maxLength: Double, among candidates: Candidates
  ) -> Double? {
    guard direction.length > 0, maxLength > 0 else { return nil }
    let unit = direction / direction.length
    let ray = handle.ray
    dGeomRaySetLength(ray, maxLength)
    dGeomRaySet(ray, origin.x, origin.y, origin.z, unit.x, unit.y, unit.z)
    var nearest: Double?
    func cast() {
      var hit = dContactGeom()
      for geom in candidates where geom.handle === handle && geom.isEnabled {
        if dCollide(ray, geom.id, 1, &hit, Int32(MemoryLayout<dContactGeom>.stride)) > 0 {
          nearest = min(nearest ?? .infinity, hit.depth)
        }
      }
    }
    // A ray against a mesh uses the trimesh colliders' shared cache (`ODERuntime`).
    if handle.triangleMeshes.isEmpty { cast() } else { ODERuntime.triangleMeshCollision.withLock { _ in cast() } }
    return nearest
  }
}
