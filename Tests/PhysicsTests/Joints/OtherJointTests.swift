import Foundation
import Testing
import TestSupport
@testable import Physics

@Suite struct OtherJointTests {
  @Test func sliderFollowsForceOverMassAndStopsAtItsLimit() throws {
    let world = try TestWorlds.empty(timestep: 0.001, gravity: .zero)
    let cart = try world.addBody(geoms: [GeomDescription(shape: .box(halfExtents: Vector3(0.1, 0.1, 0.1)), mass: .mass(2))])
    let slider = try world.addSliderJoint(parent: nil, child: cart, axis: Vector3(1, 0, 0))
    for _ in 0..<100 {
      slider.addForce(4)
      try world.step()
    }
    #expect(abs(slider.rate - 2 * 0.1) < 1e-9)
    #expect(abs(slider.position - 2 * 0.001 * 0.001 * 100 * 101 / 2) < 1e-9)
    #expect(abs(cart.position.x - slider.position) < 1e-12)
    try slider.setLimits(lower: -0.3, upper: 0.3)
    var highest = 0.0
    for _ in 0..<3000 {
      slider.addForce(4)
      try world.step()
      highest = max(highest, slider.position)
    }
    #expect(highest < 0.3 + 0.005)
    #expect(abs(slider.position - 0.3) < 0.005)
  }

  @Test func fixedJointHoldsABodyAgainstGravity() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    let body = try world.addBody(pose: Pose(position: Vector3(0, 0, 1)), geoms: [
      GeomDescription(shape: .sphere(radius: 0.1), pose: Pose(position: Vector3(0.3, 0, 0)))
    ])
    try world.addFixedJoint(parent: nil, child: body)
    try world.step(count: 1000)
    #expect((body.position - Vector3(0, 0, 1)).length < 1e-4)
  }

  @Test func ballJointKeepsTheAnchorAndReportsRelativeRotation() throws {
    let world = try TestWorlds.empty(timestep: 0.001, gravity: .zero)
    let body = try world.addBody(geoms: [
      GeomDescription(shape: .sphere(radius: 0.05), pose: Pose(position: Vector3(0, 0, -0.5)), mass: .mass(1))
    ])
    let ball = try world.addBallJoint(parent: nil, child: body, anchor: .zero)
    try body.setAngularVelocity(Vector3(0, 0, 1))
    try world.step(count: 500)
    #expect(body.position.length < 1e-6, "frame origin stays at the anchor")
    let q = ball.relativeOrientation
    let expected = Quaternion(axis: Vector3(0, 0, 1), angle: 0.5)
    #expect((q.components - expected.components).max() < 1e-6)
    try ball.setSpring(JointSpring(damping: 0.01))
    try world.step(count: 1000)
    #expect(ball.relativeAngularVelocity.length < 1)
  }

  @Test func universalJointReportsBothAngles() throws {
    let world = try TestWorlds.empty(timestep: 0.001, gravity: .zero)
    let body = try world.addBody(geoms: [
      GeomDescription(shape: .sphere(radius: 0.05), pose: Pose(position: Vector3(0, 0, -0.5)), mass: .mass(1))
    ])
    let joint = try world.addUniversalJoint(
      parent: nil, child: body, anchor: .zero, childAxis: Vector3(1, 0, 0), parentAxis: Vector3(0, 1, 0))
    try spin(body, about: .zero, angularVelocity: Vector3(0, 0.5, 0))
    try world.step(count: 400)
    #expect(abs(joint.angles.parent) > 0.1 || abs(joint.angles.child) > 0.1)
    #expect(abs(joint.rates.parent) + abs(joint.rates.child) > 0.1)
    #expect(body.position.length < 1e-6)
    #expect(throws: PhysicsError.self) {
      try world.addUniversalJoint(parent: nil, child: body, anchor: .zero,
        childAxis: Vector3(1, 0, 0), parentAxis: Vector3(1, 1, 0))
    }
  }

  @Test func plane2DKeepsABodyInThePlane() throws {
    let world = try TestWorlds.empty(timestep: 0.002, gravity: Vector3(0, -9.81, 0))
    let body = try world.addBody(geoms: [GeomDescription(shape: .box(halfExtents: Vector3(0.1, 0.2, 0.3)))])
    try world.addPlane2DJoint(body: body)
    try body.setLinearVelocity(Vector3(1, 0, 0))
    try body.setAngularVelocity(Vector3(0, 0, 2))
    try world.step(count: 1000)
    #expect(abs(body.position.z) < 1e-6)
    #expect(abs(body.rotation[2, 2] - 1) < 1e-6)
  }

  @Test func aJointCannotConnectABodyToItself() throws {
    let world = try TestWorlds.empty()
    let body = try world.addBody(geoms: [GeomDescription(shape: .sphere(radius: 0.1))])
    #expect(throws: PhysicsError.self) {
      try world.addHingeJoint(parent: body, child: body, anchor: .zero, axis: Vector3(0, 0, 1))
    }
    #expect(throws: PhysicsError.self) {
      try world.addSliderJoint(parent: nil, child: body, axis: .zero)
    }
  }
}
