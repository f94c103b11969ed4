import Foundation
import Physics
import Randomness

/// Point mass (dm_control's point_mass domain): a ball driven by two motors in a walled plane
/// (models/point_mass.xml). Bring it to the target at the origin and stay there, with little
/// control effort.
public final class PointMass: Task, SuiteDomain {
  /// Seconds per episode (one physics step of 0.02 s per environment step).
  public static let timeLimit = 20.0

  /// The model file's name in the models folder, without ".xml".
  public static let model = "point_mass"
  /// point_mass-easy.
  public static var tasks: [Suite.Entry] {
    [Suite.Entry("point_mass-easy", model: model) { try PointMass(model: $0, name: "point_mass-easy") }]
  }

  /// The task's name, "point_mass-easy" in the suite.
  public let name: String
  /// nil: one physics step per environment step.
  public let controlTimestep: Double? = nil
  /// Seconds per episode, always `PointMass.timeLimit`.
  public let timeLimit: Double = PointMass.timeLimit
  let mass: ModelObject
  let targetPosition: Vector3
  /// The target geom's radius (metres).
  let targetRadius: Double

  /// The point-mass task on `model` (a geom "pointmass" and a world geom "target").
  public init(model: BodyModel, name: String) throws {
    var names = NameResolver(model: model, task: name)
    mass = names.point("pointmass")
    let target = names.geom("target")
    try names.finish()
    self.name = name
    targetPosition = model.geoms[target].pose.position
    targetRadius = radius(of: model.geoms[target].shape)
    guard targetRadius > 0 else {
      throw EnvironmentError.invalidTask("\(model.file): task '\(name)': the target radius must be positive")
    }
  }

  /// The target geom, fixed where the model puts it.
  public func target(_ simulation: Simulation) -> TaskTarget? {
    TaskTarget(position: targetPosition, radius: targetRadius)
  }

  /// From above: the mass moves in the x–y plane.
  public var cameraView: CameraView { .top }

  /// Distance from the mass's centre to the target's (metres).
  func massToTarget(_ simulation: Simulation) -> Double {
    (targetPosition - simulation.objectPose(mass).position).length
  }

  /// Joints randomised (dm_control's randomiser).
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    try randomizeLimitedAndRotationalJoints(simulation, random: &random)
  }

  /// position (qpos), velocity (qvel).
  public func observe(_ simulation: Simulation, into observation: inout Observation) {
    observation.put("position", simulation.qpos)
    observation.put("velocity", simulation.qvel)
  }

  /// near target · small control: tolerance(distance, (0, r), margin r) · (4 + mean(1 − u²)) / 5.
  public func reward(_ simulation: Simulation, action: [Double]) -> Double {
    let near = tolerance(massToTarget(simulation), bounds: (0, targetRadius), margin: targetRadius)
    return near * (smallControl(action) + 4) / 5
  }
}
