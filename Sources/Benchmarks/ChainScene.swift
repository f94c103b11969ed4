import Physics
/// The reference scene of the physics benchmark and demo: a chain of capsules joined by damped
/// hinges, released tilted above a floor so that it falls, hits and settles with contacts.
package struct ChainScene: Sendable {
  /// Number of capsules in the chain.
  package var links = 7
  package var radius = 0.05
  /// Half-length of each capsule's cylindrical part, metres.
  package var halfLength = 0.1
  /// Height of the first link's centre at release, metres.
  package var height = 1.0
  /// Tilt of the whole chain about y at release, radians.
  package var tilt = 0.3
  /// Damping of each hinge, N·m·s/rad.
  package var hingeDamping = 0.05
  package var friction = 1.0
  package var timestep = 0.0025

  package init() {}

  /// Distance between consecutive link centres (capsules touch end to end).
  var spacing: Double { 2 * (halfLength + radius) }

  /// The world pose of link `k`'s centre; links lie along x, tilted about y.
  func linkPose(_ k: Int) -> Pose {
    let orientation = Quaternion(axis: Vector3(0, 1, 0), angle: tilt)
    let along = orientation.rotate(Vector3(1, 0, 0))
    // Capsules are along local z; turn z onto the chain direction.
    let capsuleOrientation = orientation * Quaternion(rotatingZTo: Vector3(1, 0, 0))
    return Pose(position: Vector3(0, 0, height) + Double(k) * spacing * along,
      orientation: capsuleOrientation)
  }

  /// The world anchor of the hinge between link k-1 and link k.
  func hingeAnchor(_ k: Int) -> Vector3 {
    let orientation = Quaternion(axis: Vector3(0, 1, 0), angle: tilt)
    let along = orientation.rotate(Vector3(1, 0, 0))
    return Vector3(0, 0, height) + (Double(k) - 0.5) * spacing * along
  }

  /// Builds the scene through Odessa's Physics API.
  package func makeWorld() throws -> World {
    var settings = WorldSettings()
    settings.timestep = timestep
    let world = try World(settings: settings)
    try world.addStaticGeom(GeomDescription(
      name: "floor", shape: .plane(normal: Vector3(0, 0, 1), offset: 0), friction: friction))
    var previous: RigidBody?
    for k in 0..<links {
      let link = try world.addBody(name: "link\(k)", pose: linkPose(k), geoms: [
        GeomDescription(shape: .capsule(radius: radius, halfLength: halfLength), friction: friction)
      ])
      if let previous {
        let hinge = try world.addHingeJoint(
          name: "hinge\(k)", parent: previous, child: link, anchor: hingeAnchor(k),
          axis: Vector3(0, 1, 0))
        try hinge.setSpring(JointSpring(damping: hingeDamping))
        world.excludeContacts(between: previous, and: link)
      }
      previous = link
    }
    return world
  }
}
