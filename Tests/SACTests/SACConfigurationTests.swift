import Foundation
import SAC
import Testing
import TestSupport

/// The hyperparameter struct: the papers' defaults, JSON round trip, tolerant decoding, validation.
struct SACConfigurationTests {
  @Test func defaultsMatchThePapers() {
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

/// Settings stated once: every help line shows the default and the allowed values, and
/// validation accepts exactly what the help text allows.
struct SettingTests {
  @Test func helpShowsDefaultAndRangeAndValidationAgrees() {
    let defaults = SACConfiguration()
    for setting in SACConfiguration.settings {
      let help = setting.help(defaults: defaults)
      if let value = setting.read(defaults) {
        #expect(help.contains("default \(setting.valueText(defaults))"), "\(help)")
        #expect(setting.range.contains(value), "--\(setting.flag)'s default must be allowed")
      }
      #expect(setting.problem(defaults) == nil)
      // Just outside each finite end is refused, with the flag's name; the end itself follows
      // the bracket the help text shows.
      for (end, included) in [(setting.range.lower, setting.range.lowerIncluded), (setting.range.upper, setting.range.upperIncluded)]
      where end.isFinite {
        var atEnd = defaults
        setting.write(&atEnd, end)
        #expect((setting.problem(atEnd) == nil) == included, "--\(setting.flag) at \(end)")
        var outside = defaults
        setting.write(&outside, end == setting.range.lower ? end - 1 : end + 1)
        #expect(setting.problem(outside)?.contains("--\(setting.flag)") == true)
      }
    }
  }

  @Test func gammaAndTauHaveTheRangesTheirHelpStates() {
    var configuration = SACConfiguration()
    configuration.gamma = 1
    #expect(configuration.problems().contains { $0.hasPrefix("--gamma must be in [0, 1)") })
    configuration = SACConfiguration()
    configuration.tau = 0
    #expect(configuration.problems().contains { $0.hasPrefix("--tau must be in (0, 1]") })
    configuration = SACConfiguration()
    configuration.actorLearningRate = -1
    configuration.targetEntropy = -3
    #expect(configuration.problems() == ["--actor-lr must be in (0, 1], got -1.0"])
  }
}
