import Foundation
import Randomness
import Testing
import TestSupport
@testable import Physics

@Suite struct ModelCheckTests {
  /// Every model file in models/ passes the check a user runs first.
  @Test func everyModelFilePassesTheCheck() throws {
    let files = (FileManager.default.subpaths(atPath: SuiteModels.folder) ?? [])
      .filter { $0.hasSuffix(".xml") && !$0.hasPrefix("common/") }.sorted()
    #expect(files.count == SuiteModels.names.count + 1, "the suite's models and examples/arm3.xml: \(files)")
    for file in files {
      var generator = RandomGenerator(seed: 1)
      let check = try ModelCheck.run(path: SuiteModels.folder + "/" + file, steps: 1000, generator: &generator)
      #expect(check.passed, "\(file): \(check.rolloutFailure ?? "")")
      #expect(check.rolloutSteps == 1000)
      #expect(check.report.contains("random rollout: 1000 steps stayed finite"))
    }
  }

  @Test func reportListsBodiesJointsAndActuators() throws {
    var generator = RandomGenerator(seed: 2)
    let check = try ModelCheck.run(path: SuiteModels.folder + "/walker.xml", steps: 10, generator: &generator)
    let report = check.report
    #expect(report.contains("9 degrees of freedom"))
    #expect(report.contains("torso") && report.contains("10.6"))
    #expect(report.contains("right_knee: hinge on 'right_leg', range [-150.0°, 0.0°]"))
    #expect(report.contains("right_hip: motor on joint 'right_hip', gear 100.0, control [-1.0, 1.0]"))
  }
}
