import Foundation
import Physics
import Randomness

/// The planar locomotion family: keep a torso up and/or move it forward along +x.
///
/// Suite instances: walker-stand/walk/run (stand by torso height and uprightness, move at 0, 1 or
/// 8 m/s), hopper-stand/hop (stand by torso-above-foot height, with a control cost or a 2 m/s hop),
/// cheetah-run (move at 10 m/s). Forward speed is the x velocity of the torso subtree's centre of
/// mass (MuJoCo's subtreelinvel).
public final class LocomotionTask: Task {
  /// How the reward is built.
  public enum Reward: Sendable {
    /// Walker: standing = tolerance(torso z, (height, ∞), margin height/2), upright = (1 + zz)/2,
    /// stand = (3·standing + upright)/4; with a speed, × (5·move + 1)/6,
    /// move = tolerance(vx, (speed, ∞), margin speed/2, linear, 0.5).
    case standAndMove(standHeight: Double, speed: Double)
    /// Cheetah: tolerance(vx, (speed, ∞), margin speed, linear, 0) = clip(vx/speed, 0, 1).
    case move(speed: Double)
    /// Hopper: standing = 1 when torso COM z − foot COM z is in `heights`; with a speed,
    /// × clip(vx/speed, 0, 1) (tolerance margin speed/2, linear, 0.5); without, × (4 + mean(1 − u²))/5.
    case standAboveFoot(foot: String, heights: ClosedRange<Double>, speed: Double?)
  }

  /// What the observation holds.
  public enum Observation: Sendable {
    /// orientations (xx, xz of every body), height (torso z), velocity (qvel) — walker.
    case orientations
    /// position (qpos without the first root coordinate, rootx), velocity (qvel), then
    /// log(1 + touch) of the given sites — cheetah and hopper.
    case positions(touchSites: [String])
  }

  /// How an episode starts.
  public enum Start: Sendable {
    /// dm_control's randomiser: limited joints uniform in range, unlimited hinges in [−π, π].
    case randomizeJoints
    /// Limited joints uniform in range, then `seconds` of physics with zero control (cheetah).
    case randomizeLimitedThenSettle(seconds: Double)
  }

  public let name: String
  public let timeLimit: Double
  public let controlTimestep: Double?
  public let observationLayout: [ObservationField]
  let torso: Int
  let foot: Int
  let bodies: [Int]
  let touchSites: [Int]
  let reward: Reward
  let observation: Observation
  let start: Start

  public init(
    name: String, model: BodyModel, torso torsoName: String = "torso", reward: Reward,
    observation: Observation, start: Start, controlTimestep: Double?, timeLimit: Double
  ) throws {
    var names = NameResolver(model: model, task: name)
    torso = names.body(torsoName)
    if case .standAboveFoot(let footName, _, _) = reward { foot = names.body(footName) } else { foot = 0 }
    if case .positions(let sites) = observation {
      touchSites = sites.map { names.site($0) }
    } else {
      touchSites = []
    }
    try names.finish()
    self.name = name
    self.reward = reward
    self.observation = observation
    self.start = start
    self.controlTimestep = controlTimestep
    self.timeLimit = timeLimit
    bodies = Array(model.bodies.indices.dropFirst())
    switch observation {
    case .orientations:
      observationLayout = EnvironmentSpec.layout([
        ("orientations", 2 * bodies.count), ("height", 1), ("velocity", model.velocityCount),
      ])
    case .positions(let sites):
      var entries = [("position", model.positionCount - 1), ("velocity", model.velocityCount)]
      if !sites.isEmpty { entries.append(("touch", sites.count)) }
      observationLayout = EnvironmentSpec.layout(entries)
    }
    switch reward {
    case .standAndMove(let height, let speed):
      guard height > 0, speed >= 0 else { throw EnvironmentError.invalidTask("\(name): stand height must be positive, speed non-negative") }
    case .move(let speed):
      guard speed > 0 else { throw EnvironmentError.invalidTask("\(name): speed must be positive") }
    case .standAboveFoot(_, _, let speed):
      guard (speed ?? 1) > 0 else { throw EnvironmentError.invalidTask("\(name): speed must be positive") }
    }
  }

  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    switch start {
    case .randomizeJoints:
      try randomizeLimitedAndRotationalJoints(simulation, random: &random)
    case .randomizeLimitedThenSettle(let seconds):
      var qpos = simulation.initialQpos
      for (j, joint) in simulation.model.joints.enumerated() {
        if let range = joint.range {
          qpos[simulation.positionAddress[j]] = random.nextDouble(low: range.lowerBound, high: range.upperBound)
        }
      }
      try simulation.setState(qpos: qpos, qvel: [Double](repeating: 0, count: simulation.model.velocityCount))
      let steps = Int((seconds / simulation.timestep).rounded())
      for _ in 0..<steps { try simulation.step() }
      simulation.world.resetClock()
    }
  }

  /// The torso frame's height above the world origin (z of `xpos`).
  public func torsoHeight(_ simulation: Simulation) -> Double { simulation.bodyPosition(torso).z }

  /// The forward speed: x velocity of the torso subtree's centre of mass.
  public func forwardSpeed(_ simulation: Simulation) -> Double { simulation.subtreeLinearVelocity(torso).x }

  public func observe(_ simulation: Simulation, into values: inout [Float]) {
    var k = 0
    func put(_ value: Double) {
      values[k] = Float(value)
      k += 1
    }
    switch observation {
    case .orientations:
      for b in bodies {
        let r = simulation.bodyRotation(b)
        put(r[0, 0])
        put(r[0, 2])
      }
      put(torsoHeight(simulation))
      for v in simulation.qvel { put(v) }
    case .positions:
      for (i, q) in simulation.qpos.enumerated() where i != 0 { put(q) }
      for v in simulation.qvel { put(v) }
      for s in touchSites { put(log1p(simulation.touch(s))) }
    }
  }

  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    switch reward {
    case .standAndMove(let height, let speed):
      let standing = tolerance(torsoHeight(simulation), bounds: (height, .infinity), margin: height / 2)
      let upright = (1 + simulation.bodyRotation(torso)[2, 2]) / 2
      let stand = (3 * standing + upright) / 4
      guard speed > 0 else { return stand }
      let move = tolerance(forwardSpeed(simulation), bounds: (speed, .infinity), margin: speed / 2,
        sigmoid: .linear, valueAtMargin: 0.5)
      return stand * (5 * move + 1) / 6
    case .move(let speed):
      return tolerance(forwardSpeed(simulation), bounds: (speed, .infinity), margin: speed,
        sigmoid: .linear, valueAtMargin: 0)
    case .standAboveFoot(_, let heights, let speed):
      let height = simulation.bodyCenterOfMass(torso).z - simulation.bodyCenterOfMass(foot).z
      let standing = tolerance(height, bounds: (heights.lowerBound, heights.upperBound))
      if let speed {
        return standing * tolerance(forwardSpeed(simulation), bounds: (speed, .infinity), margin: speed / 2,
          sigmoid: .linear, valueAtMargin: 0.5)
      }
      return standing * (smallControl(action) + 4) / 5
    }
  }
}
