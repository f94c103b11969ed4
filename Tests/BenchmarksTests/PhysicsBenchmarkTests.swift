import Testing
import Benchmarks
import TestSupport
@testable import Physics

@Suite struct PhysicsBenchmarkTests {
  /// The benchmark compares like with like only if both loops simulate the same thing.
  @Test func apiAndRawODEChainsFollowTheSameTrajectory() throws {
    #expect(try PhysicsBenchmark.trajectoriesMatch(scene: ChainScene(), steps: 1500))
  }

  @Test func resultPrintsAsOneJSONLine() throws {
    let result = try PhysicsBenchmark.run(secondsPerLoop: 0.2)
    let line = try result.jsonLine()
    #expect(!line.contains("\n"))
    #expect(line.hasPrefix("{") && line.contains("\"ratio\""))
    #expect(result.apiStepsPerSecond > 0 && result.rawStepsPerSecond > 0)
  }

  @Test func demoReportsTheChainAtRest() throws {
    let report = try PhysicsDemo.run(seconds: 2)
    #expect(report.contains("rests on the floor"))
  }
}
