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
    }
  }
}
