import Foundation
import Physics
import Randomness

/// The reaching family: bring a tip (a geom or site) to a target geom.
///
/// Suite instances: reacher-easy and reacher-hard (sparse reward, target placed at random in an
/// annulus, observation: joint positions, tip-to-target vector, joint velocities) and
/// point_mass-easy (smooth reward with a control cost, fixed target, observation: qpos, qvel).
public final class ReachTask: Task {
  /// How the reward is shaped.
  public enum Reward: Sendable {
    /// 1 when the tip's centre is within target radius + tip radius, else 0.
    case sparse
    /// tolerance(distance, (0, target radius), margin target radius, gaussian) × (4 + mean(1 − u²))/5.
    case smoothWithControlCost
  }

  /// Where each episode puts the target.
  public enum Placement: Sendable {
    /// Where the model file puts it.
    case fixed
    /// At a uniformly random angle and a radius uniform in [inner, outer] (metres) around the origin.
    case annulus(inner: Double, outer: Double)
  }

  /// What the observation holds.
  public enum Observation: Sendable {
    /// position (qpos), to_target (target − tip, x and y), velocity (qvel).
    case jointsAndTarget
    /// position (qpos), velocity (qvel).
    case jointsOnly
  }

  public let name: String
  public let timeLimit: Double
  public let controlTimestep: Double? = nil
  public let observationLayout: [ObservationField]
  let tip: ModelObject
  let target: Int
  let targetRadius: Double
  let tipRadius: Double
  let reward: Reward
  let placement: Placement
  let observation: Observation
  /// The target's current world position (moved each episode by `.annulus`).
  public var targetPosition: Vector3

  public init(
    name: String, model: BodyModel, tip tipName: String, target targetName: String = "target",
    targetRadius: Double? = nil, reward: Reward, placement: Placement, observation: Observation,
    timeLimit: Double = 20
  ) throws {
    var names = NameResolver(model: model, task: name)
    tip = names.point(tipName)
    target = names.geom(targetName)
    try names.finish()
    guard model.geoms[target].body == 0 else {
      throw EnvironmentError.invalidTask("\(model.file): task '\(name)' needs geom '\(targetName)' in the world body")
    }
    func radius(_ shape: Shape) -> Double {
      switch shape {
      case .sphere(let r), .capsule(let r, _), .cylinder(let r, _): return r
      case .box(let h): return h.min()
      case .plane: return 0
      }
    }
    self.name = name
    self.targetRadius = targetRadius ?? radius(model.geoms[target].shape)
    switch tip {
    case .geom(let g): tipRadius = radius(model.geoms[g].shape)
    case .site(let s): tipRadius = model.sites[s].radius
    case .body: tipRadius = 0
    }
    guard self.targetRadius > 0 else {
      throw EnvironmentError.invalidTask("\(model.file): task '\(name)': the target radius must be positive")
    }
    self.reward = reward
    self.placement = placement
    self.observation = observation
    self.timeLimit = timeLimit
    targetPosition = model.geoms[target].pose.position
    let n = model.positionCount, v = model.velocityCount
    switch observation {
    case .jointsAndTarget:
      observationLayout = EnvironmentSpec.layout([("position", n), ("to_target", 2), ("velocity", v)])
    case .jointsOnly:
      observationLayout = EnvironmentSpec.layout([("position", n), ("velocity", v)])
    }
  }

  /// The target's position.
  public var state: [Double] {
    get { [targetPosition.x, targetPosition.y, targetPosition.z] }
    set { targetPosition = Vector3(newValue[0], newValue[1], newValue[2]) }
  }

  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    try randomizeLimitedAndRotationalJoints(simulation, random: &random)
    if case .annulus(let inner, let outer) = placement {
      let angle = random.nextDouble(low: 0, high: 2 * Double.pi)
      let radius = random.nextDouble(low: inner, high: outer)
      targetPosition = Vector3(radius * sin(angle), radius * cos(angle), targetPosition.z)
    }
  }

  /// The tip's world position.
  public func tipPosition(_ simulation: Simulation) -> Vector3 {
    simulation.objectPose(tip).position
  }

  public func observe(_ simulation: Simulation, into values: inout [Float]) {
    var k = 0
    for q in simulation.qpos {
      values[k] = Float(q)
      k += 1
    }
    if case .jointsAndTarget = observation {
      let offset = targetPosition - tipPosition(simulation)
      values[k] = Float(offset.x)
      values[k + 1] = Float(offset.y)
      k += 2
    }
    for v in simulation.qvel {
      values[k] = Float(v)
      k += 1
    }
  }

  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let distance = (targetPosition - tipPosition(simulation)).length
    switch reward {
    case .sparse:
      return tolerance(distance, bounds: (0, targetRadius + tipRadius))
    case .smoothWithControlCost:
      let near = tolerance(distance, bounds: (0, targetRadius), margin: targetRadius)
      return near * (smallControl(action) + 4) / 5
    }
  }
}
