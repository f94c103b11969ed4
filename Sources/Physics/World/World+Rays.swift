import CODE

extension World {
  /// The distance along the unit `direction` from `origin` (world coordinates) to the first geom
  /// surface the ray meets within `maxLength`, skipping the geoms of `excluded` (nil: the static
  /// geoms); nil when it meets none.
  public func castRay(from origin: Vector3, direction: Vector3, maxLength: Double = 1e4, excluding excluded: RigidBody?)
    -> Double?
  {
    let skipped = excluded?.index ?? -1
    guard direction.length > 0 else { return nil }
    let unit = direction / direction.length
    let ray = handle.ray
    dGeomRaySetLength(ray, maxLength)
    dGeomRaySet(ray, origin.x, origin.y, origin.z, unit.x, unit.y, unit.z)
    var nearest: Double?
    var hit = dContactGeom()
    for geom in geoms where geom.bodyIndex != skipped {
      if dCollide(ray, geom.id, 1, &hit, Int32(MemoryLayout<dContactGeom>.stride)) > 0 {
        nearest = min(nearest ?? .infinity, hit.depth)
      }
    }
    return nearest
  }
}
