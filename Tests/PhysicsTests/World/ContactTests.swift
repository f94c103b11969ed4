import Foundation
import Testing
import TestSupport
@testable import Physics

@Suite struct ContactTests {
  @Test func boxDroppedFlatComesToRestOnThePlane() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    try TestWorlds.addFloor(world)
    let box = try world.addBody(pose: Pose(position: Vector3(0, 0, 1)), geoms: [
      GeomDescription(shape: .box(halfExtents: Vector3(0.1, 0.2, 0.3)))
    ])
    try world.step(count: 1500)
    #expect(abs(box.position.z - 0.3) < 0.005, "rest height \(box.position.z)")
    #expect(box.linearVelocity.length < 1e-3)
    #expect(box.angularVelocity.length < 1e-3)
    #expect(box.rotation[2, 2] > 0.9999)
    #expect(world.contacts.count >= 4)
  }

  @Test func tumblingBoxSettlesOnOneOfItsFaces() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    try TestWorlds.addFloor(world)
    let halfExtents = Vector3(0.1, 0.2, 0.3)
    let box = try world.addBody(
      pose: Pose(position: Vector3(0, 0, 1.5), orientation: Quaternion(axis: Vector3(1, 2, 0.5), angle: 0.8)),
      geoms: [GeomDescription(shape: .box(halfExtents: halfExtents))])
    try box.setAngularVelocity(Vector3(1, -2, 0.5))
    try world.step(count: 3000)
    let height = box.centerOfMass.z
    let nearest = [halfExtents.x, halfExtents.y, halfExtents.z].map { abs($0 - height) }.min()!
    #expect(nearest < 0.005, "rest height \(height) is not a half-extent")
    #expect(box.linearVelocity.length < 1e-3)
    for contact in world.contacts { #expect(contact.depth < 0.005) }
  }

  @Test func anEllipsoidTouchesAPlaneAtItsSupportPoint() throws {
    // The quadruped's torso (semi-axes 0.3, 0.27, 0.2), turned, its centre placed so that its
    // lowest point lies 1 mm below the floor: the lowest point of R D (unit sphere) is at
    // c − |D Rᵀ z| along z, reached at c − R D² Rᵀ z / |D Rᵀ z|. ODE alone would collide the
    // stand-in capsule (radius 0.235 along x), 3 cm deeper here.
    let radii = Vector3(0.3, 0.27, 0.2)
    let turn = Quaternion(axis: Vector3(1, 2, 0.5) / Vector3(1, 2, 0.5).length, angle: 0.7)
    let up = turn.conjugate.rotate(Vector3(0, 0, 1))
    let stretched = Vector3(radii.x * up.x, radii.y * up.y, radii.z * up.z)
    let centre = Vector3(0.4, -0.2, stretched.length - 0.001)
    let lowest = centre - turn.rotate(Vector3(radii.x * stretched.x, radii.y * stretched.y, radii.z * stretched.z) / stretched.length)
    let world = try TestWorlds.empty(timestep: 0.002)
    try TestWorlds.addFloor(world)
    _ = try world.addBody(pose: Pose(position: centre, orientation: turn), geoms: [
      GeomDescription(shape: .ellipsoid(radii: radii))
    ])
    #expect(world.countContacts() == 1)
    let contact = try #require(world.contacts.first)
    #expect(abs(contact.depth - 0.001) < 1e-12, "depth \(contact.depth)")
    // ODE's convention without soft contacts: the deepest point of the moving geom.
    #expect((contact.position - lowest).length < 1e-12, "\(contact.position) vs \(lowest)")
    #expect((contact.normal - Vector3(0, 0, 1)).length < 1e-12)
    // Lifted 2 mm it no longer touches.
    let floating = try TestWorlds.empty(timestep: 0.002)
    try TestWorlds.addFloor(floating)
    _ = try floating.addBody(pose: Pose(position: centre + Vector3(0, 0, 0.002), orientation: turn), geoms: [
      GeomDescription(shape: .ellipsoid(radii: radii))
    ])
    #expect(floating.countContacts() == 0)
  }

  @Test func categoryAndCollideBitsFilterContacts() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    try TestWorlds.addFloor(world)
    let solid = try world.addBody(pose: Pose(position: Vector3(0, 0, 0.5)), geoms: [
      GeomDescription(shape: .sphere(radius: 0.1))
    ])
    let ghost = try world.addBody(pose: Pose(position: Vector3(1, 0, 0.5)), geoms: [
      GeomDescription(shape: .sphere(radius: 0.1), categoryBits: 0, collideBits: 0)
    ])
    try world.step(count: 500)
    #expect(abs(solid.centerOfMass.z - 0.1) < 0.005)
    #expect(ghost.centerOfMass.z < -0.5, "a geom with no category or collide bits falls through")
  }

  /// MJCF's rule: geoms touch when (contype_a & conaffinity_b) or (contype_b & conaffinity_a).
  @Test func oneSidedAffinityIsEnough() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    try world.addStaticGeom(GeomDescription(
      shape: .plane(normal: Vector3(0, 0, 1), offset: 0), categoryBits: 1, collideBits: 1))
    // Like the walker: contype 1, conaffinity 0. It still touches the floor (conaffinity 1).
    let foot = try world.addBody(pose: Pose(position: Vector3(0, 0, 0.3)), geoms: [
      GeomDescription(shape: .capsule(radius: 0.05, halfLength: 0.1), categoryBits: 1, collideBits: 0)
    ])
    // Two such bodies never touch each other.
    let other = try world.addBody(pose: Pose(position: Vector3(0, 0, 0.6)), geoms: [
      GeomDescription(shape: .sphere(radius: 0.05), categoryBits: 1, collideBits: 0)
    ])
    try world.step(count: 500)
    #expect(abs(foot.centerOfMass.z - 0.15) < 0.005)
    #expect(other.centerOfMass.z < 0.2, "body-body contact must not happen")
  }

  @Test func excludedPairsDoNotCollide() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    let lower = try world.addBody(pose: Pose(position: Vector3(0, 0, 0)), geoms: [
      GeomDescription(shape: .sphere(radius: 0.1))
    ])
    try world.addFixedJoint(parent: nil, child: lower)
    let upper = try world.addBody(pose: Pose(position: Vector3(0, 0, 0.5)), geoms: [
      GeomDescription(shape: .sphere(radius: 0.1))
    ])
    world.excludeContacts(between: lower, and: upper)
    try world.step(count: 500)
    #expect(upper.centerOfMass.z < -0.5)
  }

  @Test func disabledContactsLetEverythingThrough() throws {
    var settings = WorldSettings()
    settings.contacts.enabled = false
    let world = try World(settings: settings)
    try TestWorlds.addFloor(world)
    let ball = try world.addBody(pose: Pose(position: Vector3(0, 0, 0.2)), geoms: [
      GeomDescription(shape: .sphere(radius: 0.1))
    ])
    try world.step(count: 500)
    #expect(ball.centerOfMass.z < -0.5)
  }

  /// A box sliding at v0 on a plane stops after v0² / (2 μ g); the contact uses the larger μ.
  @Test func slidingFrictionStopsAtTheClosedFormDistance() throws {
    let world = try TestWorlds.empty(timestep: 0.001)
    try TestWorlds.addFloor(world, friction: 0.1)
    let box = try world.addBody(pose: Pose(position: Vector3(0, 0, 0.1)), geoms: [
      GeomDescription(shape: .box(halfExtents: Vector3(0.1, 0.1, 0.1)), friction: 0.5)
    ])
    try world.step(count: 200)  // settle
    let start = box.position.x
    let v0 = 2.0
    try box.setLinearVelocity(Vector3(v0, 0, 0))
    try world.step(count: 2000)
    let distance = box.position.x - start
    let expected = v0 * v0 / (2 * 0.5 * 9.81)
    #expect(abs(distance - expected) / expected < 0.03, "slid \(distance) m, expected \(expected) m")
    #expect(box.linearVelocity.length < 1e-3)
  }

  @Test func recordedContactForcesCarryTheWeight() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    try TestWorlds.addFloor(world)
    world.recordsContactForces = true
    let box = try world.addBody(pose: Pose(position: Vector3(0, 0, 0.1)), geoms: [
      GeomDescription(shape: .box(halfExtents: Vector3(0.1, 0.1, 0.1)))
    ])
    try world.step(count: 500)
    var normalForce = 0.0
    for contact in world.contacts {
      let force = try #require(world.force(of: contact))
      normalForce += force.dot(contact.normal)
    }
    #expect(abs(normalForce - box.mass * 9.81) / (box.mass * 9.81) < 1e-3)
    world.recordsContactForces = false
    try world.step()
    #expect(world.contacts.allSatisfy { world.force(of: $0) == nil })
  }
}
