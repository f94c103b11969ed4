import Foundation
import Physics
import Randomness

/// Reacher (dm_control's reacher domain): a two-link planar arm (models/reacher.xml). Put the
/// fingertip on a target placed at random each episode; the reward is sparse.
///
/// The `reach` family for user models is this task with the tip "fingertip" and the numbers
/// from the model file.
public final class Reacher: Task, SuiteDomain {
  /// Target radii of reacher-easy and reacher-hard (metres).
  public static let bigTarget = 0.05
  /// Target radius of reacher-hard (metres).
  public static let smallTarget = 0.015
  /// The target is placed at a uniformly random angle and a radius uniform in this range (m).
  public static let targetDistance = 0.05...0.20
  /// Seconds per episode (one physics step of 0.02 s per environment step).
  public static let timeLimit = 20.0

  /// The model file's name in the models folder, without ".xml".
  public static let model = "reacher"
  /// reacher-easy (big target) and reacher-hard (small target).
  public static var tasks: [Suite.Entry] {
    [
      Suite.Entry("reacher-easy", model: model) { try Reacher(model: $0, name: "reacher-easy", targetRadius: bigTarget) },
      Suite.Entry("reacher-hard", model: model) { try Reacher(model: $0, name: "reacher-hard", targetRadius: smallTarget) },
    ]
  }

  /// The task's name, e.g. "reacher-easy".
  public let name: String
  /// nil: one physics step per environment step.
  public let controlTimestep: Double? = nil
  /// Seconds per episode.
  public let timeLimit: Double
  let tip: ModelObject
  let tipRadius: Double
  let targetRadius: Double
  /// Where episodes put the target; nil keeps the model file's place.
  let targetDistance: ClosedRange<Double>?
  /// The target's current world position (metres).
  var targetPosition: Vector3

  /// A reaching task on `model`: the geom or site `tip` to the world geom `target`.
  /// `targetRadius` nil takes the target geom's own size.
  public init(
    model: BodyModel, name: String, tip tipName: String = "finger", targetRadius: Double?,
    targetDistance: ClosedRange<Double>? = Reacher.targetDistance, timeLimit: Double = Reacher.timeLimit
  ) throws {
    var names = NameResolver(model: model, task: name)
    tip = names.point(tipName)
    let target = names.geom("target")
    try names.finish()
    guard model.geoms[target].body == 0 else {
      throw EnvironmentError.invalidTask("\(model.file): task '\(name)' needs geom 'target' in the world body")
    }
    self.name = name
    self.targetRadius = targetRadius ?? radius(of: model.geoms[target].shape)
    switch tip {
    case .geom(let g): tipRadius = radius(of: model.geoms[g].shape)
    case .site(let s): tipRadius = model.sites[s].radius
    case .body: tipRadius = 0
    }
    guard self.targetRadius > 0 else {
      throw EnvironmentError.invalidTask("\(model.file): task '\(name)': the target radius must be positive")
    }
    self.targetDistance = targetDistance
    self.timeLimit = timeLimit
    targetPosition = model.geoms[target].pose.position
  }

  /// The target's position, saved with the episode.
  public var state: [Double] {
    get { [targetPosition.x, targetPosition.y, targetPosition.z] }
    set { targetPosition = Vector3(newValue[0], newValue[1], newValue[2]) }
  }

  /// The target at its current position, with its radius.
  public func target(_ simulation: Simulation) -> TaskTarget? {
    TaskTarget(position: targetPosition, radius: targetRadius)
  }

  /// From above: the arm moves in the x–y plane.
  public var cameraView: CameraView { .top }

  // Readouts.

  /// The fingertip's world position.
  func fingerPosition(_ simulation: Simulation) -> Vector3 { simulation.objectPose(tip).position }
  /// Target minus fingertip.
  func fingerToTarget(_ simulation: Simulation) -> Vector3 { targetPosition - fingerPosition(simulation) }

  /// Joints randomised (dm_control's randomiser), then the target placed.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    try randomizeLimitedAndRotationalJoints(simulation, random: &random)
    if let targetDistance {
      let angle = random.nextDouble(low: 0, high: 2 * Double.pi)
      let radius = random.nextDouble(low: targetDistance.lowerBound, high: targetDistance.upperBound)
      targetPosition = Vector3(radius * sin(angle), radius * cos(angle), targetPosition.z)
    }
  }

  /// position (qpos), to_target (x, y), velocity (qvel).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    observation.put("position", simulation.qpos)
    let toTarget = fingerToTarget(simulation)
    observation.put("to_target", toTarget.x)
    observation.put("to_target", toTarget.y)
    observation.put("velocity", simulation.qvel)
  }

  /// 1 when the fingertip's centre is within target radius + tip radius, else 0.
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    tolerance(fingerToTarget(simulation).length, bounds: (0, targetRadius + tipRadius))
  }
}
