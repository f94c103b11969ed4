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
    [
      Suite.Entry("point_mass-easy", model: model) { try PointMass(model: $0, name: "point_mass-easy") },
      Suite.Entry("point_mass-hard", model: model) { try PointMass(model: $0, name: "point_mass-hard", hard: true) },
    ]
  }

  /// Whether each episode turns the two actuators' tendons to random directions (point_mass-hard).
  let hard: Bool
  /// The two actuated tendons, when `hard`.
  let tendons: [Int]
  /// The largest |cos| allowed between the two random push directions of the hard task.
  static let largestDirectionCosine = 0.9

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

  /// The point-mass task on `model` (a geom "pointmass" and a world geom "target"; `hard` also
  /// needs fixed tendons "t1" and "t2" over the two slides).
  public init(model: BodyModel, name: String, hard: Bool = false) throws {
    var names = NameResolver(model: model, task: name)
    mass = names.point("pointmass")
    let target = names.geom("target")
    tendons = hard ? [names.tendon("t1"), names.tendon("t2")] : []
    try names.finish()
    if hard, tendons.contains(where: { model.tendons[$0].isSpatial || model.tendons[$0].joints.count != 2 }) {
      throw EnvironmentError.invalidTask("\(model.file): task '\(name)': tendons t1 and t2 must be fixed, over two joints")
    }
    self.name = name
    self.hard = hard
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

  /// Joints randomised (dm_control's randomiser); in the hard task the two tendons then push
  /// along random unit directions, the second drawn again until |cos| between them ≤ 0.9.
  public func initializeEpisode(_ simulation: Simulation, random: inout RandomGenerator) throws {
    try randomizeLimitedAndRotationalJoints(simulation, random: &random)
    guard hard else { return }
    func direction() -> [Double] {
      while true {
        let x = random.nextGaussian(), y = random.nextGaussian()
        let length = (x * x + y * y).squareRoot()
        if length > 0 { return [x / length, y / length] }
      }
    }
    let first = direction()
    var second = direction()
    while abs(first[0] * second[0] + first[1] * second[1]) > Self.largestDirectionCosine { second = direction() }
    try simulation.setTendonCoefficients(tendons[0], first)
    try simulation.setTendonCoefficients(tendons[1], second)
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
