import Foundation
import Testing
@testable import Physics

/// `ContactSettings.planeNormal`: contacts that repeat one another in a planar world are kept once.
@Suite struct PlanarContactTests {
  /// A bar that moves in the x–z plane, resting flat across the joint of two ground slabs (tops at
  /// z = 0, meeting at x = 0).
  func barAcrossTwoSlabs(
    plane: Vector3?, barFriction: Double = 0.8, slabFrictions: (left: Double, right: Double) = (0.8, 0.8)
  ) throws -> Simulation {
    let model = try BodyModel(mjcf: """
      <mujoco><option timestep="0.002"/><worldbody>
        <body name="bar" pos="0.1 0 0.05">
          <joint name="x" type="slide" axis="1 0 0"/><joint name="z" type="slide" axis="0 0 1"/>
          <joint name="angle" type="hinge" axis="0 1 0"/>
          <geom type="box" size="0.3 0.05 0.05" mass="2" friction="\(barFriction)"/>
        </body>
      </worldbody></mujoco>
      """)
    let simulation = try Simulation(model: model)
    var settings = simulation.world.settings
    settings.contacts.planeNormal = plane
    // ODE's contacts, as the planar worlds that merge contacts (BipedalWalker's) have them.
    settings.contacts.soft = nil
    try simulation.world.update(settings: settings)
    for (centre, friction) in [(-1.0, slabFrictions.left), (1.0, slabFrictions.right)] {
      try simulation.world.addGroundGeom(GeomDescription(
        shape: .box(halfExtents: Vector3(1, 1, 0.5)), pose: Pose(position: Vector3(centre, 0, -0.5)), friction: friction))
    }
    simulation.world.recordsContactForces = true
    return simulation
  }

  @Test func repeatedContactsAcrossThePlaneAndAtASharedCornerAreKeptOnce() throws {
    let full = try barAcrossTwoSlabs(plane: nil), planar = try barAcrossTwoSlabs(plane: Vector3(0, 1, 0))
    for _ in 0..<500 {
      try full.step()
      try planar.step()
    }
    // Without merging: each slab touches the bar at two points along x, each twice across y
    // (8 contacts). In the plane: x = -0.2 and 0 on the left slab, 0 (the same point) and 0.4 on
    // the right one: 3 contacts.
    #expect(full.world.contacts.count == 8 && !full.world.contacts.contains(where: \.isRepeat))
    #expect(planar.world.contacts.count == 8, "repeats stay listed")
    let kept = planar.world.contacts.filter { !$0.isRepeat }
    let xs = kept.map(\.position.x).sorted()
    #expect(xs.count == 3 && abs(xs[0] + 0.2) < 1e-6 && abs(xs[1]) < 1e-6 && abs(xs[2] - 0.4) < 1e-6, "\(xs)")
    // The same rest, the kept contacts carrying the whole weight.
    #expect(abs(planar.qpos[1] - full.qpos[1]) < 1e-6 && abs(planar.qpos[2]) < 1e-9, "\(planar.qpos) \(full.qpos)")
    #expect(planar.qvel.allSatisfy { abs($0) < 1e-6 }, "\(planar.qvel)")
    var lift = 0.0
    for contact in kept { lift += try #require(planar.world.force(of: contact)).dot(contact.normal) }
    #expect(abs(lift - 2 * 9.81) < 1e-3 * 2 * 9.81, "\(lift) N")
    #expect(planar.world.contacts.filter(\.isRepeat).allSatisfy { planar.world.force(of: $0) == nil })
    #expect(planar.world.countContacts() == 3)
  }

  @Test func theBarStillTouchesBothSlabsWhereTheirCornersMerge() throws {
    let planar = try barAcrossTwoSlabs(plane: Vector3(0, 1, 0))
    for _ in 0..<100 { try planar.step() }
    let slabs = planar.world.geoms.indices.filter { planar.world.geoms[$0].bodyIndex < 0 }
    #expect(slabs.count == 2)
    let bar = try #require(planar.model.bodyIndex("bar"))
    #expect(Set(planar.groundGeomsTouched(byBody: bar)) == Set(slabs))
    // At the shared corner one slab's contact is kept and the other's listed as its repeat; the
    // kept one is the deeper.
    let corner = planar.world.contacts.filter { abs($0.position.x) < 1e-6 }
    #expect(Set(corner.map(\.geom2)) == Set(slabs))
    for repeated in corner where repeated.isRepeat {
      let keeper = try #require(corner.first { !$0.isRepeat })
      #expect(keeper.depth >= repeated.depth)
    }
  }

  @Test func contactsWithDifferentSurfacesAreNotMerged() throws {
    // The bar's friction below both slabs', so each contact takes its slab's: 0.8 on the left,
    // 0.5 on the right. The corner's two contacts differ in friction and both stay.
    let planar = try barAcrossTwoSlabs(plane: Vector3(0, 1, 0), barFriction: 0.3, slabFrictions: (0.8, 0.5))
    for _ in 0..<100 { try planar.step() }
    let kept = planar.world.contacts.filter { !$0.isRepeat }
    #expect(kept.count == 4, "\(kept.map(\.position))")
    #expect(kept.filter { abs($0.position.x) < 1e-6 }.count == 2)
  }

  @Test func aZeroPlaneNormalIsRefused() throws {
    var settings = WorldSettings()
    settings.contacts.planeNormal = Vector3(0, 0, 0)
    #expect(throws: PhysicsError.self) { try World(settings: settings) }
  }
}
