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
    // Resident memory is the whole process's, and other tests run beside this one: a leak grows
    // it in every window of 3,000 worlds, another test's allocations only in some. A leak of one
    // body per world would be over 3000 × 1 KB in each.
    var growths = [Int]()
    for _ in 0..<3 {
      let before = residentMemoryBytes()
      for _ in 0..<3000 { try makeAndStepWorld() }
      growths.append(residentMemoryBytes() - before)
    }
    #expect(growths.min()! < 2 << 20, "resident memory grew by \(growths) bytes per 3,000 worlds")
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
