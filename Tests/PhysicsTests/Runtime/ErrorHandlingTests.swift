import CODE
import Testing
import TestSupport
@testable import Physics

@Suite struct ErrorHandlingTests {
  func ball(_ world: World) throws -> RigidBody {
    try world.addBody(geoms: [GeomDescription(shape: .sphere(radius: 0.1))])
  }

  @Test func nonFiniteInputsAreRejectedBeforeReachingODE() throws {
    let world = try TestWorlds.empty()
    let body = try ball(world)
    #expect(throws: PhysicsError.self) { try body.setLinearVelocity(Vector3(.nan, 0, 0)) }
    #expect(throws: PhysicsError.self) { try body.setAngularVelocity(Vector3(0, .infinity, 0)) }
    #expect(throws: PhysicsError.self) { try body.setPose(Pose(position: Vector3(0, 0, .nan))) }
    #expect(throws: PhysicsError.self) {
      try body.setPose(Pose(orientation: Quaternion(w: 0, x: 0, y: 0, z: 0)))
    }
  }

  @Test func aNonFiniteForceStopsTheStepAndNamesTheBody() throws {
    let world = try TestWorlds.empty()
    let body = try ball(world)
    try world.step()
    let before = world.snapshot()
    body.addForce(Vector3(.nan, 0, 0))
    do {
      try world.step()
      Issue.record("step should have thrown")
    } catch let error as PhysicsError {
      guard case .nonFiniteState(let name, let quantity, _) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(name == "body0")
      #expect(quantity == "accumulated force")
      #expect(error.description.contains("body0"))
    }
    #expect(world.snapshot() == before, "the world keeps its last valid state")
  }

  @Test func anAbsurdSpeedIsReportedAsDivergence() throws {
    var settings = WorldSettings()
    settings.divergenceSpeed = 1000
    let world = try World(settings: settings)
    let body = try ball(world)
    try body.setLinearVelocity(Vector3(0, 0, 2000))
    #expect(throws: PhysicsError.self) { try world.step() }
  }

  @Test func badGeometryIsRejectedWithAMessage() throws {
    let world = try TestWorlds.empty()
    do {
      try world.addBody(name: "arm", geoms: [GeomDescription(shape: .capsule(radius: -1, halfLength: 0.1))])
      Issue.record("negative radius accepted")
    } catch let error as PhysicsError {
      #expect(error.description.contains("arm"))
      #expect(error.description.contains("radius"))
    }
    #expect(throws: PhysicsError.massless(body: "ghost")) {
      try world.addBody(name: "ghost", geoms: [GeomDescription(shape: .sphere(radius: 0.1), mass: .mass(0))])
    }
    #expect(throws: PhysicsError.self) {
      try world.addBody(geoms: [GeomDescription(shape: .sphere(radius: 0.1), mass: .mass(.nan))])
    }
    #expect(throws: PhysicsError.self) {
      try world.addBody(geoms: [GeomDescription(shape: .plane(normal: Vector3(0, 0, 1), offset: 0))])
    }
    #expect(throws: PhysicsError.self) {
      try world.addStaticGeom(GeomDescription(shape: .plane(normal: .zero, offset: 0)))
    }
  }

  @Test func badSettingsAreRejected() {
    var settings = WorldSettings()
    settings.timestep = 0
    #expect(throws: PhysicsError.self) { try World(settings: settings) }
    settings = WorldSettings()
    settings.erp = 2
    #expect(throws: PhysicsError.self) { try World(settings: settings) }
    settings = WorldSettings()
    settings.contacts.maxContactsPerPair = 0
    #expect(throws: PhysicsError.self) { try World(settings: settings) }
  }

  @Test func odeMessagesAreRoutedToDiagnostics() throws {
    _ = try TestWorlds.empty()  // installs the handlers
    let before = ODEDiagnostics.messageCount
    odessa_ode_message(42, "a message from ODE")
    #expect(ODEDiagnostics.messageCount > before)
    #expect(ODEDiagnostics.recentMessages.contains(.init(number: 42, text: "a message from ODE")))
  }
}
