extension BodyModel {
  /// The unit normal of the one plane every body moves in, when the joints allow no other motion
  /// (dm_control's planar walkers, hoppers, cheetah, swimmers, the manipulator, the cup): every
  /// hinge turns about the normal and every slide moves across it, at qpos0 and therefore in
  /// every pose, since turning about the normal keeps both true. Nil when a ball or free joint,
  /// or a hinge or slide out of line, lets a body leave the plane, or when nothing fixes one
  /// normal (no hinge and no two crossing slides).
  package var motionPlaneNormal: Vector3? {
    var frames = [Pose](repeating: .identity, count: bodies.count)
    var hingeAxes = [Vector3](), slideAxes = [Vector3]()
    for b in bodies.indices where b != 0 {
      frames[b] = frames[bodies[b].parent].composed(with: bodies[b].pose)
      for j in bodies[b].joints {
        let axis = frames[b].orientation.rotate(joints[j].axis)
        guard axis.length > 0 else { return nil }
        switch joints[j].type {
        case .hinge: hingeAxes.append(axis / axis.length)
        case .slide: slideAxes.append(axis / axis.length)
        case .ball, .free: return nil
        }
      }
    }
    let tolerance = 1e-9
    var normal = hingeAxes.first
    if normal == nil {
      for (k, a) in slideAxes.enumerated() {
        for b in slideAxes[(k + 1)...] where a.cross(b).length > 1e-6 {
          normal = a.cross(b) / a.cross(b).length
          break
        }
        if normal != nil { break }
      }
    }
    guard let normal else { return nil }
    let hingesAlong = hingeAxes.allSatisfy { $0.cross(normal).length < tolerance }
    let slidesAcross = slideAxes.allSatisfy { abs($0.dot(normal)) < tolerance }
    return hingesAlong && slidesAcross ? normal : nil
  }
}
