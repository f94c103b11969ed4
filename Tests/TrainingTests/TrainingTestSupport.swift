import Foundation
import SAC
import TestSupport
@testable import Training

enum Fixtures {
  static var models: String { RepositoryPaths.models }

  /// A fresh temporary folder.
  static func folder(_ name: String) -> String { RepositoryPaths.temporaryPath(name) }

  /// A small, fast configuration on point_mass-easy.
  static func tiny(task: String = "point_mass-easy", steps: Int = 600, seed: UInt64 = 1) -> RunConfiguration {
    var configuration = RunConfiguration(task: task, modelsFolder: models)
    configuration.seed = seed
    configuration.steps = steps
    configuration.evalEvery = 300
    configuration.evalEpisodes = 1
    configuration.checkpointEvery = 400
    configuration.logEvery = 100
    configuration.threads = 1
    configuration.sac.hiddenSizes = [16, 16]
    configuration.sac.batchSize = 16
    configuration.sac.learningStarts = 200
    configuration.sac.replayCapacity = 5_000
    return configuration
  }
}
