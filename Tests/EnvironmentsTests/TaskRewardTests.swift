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

  /// The humanoid at qpos0 (torso origin at 1.5 m, upright), with its root moving at `velocity`.
  func humanoid(_ task: String, height: Double = 1.5, tilt: Double = 0, velocity: Vector3 = .zero) throws
    -> (Environment, Simulation)
  {
    let environment = try Models.environment(task)
    let simulation = environment.simulation
    var qpos = simulation.initialQpos, qvel = zeros(27)
    qpos[2] = height
    qpos[3] = cos(tilt / 2)
    qpos[5] = sin(tilt / 2)  // about y
    qvel[0] = velocity.x
    qvel[1] = velocity.y
    try simulation.setState(qpos: qpos, qvel: qvel)
    return (environment, simulation)
  }

  @Test func humanoidRewardsFollowTheirDefinitions() throws {
    let rest = zeros(21)
    // Upright, head at 1.69 m, still: stand earns 1, walk only the 1/6 for not moving.
    var (environment, simulation) = try humanoid("humanoid-stand")
    #expect(abs(environment.task.reward(simulation, action: rest) - 1) < 1e-12)
    (environment, simulation) = try humanoid("humanoid-walk")
    #expect(abs(environment.task.reward(simulation, action: rest) - 1.0 / 6) < 1e-12)
    // Moving at 0.5 m/s along x: walk's move = 0.5; stand's keep-still term (0.1^(1/16) + 1) / 2.
    (environment, simulation) = try humanoid("humanoid-walk", velocity: Vector3(0.5, 0, 0))
    #expect(abs(environment.task.reward(simulation, action: rest) - 3.5 / 6) < 1e-9)
    (environment, simulation) = try humanoid("humanoid-run", velocity: Vector3(3, 4, 0))
    #expect(abs(environment.task.reward(simulation, action: rest) - (5 * 0.5 + 1) / 6) < 1e-9, "|v| = 5 of 10")
    (environment, simulation) = try humanoid("humanoid-stand", velocity: Vector3(0.5, 0, 0))
    #expect(abs(environment.task.reward(simulation, action: rest) - (pow(0.1, 1.0 / 16) + 1) / 2) < 1e-9)
    // Head at 1.29 m (torso 0.2 m lower): standing = 0.1^((0.11 / 0.35)²).
    (environment, simulation) = try humanoid("humanoid-stand", height: 1.1)
    #expect(abs(environment.task.reward(simulation, action: rest) - pow(0.1, pow(0.11 / 0.35, 2))) < 1e-6)
    // Lying on its side at standing height is impossible; tilted 90° with the head kept high
    // enough is not: upright = 1 − 0.9 / 1.9 (the head is then beside the torso at 1.5 m).
    (environment, simulation) = try humanoid("humanoid-stand", tilt: Double.pi / 2)
    #expect(abs(environment.task.reward(simulation, action: rest) - (1 - 0.9 / 1.9)) < 1e-9)
    // Controls of 0.5 everywhere: small_control = (4 + 0.75) / 5.
    (environment, simulation) = try humanoid("humanoid-stand")
    #expect(abs(environment.task.reward(simulation, action: [Double](repeating: 0.5, count: 21)) - 0.95) < 1e-12)
  }

  @Test func humanoidObservationsAreDmControlsLayout() throws {
    let environment = try Models.environment("humanoid-walk")
    let spec = environment.spec
    #expect(spec.observationSize == 67)
    #expect(spec.observation.map(\.name) == ["joint_angles", "head_height", "extremities", "torso_vertical", "com_velocity", "velocity"])
    #expect(spec.actionSize == 21)
    let (_, simulation) = try humanoid("humanoid-walk")
    var observation = Observation(size: 67)
    environment.task.observe(simulation, into: &observation)
    let values = observation.values.map(Double.init)
    #expect(abs(values[21] - 1.69) < 1e-6, "head height \(values[21])")
    // The left hand: shoulder (0, 0.17, 0.06), then (0.18, 0.18, −0.18) and (0.18, −0.18, 0.18).
    #expect(abs(values[22] - 0.36) < 1e-6 && abs(values[23] - 0.17) < 1e-6 && abs(values[24] - 0.06) < 1e-6)
    // The left foot, 1.258 m below the torso (the waist and pelvis lean by 0.004 rad).
    #expect(abs(values[26] - 0.09) < 1e-3 && abs(values[27] + 1.258) < 1e-2, "\(values[25...27])")
    #expect(Array(values[34...36]) == [0, 0, 1], "torso_vertical")
    // The feet are level with each other, mirrored across the torso's x–z plane.
    #expect(abs(values[26] + values[32]) < 1e-6 && abs(values[27] - values[33]) < 1e-6)
  }

  @Test func humanoidEpisodesStartWithoutContactsAtTheRootsHeight() throws {
    let environment = try Models.environment("humanoid-stand")
    for seed in 0..<5 {
      _ = try environment.reset(seed: UInt64(seed))
      #expect(environment.simulation.world.countContacts() == 0)
      #expect(abs(environment.simulation.qpos[2] - 1.5) < 1e-12)
      let q = environment.simulation.qpos[3...6]
      #expect(q.allSatisfy { $0 >= 0 }, "the root's orientation is drawn from four uniform numbers")
    }
  }

  @Test func acrobotRewardsTheTipInTheTarget() throws {
    for (task, hanging) in [("acrobot-swingup", pow(0.1, 3.8 * 3.8)), ("acrobot-swingup_sparse", 0.0)] {
      let environment = try Models.environment(task)
      let simulation = environment.simulation
      try simulation.setState(qpos: [0, 0], qvel: [0, 0])  // straight up: the tip is the target's centre
      #expect(environment.task.reward(simulation, action: [0]) == 1)
      try simulation.setState(qpos: [Double.pi, 0], qvel: [0, 0])  // hanging: the tip 4 m below it
      #expect(abs(environment.task.reward(simulation, action: [0]) - hanging) < 1e-12)
      // Just inside and just outside the 0.2 m sphere: the elbow bent so the tip is 0.19 / 0.21 m off.
      for (distance, inside) in [(0.19, true), (0.21, false)] {
        try simulation.setState(qpos: [0, 2 * asin(distance / 2)], qvel: [0, 0])
        let reward = environment.task.reward(simulation, action: [0])
        #expect(inside ? reward == 1 : reward < 1, "\(task) at \(distance) m: \(reward)")
      }
    }
    let environment = try Models.environment("acrobot-swingup")
    try environment.simulation.setState(qpos: [0.3, 0.4], qvel: [1, 2])
    var observation = Observation(size: 6)
    environment.task.observe(environment.simulation, into: &observation)
    let expected = [sin(0.3), sin(0.7), cos(0.3), cos(0.7), 1, 2]
    #expect(zip(observation.values, expected).allSatisfy { abs(Double($0) - $1) < 1e-6 }, "\(observation.values)")
  }

  @Test func sparseAndMultiPoleCartpolesRewardByTheirDefinitions() throws {
    var environment = try Models.environment("cartpole-balance_sparse")
    var simulation = environment.simulation
    for (qpos, expected) in [([0.24, 0.09], 1.0), ([0.26, 0], 0), ([0, 0.11], 0)] {
      try simulation.setState(qpos: qpos, qvel: [3, 7])  // fast, yet sparse ignores speed
      #expect(environment.task.reward(simulation, action: [1]) == expected, "\(qpos)")  // cos 0.09 > 0.995 > cos 0.11
    }
    environment = try Models.environment("cartpole-three_poles")
    simulation = environment.simulation
    #expect(environment.spec.observationSize == 11)
    // Poles at absolute angles 0, π/2 and π/2 + π/2: upright = (1 + 1/2 + 0) / 3; the fastest hinge
    // at 5 rad/s gives small_velocity (1 + 0.1) / 2; cart at 2 m, centred (1 + 0.1) / 2.
    try simulation.setState(qpos: [2, 0, Double.pi / 2, Double.pi / 2], qvel: [0, 1, -5, 2])
    let expected = 0.5 * 0.55 * 0.55
    #expect(abs(environment.task.reward(simulation, action: [0]) - expected) < 1e-9)
    var observation = Observation(size: 11)
    environment.task.observe(simulation, into: &observation)
    let values = observation.values.map(Double.init)
    // Pole 2 lies at π/2 (cos 0, sin 1), pole 3 at π (cos −1, sin 0); then the four rates.
    let expectedValues = [2.0, 1, 0, 0, 1, -1, 0, 0, 1, -5, 2]
    #expect(zip(values, expectedValues).allSatisfy { abs($0 - $1) < 1e-6 }, "\(values)")
    environment = try Models.environment("cartpole-two_poles")
    _ = try environment.reset(seed: 4)
    let q = environment.simulation.qpos
    #expect(abs(q[1] - Double.pi) < 0.05 && abs(q[2]) < 0.5, "pole 1 hangs, pole 2 nearly straight on it: \(q)")
  }

  /// point_mass-hard turns its two push directions each episode (at least 25.8° apart); a push on
  /// the first actuator then accelerates the mass along the first direction, and a saved state
  /// restores the directions.
  @Test func pointMassHardPushesAlongRandomDirections() throws {
    let environment = try Models.environment("point_mass-hard")
    let simulation = environment.simulation
    var directions = Set<[Double]>()
    for seed in 0..<5 {
      _ = try environment.reset(seed: UInt64(seed))
      let (first, second) = (simulation.tendonCoefficients[0], simulation.tendonCoefficients[1])
      #expect(abs(first[0] * first[0] + first[1] * first[1] - 1) < 1e-12)
      #expect(abs(first[0] * second[0] + first[1] * second[1]) <= 0.9)
      directions.insert(first)
    }
    #expect(directions.count == 5)
    try simulation.setState(qpos: [0, 0], qvel: [0, 0])
    let push = simulation.tendonCoefficients[0]
    let saved = environment.saveState()
    _ = try environment.step([1, 0])
    let v = simulation.qvel
    // Velocity along the push, none across it (to the 10⁻⁴ extra mass of the x slide's light link).
    let along = v[0] * push[0] + v[1] * push[1]
    #expect(along > 0 && abs(v[0] * push[1] - v[1] * push[0]) < 1e-3 * along, "\(v) vs \(push)")
    _ = try environment.reset(seed: 99)
    try environment.restore(saved)
    #expect(simulation.tendonCoefficients[0] == push)
    try simulation.reset()
    #expect(simulation.tendonCoefficients == [[1, 0], [0, 1]], "reset restores the model's tendons")
  }

  /// The target box is the cup's inside, 0.05 m half-size in x and z around (0, 0, −0.05) in the
  /// cup: the ball (radius 0.025) must lie wholly in it, strictly.
  @Test func ballInCupPaysOnlyWithTheBallInside() throws {
    let environment = try Models.environment("ball_in_cup-catch")
    let simulation = environment.simulation
    // The ball's rest position is 0.4 m below the target centre (0.55 m): ball_z 0.35 puts it there.
    for (ballX, ballZ, expected) in [(0.0, 0.35, 1.0), (0.024, 0.35, 1), (0.026, 0.35, 0), (0, 0.35 + 0.024, 1), (0, 0.35 - 0.026, 0)] {
      try simulation.setState(qpos: [0, 0, ballX, ballZ], qvel: [0, 0, 0, 0])
      #expect(environment.task.reward(simulation, action: [0, 0]) == expected, "ball at (\(ballX), \(ballZ))")
    }
    // The cup carries its target: moved 0.1 m right, the centred ball is outside.
    try simulation.setState(qpos: [0.1, 0, 0, 0.35], qvel: [0, 0, 0, 0])
    #expect(environment.task.reward(simulation, action: [0, 0]) == 0)
    for seed in 0..<5 {
      _ = try environment.reset(seed: UInt64(seed))
      #expect(simulation.world.countContacts() == 0)
    }
  }

  @Test func fingerRewardsSpinningAndTurning() throws {
    let spin = try Models.environment("finger-spin")
    #expect(spin.spec.observationSize == 9)
    #expect(spin.simulation.model.joints[2].damping == 0.03, "finger-spin lowers the spinner's damping")
    for (rate, expected) in [(-16.0, 1.0), (-14.0, 0), (16, 0)] {
      try spin.simulation.setState(qpos: [-Double.pi / 2, 0, 0], qvel: [0, 0, rate])
      #expect(spin.task.reward(spin.simulation, action: [0, 0]) == expected, "rate \(rate)")
    }
    let turn = try Models.environment("finger-turn_hard")
    #expect(turn.spec.observationSize == 12)
    #expect(turn.simulation.model.joints[2].damping == 0.5)
    let task = try #require(turn.task as? Finger)
    _ = try turn.reset(seed: 2)
    // The target lies on the tip's circle, 0.13 m from the hinge at (0.2, 0.4).
    let (tx, tz) = (task.targetPosition.x - 0.2, task.targetPosition.z - 0.4)
    #expect(abs((tx * tx + tz * tz).squareRoot() - 0.13) < 1e-12)
    // Turn the spinner so its tip (0.13 m up its z axis) points at the target: inside; a quarter
    // turn away: outside. The hinge turns about −y, so q takes the tip from +z to (−sin q, cos q),
    // and the target's angle α from +z towards +x needs q = −α.
    let angle = atan2(tx, tz)
    for (q, expected) in [(-angle, 1.0), (-angle + Double.pi / 2, 0)] {
      try turn.simulation.setState(qpos: [-Double.pi / 2, 0, q], qvel: [0, 0, 0])
      #expect(turn.task.reward(turn.simulation, action: [0, 0]) == expected, "q \(q)")
      var observation = Observation(size: 12)
      turn.task.observe(turn.simulation, into: &observation)
      #expect(expected == 1 ? observation.values[11] <= 0 : observation.values[11] > 0, "dist_to_target \(observation.values[11])")
    }
  }

  @Test func swimmerRewardsTheNoseNearTheTarget() throws {
    let environment = try Models.environment("swimmer-swimmer6")
    #expect(environment.spec.observationSize == 5 + 2 + 18)
    let task = try #require(environment.task as? Swimmer)
    let simulation = environment.simulation
    try simulation.setState(qpos: simulation.initialQpos, qvel: [Double](repeating: 0, count: 8))
    // The nose sits at (0, −0.06) from the head at the origin; the head faces −y.
    for (target, expected) in [((0.0, -0.06), 1.0), ((0.09, -0.06), 1), ((0.0, -0.66), 0.1), ((0.0, -1.16), 1.0 / 37)] {
      task.targetPosition = target
      #expect(abs(task.reward(simulation, action: [Double](repeating: 0, count: 5)) - expected) < 1e-9, "\(target)")
    }
    // Turned a quarter turn about its hinge at (0, −0.05), the head's −y (its nose) points along
    // +x, straight at a target at (0.5, −0.05): to_target is (0, negative) in the head's frame.
    task.targetPosition = (0.5, -0.05)
    var qpos = simulation.initialQpos
    qpos[2] = Double.pi / 2
    try simulation.setState(qpos: qpos, qvel: [Double](repeating: 0, count: 8))
    var observation = Observation(size: 25)
    task.observe(simulation, into: &observation)
    #expect(abs(observation.values[5]) < 1e-6 && observation.values[6] < 0, "to_target \(observation.values[5...6])")
    // Every episode moves the target.
    _ = try environment.reset(seed: 1)
    let first = task.targetPosition
    _ = try environment.reset(seed: 2)
    #expect(first != task.targetPosition)
  }

  @Test func fishRewardsUprightAndTheMouthAtTheTarget() throws {
    let upright = try Models.environment("fish-upright")
    #expect(upright.spec.observationSize == 7 + 1 + 13)
    var simulation = upright.simulation
    var qpos = simulation.initialQpos
    try simulation.setState(qpos: qpos, qvel: [Double](repeating: 0, count: 13))
    #expect(upright.task.reward(simulation, action: [Double](repeating: 0, count: 5)) == 1)
    qpos[3...6] = [0, 1, 0, 0]  // upside down: zz = −1
    try simulation.setState(qpos: qpos, qvel: [Double](repeating: 0, count: 13))
    #expect(abs(upright.task.reward(simulation, action: [Double](repeating: 0, count: 5)) - 1e-4) < 1e-12)
    let swim = try Models.environment("fish-swim")
    #expect(swim.spec.observationSize == 7 + 1 + 3 + 13)
    let task = try #require(swim.task as? Fish)
    simulation = swim.simulation
    try simulation.setState(qpos: simulation.initialQpos, qvel: [Double](repeating: 0, count: 13))
    // The mouth is at torso (0, 0.0745, 0), the torso at (0, 0, 0.1): a target there scores 1.
    task.targetPosition = Vector3(0, 0.0745, 0.1)
    #expect(abs(swim.task.reward(simulation, action: [Double](repeating: 0, count: 5)) - 1) < 1e-9)
    // 0.135 m away (the margin beyond the 0.045 reach): in_target = 0.1.
    task.targetPosition = Vector3(0, 0.0745 + 0.045 + 0.09, 0.1)
    #expect(abs(swim.task.reward(simulation, action: [Double](repeating: 0, count: 5)) - (7 * 0.1 + 1) / 8) < 1e-9)
    // Ahead of the mouth is +z in the mouth's frame (its z axis is the torso's y).
    var observation = Observation(size: 24)
    swim.task.observe(simulation, into: &observation)
    #expect(abs(Double(observation.values[10]) - 0.135) < 1e-6 && abs(observation.values[8]) < 1e-6)
  }

  @Test func quadrupedRewardsUprightForwardMotion() throws {
    let environment = try Models.environment("quadruped-walk")
    #expect(environment.spec.observationSize == 44 + 3 + 1 + 6 + 24)
    let simulation = environment.simulation
    func reward(yaw: Double = 0, upsideDown: Bool = false, vx: Double) throws -> Double {
      var qpos = simulation.initialQpos, qvel = [Double](repeating: 0, count: 22)
      let q = upsideDown ? Quaternion(w: 0, x: 1, y: 0, z: 0) : Quaternion(axis: Vector3(0, 0, 1), angle: yaw)
      qpos[3...6] = [q.w, q.x, q.y, q.z]
      qvel[0] = vx  // world x velocity of the root
      try simulation.setState(qpos: qpos, qvel: qvel)
      return environment.task.reward(simulation, action: [Double](repeating: 0, count: 12))
    }
    #expect(abs(try reward(vx: 0.5) - 1) < 1e-9)
    #expect(abs(try reward(vx: 0) - 0.5) < 1e-9, "standing still: move = 0.5")
    #expect(abs(try reward(vx: 0.25) - 0.75) < 1e-9)
    // Speed counts along the torso's own x: turned a quarter turn, world x motion is sideways.
    #expect(abs(try reward(yaw: Double.pi / 2, vx: 0.5) - 0.5) < 1e-9)
    #expect(abs(try reward(upsideDown: true, vx: 0.5)) < 1e-9)
    // Episodes start at rest and touching nothing.
    for seed in 0..<3 {
      _ = try environment.reset(seed: UInt64(seed))
      #expect(simulation.world.countContacts() == 0 && simulation.activation.allSatisfy { $0 == 0 })
    }
  }

  @Test func manipulatorRewardsTheBallAtTheTarget() throws {
    let environment = try Models.environment("manipulator-bring_ball")
    #expect(environment.spec.observationSize == 44)
    let task = try #require(environment.task as? Manipulator)
    let simulation = environment.simulation
    var qpos = simulation.initialQpos
    qpos[8] = 0.2  // ball x (its slides read world coordinates)
    qpos[9] = 0.3  // ball z
    try simulation.setState(qpos: qpos, qvel: [Double](repeating: 0, count: 11))
    // The target sits 0.001 m behind the arm's plane.
    task.target = (0.2, 0.3, 0)
    #expect(abs(task.reward(simulation, action: [Double](repeating: 0, count: 5)) - 1) < 1e-12)
    task.target = (0.2, 0.3 + 0.03, 0)  // 0.02 beyond the 0.01 bound: 0.1
    let expected = pow(0.1, pow((0.03 * 0.03 + 0.001 * 0.001).squareRoot() - 0.01, 2) / (0.02 * 0.02))
    #expect(abs(task.reward(simulation, action: [Double](repeating: 0, count: 5)) - expected) < 1e-9)
    for seed in 0..<5 {
      _ = try environment.reset(seed: UInt64(seed))
      #expect(simulation.world.countContacts() == 0)
      let q = simulation.qpos
      #expect(abs(q[4] - q[6]) < 1e-12, "the finger starts mirrored on the thumb")
    }
  }
}
