import Testing
import TestSupport
@testable import Physics

@Suite struct LifetimeTests {
  func makeAndStepWorld() throws {
    let world = try TestWorlds.empty(timestep: 0.002)
    try TestWorlds.addFloor(world)
    var previous: RigidBody?
    for k in 0..<3 {
      let body = try world.addBody(pose: Pose(position: Vector3(Double(k) * 0.3, 0, 0.2)), geoms: [
        GeomDescription(shape: .capsule(radius: 0.05, halfLength: 0.1))
      ])
      if let previous {
        try world.addHingeJoint(parent: previous, child: body,
          anchor: Vector3(Double(k) * 0.3 - 0.15, 0, 0.2), axis: Vector3(0, 1, 0))
      }
      previous = body
    }
    try world.step(count: 5)
  }

  /// ODE objects are freed with their world: 10,000 worlds leave memory where it was.
  @Test func creatingAndDestroyingTenThousandWorldsDoesNotGrowMemory() throws {
    for _ in 0..<1000 { try makeAndStepWorld() }
    let before = residentMemoryBytes()
    for _ in 0..<9000 { try makeAndStepWorld() }
    let growth = residentMemoryBytes() - before
    // A leak of one body per world would already be over 9000 × 1 KB.
    #expect(growth < 4 << 20, "resident memory grew by \(growth) bytes")
  }

  @Test func bodiesKeepTheirODEObjectsAliveAfterTheWorldIsGone() throws {
    var body: RigidBody?
    do {
      let world = try TestWorlds.empty()
      body = try world.addBody(pose: Pose(position: Vector3(1, 2, 3)), geoms: [
        GeomDescription(shape: .sphere(radius: 0.1))
      ])
    }
    #expect(body?.position == Vector3(1, 2, 3))
  }
}
