import Foundation
import Randomness
import Testing
import TestSupport
@testable import Physics

/// The models in models/, loaded from disk.
typealias SuiteModels = Models

@Suite struct SuiteModelTests {
  @Test(arguments: [
    ("walker", 28.540), ("hopper", 12.439), ("cheetah", 14.000), ("reacher", 0.08168),
    ("cartpole", 1.1), ("pendulum", 1.0), ("point_mass", 0.3), ("humanoid", 40.844), ("acrobot", 2.0),
    ("cartpole_two_poles", 1.2), ("cartpole_three_poles", 1.3), ("ball_in_cup", 0.130603), ("finger", 3.97905), ("swimmer6", 0.06), ("swimmer15", 0.15), ("fish", 0.0344884), ("quadruped", 107.118), ("manipulator", 0.360104),
  ])
  func totalMassMatchesMuJoCo(name: String, expected: Double) throws {
    let model = try SuiteModels.load(name)
    #expect(abs(model.totalMass - expected) < 6e-4 * max(1, expected) , "\(name): \(model.totalMass) kg")
    let simulation = try Simulation(model: model)
    // Bodies welded to the world (manipulator's target) are static: ODE simulates the rest.
    let moving = model.bodies.indices.dropFirst().filter { model.jointedAncestor(of: $0) != 0 }
    #expect(abs(simulation.simulatedMass - moving.reduce(0) { $0 + model.bodies[$1].mass }) < 1e-9)
  }

  @Test(arguments: [
    ("walker", "torso", 10.673), ("walker", "right_thigh", 4.058), ("walker", "right_leg", 2.781),
    ("walker", "left_foot", 2.094), ("hopper", "torso", 4.828), ("hopper", "pelvis", 3.141),
    ("hopper", "thigh", 1.927), ("hopper", "calf", 1.018), ("hopper", "foot", 1.525),
    ("cheetah", "torso", 6.2502), ("cheetah", "bthigh", 1.5435), ("cheetah", "bshin", 1.5875),
    ("cheetah", "bfoot", 1.0954), ("cheetah", "fthigh", 1.4381), ("cheetah", "fshin", 1.2008),
    ("cheetah", "ffoot", 0.8845), ("reacher", "arm", 0.04189), ("reacher", "hand", 0.03560),
    ("reacher", "finger", 0.00419), ("humanoid", "torso", 5.85383), ("humanoid", "head", 3.05363),
    ("humanoid", "pelvis", 6.61619), ("humanoid", "right_foot", 1.13114), ("humanoid", "left_lower_arm", 0.961458),
    ("humanoid", "left_hand", 0.268083),
  ])
  func bodyMassMatchesMuJoCo(name: String, body: String, expected: Double) throws {
    let model = try SuiteModels.load(name)
    let index = try #require(model.bodyIndex(body))
    #expect(abs(model.bodies[index].mass - expected) <= 6e-4 * expected + 5e-6, "\(name).\(body): \(model.bodies[index].mass)")
  }

  @Test(arguments: SuiteModels.names)
  func randomActionsStayFiniteForTenThousandSteps(name: String) throws {
    let model = try SuiteModels.load(name)
    let simulation = try Simulation(model: model)
    var generator = RandomGenerator(seed: 7)
    for _ in 0..<10_000 {
      let control = model.actuators.map { _ in generator.nextDouble(low: -1, high: 1) }
      try simulation.step(control: control)
    }
    let qpos = simulation.qpos, qvel = simulation.qvel
    #expect(qpos.allSatisfy { $0.isFinite })
    #expect(qvel.allSatisfy { $0.isFinite && abs($0) < 1e3 }, "\(qvel)")
  }
}
