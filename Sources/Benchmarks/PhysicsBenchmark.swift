import Physics
import Foundation

/// `odessa bench physics`: the chain scene stepped through the Physics API and through raw ODE
/// calls, alternately in the same run, and the ratio of their rates.
package enum PhysicsBenchmark {
  /// The figures of one benchmark run.
  package struct Result: Codable, Sendable {
    package var benchmark = "physics"
    package var scene: String
    package var timestep: Double
    /// Physics steps per second through Odessa's World API.
    package var apiStepsPerSecond: Double
    /// Physics steps per second through direct ODE C calls.
    package var rawStepsPerSecond: Double
    /// apiStepsPerSecond / rawStepsPerSecond (1 means the Swift layer is free).
    package var ratio: Double
    /// The Swift layer's cost in percent of raw step time: (raw rate / api rate − 1) × 100.
    package var overheadPercent: Double
    /// Mean number of contact points per step during the timed API steps.
    package var meanContactsPerStep: Double
    /// Whether both implementations produced bit-identical link positions after 2,000 steps.
    package var trajectoriesMatch: Bool
    package var stepsTimed: Int


    /// The figures as one line of JSON.
    package func jsonLine() throws -> String {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
  }

  /// Runs both loops for `secondsPerLoop` each, interleaved in rounds to share any drift of the
  /// machine's speed, and returns their rates.
  package static func run(secondsPerLoop: Double = 2, scene: ChainScene = ChainScene()) throws -> Result {
    let match = try trajectoriesMatch(scene: scene, steps: 2000)
    let rounds = 4
    var apiSteps = 0, rawSteps = 0, contactCount = 0
    var apiTime = 0.0, rawTime = 0.0
    let episodeSteps = 4000
    for _ in 0..<rounds {
      let budget = secondsPerLoop / Double(rounds)
      // Raw ODE loop.
      var elapsed = 0.0
      while elapsed < budget {
        let raw = RawODEChain(scene: scene)
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<episodeSteps { raw.step() }
        elapsed += seconds(since: start)
        rawSteps += episodeSteps
      }
      rawTime += elapsed
      // Physics API loop.
      elapsed = 0
      while elapsed < budget {
        let world = try scene.makeWorld()
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<episodeSteps {
          try world.step()
          contactCount += world.contacts.count
        }
        elapsed += seconds(since: start)
        apiSteps += episodeSteps
      }
      apiTime += elapsed
    }
    let apiRate = Double(apiSteps) / apiTime
    let rawRate = Double(rawSteps) / rawTime
    return Result(
      scene: "\(scene.links)-capsule hinged chain falling onto a plane",
      timestep: scene.timestep, apiStepsPerSecond: apiRate, rawStepsPerSecond: rawRate,
      ratio: apiRate / rawRate, overheadPercent: (rawRate / apiRate - 1) * 100,
      meanContactsPerStep: Double(contactCount) / Double(apiSteps),
      trajectoriesMatch: match, stepsTimed: apiSteps + rawSteps)
  }

  /// Steps both implementations and compares the links' positions bit for bit.
  package static func trajectoriesMatch(scene: ChainScene, steps: Int) throws -> Bool {
    let raw = RawODEChain(scene: scene)
    let world = try scene.makeWorld()
    for _ in 0..<steps {
      raw.step()
      try world.step()
    }
    let apiPositions = world.bodies.flatMap { body -> [Double] in
      let p = body.centerOfMass
      return [p.x, p.y, p.z]
    }
    return apiPositions == raw.positions
  }

  private static func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }
}
