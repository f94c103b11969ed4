import Foundation
import Synchronization
import Testing
import Benchmarks
import TestSupport
@testable import Physics

@Suite struct WorldStateTests {
  @Test func twoIdenticalSimulationsAreBitwiseIdentical() throws {
    let scene = ChainScene()
    let a = try scene.makeWorld()
    let b = try scene.makeWorld()
    for _ in 0..<2000 {
      try a.step()
      try b.step()
      #expect(a.snapshot() == b.snapshot())
    }
  }

  @Test func restoreReplaysAThousandStepTrajectoryExactly() throws {
    let scene = ChainScene()
    let world = try scene.makeWorld()
    try world.step(count: 150)  // mid-fall, contacts about to start
    let saved = world.snapshot()
    var first = [WorldState]()
    for _ in 0..<1000 {
      try world.step()
      first.append(world.snapshot())
    }
    try world.restore(saved)
    for k in 0..<1000 {
      try world.step()
      #expect(world.snapshot() == first[k], "diverged at step \(k)")
      if world.snapshot() != first[k] { break }
    }
    // And in a separately built world.
    let other = try scene.makeWorld()
    try other.restore(saved)
    try other.step(count: 1000)
    #expect(other.snapshot() == first.last!)
  }

  @Test func continuousHingeAnglesAreRestored() throws {
    let world = try TestWorlds.empty(gravity: .zero)
    let body = try world.addBody(geoms: [
      GeomDescription(shape: .sphere(radius: 0.05), pose: Pose(position: Vector3(0.5, 0, 0)))
    ])
    let hinge = try world.addHingeJoint(parent: nil, child: body, anchor: .zero, axis: Vector3(0, 0, 1))
    let saved = world.snapshot()
    try spin(body, about: .zero, angularVelocity: Vector3(0, 0, 10))
    try world.step(count: 1000)
    #expect(hinge.angle > 9)
    try world.restore(saved)
    #expect(abs(hinge.angle) < 1e-12)
  }

  /// Each world has its own step-threading object, so worlds on different threads do not
  /// disturb each other: four chains stepped at once match one stepped alone, bit for bit.
  @Test func worldsSteppedOnSeveralThreadsMatchASerialRun() throws {
    let scene = ChainScene()
    let reference = try scene.makeWorld()
    try reference.step(count: 1500)
    let expected = reference.snapshot()
    let results = Mutex<[WorldState?]>(Array(repeating: nil, count: 4))
    DispatchQueue.concurrentPerform(iterations: 4) { k in
      let state = try? { () throws -> WorldState in
        let world = try scene.makeWorld()
        try world.step(count: 1500)
        return world.snapshot()
      }()
      results.withLock { $0[k] = state }
    }
    for state in results.withLock({ $0 }) {
      #expect(state == expected)
    }
  }

  @Test func mismatchedSnapshotsAreRejected() throws {
    let world = try ChainScene().makeWorld()
    var state = world.snapshot()
    state.bodyValues.removeLast()
    #expect(throws: PhysicsError.self) { try world.restore(state) }
    state = world.snapshot()
    state.bodyValues[0] = .nan
    #expect(throws: PhysicsError.self) { try world.restore(state) }
    let empty = try TestWorlds.empty()
    #expect(throws: PhysicsError.self) { try empty.restore(world.snapshot()) }
  }
}
