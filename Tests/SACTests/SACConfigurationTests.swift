import Foundation
import SAC
import Testing
import TestSupport

/// The hyperparameter struct: spec defaults, JSON round trip, tolerant decoding, validation.
struct SACConfigurationTests {
  @Test func defaultsMatchTheSpec() {
    let configuration = SACConfiguration()
    #expect(configuration.hiddenSizes == [256, 256])
    #expect(configuration.actorLearningRate == 3e-4)
    #expect(configuration.criticLearningRate == 3e-4)
    #expect(configuration.alphaLearningRate == 3e-4)
    #expect(configuration.adamBeta1 == 0.9 && configuration.adamBeta2 == 0.999)
    #expect(configuration.adamEpsilon == 1e-8)
    #expect(configuration.batchSize == 256)
    #expect(configuration.gamma == 0.99 && configuration.tau == 0.005)
    #expect(configuration.replayCapacity == 1_000_000)
    #expect(configuration.learningStarts == 5_000 && configuration.updatesPerStep == 1)
    #expect(configuration.initialAlpha == 1 && configuration.autotuneAlpha)
    #expect(configuration.targetEntropy == nil)
    #expect(configuration.resolvedTargetEntropy(actionSize: 6) == -6)
    #expect(configuration.logStdMin == -20 && configuration.logStdMax == 2)
    #expect(configuration.problems().isEmpty)
  }

  @Test func roundTripsThroughJSONAndFillsMissingFields() throws {
    var configuration = SACConfiguration()
    configuration.hiddenSizes = [64]
    configuration.targetEntropy = -3
    let decoded = try JSONDecoder().decode(
      SACConfiguration.self, from: JSONEncoder().encode(configuration))
    #expect(decoded == configuration)
    let partial = try JSONDecoder().decode(
      SACConfiguration.self, from: Data(#"{"batchSize": 32}"#.utf8))
    var expected = SACConfiguration()
    expected.batchSize = 32
    #expect(partial == expected)
  }

  @Test func reportsInvalidValues() {
    var configuration = SACConfiguration()
    configuration.gamma = 1
    configuration.batchSize = 0
    configuration.logStdMin = 3
    #expect(configuration.problems().count == 3)
  }
}
