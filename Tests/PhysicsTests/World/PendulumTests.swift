import Foundation
import Testing
import TestSupport
@testable import Physics

@Suite struct PendulumTests {
  @Test(arguments: [Stepper.exact, Stepper.iterative(iterations: 20)])
  func smallAnglePeriodMatchesClosedForm(stepper: Stepper) throws {
    let length = 1.0, g = 9.81, dt = 0.001
    let world = try TestWorlds.empty(timestep: dt, stepper: stepper)
    let (_, hinge) = try TestWorlds.pendulum(world: world, length: length, angle: 0.05)
    var angles = [Double]()
    for _ in 0..<12_000 {
      try world.step()
      angles.append(hinge.angle)
    }
    let crossings = downwardZeroCrossings(angles, timestep: dt)
    #expect(crossings.count >= 5)
    let measured = (crossings.last! - crossings.first!) / Double(crossings.count - 1)
    let expected = 2 * Double.pi * (length / g).squareRoot()
    let relativeError = abs(measured - expected) / expected
    #expect(relativeError < 0.01, "period \(measured) s vs \(expected) s")
  }

  @Test func hingeAngleStartsAtTheReleaseAngle() throws {
    let world = try TestWorlds.empty()
    let (body, hinge) = try TestWorlds.pendulum(world: world, length: 1, angle: 0.3)
    #expect(abs(hinge.angle - 0.3) < 1e-12)
    // Rotating +0.3 about +y swings the bob towards −x.
    #expect(abs(body.centerOfMass.x + sin(0.3)) < 1e-12)
    #expect(abs(body.centerOfMass.z + cos(0.3)) < 1e-12)
    #expect(body.position.length < 1e-15)
  }

  /// With no damping or friction the total energy drifts only by integration error.
  @Test func frictionlessEnergyDriftIsBounded() throws {
    let world = try TestWorlds.empty(timestep: 0.001)
    let (body, _) = try TestWorlds.pendulum(world: world, length: 1, angle: 1.0)
    let energyScale = body.mass * 9.81 * 1.0
    let initial = world.kineticEnergy + world.potentialEnergy
    var worst = 0.0
    for _ in 0..<10_000 {
      try world.step()
      worst = max(worst, abs(world.kineticEnergy + world.potentialEnergy - initial))
    }
    #expect(worst / energyScale < 0.01, "max energy error \(worst) J over 10 s")
  }
}
