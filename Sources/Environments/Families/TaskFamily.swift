import Foundation
import Physics

/// The task families a user's own model can be trained with (`--model FILE --task FAMILY`),
/// without writing Swift. Each family says which names the model must have; numbers come from
/// `<custom><numeric>` elements, with defaults.
public enum TaskFamily: String, CaseIterable, Sendable {
  /// Bring the geom or site "fingertip" to the world geom "target" (sparse reward).
  /// Numerics: `target_radius` (default: the target's size), `target_distance_min`,
  /// `target_distance_max` (target placed at random between them; default: where the file puts
  /// it), `time_limit` (20 s).
  case reach
  /// Keep body "torso" above `stand_height` (default 0.8 × its initial height) and upright, and
  /// move forward at `move_speed` (default 1 m/s; 0 to just stand). Numerics also:
  /// `control_timestep` (default: the model's timestep), `time_limit` (25 s).
  case locomotion
  /// Swing body "pole" on hinge "hinge" up from hanging (a slide joint "slider", if present,
  /// moves a cart under it) and keep it upright. Numeric: `time_limit` (20 s).
  case swingup
  /// Keep body "pole" on hinge "hinge" upright from a nearly upright start (cart optional).
  /// Numeric: `time_limit` (10 s).
  case balance

  /// What the family needs, for help texts.
  public var requirements: String {
    switch self {
    case .reach: return "a geom or site 'fingertip' and a world geom 'target'"
    case .locomotion: return "a body 'torso'"
    case .swingup, .balance: return "a body 'pole' with a hinge joint 'hinge' (optional slide joint 'slider')"
    }
  }

  /// Builds this family's task for `model` from the suite's task types; throws listing every
  /// missing name.
  public func makeTask(model: BodyModel) throws -> any Task {
    let name = "\(model.name.isEmpty ? "model" : model.name)-\(rawValue)"
    switch self {
    case .reach:
      let inner = try numeric(model, "target_distance_min", default: -1)
      let outer = try numeric(model, "target_distance_max", default: -1)
      let given = (model.numerics["target_distance_min"] != nil, model.numerics["target_distance_max"] != nil)
      guard given.0 == given.1, !given.0 || (inner >= 0 && outer > inner && outer.isFinite) else {
        throw EnvironmentError.invalidTask(
          "\(model.file): <numeric> target_distance_min and target_distance_max must be given together, "
            + "with 0 ≤ min < max (metres)")
      }
      let radius = try numeric(model, "target_radius", default: 0)
      guard model.numerics["target_radius"] == nil || (radius > 0 && radius.isFinite) else {
        throw EnvironmentError.invalidTask(
          "\(model.file): <numeric name=\"target_radius\"> must be a positive number of metres, got \(radius)")
      }
      return try Reacher(
        model: model, name: name, tip: "fingertip", targetRadius: radius > 0 ? radius : nil,
        targetDistance: given.0 ? inner...outer : nil,
        timeLimit: try numeric(model, "time_limit", default: 20))
    case .locomotion:
      guard let torso = model.bodyIndex("torso") else {
        throw EnvironmentError.invalidTask("\(model.file): task '\(name)' needs body 'torso', which the model lacks")
      }
      var height = 0.0
      var b = torso
      while b != 0 {
        height += model.bodies[b].pose.position.z
        b = model.bodies[b].parent
      }
      return try Walker(
        model: model, name: name, moveSpeed: try numeric(model, "move_speed", default: 1),
        standHeight: try numeric(model, "stand_height", default: 0.8 * height),
        controlTimestep: try numeric(model, "control_timestep", default: model.options.timestep),
        timeLimit: try numeric(model, "time_limit", default: 25))
    case .swingup where model.jointIndex("slider") == nil:
      return try Pendulum(model: model, name: name, timeLimit: try numeric(model, "time_limit", default: 20))
    case .swingup, .balance:
      return try Cartpole(
        model: model, name: name, swingUp: self == .swingup, poles: ["pole"], hinges: ["hinge"],
        slider: model.jointIndex("slider").map { _ in "slider" },
        timeLimit: try numeric(model, "time_limit", default: self == .swingup ? 20 : 10))
    }
  }

  /// Builds the environment for a model file and a family name (`groupsHinges`,
  /// `jointCoordinates`: see `ModelOptions.groupsHinges` and `stepsInJointCoordinates`).
  public static func environment(
    modelFile: String, family: String, groupsHinges: Bool = true, jointCoordinates: Bool = true
  ) throws -> Environment {
    guard let value = TaskFamily(rawValue: family) else {
      throw EnvironmentError.invalidTask(
        "unknown task family '\(family)'; families: " + allCases.map(\.rawValue).joined(separator: ", "))
    }
    var model = try BodyModel(contentsOf: modelFile)
    model.options.groupsHinges = groupsHinges
    model.options.stepsInJointCoordinates = jointCoordinates
    return try Environment(task: value.makeTask(model: model), model: model)
  }
}
