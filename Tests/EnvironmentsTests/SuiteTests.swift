import Foundation
import Physics
import Randomness
import Testing
import TestSupport
@testable import Environments

/// One generic test over every task, the dm_control way.
@Suite struct SuiteTests {
  @Test(arguments: Suite.names)
  func everyTaskKeepsTheEnvironmentContract(name: String) throws {
    let environment = try Models.environment(name)
    let spec = environment.spec
    #expect(spec.episodeSteps == 1000)
    var generator = RandomGenerator(seed: 5)
    var first = try environment.reset(seed: 1)
    #expect(first.count == spec.observationSize)
    var trajectory = [first]
    var steps = 0
    while true {
      let action = (0..<spec.actionSize).map { _ in Float(generator.nextDouble(low: -1, high: 1)) }
      let result = try environment.step(action)
      steps += 1
      #expect(result.observation.count == spec.observationSize)
      #expect(result.observation.allSatisfy { $0.isFinite })
      #expect(result.reward >= 0 && result.reward <= 1, "\(name) reward \(result.reward)")
      #expect(!result.terminated)
      #expect(result.divergence == nil, "\(name): \(result.divergence ?? "")")
      trajectory.append(result.observation)
      if result.truncated { break }
      if steps > 1000 { break }
    }
    #expect(steps == 1000, "\(name) episode lasted \(steps) steps")
    // Same seed, same actions: the same trajectory bit for bit.
    generator = RandomGenerator(seed: 5)
    first = try environment.reset(seed: 1)
    #expect(first == trajectory[0])
    for k in 1...50 {
      let action = (0..<spec.actionSize).map { _ in Float(generator.nextDouble(low: -1, high: 1)) }
      #expect(try environment.step(action).observation == trajectory[k], "\(name) differs at step \(k)")
    }
    // Different seeds: different initial states.
    #expect(try environment.reset(seed: 2) != trajectory[0])
  }
}
