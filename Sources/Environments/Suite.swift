import Foundation
import Physics

/// A domain of the suite: one model file and the tasks built on it, in one Swift file.
public protocol SuiteDomain {
  /// The model file's name in the models folder, without ".xml".
  static var model: String { get }
  /// The domain's tasks, in the order `odessa list` shows them.
  static var tasks: [Suite.Entry] { get }
}

/// The task suite (dm_control's tasks, ported): every domain, registered here once.
public enum Suite {
  /// Every domain, in the order `odessa list` shows them. Adding a domain is one line here.
  public static var domains: [any SuiteDomain.Type] {
    [
      Reacher.self, Walker.self, Cheetah.self, Hopper.self, Cartpole.self, Pendulum.self, PointMass.self, Humanoid.self, Acrobot.self, BallInCup.self, Finger.self, Swimmer.self, Fish.self, Quadruped.self, Manipulator.self, BipedalWalker.self,
    ]
  }

  /// One suite task: its name, its model file, and how to build it from the loaded model.
  public struct Entry: Sendable {
    /// The task's name, "domain-task".
    public var name: String
    /// The model file's name in the models folder, without ".xml".
    public var model: String
    let make: @Sendable (BodyModel) throws -> any Task

    /// A task called `name` on `model`, built by `make`.
    public init(_ name: String, model: String, make: @escaping @Sendable (BodyModel) throws -> any Task) {
      self.name = name
      self.model = model
      self.make = make
    }
  }

  /// Every suite task.
  public static var entries: [Entry] { domains.flatMap { $0.tasks } }

  /// The suite's task names.
  public static var names: [String] { entries.map(\.name) }

  /// Builds the environment of a suite task, reading its model from `modelsFolder`
  /// (`groupsHinges`, `jointCoordinates`: see `ModelOptions.groupsHinges` and
  /// `ModelOptions.stepsInJointCoordinates`).
  public static func environment(
    _ name: String, modelsFolder: String, groupsHinges: Bool = true, jointCoordinates: Bool = true
  ) throws -> Environment {
    guard let entry = entries.first(where: { $0.name == name }) else {
      let suggestions = closestNames(to: name, among: names)
      throw EnvironmentError.invalidTask(
        "unknown task '\(name)'" + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?")
          + " (`odessa list` shows every task)")
    }
    var model = try BodyModel(contentsOf: (modelsFolder as NSString).appendingPathComponent(entry.model + ".xml"))
    model.options.groupsHinges = groupsHinges
    model.options.stepsInJointCoordinates = jointCoordinates
    return try Environment(task: entry.make(model), model: model)
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
