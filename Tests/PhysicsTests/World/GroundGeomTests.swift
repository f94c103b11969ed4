import Foundation
import Testing
@testable import Physics

/// Ground geoms: static pieces in a space of their own, movable between episodes.
@Suite struct GroundGeomTests {
  func ball(_ world: World, at height: Double) throws -> RigidBody {
    let body = try world.addBody(name: "ball", geoms: [GeomDescription(shape: .sphere(radius: 0.1), mass: .mass(1))])
    try body.setPose(Pose(position: Vector3(0, 0, height)))
    return body
  }

  func slab(top: Double) -> GeomDescription {
    GeomDescription(name: "slab", shape: .box(halfExtents: Vector3(1, 1, 0.5)), pose: Pose(position: Vector3(0, 0, top - 0.5)))
  }

  @Test func aBallComesToRestOnAGroundBox() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    try world.addGroundGeom(slab(top: 0.3))
    let ball = try ball(world, at: 1)
    try world.step(count: 1500)
    // At rest on the top face (ODE leaves a penetration of a fraction of a millimetre).
    #expect(abs(ball.centerOfMass.z - 0.4) < 2e-3, "\(ball.centerOfMass.z)")
    #expect(ball.linearVelocity.length < 1e-2)
    #expect(world.contacts.allSatisfy { world.geoms[$0.geom2].isGround })
  }

  @Test func placedAndSwitchedOffPiecesMoveTheGround() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    let piece = try world.addGroundGeom(slab(top: 0.3))
    try piece.place(at: Pose(position: Vector3(0, 0, -0.5)), halfExtents: Vector3(1, 1, 0.5))
    let ball = try ball(world, at: 1)
    try world.step(count: 1500)
    #expect(abs(ball.centerOfMass.z - 0.1) < 2e-3, "resting on the lowered top at 0: \(ball.centerOfMass.z)")
    piece.isEnabled = false
    #expect(!piece.isEnabled)
    try world.step(count: 200)
    #expect(world.contacts.isEmpty, "\(world.contacts.count) contacts with a switched-off piece")
    #expect(ball.centerOfMass.z < -0.5, "falls through a switched-off piece")
    // Only ground geoms move, and only boxes change size.
    let floor = try world.addStaticGeom(GeomDescription(shape: .box(halfExtents: Vector3(1, 1, 1))))
    #expect(throws: PhysicsError.self) { try floor.place(at: .identity) }
    let round = try world.addGroundGeom(GeomDescription(shape: .sphere(radius: 1)))
    #expect(throws: PhysicsError.self) { try round.place(at: .identity, halfExtents: Vector3(1, 1, 1)) }
    #expect(throws: PhysicsError.self) { try world.addGroundGeom(GeomDescription(shape: .plane(normal: Vector3(0, 0, 1), offset: 0))) }
  }

  @Test func raysMeetTheNearestCandidate() throws {
    let world = try TestWorlds.empty()
    let low = try world.addGroundGeom(slab(top: 0))
    let high = try world.addGroundGeom(GeomDescription(shape: .box(halfExtents: Vector3(0.2, 1, 1)), pose: Pose(position: Vector3(1, 0, 1))))
    let origin = Vector3(0, 0, 2)
    #expect(abs(world.castRay(from: origin, direction: Vector3(0, 0, -1), maxLength: 5, against: [low, high])! - 2) < 1e-12)
    // At 45° the block's left face (x = 0.8, up to z = 2) is met at z = 1.2.
    let distance = world.castRay(from: origin, direction: Vector3(1, 0, -1), maxLength: 5, against: [low, high])!
    #expect(abs(distance - 0.8 * 2.0.squareRoot()) < 1e-9)
    #expect(world.castRay(from: origin, direction: Vector3(0, 0, -1), maxLength: 1.5, against: [low]) == nil)
    low.isEnabled = false
    #expect(world.castRay(from: origin, direction: Vector3(0, 0, -1), maxLength: 5, against: [low]) == nil)
  }
}
