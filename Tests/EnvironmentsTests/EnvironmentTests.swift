import Foundation
import Physics
import Randomness
import Testing
import TestSupport
@testable import Environments

@Suite struct EnvironmentTests {
  @Test func specsMatchTheSuiteTable() throws {
    let expected: [String: (obs: Int, act: Int, substeps: Int)] = [
      "reacher-easy": (6, 2, 1), "walker-walk": (24, 6, 10), "cheetah-run": (17, 6, 1),
      "hopper-hop": (15, 4, 4), "cartpole-swingup": (5, 1, 1), "pendulum-swingup": (3, 1, 1),
      "point_mass-easy": (4, 2, 1),
    ]
    for (name, figures) in expected {
      let spec = try Models.environment(name).spec
      #expect(spec.observationSize == figures.obs, "\(name)")
      #expect(spec.actionSize == figures.act, "\(name)")
      #expect(spec.substeps == figures.substeps, "\(name)")
      #expect(spec.actionLow.allSatisfy { $0 == -1 } && spec.actionHigh.allSatisfy { $0 == 1 })
    }
    let walker = try Models.environment("walker-walk").spec
    #expect(walker.observation.map(\.name) == ["orientations", "height", "velocity"])
    #expect(walker.field("height") == ObservationField(name: "height", offset: 14, count: 1))
  }

  @Test func badActionsAreRejected() throws {
    let environment = try Models.environment("reacher-easy")
    #expect(throws: EnvironmentError.notReset) { try environment.step([0, 0]) }
    try environment.reset(seed: 0)
    #expect(throws: EnvironmentError.self) { try environment.step([0]) }
    #expect(throws: EnvironmentError.self) { try environment.step([0, .nan]) }
    #expect(throws: EnvironmentError.self) { try environment.step([.infinity, 0]) }
  }

  @Test func outOfRangeActionsAreClippedWhenApplied() throws {
    let a = try Models.environment("pendulum-swingup"), b = try Models.environment("pendulum-swingup")
    try a.reset(seed: 4)
    try b.reset(seed: 4)
    for _ in 0..<20 {
      #expect(try a.step([7]).observation == b.step([1]).observation)
    }
  }

  @Test func aDivergingSimulationEndsTheEpisodeAsTruncated() throws {
    let environment = try Models.environment("walker-walk")
    var warnings = [String]()
    environment.warn = { warnings.append($0) }
    try environment.reset(seed: 0)
    var qvel = [Double](repeating: 0, count: 9)
    qvel[1] = 2e6  // an absurd forward speed: the physics layer refuses to step it
    try environment.simulation.setState(qpos: environment.simulation.qpos, qvel: qvel)
    let result = try environment.step([Float](repeating: 0, count: 6))
    #expect(result.truncated && !result.terminated)
    #expect(result.reward == 0)
    #expect(result.observation.allSatisfy { $0.isFinite })
    #expect(result.divergence != nil)
    #expect(environment.divergenceCount == 1)
    #expect(warnings.count == 1 && warnings[0].contains("diverged"))
    #expect(throws: EnvironmentError.notReset) { try environment.step([Float](repeating: 0, count: 6)) }
    try environment.reset(seed: 1)
    #expect(try environment.step([Float](repeating: 0, count: 6)).divergence == nil)
    // A joint faster than the limit (but not absurd for the physics) is named, with every speed.
    try environment.reset(seed: 2)
    qvel = [Double](repeating: 0, count: 9)
    qvel[0] = 1500  // the torso thrown forward by hand
    try environment.simulation.setState(qpos: environment.simulation.qpos, qvel: qvel)
    let fast = try environment.step([Float](repeating: 0, count: 6))
    let message = try #require(fast.divergence)
    let named = message.split(separator: "'").dropFirst().first.map(String.init)
    #expect(named.map { name in environment.simulation.model.joints.contains { $0.name == name } } == true, "\(message)")
    #expect(message.components(separatedBy: "speeds ").last?.split(separator: " ").count == 9)
  }

  /// A diverged episode is handed over as its reset seed and actions, and replaying them in a new
  /// environment diverges again at the same step with the same report. (The limit is lowered so
  /// that a vigorous cartpole episode "diverges".) An episode continued from a restored state has
  /// no known start and is not handed over.
  @Test func aDivergedEpisodeCanBeReplayed() throws {
    let environment = try Models.environment("cartpole-swingup")
    environment.warn = { _ in }
    environment.divergenceSpeed = 2
    var records = [DivergenceRecord]()
    environment.recordDivergence = { records.append($0) }
    try environment.reset(seed: 4)
    var random = RandomGenerator(seed: 9)
    var steps = 0
    while steps < 1000 {
      steps += 1
      let result = try environment.step([Float(random.nextDouble(low: -1, high: 1)) > 0 ? 1 : -1])
      if result.divergence != nil { break }
    }
    let record = try #require(records.first)
    #expect(record.actions.count == steps && record.seed == 4 && record.task == "cartpole-swingup")
    let again = try Models.environment("cartpole-swingup")
    again.warn = { _ in }
    again.divergenceSpeed = 2
    #expect(try record.replay(in: again) == record.message)
    // Continued from a restored state: no record.
    try environment.reset(seed: 4)
    let saved = environment.saveState()
    try environment.restore(saved)
    for action in record.actions { _ = try? environment.step(action) }
    #expect(records.count == 1)
  }

  @Test func cheetahSettlesBeforeTheEpisodeStarts() throws {
    let environment = try Models.environment("cheetah-run")
    try environment.reset(seed: 0)
    #expect(environment.simulation.time == 0)
    #expect(environment.simulation.qvel.map(abs).max()! < 0.5, "settled: \(environment.simulation.qvel)")
  }

  @Test func unknownTasksSuggestTheClosestNames() {
    do {
      _ = try Suite.environment("walker-wlak", modelsFolder: Models.folder)
      Issue.record("accepted")
    } catch {
      #expect("\(error)".contains("did you mean walker-walk"), "\(error)")
    }
    #expect(Suite.closestNames(to: "cheeta-run", among: Suite.names).first == "cheetah-run")
  }
}
