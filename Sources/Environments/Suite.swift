import Foundation
import Physics

/// The task suite (dm_control's tasks, ported) and the task families a new model can use.
public enum Suite {
  /// One suite task: its name, its model file, and how to build it from the loaded model.
  public struct Entry: Sendable {
    public var name: String
    /// The model file's name in the models folder, without ".xml".
    public var model: String
    let make: @Sendable (BodyModel) throws -> any Task
  }

  /// Every suite task, in the order `odessa list` shows them.
  public static let entries: [Entry] = [
    Entry(name: "reacher-easy", model: "reacher") { try reacher($0, name: "reacher-easy", radius: 0.05) },
    Entry(name: "reacher-hard", model: "reacher") { try reacher($0, name: "reacher-hard", radius: 0.015) },
    Entry(name: "walker-stand", model: "walker") { try walker($0, name: "walker-stand", speed: 0) },
    Entry(name: "walker-walk", model: "walker") { try walker($0, name: "walker-walk", speed: 1) },
    Entry(name: "walker-run", model: "walker") { try walker($0, name: "walker-run", speed: 8) },
    Entry(name: "cheetah-run", model: "cheetah") {
      try LocomotionTask(
        name: "cheetah-run", model: $0, reward: .move(speed: 10), observation: .positions(touchSites: []),
        start: .randomizeLimitedThenSettle(seconds: 2), controlTimestep: nil, timeLimit: 10)
    },
    Entry(name: "hopper-stand", model: "hopper") { try hopper($0, name: "hopper-stand", speed: nil) },
    Entry(name: "hopper-hop", model: "hopper") { try hopper($0, name: "hopper-hop", speed: 2) },
    Entry(name: "cartpole-balance", model: "cartpole") { try cartpole($0, name: "cartpole-balance", start: .nearlyUpright) },
    Entry(name: "cartpole-swingup", model: "cartpole") { try cartpole($0, name: "cartpole-swingup", start: .hanging) },
    Entry(name: "pendulum-swingup", model: "pendulum") {
      try PoleTask(
        name: "pendulum-swingup", model: $0, pole: "pole", hinge: "hinge", slider: nil,
        reward: .upright(angle: 8 * Double.pi / 180), start: .anyAngle, timeLimit: 20)
    },
    Entry(name: "point_mass-easy", model: "point_mass") {
      try ReachTask(
        name: "point_mass-easy", model: $0, tip: "pointmass", reward: .smoothWithControlCost,
        placement: .fixed, observation: .jointsOnly)
    },
  ]

  /// The suite's task names.
  public static var names: [String] { entries.map(\.name) }

  /// Builds the environment of a suite task, reading its model from `modelsFolder`.
  public static func environment(_ name: String, modelsFolder: String) throws -> Environment {
    guard let entry = entries.first(where: { $0.name == name }) else {
      let suggestions = closestNames(to: name, among: names)
      throw EnvironmentError.invalidTask(
        "unknown task '\(name)'" + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?")
          + " (`odessa list` shows every task)")
    }
    let model = try BodyModel(contentsOf: (modelsFolder as NSString).appendingPathComponent(entry.model + ".xml"))
    return try Environment(task: entry.make(model), model: model)
  }

  static func reacher(_ model: BodyModel, name: String, radius: Double) throws -> any Task {
    try ReachTask(
      name: name, model: model, tip: "finger", targetRadius: radius, reward: .sparse,
      placement: .annulus(inner: 0.05, outer: 0.20), observation: .jointsAndTarget)
  }

  static func walker(_ model: BodyModel, name: String, speed: Double) throws -> any Task {
    try LocomotionTask(
      name: name, model: model, reward: .standAndMove(standHeight: 1.2, speed: speed),
      observation: .orientations, start: .randomizeJoints, controlTimestep: 0.025, timeLimit: 25)
  }

  static func hopper(_ model: BodyModel, name: String, speed: Double?) throws -> any Task {
    try LocomotionTask(
      name: name, model: model, reward: .standAboveFoot(foot: "foot", heights: 0.6...2, speed: speed),
      observation: .positions(touchSites: ["touch_toe", "touch_heel"]), start: .randomizeJoints,
      controlTimestep: 0.02, timeLimit: 20)
  }

  static func cartpole(_ model: BodyModel, name: String, start: PoleTask.Start) throws -> any Task {
    try PoleTask(
      name: name, model: model, pole: "pole_1", hinge: "hinge_1", slider: "slider", reward: .smooth,
      start: start, timeLimit: 10)
  }

  /// Names within a small edit distance of `name`, best first (at most three).
  public static func closestNames(to name: String, among candidates: [String]) -> [String] {
    let scored = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
    let limit = max(2, name.count / 3)
    return scored.filter { $0.1 <= limit || $0.0.hasPrefix(name) || name.hasPrefix($0.0) }
      .sorted { $0.1 < $1.1 }.prefix(3).map(\.0)
  }

  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...max(b.count, 1) where !b.isEmpty {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
  }
}
