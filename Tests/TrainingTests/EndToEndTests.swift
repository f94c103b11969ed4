import Foundation
import Randomness
import SAC
import Testing
import TestSupport
@testable import Environments
@testable import Training

/// End to end: the tool's training loop (`Trainer`) learns to drive the sliding mass to its
/// goal, on two seeds, in a CI budget.
struct EndToEndTests {
  static func configuration(seed: UInt64) -> RunConfiguration {
    var configuration = RunConfiguration(task: "sliding_mass")
    configuration.seed = seed
    configuration.steps = 4_000
    configuration.evalEpisodes = 10
    configuration.evalEvery = 4_000
    configuration.checkpointEvery = 4_000
    configuration.threads = 1
    configuration.saveReplayBuffer = false
    configuration.sac.hiddenSizes = [64, 64]
    configuration.sac.batchSize = 64
    configuration.sac.learningStarts = 500
    configuration.sac.replayCapacity = 20_000
    configuration.sac.actorLearningRate = 1e-3
    configuration.sac.criticLearningRate = 1e-3
    configuration.sac.alphaLearningRate = 1e-3
    return configuration
  }

  /// Mean return of uniformly random actions.
  static func randomPolicyReturn(episodes: Int, seed: UInt64) throws -> Double {
    let environment = try SlidingMass.environment()
    var generator = RandomGenerator(seed: seed)
    var total = 0.0
    for episode in 0..<episodes {
      try environment.reset(seed: seed &+ UInt64(episode))
      while true {
        let result = try environment.step([generator.nextUniform(low: -1, high: 1)])
        total += result.reward
        if result.truncated || result.terminated { break }
      }
    }
    return total / Double(episodes)
  }

  @Test(arguments: [UInt64(1), UInt64(2)])
  func learnsTheSlidingMass(seed: UInt64) throws {
    let folder = RepositoryPaths.temporaryPath("end-to-end")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let start = Date()
    let trainer = try Trainer.start(
      configuration: Self.configuration(seed: seed), run: RunDirectory(folder), force: false,
      makeEnvironment: { try SlidingMass.environment() })
    let summary = try trainer.train(display: .silent)
    let elapsed = Date().timeIntervalSince(start)
    let result = try #require(summary.lastEvaluation)
    let random = try Self.randomPolicyReturn(episodes: 50, seed: seed &+ 99)
    print("seed \(seed): deterministic return \(result.mean) ± \(result.standardDeviation)"
      + ", random \(random), \(trainer.learner.updateCount) updates in \(elapsed) s")
    // Random play scores about 6 and doing nothing about 9; a PD controller about 42.
    #expect(result.mean > 25)
    #expect(result.mean > 3 * random)
  }

  /// The first paper's learner (value network, temperature 1, reward scale 5) and the
  /// deterministic ablation (no entropy, Gaussian exploration noise) also learn it.
  @Test(arguments: [SACAlgorithm.sacV1, .deterministic])
  func theVariantsBeatRandomPlay(algorithm: SACAlgorithm) throws {
    let folder = RepositoryPaths.temporaryPath("end-to-end-\(algorithm.rawValue)")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var configuration = Self.configuration(seed: 1)
    configuration.sac.algorithm = algorithm
    configuration.sac.applyFirstPaperDefaults(task: "sliding_mass")
    let trainer = try Trainer.start(
      configuration: configuration, run: RunDirectory(folder), force: false,
      makeEnvironment: { try SlidingMass.environment() })
    let summary = try trainer.train(display: .silent)
    let result = try #require(summary.lastEvaluation)
    let random = try Self.randomPolicyReturn(episodes: 50, seed: 100)
    print("\(algorithm.rawValue): deterministic return \(result.mean) ± \(result.standardDeviation), random \(random)")
    #expect(result.mean > 3 * random)
  }
}
