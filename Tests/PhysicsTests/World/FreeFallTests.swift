import Testing
import TestSupport
@testable import Physics

@Suite struct FreeFallTests {
  /// ODE integrates semi-implicitly: v_{n+1} = v_n − g·dt, z_{n+1} = z_n + v_{n+1}·dt, so
  /// z_n = z0 − g·dt²·n(n+1)/2 exactly, which differs from z0 − g·t²/2 by g·t·dt/2.
  @Test func heightFollowsTheClosedForm() throws {
    let dt = 0.001, g = 9.81, z0 = 10.0
    let world = try TestWorlds.empty(timestep: dt)
    let ball = try world.addBody(pose: Pose(position: Vector3(0, 0, z0)), geoms: [
      GeomDescription(shape: .sphere(radius: 0.1))
    ])
    for n in 1...1000 {
      try world.step()
      let t = Double(n) * dt
      let z = ball.position.z
      let discrete = z0 - g * dt * dt * Double(n * (n + 1)) / 2
      #expect(abs(z - discrete) < 1e-9, "step \(n)")
      #expect(abs(z - (z0 - g * t * t / 2)) <= g * t * dt / 2 + 1e-9)
      #expect(abs(ball.linearVelocity.z + g * t) < 1e-9)
    }
    #expect(abs(world.time - 1) < 1e-12)
    #expect(ball.position.x == 0 && ball.position.y == 0)
  }

  @Test func gravityDirectionIsConfigurable() throws {
    let world = try TestWorlds.empty(timestep: 0.01, gravity: Vector3(2, 0, 0))
    let ball = try world.addBody(geoms: [GeomDescription(shape: .sphere(radius: 0.1))])
    try world.step(count: 100)
    #expect(abs(ball.linearVelocity.x - 2) < 1e-12)
    #expect(ball.position.z == 0)
  }
}
