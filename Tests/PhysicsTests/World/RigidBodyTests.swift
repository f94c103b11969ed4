import Foundation
import Testing
import TestSupport
@testable import Physics

@Suite struct RigidBodyTests {
  @Test func massFromDensityMatchesVolume() throws {
    let world = try TestWorlds.empty()
    let capsule = try world.addBody(geoms: [GeomDescription(shape: .capsule(radius: 0.05, halfLength: 0.2))])
    let volume = Double.pi * 0.05 * 0.05 * 0.4 + 4 / 3 * Double.pi * pow(0.05, 3)
    #expect(abs(capsule.mass - 1000 * volume) < 1e-12)
    let box = try world.addBody(geoms: [
      GeomDescription(shape: .box(halfExtents: Vector3(0.1, 0.2, 0.3)), mass: .density(500))
    ])
    #expect(abs(box.mass - 500 * 0.048) < 1e-12)
  }

  /// Two spheres of 1 kg at +1 m and 3 kg at −1 m on x: the centre of mass is at −0.5 m and the
  /// inertia about it follows the parallel-axis theorem.
  @Test func offCentreGeomsGiveTheRightCentreOfMassAndInertia() throws {
    let world = try TestWorlds.empty(gravity: .zero)
    let r = 0.1
    let body = try world.addBody(geoms: [
      GeomDescription(shape: .sphere(radius: r), pose: Pose(position: Vector3(1, 0, 0)), mass: .mass(1)),
      GeomDescription(shape: .sphere(radius: r), pose: Pose(position: Vector3(-1, 0, 0)), mass: .mass(3)),
    ])
    #expect(abs(body.mass - 4) < 1e-14)
    #expect((body.localCenterOfMass - Vector3(-0.5, 0, 0)).length < 1e-14)
    let own = 0.4 * r * r
    let expectedYY = 1 * 1.5 * 1.5 + 3 * 0.5 * 0.5 + own * 4
    #expect(abs(body.inertia[0, 0] - own * 4) < 1e-12)
    #expect(abs(body.inertia[1, 1] - expectedYY) < 1e-12)
    #expect(abs(body.inertia[2, 2] - expectedYY) < 1e-12)
    #expect(abs(body.inertia[0, 1]) < 1e-14)
  }

  @Test func framePoseAndGeomPlacementSurviveAnOffsetCentreOfMass() throws {
    let world = try TestWorlds.empty(gravity: .zero)
    let pose = Pose(position: Vector3(0.5, -1, 2), orientation: Quaternion(axis: Vector3(0, 0, 1), angle: 0.6))
    let body = try world.addBody(pose: pose, geoms: [
      GeomDescription(shape: .sphere(radius: 0.1), pose: Pose(position: Vector3(1, 0, 0)), mass: .mass(1)),
      GeomDescription(shape: .box(halfExtents: Vector3(0.1, 0.1, 0.1)),
        pose: Pose(position: Vector3(0, 0.5, 0), orientation: Quaternion(axis: Vector3(1, 0, 0), angle: 0.3)),
        mass: .mass(2)),
    ])
    #expect((body.position - pose.position).length < 1e-14)
    #expect((body.geoms[0].worldPosition - pose.transform(Vector3(1, 0, 0))).length < 1e-14)
    #expect((body.geoms[1].worldPosition - pose.transform(Vector3(0, 0.5, 0))).length < 1e-14)
    let expectedOrientation = pose.orientation * Quaternion(axis: Vector3(1, 0, 0), angle: 0.3)
    #expect((body.geoms[1].worldOrientation.components - expectedOrientation.components).max() < 1e-14)
    #expect((body.worldPoint(ofLocal: Vector3(1, 0, 0)) - pose.transform(Vector3(1, 0, 0))).length < 1e-14)
  }

  /// Spinning freely, a body turns about its centre of mass, not about its frame origin.
  @Test func freeSpinTurnsAboutTheCentreOfMass() throws {
    let world = try TestWorlds.empty(timestep: 0.001, gravity: .zero)
    let body = try world.addBody(geoms: [
      GeomDescription(shape: .sphere(radius: 0.05), pose: Pose(position: Vector3(1, 0, 0)), mass: .mass(1))
    ])
    try body.setAngularVelocity(Vector3(0, 0, 1))
    let com = body.centerOfMass
    try world.step(count: Int(Double.pi / 0.001))  // half a turn
    #expect((body.centerOfMass - com).length < 1e-12)
    #expect((body.position - Vector3(2, 0, 0)).length < 1e-2)
    #expect((body.velocity(ofLocalPoint: .zero) - Vector3(0, 1, 0)).length < 1e-2)
  }

  @Test func kineticEnergyIsTranslationalPlusRotational() throws {
    let world = try TestWorlds.empty(gravity: .zero)
    let body = try world.addBody(geoms: [GeomDescription(shape: .sphere(radius: 0.1), mass: .mass(2))])
    try body.setLinearVelocity(Vector3(3, 0, 0))
    try body.setAngularVelocity(Vector3(0, 0, 5))
    let inertia = 0.4 * 2 * 0.01
    #expect(abs(body.kineticEnergy - (0.5 * 2 * 9 + 0.5 * inertia * 25)) < 1e-12)
  }
}
