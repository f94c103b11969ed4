import Foundation
import Physics
import Testing
import TestSupport
@testable import Environments

/// Rewards against their definitions on hand-set states.
@Suite struct TaskRewardTests {
  func zeros(_ n: Int) -> [Double] { [Double](repeating: 0, count: n) }

  @Test func walkerHeldUprightAtStandingHeightGetsTheStandingReward() throws {
    let environment = try Models.environment("walker-stand")
    let simulation = environment.simulation
    try simulation.setState(qpos: zeros(9), qvel: zeros(9))  // torso at 1.3 m, upright
    #expect(environment.task.reward(simulation, action: zeros(6)) == 1)
    // Lower the torso to 0.9 m (margin 0.6 below 1.2): standing = 0.1^((0.3/0.6)²).
    var qpos = zeros(9)
    qpos[0] = -0.4
    try simulation.setState(qpos: qpos, qvel: zeros(9))
    let standing = pow(0.1, 0.25)
    #expect(abs(environment.task.reward(simulation, action: zeros(6)) - (3 * standing + 1) / 4) < 1e-12)
    // Upside down at standing height: upright = 0.
    qpos = zeros(9)
    qpos[2] = Double.pi
    try simulation.setState(qpos: qpos, qvel: zeros(9))
    #expect(abs(environment.task.reward(simulation, action: zeros(6)) - 0.75) < 1e-12)
  }

  @Test func walkerWalkRewardsForwardSpeed() throws {
    let environment = try Models.environment("walker-walk")
    let simulation = environment.simulation
    var qvel = zeros(9)
    qvel[1] = 0.5  // rootx velocity: the whole walker moves at 0.5 m/s
    try simulation.setState(qpos: zeros(9), qvel: qvel)
    // stand = 1, move = clip(0.5 / 1, 0, 1) = 0.5: r = (5·0.5 + 1)/6.
    #expect(abs(environment.task.reward(simulation, action: zeros(6)) - 3.5 / 6) < 1e-9)
  }

  @Test func reacherWithItsFingerOnTheTargetGetsOne() throws {
    let environment = try Models.environment("reacher-easy")
    try environment.reset(seed: 3)
    let task = try #require(environment.task as? Reacher)
    let simulation = environment.simulation
    task.targetPosition = task.fingerPosition(simulation)
    #expect(task.reward(simulation, action: [0, 0]) == 1)
    task.targetPosition = task.fingerPosition(simulation) + Vector3(0.059, 0, 0)
    #expect(task.reward(simulation, action: [0, 0]) == 1, "within 0.05 + 0.01")
    task.targetPosition = task.fingerPosition(simulation) + Vector3(0.061, 0, 0)
    #expect(task.reward(simulation, action: [0, 0]) == 0)
    let observation = try environment.step([0, 0]).observation
    let toTarget = environment.spec.field("to_target")!
    #expect(abs(Double(observation[toTarget.offset]) - 0.061) < 1e-3)
  }

  @Test func cartpoleUprightCentredAndStillGetsCloseToOne() throws {
    let environment = try Models.environment("cartpole-balance")
    let simulation = environment.simulation
    try simulation.setState(qpos: [0, 0], qvel: [0, 0])
    #expect(abs(environment.task.reward(simulation, action: [0]) - 1) < 1e-12)
    // Hanging straight down: upright = 0.
    try simulation.setState(qpos: [0, Double.pi], qvel: [0, 0])
    #expect(environment.task.reward(simulation, action: [0]) < 1e-12)
    // Full control: small_control = 4/5.
    try simulation.setState(qpos: [0, 0], qvel: [0, 0])
    #expect(abs(environment.task.reward(simulation, action: [1]) - 0.8) < 1e-12)
  }

  @Test func pendulumRewardIsTheIndicatorOfEightDegrees() throws {
    let environment = try Models.environment("pendulum-swingup")
    let simulation = environment.simulation
    for (angle, expected) in [(0.0, 1.0), (7.9, 1.0), (8.1, 0.0), (180.0, 0.0), (-7.9, 1.0)] {
      try simulation.setState(qpos: [angle * Double.pi / 180], qvel: [0])
      #expect(environment.task.reward(simulation, action: [0]) == expected, "at \(angle)°")
    }
  }

  @Test func pointMassOnTargetWithoutControlGetsOne() throws {
    let environment = try Models.environment("point_mass-easy")
    let simulation = environment.simulation
    try simulation.setState(qpos: [0, 0], qvel: [0, 0])
    #expect(abs(environment.task.reward(simulation, action: [0, 0]) - 1) < 1e-12)
    #expect(abs(environment.task.reward(simulation, action: [1, 0]) - 0.9) < 1e-12)
  }

  @Test func hopperStandingNeedsItsTorsoWellAboveTheFoot() throws {
    let environment = try Models.environment("hopper-stand")
    let simulation = environment.simulation
    try simulation.setState(qpos: zeros(7), qvel: zeros(7))
    #expect(abs(environment.task.reward(simulation, action: zeros(4)) - 1) < 1e-12, "upright leg: height ≈ 0.9")
    var qpos = zeros(7)
    qpos[2] = Double.pi / 2  // lying on its side: torso beside the foot
    try simulation.setState(qpos: qpos, qvel: zeros(7))
    #expect(environment.task.reward(simulation, action: zeros(4)) == 0)
  }

  @Test func cheetahRewardIsSpeedOverTen() throws {
    let environment = try Models.environment("cheetah-run")
    let simulation = environment.simulation
    var qvel = zeros(9)
    qvel[0] = 4
    try simulation.setState(qpos: zeros(9), qvel: qvel)
    #expect(abs(environment.task.reward(simulation, action: zeros(6)) - 0.4) < 1e-9)
  }
}
