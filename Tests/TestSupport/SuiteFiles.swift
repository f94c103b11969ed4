import Foundation
import Physics
import Environments

/// The suite's model files and tasks, loaded from the repository's models/ folder.
public enum Models {
  /// The models folder.
  public static var folder: String { RepositoryPaths.models }

  /// The suite's model names (models/NAME.xml).
  public static let names = [
    "pendulum", "cartpole", "point_mass", "reacher", "walker", "hopper", "cheetah", "humanoid", "acrobot",
    "cartpole_two_poles", "cartpole_three_poles", "ball_in_cup", "finger", "swimmer6", "swimmer15", "fish", "quadruped", "manipulator", "bipedal_walker",
  ]

  /// A model file of the suite, loaded.
  public static func load(_ name: String) throws -> BodyModel {
    try BodyModel(contentsOf: RepositoryPaths.model(name))
  }

  /// A suite task's environment with warnings silenced.
  public static func environment(_ name: String) throws -> Environment {
    let environment = try Suite.environment(name, modelsFolder: folder)
    environment.warn = { _ in }
    return environment
  }
}
